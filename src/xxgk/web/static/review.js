// 报告详情 · 更正: clicking a cell of the tables picks it in the correction form. No inline script (CSP).
"use strict";
(function () {
  var select = document.getElementById("correct-cell");
  var value = document.getElementById("correct-value");
  if (!select) { return; }
  document.addEventListener("click", function (ev) {
    var td = ev.target.closest ? ev.target.closest("td[data-cell], mark[data-cell], rect[data-cell]") : null;
    if (!td) { return; }
    var key = td.getAttribute("data-cell");
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === key) {
        select.selectedIndex = i;
        if (value) { value.value = select.options[i].getAttribute("data-value") || ""; }
        return;
      }
    }
  });
})();
