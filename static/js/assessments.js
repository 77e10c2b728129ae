// Quiz-taking enhancements: autosave as the participant answers, a countdown.
// The form works without this file: a plain submit sends every answer.
(function () {
  "use strict";

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

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = document.querySelector("[data-save-status]");
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var retry = null;
    var submitting = false;

    function say(text) { if (status) { status.textContent = text; } }

    function save() {
      clearTimeout(retry);
      var body = JSON.stringify({ answers: answersOf(form), seq: Date.now() });
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
          if (response.ok) {
            say(data.saved ? "Answers saved at " + clock(new Date()) + "." : "Answers saved.");
          } else if (response.status === 409 && data.review_url) {
            say(data.error);
            if (!submitting) { window.location.assign(data.review_url); }
          } else {
            say("Not saved: " + (data.error || "please try again."));
          }
        });
      }).catch(function () {
        say("Not saved yet: the connection dropped. Your answers stay on this page and will be saved when it is back.");
        retry = setTimeout(save, 5000);
      });
    }

    form.addEventListener("change", function (event) {
      if (!event.target.name || event.target.name.indexOf("q-") !== 0) { return; }
      say("Saving…");
      clearTimeout(timer);
      timer = setTimeout(save, 400);
    });
    form.addEventListener("submit", function () {
      submitting = true;
      clearTimeout(timer);
      clearTimeout(retry);
      var button = form.querySelector("button[type=submit]");
      if (button) {
        // Disabled after the browser has collected the form, so the submit
        // itself still goes; this only stops a second click.
        setTimeout(function () { button.disabled = true; }, 0);
      }
    });
    window.addEventListener("online", function () { save(); });
  }

  function setupTimer(form) {
    var node = document.querySelector("[data-seconds-left]");
    if (!node) { return; }
    var endsAt = Date.now() + parseInt(node.getAttribute("data-seconds-left"), 10) * 1000;
    function tick() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      node.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        clearInterval(interval);
        // The server closes the attempt anyway; submitting just shows the result sooner.
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    }
    var interval = setInterval(tick, 1000);
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.quiz-form");
    if (!form) { return; }
    setupAutosave(form);
    setupTimer(form);
  });
})();
