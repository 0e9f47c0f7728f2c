"""The whole data path, raw texts to published Parquet, through Dagster in-process."""

import dataclasses

import duckdb
import pyarrow.parquet as pq
import pytest

import pipeline.extract.analyse
from assets.build import build
from tests.conftest import RAW

pytestmark = pytest.mark.slow  # every test here reads or makes a build of the seeds

# The public contract of DATASET.md: none of these may be missing or renamed.
CONTRACT = {
    "documents": [
        "doc_id",
        "source_file",
        "title",
        "outlet_id",
        "url",
        "published_at",
        "published_date",
        "date_precision",
        "date_basis",
        "language",
        "n_words",
        "body",
        "duplicate_of",
    ],
    "sentences": ["doc_id", "sentence_id", "start", "end", "text", "kind"],
    "actors": [
        "actor_id",
        "name",
        "actor_type",
        "country_code",
        "role",
        "wikidata_id",
        "aliases",
        "n_mentions",
        "n_documents",
    ],
    "actor_mentions": ["doc_id", "sentence_id", "actor_id", "start", "end", "text"],
    "events": [
        "event_id",
        "doc_id",
        "sentence_id",
        "event_type",
        "cameo_code",
        "source_actor_id",
        "target_actor_id",
        "event_date",
        "date_precision",
        "status",
        "attributed_to",
        "trigger",
    ],
    "figures": [
        "figure_id",
        "doc_id",
        "sentence_id",
        "start",
        "end",
        "text",
        "value",
        "unit",
        "qualifier",
        "subject_actor_id",
        "claimant_id",
    ],
    "sources": ["source_id", "name", "source_type", "aliases"],
    "citations": ["doc_id", "sentence_id", "source_id", "text"],
    "time_expressions": [
        "doc_id",
        "sentence_id",
        "start",
        "end",
        "text",
        "value",
        "timex_type",
        "anchor",
    ],
    "rejected_inputs": ["source_file", "reason", "detail"],
}
DUCKDB_TYPES = {
    ("documents", "published_date"): "DATE",
    ("documents", "published_at"): "TIMESTAMP",
    ("documents", "n_words"): "INTEGER",
    ("actors", "aliases"): "VARCHAR[]",
    ("events", "event_date"): "DATE",
    ("figures", "value"): "DOUBLE",
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_published_tables_have_the_contract_columns(built, table):
    names = pq.read_schema(built / f"{table}.parquet").names
    assert set(CONTRACT[table]) <= set(names)


def test_published_column_types_as_duckdb_sees_them(built):
    con = duckdb.connect()
    for (table, column), expected in DUCKDB_TYPES.items():
        rows = con.execute(
            f"DESCRIBE SELECT {column} FROM read_parquet('{built / (table + '.parquet')}')"
        ).fetchall()
        assert rows[0][1] == expected, (table, column)


def test_every_seed_is_published_and_offsets_index_the_body(built):
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{built}'")
    docs = con.execute("select count(*) from read_parquet('documents.parquet')").fetchone()[0]
    assert docs == len(list(RAW.glob("*.txt")))
    bad = con.execute("""
        select count(*) from read_parquet('actor_mentions.parquet') m
        join read_parquet('documents.parquet') d using (doc_id)
        where substring(d.body, m.start + 1, m."end" - m.start) != m.text
    """).fetchone()[0]
    assert bad == 0


def test_duckdb_database_answers_from_the_published_folder(built, monkeypatch):
    monkeypatch.chdir(built)
    with duckdb.connect("actas.duckdb", read_only=True) as con:
        rows = con.execute("select event_type, count(*) from events group by 1").fetchall()
    assert rows and all(n > 0 for _, n in rows)


def test_datapackage_lists_every_table_with_its_checksum(built):
    import hashlib
    import json

    package = json.loads((built / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(CONTRACT)
    for name, resource in resources.items():
        data = (built / resource["path"]).read_bytes()
        assert resource["x-sha256"] == hashlib.sha256(data).hexdigest()
        assert resource["x-bytes"] == len(data)
        described = {f["name"]: f["description"] for f in resource["schema"]["fields"]}
        assert all(described[c] for c in CONTRACT[name]), name


def test_two_builds_give_the_same_ids_and_bytes(built, tmp_path):
    report = build(RAW, tmp_path / "published", tmp_path / "work")
    assert report.success
    for table in CONTRACT:
        first = (built / f"{table}.parquet").read_bytes()
        assert first == (tmp_path / "published" / f"{table}.parquet").read_bytes(), table


def test_a_failing_check_blocks_publishing(tmp_path, monkeypatch):
    real = pipeline.extract.analyse.extract_figures

    def broken(*args, **kwargs):
        # "roughly" is not one of the contract's qualifiers
        return [dataclasses.replace(f, qualifier="roughly") for f in real(*args, **kwargs)]

    monkeypatch.setattr(pipeline.extract.analyse, "extract_figures", broken)
    out = tmp_path / "published"
    out.mkdir()
    (out / "datapackage.json").write_text('{"name": "actas", "note": "the last good dataset"}')
    report = build(RAW, out, tmp_path / "work")
    assert not report.success
    assert "figures_matches_contract" in report.failed_checks
    assert any("isin" in rule for rule in report.failed_checks["figures_matches_contract"])
    assert [p.name for p in out.iterdir()] == ["datapackage.json"]
    assert "the last good dataset" in (out / "datapackage.json").read_text()


def test_published_tables_can_go_to_a_filesystem_url(tmp_path):
    remote = tmp_path / "object-store" / "actas"
    report = build(RAW, tmp_path / "published", tmp_path / "work",
                   upload_url=remote.as_uri())  # fmt: skip
    assert report.success
    for name in CONTRACT:
        local = tmp_path / "published" / f"{name}.parquet"
        assert (remote / f"{name}.parquet").read_bytes() == local.read_bytes()
    count = (
        duckdb.connect()
        .execute(f"select count(*) from read_parquet('{remote / 'documents.parquet'}')")
        .fetchone()[0]
    )
    assert count == len(list(RAW.glob("*.txt")))
    assert (remote / "report.html").exists()
