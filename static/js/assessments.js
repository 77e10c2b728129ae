// Quiz-taking enhancements: autosave as the participant answers, a count of the
// questions answered, a countdown. The pages work without this file: a plain
// form sends every answer, and the check-before-submitting step is a page.
//
// Times come from the server only: the countdown starts from the seconds left
// the server printed and measures the time since with the page's monotonic
// clock (performance.now), and "saved at" shows the server's time of the save.
// The device's own clock and time zone are never read.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines these; English when it is absent.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
  };

  function answersOf(form) {
    var answers = {};
    form.querySelectorAll("input[name^='q-']").forEach(function (input) {
      var id = input.name.slice(2);
      if (!answers[id]) { answers[id] = []; }
      if (input.checked) { answers[id].push(input.value); }
    });
    Object.keys(answers).forEach(function (id) {
      if (!answers[id].length) { delete answers[id]; }
    });
    return answers;
  }

  function setupAnsweredCount(form) {
    var node = document.querySelector("[data-answered-count]");
    if (!node) { return; }
    form.addEventListener("change", function (event) {
      if (!event.target.name || event.target.name.indexOf("q-") !== 0) { return; }
      node.textContent = String(Object.keys(answersOf(form)).length);
    });
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    if (!url) { return; }
    var status = document.querySelector("[data-save-status]");
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    // Saves count up from the number the server last stored, so a late retry
    // of an older save never overwrites a newer one.
    var seq = parseInt(form.getAttribute("data-seq"), 10) || 0;
    var timer = null;
    var retry = null;
    var submitting = false;

    function say(text) { if (status) { status.textContent = text; } }

    function save() {
      clearTimeout(retry);
      seq += 1;
      var body = JSON.stringify({ answers: answersOf(form), seq: seq });
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": tokenInput ? tokenInput.value : ""
        },
        body: body
      }).then(function (response) {
        return response.json().then(function (data) {
          if (response.ok && data.saved) {
            say(data.saved_at_text
              ? interpolate(gettext("Answers saved at %(time)s."), { time: data.saved_at_text }, true)
              : gettext("Answers saved."));
          } else if (response.ok) {
            // Another tab saved a newer version meanwhile: this page's choices
            // are the participant's latest, so save them again after it.
            if (typeof data.seq === "number" && data.seq >= seq) {
              seq = data.seq;
              save();
            }
          } else if (response.status === 409 && data.review_url) {
            say(data.error);
            if (!submitting) { window.location.assign(data.review_url); }
          } else {
            say(data.error
              ? interpolate(gettext("Not saved: %(reason)s"), { reason: data.error }, true)
              : gettext("Not saved: please try again."));
          }
        });
      }).catch(function () {
        say(gettext("Not saved yet: the connection dropped. Your answers stay on this page and will be saved when it is back."));
        retry = setTimeout(save, 5000);
      });
    }

    form.addEventListener("change", function (event) {
      if (!event.target.name || event.target.name.indexOf("q-") !== 0) { return; }
      say(gettext("Saving…"));
      clearTimeout(timer);
      timer = setTimeout(save, 400);
    });
    form.addEventListener("submit", function (event) {
      submitting = true;
      clearTimeout(timer);
      clearTimeout(retry);
      var button = event.submitter || form.querySelector("button[type=submit]");
      if (button) {
        // Disabled after the browser has collected the form, so the submit
        // itself still goes; this only stops a second click.
        setTimeout(function () { button.disabled = true; }, 0);
      }
    });
    window.addEventListener("online", function () { save(); });
  }

  function format(left) {
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var seconds = left % 60;
    var mm = (hours && minutes < 10 ? "0" : "") + minutes;
    return (hours ? hours + ":" : "") + mm + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function setupTimer() {
    var node = document.querySelector("[data-seconds-left]");
    var form = document.querySelector("form[data-timer-submit]");
    if (!node) { return; }
    var total = parseInt(node.getAttribute("data-seconds-left"), 10) || 0;
    var startedAt = window.performance.now();
    var interval = null;
    function tick() {
      var elapsed = Math.floor((window.performance.now() - startedAt) / 1000);
      var left = Math.max(0, total - elapsed);
      node.textContent = format(left);
      if (left === 0) {
        clearInterval(interval);
        // The server closes the attempt anyway; submitting just shows the result sooner.
        if (form) {
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        }
      }
    }
    interval = setInterval(tick, 1000);
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.quiz-form");
    if (form) {
      setupAutosave(form);
      setupAnsweredCount(form);
    }
    setupTimer();
  });
})();
