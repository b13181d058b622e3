// Charts drawn with the vendored ECharts from data the server embedded as JSON
// (<script type="application/json">), which is never interpreted as HTML.
(function () {
  "use strict";
  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false, tooltip: { trigger: "axis" }, grid: { left: 60, right: 20, top: 40, bottom: 60 } }, option));
    window.addEventListener("resize", () => chart.resize());
    el.dataset.drawn = "1";
    return chart;
  }
  function bar(id, labels, series, extra) {
    return draw(id, Object.assign({
      legend: { top: 0 },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: series.map((s) => Object.assign({ type: "bar" }, s)),
    }, extra || {}));
  }
  function pie(id, items) {
    return draw(id, { tooltip: { trigger: "item" }, series: [{ type: "pie", radius: ["30%", "65%"], data: items, label: { formatter: "{b}\n{d}%" } }] });
  }
  window.nbCharts = { data, draw, bar, pie };

  const trend = data("trend-data");
  if (trend) {
    const years = trend.years.map((r) => String(r.year));
    const shown = trend.figures.filter((f) => !["errors", "warnings"].includes(f.id));
    draw("trend", {
      legend: { top: 0 },
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series: shown.map((f) => ({ name: f.label, type: "line", data: trend.years.map((r) => r[f.id]) })),
    });
  }
})();
