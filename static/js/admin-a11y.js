// Two admin widgets miss accessible names, which assistive technology needs:
// - the two-box topic picker (Django's SelectFilter2, built on window load) puts aria-label on bare spans;
// - the passage picker (select2) draws a combobox with no name of its own: it gets its select's label.
(function () {
  "use strict";
  function nameWidgets() {
    Array.prototype.forEach.call(document.querySelectorAll("span.help-tooltip[aria-label]"), function (icon) {
      icon.setAttribute("role", "img");
    });
    Array.prototype.forEach.call(document.querySelectorAll("select.admin-autocomplete"), function (select) {
      var container = select.nextElementSibling;
      var combobox = container && container.querySelector(".select2-selection");
      if (!combobox || combobox.hasAttribute("aria-label")) { return; }
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var name = select.getAttribute("aria-label") || (label ? label.textContent.trim() : "Choose");
      combobox.setAttribute("aria-label", name);
      Array.prototype.forEach.call(combobox.querySelectorAll("[role=textbox]"), function (shown) {
        shown.setAttribute("aria-label", name + ": chosen");
      });
    });
  }
  window.addEventListener("load", function () { setTimeout(nameWidgets, 0); });
  document.addEventListener("formset:added", function () { setTimeout(nameWidgets, 0); });
}());
