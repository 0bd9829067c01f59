// xxgk web: small progressive enhancements (pages work without JavaScript). No inline script (CSP).
"use strict";

// 报告详情: clicking a finding, a cell or a box selects the same cell on both sides.
function selectCell(key) {
  document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
  if (!key) { return; }
  var first = null;
  document.querySelectorAll("[data-cell]").forEach(function (el) {
    if (el.getAttribute("data-cell") === key) {
      el.classList.add("selected");
      if (el.tagName.toLowerCase() === "rect" && !first) { first = el; }
    }
  });
  if (first && first.scrollIntoView) { first.scrollIntoView({block: "center", behavior: "smooth"}); }
}
document.addEventListener("click", function (ev) {
  var el = ev.target.closest ? ev.target.closest("[data-cell]") : null;
  if (el) { selectCell(el.getAttribute("data-cell")); }
});
// keyboard: j / k move to the next / previous finding
document.addEventListener("keydown", function (ev) {
  if (ev.target && /input|textarea|select/i.test(ev.target.tagName)) { return; }
  if (ev.key !== "j" && ev.key !== "k") { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  if (!items.length) { return; }
  var i = items.indexOf(document.activeElement);
  i = ev.key === "j" ? Math.min(items.length - 1, i + 1) : Math.max(0, i - 1);
  items[i].focus();
  selectCell(items[i].getAttribute("data-cell"));
});
