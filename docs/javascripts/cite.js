// "Cite this page": show the copy buttons (the citations stay readable without JavaScript) and
// copy the chosen style as plain text; the result is announced to screen readers.
(function () {
  "use strict";
  document.querySelectorAll(".cite-copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).innerText;
      var status = button.closest(".cite-this").querySelector(".cite-status");
      var done = function () { status.textContent = button.textContent.replace("Copy ", "") + " citation copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { status.textContent = "Select the text to copy it"; });
      } else {
        var area = document.createElement("textarea");
        area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
        document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "Select the text to copy it"; }
        area.remove();
      }
    });
  });
})();
