// Certificates: follow the progress of an issue run without reloading by hand.
// The page works without this script (a reload shows the same figures).
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (match) { return String(obj[match.slice(2, -2)]); });
  };
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
            // Translators: progress of issuing certificates, for example "12 of 30".
            var progress = interpolate(gettext("%(done)s of %(total)s"), { done: run.done, total: run.total }, true);
            if (text) { text.textContent = progress; }
            if (bar) {
              bar.max = Math.max(run.total, 1);
              bar.value = run.total ? run.done : 1;
              bar.textContent = progress;
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
