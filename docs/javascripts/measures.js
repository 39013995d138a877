// Measures filters: one state, one target state, one kind, one year. The state lives in the
// address (?state=china&kind=counter-sanction&year=2021) so a teacher can link a filtered view,
// and a link in the state x target table sets it. Without JavaScript the form stays hidden and
// every measure is shown.
(function () {
  "use strict";
  var form = document.getElementById("measure-filters");
  if (!form) return;
  var rows = document.querySelectorAll(".measures-table tbody tr");
  var selects = form.querySelectorAll("select");
  var count = form.querySelector(".measures-count");

  function read() {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name) || "";
      s.value = Array.prototype.some.call(s.options, function (o) { return o.value === wanted; }) ? wanted : "";
    });
  }

  function apply(updateUrl) {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = Array.prototype.every.call(selects, function (s) {
        return !s.value || (" " + row.dataset[s.name] + " ").indexOf(" " + s.value + " ") >= 0;
      });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + rows.length + " measures shown";
    if (updateUrl) {
      var params = new URLSearchParams(location.search);
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); else params.delete(s.name); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  read();
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  document.querySelectorAll(".measures-matrix a[href^='?']").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      history.replaceState(null, "", location.pathname + a.getAttribute("href"));
      read();
      apply(false);
      document.getElementById("table").scrollIntoView();
    });
  });
  apply(false);
})();
