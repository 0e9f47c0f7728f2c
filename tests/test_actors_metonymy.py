"""Places and offices that stand for a state or an organisation: sentences written for them."""

import pytest

from pipeline.extract.lexicon import load_lexicon


def ids(found) -> list[str]:
    return [m.actor_id for m in found.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brussels froze the assets of three Belarusian officials.", ["european-union"]),
        ("Brussels warned Minsk against further arrests.", ["european-union", "belarus"]),
        ("Thousands of farmers marched in Brussels on Tuesday.", []),
    ],
)
def test_a_seat_stands_for_its_organisation_where_it_acts(find, text, expected):
    assert [i for i in ids(find(text)) if i not in ("belarusian-officials",)] == expected


def test_a_seat_is_no_countrys_capital():
    assert "Brussels" not in load_lexicon().capitals.get("belgium", [])


@pytest.mark.parametrize(
    "text",
    [
        "Managua recalled its ambassador to the Vatican.",
        "The government expelled the apostolic nuncio on Friday.",
    ],
)
def test_the_vatican_and_its_nuncio_are_the_holy_see(find, text):
    assert "holy-see" in ids(find(text))
