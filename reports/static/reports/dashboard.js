// Draws each dashboard chart from the JSON its table view was rendered from (no inline script: the
// admin's Content-Security-Policy stays as it is). Chart.js is vendored in vendor/chartjs/.
"use strict";
(function () {
  const colours = ["#1f3864", "#c62828", "#2e7d32", "#f9a825", "#1565c0", "#5d4037", "#9aa0a6"];
  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") {
      return;
    }
    const spec = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, index) {
          const colour = spec.colours[index] || colours[index % colours.length];
          return { label: series.label, data: series.data, backgroundColor: colour, borderColor: colour };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        font: { family: "Sarabun, Laksaman, sans-serif" },
      },
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
