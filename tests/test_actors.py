"""Actor mentions: lexicon names and descriptions, acronyms, honorifics and unknown names."""

import pytest

from pipeline.actors import ActorMatcher
from pipeline.lexicon import load_lexicon
from pipeline.nlp import load_model


@pytest.fixture(scope="module")
def find():
    nlp, lexicon = load_model(), load_lexicon()
    matcher = ActorMatcher(nlp, lexicon, exclude=["Reuters"])
    return lambda text: matcher.find(nlp(text))


def ids(found) -> list[str]:
    return [m.actor_id for m in found.mentions]


def test_every_form_of_a_name_is_one_actor(find):
    found = find(
        "Nicolas Maduro spoke. Mr Maduro left. Nicolás Maduro returned. "
        "Venezuela's president smiled."
    )
    assert ids(found) == ["nicolas-maduro"] * 4
    assert found.mentions[1].text == "Mr Maduro"


def test_descriptions_name_institutions(find):
    found = find("The Biden administration asked Venezuela’s highest court to act.")
    assert ids(found) == ["united-states", "venezuela", "supreme-tribunal-of-justice"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Caracas would withdraw its ambassador, officials said.", ["venezuela"]),
        ("The move was condemned by Moscow and Beijing.", ["russia", "china"]),
        ("Thousands marched in Caracas and Bogotá on Sunday.", []),
        ("Demonstrators in Caracas protested against Nicolás Maduro.", ["nicolas-maduro"]),
    ],
)
def test_a_capital_stands_for_its_state_only_when_it_acts(find, text, expected):
    assert [i for i in ids(find(text)) if i != "protesters"] == expected


def test_acronyms_match_only_in_capitals(find):
    assert ids(find("Let us see what the US and the UN do.")) == ["united-states", "united-nations"]


def test_a_capitalised_name_does_not_match_a_common_word(find):
    assert "amnesty-international" not in ids(find("He was offered amnesty by the court."))
    assert "amnesty-international" in ids(find("Amnesty International condemned the arrests."))


def test_a_surname_inside_another_full_name_is_not_the_lexicon_person(find):
    assert "rick-scott" not in ids(find("Phil Scott, the governor of Vermont, spoke."))


def test_a_shared_surname_goes_to_the_person_the_text_names(find):
    found = find("Delcy Rodríguez spoke first. Later Rodríguez left.")
    assert ids(found) == ["delcy-rodriguez", "delcy-rodriguez"]


def test_unknown_people_become_actors_with_merged_aliases(find):
    found = find("The economist John Mendoza said the vote was flawed. Mendoza added more.")
    new = {a.actor_id: a for a in found.new_actors}
    assert new["john-mendoza"].actor_type == "person"
    assert "Mendoza" in new["john-mendoza"].aliases
    assert [m.actor_id for m in found.mentions if "Mendoza" in m.text] == ["john-mendoza"] * 2


def test_outlets_are_not_actors_found_by_ner(find):
    assert "reuters" not in [a.actor_id for a in find("Reuters reported it.").new_actors]
