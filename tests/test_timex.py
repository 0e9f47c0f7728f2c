"""Tests of time-expression extraction and resolution."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pipeline.extract.nlp import load_model
from pipeline.extract.timex import extract_timexes, resolve, value_to_date

ROOT = Path(__file__).resolve().parents[1]
TUESDAY = dt.date(2024, 7, 30)
MONDAY = dt.date(2024, 7, 29)


@pytest.fixture(scope="module")
def nlp():
    return load_model()  # the pipeline's model, loaded once per process


def found(nlp, text: str, published: dt.date | None = TUESDAY) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in extract_timexes(nlp(text), published)]


# ---- resolve -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "anchor", "direction", "expected"),
    [
        ("Monday", TUESDAY, "auto", ("2024-07-29", "DATE")),
        ("on Monday", TUESDAY, "past", ("2024-07-29", "DATE")),
        ("Sunday", TUESDAY, "auto", ("2024-07-28", "DATE")),
        ("Sunday", dt.date(2024, 8, 1), "auto", ("2024-07-28", "DATE")),
        ("Wednesday", dt.date(2024, 8, 1), "auto", ("2024-07-31", "DATE")),
        ("Monday", MONDAY, "past", ("2024-07-29", "DATE")),  # same weekday: that very day
        ("Monday", MONDAY, "auto", ("2024-07-29", "DATE")),
        ("last Monday", MONDAY, "auto", ("2024-07-22", "DATE")),
        ("Jan.10, 2025", None, "auto", ("2025-01-10", "DATE")),
        ("Monday", MONDAY, "future", ("2024-08-05", "DATE")),
        ("Monday", TUESDAY, "future", ("2024-08-05", "DATE")),
        ("last Tuesday", TUESDAY, "auto", ("2024-07-23", "DATE")),
        ("next Monday", TUESDAY, "past", ("2024-08-05", "DATE")),
        ("this Friday", TUESDAY, "auto", ("2024-08-02", "DATE")),
        ("Monday morning", TUESDAY, "auto", ("2024-07-29TMO", "TIME")),
        ("yesterday", TUESDAY, "auto", ("2024-07-29", "DATE")),
        ("today", TUESDAY, "auto", ("2024-07-30", "DATE")),
        ("tomorrow", TUESDAY, "auto", ("2024-07-31", "DATE")),
        ("this week", TUESDAY, "auto", ("2024-W31", "DATE")),
        ("last week", TUESDAY, "auto", ("2024-W30", "DATE")),
        ("this weekend", TUESDAY, "auto", ("2024-W31-WE", "DATE")),
        ("last month", TUESDAY, "auto", ("2024-06", "DATE")),
        ("last month", dt.date(2024, 1, 15), "auto", ("2023-12", "DATE")),
        ("next month", dt.date(2024, 12, 15), "auto", ("2025-01", "DATE")),
        ("earlier this year", TUESDAY, "auto", ("2024", "DATE")),
        ("this year", TUESDAY, "auto", ("2024", "DATE")),
        ("last year", TUESDAY, "auto", ("2023", "DATE")),
        ("late last year", TUESDAY, "auto", ("2023", "DATE")),
        ("January", TUESDAY, "past", ("2024-01", "DATE")),
        ("January", TUESDAY, "future", ("2025-01", "DATE")),
        ("before January", TUESDAY, "auto", ("2025-01", "DATE")),
        ("September", TUESDAY, "auto", ("2024-09", "DATE")),  # nearest occurrence
        ("May", TUESDAY, "auto", ("2024-05", "DATE")),
        ("July", TUESDAY, "past", ("2024-07", "DATE")),
        ("this April", TUESDAY, "auto", ("2024-04", "DATE")),
        ("last July", TUESDAY, "auto", ("2023-07", "DATE")),
        ("next April", TUESDAY, "auto", ("2025-04", "DATE")),
        ("mid-July", TUESDAY, "auto", ("2024-07", "DATE")),
        ("October 2023", None, "auto", ("2023-10", "DATE")),
        ("July 28, 2024", None, "auto", ("2024-07-28", "DATE")),
        ("28 July 2024", None, "auto", ("2024-07-28", "DATE")),
        ("Monday, July 29, 2024", None, "auto", ("2024-07-29", "DATE")),
        ("Sept. 3, 2023", None, "auto", ("2023-09-03", "DATE")),
        ("2024-07-28", None, "auto", ("2024-07-28", "DATE")),
        ("July 28", TUESDAY, "auto", ("2024-07-28", "DATE")),
        ("December 30", dt.date(2024, 1, 2), "auto", ("2023-12-30", "DATE")),
        ("2013", None, "auto", ("2013", "DATE")),
        ("since 2014", None, "auto", ("2014", "DATE")),
        ("the end of 2023", None, "auto", ("2023", "DATE")),
        ("1990s", None, "auto", ("199X", "DATE")),
        ("three years", None, "auto", ("P3Y", "DURATION")),
        ("twenty-five years", None, "auto", ("P25Y", "DURATION")),
        ("two-year", None, "auto", ("P2Y", "DURATION")),
        ("24 hours", None, "auto", ("PT24H", "DURATION")),
        ("a decade", None, "auto", ("P10Y", "DURATION")),
        ("the last year", TUESDAY, "auto", ("P1Y", "DURATION")),
        ("over the last year", TUESDAY, "auto", ("P1Y", "DURATION")),
        ("the past three months", TUESDAY, "auto", ("P3M", "DURATION")),
        ("three years ago", TUESDAY, "auto", ("2021", "DATE")),
        ("two months ago", TUESDAY, "auto", ("2024-05", "DATE")),
        ("two days ago", TUESDAY, "auto", ("2024-07-28", "DATE")),
        ("every year", None, "auto", ("P1Y", "SET")),
        ("every other week", None, "auto", ("P2W", "SET")),
        ("every Monday", None, "auto", ("XXXX-WXX-1", "SET")),
        ("20:14", TUESDAY, "auto", ("2024-07-30T20:14", "TIME")),
        ("8 p.m.", TUESDAY, "auto", ("2024-07-30T20:00", "TIME")),
        ("this morning", TUESDAY, "auto", ("2024-07-30TMO", "TIME")),
        ("tonight", TUESDAY, "auto", ("2024-07-30TNI", "TIME")),
    ],
)
def test_resolve(text, anchor, direction, expected):
    assert resolve(text, anchor, direction) == expected


@pytest.mark.parametrize(
    ("text", "ttype"),
    [
        ("Monday", "DATE"),
        ("yesterday", "DATE"),
        ("this week", "DATE"),
        ("last month", "DATE"),
        ("this year", "DATE"),
        ("three years ago", "DATE"),
        ("January", "DATE"),
        ("this morning", "TIME"),
        ("20:14", "TIME"),
    ],
)
def test_relative_without_anchor_has_no_value(text, ttype):
    assert resolve(text, None) == (None, ttype)


@pytest.mark.parametrize("text", ["now", "recently", "the past", "future", "5.1 million", "12"])
def test_resolve_unknown_text(text):
    assert resolve(text, TUESDAY)[0] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-29", (dt.date(2024, 7, 29), "day")),
        ("2024-07-30T20:14", (dt.date(2024, 7, 30), "day")),
        ("2024-07", (dt.date(2024, 7, 1), "month")),
        ("2024", (dt.date(2024, 1, 1), "year")),
        ("2024-W27", (dt.date(2024, 7, 1), "month")),  # 1-7 July: one month
        ("2024-W31", (dt.date(2024, 7, 29), "year")),  # 29 July - 4 August: two months
        ("199X", (dt.date(1990, 1, 1), "unknown")),
        ("P3Y", (None, "unknown")),
        ("2024-02-30", (None, "unknown")),
    ],
)
def test_value_to_date(value, expected):
    assert value_to_date(value) == expected


# ---- extract_timexes ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials defended the relief given before Sunday's election.",
            [("Sunday", "2024-07-28")],
        ),
        ("The envoys met last Tuesday in Mexico City.", [("last Tuesday", "2024-07-23")]),
        ("The sanctions were lifted earlier this year.", [("earlier this year", "2024")]),
        ("We were in a worse position three years ago.", [("three years ago", "2021")]),
        ("More than 7 million people have left the country since 2014.", [("2014", "2014")]),
        ("Washington lifted the sanctions in October 2023.", [("October 2023", "2023-10")]),
        ("The deadline arrives this April.", [("this April", "2024-04")]),
        (
            "The result was announced at 20:14 on 28 July 2024.",
            [("20:14", "2024-07-30T20:14"), ("28 July 2024", "2024-07-28")],
        ),
        (
            "Turnout has fallen over the last year, and elections are held every year.",
            [("the last year", "P1Y"), ("every year", "P1Y")],
        ),
        (
            "He took power in 2013 and in the 1990s he was a bus driver.",
            [("2013", "2013"), ("1990s", "199X")],
        ),
        ("The envoy met him on Jan.10, 2025 in Lima.", [("Jan.10, 2025", "2025-01-10")]),
        ("LIMA, Jul 29 (Agency) - The envoys met.", [("Jul 29", "2024-07-29")]),
        (
            "The ministers met on 12 Sept and in Dec 2023.",
            [("12 Sept", "2023-09-12"), ("Dec 2023", "2023-12")],
        ),
        ("The ministers said on Tuesday that talks had failed.", [("Tuesday", "2024-07-30")]),
    ],
)
def test_extract_trims_and_resolves(nlp, text, expected):
    assert found(nlp, text) == expected


def test_offsets_index_the_text(nlp):
    doc = nlp("On Monday, the council met. It reported 5.1 million votes on Sunday.")
    timexes = extract_timexes(doc, TUESDAY)
    assert [t.text for t in timexes] == ["Monday", "Sunday"]
    assert all(doc.text[t.start : t.end] == t.text for t in timexes)


def test_tense_points_weekdays_and_months(nlp):
    assert found(nlp, "He met them on Monday.") == [("Monday", "2024-07-29")]
    assert found(nlp, "He will meet them on Monday.") == [("Monday", "2024-08-05")]
    assert found(nlp, "They urged him to step down before January.") == [("January", "2025-01")]
    assert found(nlp, "He stepped down in January.") == [("January", "2024-01")]


def test_without_publication_date(nlp):
    assert found(nlp, "He spoke on Friday about the vote of October 2023.", None) == [
        ("Friday", None),
        ("October 2023", "2023-10"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Maduro received 5.1 million votes, versus 2.7 million for his rival.",
        "Hyperinflation soared past 130,000% and 7.7 million people left.",
        "Maduro, who is 61 years old, met a 45-year-old activist.",
        "The situation now is better than in the past, and recently observers spoke of the future.",
        "The council did not publish results as it did in past elections.",
        "She may speak again, and the council has 2013 members.",
        "The march began at the main square.",
    ],
)
def test_exclusions(nlp, text):
    assert found(nlp, text) == []


def test_quote_is_utterance_anchored_to_the_dated_statement(nlp):
    text = (
        "Officials on Monday said the data must be released. "
        "“The country voted yesterday,” the second official said."
    )
    timexes = extract_timexes(nlp(text), TUESDAY)
    assert [(t.text, t.value, t.anchor) for t in timexes] == [
        ("Monday", "2024-07-29", "publication"),
        ("yesterday", "2024-07-28", "utterance"),
    ]


def test_quote_of_another_speaker_keeps_the_publication_date(nlp):
    text = (
        "Maduro said on Sunday that the vote was clean. "
        "“The count ended yesterday,” an observer said."
    )
    timexes = extract_timexes(nlp(text), TUESDAY)
    assert [(t.text, t.value, t.anchor) for t in timexes] == [
        ("Sunday", "2024-07-28", "publication"),
        ("yesterday", "2024-07-29", "utterance"),
    ]


def test_unattributed_quote_takes_the_articles_single_statement_day(nlp):
    text = "Officials said on Monday that the data must be released. “We voted yesterday.”"
    timexes = extract_timexes(nlp(text), TUESDAY)
    assert [(t.text, t.value) for t in timexes] == [
        ("Monday", "2024-07-29"),
        ("yesterday", "2024-07-28"),
    ]


def test_quote_without_dated_statement_uses_publication(nlp):
    timexes = extract_timexes(nlp("“We voted yesterday,” he said."), TUESDAY)
    assert [(t.value, t.anchor) for t in timexes] == [("2024-07-29", "utterance")]


# ---- seed gold ---------------------------------------------------------------------------
def _seed_body(raw: str) -> str:
    lines = []
    for line in raw.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("#", "Published", "---")):
            continue
        # a "date YYYY-MM-DD" header may share its line with the first paragraph
        lines.append(re.sub(r"^date \S+\s*", "", stripped))
    return "\n".join(lines)


def test_seed_gold_recall(nlp):
    gold = json.loads((ROOT / "tests/gold/seeds.json").read_text(encoding="utf-8"))
    hits = total = 0
    for entry in gold:
        published = entry["document"]["published_date"]
        anchor = dt.date.fromisoformat(published) if published else None
        raw = (ROOT / "data/raw" / entry["file"]).read_text(encoding="utf-8")
        predicted = set(found(nlp, _seed_body(raw), anchor))
        total += len(entry["timexes"])
        hits += sum((g["text"], g["value"]) in predicted for g in entry["timexes"])
    print(f"timex recall on seed gold: {hits}/{total}")
    assert (hits, total) == (9, 9)
