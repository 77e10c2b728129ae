// Courses: counts the indicators a reader ticks in a checklist. The page works without it.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines these; English when it is absent.
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
  };

  function update(section) {
    var boxes = section.querySelectorAll("input[type=checkbox]");
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
    var out = section.querySelector("[data-checklist-count]");
    if (!out) { return; }
    if (ticked === 0) {
      out.textContent = "";
    } else {
      var text = interpolate(
        ngettext(
          "%(ticked)s of %(total)s indicator ticked.",
          "%(ticked)s of %(total)s indicators ticked.",
          boxes.length
        ),
        { ticked: ticked, total: boxes.length },
        true
      );
      if (ticked > 1) {
        text += " " + gettext("Several indicators together call for a careful conversation and a referral.");
      }
      out.textContent = text;
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-checklist]").forEach(function (section) {
      section.addEventListener("change", function () { update(section); });
      update(section);
    });
  });
})();
