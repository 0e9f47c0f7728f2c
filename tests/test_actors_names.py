"""People's names that a title, an occupation or a list introduces, and descriptions whose
owner stands before adjectives: each rule with sentences written for it."""

import pytest


def named(found) -> dict[str, str]:
    return {m.text: m.actor_id for m in found.mentions}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Pharmacist Ignacio Robles was freed from jail on Monday.", "ignacio-robles"),
        ("Bishop Tomás Aguirre was arrested by the police in Managua.", "tomas-aguirre"),
        ("Reporter Lidia Carvajal was detained in La Paz.", "lidia-carvajal"),
    ],
)
def test_a_title_or_occupation_before_a_name_is_not_part_of_it(find, text, person):
    assert person in named(find(text)).values()


def test_a_title_word_that_begins_an_organisations_name_introduces_no_person(find):
    found = find("The suspects worked for Spain's National Intelligence Center, he said.")
    assert "intelligence-center" not in named(found).values()
    assert named(found).get("National Intelligence Center") == "national-intelligence-center"


def test_a_full_name_after_a_title_beats_a_lexicon_persons_surname(find):
    # the lexicon's Pedro Sánchez (Spain) is not this councillor of the same surname
    found = find("Councillor Rosa Sánchez met the mayor in Seville. Sánchez later resigned.")
    assert "pedro-sanchez" not in named(found).values()
    assert [m.actor_id for m in found.mentions if "Sánchez" in m.text] == ["rosa-sanchez"] * 2


def test_every_name_of_a_list_of_people_is_a_person(find):
    found = find("Police held three students: Iván Quiroga, Nadia Pellegrini and Otto Brandt.")
    people = {a.actor_id for a in found.new_actors if a.actor_type == "person"}
    assert {"ivan-quiroga", "nadia-pellegrini", "otto-brandt"} <= people


@pytest.mark.parametrize(
    ("text", "description", "actor"),
    [
        ("Uganda and Tanzania protested after Kenya's newly elected parliament approved the "
         "levy.", "parliament", "kenyan-parliament"),
        ("Togo and Benin welcomed the count that Ghana's independent electoral commission "
         "certified.", "electoral commission", "ghanaian-electoral-commission"),
    ],
)
def test_an_owner_before_adjectives_owns_the_description(find, text, description, actor):
    assert named(find(text)).get(description) == actor


@pytest.mark.parametrize(
    ("text", "group", "country"),
    [
        ("Chilean miners walked off the job on Monday.", "chilean-miners", "CHL"),
        ("Honduran unions called a national strike.", "honduran-unions", "HND"),
        ("Salvadoran gangs extorted the bus drivers.", "salvadoran-gangs", "SLV"),
    ],
)
def test_a_demonym_before_plural_people_is_a_group_of_that_country(find, text, group, country):
    found = find(text)
    actor = next(a for a in found.new_actors if a.actor_id == group)
    assert (actor.actor_type, actor.country_code) == ("group", country)


@pytest.mark.parametrize(
    "text",
    [
        "Chilean officials met the delegation in Lima.",  # who act for the state: the state
        "Chilean voters went to the polls on Sunday.",  # counted, not acting together
        "Chilean journalists Ana Ruiz and Tomás Vidal were detained.",  # the people named
    ],
)
def test_no_group_where_the_demonym_and_noun_name_no_collective_actor(find, text):
    assert not any(a.actor_type == "group" for a in find(text).new_actors)


def test_a_persons_followers_after_a_possessive_are_a_group(find):
    found = find("Nicolás Maduro's loyalists rallied outside the palace.")
    group = next(a for a in found.new_actors if a.actor_type == "group")
    assert (group.name, group.country_code) == ("Nicolás Maduro loyalists", "VEN")
    assert "Nicolás Maduro's loyalists" in group.aliases


def test_a_one_word_name_listed_among_places_is_a_place(find):
    found = find("Marchers in Quito, Guayaquil and Cuenca demanded the minister's resignation.")
    assert not any(a.actor_type == "person" for a in found.new_actors)
    found = find("The US sanctioned Venezuela and Pedro Alcántara on Monday.")
    assert "pedro-alcantara" in [a.actor_id for a in found.new_actors]
