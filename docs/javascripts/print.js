// Before printing, list the full address of every link in the page's text once, at the end of the
// article (a relative address means nothing on paper; one after every link breaks every sentence).
// In-page anchors, glossary terms and the links a teacher pack prints differently are left out.
// After printing, the list goes again.
(function () {
  "use strict";
  var SKIP = ".pack-source, .pack-terms, .pack-sections, .md-source-file, .cite-this, .headerlink, .print-links";

  function build() {
    var article = document.querySelector(".md-content article");
    // a teacher pack fits one page: it prints the explainer's address above and its sections' anchors
    if (!article || article.querySelector(".print-links, .pack")) return;
    var seen = {}, items = [];
    article.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("term") || a.closest(SKIP)) return;
      a.dataset.printUrl = a.href;
      if (seen[a.href]) return;
      seen[a.href] = true;
      var li = document.createElement("li");
      var text = (a.getAttribute("aria-label") || a.textContent).replace(/\s+/g, " ").trim();
      li.appendChild(document.createTextNode(text + ": "));
      var url = document.createElement("span");
      url.className = "print-links__url";
      url.textContent = a.href;
      li.appendChild(url);
      items.push(li);
    });
    if (!items.length) return;
    var section = document.createElement("section");
    section.className = "print-links";
    var heading = document.createElement("h2");
    heading.textContent = "Addresses of the links on this page";
    var list = document.createElement("ol");
    items.forEach(function (li) { list.appendChild(li); });
    section.append(heading, list);
    var cite = article.querySelector(".cite-this");
    article.insertBefore(section, cite || null);
  }

  window.addEventListener("beforeprint", build);
  window.addEventListener("afterprint", function () {
    var section = document.querySelector(".print-links");
    if (section) section.remove();
  });
})();
