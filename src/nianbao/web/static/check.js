// Check page: upload files, poll the job, load each finished result. Report text is only ever
// inserted as text (textContent) or as server-rendered, escaped HTML.
(function () {
  "use strict";
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const list = document.getElementById("progress");
  const errorBox = document.getElementById("upload-error");
  const resultBox = document.getElementById("result");

  function showError(message) {
    if (!errorBox) return;
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  async function upload(files) {
    if (!files.length) return;
    showError("");
    const form = new FormData();
    for (const f of files) form.append("files", f, f.name);
    let resp;
    try {
      resp = await fetch("/api/check", { method: "POST", body: form });
    } catch (e) {
      showError("上传失败：无法连接服务器");
      return;
    }
    const body = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      showError((body.error && body.error.message) || "上传失败");
      return;
    }
    follow(body);
  }

  function row(item) {
    const li = document.createElement("li");
    li.id = "item-" + item.id;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = item.name;
    const bar = document.createElement("progress");
    bar.max = 1;
    const stage = document.createElement("span");
    stage.className = "stage";
    const link = document.createElement("a");
    link.className = "open";
    link.href = "/check/" + item.id;
    link.textContent = "查看结果";
    link.hidden = true;
    link.addEventListener("click", (ev) => { ev.preventDefault(); load(item.id); });
    li.append(name, bar, stage, link);
    list.append(li);
    return li;
  }

  function update(li, item) {
    li.querySelector("progress").value = item.progress;
    const stage = li.querySelector(".stage");
    stage.textContent = item.stage_label + (item.findings ? "（错误 " + item.findings.error + "）" : "");
    li.classList.toggle("failed", item.stage === "failed");
    li.dataset.stage = item.stage;
    if (item.stage === "failed") stage.title = item.error || "";
    li.querySelector(".open").hidden = item.stage !== "done";
  }

  async function load(id) {
    const resp = await fetch("/check/" + id + "/panel");
    resultBox.innerHTML = await resp.text(); // server-rendered, autoescaped HTML
    wire(resultBox);
  }

  function follow(job) {
    const rows = {};
    for (const item of job.items) rows[item.id] = row(item);
    let loaded = false;
    async function poll() {
      const resp = await fetch("/api/jobs/" + job.id);
      if (!resp.ok) { showError("无法获取进度"); return; }
      const state = await resp.json();
      for (const item of state.items) update(rows[item.id], item);
      const first = state.items.find((i) => i.stage === "done");
      if (first && !loaded) { loaded = true; load(first.id); }
      if (!state.finished) setTimeout(poll, 400);
    }
    poll();
  }

  // Cells and findings: clicking a cell shows its source and its findings; clicking a
  // finding's cell link highlights the cell.
  function wire(root) {
    const detail = root.querySelector("#cell-detail");
    root.querySelectorAll("td[data-cell]").forEach((td) => {
      td.addEventListener("click", () => focusCell(root, td, detail));
      td.addEventListener("keydown", (ev) => { if (ev.key === "Enter") focusCell(root, td, detail); });
    });
    root.querySelectorAll("a.cell-link").forEach((a) => {
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        const td = root.querySelector('td[data-cell="' + CSS.escape(a.dataset.cell) + '"]');
        if (td) { focusCell(root, td, detail); td.scrollIntoView({ block: "center" }); }
      });
    });
  }

  function focusCell(root, td, detail) {
    root.querySelectorAll(".focus").forEach((e) => e.classList.remove("focus"));
    td.classList.add("focus");
    const article = td.closest("article");
    const ids = (td.dataset.findings || "").split(",").filter(Boolean);
    ids.forEach((i) => {
      const li = root.querySelector("#f-" + article.dataset.item + "-" + i);
      if (li) li.classList.add("focus");
    });
    if (ids.length) {
      const first = root.querySelector("#f-" + article.dataset.item + "-" + ids[0]);
      if (first) first.scrollIntoView({ block: "nearest" });
    }
    if (!detail) return;
    detail.hidden = false;
    detail.querySelector(".cd-label").textContent = td.title.split("\n")[0];
    detail.querySelector(".cd-value").textContent = td.textContent.trim();
    detail.querySelector(".cd-raw").textContent = td.dataset.raw || "（未印出）";
    detail.querySelector(".cd-where").textContent = td.dataset.where || "（未知）";
  }

  if (drop) {
    ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (ev) => { ev.preventDefault(); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, (ev) => { ev.preventDefault(); drop.classList.remove("over"); }));
    drop.addEventListener("drop", (ev) => upload(ev.dataTransfer.files));
    input.addEventListener("change", () => { upload(input.files); input.value = ""; });
  }
  document.querySelectorAll("article.result").forEach(wire);
  // A result page opened while the check is still running reloads itself when it is done.
  const pending = document.querySelector("[data-pending]");
  if (pending) setTimeout(() => location.reload(), 800);
})();
