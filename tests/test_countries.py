"""Countries from one place: the countryinfo package's data with the lexicon's entries laid over."""

from pipeline.extract.countries import demonyms, library_countries, load_countries, merge
from pipeline.extract.lexicon import load_lexicon


def test_every_current_iso_country_is_known_with_name_demonym_and_capital():
    countries = load_countries()
    assert len(countries) > 240
    kenya = countries["KEN"]
    assert (kenya.name, kenya.demonyms[0], kenya.capitals) == ("Kenya", "Kenyan", ["Nairobi"])
    assert countries["VCT"].actor_id == "saint-vincent-and-the-grenadines"
    assert "St. Vincent and the Grenadines" in countries["VCT"].aliases


def test_withdrawn_codes_and_code_like_spellings_are_left_out():
    countries = library_countries()
    assert "SCG" not in countries and "ANT" not in countries
    assert demonyms()["serbian"].code == "SRB"
    assert "CAN" not in countries["CAN"].aliases and "CA" not in countries["CAN"].aliases
    assert "Island" not in countries["ISL"].aliases  # a native name that is an English word


def test_a_shared_demonym_goes_to_the_most_populous_country():
    assert demonyms()["dominican"].code == "DOM"
    assert demonyms()["american"].code == "USA"


def test_lexicon_entries_add_what_the_package_lacks():
    merged = merge([{"id": "argentina", "type": "country", "country": "ARG",
                     "demonyms": ["Argentine"], "aliases": ["Argentine Republic"]}])  # fmt: skip
    assert merged["ARG"].demonyms[0] == "Argentine"
    assert "Argentinean" in merged["ARG"].demonyms
    assert merged["ARG"].aliases.count("Argentine Republic") == 1


def test_an_entry_can_add_a_country_the_package_lacks():
    merged = merge([{"id": "kosovo", "type": "country", "country": "XKX", "name": "Kosovo",
                     "demonyms": ["Kosovar"]}])  # fmt: skip
    assert (merged["XKX"].name, merged["XKX"].actor_id) == ("Kosovo", "kosovo")


def test_the_lexicon_holds_every_country_as_an_actor():
    lexicon = load_lexicon()
    countries = {a.country_code: a for a in lexicon.actors if a.actor_type == "country"}
    assert countries["VEN"].wikidata_id == "Q717"  # from actors.yaml
    assert countries["VNM"].name == "Vietnam"  # from the package only
    assert lexicon.demonyms["vietnamese"] == "vietnam"
    assert lexicon.capitals["kenya"] == ["Nairobi"]
