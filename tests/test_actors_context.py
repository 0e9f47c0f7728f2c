"""Which country a generic description ("the opposition", "the electoral council") belongs
to when the text names several: each rule with sentences written for it."""

import pytest

from pipeline.actors import ActorMatcher
from pipeline.lexicon import load_lexicon
from pipeline.nlp import load_model


@pytest.fixture(scope="module")
def find():
    nlp, lexicon = load_model(), load_lexicon()
    matcher = ActorMatcher(nlp, lexicon, exclude=["Reuters"])
    return lambda text: matcher.find(nlp(text))


def actors_of(found) -> dict[str, str]:
    return {m.text: m.actor_id for m in found.mentions}


@pytest.mark.parametrize(
    ("text", "form", "expected"),
    [
        ("Ottawa criticised Managua over the detention of opposition activists.",
         "opposition activists", "nicaraguan-opposition"),
        ("Canada's reaction to the arrests of opposition activists angered Daniel Ortega.",
         "opposition activists", "nicaraguan-opposition"),
    ],
)  # fmt: skip
def test_on_a_tie_the_country_a_reaction_is_about_owns_the_description(find, text, form, expected):
    assert actors_of(find(text))[form] == expected
