// Table filters: a form of <select>s over the rows of a table (the measures, the study sessions).
// Each select narrows the rows to those whose data-<name> attribute holds its value (a list of
// words separated by spaces). The state lives in the address (?state=china&kind=counter-sanction,
// ?term=19&subject=technology) so a teacher can link a filtered view, and a link whose address is
// only a query (a cell of the measures' state x target table) sets it. Without JavaScript the form
// stays hidden and every row is shown.
//   <form class="row-filters" data-rows="CSS selector of the rows" data-noun="measures"
//         data-links="CSS selector of links that set filters" data-scroll="id to show after one">
(function () {
  "use strict";
  document.querySelectorAll("form.row-filters").forEach(function (form) {
    var rows = document.querySelectorAll(form.dataset.rows);
    var selects = form.querySelectorAll("select");
    var count = form.querySelector(".row-filters__count");

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
      count.textContent = shown + " of " + rows.length + " " + form.dataset.noun + " shown";
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
    if (form.dataset.links) {
      document.querySelectorAll(form.dataset.links).forEach(function (a) {
        a.addEventListener("click", function (e) {
          e.preventDefault();
          history.replaceState(null, "", location.pathname + a.getAttribute("href"));
          read();
          apply(false);
          var target = document.getElementById(form.dataset.scroll || "");
          if (target) target.scrollIntoView();
        });
      });
    }
    apply(false);
  });
})();
