// Before printing, give every link its full address so print.css can write it after the text
// (a relative address means nothing on paper). In-page anchors and term links are left alone.
(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("term") || a.classList.contains("headerlink")) return;
      a.dataset.printUrl = a.href;
    });
  });
})();
