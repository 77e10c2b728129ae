// Lesson videos: the player is fetched from its host only when the participant
// presses "Load video from …"; until then the page asks nothing of that host.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-video-load]");
    if (!button) {
      return;
    }
    var frame = button.closest("[data-video-src]");
    if (!frame || !frame.dataset.videoSrc) {
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.src = frame.dataset.videoSrc;
    iframe.title = frame.dataset.videoTitle || "";
    iframe.allow = "encrypted-media; picture-in-picture; fullscreen";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChildren(iframe);
    iframe.focus();
  });
})();
