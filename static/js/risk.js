// Risk map page: filters apply on change, a tap on an area opens its panel, charts (Chart.js).
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                 "#7f7f7f", "#bcbd22", "#17becf"];

  function drawCharts(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas._chart) return;
      var spec = JSON.parse(source.textContent);
      var datasets = spec.datasets.map(function (d, i) {
        var color = PALETTE[i % PALETTE.length];
        return { label: d.label, data: d.data, backgroundColor: color, borderColor: color,
                 fill: false, tension: 0.2, pointRadius: 2 };
      });
      var y = { beginAtZero: true, stacked: !!spec.stacked };
      if (spec.max) y.suggestedMax = spec.max;
      canvas._chart = new Chart(canvas, {
        type: spec.type, data: { labels: spec.labels, datasets: datasets },
        options: { animation: false, responsive: true, aspectRatio: 2,
                   scales: { x: { stacked: !!spec.stacked }, y: y },
                   plugins: { legend: { display: datasets.length > 1, position: "bottom" } } }
      });
      canvas.dataset.drawn = "1";
    });
  }

  function openPanel(panel, code) {
    var url = panel.dataset.url.replace("CODE", encodeURIComponent(code)) + "?fragment=1&" +
              panel.dataset.query;
    panel.classList.add("loading");
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        panel.innerHTML = html;
        panel.classList.remove("loading");
        panel.dataset.code = code;
        drawCharts(panel);
      })
      .catch(function (err) {
        panel.classList.remove("loading");
        panel.textContent = "Panel tidak dapat dimuat (" + err.message + ").";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var filter = document.getElementById("risk-filter");
    if (filter) {
      filter.querySelectorAll("select").forEach(function (s) {
        s.addEventListener("change", function () { filter.submit(); });
      });
    }
    var panel = document.getElementById("risk-panel");
    var map = document.getElementById("map");
    if (panel && panel.dataset.url) {
      if (map) {
        map.addEventListener("waspada:area", function (e) { openPanel(panel, e.detail.code); });
      }
      if (panel.dataset.home) openPanel(panel, panel.dataset.home);
    }
    drawCharts(document);
  });
})();
