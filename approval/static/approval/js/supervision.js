// Live refresh of the supervision dashboard: every 60 s re-read data.json (same origin) and put
// the numbers and the chart in place. Without this script the page is complete, only static.
(function () {
  "use strict";
  var root = document.getElementById("supervision-dashboard");
  if (!root || !window.fetch) { return; }
  var source = root.getAttribute("data-source");

  function apply(data) {
    Object.keys(data.counts).forEach(function (key) {
      var el = root.querySelector('[data-metric="' + key + '"]');
      if (el) { el.textContent = String(data.counts[key]); }
    });
    var today = root.querySelector('[data-field="today"]');
    if (today) { today.textContent = data.today; }
    var chart = root.querySelector('[data-field="chart"]');
    if (chart && data.chart) {
      // The SVG is built by our own server from escaped values (approval/charts.py).
      var doc = new DOMParser().parseFromString(data.chart, "image/svg+xml");
      var svg = doc.documentElement;
      if (svg && svg.nodeName.toLowerCase() === "svg") {
        chart.replaceChildren(document.importNode(svg, true));
      }
    }
  }

  function refresh() {
    fetch(source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* keep the figures shown; try again next minute */ });
  }

  window.setInterval(refresh, 60000);
})();
