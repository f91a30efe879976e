// Progressive enhancement for ordering and matching questions: drag and drop, with buttons as the keyboard way.
// The selects stay the form's fields: without JavaScript they are the whole widget, with it they follow the drags.
(function () {
  "use strict";

  function changed(element) {
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function announcer(list) {
    var region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("aria-live", "polite");
    list.parentNode.insertBefore(region, list.nextSibling);
    return function (text) { region.textContent = text; };
  }

  function itemText(item) { return item.querySelector("label").textContent.trim(); }

  function enhanceOrdering(list) {
    if (list.querySelector("select[disabled]")) { return; }
    var say = announcer(list);
    var items = Array.prototype.slice.call(list.children);
    var placed = function (item) { return parseInt(item.querySelector("select").value, 10) || 0; };
    if (items.every(placed)) {
      items.sort(function (a, b) { return placed(a) - placed(b); });
      items.forEach(function (item) { list.appendChild(item); });
    }
    list.classList.add("arranged");

    function renumber(moved) {
      var all = Array.prototype.slice.call(list.children);
      all.forEach(function (item, index) {
        item.querySelector("select").value = String(index + 1);
        item.querySelector(".place-number").textContent = String(index + 1);
      });
      if (moved) { say(itemText(moved) + ": place " + (all.indexOf(moved) + 1) + " of " + all.length + "."); }
      changed(list);
    }

    var dragged = null;
    items.forEach(function (item) {
      item.draggable = true;
      item.classList.add("draggable");
      var number = document.createElement("span");
      number.className = "place-number";
      number.setAttribute("aria-hidden", "true");
      number.textContent = placed(item) ? String(placed(item)) : "·";
      item.insertBefore(number, item.firstChild);
      var buttons = document.createElement("span");
      buttons.className = "move-buttons";
      [["up", "↑", -1], ["down", "↓", 1]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary move-" + spec[0];
        button.textContent = spec[1];
        button.setAttribute("aria-label", "Move “" + itemText(item) + "” " + spec[0]);
        button.addEventListener("click", function () {
          var target = spec[2] < 0 ? item.previousElementSibling : item.nextElementSibling;
          if (target) { list.insertBefore(item, spec[2] < 0 ? target : target.nextSibling); }
          renumber(item);
          button.focus();
        });
        buttons.appendChild(button);
      });
      item.appendChild(buttons);
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.dataset.item);
      });
      item.addEventListener("dragend", function () { item.classList.remove("dragging"); dragged = null; });
      item.addEventListener("dragover", function (event) {
        if (!dragged || dragged === item) { return; }
        event.preventDefault();
        var box = item.getBoundingClientRect();
        list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? item : item.nextSibling);
      });
      item.addEventListener("drop", function (event) {
        event.preventDefault();
        if (dragged) { renumber(dragged); }
      });
    });
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "secondary keep-order";
    keep.textContent = "Keep this order";
    keep.addEventListener("click", function () { renumber(null); say("Order saved as shown."); });
    list.parentNode.insertBefore(keep, list.nextSibling);
  }

  function enhanceMatching(list) {
    if (list.querySelector("select[disabled]")) { return; }
    var say = announcer(list);
    var firstSelect = list.querySelector("select");
    if (!firstSelect) { return; }
    var pool = document.createElement("div");
    pool.className = "match-pool";
    pool.setAttribute("aria-hidden", "true");  // the selects are the keyboard and screen-reader way
    Array.prototype.forEach.call(firstSelect.options, function (option) {
      if (!option.value) { return; }
      var chip = document.createElement("span");
      chip.className = "match-chip";
      chip.draggable = true;
      chip.dataset.value = option.value;
      chip.textContent = option.textContent;
      chip.addEventListener("dragstart", function (event) {
        event.dataTransfer.effectAllowed = "copy";
        event.dataTransfer.setData("text/plain", option.value);
      });
      pool.appendChild(chip);
    });
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "Drag an answer onto an item, or choose it in the item's list.";
    list.parentNode.insertBefore(hint, list);
    list.parentNode.insertBefore(pool, list);
    Array.prototype.forEach.call(list.children, function (row) {
      var select = row.querySelector("select");
      row.addEventListener("dragover", function (event) { event.preventDefault(); row.classList.add("drop-target"); });
      row.addEventListener("dragleave", function () { row.classList.remove("drop-target"); });
      row.addEventListener("drop", function (event) {
        event.preventDefault();
        row.classList.remove("drop-target");
        select.value = event.dataTransfer.getData("text/plain");
        say(itemText(row) + " matched with " + select.options[select.selectedIndex].textContent + ".");
        changed(select);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-ordering]"), enhanceOrdering);
  Array.prototype.forEach.call(document.querySelectorAll("[data-matching]"), enhanceMatching);
}());
