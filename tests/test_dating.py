"""Inferring the publication date of undated texts (pipeline/extract/dating.py).

Each rule is shown on a synthetic text, with texts where it must not fire; the last tests
measure the rules on the undated seed texts against the gold windows.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.extract.dating import infer_publication_date, load_calendar, publication_window
from pipeline.extract.nlp import load_model
from pipeline.extract.timex import extract_timexes
from pipeline.ingest.documents import parse_text

ROOT = Path(__file__).resolve().parents[1]
CALENDAR_PATH = ROOT / "data" / "lexicons" / "calendar.yaml"
GOLD = ROOT / "tests" / "gold" / "seeds.json"
RAW = ROOT / "data" / "raw"
D = dt.date


@pytest.fixture(scope="module")
def nlp():
    return load_model()  # the pipeline's model, loaded once per process


@pytest.fixture(scope="module")
def calendar():
    return load_calendar(CALENDAR_PATH)


@pytest.fixture(scope="module")
def infer(nlp, calendar):
    def run(text: str, dateline_day: tuple[int, int] | None = None):
        doc = nlp(text)
        timexes = extract_timexes(doc, None)
        return infer_publication_date(doc, timexes, calendar, dateline_day), publication_window(
            doc, timexes, calendar, dateline_day
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
    # "Former" keeps Biden's term out; the lead's "said on Friday" leaves Fridays and Saturdays
    assert window == (D(2025, 1, 24), D(2025, 3, 29))
    assert result == (D(2025, 2, 22), "year") and result[0].weekday() in (4, 5)


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


# ---- a dateline's day -----------------------------------------------------------------------
def test_a_dateline_day_is_the_publication_day_once_the_year_is_known(infer):
    # Rubio is Secretary of State from 2025-01-21; the calendar knows the world to 2025-10-31
    result, _ = infer(
        "Secretary of State Marco Rubio said on Tuesday that Washington would keep pressing "
        "Caracas to take back deported migrants.",
        dateline_day=(3, 4),
    )
    assert result == (D(2025, 3, 4), "day")


def test_a_dateline_day_alone_gives_no_year(infer):
    result, _ = infer(
        "Officials in the capital said on Tuesday that the talks would resume next month.",
        dateline_day=(3, 4),
    )
    assert result is None


def test_a_year_less_dateline_reaches_the_analysis(tmp_path):
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.publish.tables import dateline_days, dateline_frame, ingest_folder

    raw = tmp_path / "raw"
    raw.mkdir()
    story = (
        "The port authority said on Friday that a new ferry line to the islands would open "
        "after two years of delays and a long dispute over the price of fuel."
    )
    (raw / "wire.txt").write_text(f"PORT ELWIN, Feb 11 (Reuters) - {story}\n")
    (raw / "dated.txt").write_text(
        f"Published: 2024-05-02\n\nPORT ELWIN, May 2 (Reuters) - {story} Traders welcomed it.\n"
    )
    found: dict[str, tuple[int, int]] = {}
    documents, _, _ = ingest_folder(raw, 10**6, load_lexicon(), None, found)
    wire = documents.set_index("source_file").loc["wire.txt", "doc_id"]
    assert found == {wire: (2, 11)}  # the dated text needs no inferring
    assert dateline_days(dateline_frame(found)) == found


# ---- dates without a year, ranges, "today, <date>" -------------------------------------------
def test_a_date_without_a_year_is_read_near_the_full_dates_of_the_text(infer):
    _, window = infer(
        "Officials praised the mood of the talks. On March 12, the two delegations signed a "
        "draft accord on border trade, the ministry said, two weeks after the talks opened in "
        "Bogotá on February 26, 2025."
    )
    assert window == (D(2025, 3, 12), D(2025, 3, 13))  # 2025, and the lead dates the signing


def test_the_end_of_a_past_range_is_past(infer):
    _, window = infer(
        "The electoral body published its final count on August 14, 2024. Observers said they "
        "had checked tally sheets from August 1 to August 20 in twelve states. The council will "
        "certify the result in September 2024."
    )
    assert window == (D(2024, 8, 20), D(2024, 9, 30))  # not before the range's end


@pytest.mark.parametrize(
    ("text", "window"),
    [
        (
            "The ministry said the port will reopen today, October 14, 2024, after repairs.",
            (D(2024, 10, 14), D(2024, 10, 14)),
        ),
        # in a quotation: said that day, so published then or later; "will" bounds nothing here
        (
            '"The crossing stays shut from today, October 14, 2024, until the repairs end," '
            "the governor said. He will review the closure in November 2024.",
            (D(2024, 10, 14), D(2024, 11, 30)),
        ),
    ],
)
def test_today_with_a_date_says_when(infer, text, window):
    assert infer(text)[1] == window


# ---- weekdays: events, the lead, one name for one day --------------------------------------
def test_a_weekday_on_the_verb_that_names_an_event_anchors_it(infer):
    # the council's proclamation was on Monday 2024-07-29; the lead's Wednesday follows it
    result, window = infer(
        "OAS members on Wednesday voted down a resolution on Venezuela. "
        "The vote came after Venezuela's electoral council declared Maduro the winner on Monday."
    )
    assert window == (D(2024, 7, 31), D(2024, 8, 1))
    assert result == (D(2024, 7, 31), "month")


def test_a_weekday_that_is_not_the_events_rejects_the_mention(infer):
    text = (
        "Venezuela's electoral council declared Maduro the winner{}, and opposition leaders "
        "rejected the count. Vice President Kamala Harris called for calm."
    )
    assert infer(text.format(""))[1] == (D(2024, 7, 29), D(2025, 1, 20))
    assert infer(text.format(" on Friday"))[0] is None  # another declaration, not 2024-07-29's


def test_a_form_with_gaps_needs_the_events_weekday(infer):
    # Ali and Maduro met on Thursday 2023-12-14; "announced on Saturday" leads the text
    met = (
        "Guyana's President Irfaan Ali and Venezuela's Nicolás Maduro will meet on {} in St "
        "Vincent to discuss the Essequibo dispute, Caribbean leaders announced on Saturday."
    )
    assert infer(met.format("Thursday"))[1] == (D(2023, 12, 9), D(2023, 12, 10))
    assert infer(met.format("Monday"))[0] is None


def test_a_vote_last_weekend_and_one_weekday_named_as_past_and_ahead(infer):
    result, _ = infer(
        "Protests spread across Caracas after a vote last weekend that Maduro says he won. "
        "Students are pictured outside the electoral council on Thursday. Their leaders must "
        "appear in court on Thursday, lawyers said."
    )
    assert result == (D(2024, 8, 1), "day")  # the Thursday after Sunday 2024-07-28


def test_a_possessive_weekday_does_not_date_the_lead(infer):
    _, window = infer(
        "Maduro hailed Sunday's vote as a victory, and Venezuela's opposition said turnout was "
        "low in Caracas and across Venezuela."
    )
    assert window == (D(2024, 7, 28), D(2024, 8, 3))  # the week after the vote, no lead day


# ---- context, "last July's", titles --------------------------------------------------------
def test_an_anchored_noun_names_an_event_only_in_a_text_about_it(infer):
    # the Essequibo referendum (Sunday 2023-12-03) is the vote only where Essequibo is named
    text = (
        "Maduro hailed Sunday's vote{} as a victory for Venezuela, and Venezuela's opposition "
        "said turnout was low in Caracas."
    )
    assert infer(text.format(""))[1] == (D(2024, 7, 28), D(2024, 8, 3))
    assert infer(text.format(" on Essequibo, which Guyana rejects,"))[1] is None  # both fit


def test_last_month_names_anchor_the_year_after(infer):
    _, window = infer(
        "Venezuela's opposition still disputes last July's presidential election, which "
        "Venezuela's electoral council says Maduro won. Secretary of State Marco Rubio has said "
        "little about it."
    )
    assert window == (D(2025, 1, 21), D(2025, 7, 31))  # within a year after July 2024


@pytest.mark.parametrize(
    "text",
    [
        # a past term, dated by the sentence
        "In 2019, President Trump imposed sanctions on Venezuela's state oil company PDVSA. "
        "Venezuela's opposition boycotted the presidential election of 2024 in Venezuela.",
        # an ordinal says the title is not current
        "The 45th President Donald Trump once imposed sanctions on PDVSA. Venezuela's "
        "opposition said the 2024 presidential election in Venezuela was stolen.",
    ],
)
def test_a_title_used_for_the_past_gives_no_term(infer, text):
    assert infer(text)[0] is None


def test_contradicting_evidence_gives_no_date(infer):
    result, _ = infer(
        "Venezuela's electoral council declared Maduro the winner on Monday. Attorney General "
        "Merrick Garland said nothing."
    )
    assert result is not None  # the two agree: Garland is Attorney General until 2025-01-20
    result, _ = infer(
        "Venezuela's electoral council declared Maduro the winner on Monday. Vice President "
        "JD Vance said the count was a fraud."
    )
    assert result is None  # Vance is Vice President from 2025-01-20, after that week


def test_the_calendar_horizon_bounds_only_recent_texts(infer):
    recent = (
        "Venezuela's opposition says Maduro lost the presidential election, and Attorney General "
        "Pam Bondi has called him a narco-trafficker."
    )
    result, window = infer(recent)
    assert window == (D(2025, 2, 5), D(2025, 10, 31)) and result[1] == "year"
    older = "Maduro lost the presidential election, Venezuela's opposition says, and it has proof."
    assert infer(older)[0] is None  # from 2024-07-28 to the horizon is more than a year


# ---- guards found on real reporting ----------------------------------------------------------
def test_a_weekday_and_a_month_without_a_year_give_no_date(infer):
    # a weekday repeats every week: the set of days is open at both ends of the calendar
    assert infer("The union said on Friday that it will name its candidate in October.")[0] is None


def test_a_deadline_in_a_past_clause_is_not_ahead_of_publication(infer):
    text = "Secretary of State Antony Blinken {} delaying the talks until November, aides said."
    assert infer(text.format("recommended"))[0] is None  # November of which year? maybe past
    assert infer(text.format("will keep"))[1] == (D(2021, 1, 26), D(2021, 11, 30))


def test_an_event_named_by_its_year_is_no_reference_for_dates_without_one(infer):
    result, _ = infer(
        "Machado leads the opposition's vote to pick a candidate for the 2024 presidential "
        "election in Venezuela. Her ban, imposed in June, still stands, and Secretary of State "
        "Antony Blinken wants it lifted."
    )
    assert result is None  # June is not read as June 2024


def test_a_decision_to_act_dates_the_act(infer):
    _, window = infer(
        "Caracas suspended the flights after the White House's decision to revoke Chevron's "
        "licence in Venezuela."
    )
    assert window == (D(2025, 2, 26), D(2025, 10, 31))


# ---- the lexicon --------------------------------------------------------------------------
def test_the_calendar_loads(calendar):
    ids = [e.event_id for e in calendar.events]
    assert len(ids) == len(set(ids)) and "ven-presidential-election-2024" in ids
    assert all(e.country is None or e.country in calendar.countries for e in calendar.events)
    trump = next(p for p in calendar.periods if p.period_id == "trump-us-president")
    assert len(trump.terms) == 2 and calendar.current_to is not None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- {id: x, date: 2024-13-01, country: VEN, phrases: [a vote]}", "x: date"),
        ("- {id: y, date: 2024-01-01, country: XXX, phrases: [a vote]}", "y: country"),
        ("- {id: z, date: 2024-01-01, phrases: [a vote]}", "z: phrases"),
        (
            "- {id: c, date: 2024-01-01, country: VEN, phrases: [a vote], context: vote}",
            "c: context",
        ),
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
