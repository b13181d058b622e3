"""Ingest on both backends: real reports, generated reports and bad inputs; re-ingest adds
nothing; a killed ingest resumes to the identical final state; parser-version re-parse; Dask."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_files import bad_inputs, generated, hongze, real_reports, snapshot, variants, zip_of
from pg_cluster import store_url  # noqa: F401 - the backend-parametrized fixture

import nianbao
from nianbao.ingest import ingest
from nianbao.store import open_store


@pytest.fixture
def folder(tmp_path) -> tuple[Path, dict[str, str]]:
    """Real reports, 6 Hongze variants, 8 reports from the generator in four formats, a zip
    (with a copy of a real report and a broken member), and three bad inputs, in nested folders."""
    root = tmp_path / "in"
    (root / "real").mkdir(parents=True)
    for p in real_reports():
        shutil.copy(p, root / "real" / p.name)
    variants(root / "generated" / "deeper", 6)
    generated(root / "generator", 8)
    zip_of(root / "archive.zip", {"甲/2023.txt": hongze(2023).read_bytes(), "乙.txt": b"%PDF-1.4 broken"}, gbk_names=True)
    bad = bad_inputs(root / "bad")
    return root, bad


def _ingest(url, paths, **kw):
    with open_store(url) as store:
        summary = ingest(store, paths, progress=False, workers=kw.pop("workers", 1), **kw)
        return summary, store.counts(), snapshot(store)


def test_ingest_counts_failures_and_re_ingest(store_url, folder):  # noqa: F811
    root, bad = folder
    n_real = len(real_reports())
    summary, counts, first = _ingest(store_url, [root])
    parsed = len(summary.ok) + len(summary.with_findings)
    assert parsed == n_real + 6 + 8
    assert counts["reports"] == parsed
    assert summary.duplicates == 1  # the zip's 甲/2023.txt is the real Hongze 2023 file
    reasons = {Path(name).name: reason for name, reason in summary.failed}
    for name, fragment in bad.items():
        assert fragment in reasons[name]
    assert "乙.txt" in reasons  # a member of the archive, named in GBK, reported by name
    assert counts["failed"] == len(summary.failed) == 4
    assert counts["cells"] >= 200 * parsed and counts["sections"] >= 6 * parsed
    with open_store(store_url) as store:
        formats = {Path(r["name"]).name: r["format"] for r in store.rows("SELECT name, format FROM documents")}
    assert formats["corrupt.pdf"] == "pdf" and formats["notice.txt"] == "txt" and formats["empty.txt"] is None

    again, counts_again, second = _ingest(store_url, [root])
    assert again.parsed == 0 and again.unchanged == counts["documents"]
    assert counts_again == counts and second == first


def test_years_of_the_same_body_link_up(store_url, folder):  # noqa: F811
    from nianbao.corpus import agencies

    root, _ = folder
    _ingest(store_url, [root])
    with open_store(store_url) as store:
        bodies = {b["agency_key"]: b for b in agencies(store)}
        missing = {b["agency_key"] for b in agencies(store, year=2024, missing=True)}
    assert bodies["320813:政府"]["years"] == [2023, 2024]
    assert bodies["410184:科工信局"]["years"] == [2022]  # 新郑市科工信局
    assert "410184:科工信局" in missing and "320813:政府" not in missing


def test_new_parser_version_reparses_stored_documents(store_url, tmp_path, monkeypatch):  # noqa: F811
    paths = [hongze(2023), hongze(2024)]
    _, counts, first = _ingest(store_url, paths)
    monkeypatch.setattr(nianbao, "PARSER_VERSION", "test-next")
    summary, counts_after, after = _ingest(store_url, [])  # no inputs: stored content is re-parsed
    assert summary.reparsed == 2 and counts_after == counts
    with open_store(store_url) as store:
        assert {r["parser_version"] for r in store.rows("SELECT parser_version FROM reports")} == {"test-next"}
    assert after["cells"] == first["cells"]


def _ingest_cmd(url, folder):
    # one document per transaction, so that the tests can stop the ingest part-way
    return [sys.executable, "-m", "nianbao.cli", "ingest", str(folder), "--db", url, "--workers", "1", "--no-progress", "--commit-every", "1"]


def test_killed_ingest_resumes_to_the_same_state(store_url, tmp_path, pg_cluster_if_needed):  # noqa: F811
    folder = tmp_path / "gen"
    files = variants(folder, 16)
    proc = subprocess.Popen(_ingest_cmd(store_url, folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stored = 0
    with open_store(store_url) as store:
        while proc.poll() is None and stored < 4:
            time.sleep(0.02)
            stored = store.scalar("SELECT COUNT(*) FROM documents")
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9, workers and all
    proc.wait()
    assert 0 < stored < len(files), "the ingest was not killed part-way"

    resumed = subprocess.run(_ingest_cmd(store_url, folder), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    clean = pg_cluster_if_needed(store_url, tmp_path)
    _ingest(clean, [folder])
    with open_store(store_url) as a, open_store(clean) as b:
        assert snapshot(a) == snapshot(b)
        assert a.counts()["reports"] == len(files)


def test_ctrl_c_stops_cleanly_and_the_rerun_finishes(tmp_path):
    folder, url = tmp_path / "gen", str(tmp_path / "c.db")
    files = variants(folder, 30)
    cmd = _ingest_cmd(url, folder)
    cmd[cmd.index("--workers") + 1] = "2"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    stored = 0
    with open_store(url) as store:
        while proc.poll() is None and stored < 2:
            time.sleep(0.02)
            stored = store.scalar("SELECT COUNT(*) FROM documents")
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    _, err = proc.communicate()
    assert proc.returncode == 130 and "重新运行同一命令即可继续" in err
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    with open_store(url) as store:
        assert store.counts()["reports"] == len(files) and store.counts()["documents"] == len(files)


@pytest.fixture
def pg_cluster_if_needed(request):
    """Another empty store on the same backend as ``url``."""

    def make(url, tmp_path):
        if url.startswith("postgresql://"):
            return request.getfixturevalue("pg_cluster").new_database()
        return str(tmp_path / "clean.db")

    return make


def test_process_pool_matches_serial(tmp_path):
    files = variants(tmp_path / "gen", 6)
    _, _, serial = _ingest(str(tmp_path / "a.db"), files)
    _, _, pooled = _ingest(str(tmp_path / "b.db"), files, workers=2, executor="process")
    assert pooled == serial


@pytest.mark.slow
def test_dask_cluster_matches_serial(tmp_path):
    distributed = pytest.importorskip("distributed")
    files = variants(tmp_path / "gen", 4)
    _, _, serial = _ingest(str(tmp_path / "a.db"), files)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
        summary, _, dasked = _ingest(str(tmp_path / "b.db"), files, executor=address)
    assert summary.parsed == 4 and dasked == serial


def test_missing_path_is_reported_and_the_rest_completes(tmp_path):
    summary, counts, _ = _ingest(str(tmp_path / "a.db"), [tmp_path / "nope", hongze(2024)])
    assert summary.failed == [(str(tmp_path / "nope"), "文件不存在 (file not found)")]
    assert counts["reports"] == 1 and counts["failed"] == 0


def test_the_database_file_itself_is_not_ingested(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(hongze(2024), tmp_path / "r.txt")
    summary, counts, _ = _ingest("nianbao.db", [tmp_path])
    assert summary.failed == [] and counts["documents"] == 1


def test_archives_nested_archives_and_documents_that_are_zips(tmp_path):
    import io
    import zipfile

    import docx

    from nianbao.ingest import Unreadable, iter_sources

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("in/2024.txt", hongze(2024).read_bytes())
    document = io.BytesIO()
    docx.Document().save(document)
    zip_of(
        tmp_path / "a.zip",
        {"x/2023.txt": b"2023", "nested.zip": inner.getvalue(), "r.docx": document.getvalue(), ".hidden": b"x", "bad.zip": b"PK\x03\x04garbage"},
    )
    (tmp_path / "r.docx").write_bytes(document.getvalue())
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04garbage")
    found = {Path(s.name).relative_to(tmp_path).as_posix(): s for s in iter_sources([tmp_path])}
    assert sorted(found) == ["a.zip/bad.zip", "a.zip/nested.zip/in/2024.txt", "a.zip/r.docx", "a.zip/x/2023.txt", "broken.zip", "r.docx"]
    assert isinstance(found["broken.zip"], Unreadable) and "压缩包" in found["broken.zip"].reason
    assert isinstance(found["a.zip/bad.zip"], Unreadable)
    assert found["a.zip/x/2023.txt"].load() == b"2023"
    assert found["a.zip/r.docx"].load() == document.getvalue()


def test_a_file_that_kills_its_worker_fails_alone(tmp_path, monkeypatch):
    import multiprocessing

    from nianbao.ingest import CRASHED

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs forked workers to carry the patched parser")
    real_parse = nianbao.parse

    def parse(data, name=None, **kw):  # a parser defect that kills the process (as a segfault would)
        if "crash" in (name or ""):
            os._exit(1)
        return real_parse(data, name=name, **kw)

    monkeypatch.setattr(nianbao, "parse", parse)
    files = variants(tmp_path / "gen", 5)
    shutil.copy(files[0], tmp_path / "gen" / "crash.txt")
    (tmp_path / "gen" / "crash.txt").write_text(files[0].read_text(encoding="utf-8") + "！", encoding="utf-8")
    summary, counts, _ = _ingest(str(tmp_path / "a.db"), [tmp_path / "gen"], workers=2, executor="process")
    assert summary.failed == [(str(tmp_path / "gen" / "crash.txt"), CRASHED)]
    assert counts["reports"] == 5 and counts["failed"] == 1


def test_parsing_in_the_callers_process_leaves_its_heap_alone(monkeypatch):
    """Regression (review): a serial ingest froze the calling program's heap (gc.freeze), so its
    cyclic garbage could never be collected; only ingest's own worker processes settle."""
    import gc

    import nianbao.runtime
    from nianbao.ingest import parse_document

    monkeypatch.setattr(nianbao.runtime, "_settled", False)
    before = gc.get_freeze_count()
    report, problem = parse_document("a.txt", "一、总体情况\n本年度无申请。\n".encode())
    assert problem is None or report is None
    assert gc.get_freeze_count() == before and not nianbao.runtime._settled


def test_documents_are_committed_in_batches_all_or_nothing(tmp_path, monkeypatch):
    """Several documents per transaction: a failure while storing loses only the batch under
    way (nothing half-written), the batches before it stay, and the rerun completes."""
    from nianbao.store.base import Store

    folder, url = tmp_path / "gen", str(tmp_path / "b.db")
    files = variants(folder, 7)
    real_save, calls = Store.save, []

    def failing_save(self, *args, **kw):
        calls.append(1)
        if len(calls) == 6:  # the second document of the third batch of two
            raise RuntimeError("disk full")
        return real_save(self, *args, **kw)

    monkeypatch.setattr(Store, "save", failing_save)
    with open_store(url) as store, pytest.raises(RuntimeError):
        ingest(store, [folder], executor="serial", progress=False, commit_every=2)
    with open_store(url) as store:
        assert store.counts()["documents"] == 4 and store.counts()["reports"] == 4
    monkeypatch.setattr(Store, "save", real_save)
    with open_store(url) as store:
        summary = ingest(store, [folder], executor="serial", progress=False, commit_every=2)
        assert summary.unchanged == 4 and summary.parsed == 3
        assert store.counts()["documents"] == len(files) == 7


def test_commit_every_must_be_positive(tmp_path):
    with open_store(str(tmp_path / "c.db")) as store, pytest.raises(nianbao.InputError):
        ingest(store, [tmp_path], commit_every=0)


def test_data_files_beside_the_reports_fail_with_a_reason(tmp_path):
    """Regression: ground-truth JSON files (nianbao generate writes one beside each report) were
    stored as reports, and an Excel workbook was unpacked as an archive of XML members."""
    import openpyxl

    from nianbao.testing import generate

    folder = tmp_path / "gen"
    generate(folder, 2, ["txt"], seed=3)  # two reports, each with its .expected.json
    openpyxl.Workbook().save(folder / "登记台账.xlsx")
    with open_store(str(tmp_path / "d.db")) as store:
        summary = ingest(store, [folder], executor="serial", progress=False)
        reasons = dict(summary.failed)
        assert store.counts()["reports"] == 2
    assert len(reasons) == 3
    assert all("JSON" in why for name, why in reasons.items() if name.endswith(".json"))
    assert "Excel" in reasons[str(folder / "登记台账.xlsx")]
