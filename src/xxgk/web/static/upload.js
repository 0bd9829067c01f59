// 上传: drag and drop onto the form, send with fetch, poll the job's JSON for a progress line per file.
// Without JavaScript the form posts as it is and the job page refreshes itself. No inline script (CSP).
"use strict";
(function () {
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("upload-files");
  var box = document.getElementById("upload-progress");
  var lines = document.getElementById("upload-lines");
  var status = document.getElementById("upload-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var LABELS = {"new-report": "新报告", "new-source": "新来源", "duplicate": "重复", "failed": "失败",
                "refused": "拒收", "waiting": "等待中", "done": "完成"};
  var dropped = null;

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (cls) { el.className = cls; }
    return el;
  }
  function show(job) {
    var state = {queued: "排队中", running: "解析中", done: "已完成", error: "出错", interrupted: "已中断"}[job.status] ||
      job.status;
    // a job rebuilt from the store after a restart may not know its total or time
    status.textContent = state + " · 已处理 " + job.done + (job.total == null ? "" : " / " + job.total) +
      (job.seconds == null ? "" : " · 用时 " + job.seconds + " 秒") + (job.error ? " · " + job.error : "");
    while (lines.firstChild) { lines.removeChild(lines.firstChild); }
    job.files.forEach(function (f) {
      var tr = document.createElement("tr");
      tr.className = "state-" + f.state;
      tr.appendChild(text("td", f.name));
      var st = text("td", (LABELS[f.state] || f.state) + (f.reason ? "：" + f.reason : ""));
      if (f.reason) { st.classList.add("error"); }
      tr.appendChild(st);
      var td = document.createElement("td");
      f.results.forEach(function (r) {
        var div = text("div", (r.path !== f.name ? r.path + "：" : "") + (LABELS[r.status] || r.status) + " ",
                       "result status-" + r.status);
        if (r.report) {
          var a = text("a", (r.agency || "") + " " + (r.year || ""));
          a.href = "/reports/" + encodeURIComponent(r.report);
          div.appendChild(a);
        }
        if (r.reason) { div.appendChild(text("span", " " + r.reason, r.status === "failed" ? "error" : "muted")); }
        td.appendChild(div);
      });
      tr.appendChild(td);
      lines.appendChild(tr);
    });
  }
  function poll(id) {
    fetch("/api/uploads/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        show(job);
        if (job.status === "queued" || job.status === "running") { setTimeout(function () { poll(id); }, 1000); }
      });
  }
  function send(files) {
    var data = new FormData();
    for (var i = 0; i < files.length; i++) { data.append("files", files[i], files[i].name); }
    box.hidden = false;
    status.textContent = "上传中…";
    fetch("/api/uploads", {method: "POST", body: data, headers: {"X-CSRF-Token": token, "Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = "上传失败：" + (res.body.detail || ""); return; }
        show(res.body);
        poll(res.body.id);
      })
      .catch(function (err) { status.textContent = "上传失败：" + err; });
  }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (ev) {
    ev.preventDefault();
    dropped = ev.dataTransfer.files;
    send(dropped);
  });
  form.addEventListener("submit", function (ev) {
    if (!input.files || !input.files.length) { return; }
    ev.preventDefault();
    send(input.files);
  });
})();
