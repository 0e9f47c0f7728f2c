import pytest

from pipeline.extract.citations import SourceMatcher
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.nlp import load_model


@pytest.fixture(scope="module")
def cite():
    nlp = load_model()
    matcher = SourceMatcher(nlp, load_lexicon())
    return lambda text: [(c.source_id, c.text) for c in matcher.find(nlp(text))]


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed, according to a report by Reuters.",
        "Talks resumed, according to Reuters.",
        "Reuters reported that talks resumed.",
        "An official told Reuters that talks resumed.",
        "A Reuters report said talks resumed.",
        "The minister spoke in an interview with Reuters on Monday.",
        "In an interview with Reuters, the minister denied it.",
        "The speech, broadcast by Reuters, lasted an hour.",
        "The minister said in a statement carried by Reuters that talks resumed.",
        "Talks resumed, the minister said in a statement to Reuters.",
        "The minister told Reuters news agency that talks resumed.",
    ],
)
def test_attributions_to_an_outlet(cite, text):
    assert [s for s, _ in cite(text)] == ["reuters"]


def test_agency_names_are_normalised(cite):
    sources = {s for s, _ in cite("An official told The Associated Press. Another told the AP.")}
    assert len(sources) == 1


def test_an_outlet_named_without_attribution_is_not_a_citation(cite):
    assert cite("Reuters opened a new office in Caracas.") == []


def test_anonymous_sources_are_recorded(cite):
    found = cite("Sources familiar with the talks said a deal was near.")
    assert [s for s, _ in found] == ["anonymous"]


def test_state_television_that_broadcast_a_speech_is_cited(cite):
    found = cite("The speech, aired by state television VTV, lasted an hour.")
    assert [s for s, _ in found] == ["venezolana-de-television"]


def test_an_outlet_named_like_a_web_address_is_cited(cite):
    found = cite("Police arrested six people, News.Az reports, citing foreign media.")
    assert [s for s, _ in found] == ["news-az"]


def test_working_with_an_outlet_is_not_a_citation(cite):
    assert cite("Reuters opened an office with the BBC.") == []


def test_a_source_that_could_not_verify_is_not_cited(cite):
    assert cite("Reuters could not independently verify the claim.") == []
