"""Ingest: files, folders and zip archives into the store, parsed on every core.

>>> from nianbao.store import open_store
>>> from nianbao.ingest import ingest
>>> summary = ingest(open_store("nianbao.db"), ["reports/"])

Each document is keyed by the SHA-256 of its bytes: stored once, skipped when met again
unless it was parsed by another :data:`nianbao.PARSER_VERSION`, in which case it is re-parsed
(stored documents not met again are re-parsed from their kept content). Parsing runs in
worker processes (or on a Dask cluster); only the main process writes, one transaction per
document, so an interrupted ingest resumes to the same final state.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import time
import zipfile
from functools import partial
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from nianbao.errors import InputError, NianbaoError
from nianbao.readers import odf_mimetype, sniff
from nianbao.store import DocumentInfo, Store

ZIP_MAGIC = b"PK\x03\x04"
NOT_A_REPORT = "不像政府信息公开年度报告：没有找到章节和统计表 (not an annual report)"


@dataclass
class Source:
    """One input document: a display name and how to get its bytes."""

    name: str
    load: Callable[[], bytes]


@dataclass(frozen=True)
class Unreadable:
    """An input that is not a document at all (missing path, corrupt archive): name and reason."""

    name: str
    reason: str


@dataclass
class IngestSummary:
    """What an ingest did. ``failed`` pairs a name with the reason, in the user's language."""

    ok: list[str] = field(default_factory=list)
    with_findings: list[tuple[str, int]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0
    reparsed: int = 0
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def parsed(self) -> int:
        return len(self.ok) + len(self.with_findings) + len(self.failed)

    @property
    def rate(self) -> float:
        """Documents parsed per second."""
        return self.parsed / self.seconds if self.seconds else 0.0


# -- inputs ----------------------------------------------------------------------------------
def iter_sources(paths: Iterable[str | os.PathLike], exclude: Iterable[Path] = ()) -> Iterator[Source | Unreadable]:
    """Every document under ``paths``: files, folders (recursively, in name order, hidden
    entries skipped) and zip archives (their members, nested archives too). A path that
    cannot be used yields an :class:`Unreadable` instead of a Source."""
    skip = {p.resolve() for p in exclude}
    for p in map(Path, paths):
        if not p.exists():
            yield Unreadable(str(p), "文件不存在 (file not found)")
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) and f.resolve() not in skip:
                    yield from _file_sources(f)
        else:
            yield from _file_sources(p)


def _file_sources(path: Path) -> Iterator[Source | Unreadable]:
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as e:
        yield Unreadable(str(path), f"无法读取：{e.strerror} (cannot read)")
        return
    if not head.startswith(ZIP_MAGIC) or odf_mimetype(head) is not None:  # an OpenDocument, even truncated
        yield Source(str(path), path.read_bytes)
        return
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        yield Unreadable(str(path), "文件已损坏：压缩包结构无效 (corrupt archive)")
        return
    if _is_document(archive):
        archive.close()
        yield Source(str(path), path.read_bytes)
    else:
        yield from _zip_sources(str(path), archive)


def _is_document(archive: zipfile.ZipFile) -> bool:
    """A zip that is itself a document (DOCX, OpenDocument, or an Excel workbook, which the
    reader refuses with a reason), not an archive of documents."""
    names = set(archive.namelist())
    return "word/document.xml" in names or "xl/workbook.xml" in names or {"mimetype", "content.xml"} <= names


def _zip_sources(name: str, archive: zipfile.ZipFile) -> Iterator[Source | Unreadable]:
    """The members of an archive, read only when parsed (an archive may be larger than memory)."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    for m in sorted(members, key=lambda m: m.filename):
        member = f"{name}/{_member_name(m)}"
        if any(part.startswith(".") or part == "__MACOSX" for part in m.filename.split("/")):
            continue
        try:
            with archive.open(m) as fh:
                head = fh.read(2048)
            if head.startswith(ZIP_MAGIC) and odf_mimetype(head) is None:
                inner = zipfile.ZipFile(BytesIO(archive.read(m)))
                if not _is_document(inner):
                    yield from _zip_sources(member, inner)
                    continue
        except (zipfile.BadZipFile, OSError, RuntimeError) as e:  # RuntimeError: encrypted member
            yield Unreadable(member, f"无法解压：{e} (cannot extract)")
            continue
        yield Source(member, partial(archive.read, m))


def _member_name(info: zipfile.ZipInfo) -> str:
    """Member names written by Chinese Windows tools are GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


# -- parsing (runs in workers) ---------------------------------------------------------------
def parse_document(name: str, data: bytes):
    """(report, None) or (None, reason): one document parsed, every failure turned into a reason."""
    import nianbao
    from nianbao.runtime import settle

    try:
        if _PAGES is not None:
            from nianbao.progress import reporting_pages

            with reporting_pages(_page_reporter(name)):
                report = nianbao.parse(data, name=name)
        else:
            report = nianbao.parse(data, name=name)
    except NianbaoError as e:
        return None, getattr(e, "problem", None) or str(e)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop an ingest of thousands
        return None, f"解析出错 (parser error): {type(e).__name__}: {e}"
    finally:
        if _IN_WORKER:  # a worker process of ours, never the caller's process
            settle()
    if not looks_like_report(report):
        return None, NOT_A_REPORT
    return report, None


def looks_like_report(report) -> bool:
    """A statistical table, two of the six sections, or a title naming 信息公开."""
    tables = report.layout.get("tables") or {}
    return any(t.get("found") for t in tables.values()) or len(report.sections) >= 2 or "信息公开" in (report.meta.title or "")


def _ignore_sigint() -> None:
    # Workers leave Ctrl-C to the main process, which stops them in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# Pages recognised by OCR in a worker, sent to the main process for the progress bar.
_PAGES = None
_IN_WORKER = False


def _worker_init(pages) -> None:
    global _PAGES, _IN_WORKER
    _ignore_sigint()
    _PAGES = pages
    _IN_WORKER = True


def _page_reporter(name: str):
    def report(done: int, total: int) -> None:
        try:
            _PAGES.put_nowait((name, done, total))
        except Exception:  # noqa: BLE001 - progress is a courtesy; it never fails a parse
            pass

    return report


# -- executors -------------------------------------------------------------------------------
class _Serial:
    """Parse in this process (one worker)."""

    slots = 1

    def submit(self, fn, *args):
        from concurrent.futures import Future

        f: Future = Future()
        try:
            f.set_result(fn(*args))
        except BaseException as e:  # noqa: BLE001 - delivered through the future like the pools do
            f.set_exception(e)
        return f

    def wait(self, futures):
        return set(futures), set()

    def close(self) -> None:
        pass


class _Processes:
    def __init__(self, workers: int):
        from concurrent.futures import ProcessPoolExecutor

        import multiprocessing

        self.pages = multiprocessing.Queue()
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(self.pages,))
        self.slots = workers

    def page_updates(self) -> list[tuple[str, int, int]]:
        """OCR pages the workers reported since the last call."""
        import queue

        out = []
        while True:
            try:
                out.append(self.pages.get_nowait())
            except (queue.Empty, OSError, ValueError):
                return out

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def wait(self, futures):
        from concurrent.futures import wait

        # a short timeout so that OCR page progress reaches the bar while a scan is read
        return wait(futures, timeout=0.5, return_when=FIRST_COMPLETED)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pages.close()


class _Dask:
    """A Dask cluster: ``dask`` starts a local one, ``dask://host:port`` connects to a scheduler."""

    def __init__(self, address: str | None, workers: int):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("--executor", "需要安装 dask：pip install 'nianbao[dask]' (dask is not installed)") from None
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout="20s")
            except OSError as e:
                raise InputError(address, f"无法连接 Dask 调度器：{e} (cannot reach the scheduler)") from None
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def wait(self, futures):
        from distributed import wait

        return wait(list(futures), return_when="FIRST_COMPLETED")

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(spec: str = "process", workers: int | None = None):
    """``process`` (default: all cores), ``serial``, ``dask`` (a local cluster) or
    ``dask://host:port`` / ``tcp://host:port`` (an existing scheduler)."""
    workers = workers or os.cpu_count() or 1
    if spec == "serial" or (spec == "process" and workers == 1):
        return _Serial()
    if spec == "process":
        return _Processes(workers)
    if spec == "dask":
        return _Dask(None, workers)
    if spec.startswith(("dask://", "tcp://", "tls://")):
        return _Dask("tcp://" + spec.removeprefix("dask://") if spec.startswith("dask://") else spec, workers)
    raise InputError("--executor", f"未知的执行方式 {spec!r}：可用 process、serial、dask、dask://主机:端口 (unknown executor)")


# -- the ingest ------------------------------------------------------------------------------
CRASHED = "解析时进程崩溃（文件可能触发了解析器缺陷）(the parser process crashed on this file)"


# Documents are stored in transactions of up to COMMIT_EVERY documents or COMMIT_SECONDS:
# a commit costs more than storing a report (the full-text index is written at commit).
COMMIT_EVERY = 50
COMMIT_SECONDS = 2.0


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike],
    executor: str = "process",
    workers: int | None = None,
    progress: bool = True,
    keep_content: bool = True,
    commit_every: int = COMMIT_EVERY,
) -> IngestSummary:
    """Parse and store every document under ``paths``; returns what happened to each.

    Results are committed ``commit_every`` documents (or two seconds) at a time, each batch
    all or nothing. A Ctrl-C stops the ingest between two documents (``summary.interrupted``)
    and a crash may stop it anywhere: what is stored is complete (the batch under way is
    rolled back), and running the same ingest again finishes the rest.
    """
    if commit_every < 1:
        raise InputError("--commit-every", "每批至少 1 份 (at least 1 document per commit)")
    db_files = [Path(store.path + s) for s in ("", "-wal", "-shm", "-journal")] if getattr(store, "path", None) else []
    run = _Run(store, executor, workers, progress, keep_content, commit_every)
    return run.run(list(iter_sources(paths, exclude=db_files)))


class _Abandoned(Exception):
    """Handed to the open transaction to roll it back."""


class _Run:
    """One ingest: feeds documents to the executor, keeps a bounded number in flight, and
    stores the results as they arrive, in batches of one transaction each."""

    def __init__(self, store: Store, executor: str, workers: int | None, progress: bool, keep_content: bool, commit_every: int):
        from nianbao import PARSER_VERSION

        self.store, self.spec, self.workers, self.keep = store, executor, workers, keep_content
        self.version = PARSER_VERSION
        self.summary = IngestSummary()
        self.bar = _Bar(progress)
        self.known = store.known_documents()
        self.seen: set[str] = set()
        self.pending: dict = {}
        self.pool = None
        self.commit_every = commit_every
        self.batch: contextlib.ExitStack | None = None  # the open transaction
        self.batch_started = 0.0
        self.batched: list[tuple] = []  # what the open transaction holds, counted once committed

    def run(self, items: list) -> IngestSummary:
        started = time.monotonic()
        try:
            self.bar.start(len(items))
            self.pool = make_executor(self.spec, self.workers)
            for item in items:
                self.feed(item)
            stale = [r for r in self.store.stale_documents(self.version) if r["hash"] not in self.seen]
            self.bar.extend(len(stale))
            for row in stale:  # stored by an older parser version and not among the inputs
                self.feed(Source(row["name"], partial(self.store.content, row["id"])), stale=True)
            self.drain(block=True)
            self.commit()
        except KeyboardInterrupt:
            self.summary.interrupted = True
        finally:
            self.rollback()  # after an interrupt or an error: the batch under way is not stored
            self.bar.stop()
            if self.pool is not None:
                self.pool.close()
            self.summary.seconds = time.monotonic() - started
        return self.summary

    def feed(self, source: Source | Unreadable, stale: bool = False) -> None:
        if isinstance(source, Unreadable):
            return self._done_without_parse(failed=(source.name, source.reason))
        try:
            data = source.load()
        except OSError as e:
            return self._done_without_parse(failed=(source.name, f"无法读取：{e.strerror} (cannot read)"))
        digest = hashlib.sha256(data).hexdigest()
        if digest in self.seen:
            self.summary.duplicates += 1
            return self._done_without_parse()
        self.seen.add(digest)
        state = self.known.get(digest)
        if state is not None and state[1] == self.version:
            self.summary.unchanged += 1
            return self._done_without_parse()
        doc = DocumentInfo(hash=digest, name=source.name, size=len(data), format=sniff(data, source.name) if data.strip() else None)
        self.pending[self.pool.submit(parse_document, source.name, data)] = (doc, data, stale or state is not None)
        self.drain(block=False)

    def drain(self, block: bool) -> None:
        """Store finished documents: all of them (``block``) or until a slot is free."""
        window = 2 * self.pool.slots  # documents in flight: bounded memory, no idle worker
        while self.pending and (block or len(self.pending) >= window):
            done, _ = self.pool.wait(self.pending)
            for name, page, total in getattr(self.pool, "page_updates", list)():
                self.bar.page(name, page, total)
            crashed = []
            for fut in done:
                job = self.pending.pop(fut)
                try:
                    report, reason = fut.result()
                except Exception:  # noqa: BLE001 - a worker died (segfault, out of memory) or the cluster failed
                    crashed.append(job)
                    continue
                self.record(job, report, reason)
            if crashed:
                self._isolate(crashed)

    def _isolate(self, jobs: list) -> None:
        """A worker died under one of these documents (and took the others in flight with it):
        run them again one at a time on a fresh executor, so that only the culprit fails."""
        jobs += list(self.pending.values())
        self.pending.clear()
        self.pool.close()
        self.pool = make_executor(self.spec, self.workers)
        for job in jobs:
            doc, data, _ = job
            try:
                report, reason = self.pool.submit(parse_document, doc.name, data).result()
            except Exception:  # noqa: BLE001 - this one is the culprit
                self.pool.close()
                self.pool = make_executor(self.spec, self.workers)
                report, reason = None, CRASHED
            self.record(job, report, reason)

    def record(self, job: tuple, report, reason: str | None) -> None:
        doc, data, stale = job
        if self.batch is None:
            self.batch = contextlib.ExitStack()
            self.batch.enter_context(self.store.transaction())
            self.batch_started = time.monotonic()
        self.store.save(doc, self.version, report=report, error=reason, content=data if self.keep else None)
        self.batched.append((doc.name, report, reason, stale))
        self._advance()
        if len(self.batched) >= self.commit_every or time.monotonic() - self.batch_started >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Commit the open batch and count its documents."""
        if self.batch is None:
            return
        batch, self.batch = self.batch, None
        batch.close()  # leaves the transaction: commit
        s = self.summary
        for name, report, reason, stale in self.batched:
            if report is None:
                s.failed.append((name, reason))
            elif report.findings:
                s.with_findings.append((name, len(report.findings)))
            else:
                s.ok.append(name)
            s.reparsed += bool(stale)
        self.batched = []

    def rollback(self) -> None:
        """Drop the open batch (a document may be half-written in it)."""
        if self.batch is None:
            return
        batch, self.batch = self.batch, None
        self.batched = []
        batch.__exit__(_Abandoned, _Abandoned(), None)  # the transaction rolls back


    def _done_without_parse(self, failed: tuple[str, str] | None = None) -> None:
        if failed:
            self.summary.failed.append(failed)
        self._advance()

    def _advance(self) -> None:
        """The bar counts a file when it is parsed; the summary when its batch is committed."""
        s = self.summary
        failed = len(s.failed) + sum(1 for _, report, _, _ in self.batched if report is None)
        self.bar.advance(s.parsed + len(self.batched), failed)


class _Bar:
    """The progress bar on stderr: files done, rate, failures so far."""

    def __init__(self, enabled: bool):
        self.progress = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("入库 (ingest)"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} 份/秒"),
                TextColumn("[red]失败 {task.fields[failed]}[/]"),
                TextColumn("{task.fields[ocr]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
        self.task = None
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        if self.progress:
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=total, rate=0.0, failed=0, ocr="")

    def extend(self, more: int) -> None:
        if self.progress and self.task is not None and more:
            self.progress.update(self.task, total=self.progress.tasks[0].total + more)

    def advance(self, parsed: int, failed: int) -> None:
        """One more file done; ``parsed`` and ``failed`` so far (stored or in the open batch)."""
        if self.progress and self.task is not None:
            elapsed = time.monotonic() - self.started
            self.progress.update(self.task, advance=1, rate=parsed / elapsed if elapsed else 0.0, failed=failed)

    def page(self, name: str, done: int, total: int) -> None:
        """A worker recognised page ``done`` of ``total`` of a scan (OCR)."""
        if self.progress and self.task is not None:
            label = "" if done >= total else f"OCR {Path(name).name} 第{done}/{total}页"
            self.progress.update(self.task, ocr=label)

    def stop(self) -> None:
        if self.progress:
            self.progress.stop()
