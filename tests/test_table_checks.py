"""The checks across tables: keys that resolve (blocking) and the analyst's warnings.

pipeline/publish/keys.py and indicators.py hold the logic; assets/checks.py runs it on
`all_tables`, before publishing.
"""

from __future__ import annotations

import shutil

import dagster as dg
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from assets.definitions import build_defs, folder_resources
from pipeline.publish import indicators, keys
from schemas import TABLES
from tests.conftest import printed_by_a_fresh_python


def _tables() -> dict[str, pd.DataFrame]:
    """A tiny corpus whose every reference holds: two documents, a sentence each."""
    doc = ["d1", "d2"]
    placed = {"doc_id": doc, "sentence_id": [0, 0]}
    return {
        "documents": pd.DataFrame({"doc_id": doc, "outlet_id": ["s1", None],
                                   "agency_id": [None, "s2"], "duplicate_of": [None, "d1"]}),
        "sentences": pd.DataFrame(placed),
        "actors": pd.DataFrame({"actor_id": ["a1", "a2"]}),
        "sources": pd.DataFrame({"source_id": ["s1", "s2"]}),
        "actor_mentions": pd.DataFrame({**placed, "actor_id": ["a1", "a2"]}),
        "events": pd.DataFrame({**placed, "source_actor_id": ["a1", None],
                                "target_actor_id": [None, "a2"], "attributed_to": ["s2", None],
                                "target_basis": [None, "stated"]}),
        "figures": pd.DataFrame({**placed, "subject_actor_id": ["a2", None],
                                 "claimant_id": ["a1", "s1"]}),  # an actor or a source
        "citations": pd.DataFrame({**placed, "source_id": ["s1", "s2"]}),
        "time_expressions": pd.DataFrame({**placed}),
    }  # fmt: skip


def test_a_corpus_whose_references_hold_has_no_dangling_key():
    assert keys.dangling(_tables()) == []


@pytest.mark.parametrize("ref", keys.REFERENCES, ids=str)
def test_each_reference_is_checked(ref):
    tables = _tables()
    broken = tables[ref.table].copy()
    values = [7 if column == "sentence_id" else "ghost" for column in ref.columns]
    broken.loc[1, list(ref.columns)] = values
    tables[ref.table] = broken
    found = [d for d in keys.dangling(tables) if d.reference == str(ref)]
    assert found == [keys.Dangling(str(ref), 1, ("/".join(map(str, values)),))]


def test_a_sentence_of_another_document_does_not_count():
    tables = _tables()
    tables["events"].loc[1, "sentence_id"] = 1  # d2 has sentence 0 only; d1 has no 1 either
    (found,) = keys.dangling(tables)
    assert (found.reference, found.rows) == ("events.doc_id+sentence_id -> sentences.doc_id+"
                                             "sentence_id", 1)  # fmt: skip


def test_the_seeds_keys_resolve(built):
    files = {name: built / f"{name}.parquet" for name in TABLES}
    assert keys.dangling(keys.read_key_columns(files)) == []


# ---- the warnings ------------------------------------------------------------------------
def _events(bases: list[str | None], docs: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": docs or ["d1"] * len(bases), "target_basis": bases})


def _documents(n: int) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i + 1}" for i in range(n)]})


def test_inferred_target_share():
    ok = indicators.inferred_target_share(_events(["inferred", "stated", None, None]))
    assert (ok.value, ok.ok) == (0.25, True)  # at the threshold
    high = indicators.inferred_target_share(_events(["inferred", "inferred", "stated", None]))
    assert (high.value, high.ok, high.rule) == (0.5, False, "inferred_target_share <= 0.25")
    assert indicators.inferred_target_share(_events([])).ok


def test_events_per_document():
    assert indicators.events_per_document(_events([None] * 4), _documents(2)).value == 2.0
    low = indicators.events_per_document(_events([None]), _documents(3))
    assert (low.value, low.ok) == (0.3333, False)
    assert not indicators.events_per_document(_events([]), _documents(0)).ok  # nothing at all


def test_documents_without_events_share():
    one_of_four = indicators.documents_without_events_share(
        _documents(4), _events([None] * 3, ["d1", "d2", "d3"])
    )
    assert (one_of_four.value, one_of_four.ok) == (0.25, True)
    half = indicators.documents_without_events_share(_documents(4), _events([None] * 3))
    assert (half.value, half.ok) == (0.75, False)
    assert half.explanation == "3 of 4 documents have no event"


def test_rejected_share():
    rejected = pd.DataFrame({"reason": ["empty"]})
    assert indicators.rejected_share(rejected, _documents(9)).ok  # 1 of 10
    assert not indicators.rejected_share(rejected, _documents(8)).ok  # 1 of 9
    assert indicators.rejected_share(rejected.iloc[:0], _documents(0)).value == 0.0


# ---- in Dagster: the key check blocks publishing, the warnings do not ---------------------
AFTER_THE_TABLES = ["all_tables", "published_tables", "datapackage", "duckdb_database"]


def _publish_from(work, out):
    """all_tables, its checks and publishing, from the tables in `work`."""
    defs = build_defs(folder_resources(published=out, work=work))
    job = defs.resolve_job_def("build_everything")
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
        asset_selection=[dg.AssetKey(k) for k in AFTER_THE_TABLES],
    )  # fmt: skip
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    made = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    return checks, made


@pytest.fixture
def work(built, tmp_path):
    """A copy of the seeds' work folder (the tables as the build left them)."""
    copy = tmp_path / "work"
    shutil.copytree(built.parent / "work", copy, ignore=shutil.ignore_patterns("cache", "buckets"))
    return copy


def test_a_dangling_actor_id_stops_publishing(work, tmp_path):
    actors = pq.read_table(work / "actors.parquet")
    mentioned = pq.read_table(work / "actor_mentions.parquet")["actor_id"][0].as_py()
    pq.write_table(actors.filter(pc.field("actor_id") != mentioned), work / "actors.parquet")
    checks, made = _publish_from(work, tmp_path / "out")
    assert not checks["keys_resolve"].passed
    assert "actor_mentions.actor_id -> actors.actor_id" in checks["keys_resolve"].metadata[
        "failed_rules"].value  # fmt: skip
    assert made == {"all_tables"} and not (tmp_path / "out").exists()


def test_the_seeds_pass_every_check_across_tables_and_publish(work, tmp_path):
    checks, made = _publish_from(work, tmp_path / "out")
    assert {name: e.passed for name, e in checks.items()} == {
        "keys_resolve": True, "inferred_target_share": True, "events_per_document": True,
        "documents_without_events_share": True, "rejected_share": True,
    }  # fmt: skip
    assert checks["events_per_document"].metadata["threshold"].value == 1.0
    assert set(AFTER_THE_TABLES) <= made and (tmp_path / "out" / "events.parquet").is_file()


def test_warnings_show_but_do_not_stop_publishing(work, tmp_path):
    events = pq.read_table(work / "events.parquet")
    pq.write_table(events.slice(0, 0), work / "events.parquet")  # a corpus without events
    checks, made = _publish_from(work, tmp_path / "out")
    warned = {name for name, e in checks.items() if not e.passed}
    assert warned == {"events_per_document", "documents_without_events_share"}
    assert all(checks[name].severity == dg.AssetCheckSeverity.WARN for name in warned)
    assert checks["events_per_document"].metadata["value"].value == 0.0
    assert "published_tables" in made


@pytest.mark.slow
def test_actas_build_prints_the_warnings_and_still_publishes(tmp_path, capsys):
    from assets.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "weather.txt").write_text("# A mild week\n\nPublished: 2025-03-04\n\nThe weather in "
                                     "the capital stayed mild all week, with light winds and "
                                     "a few clouds in the afternoons.\n")  # fmt: skip
    (raw / "empty.txt").write_text("")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "warning: check events_per_document: 0 events in 1 documents (expected " \
           "events_per_document >= 1)" in err  # fmt: skip
    assert "warning: check rejected_share: 1 of 2 raw files rejected" in err
    assert "warning: check keys_resolve" not in err and "check failed" not in err
    assert (tmp_path / "out" / "events.parquet").is_file()


def test_the_models_build_their_schemas_without_importing_dask():
    """Dask is installed for the Dask executor; pandera would import dask.dataframe (0.7 s)
    to look up its types, which these pandas models never use. After the lookups, Dask's
    pandera typing imports as usual."""
    code = (
        "import sys, schemas\n"
        "[model.to_schema() for model in schemas.TABLES.values()]\n"
        "print('dask.dataframe' in sys.modules)\n"
        "import pandera.typing.dask\n"
        "print(pandera.typing.dask.DASK_INSTALLED)\n"
    )
    assert printed_by_a_fresh_python(code) == ["False", "True"]


def test_checking_a_table_does_not_import_hypothesis():
    """hypothesis is installed for the tests; pandera's built-in checks would import it (a
    quarter of a second) for data-generation strategies these models never use. Imported
    after, it is whole."""
    code = (
        "import sys, pandas, schemas\n"
        "model = schemas.TABLES['rejected_inputs']\n"
        "model.validate(pandas.DataFrame({c: [] for c in model.to_schema().columns}))\n"
        "print('pandera.backends.pandas.builtin_checks' in sys.modules)\n"
        "print('hypothesis' in sys.modules)\n"
        "from hypothesis import given, strategies\n"
        "print(callable(given))\n"
    )
    assert printed_by_a_fresh_python(code) == ["True", "False", "True"]
