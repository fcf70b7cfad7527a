// Engagements per month or per year (the server bins by year over long spans), stacked by
// event type, from #chart[data-api] (/api/periods) with Chart.js. Every period from the
// first to the last is a bar, quiet ones too; events dated only to a year (when binned by
// month) and undated ones are not bars: the page states their numbers beside the chart.
(function () {
  "use strict";

  var COLORS = { VISIT: "#5b8fd6", MEET: "#4fb477", CALL: "#9d6fd6", AGREE: "#d6a83a", AID: "#d66a6a" };
  var TYPE_ORDER = ["VISIT", "MEET", "CALL", "AGREE", "AID"];

  function series(data) {
    var types = TYPE_ORDER.filter(function (t) {
      return data.periods.some(function (p) { return p.counts[t]; });
    });
    return {
      labels: data.periods.map(function (p) { return p.label; }),
      datasets: types.map(function (t) {
        return {
          label: t, backgroundColor: COLORS[t] || "#888",
          data: data.periods.map(function (p) { return p.counts[t] || 0; })
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
          data: series(data),
          options: {
            maintainAspectRatio: false,
            animation: false,
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { legend: { position: "bottom" } }
          }
        });
        canvas.dataset.bin = data.bin;
        canvas.dataset.ready = "true";
      })
      .catch(function (err) { canvas.parentNode.textContent = "Could not load the chart: " + err.message; });
  });
})();
