"""Tests of numeric figure extraction: number parsing, units, qualifiers, subjects, claimants,
exclusions, and a measurement against the gold figures of the seed texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.common.records import Citation, Figure, Mention
from pipeline.extract.figures import extract_figures, parse_number
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds.json"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def nlp():
    return load_model()  # the pipeline's model, loaded once per process


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
    demonyms: dict[str, str] | None = None,
) -> list[Figure]:
    mentions = [Mention(*s) for s in _spans(text, actors or {})]
    citations = [Citation(*s) for s in _spans(text, sources or {})]
    return extract_figures(nlp(text), mentions, citations, demonyms or DEMONYMS)


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
DEMONYMS = {"peruvian": "peru", "chilean": "chile"}


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
        ("dozens", (24.0, None)),
        ("a few dozen", (36.0, None)),
        ("several hundred", (300.0, None)),
        ("a quarter of a million", (250_000.0, None)),
        ("half a million", (500_000.0, None)),
        ("two-thirds of a million", (666_666.67, None)),
        ("one and a half billion", (1.5e9, None)),
        ("10.5 m", (10_500_000.0, None)),
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
        (24.0, "person", "at_least"),
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
        "Both leaders agreed to meet in Lima at 10.00 a.m (local time).",
        "The 15-nation bloc held a five-question referendum.",
        "Ministers of the 27-nation bloc and the 11-member commission will decide.",
        "Such firms are listed in the Peru Sanctions Regulations, 31 CFR part 591, and blocked.",
        "Prices rose three times as fast as wages.",
    ],
)
def test_exclusions(nlp, text):
    assert _run(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The ministers met at 1300 GMT on 13 February and again on Feb. 20.",
        "Sales must stop by March 28 at 1800 UTC.",
    ],
)
def test_dates_and_clock_times_without_the_tagger(nlp, text):
    doc = nlp(text)
    doc.ents = []  # the rule itself, not the entity tagger, must drop them
    assert extract_figures(doc, [], []) == []


def test_counted_noun_after_a_name(nlp):
    fig = _one(_run(nlp, "Seven United States warships, along with one submarine"))
    assert (fig.text, fig.unit) == ("Seven United States warships", "warship")


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


def _seed_demonyms(entries: list[dict]) -> dict[str, str]:
    """The lexicon's demonyms, to the gold names the seed test uses as actor ids."""
    names = {e["name"] for e in entries}
    lexicon = load_lexicon(ROOT / "data" / "lexicons")
    by_id = {a.actor_id: a.name for a in lexicon.actors}
    return {d: by_id[i] for d, i in lexicon.demonyms.items() if by_id[i] in names}


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
        predicted = _run(nlp, body, names, sources, _seed_demonyms(seed["actors"]))
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


# Counts of people, vague quantities, tallies and classes of things.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Twelve election monitors and four aides arrived.",
            [("Twelve election monitors", 12.0, "person"), ("four aides", 4.0, "person")],
        ),
        (
            "Rights groups counted 24 civilian deaths and 300 arrests.",
            [("24 civilian deaths", 24.0, "person"), ("300 arrests", 300.0, "person")],
        ),
        ("Six opposition figures fled abroad.", [("Six opposition figures", 6.0, "person")]),
        (
            "Guards moved 2,229 inmates and 40 suspects.",
            [
                ("2,229 inmates", 2229.0, "person"),
                ("40 suspects", 40.0, "person"),
            ],
        ),
        ("Thousands were detained after the vote.", [("Thousands", 1000.0, "person")]),
        (
            "A few dozen students and several hundred workers marched.",
            [
                ("A few dozen students", 36.0, "person"),
                ("several hundred workers", 300.0, "person"),
            ],
        ),
        (
            "A tens of thousands-strong crowd filled the square.",
            [("tens of thousands-strong", 10_000.0, "person")],
        ),
        (
            "Nearly a quarter of a million people fled the region.",
            [("Nearly a quarter of a million people", 250_000.0, "person")],
        ),
        ("The agency counted some 10.5m votes.", [("some 10.5m votes", 10_500_000.0, "vote")]),
        ("Agents seized 400 rifles and pistols.", [("400 rifles and pistols", 400.0, "weapon")]),
        ("Five United Nations trucks arrived.", [("Five United Nations trucks", 5.0, "truck")]),
        ("The law has been invoked three times.", [("three times", 3.0, "time")]),
        ("The board offered a $50-million fund.", [("$50-million fund", 5e7, "USD")]),
    ],
)
def test_units_and_vague_counts(nlp, text, expected):
    assert [(f.text, f.value, f.unit) for f in _run(nlp, text)] == expected


def test_vague_counts_are_lower_bounds(nlp):
    figures = _run(nlp, "Dozens of guards and hundreds of people waited as thousands fled.")
    assert [(f.value, f.qualifier) for f in figures] == [
        (24.0, "at_least"),
        (100.0, "at_least"),
        (1000.0, "at_least"),
    ]


def test_vote_tallies(nlp):
    figures = _run(nlp, "The motion passed by a vote of 412 to 97 with 30 abstentions.")
    assert [(f.text, f.value, f.unit) for f in figures] == [
        ("412", 412.0, "vote"),
        ("97", 97.0, "vote"),
        ("30 abstentions", 30.0, "abstention"),
    ]
    text = "In the runoff vote, Ms Lopez received 4,210, while 61,200 went to Mr Ruiz."
    lopez, ruiz = _run(nlp, text, ACTORS)
    assert (lopez.value, lopez.unit, lopez.subject_actor_id) == (4210.0, "vote", "lopez")
    assert (ruiz.value, ruiz.unit, ruiz.subject_actor_id) == (61_200.0, "vote", "ruiz")
    fig = _one(
        _run(nlp, "The electoral board declared Ms Lopez the winner with 52% of the vote.", ACTORS)
    )
    assert (fig.subject_actor_id, fig.claimant_id) == ("lopez", "board")


def test_bare_number_after_getting_verb_needs_votes_in_context(nlp):
    assert _run(nlp, "Ms Lopez received 4,210 yesterday at the office.", ACTORS) == []


def test_headlines_of_other_stories_give_no_figures(nlp):
    text = (
        "Most read\nPeru expels 12 diplomats over spying row\n"
        "Chile frees 300 prisoners in amnesty\n\n"
        "Police said 40 people were arrested in the capital."
    )
    assert [f.text for f in _run(nlp, text)] == ["40 people"]


# Subjects of counts of people and of sums of money.


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Chile protested after Peru detained three Chilean nationals.", "chile"),
        ("Fifty members of the electoral board resigned.", "board"),
        ("Police held the three suspects from Chile and two from Peru.", "chile"),
        ("Mr Ruiz dismissed two of Ms Lopez's aides.", "lopez"),
        ("Peru offered a $5m reward for information leading to the capture of Mr Ruiz.", "ruiz"),
        ("A new bounty of up to $2m for Ms Lopez was announced.", "lopez"),
        ("Chile raised its bounty on Mr Ruiz to $10 million on Monday.", "ruiz"),
        ("Police seized 12 tons of cocaine linked to Mr Ruiz.", "ruiz"),
        ("Ms Lopez, who claimed to have built 40 schools, spoke on Monday.", "lopez"),
    ],
)
def test_subject_named_around_the_figure(nlp, text, subject):
    assert _run(nlp, text, ACTORS)[0].subject_actor_id == subject


def test_both_parts_of_a_parallel_count_of_people(nlp):
    text = "Police held the three suspects from Chile and two from Peru."
    figures = _run(nlp, text, ACTORS)
    assert [(f.value, f.unit, f.subject_actor_id) for f in figures] == [
        (3.0, "person", "chile"),
        (2.0, "person", "peru"),
    ]


def test_counts_of_countries_are_not_about_the_previous_topic(nlp):
    text = "Peru entered a deep crisis. Seventeen countries voted in favour."
    fig = _one(_run(nlp, text, ACTORS))
    assert (fig.unit, fig.subject_actor_id) == ("country", None)


# Claimants: the speaker of the reported speech.


def test_claimant_is_the_outermost_speaker(nlp):
    text = "Ms Lopez said the electoral board had counted 80% of the ballots."
    assert _one(_run(nlp, text, ACTORS)).claimant_id == "lopez"


def test_medium_reporting_a_speech_is_not_its_speaker(nlp):
    text = "Mr Ruiz said 300 people were detained, Reuters reported."
    assert _one(_run(nlp, text, ACTORS, SOURCES)).claimant_id == "ruiz"


def test_claimant_of_a_participle_of_saying(nlp):
    text = "Ms Lopez praised the deal, saying the army had freed nine hostages."
    assert _one(_run(nlp, text, ACTORS)).claimant_id == "lopez"


def test_claimant_of_a_quotation_running_over_sentences(nlp):
    text = '"We freed 12 prisoners today," Ms Lopez wrote. "Another 20 prisoners will follow."'
    figures = _run(nlp, text, ACTORS)
    assert [(f.value, f.claimant_id) for f in figures] == [(12.0, "lopez"), (20.0, "lopez")]


def test_claimant_of_an_embedded_post(nlp):
    text = "Twelve prisoners are on their way home! — Electoral Board (@eboard) May 3, 2025"
    assert _one(_run(nlp, text, ACTORS)).claimant_id == "board"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (
            "Ms Lopez, a former judge, was declared the winner after earning 58 per cent of "
            "the vote.",
            "lopez",
        ),
        ("Chile announced an increased $5m (£4m) reward for the capture of Mr Ruiz.", "ruiz"),
        (
            "The board froze the assets of Mr Ruiz, or of any firm in which he owns 40% or more.",
            "ruiz",
        ),
        (
            "Peru raised its bounty on Mr Ruiz on Monday. The previous bounty was set at $2m.",
            "ruiz",
        ),
        (
            'Peru said it "has seized 30 tons of cocaine linked to Mr Ruiz and his aides," '
            "Ms Lopez said.",
            "ruiz",
        ),
    ],
)
def test_subject_through_passives_restatements_pronouns_and_earlier_mentions(nlp, text, subject):
    assert _run(nlp, text, ACTORS)[-1].subject_actor_id == subject


def test_restated_amount_in_parentheses_keeps_its_own_text(nlp):
    text = "Chile announced an increased $5m (£4m) reward for the capture of Mr Ruiz."
    assert [f.text for f in _run(nlp, text, ACTORS)] == ["$5m", "£4m"]


def test_pronoun_speaker_continues_the_last_named_speaker(nlp):
    text = "Ms Lopez said the talks had failed. She claimed that 40 soldiers were wounded."
    assert _one(_run(nlp, text, ACTORS)).claimant_id == "lopez"


def test_issuer_of_sanctions_states_their_count(nlp):
    fig = _one(
        _run(
            nlp,
            "Peru imposed sanctions on 15 Chilean officials.",
            ACTORS,
            None,
            {"chilean": "chile"},
        )
    )
    assert (fig.claimant_id, fig.subject_actor_id) == ("peru", None)
    fig = _one(_run(nlp, "Chile protested. Peru sanctioned 15 Chilean officials.", ACTORS))
    assert (fig.claimant_id, fig.subject_actor_id) == ("peru", "chile")


def test_a_participle_after_a_comma_is_not_an_attribution(nlp):
    text = "Mr Ruiz did not name the six men, shown with him in a photo he posted."
    assert _one(_run(nlp, text, ACTORS)).claimant_id is None


def test_asking_or_urging_is_not_stating_a_figure(nlp):
    text = "Ms Lopez urged voters to answer yes to the five questions."
    assert _one(_run(nlp, text, ACTORS)).claimant_id is None


def test_a_medium_that_carried_the_scene_does_not_claim_its_figures(nlp):
    text = "At a rally with dozens of supporters, aired by state television VTV, Mr Ruiz spoke."
    fig = _one(_run(nlp, text, ACTORS, {"vtv": ["VTV"]}))
    assert (fig.value, fig.claimant_id) == (24.0, None)


def test_lines_of_a_paragraph_wrapped_by_hand_are_not_headlines(nlp):
    text = (
        "Officials in Lima said on Monday that\nPolice had detained 40 people in the capital\n"
        "after protests that lasted\nthree days and left 12 people wounded."
    )
    assert [f.value for f in _run(nlp, text)] == [40.0, 12.0]


def test_a_scene_around_a_speech_is_not_its_content(nlp):
    text = "Speaking at a rally with 5,000 supporters, Ms Lopez said the vote was rigged."
    assert _one(_run(nlp, text, ACTORS)).claimant_id is None


def test_documenting_a_count_claims_it(nlp):
    text = "The electoral board documented 1,200 complaints in the first week."
    assert _one(_run(nlp, text, ACTORS)).claimant_id == "board"


def test_trailing_attribution_to_an_outlet_told(nlp):
    text = '"We have counted 4,000 ballots so far," Ms Lopez told Reuters.'
    assert _one(_run(nlp, text, ACTORS, SOURCES)).claimant_id == "lopez"


def test_a_gathering_counted_by_an_of_phrase_is_people(nlp):
    fig = _one(_run(nlp, "Police fired tear gas at a crowd of several thousand in Lima."))
    assert (fig.value, fig.unit, fig.qualifier) == (3000.0, "person", "at_least")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru put the number of its citizens stranded at nearly 400.", (400.0, "person")),
        ("The number of arrests rose to 300 on Monday.", (300.0, "person")),
        ("The death toll climbed to 52.", (52.0, "person")),
    ],
)
def test_the_size_of_a_number_or_toll(nlp, text, expected):
    fig = _one(_run(nlp, text))
    assert (fig.value, fig.unit) == expected


def test_a_possessive_pronoun_names_the_actor_before_it(nlp):
    text = "The electoral board said 21 of its 34 members backed the recount."
    assert _run(nlp, text, ACTORS)[0].subject_actor_id == "board"


def test_the_speaker_of_the_previous_sentence_is_not_its_topic(nlp):
    text = "Peru's board said the vote was clean, Mr Ruiz reported. Inflation reached 40%."
    fig = _one(_run(nlp, text, ACTORS))
    assert (fig.unit, fig.subject_actor_id) == ("percent", None)
