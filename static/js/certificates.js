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
    var started = box.querySelector("[data-progress-started]");
    var counts = document.querySelectorAll("[data-certificate-count]");
    var workerMissing = document.querySelector("[data-worker-missing]");
    var failures = 0;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (run) {
          failures = 0;
          if (status && run.status_label) { status.textContent = run.status_label; }
          if (workerMissing) { workerMissing.hidden = run.worker !== "missing"; }
          counts.forEach(function (count) { count.textContent = run.certificates; });
          if (run.started) {
            // Until a worker takes the run there is nothing to count: the bar stays
            // indeterminate and the figures hidden, never "0 of 0" with a full bar.
            if (started) { started.hidden = false; }
            if (text) { text.textContent = run.done + " of " + run.total; }
            if (bar) {
              bar.max = Math.max(run.total, 1);
              bar.value = run.total ? run.done : 1;
              bar.textContent = run.done + " of " + run.total;
            }
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
