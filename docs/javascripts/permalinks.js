// "Copy link" buttons. Every section heading (h2-h4), paragraph, list item and fact-check card
// with an id in the article gets a button that copies the full address of that spot
// (https://host/sub-path/page/#id) and says "Link copied" in a polite live region. Without
// JavaScript there are no buttons; the ids, and Material's ¶ links on headings, still work.
(function () {
  "use strict";
  var KINDS = [["h2[id],h3[id],h4[id]", "section"], ["p[id]", "paragraph"],
               ["li[id]", "list item"], [".factcheck[id]", "fact-check"]];
  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0ZM8 20a5 5 0 0 1-3.5-8.5l2-2a1 1 0 0 1 1.4 1.4l-2 2a3 3 0 0 0 4.2 4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2A5 5 0 0 1 8 20Zm9.1-6.1a1 1 0 0 1-.7-1.7l2-2a3 3 0 0 0-4.2-4.2l-2 2a1 1 0 0 1-1.4-1.4l2-2a5 5 0 0 1 7 7l-2 2a1 1 0 0 1-.7.3Z"/></svg>';
  var status, timer;

  function announce(text) {
    clearTimeout(timer);
    status.textContent = "";
    // A fresh text node after a tick, so that a second copy is announced again.
    setTimeout(function () { status.textContent = text; }, 50);
    timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function fallback(text, button) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.setAttribute("aria-hidden", "true");
    field.className = "copy-link-field";
    document.body.appendChild(field);
    field.focus({ preventScroll: true });
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    field.remove();
    button.focus({ preventScroll: true });
    return ok;
  }

  function copy(button) {
    var url = location.href.split(/[?#]/)[0] + "#" + button.dataset.target;
    var done = function (ok) { announce(ok ? "Link copied" : "Copy this link: " + url); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done(true); },
                                              function () { done(fallback(url, button)); });
    } else {
      done(fallback(url, button));
    }
  }

  function label(el, kind) {
    if (kind !== "section") return "Copy link to this " + kind;
    var text = Array.prototype.filter.call(el.childNodes, function (n) {
      return !(n.classList && (n.classList.contains("headerlink") || n.classList.contains("copy-link")));
    }).map(function (n) { return n.textContent; }).join("").trim();
    return "Copy link to section: " + text;
  }

  function init() {
    var article = document.querySelector(".md-content article");
    if (!article || article.querySelector(".copy-link")) return;
    status = document.createElement("div");
    status.className = "copy-link-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    document.body.appendChild(status);
    KINDS.forEach(function (pair) {
      article.querySelectorAll(pair[0]).forEach(function (el) {
        // Not in footnotes, glossary popovers or the citation box (which has its own buttons).
        if (el.closest(".footnote, .term-descriptions, .term-popover") ||
            (pair[1] !== "section" && el.closest(".cite-this"))) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "copy-link";
        button.dataset.target = el.id;
        button.setAttribute("aria-label", label(el, pair[1]));
        button.title = "Copy link to this " + pair[1];
        button.innerHTML = ICON;
        // In a card the button goes into its title; in a list item, before any nested list.
        var host = (pair[1] === "fact-check" && el.querySelector(".admonition-title")) || el;
        host.insertBefore(button, pair[1] === "list item" ? el.querySelector(":scope > ul, :scope > ol") : null);
      });
    });
    article.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button.copy-link");
      if (button) copy(button);
    });
  }

  // Opening a link to a paragraph or list item (#id): CSS marks it (:target, permalinks.css); here
  // the page scrolls so that its section heading stays in view above it, when both fit the window.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || /^H[1-6]$/.test(el.tagName) || !el.closest(".md-content article")) return;
    var heading = null, node = el;   // the nearest h2-h4 before it, at its level or an enclosing one
    while (node && !heading && !node.classList.contains("md-typeset")) {
      var prev = node.previousElementSibling;
      while (prev && !/^H[2-4]$/.test(prev.tagName)) prev = prev.previousElementSibling;
      heading = prev;
      node = node.parentElement;
    }
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().height : 0;
    var room = window.innerHeight - top;
    if (heading) {
      var span = el.getBoundingClientRect().bottom - heading.getBoundingClientRect().top;
      if (span < room - 16) {
        window.scrollTo(0, window.scrollY + heading.getBoundingClientRect().top - top - 8);
        return;
      }
    }
    window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - top - 8);
  }
  window.addEventListener("hashchange", reveal);
  window.addEventListener("load", function () { if (location.hash) reveal(); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
