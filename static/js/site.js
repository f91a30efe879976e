// On every page: a printout shows what folds away on screen (explanations and citations), then folds it back.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
}());

// The source reader folds website furniture: a link to a passage inside a fold opens the fold, so it lands.
(function () {
  "use strict";
  function openTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    var fold = target && target.closest("details.furniture");
    if (fold && !fold.open) {
      fold.open = true;
      target.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
}());

// Tables reflow on a phone into one block per row, each cell headed by its column's name (see site.css).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!headings.length) { return; }
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("colspan")) { cell.setAttribute("data-label", headings[index]); }
      });
    });
    table.classList.add("reflows");
  });
}());
