// Progressive enhancement for the attempt page: save answers as they are given, and count down the time.
// Without JavaScript the page works the same through its buttons.
(function () {
  "use strict";
  var form = document.querySelector("form.attempt-form");
  if (!form) { return; }
  var status = form.querySelector(".autosave-status");

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    var data = new FormData(form);
    data.delete("action");
    return fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!isJson) {
        say("Not saved: the server answered with an error (" + response.status + "). " +
            "Use the Save button; if it fails too, copy your answers before leaving the page.");
        return;
      }
      return response.json().then(function (body) {
        var problems = Object.keys(body.errors || {});
        var messages = problems.map(function (k) { return body.errors[k]; }).join(" ");
        if (response.status === 409) { say("Not saved: " + messages); return; }
        // A 400 names only the refused questions: the other answers were saved.
        say(problems.length ? "Saved, except: " + messages
                            : "All answers saved at " + new Date().toLocaleTimeString() + ".");
      });
    }).catch(function () {
      say("Not saved: could not reach the server. Your answers are still on this page and are sent again " +
          "when you press a button below.");
    });
  }

  if (form.dataset.autosaveUrl) {
    var pending = null;
    form.addEventListener("change", function () {
      clearTimeout(pending);
      pending = setTimeout(save, 300);
    });
    form.addEventListener("input", function (event) {
      if (event.target.type === "text") {
        clearTimeout(pending);
        pending = setTimeout(save, 1200);
      }
    });
  }

  var timer = document.querySelector(".timer");
  if (timer) {
    var left = parseInt(timer.dataset.secondsLeft, 10);
    var value = timer.querySelector(".timer-value");
    var announcement = document.querySelector(".timer-announcement");
    // The visible clock changes every second; screen readers hear only the milestones.
    var announce = function (minutes, seconds) {
      if (!announcement) { return; }
      if (seconds === 0 && (minutes % 5 === 0 || minutes === 1) && minutes > 0) {
        announcement.textContent = minutes + " minute" + (minutes === 1 ? "" : "s") + " left.";
      } else if (minutes === 0 && seconds === 30) {
        announcement.textContent = "30 seconds left.";
      }
    };
    var tick = function () {
      left -= 1;
      if (left <= 0) { value.textContent = "time is up"; window.location.reload(); return; }
      var minutes = Math.floor(left / 60), seconds = left % 60;
      value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      announce(minutes, seconds);
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
