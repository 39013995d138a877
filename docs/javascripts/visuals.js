// The pictures' details on tap and on keyboard focus (hover has the SVG tooltip): the first tap on
// a mark or box shows its record's name and ties in a panel at the foot of the screen, with a link
// to the record; a second tap on the same mark opens it. Without JavaScript each mark is a plain
// link to its record.
(function () {
  "use strict";
  var marks = document.querySelectorAll(".vis-figure a[data-detail]");
  if (!marks.length) return;
  var panel = document.createElement("div");
  panel.className = "vis-details";
  panel.setAttribute("role", "status");
  panel.hidden = true;
  panel.innerHTML = '<p class="vis-details__name"></p><p class="vis-details__text"></p>' +
    '<p class="vis-details__open">Open the record: <a></a></p>' +
    '<button type="button" class="vis-details__close" aria-label="Close the details">×</button>';
  document.body.appendChild(panel);
  var name = panel.querySelector(".vis-details__name"), text = panel.querySelector(".vis-details__text");
  var open = panel.querySelector(".vis-details__open a"), shown = null;

  function show(mark) {
    if (shown) shown.classList.remove("is-shown");
    shown = mark;
    mark.classList.add("is-shown");
    var label = mark.getAttribute("aria-label");
    name.textContent = label;
    text.textContent = mark.dataset.detail;
    text.hidden = !mark.dataset.detail;
    open.textContent = mark.dataset.name || label;
    open.href = mark.getAttribute("href");
    panel.hidden = false;
  }
  function hide() { panel.hidden = true; if (shown) shown.classList.remove("is-shown"); shown = null; }

  marks.forEach(function (mark) {
    mark.addEventListener("click", function (event) {
      if (shown === mark || event.ctrlKey || event.metaKey || event.shiftKey) return;   // second tap: open it
      event.preventDefault();
      show(mark);
    });
    mark.addEventListener("focus", function () {
      if (mark.matches(":focus-visible")) show(mark);   // the keyboard, not a tap (a tap's click shows it)
    });
  });
  panel.querySelector(".vis-details__close").addEventListener("click", hide);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !panel.hidden) hide(); });
})();
