/* Cohorts: attendance taps saved with fetch() (the forms work without it), and printing. */
(function () {
  "use strict";

  // Django's JavaScript catalogue (/jsi18n/) gives gettext and interpolate;
  // without it the page speaks English.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (match, key) { return String(obj[key]); });
  };

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function updateTally(previous, current) {
    var tally = document.getElementById("tally");
    if (!tally || previous === current) return;
    [previous, current].forEach(function (status, i) {
      var el = tally.querySelector('[data-count="' + status + '"]');
      if (el) el.textContent = String(Math.max(0, parseInt(el.textContent, 10) + (i ? 1 : -1)));
    });
  }

  function setUpAttendance(list) {
    var live = document.getElementById("attendance-status");
    list.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-roll-form]");
      if (!form || !window.fetch) return;
      event.preventDefault();
      var button = form.querySelector("button[name=status]");
      var body = new FormData(form);
      body.set("status", button.value);
      button.classList.add("is-saving");
      fetch(form.action || window.location.href, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) }
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (data) {
        var previous = button.getAttribute("data-status") || "";
        button.className = "roll__button status--" + (data.status || "none");
        button.setAttribute("data-status", data.status);
        button.value = data.next;
        button.querySelector("[data-label]").textContent = data.label;
        var hint = button.querySelector(".visually-hidden");
        if (hint) hint.textContent = ", " + gettext("tap to change");
        var meta = form.querySelector("[data-meta]");
        if (meta) meta.textContent = data.method + " · " + data.marked_by + " · " + data.marked_at;
        updateTally(previous, data.status);
        if (live) {
          // Translators: read out after a tap, e.g. "Ana Pérez: Present".
          live.textContent = interpolate(gettext("%(name)s: %(status)s"), {
            name: button.querySelector(".roll__name").textContent, status: data.label
          }, true);
        }
      }).catch(function () {
        button.classList.remove("is-saving");
        button.classList.add("is-error");
        if (live) live.textContent = gettext("Not saved: check the connection and tap again.");
      }).then(function () {
        button.classList.remove("is-saving");
      });
    });
  }

  // The same key as the server's name_key(): lower case, no accents, single spaces.
  function nameKey(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function setUpNameFilter(input) {
    var list = document.querySelector(input.getAttribute("data-name-filter"));
    if (!list) return;
    var wrapper = input.closest("[data-filter-js-only]");
    if (wrapper) wrapper.hidden = false;
    var items = list.querySelectorAll("[data-name]");
    var countId = input.getAttribute("aria-describedby");
    var count = countId ? document.getElementById(countId) : null;
    var none = document.querySelector("[data-filter-none]");
    function apply() {
      var wanted = nameKey(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var match = item.getAttribute("data-name").indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (count) {
        var template = count.getAttribute("data-template") || "{shown} / {total}";
        count.textContent = wanted
          ? template.replace("{shown}", shown).replace("{total}", items.length) : "";
      }
      if (none) none.hidden = shown > 0 || !items.length;
    }
    input.addEventListener("input", apply);
    if (input.value) apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-name-filter]").forEach(setUpNameFilter);
    var list = document.querySelector("[data-attendance]");
    if (list) setUpAttendance(list);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
