// Timeline filters: show only some kinds, or one theme. The state lives in the address
// (?kind=study-sessions,sanctions&theme=ai) so a teacher can link a filtered view. Without
// JavaScript the form stays hidden and everything is shown.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var marks = document.querySelectorAll(".tl-mark, .timeline-table tbody tr");
  var boxes = form.querySelectorAll("input[name=kind]");
  var theme = form.querySelector("select[name=theme]");
  var count = form.querySelector(".timeline-count");

  function apply(updateUrl) {
    var kinds = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(function (b) { return b.value; });
    var shown = 0;
    marks.forEach(function (el) {
      var ok = kinds.indexOf(el.dataset.kind) >= 0 &&
        (!theme.value || (" " + el.dataset.themes + " ").indexOf(" " + theme.value + " ") >= 0);
      if (ok) { el.removeAttribute("hidden"); el.style.display = ""; } else { el.setAttribute("hidden", ""); el.style.display = "none"; }
      if (ok && el.tagName === "TR") shown += 1;
    });
    count.textContent = shown + " record" + (shown === 1 ? "" : "s") + " shown";
    if (updateUrl) {
      var params = new URLSearchParams(location.search);
      if (kinds.length === boxes.length) params.delete("kind"); else params.set("kind", kinds.join(","));
      if (theme.value) params.set("theme", theme.value); else params.delete("theme");
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var params = new URLSearchParams(location.search);
  if (params.has("kind")) {
    var wanted = params.get("kind").split(",");
    boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  }
  if (params.has("theme")) theme.value = params.get("theme");
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  apply(false);
})();
