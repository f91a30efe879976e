// Progressive enhancement for the study page: Space reveals the answer, 1-4 rate, the time taken is sent, and a
// rating is sent in the background and the next card shown without reloading the page.
// Without JavaScript the page works the same: the answer opens with its button, the ratings are form buttons.
(function () {
  "use strict";
  var study = document.querySelector(".study");
  if (!study) { return; }
  var status = document.querySelector(".study-status");
  var card, back, form, shownAt, sent;

  function say(text) { if (status) { status.textContent = text; } }

  function bind() {
    card = study.querySelector(".flashcard");
    if (!card) { return; }
    back = card.querySelector("details.card-back");
    form = card.querySelector("form.rating-form");
    shownAt = Date.now();
    sent = false;
    back.addEventListener("toggle", function () {
      if (back.open) { var first = form.querySelector("button.rating"); if (first) { first.focus(); } }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sent) { return; }  // one rating per card, however fast the keys
      sent = true;
      form.querySelector("input[name=duration_ms]").value = String(Date.now() - shownAt);
      var data = new FormData(form);
      var button = event.submitter;
      if (button && button.name) { data.append(button.name, button.value); }
      send(data, button ? button.textContent.split("(")[0].trim() : "");
    });
  }

  function send(data, label) {
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error || "The rating was not recorded."); }
        return fetch(body.next, { credentials: "same-origin" });
      });
    }).then(function (response) { return response.text(); }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html").querySelector(".study");
      study.innerHTML = next.innerHTML;
      bind();
      say("Rated " + label + ". " + (card ? "Next card." : "Nothing more to study now."));
      var heading = study.querySelector(".card-front, .done h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }).catch(function (error) {
      sent = false;
      say(error.message + " Try again, or reload the page.");
    });
  }

  document.addEventListener("keydown", function (event) {
    if (!card || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target.closest && event.target.closest("input, textarea, select")) { return; }
    // Space and Enter keep their own meaning on a focused link or button (Log out, all decks, a citation):
    // they reveal the answer only from the page itself or from the Show answer summary.
    var onControl = event.target.closest && event.target.closest("a[href], button");
    if (!back.open && !onControl && (event.key === " " || event.key === "Enter")) {
      event.preventDefault();
      back.open = true;
      return;
    }
    if (back.open && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      var button = form.querySelector("button[data-key='" + event.key + "']");
      if (button) { form.requestSubmit ? form.requestSubmit(button) : button.click(); }
    }
  });
  bind();
}());
