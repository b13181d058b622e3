// Dashboard charts from the statistics the page embedded (same object as /api/dashboard).
(function () {
  "use strict";
  const C = window.nbCharts;
  const s = C && C.data("stats-data");
  if (!s) return;
  const pct = (v) => (v == null ? null : Math.round(v * 1000) / 10);
  C.bar("chart-by_year", s.by_year.map((r) => String(r.year ?? "未识别")), [
    { name: "新收申请", data: s.by_year.map((r) => r.applications) },
    { name: "报告数", data: s.by_year.map((r) => r.reports) },
  ]);
  C.pie("chart-outcomes", s.outcomes.map((o) => ({ name: o.label, value: o.count })));
  C.bar("chart-correction_rates", s.correction_rates.map((r) => r.kind), [
    { name: "纠错率（%）", data: s.correction_rates.map((r) => pct(r.rate)) },
  ]);
  C.bar("chart-top_findings", s.top_findings.map((f) => f.code), [{ name: "出现次数", data: s.top_findings.map((f) => f.findings) }]);
  C.bar("chart-by_region", s.by_region.map((r) => r.province), [{ name: "新收申请", data: s.by_region.map((r) => r.applications) }]);
  C.pie("chart-by_level", s.by_level.map((r) => ({ name: r.level, value: r.applications || 0 })));
})();
