// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID">: {type, labels, datasets,
// links, stacked, horizontal, percent, max (the axis end when a bar passes 100%), titles (whole names
// for tooltips), shortLabels (for narrow screens), legend (drawn by the page), integer (whole counts on the value axis), money (the unit label of amounts in billions)}. Clicking a bar or slice opens links[dataset][index] (or
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
      if (spec.percent) options.scales[horizontal ? "x" : "y"].max = Math.max(100, Math.ceil((spec.max || 0) / 20) * 20);
      // Every category gets its label (objective codes, pillars), however many there are.
      options.scales[horizontal ? "y" : "x"].ticks = { autoSkip: false };
      if (spec.integer) options.scales[horizontal ? "x" : "y"].ticks = { precision: 0 };  // counts: no 0,5
      if (spec.money) {
        options.scales[horizontal ? "x" : "y"].ticks = {
          callback: function (value) { return (value / 1e9).toLocaleString() + " " + spec.money; },
        };
      }
    }
    if (spec.titles) {
      // Long names on the axis are shortened; the tooltip gives the whole name and the status in words.
      options.plugins.tooltip = { callbacks: { title: function (items) { return spec.titles[items[0].dataIndex]; } } };
    }
    if (spec.percent) {
      options.plugins.tooltip = options.plugins.tooltip || { callbacks: {} };
      options.plugins.tooltip.callbacks.label = function (item) {
        return item.dataset.label + ": " + item.formattedValue + "%";
      };
    }
    if (spec.legend) options.plugins.legend = { display: false };  // the page writes its own legend
    if (spec.type === "doughnut") options.cutout = "55%";
    // On a narrow screen long names give way to codes (the tooltip still names them in full).
    var labels = spec.shortLabels && canvas.clientWidth < 480 ? spec.shortLabels : spec.labels;
    canvas.chart = new window.Chart(canvas, { type: spec.type, data: { labels: labels, datasets: spec.datasets }, options: options });
  }
  function drawAll() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
