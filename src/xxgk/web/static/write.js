// 编写年报: recompute totals, findings and the standard sentences as the numbers change (POST /api/write/check).
// The page works without this file: every button posts the form and the server re-renders it.
// Report text is untrusted: everything is written with textContent, never as HTML.
"use strict";
(function () {
  var form = document.getElementById("write-form");
  if (!form) { return; }
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var status = document.getElementById("write-status");
  var FIELDS = ["agency", "year", "template", "published_on", "title"];
  var CELL = "cell:", SECTION = "section:";
  var timer = null, seq = 0;

  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
  document.querySelectorAll(".use-draft").forEach(function (el) { el.hidden = false; });

  function collect() {
    var body = {cells: {}, sections: {}};
    Array.prototype.forEach.call(form.elements, function (el) {
      var name = el.name || "";
      if (name.indexOf(CELL) === 0) { body.cells[name.slice(CELL.length)] = el.value; }
      else if (name.indexOf(SECTION) === 0) { body.sections[name.slice(SECTION.length)] = el.value; }
      else if (FIELDS.indexOf(name) >= 0) { body[name] = el.value; }
    });
    return body;
  }

  function item(tag, text, cls, cell) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (cell) { el.setAttribute("data-cell", cell); }
    el.textContent = text;
    return el;
  }

  function cellOf(f) {
    var l = f.location || {};
    return (l.table != null && l.row != null && l.column != null) ? l.table + "/" + l.row + "/" + l.column : null;
  }

  function show(data) {
    var errors = data.errors || {}, computed = data.computed || {};
    form.querySelectorAll("input.cell").forEach(function (input) {
      var key = input.getAttribute("data-cell");
      var err = errors[key];
      input.classList.toggle("bad", !!err);
      if (err) { input.title = err; input.setAttribute("aria-invalid", "true"); }
      else { input.removeAttribute("title"); input.removeAttribute("aria-invalid"); }
      var c = computed[key];
      input.classList.toggle("computed", c != null);
      input.placeholder = c != null ? String(c) : "";
    });
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el && el.classList) { el.classList.toggle("bad", !!errors[name]); }
    });
    var list = document.getElementById("cell-errors");
    list.textContent = "";
    Object.keys(errors).forEach(function (key) { list.appendChild(item("li", errors[key], "error", key)); });
    document.getElementById("error-count").textContent = String(Object.keys(errors).length);

    var ol = document.getElementById("findings");
    ol.textContent = "";
    (data.findings || []).forEach(function (f) {
      var li = item("li", "", "finding sev-" + f.severity, cellOf(f));
      li.setAttribute("data-rule", f.rule);
      li.appendChild(item("strong", f.rule));
      li.appendChild(document.createTextNode(" " + f.message));
      ol.appendChild(li);
    });
    document.getElementById("finding-count").textContent = String((data.findings || []).length);
    var s = data.summary || {};
    document.getElementById("finding-summary").textContent =
      "错误 " + (s.error || 0) + " · 警告 " + (s.warning || 0) + " · 提示 " + (s.info || 0);
    Object.keys(data.draft || {}).forEach(function (n) {
      var pre = document.getElementById("draft-" + n);
      if (pre) { pre.textContent = data.draft[n]; }
    });
    status.textContent = "已按当前填写重新计算";
  }

  function refresh() {
    var mine = ++seq;
    status.textContent = "计算中…";
    fetch("/api/write/check", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token},
      body: JSON.stringify(collect())
    }).then(function (r) {
      return r.json().then(function (d) {
        if (!r.ok) { throw new Error(typeof d.detail === "string" ? d.detail : "HTTP " + r.status); }
        return d;
      });
    }).then(function (d) {
      if (mine === seq) { show(d); }
    }).catch(function (e) {
      if (mine === seq) { status.textContent = "无法重新计算：" + e.message; }
    });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 250);
  }

  form.addEventListener("input", function (ev) {
    var name = ev.target && ev.target.name;
    if (name && name !== "template") { later(); }
  });
  // another format has other rows: the server builds its form (agency, year and texts are kept)
  var select = document.getElementById("write-template");
  if (select) {
    select.addEventListener("change", function () {
      var action = document.createElement("input");
      action.type = "hidden"; action.name = "action"; action.value = "switch";
      form.appendChild(action);
      form.submit();
    });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest(".use-draft") : null;
    if (!btn) { return; }
    var n = btn.getAttribute("data-section");
    var area = form.elements[SECTION + n];
    var pre = document.getElementById("draft-" + n);
    if (area && pre) { area.value = pre.textContent; later(); }
  });
})();
