"""The corpus part of the benchmark grows a store by copying rows; the copies must be whole."""

from __future__ import annotations

from nianbao.bench import _corpus
from nianbao.bench_corpus import bench_corpus, grow


def test_corpus_figures_and_grown_store(tmp_path):
    r = bench_corpus(4, 30, seed=3, corpus=_corpus)
    assert r["ingested"] == 4 and r["ingest_per_s"] > 0
    assert r["stats_reports"] >= 30 and r["stats_seconds"] >= 0


def test_grow_copies_reports_with_their_findings(tmp_path):
    from nianbao.corpus import stats
    from nianbao.ingest import ingest
    from nianbao.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in _corpus("txt", 3, 5):
        (folder / name).write_bytes(data)
    store = open_store(str(tmp_path / "s.db"))
    try:
        ingest(store, [folder], progress=False, executor="serial")
        before = stats(store)
        n = grow(store, 9)
        after = stats(store)
        assert n == 9 and after["reports"] == 9
        assert sum(f["findings"] for f in after["top_findings"]) == 3 * sum(f["findings"] for f in before["top_findings"])
    finally:
        store.close()
