/* Charts of the back office, drawn with Apache ECharts (vendored, platform_core/static/vendor/
 * echarts) from the data tables on the page: the table is the source of the numbers, stays on
 * the page for screen readers and works without JavaScript; the chart is an enhancement.
 *
 *   <table data-chart="bar|line|hbar" data-chart-title="…">
 *     <thead><tr><th>category</th><th>series 1</th>…</tr></thead>
 *     <tbody><tr><td>label</td><td>12</td>…</tr>…</tbody>
 *   </table>
 *
 * The chart is inserted before the table, in a figure-like box hidden from assistive technology
 * (the table says the same). Columns marked data-chart-skip are not drawn. */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") return;
  var COLORS = ["#2b5ca8", "#2b8a3e", "#b00000", "#c77700", "#6f42c1", "#1098ad"];

  function number(text) {
    var n = parseFloat(String(text).replace(/[,%，\s]/g, ""));
    return isNaN(n) ? 0 : n;
  }

  function read(table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var keep = [];
    heads.forEach(function (th, i) {
      if (i > 0 && !th.hasAttribute("data-chart-skip")) keep.push(i);
    });
    var labels = [];
    var series = keep.map(function (i) {
      return { name: heads[i].textContent.trim(), data: [] };
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      var cells = tr.querySelectorAll("th, td");
      if (!cells.length) return;
      labels.push(cells[0].textContent.trim());
      keep.forEach(function (i, k) {
        series[k].data.push(cells[i] ? number(cells[i].textContent) : 0);
      });
    });
    return { labels: labels, series: series };
  }

  var drawn = [];

  // Draw (or redraw, after the table changed) the chart of one table.
  function draw(table) {
    var kind = table.getAttribute("data-chart");
    var data = read(table);
    if (!data.labels.length) return;
    var entry = drawn.filter(function (d) { return d.table === table; })[0];
    var chart;
    if (entry) {
      chart = entry.chart;
    } else {
      var box = document.createElement("div");
      box.className = "echart";
      box.setAttribute("aria-hidden", "true");
      // Before the table's scroll box, or before the <details> that folds a long table away.
      var wrap = table.closest("details") || table.closest(".table-wrap") || table;
      wrap.parentNode.insertBefore(box, wrap);
      if (kind === "hbar") box.style.height = Math.max(240, data.labels.length * 26 + 60) + "px";
      chart = window.echarts.init(box, null, { renderer: "canvas" });
      drawn.push({ table: table, chart: chart });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var horizontal = kind === "hbar";
    var category = {
      type: "category",
      data: horizontal ? data.labels.slice().reverse() : data.labels,
      axisLabel: { interval: horizontal ? 0 : "auto", hideOverlap: true },
    };
    var value = { type: "value", minInterval: 1 };
    chart.setOption({
      color: COLORS,
      animation: false,
      tooltip: { trigger: "axis" },
      legend: data.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: data.series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: data.series.map(function (s) {
        return {
          name: s.name,
          type: kind === "line" ? "line" : "bar",
          data: horizontal ? s.data.slice().reverse() : s.data,
          barMaxWidth: 28,
        };
      }),
    });
  }

  window.egovCharts = { draw: draw };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-chart]"), draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
