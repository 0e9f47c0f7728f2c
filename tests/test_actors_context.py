"""Which country a generic description ("the opposition", "the electoral council") belongs
to when the text names several: each rule with sentences written for it."""

import pytest


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


def test_a_country_the_qualified_noun_is_in_owns_the_description(find):
    found = actors_of(find("The Swedish foreign minister met Ruto and deplored the beatings of "
                           "opposition volunteers in Uganda."))  # fmt: skip
    assert found["opposition"] == "ugandan-opposition"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("The chairman of Ghana's electoral commission announced the count.",
         "chairman of Ghana's electoral commission"),
        ("A spokesman of the Kenyan police denied the reports.", "spokesman of the Kenyan police"),
    ],
)  # fmt: skip
def test_the_head_of_an_owned_institution_stands_for_it(find, text, role):
    found = find(text)
    mention = next(m for m in found.mentions if m.text == role)
    assert mention.actor_id == next(m.actor_id for m in found.mentions if m.end == mention.end
                                    and m is not mention)  # fmt: skip


def test_the_head_of_an_owned_institution_named_beside_it_is_that_person(find):
    found = find("The chairman of Ghana's electoral commission, Kofi Mensah, announced the count.")
    assert not any(m.text.startswith("chairman") for m in found.mentions)


@pytest.mark.parametrize(
    ("text", "form", "expected"),
    [
        ("Raila Odinga's allies said the electoral commission had ignored them.",
         "electoral commission", "iebc"),
        ("Supporters of Imran Khan marched to the offices of the election commission.",
         "election commission", "election-commission-of-pakistan"),
    ],
)  # fmt: skip
def test_a_known_persons_country_gives_a_description_its_institution(find, text, form, expected):
    assert actors_of(find(text))[form] == expected


def test_an_article_of_the_noun_a_description_modifies_is_not_the_descriptions(find):
    found = actors_of(find("In Harare, police broke up an opposition meeting on Sunday."))
    assert found["opposition"] == "zimbabwean-opposition"
    assert "opposition" not in actors_of(find("In Harare, an opposition would be welcome."))
    assert "opposition" not in actors_of(find("In Harare, an opposition candidate was barred."))


@pytest.mark.parametrize(
    "text",
    [
        "The ban on opposition rallies that Uganda imposed was criticised by Amnesty "
        "International.",
        "Amnesty International condemned the ban on opposition rallies that Uganda imposed.",
    ],
)
def test_who_only_comments_on_the_matter_counts_half(find, text):
    # Uganda and Amnesty International (GBR) are named once each; Amnesty only comments
    assert actors_of(find(text))["opposition"] == "ugandan-opposition"
