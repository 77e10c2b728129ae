// Courses: counts the indicators a reader ticks in a checklist. The page works without it.
(function () {
  "use strict";
  function update(section) {
    var boxes = section.querySelectorAll("input[type=checkbox]");
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
    var out = section.querySelector("[data-checklist-count]");
    if (!out) { return; }
    if (ticked === 0) {
      out.textContent = "";
    } else {
      out.textContent = ticked + " of " + boxes.length + " indicators ticked." +
        (ticked > 1 ? " Several indicators together call for a careful conversation and a referral." : "");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-checklist]").forEach(function (section) {
      section.addEventListener("change", function () { update(section); });
      update(section);
    });
  });
})();
