// Certificates: follow the progress of an issue run without reloading by hand.
// The page works without this script (a reload shows the same figures).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("issue-progress");
    if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) {
      return;
    }
    var url = box.getAttribute("data-progress-url");
    var text = box.querySelector("[data-progress-text]");
    var status = box.querySelector("[data-progress-status]");
    var bar = box.querySelector("[data-progress-bar]");
    var failures = 0;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (run) {
          failures = 0;
          if (text) { text.textContent = run.done + " of " + run.total; }
          if (status && run.status_label) { status.textContent = run.status_label; }
          if (bar) {
            bar.max = Math.max(run.total, 1);
            bar.value = run.total ? run.done : 1;
            bar.textContent = run.done + " of " + run.total;
          }
          if (run.finished) {
            // The report of who was skipped and the downloads are on the page itself.
            window.location.reload();
          } else {
            window.setTimeout(poll, 1500);
          }
        })
        .catch(function () {
          failures += 1;
          if (failures < 5) { window.setTimeout(poll, 3000); }
        });
    }
    window.setTimeout(poll, 1000);
  });
})();
