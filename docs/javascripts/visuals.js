// The pictures' details on tap, on keyboard focus and under a mouse pointer: the first tap on a
// mark or box shows its record's name and ties in a panel at the foot of the screen, with a link
// to the record; a second tap on the same mark (or a click, once the pointer has shown it) opens it. Without JavaScript each mark is a plain
// link to its record. The panel is made on first use (a link without an address is never in the page).
(function () {
  "use strict";
  var marks = document.querySelectorAll(".vis-figure a[data-detail]");
  if (!marks.length) return;
  var panel = null, name, text, lead, open, shown = null;

  function make() {
    panel = document.createElement("div");
    panel.className = "vis-details";
    panel.setAttribute("role", "status");
    name = document.createElement("p");
    name.className = "vis-details__name";
    text = document.createElement("p");
    var line = document.createElement("p");
    lead = document.createTextNode("");
    open = document.createElement("a");
    line.append(lead, open);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "vis-details__close";
    close.setAttribute("aria-label", "Close the details");
    close.textContent = "×";
    close.addEventListener("click", hide);
    panel.append(name, text, line, close);
    document.body.appendChild(panel);
  }
  function show(mark) {
    if (!panel) make();
    if (shown) shown.classList.remove("is-shown");
    shown = mark;
    mark.classList.add("is-shown");
    name.textContent = mark.getAttribute("aria-label");
    text.textContent = mark.dataset.detail;
    text.hidden = !mark.dataset.detail;
    lead.textContent = (mark.closest(".vis-figure").dataset.open || "Open the record") + ": ";   // a figure may say what its links open
    open.href = mark.getAttribute("href");
    open.textContent = mark.dataset.name || mark.getAttribute("aria-label");
    panel.hidden = false;
    var covered = mark.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
    if (covered > 0) window.scrollBy({top: covered + 8, behavior: "instant"});   // the panel never hides the mark it describes
  }
  function hide() {
    if (panel) panel.hidden = true;
    if (shown) shown.classList.remove("is-shown");
    shown = null;
  }

  marks.forEach(function (mark) {
    mark.addEventListener("click", function (event) {
      if (shown === mark || event.ctrlKey || event.metaKey || event.shiftKey) return;   // second tap: open it
      event.preventDefault();
      show(mark);
    });
    mark.addEventListener("focus", function () {
      if (mark.matches(":focus-visible")) show(mark);   // the keyboard, not a tap (a tap's click shows it)
    });
    mark.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") show(mark);    // a mouse: details on hover, a click opens the record
    });
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && panel && !panel.hidden) hide(); });
})();
