// Glossary popovers. A Chinese term in running text is a link to its glossary entry
// (a.term, with data-zh, data-pinyin, data-gloss). With this script, activating it (click, tap
// or Enter) opens a small dialog with the hanzi, pinyin, meaning and a link to the entry;
// Escape or a click elsewhere closes it and focus returns to the term. Screen readers also get
// the pinyin and meaning as the link's description (aria-describedby). Without JavaScript the
// term stays an ordinary link to its entry.
(function () {
  "use strict";
  var open = null;

  function close(returnFocus) {
    if (!open) return;
    var term = open.term;
    open.box.remove();
    term.setAttribute("aria-expanded", "false");
    open = null;
    if (returnFocus) term.focus();
  }

  function para(text, lang, cls) {
    var p = document.createElement("p");
    p.textContent = text;
    if (lang) p.lang = lang;
    if (cls) p.className = cls;
    return p;
  }

  function show(term) {
    close(false);
    var host = term.closest("article") || document.body;
    var box = document.createElement("div");
    box.className = "term-popover";
    box.lang = "en";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Glossary: " + term.dataset.pinyin);
    var link = document.createElement("a");
    link.href = term.getAttribute("href");
    link.textContent = "Open the glossary entry";
    var last = document.createElement("p");
    last.appendChild(link);
    box.append(para(term.dataset.zh, "zh-Hans", "term-popover__zh"),
               para(term.dataset.pinyin, "zh-Latn-pinyin", "term-popover__pinyin"),
               para(term.dataset.gloss, null, "term-popover__gloss"), last);
    host.appendChild(box);
    var t = term.getBoundingClientRect(), h = host.getBoundingClientRect();
    var left = Math.max(0, Math.min(t.left - h.left, h.width - box.offsetWidth));
    box.style.left = left + "px";
    box.style.top = (t.bottom - h.top + 6) + "px";
    term.setAttribute("aria-expanded", "true");
    open = { term: term, box: box };
    link.focus({ preventScroll: true });
  }

  function init() {
    document.querySelectorAll("a.term").forEach(function (term) {
      term.setAttribute("aria-haspopup", "dialog");
      term.setAttribute("aria-expanded", "false");
    });
  }

  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest("a.term");
    if (term) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
      event.preventDefault();
      if (open && open.term === term) close(true); else show(term);
    } else if (open && !open.box.contains(event.target)) {
      close(false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { event.preventDefault(); close(true); }
  });
  document.addEventListener("focusin", function (event) {
    if (open && !open.box.contains(event.target) && event.target !== open.term) close(false);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
