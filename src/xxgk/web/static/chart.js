// xxgk web: the charts of 统计与对标 and 单位, drawn with the vendored ECharts (static/vendor/echarts.min.js).
// No inline script (CSP): each chart is a <div class="chart" data-chart="KIND"> whose data comes from its
// data- attributes (JSON written by the server) or from a JSON endpoint under /api. Report content is
// untrusted: names only reach the page as canvas text or through encodeHTML in tooltips, never as markup.
"use strict";

(function () {
  if (typeof echarts === "undefined") { return; }
  var enc = echarts.format.encodeHTML;
  var ACCENT = "#b3261e", BLUE = "#1890ff", MUTED = "#8c96a0", BAND = "rgba(24, 144, 255, 0.12)";
  var charts = [];

  function json(el, name) {
    try { return JSON.parse(el.getAttribute("data-" + name) || "null"); } catch (e) { return null; }
  }
  function get(url, done) {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status + " " + url); } return r.json(); })
      .then(done)
      .catch(function (e) { console.warn("xxgk chart:", e.message); });
  }
  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k] !== null && params[k] !== undefined && params[k] !== "") {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }
  // a metric's value as read: rates are fractions shown as percentages
  function fmt(metric, v) {
    if (v === null || v === undefined) { return "—"; }
    if (metric.kind === "rate") { return (v * 100).toFixed(1) + "%"; }
    return (Math.round(v * 100) / 100).toLocaleString("zh-CN") + (metric.unit && metric.unit !== "%" ? " " + metric.unit : "");
  }
  function scaled(metric, v) {
    if (v === null || v === undefined) { return null; }
    return metric.kind === "rate" ? v * 100 : v;
  }
  function make(el) {
    var chart = echarts.init(el, null, {renderer: "canvas"});
    charts.push(chart);
    el.setAttribute("data-ready", "0");
    return chart;
  }
  // data-ready="1" once drawn and its entry animation over (tests and screenshots wait for it)
  function ready(chart, el, option) {
    chart.off("finished");
    chart.on("finished", function () { el.setAttribute("data-ready", "1"); });
    chart.setOption(option, true);
  }
  function go(href) { if (href) { window.location.assign(href); } }
  var tooltip = {confine: true, className: "chart-tip"};

  // 统计与对标: reports, missing, late and with errors among the year's reports
  function coverage(el) {
    var c = json(el, "coverage");
    if (!c) { return; }
    var chart = make(el);
    var bars = [
      {name: "已报", value: c.reports, href: c.href_reports},
      {name: "未报", value: c.missing, href: null},
      {name: "逾期", value: c.late, href: null},
      {name: "有错误", value: c.with_errors, href: c.href_errors}
    ];
    ready(chart, el, {
      title: {text: "报送与错误（应报 " + c.expected + "）", textStyle: {fontSize: 14}},
      tooltip: Object.assign({trigger: "item", formatter: function (p) {
        var base = p.dataIndex === 0 ? c.expected : c.reports;
        var rate = base ? "（" + (100 * p.value / base).toFixed(1) + "%）" : "";
        return enc(p.name) + "：" + p.value + rate;
      }}, tooltip),
      grid: {left: 60, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: bars.map(function (b) { return b.name; })},
      yAxis: {type: "value", minInterval: 1},
      series: [{type: "bar", data: bars.map(function (b, i) {
        return {value: b.value, itemStyle: {color: i === 3 ? ACCENT : (i === 0 ? BLUE : MUTED)}};
      }), label: {show: true, position: "top"}}]
    });
    chart.on("click", function (p) { go(bars[p.dataIndex].href); });
  }

  // 统计与对标: the most frequent rules; a bar leads to the reports with that rule
  function rules(el) {
    var rows = json(el, "rules") || [];
    if (!rows.length) { return; }
    var base = el.getAttribute("data-href") || "/reports?";
    var chart = make(el);
    rows = rows.slice().reverse();
    ready(chart, el, {
      title: {text: "常见问题规则（报告数）", textStyle: {fontSize: 14}},
      tooltip: Object.assign({trigger: "item", formatter: function (p) {
        var r = rows[p.dataIndex];
        return enc(r.rule + " " + (r.title || "")) + "<br>报告 " + r.reports + " 份，问题 " + r.findings + " 处";
      }}, tooltip),
      grid: {left: 70, right: 40, top: 40, bottom: 20},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: rows.map(function (r) { return r.rule; })},
      series: [{type: "bar", data: rows.map(function (r) { return r.reports; }), itemStyle: {color: ACCENT},
                label: {show: true, position: "right"}}]
    });
    chart.on("click", function (p) { go(base + "rule=" + encodeURIComponent(rows[p.dataIndex].rule)); });
  }

  // 统计与对标: one metric's values, every agency a point, P25/P50/P75 drawn across; a point leads to its report
  function distribution(el) {
    var select = document.getElementById(el.getAttribute("data-select"));
    var chart = make(el);
    function draw(data) {
      var m = data.metric;
      var pts = data.points.map(function (p, i) {
        return {value: [scaled(m, p.value), i % 7], name: p.agency, report: p.report_id, raw: p.value};
      });
      var lines = [["P25", data.p25], ["P50", data.p50], ["P75", data.p75]].filter(function (q) { return q[1] !== null; });
      ready(chart, el, {
        title: {text: m.name + "（" + data.n + " 个单位" + (data.year ? "，" + data.year + " 年度" : "") + "）",
                textStyle: {fontSize: 14}},
        tooltip: Object.assign({trigger: "item", formatter: function (p) {
          return enc(p.name) + "<br>" + enc(fmt(m, p.data.raw));
        }}, tooltip),
        grid: {left: 40, right: 40, top: 50, bottom: 40},
        xAxis: {type: "value", scale: true, name: m.kind === "rate" ? "%" : m.unit},
        yAxis: {type: "value", show: false, min: -1, max: 7},
        series: [{type: "scatter", data: pts, symbolSize: pts.length > 2000 ? 4 : 9,
                  itemStyle: {color: BLUE, opacity: 0.7},
                  markLine: {symbol: "none", silent: true, lineStyle: {color: ACCENT, type: "dashed"},
                             label: {formatter: "{b}", position: "end"},
                             data: lines.map(function (q) { return {name: q[0], xAxis: scaled(m, q[1]), raw: q[1]}; })}}]
      });
    }
    function load() {
      var key = select ? select.value : el.getAttribute("data-metric");
      if (!key) { return; }
      el.setAttribute("data-ready", "0");
      get("/api/stats/metric/" + encodeURIComponent(key) + query({year: el.getAttribute("data-year"),
          region: el.getAttribute("data-region")}), draw);
    }
    chart.on("click", function (p) {
      if (p.componentType === "series" && p.data && p.data.report) { go("/reports/" + p.data.report); }
    });
    if (select) { select.addEventListener("change", load); }
    load();
  }

  // 单位: per metric its rank among its peers in the latest year, and the chosen metric year by year
  function benchmark(el) {
    var select = document.getElementById(el.getAttribute("data-select"));
    var rankEl = document.getElementById(el.getAttribute("data-ranks"));
    var trend = make(el);
    var ranks = rankEl ? make(rankEl) : null;
    var data = null;
    function drawRanks() {
      var rows = data.metrics.map(function (m) {
        var s = m.series.length ? m.series[m.series.length - 1] : null;
        return {metric: m, s: s};
      }).filter(function (r) { return r.s && r.s.rank !== null && r.s.n > 1; }).reverse();
      if (!ranks) { return; }
      var year = data.years.length ? data.years[data.years.length - 1] : "";
      if (!rows.length) {  // alone among its kind and level (or no known value): nothing to rank
        ready(ranks, rankEl, {title: {text: year + " 年度：没有可比较的同类单位", textStyle: {fontSize: 14}}});
        rankEl.classList.add("empty");
        return;
      }
      // share of peers at or below its value: 100% is the highest of its peers
      ready(ranks, rankEl, {
        title: {text: year + " 年度在同类单位中的位置（" + rows.length + " 项指标）", textStyle: {fontSize: 14}},
        tooltip: Object.assign({trigger: "item", formatter: function (p) {
          var r = rows[p.dataIndex];
          return enc(r.metric.name) + "：" + enc(fmt(r.metric, r.s.value)) + "<br>第 " + r.s.rank + " / " + r.s.n +
            " 名<br>同类 P25 " + enc(fmt(r.metric, r.s.p25)) + " · P50 " + enc(fmt(r.metric, r.s.p50)) +
            " · P75 " + enc(fmt(r.metric, r.s.p75));
        }}, tooltip),
        grid: {left: 200, right: 60, top: 40, bottom: 20},
        xAxis: {type: "value", min: 0, max: 100, name: "%"},
        yAxis: {type: "category", data: rows.map(function (r) { return r.metric.name; })},
        series: [{type: "bar", itemStyle: {color: BLUE},
                  label: {show: true, position: "right", formatter: function (p) { var s = rows[p.dataIndex].s; return s.rank + "/" + s.n; }},
                  data: rows.map(function (r) { return Math.round(100 * (r.s.n - r.s.rank) / (r.s.n - 1)); })}]
      });
      ranks.off("click");
      ranks.on("click", function (p) { if (select) { select.value = rows[p.dataIndex].metric.key; drawTrend(); } });
    }
    function drawTrend() {
      el.setAttribute("data-ready", "0");
      var key = select ? select.value : null;
      var m = data.metrics.filter(function (x) { return x.key === key; })[0] || data.metrics[0];
      if (!m) { return; }
      var years = m.series.map(function (s) { return String(s.year); });
      function col(f) { return m.series.map(function (s) { return scaled(m, s[f]); }); }
      var p25 = col("p25"), p75 = col("p75");
      ready(trend, el, {
        title: {text: m.name + " 历年变化", textStyle: {fontSize: 14}},
        tooltip: Object.assign({trigger: "axis", formatter: function (ps) {
          var s = m.series[ps[0].dataIndex];
          var lines = [enc(String(s.year)) + " 年度", "本单位 " + enc(fmt(m, s.value)) + (s.rank ? "（第 " + s.rank + " / " + s.n + "）" : ""),
                       "同类 P25 " + enc(fmt(m, s.p25)) + " · P50 " + enc(fmt(m, s.p50)) + " · P75 " + enc(fmt(m, s.p75))];
          return lines.join("<br>");
        }}, tooltip),
        legend: {bottom: 0, data: ["本单位", "同类中位数", "同类 P25–P75"]},
        grid: {left: 60, right: 30, top: 50, bottom: 50},
        xAxis: {type: "category", data: years, boundaryGap: false},
        yAxis: {type: "value", scale: true, name: m.kind === "rate" ? "%" : m.unit},
        series: [
          {name: "同类 P25–P75", type: "line", stack: "band", data: p25, lineStyle: {opacity: 0}, symbol: "none", silent: true},
          {name: "同类 P25–P75", type: "line", stack: "band", symbol: "none", silent: true, lineStyle: {opacity: 0},
           areaStyle: {color: BAND}, itemStyle: {color: BAND},
           data: p75.map(function (v, i) { return v === null || p25[i] === null ? null : v - p25[i]; })},
          {name: "同类中位数", type: "line", data: col("p50"), itemStyle: {color: MUTED}, lineStyle: {type: "dashed"}},
          {name: "本单位", type: "line", data: col("value"), itemStyle: {color: ACCENT}, symbolSize: 8, connectNulls: false}
        ]
      });
    }
    trend.on("click", function (p) {
      var m = data && data.metrics[0];
      if (!m || p.seriesName !== "本单位") { return; }
      go("/reports/" + m.series[p.dataIndex].report_id);
    });
    get(el.getAttribute("data-src"), function (d) {
      data = d;
      if (select && !select.options.length) {
        d.metrics.forEach(function (m) {
          var o = document.createElement("option");
          o.value = m.key; o.textContent = m.name;
          select.appendChild(o);
        });
      }
      if (select) { select.addEventListener("change", drawTrend); }
      drawRanks();
      drawTrend();
    });
  }

  var KINDS = {coverage: coverage, rules: rules, distribution: distribution, benchmark: benchmark};
  document.querySelectorAll("div.chart[data-chart]").forEach(function (el) {
    var f = KINDS[el.getAttribute("data-chart")];
    if (f) { f(el); }
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
