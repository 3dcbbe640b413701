// Live refresh of the supervision dashboard: every 60 s re-read data.json (same origin) and put
// the numbers, the trend table and its chart in place. Without this script the page is complete, only static.
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
    var table = root.querySelector('[data-field="trend"]');
    var body = table && table.tBodies[0];
    if (body && data.trend) {
      // The trend table (text only), then its ECharts chart redrawn from it.
      var rows = data.trend.dates.map(function (day, i) {
        var tr = document.createElement("tr");
        var cells = [day.slice(5)].concat(data.trend.series.map(function (s) {
          return String(s.values[i]);
        }));
        cells.forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        return tr;
      });
      body.replaceChildren.apply(body, rows);
      if (window.egovCharts) { window.egovCharts.draw(table); }
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
