// Engagements per month, stacked by event type, from #chart[data-api] with Chart.js.
(function () {
  "use strict";

  var COLORS = { VISIT: "#5b8fd6", MEET: "#4fb477", CALL: "#9d6fd6", AGREE: "#d6a83a", AID: "#d66a6a" };

  // Every month from the first to the last, so quiet months show as gaps in the chart.
  function fillGaps(months) {
    var known = months.filter(function (m) { return /^\d{4}-\d{2}$/.test(m); });
    if (known.length < 2) return months;
    var out = [], y = +known[0].slice(0, 4), mo = +known[0].slice(5, 7);
    var last = known[known.length - 1];
    for (var guard = 0; guard < 1200; guard++) {
      var label = y + "-" + (mo < 10 ? "0" : "") + mo;
      out.push(label);
      if (label === last) break;
      mo += 1;
      if (mo > 12) { mo = 1; y += 1; }
    }
    return out.concat(months.filter(function (m) { return known.indexOf(m) < 0; }));
  }

  function series(cells) {
    var months = [], types = [], counts = {};
    cells.forEach(function (c) {
      if (months.indexOf(c.month) < 0) months.push(c.month);
      if (types.indexOf(c.type) < 0) types.push(c.type);
      var key = c.month + "|" + c.type;
      counts[key] = (counts[key] || 0) + c.count;
    });
    months.sort(function (a, b) {
      if (a === "unknown") return 1;
      if (b === "unknown") return -1;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    types.sort();
    months = fillGaps(months);
    return {
      labels: months,
      datasets: types.map(function (t) {
        return {
          label: t, backgroundColor: COLORS[t] || "#888",
          data: months.map(function (m) { return counts[m + "|" + t] || 0; })
        };
      })
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var canvas = document.getElementById("chart");
    if (!canvas || typeof Chart === "undefined") { if (canvas) canvas.parentNode.hidden = true; return; }
    fetch(canvas.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        new Chart(canvas, {
          type: "bar",
          data: series(data.cells),
          options: {
            maintainAspectRatio: false,
            animation: false,
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { legend: { position: "bottom" } }
          }
        });
        canvas.dataset.ready = "true";
      })
      .catch(function (err) { canvas.parentNode.textContent = "Could not load the chart: " + err.message; });
  });
})();
