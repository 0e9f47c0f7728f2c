"""Actor mentions: lexicon names and descriptions, acronyms, honorifics and unknown names."""

import pytest


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


# ---------------------------------------------------------------- country context


def actors_of(found) -> dict[str, str | None]:
    """mention text -> actor id, for readable asserts."""
    return {m.text: m.actor_id for m in found.mentions}


def new_actor(found, actor_id: str):
    return next(a for a in found.new_actors if a.actor_id == actor_id)


@pytest.mark.parametrize(
    ("text", "form", "expected"),
    [
        ("Ghana's opposition rejected the budget.", "opposition", "ghanaian-opposition"),
        ("The Ghanaian opposition rejected the budget.", "Ghanaian opposition",
         "ghanaian-opposition"),
        ("The opposition in Ghana rejected the budget.", "opposition", "ghanaian-opposition"),
        ("Ghana's high court annulled the vote.", "high court", "ghanaian-supreme-court"),
        ("The Supreme Court of Ghana annulled the vote.", "Supreme Court",
         "ghanaian-supreme-court"),
    ],
)  # fmt: skip
def test_a_generic_description_belongs_to_the_country_that_owns_it(find, text, form, expected):
    assert actors_of(find(text))[form] == expected


def test_another_countrys_description_produces_no_venezuelan_actor(find):
    found = find("Zambia's opposition accused the electoral commission of bias.")
    assert actors_of(found) == {
        "Zambia": "zambia",
        "opposition": "zambian-opposition",
        "electoral commission": "zambian-electoral-commission",
    }
    commission = new_actor(found, "zambian-electoral-commission")
    assert (commission.name, commission.country_code) == ("Zambian electoral commission", "ZMB")
    assert "Zambia's electoral commission" in commission.aliases
    countries = {a.country_code for a in found.new_actors}
    assert countries == {"ZMB"}


def test_a_bare_description_takes_the_country_the_document_is_about(find):
    text = (
        "Ecuadorian President Daniel Noboa spoke in Quito. "
        "The electoral council later confirmed the result, and the military stayed out."
    )
    found = actors_of(find(text))
    assert found["electoral council"] == "ecuadorian-electoral-commission"
    assert found["military"] == "ecuadorian-military"


def test_in_a_text_about_venezuela_the_lexicon_entry_is_the_instance(find):
    found = actors_of(find("María Corina Machado said the electoral council and the armed "
                           "forces had ignored the tally sheets."))  # fmt: skip
    assert found["electoral council"] == "national-electoral-council"
    assert found["armed forces"] == "bolivarian-national-armed-forces"


def test_a_place_tells_the_country(find):
    found = actors_of(find("In Accra, police detained dozens of activists on Friday."))
    assert found == {"police": "ghanaian-police", "activists": "ghanaian-activists"}


@pytest.mark.parametrize(
    ("text", "form", "expected"),
    [
        ("Chilean teachers went on strike in Santiago.", "Chilean teachers", "chilean-teachers"),
        ("In La Paz, coca farmers marched against the new law.", "farmers", "bolivian-farmers"),
        ("Nigeria's trade unions called a general strike.", "trade unions", "nigerian-unions"),
        ("Hundreds of university students rallied outside parliament in Belgrade.",
         "university students", "serbian-students"),
        ("Truck drivers blocked the border crossing near Lima.", "Truck drivers",
         "peruvian-truckers"),
    ],
)  # fmt: skip
def test_social_groups_that_protest_belong_to_the_country_of_the_text(find, text, form, expected):
    assert actors_of(find(text))[form] == expected


def test_the_workers_of_a_task_are_no_social_group(find):
    found = actors_of(find("Kenyan police detained poll workers and aid workers in Nairobi."))
    assert not any(form.endswith("workers") for form in found)


def test_with_no_country_in_the_text_a_description_names_no_one(find):
    assert find("The opposition accused the electoral council of fraud.").mentions == []


def test_the_government_is_the_state_itself(find):
    found = actors_of(find("Kenyan authorities arrested him, and the government defended it."))
    assert found == {"Kenyan authorities": "kenya", "government": "kenya"}


@pytest.mark.parametrize(
    "text",
    [
        "Under Kenyan law a government may call an early vote.",  # indefinite
        "Kenya's president voiced his opposition to the plan.",  # the act of opposing
        "Kenya's president said his government would act.",  # whose: the pronoun's
        "Government officials from Kenya, Uganda and Tanzania met on Monday.",
    ],
)
def test_descriptions_that_name_no_particular_actor(find, text):
    found = find(text)
    assert not any(a.actor_type in ("group", "government") for a in found.new_actors)
    assert "kenya" not in [m.actor_id for m in found.mentions if m.text.islower()]


def test_forms_that_need_an_owner_or_an_antecedent(find):
    assert find("Troops were seen near the border.").mentions == []
    found = actors_of(find("Protesters gathered outside the Chilean embassy in Lima. "
                           "Police cleared the embassy entrance at dawn."))  # fmt: skip
    assert found["Chilean embassy"] == found["embassy"] == "chilean-embassy"


def test_a_description_inside_a_title_or_a_longer_name_is_not_an_actor(find):
    found = actors_of(find("Kenyan Foreign Minister Amina Otieno met the Patriotic Army of "
                           "Freedom's leaders."))  # fmt: skip
    assert "Kenyan Foreign Minister" not in found and "Army" not in found
    assert found["Amina Otieno"] == "amina-otieno"


def test_an_office_held_by_one_person_is_its_lexicon_holder(find):
    found = actors_of(find("Venezuela's attorney general charged the two activists."))
    assert found["attorney general"] == "tarek-william-saab"


def test_migrants_are_venezuelan_only_in_a_text_about_venezuela(find):
    assert actors_of(find("Venezuela said the migrants would be flown home."))["migrants"] == (
        "venezuelan-migrants"
    )
    found = find("Mexican authorities detained 80 migrants near the border.")
    assert actors_of(found)["migrants"] == "migrants"
    assert new_actor(found, "migrants").country_code is None


# ---------------------------------------------------------------- roles and names


def test_the_head_of_an_institution_stands_for_it(find):
    found = find("In Caracas, the head of the electoral council announced the results.")
    council = [m.text for m in found.mentions if m.actor_id == "national-electoral-council"]
    assert council == ["head of the electoral council", "electoral council"]


def test_a_named_head_is_the_person_not_the_institution(find):
    found = find("In Caracas, the head of the electoral council, Rosa Vélez, spoke.")
    assert [m.text for m in found.mentions if m.actor_id == "national-electoral-council"] == [
        "electoral council"
    ]


def test_a_surname_alone_is_the_person_the_text_names_in_full(find):
    found = find("Senator Tim Scott visited Miami. Scott later criticised the talks.")
    assert "rick-scott" not in ids(found)
    assert [m.actor_id for m in found.mentions if m.text == "Scott"] == ["tim-scott"]
    # the lexicon person keeps the surname where the text names him in full
    found = find("Senator Rick Scott visited Miami. Scott later criticised the talks.")
    assert ids(found) == ["rick-scott", "rick-scott"]


def test_a_surname_after_another_first_name_is_not_the_lexicon_person(find):
    found = find("Spanish MEP Lucía Sánchez met the delegation. Sánchez praised it.")
    assert "pedro-sanchez" not in ids(found)


# ---------------------------------------------------------------- names the model finds


def test_names_are_completed_joined_and_trimmed(find):
    found = find("The list named Wilbert Joseph Ramírez and Ana Urquiola Beltrán. "
                 "They met the Andean Water Commission on Monday.")  # fmt: skip
    names = {a.name for a in found.new_actors}
    assert {"Wilbert Joseph Ramírez", "Ana Urquiola Beltrán"} <= names
    assert "Andean Water Commission" in names  # without "the"


def test_a_name_and_an_acronym_in_parentheses_are_one_actor(find):
    found = find("The Andean Water Commission (AWC) met in Quito. The AWC then issued a report.")
    assert {m.actor_id for m in found.mentions if "A" in m.text} == {"andean-water-commission"}


def test_titles_credits_and_places_are_not_actors(find):
    found = find("CARACAS (Reuters) - Interior Minister Diosdado Cabello and Secretary of State "
                 "Marco Rubio spoke by phone, officials said (ACN Photo).")  # fmt: skip
    assert {m.actor_id for m in found.mentions} == {"diosdado-cabello", "marco-rubio"}
    found = find("Recife, Brazil - President Lula said the State would not intervene.")
    assert "recife" not in ids(found) and "state" not in ids(found)


def test_a_name_before_an_organisations_noun_is_that_organisation(find):
    found = find("Prosecutors linked him to Mexico's Jalisco cartel and the Venezuelan gang.")
    assert "jalisco-cartel" in ids(found)
    assert not any("gang" in a.name for a in found.new_actors)


def test_followers_of_a_person_are_a_group(find):
    found = find("Marta Ibarra supporters blocked the main road.")
    group = new_actor(found, "marta-ibarra-supporters")
    assert group.actor_type == "group"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington condemned Caracas over the arrests.", ["united-states", "venezuela"]),
        ("Havana signed a pact with Caracas.", ["cuba", "venezuela"]),
        ("Delegates flew in to Caracas and Havana.", []),
    ],
)
def test_a_capital_stands_for_its_state_as_an_object_too(find, text, expected):
    assert ids(find(text)) == expected
