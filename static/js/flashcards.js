// Progressive enhancement for the study page: Space reveals the answer, 1-4 rate, and the time taken is sent.
// Without JavaScript the page works the same: the answer opens with its button, the ratings are form buttons.
(function () {
  "use strict";
  var card = document.querySelector(".flashcard");
  if (!card) { return; }
  var back = card.querySelector("details.card-back");
  var form = card.querySelector("form.rating-form");
  var shownAt = Date.now();
  var sent = false;

  form.addEventListener("submit", function (event) {
    if (sent) { event.preventDefault(); return; }  // one rating per card, however fast the keys
    sent = true;
    form.querySelector("input[name=duration_ms]").value = String(Date.now() - shownAt);
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
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
}());
