"""Background checking: uploaded files are parsed and audited off the request, with progress.

A *job* is one upload of one or more files; each file is an *item* that moves through the
stages queued -> reading -> extracting -> auditing -> done (or failed). The page polls the
job and never waits on the parse. Results stay in memory (the most recent ``keep`` items).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from nianbao.errors import NianbaoError
from nianbao.progress import reporting_pages
from nianbao.schema.model import Report

STAGES = {"queued": "排队中", "reading": "读取文件", "extracting": "识别表格", "auditing": "规则检查", "done": "完成", "failed": "失败"}
_STAGE_PROGRESS = {"queued": 0.0, "reading": 0.15, "extracting": 0.5, "auditing": 0.85, "done": 1.0, "failed": 1.0}


@dataclass
class Item:
    """One uploaded file and, once checked, its report."""

    id: str
    name: str
    size: int
    format: str
    stage: str = "queued"
    error: str | None = None
    report: Report | None = None
    prev_name: str | None = None  # the previous year's file, when uploaded together
    parsed: bool = False
    created: float = field(default_factory=time.time)
    pages: tuple[int, int] | None = None  # OCR pages recognised so far, of how many

    @property
    def stage_label(self) -> str:
        if self.stage == "reading" and self.pages:
            return f"文字识别（OCR）第 {self.pages[0]}/{self.pages[1]} 页"
        return STAGES[self.stage]

    @property
    def progress(self) -> float:
        if self.stage == "reading" and self.pages:  # OCR is most of the time of a scan
            return round(_STAGE_PROGRESS["reading"] + 0.35 * self.pages[0] / max(1, self.pages[1]), 3)
        return _STAGE_PROGRESS[self.stage]

    @property
    def finished(self) -> bool:
        return self.stage in ("done", "failed")

    def summary(self) -> dict:
        out = {
            "id": self.id,
            "name": self.name,
            "size": self.size,
            "format": self.format,
            "stage": self.stage,
            "stage_label": self.stage_label,
            "progress": self.progress,
        }
        if self.pages:
            out["pages"] = {"done": self.pages[0], "total": self.pages[1]}
        if self.error:
            out["error"] = self.error
        if self.prev_name:
            out["compared_with"] = self.prev_name
        if self.report is not None:
            counts = {"error": 0, "warning": 0, "info": 0}
            for f in self.report.findings:
                counts[f.severity] += 1
            out.update(
                agency=self.report.meta.agency, year=self.report.meta.year, edition=self.report.edition, findings=counts
            )
        return out


@dataclass
class Job:
    id: str
    items: list[Item]

    def summary(self) -> dict:
        done = sum(1 for i in self.items if i.finished)
        progress = sum(i.progress for i in self.items) / max(1, len(self.items))
        return {
            "id": self.id,
            "total": len(self.items),
            "done": done,
            "finished": done == len(self.items),
            "progress": round(progress, 3),
            "items": [i.summary() for i in self.items],
        }


class Checker:
    """A small pool of worker threads that parse and audit uploads."""

    def __init__(self, workers: int = 2, keep: int = 1000):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nianbao-check")
        self._lock = threading.Lock()
        self._items: OrderedDict[str, Item] = OrderedDict()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._keep = keep

    def submit(self, files: list[tuple[str, bytes, str]]) -> Job:
        """Queue ``(name, data, format)`` triples; returns at once."""
        job = Job(uuid.uuid4().hex, [Item(uuid.uuid4().hex, n, len(d), fmt) for n, d, fmt in files])
        with self._lock:
            self._jobs[job.id] = job
            for it in job.items:
                self._items[it.id] = it
            self._trim()
        for it, (_, data, _) in zip(job.items, files):
            self._pool.submit(self._run, job, it, data)
        return job

    def job(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def item(self, item_id: str) -> Item | None:
        with self._lock:
            return self._items.get(item_id)

    def recent(self, limit: int = 50) -> list[Item]:
        with self._lock:
            return list(reversed(self._items.values()))[:limit]

    def _trim(self) -> None:
        while len(self._items) > self._keep:
            self._items.popitem(last=False)
        while len(self._jobs) > self._keep:
            self._jobs.popitem(last=False)

    def _run(self, job: Job, item: Item, data: bytes) -> None:
        from nianbao import extract_report, read
        from nianbao.audit import audit

        try:
            item.stage = "reading"

            def on_page(done: int, total: int) -> None:
                item.pages = (done, total)

            with reporting_pages(on_page):
                doc = read(data, name=item.name)
            item.stage = "extracting"
            report = extract_report(doc)
            item.stage = "auditing"
            report.findings = audit(report)
            item.report = report
        except NianbaoError as e:
            item.error = str(e)
        except Exception as e:  # a bug in a reader or rule must not kill the worker or hide the file
            item.error = f"内部错误 (internal error): {type(e).__name__}"
        with self._lock:
            item.parsed = True
            last = all(i.parsed for i in job.items)
        if last and len(job.items) > 1:  # every file of the upload is parsed: link consecutive years
            try:
                link_years(job.items)
            except Exception:  # noqa: BLE001 - a failing cross-year check leaves the single-year results
                pass
        item.stage = "failed" if item.report is None else "done"


def link_years(items: list[Item]) -> None:
    """Re-audit each report with the same body's report of the year before, when both were
    uploaded together, so that the cross-year rules (carry-over, stock, copied text) run."""
    from nianbao.agencies import identify
    from nianbao.audit import audit

    by_year: dict[tuple[str, int], Item] = {}
    for it in items:
        if it.report is not None and it.report.meta.year and it.report.meta.agency:
            by_year.setdefault((identify(it.report.meta.agency).key, it.report.meta.year), it)
    for (key, year), it in by_year.items():
        prev = by_year.get((key, year - 1))
        if prev is not None:
            it.report.findings = audit(it.report, prev=prev.report)
            it.prev_name = prev.name
