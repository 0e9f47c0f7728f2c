"""The benchmark runs end to end on a small corpus: proof that `make bench` works, not a timing."""

import pytest

from benchmarks.run import measure, measure_scaling, report, scaling_report

pytestmark = pytest.mark.bench


def test_the_benchmark_measures_every_part(tmp_path, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)  # the corpus is recombined from data/raw
    results = measure(40, [1, 2], tmp_path, repeat=2)  # 40: enough texts for 2 processes
    assert results["documents"] == 40 and results["words"] > 0
    assert results["baseline"]["seconds"] > 0
    for n in ("1", "2"):
        run = results["pipeline"][n]
        assert run["seconds"] > 0 and run["peak_rss_mib"] > 0 and run["ratio_to_baseline"] > 0
    assert results["pipeline"]["2"]["speedup_over_1_process"] > 0
    assert results["incremental"]["added_documents"] == 1
    for measured in (results["baseline"], *results["pipeline"].values(), results["incremental"]):
        assert len(measured["runs"]) == 2 and measured["seconds"] == min(measured["runs"])
    assert len(results["changed_one_text"]["buckets_run"]) == 1
    assert "actas build, 2 proc" in report(results)
    for r in (0, 1):  # each round builds in folders of its own
        assert (tmp_path / f"run-{r}" / "out-2" / "documents.parquet").exists()
    assert len(list((tmp_path / "corpus").glob("new-*"))) == 1  # the last round's new text


def test_the_memory_benchmark_compares_two_corpus_sizes(tmp_path, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    results = measure_scaling(6, 12, 1, tmp_path)
    assert set(results["sizes"]) == {"6", "12"}
    assert all(r["peak_rss_mib"] > 0 for r in results["sizes"].values())
    assert results["memory_ratio"] > 0
    assert "peak memory ratio" in scaling_report(results)
