"""Tests of the evaluation scorer on tiny hand-made Parquet folders and gold files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluate.scores import CATEGORIES, evaluate, format_report, max_matching

GOLD_SEEDS = Path(__file__).parent / "gold" / "seeds.json"
TEXT, LIST = pa.string(), pa.list_(pa.string())
INT = pa.int64()
IN_BODY = {"doc_id": TEXT, "sentence_id": INT, "start": INT, "end": INT, "text": TEXT}
SCHEMAS = {
    "documents": {
        "doc_id": TEXT,
        "source_file": TEXT,
        "title": TEXT,
        "outlet_id": TEXT,
        "url": TEXT,
        "published_at": pa.timestamp("s"),
        "published_date": pa.date32(),
        "date_precision": TEXT,
        "date_basis": TEXT,
        "language": TEXT,
        "n_words": INT,
        "body": TEXT,
        "duplicate_of": TEXT,
    },
    "actors": {
        "actor_id": TEXT,
        "name": TEXT,
        "actor_type": TEXT,
        "country_code": TEXT,
        "role": TEXT,
        "wikidata_id": TEXT,
        "aliases": LIST,
        "n_mentions": INT,
        "n_documents": INT,
    },
    "actor_mentions": {**IN_BODY, "actor_id": TEXT},
    "events": {
        "event_id": TEXT,
        "doc_id": TEXT,
        "sentence_id": INT,
        "event_type": TEXT,
        "cameo_code": TEXT,
        "source_actor_id": TEXT,
        "target_actor_id": TEXT,
        "event_date": pa.date32(),
        "date_precision": TEXT,
        "status": TEXT,
        "attributed_to": TEXT,
        "trigger": TEXT,
    },
    "figures": {
        **IN_BODY,
        "figure_id": TEXT,
        "value": pa.float64(),
        "unit": TEXT,
        "qualifier": TEXT,
        "subject_actor_id": TEXT,
        "claimant_id": TEXT,
    },
    "sources": {"source_id": TEXT, "name": TEXT, "source_type": TEXT, "aliases": LIST},
    "citations": {"doc_id": TEXT, "sentence_id": INT, "source_id": TEXT, "text": TEXT},
    "time_expressions": {**IN_BODY, "value": TEXT, "timex_type": TEXT, "anchor": TEXT},
    "sentences": {**IN_BODY, "kind": TEXT},
}


def write_published(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """Write every table (missing ones empty) as Parquet; absent columns are null."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns in SCHEMAS.items():
        rows = tables.get(name, [])
        schema = pa.schema(list(columns.items()))
        data = {c: [r.get(c) for r in rows] for c in columns}
        pq.write_table(pa.table(data, schema=schema), folder / f"{name}.parquet")
    return folder


def write_gold(path: Path, gold: list[dict]) -> Path:
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def actor(actor_id: str, name: str, *aliases: str) -> dict:
    return {"actor_id": actor_id, "name": name, "actor_type": "person", "aliases": list(aliases)}


def mention(actor_id: str, doc_id: str = "d1") -> dict:
    return {
        "doc_id": doc_id,
        "sentence_id": 0,
        "start": 0,
        "end": 1,
        "text": "x",
        "actor_id": actor_id,
    }


def event(kind: str, source: str | None, target: str | None) -> dict:
    return {
        "event_id": f"{kind}-{source}-{target}",
        "doc_id": "d1",
        "event_type": kind,
        "source_actor_id": source,
        "target_actor_id": target,
        "status": "asserted",
    }


def figure(value: float, unit: str, subject: str | None, claimant: str | None) -> dict:
    return {
        "doc_id": "d1",
        "figure_id": f"f{value}",
        "value": value,
        "unit": unit,
        "text": f"{value}",
        "subject_actor_id": subject,
        "claimant_id": claimant,
    }


def document(doc_id: str = "d1", source_file: str = "a.txt", **extra: object) -> dict:
    row = {
        "doc_id": doc_id,
        "source_file": source_file,
        "title": "Maduro wins",
        "published_date": dt.date(2024, 7, 30),
        "date_basis": "stated",
        "body": "Maduro won. Brazil asked for data.",
    }
    return row | extra


def gold_entry(file: str = "a.txt", **document_fields: object) -> dict:
    return {
        "file": file,
        "document": {
            "title": "Maduro wins",
            "published_date": "2024-07-30",
            "date_basis": "stated",
            "inferred_window": None,
            "duplicate_group": None,
            "not_in_body": ["Published :"],
        }
        | document_fields,
        "actors": [
            {"name": "Nicolás Maduro", "type": "person", "aliases": ["Maduro"]},
            {"name": "Brazil", "type": "country", "aliases": ["Brazilian government"]},
            {"name": "National Electoral Council", "type": "government", "aliases": ["CNE"]},
        ],
        "figures": [
            {
                "text": "5.1 million votes",
                "value": 5100000,
                "unit": "vote",
                "qualifier": "exact",
                "subject": "Nicolás Maduro",
                "claimant": "National Electoral Council",
            },
        ],
        "events": [
            {"types": ["REQUEST"], "sources": ["Brazil"], "targets": ["Nicolás Maduro"]},
        ],
        "citations": ["The Associated Press"],
        "timexes": [{"text": "Sunday", "value": "2024-07-28"}],
    }


def perfect_tables() -> dict[str, list[dict]]:
    return {
        "documents": [document()],
        "actors": [
            actor("maduro", "Nicolás Maduro", "Maduro"),
            actor("brazil", "Brazil"),
            actor("cne", "National Electoral Council", "CNE"),
        ],
        "actor_mentions": [mention("maduro"), mention("brazil"), mention("cne")],
        "events": [event("REQUEST", "brazil", "maduro")],
        "figures": [figure(5100000.0, "vote", "maduro", "cne")],
        "sources": [
            {
                "source_id": "ap",
                "name": "Associated Press",
                "source_type": "news_agency",
                "aliases": ["AP"],
            }
        ],
        "citations": [
            {
                "doc_id": "d1",
                "sentence_id": 1,
                "source_id": "ap",
                "text": "told The Associated Press",
            }
        ],
        "time_expressions": [
            {
                "doc_id": "d1",
                "sentence_id": 0,
                "start": 0,
                "end": 9,
                "text": "on Sunday",
                "value": "2024-07-28",
            }
        ],
    }


def run(tmp_path: Path, tables: dict, gold: list[dict] | None = None) -> dict:
    published = write_published(tmp_path / "published", tables)
    gold_path = write_gold(tmp_path / "gold.json", gold or [gold_entry()])
    report = evaluate(published, gold_path)
    json.dumps(report)  # must be JSON-serialisable
    return report


def test_perfect_prediction_scores_one(tmp_path: Path) -> None:
    report = run(tmp_path, perfect_tables())
    for category in CATEGORIES:
        assert report[category]["f1"] == 1.0, category
        assert report[category]["tp"] == (3 if category == "actors" else 1), category
    assert report["figures"]["subject_accuracy"] == 1.0
    assert report["figures"]["claimant_accuracy"] == 1.0
    docs = report["documents"]
    assert (docs["dates"]["right"], docs["titles"]["right"], docs["bodies"]["right"]) == (1, 1, 1)
    assert "actors" in format_report(report)


def test_missing_actor_lowers_recall(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["actor_mentions"] = [mention("maduro"), mention("brazil")]
    report = run(tmp_path, tables)
    assert report["actors"]["fn"] == 1
    assert report["actors"]["precision"] == 1.0
    assert report["actors"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["missed"]["actors"] == [{"file": "a.txt", "item": "National Electoral Council"}]


def test_wrong_extra_actor_lowers_precision(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["actors"].append(actor("petro", "Gustavo Petro"))
    tables["actor_mentions"].append(mention("petro"))
    report = run(tmp_path, tables)
    assert (report["actors"]["tp"], report["actors"]["fp"]) == (3, 1)
    assert report["actors"]["precision"] == 0.75
    assert report["actors"]["recall"] == 1.0
    assert report["spurious"]["actors"] == [{"file": "a.txt", "item": "Gustavo Petro"}]


def test_actor_without_mention_in_document_is_not_predicted(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["actors"].append(actor("petro", "Gustavo Petro"))
    tables["actor_mentions"].append(mention("petro", doc_id="other"))
    assert run(tmp_path, tables)["actors"]["fp"] == 0


def test_optional_items_neither_reward_nor_penalise(tmp_path: Path) -> None:
    gold = gold_entry()
    gold["actors"] += [
        {"name": "Joe Biden", "type": "person", "aliases": ["Biden"], "optional": True},
        {"name": "Caracas", "type": "location", "aliases": []},
    ]
    gold["events"].append(
        {"types": ["ACCUSE"], "sources": ["Brazil"], "targets": ["Joe Biden"], "optional": True}
    )
    without = run(tmp_path / "without", perfect_tables(), [gold])
    tables = perfect_tables()
    tables["actors"] += [actor("biden", "Joe Biden"), actor("caracas", "Caracas")]
    tables["actor_mentions"] += [mention("biden"), mention("caracas")]
    tables["events"].append(event("ACCUSE", "brazil", "biden"))
    with_optional = run(tmp_path / "with", tables, [gold])
    for report in (without, with_optional):
        assert (report["actors"]["tp"], report["actors"]["fp"], report["actors"]["fn"]) == (3, 0, 0)
        assert (report["events_strict"]["tp"], report["events_strict"]["fp"]) == (1, 0)
        assert report["events_strict"]["fn"] == 0


def test_folding_of_diacritics_and_honorifics(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["actors"][0] = actor("maduro", "Mr Maduro")
    tables["actors"][2] = actor("cne", "national electoral council")
    report = run(tmp_path / "honorific", tables)
    assert report["actors"]["tp"] == 3
    gold = gold_entry()
    gold["actors"][0]["aliases"] = []
    tables["actors"][0] = actor("maduro", "President Nicolas Maduro")
    assert run(tmp_path / "diacritics", tables, [gold])["actors"]["tp"] == 3
    tables["actors"][0] = actor("maduro", "Mr Maduro")
    assert run(tmp_path / "no-alias", tables, [gold])["actors"]["tp"] == 2


@pytest.mark.parametrize(
    ("value", "matches"),
    [(6_250_000.0, True), (6_140_000.0, True), (6_300_000.0, False), (6_100_000.0, False)],
)
def test_figure_value_tolerance_is_one_percent(tmp_path: Path, value: float, matches: bool) -> None:
    gold = gold_entry()
    gold["figures"] = [
        {
            "text": "roughly 6.2 million votes",
            "value": 6200000,
            "unit": "vote",
            "qualifier": "approximately",
            "subject": None,
            "claimant": None,
        }
    ]
    tables = perfect_tables()
    tables["figures"] = [figure(value, "votes", None, None)]
    report = run(tmp_path, tables, [gold])
    assert report["figures"]["tp"] == int(matches)
    assert report["figures"]["fp"] == int(not matches)


def test_figure_unit_must_agree(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["figures"] = [figure(5100000.0, "person", "maduro", "cne")]
    assert run(tmp_path, tables)["figures"]["tp"] == 0


def test_figure_subject_and_claimant_accuracy(tmp_path: Path) -> None:
    gold = gold_entry()
    gold["figures"].append(
        {
            "text": "4.4 million",
            "value": 4400000,
            "unit": "vote",
            "qualifier": "more_than",
            "subject": None,
            "claimant": "The Associated Press",
        }
    )
    tables = perfect_tables()
    tables["figures"] = [
        figure(5100000.0, "vote", "brazil", "cne"),
        figure(4400000.0, "vote", None, "ap"),
    ]  # claimant is a source id
    figures = run(tmp_path, tables, [gold])["figures"]
    assert figures["tp"] == 2
    assert figures["subject_accuracy"] == 0.5
    assert figures["claimant_accuracy"] == 1.0
    assert figures["subject_claimant_both"] == 0.5


def test_events_strict_and_relaxed_differ(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["events"] = [event("REQUEST", "brazil", "cne"), event("ACCUSE", "brazil", "maduro")]
    report = run(tmp_path, tables)
    strict, relaxed = report["events_strict"], report["events_relaxed"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (0, 2, 1)
    assert (relaxed["tp"], relaxed["fp"], relaxed["fn"]) == (1, 1, 0)


def test_event_with_no_named_source_needs_null(tmp_path: Path) -> None:
    gold = gold_entry()
    gold["events"] = [{"types": ["ASSAULT"], "sources": [], "targets": ["Brazil"]}]
    tables = perfect_tables()
    tables["events"] = [event("ASSAULT", None, "brazil")]
    assert run(tmp_path / "null", tables, [gold])["events_strict"]["tp"] == 1
    tables["events"] = [event("ASSAULT", "maduro", "brazil")]
    report = run(tmp_path / "named", tables, [gold])
    assert report["events_strict"]["tp"] == 0
    assert report["events_relaxed"]["tp"] == 1


def test_event_matching_is_maximal_not_greedy(tmp_path: Path) -> None:
    gold = gold_entry()
    gold["events"] = [
        {"types": ["REQUEST"], "sources": ["Brazil"], "targets": ["CNE", "Nicolás Maduro"]},
        {"types": ["REQUEST"], "sources": ["Brazil"], "targets": ["CNE"]},
    ]
    tables = perfect_tables()
    # Greedy would give brazil->cne to the first gold event and leave brazil->maduro unmatched.
    tables["events"] = [event("REQUEST", "brazil", "maduro"), event("REQUEST", "brazil", "cne")]
    assert run(tmp_path, tables, [gold])["events_strict"]["tp"] == 2


def test_optional_gold_absorbs_a_prediction_without_costing_a_match(tmp_path: Path) -> None:
    gold = gold_entry()
    gold["events"] = [
        {"types": ["ACCUSE", "SANCTION"], "sources": ["Brazil"], "targets": ["Nicolás Maduro"]},
        {"types": ["ACCUSE"], "sources": ["Brazil"], "targets": ["CNE"], "optional": True},
    ]
    tables = perfect_tables()
    tables["events"] = [event("ACCUSE", "brazil", "cne"), event("SANCTION", "brazil", "maduro")]
    relaxed = run(tmp_path, tables, [gold])["events_relaxed"]
    assert (relaxed["tp"], relaxed["fp"], relaxed["fn"]) == (1, 0, 0)


def test_max_matching_uses_augmenting_paths() -> None:
    assert max_matching([[0, 1], [0]]) == {0: 1, 1: 0}
    assert max_matching([[0], [0], []]) in ({0: 0}, {1: 0})


def test_citations_score_only_outlets_and_agencies(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["sources"].append(
        {
            "source_id": "gov",
            "name": "Brazilian government",
            "source_type": "government",
            "aliases": [],
        }
    )
    tables["citations"].append({"doc_id": "d1", "sentence_id": 1, "source_id": "gov"})
    assert run(tmp_path / "gov", tables)["citations"]["fp"] == 0
    tables["sources"][0]["source_type"] = "person"
    assert run(tmp_path / "person", tables)["citations"]["fn"] == 1


def test_timex_needs_value_and_overlapping_text(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["time_expressions"][0]["value"] = "2024-07-27"
    report = run(tmp_path / "value", tables)
    assert report["timexes"]["tp"] == 0
    assert report["timexes"]["recalled"] == "0 of 1"
    tables["time_expressions"][0] |= {"value": "2024-07-28", "text": "yesterday"}
    assert run(tmp_path / "text", tables)["timexes"]["tp"] == 0


def test_inferred_date_inside_window_counts(tmp_path: Path) -> None:
    gold = gold_entry(
        published_date=None, date_basis="none", inferred_window=["2024-08-01", "2024-08-31"]
    )
    cases = [
        ({"published_date": dt.date(2024, 8, 15), "date_basis": "inferred"}, 1),
        ({"published_date": dt.date(2024, 9, 2), "date_basis": "inferred"}, 0),
        ({"published_date": dt.date(2024, 8, 15), "date_basis": "stated"}, 0),
        ({"published_date": None, "date_basis": "none"}, 0),
    ]
    for i, (fields, right) in enumerate(cases):
        tables = perfect_tables()
        tables["documents"] = [document(**fields)]
        report = run(tmp_path / str(i), tables, [gold])
        assert report["documents"]["dates"] == {"right": right, "n": 1}, fields


def test_stated_and_absent_dates(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["documents"] = [document(published_date=dt.date(2024, 7, 31))]
    assert run(tmp_path / "wrong", tables)["documents"]["dates"]["right"] == 0
    gold = gold_entry(published_date=None, date_basis="none")
    tables["documents"] = [document(published_date=None, date_basis="none")]
    assert run(tmp_path / "none", tables, [gold])["documents"]["dates"]["right"] == 1


def test_titles_normalise_quotes_and_null_must_be_null(tmp_path: Path) -> None:
    gold = gold_entry(title="Maduro's \u201cwin\u201d")
    tables = perfect_tables()
    tables["documents"] = [document(title='Maduro\u2019s  "win" ')]
    assert run(tmp_path / "quotes", tables, [gold])["documents"]["titles"]["right"] == 1
    gold = gold_entry(title=None)
    assert run(tmp_path / "null", perfect_tables(), [gold])["documents"]["titles"]["right"] == 0


def test_body_containing_not_in_body_string_fails(tmp_path: Path) -> None:
    tables = perfect_tables()
    tables["documents"] = [document(body="Published : 2024-07-30\nMaduro won.")]
    report = run(tmp_path, tables)
    assert report["documents"]["bodies"] == {"right": 0, "n": 1}
    assert report["per_document"][0]["body_leaks"] == ["Published :"]


def test_duplicate_groups_and_false_links(tmp_path: Path) -> None:
    group = ["a.txt", "b.txt"]
    gold = [
        gold_entry("a.txt", duplicate_group=group),
        gold_entry("b.txt", duplicate_group=group),
        gold_entry("c.txt"),
    ]
    tables = perfect_tables()
    tables["documents"] = [
        document("d1", "a.txt"),
        document("d2", "b.txt", duplicate_of="d1"),
        document("d3", "c.txt", duplicate_of="d1"),
    ]
    dup = run(tmp_path, tables, gold)["documents"]["duplicates"]
    assert (dup["groups"], dup["groups_linked"], dup["false_links"]) == (1, 1, 1)
    assert dup["false_link_pairs"] == [["c.txt", "a.txt"]]


def test_gold_file_without_document_counts_all_missed(tmp_path: Path) -> None:
    report = run(tmp_path, perfect_tables(), [gold_entry(), gold_entry("missing.txt")])
    assert report["actors"]["fn"] == 3
    assert report["documents"]["found"] == 1
    assert report["per_document"][1]["found"] is False


def test_real_gold_against_empty_folder(tmp_path: Path) -> None:
    published = write_published(tmp_path / "empty", {})
    report = evaluate(published, GOLD_SEEDS)
    json.dumps(report)
    for category in CATEGORIES:
        assert report[category]["tp"] == 0, category
        assert report[category]["recall"] == 0.0, category
        assert report[category]["fn"] > 0, category
    assert report["documents"]["dates"]["right"] == 0
    gold = json.loads(GOLD_SEEDS.read_text(encoding="utf-8"))
    assert len(report["per_document"]) == len(gold)
    assert f"documents found 0/{len(gold)}" in format_report(report)
