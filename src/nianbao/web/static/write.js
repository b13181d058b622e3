// Write page: totals computed live, the draft checked by the server's rules as you type,
// drafts saved, finished reports downloaded. Text from the server is inserted as text only.
(function () {
  "use strict";
  const form = JSON.parse(document.getElementById("form-data").textContent);
  let draftId = form.draft_id || null;
  const inputs = {};
  document.querySelectorAll("input.cell-input").forEach((i) => { inputs[i.dataset.cell] = i; });
  const status = document.getElementById("status");

  function num(v) {
    if (v === "" || v == null) return null;
    const n = Number(String(v).replace(/,/g, ""));
    return Number.isFinite(n) ? n : NaN;
  }

  function recompute() {
    // computed_parts is ordered so that parts come before the totals that use them.
    for (const [cid, parts] of Object.entries(form.computed)) {
      const vals = parts.map((p) => num(inputs[p] ? inputs[p].value : null));
      const ok = vals.every((v) => v !== null && !Number.isNaN(v));
      if (inputs[cid]) inputs[cid].value = ok ? String(Math.round(vals.reduce((a, b) => a + b, 0) * 10000) / 10000) : "";
    }
  }

  function draft() {
    const cells = {};
    for (const [cid, input] of Object.entries(inputs)) {
      if (!(cid in form.computed)) cells[cid] = input.value;
    }
    const sections = {};
    document.querySelectorAll("textarea[data-section]").forEach((t) => { sections[t.dataset.section] = t.value; });
    return {
      id: draftId, edition: form.edition, agency: document.getElementById("agency").value,
      year: Number(document.getElementById("year").value) || 2025, cells, sections,
    };
  }

  function item(list, sev, code, message, labels) {
    const li = document.createElement("li");
    li.className = "finding sev-" + sev;
    const badge = document.createElement("span");
    badge.className = "badge sev-" + sev;
    badge.textContent = { error: "错误", warning: "警告", info: "提示" }[sev] || sev;
    const c = document.createElement("code");
    c.textContent = " " + code + " ";
    const p = document.createElement("p");
    p.textContent = message;
    li.append(badge, c, p);
    if (labels && labels.length) {
      const q = document.createElement("p");
      q.className = "cells";
      q.textContent = "涉及：" + labels.join("；");
      li.append(q);
    }
    list.append(li);
  }

  let timer = null;
  let seq = 0;
  function schedule() {
    recompute();
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }

  async function check() {
    const mine = ++seq;
    const resp = await fetch("/api/write/check", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(draft()) });
    if (mine !== seq) return; // a newer check is on its way
    const body = await resp.json();
    document.querySelectorAll("td[data-cell]").forEach((td) => td.classList.remove("sev-error", "sev-warning", "sev-info"));
    const errs = document.getElementById("input-errors");
    const list = document.getElementById("write-findings");
    errs.replaceChildren();
    list.replaceChildren();
    if (!resp.ok) { item(errs, "error", body.error.code, body.error.message); return; }
    const rank = { info: 0, warning: 1, error: 2 };
    const worst = {};
    for (const e of body.input_errors) { item(errs, "error", "输入", e.message, [e.label]); worst[e.cell] = "error"; }
    for (const f of body.findings) {
      if (f.code === "CELL-BLANK" || f.severity === "info") continue; // blanks show as empty inputs already
      item(list, f.severity, f.code, f.message, f.cell_labels);
      for (const c of f.cells || []) if (!worst[c] || rank[f.severity] > rank[worst[c]]) worst[c] = f.severity;
    }
    for (const [cid, sev] of Object.entries(worst)) {
      const td = document.querySelector('td[data-cell="' + CSS.escape(cid) + '"]');
      if (td) td.classList.add("sev-" + sev);
    }
    document.body.dataset.checked = String(mine);
  }

  async function save() {
    const resp = await fetch("/api/drafts", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(draft()) });
    const body = await resp.json();
    if (!resp.ok) { status.textContent = body.error.message; return; }
    draftId = body.id;
    history.replaceState(null, "", "/write?draft=" + draftId);
    status.textContent = "草稿已保存";
  }

  async function download(fmt) {
    status.textContent = "正在生成…";
    const resp = await fetch("/api/write/download/" + fmt, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(draft()) });
    if (!resp.ok) {
      const body = await resp.json().catch(() => ({ error: { message: "生成失败" } }));
      status.textContent = body.error.message;
      return;
    }
    const blob = await resp.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    const agency = document.getElementById("agency").value.trim();
    a.download = agency + document.getElementById("year").value + "年政府信息公开工作年度报告." + fmt;
    document.body.append(a);
    a.click();
    a.remove();
    status.textContent = "已生成";
  }

  async function register(file) {
    const data = new FormData();
    data.append("file", file);
    data.append("year", document.getElementById("year").value);
    data.append("edition", form.edition);
    const resp = await fetch("/api/write/register", { method: "POST", body: data });
    const body = await resp.json();
    if (!resp.ok) { status.textContent = body.error.message; return; }
    for (const [cid, v] of Object.entries(body.cells)) if (inputs[cid] && !(cid in form.computed)) inputs[cid].value = v;
    status.textContent = "已根据登记台账填写表三";
    schedule();
  }

  document.querySelectorAll("input.cell-input:not([readonly]), textarea[data-section], #agency, #year").forEach((el) => el.addEventListener("input", schedule));
  document.getElementById("save").addEventListener("click", save);
  document.querySelectorAll("[data-download]").forEach((b) => b.addEventListener("click", () => download(b.dataset.download)));
  document.getElementById("register").addEventListener("change", (ev) => { if (ev.target.files[0]) register(ev.target.files[0]); });
  schedule();
})();
