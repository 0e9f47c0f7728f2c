"""The benchmark runs end to end on a tiny corpus: proof that `make bench` works, not a timing."""

from benchmarks.run import measure, report


def test_the_benchmark_measures_every_part(tmp_path, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)  # the corpus is recombined from data/raw
    results = measure(12, [1], tmp_path)
    assert results["documents"] == 12 and results["words"] > 0
    assert results["baseline"]["seconds"] > 0
    single = results["pipeline"]["1"]
    assert single["seconds"] > 0 and single["peak_rss_mib"] > 0
    assert results["incremental"]["added_documents"] == 1
    assert "actas build, 1 proc" in report(results)
    published = tmp_path / "out-1" / "documents.parquet"
    assert published.exists()
