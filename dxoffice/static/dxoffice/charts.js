// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID">: {type, labels, datasets,
// links, stacked, horizontal, percent, money (the unit label of amounts in billions)}. Clicking a bar or slice opens links[dataset][index] (or
// links[index]), so every figure leads to the filtered register.
(function () {
  "use strict";
  function linkFor(spec, datasetIndex, index) {
    if (!spec.links) return null;
    var row = spec.links[datasetIndex];
    if (Array.isArray(row)) return row[index];
    return spec.links[index];
  }
  function draw(canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var horizontal = !!spec.horizontal;
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      onHover: function (event, elements) {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      },
      onClick: function (event, elements) {
        if (!elements.length) return;
        var url = linkFor(spec, elements[0].datasetIndex, elements[0].index);
        if (url) window.location.href = url;
      },
    };
    if (spec.type === "bar") {
      options.scales = { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } };
      if (spec.percent) options.scales[horizontal ? "x" : "y"].max = Math.max(100, spec.max || 100);
      // Every category gets its label (objective codes, pillars), however many there are.
      options.scales[horizontal ? "y" : "x"].ticks = { autoSkip: false };
      if (spec.money) {
        options.scales[horizontal ? "x" : "y"].ticks = {
          callback: function (value) { return (value / 1e9).toLocaleString() + " " + spec.money; },
        };
      }
    }
    if (spec.type === "doughnut") options.cutout = "55%";
    canvas.chart = new window.Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: spec.datasets }, options: options });
  }
  function drawAll() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
