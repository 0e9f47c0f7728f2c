"""Figure subjects across sentences and for groups of people: a repeated count refers back
to the group counted before; people counted in a protest are its protesters."""

from __future__ import annotations

import pytest

from pipeline.common.records import Mention
from pipeline.extract.figures import armed_forces, extract_figures
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.nlp import load_model
from tests.test_figures import _run, _spans

ACTORS = {
    "chile": ["Chile"],
    "peru": ["Peru"],
    "protesters": ["protesters", "demonstrators"],
    "lopez": ["Ms Lopez", "Lopez"],
    "ruiz": ["Mr Ruiz", "Ruiz"],
}
DEMONYMS = {"chilean": "chile", "peruvian": "peru"}


@pytest.fixture(scope="module")
def nlp():
    return load_model()  # the pipeline's model, loaded once per process


def _subjects(nlp, text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.subject_actor_id) for f in _run(nlp, text, ACTORS, demonyms=DEMONYMS)]


@pytest.mark.parametrize(
    "text",
    [
        "Chile said Peru freed four Chilean nationals. The four men had been held since March.",
        "Peru released seven Chilean fishermen, Chile said. Seven prisoners flew home.",
        "Chile said Peru freed two Chilean nationals. The talks went on. A deal was near. Rain "
        "fell. The two men flew home.",
    ],
)
def test_a_repeated_count_refers_back_to_the_group_counted_before(nlp, text):
    assert [s for _, s in _subjects(nlp, text)] == ["chile", "chile"]


@pytest.mark.parametrize(
    "text",
    [
        # another number: another group
        "Chile said Peru freed four Chilean nationals. Three men remain in custody.",
        # vague counts are not the same group again
        "Dozens of students from Chile marched. Dozens of people were injured.",
        # a pair, or a count far from the first, is not taken for the same group unless it
        # says so ('the two')
        "Chile said Peru freed two Chilean nationals. Two people died in a crash.",
        "Chile said Peru freed four Chilean nationals. The talks went on. A deal was near. "
        "Rain fell. Four people died in a crash.",
    ],
)
def test_a_different_or_vague_count_does_not_refer_back(nlp, text):
    assert _subjects(nlp, text)[-1][1] is None


@pytest.mark.parametrize(
    "text",
    [
        "Protesters blocked roads in Lima. Police said 300 people were detained during the "
        "protests.",
        "Demonstrators gathered outside the palace. Rights groups counted 45 arrests at the "
        "rally on Sunday.",
        "Thousands of protesters marched. The ministry said 12 people who were injured in the "
        "demonstrations had been treated.",
        "Protesters filled the square. Hundreds were arrested at the rally.",
    ],
)
def test_people_counted_in_a_protest_are_its_protesters(nlp, text):
    assert _subjects(nlp, text)[-1][1] == "protesters"


@pytest.mark.parametrize(
    "text",
    [
        # no protest around the count
        "Protesters blocked roads in Lima. Police said 300 people were detained in the south.",
        # a protest, but the text names no protesters
        "Police said 300 people were detained during the protests.",
        # officers counted in a protest are not its protesters
        "Protesters blocked roads in Lima. Twelve officers were injured during the protests.",
    ],
)
def test_people_counted_elsewhere_are_not_protesters(nlp, text):
    assert _subjects(nlp, text)[-1][1] is None


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the object of 'urge', 'ask', 'order' does what the infinitive says
        ("Peru urged Chile to send 400 tons of grain.", "chile"),
        ("Peru urged voters to turn out and back the three proposals on the ballot.", None),
        # without an object the subject does it
        ("Peru promised to send 400 tons of grain.", "peru"),
    ],
)
def test_the_object_of_a_control_verb_is_the_subject_of_its_infinitive(nlp, text, subject):
    assert _subjects(nlp, text)[-1][1] == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a share of a group of people is about the group
        ("Voting ended in Peru. Around 40% of Peruvian voters backed the reform.", "peru"),
        ("In Chile, two-thirds of Chilean lawmakers voted against it.", "chile"),
        # a share of something else is not
        ("Around 40% of the ballots were annulled.", None),
    ],
)
def test_a_share_of_a_group_of_people_is_about_the_group(nlp, text, subject):
    assert _subjects(nlp, text)[-1][1] == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("The official count gave Chile 51.2% of the vote.", "chile"),
        ("Early returns gave Peru 48 percent of the vote.", "peru"),
    ],
)
def test_a_count_that_gives_someone_a_share_is_about_them(nlp, text, subject):
    assert _subjects(nlp, text)[-1][1] == subject


FORCES = {"peru": "peru-army", "chile": "chile-army"}


def _force_subjects(nlp, text: str, actors: dict[str, list[str]]) -> list[str | None]:
    mentions = [Mention(*s) for s in _spans(text, actors)]
    return [f.subject_actor_id
            for f in extract_figures(nlp(text), mentions, [], DEMONYMS, FORCES)]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # whose the troops or warships are, by their noun phrase or by who placed them
        ("Chile denied that seven Chilean warships had entered the bay.", "chile"),
        ("Chile's four frigates left port on Monday.", "chile"),
        ("Peru deployed 3,000 troops to the border.", "peru"),
        # the country's armed forces, when the text names them
        ("Chile put the Chilean army on alert. Seven Chilean warships sailed north.", "chile-army"),
        # troops that someone else counts or fights are not the speaker's
        ("Peru said it had killed 12 soldiers.", None),
    ],
)
def test_troops_and_warships_are_their_countrys_armed_forces(nlp, text, subject):
    actors = {**ACTORS, "chile-army": ["Chilean army"]}
    assert _force_subjects(nlp, text, actors)[-1] == subject


def test_armed_forces_map_a_country_to_its_military():
    forces = armed_forces(load_lexicon())
    assert forces["united-states"] == "us-armed-forces"
    assert all(a != b for a, b in forces.items())


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a pronoun with no antecedent in its sentence: the actor the sentence before is about
        ("Peru won the vote in the region. It secured 2.1 million votes.", "peru"),
        ("Chile won the first round. It took 48% of the vote. It also won 30 seats.", "chile"),
        # the speaker of the sentence before is its source, not what it is about
        ("Peru said the count was over. It secured 2.1 million votes.", None),
    ],
)
def test_a_pronoun_subject_stands_for_the_previous_sentences_actor(nlp, text, subject):
    assert _subjects(nlp, text)[-1][1] == subject


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        # a score pair: the lower score is the beaten one's
        ("Ms Lopez beat Mr Ruiz by 52% to 44%.", ["lopez", "ruiz"]),
        ("Ms Lopez led Mr Ruiz 52% to 44%.", ["lopez", "ruiz"]),
        # a ranking: 'followed by Y with N'
        ("Ms Lopez came first with 52% of the vote, followed by Mr Ruiz with 44%.",
         ["lopez", "ruiz"]),
        # claiming a win is an act: whoever claims it won the share
        ("Ms Lopez claimed victory with 67% of the vote.", ["lopez"]),
        # the tally of X, a poll that puts X at N
        ("Mr Ruiz's tally of 4.4 million votes was disputed.", ["ruiz"]),
        ("A new poll put Ms Lopez at 52%.", ["lopez"]),
        # a claim of a figure stays a report: the speaker is its source, not its subject
        ("Ms Lopez claimed that turnout reached 61%.", [None]),
    ],
)
def test_vote_shares_in_rankings_and_score_pairs(nlp, text, subjects):
    assert [s for _, s in _subjects(nlp, text)] == subjects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb left out after the first figure: each amount is the name's before it
        ("The board said Ms Lopez had 3.1 million votes and Mr Ruiz 2.9 million.",
         [(3.1e6, "vote", "lopez"), (2.9e6, "vote", "ruiz")]),
        ("Ms Lopez won 52% and Mr Ruiz 44%.",
         [(52.0, "percent", "lopez"), (44.0, "percent", "ruiz")]),
        # a number that is part of a name stays out
        ("Under Article 233, Ms Lopez took office.", []),
    ],
)
def test_gapped_amounts_after_names(nlp, text, expected):
    text_figures = _run(nlp, text, ACTORS, demonyms=DEMONYMS)
    assert [(f.value, f.unit, f.subject_actor_id) for f in text_figures] == expected
