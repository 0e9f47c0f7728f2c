"""Events from synthetic sentences, through the real model and the project's lexicons."""

import pytest

from pipeline.actors import ActorMatcher
from pipeline.events import EventExtractor
from pipeline.lexicon import load_lexicon
from pipeline.nlp import load_model


@pytest.fixture(scope="module")
def extract():
    nlp, lexicon = load_model(), load_lexicon()
    matcher, extractor = ActorMatcher(nlp, lexicon), EventExtractor(lexicon)
    types = {a.actor_id: a.actor_type for a in lexicon.actors}

    def run(text: str) -> set[tuple]:
        doc = nlp(text)
        mentions = matcher.find(doc).mentions
        events = extractor.find(doc, mentions, [], [], types)
        return {
            (e.event_type, e.source_actor_id, e.target_actor_id, e.status, e.target_basis)
            for e in events
        }

    return run


def pairs(events: set[tuple]) -> set[tuple]:
    return {e[:3] for e in events}


def test_coordinated_actors_behind_a_proxy_each_act(extract):
    events = extract("Diplomats from Chile, Peru and Ecuador urged Nicolás Maduro to step aside.")
    assert {("REQUEST", c, "nicolas-maduro") for c in ("chile", "peru", "ecuador")} <= pairs(events)


def test_object_control_gives_the_infinitive_its_subject(extract):
    events = extract("Gustavo Petro urged Nicolás Maduro to release political prisoners.")
    assert ("REQUEST", "gustavo-petro", "nicolas-maduro") in pairs(events)
    assert ("CONCEDE", "gustavo-petro", None) not in pairs(events)


def test_release_of_data_is_not_a_concession(extract):
    events = extract("Gustavo Petro asked the electoral council to release the tally sheets.")
    assert not any(e[0] == "CONCEDE" for e in events)


def test_a_noun_object_joins_its_verb_event(extract):
    events = extract("Washington lifted sanctions on Venezuela in October.")
    assert ("CONCEDE", "united-states", "venezuela") in pairs(events)
    assert not any(e[0] == "SANCTION" for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Javier Milei called Nicolás Maduro a dictator on Tuesday.",
         {("ACCUSE", "javier-milei", "nicolas-maduro")}),
        ("Gustavo Petro described Nicolás Maduro as a tyrant.",
         {("ACCUSE", "gustavo-petro", "nicolas-maduro")}),
        ("Lula called Nicolás Maduro to discuss the vote.", set()),
        ("Gustavo Petro called on Nicolás Maduro to publish the tallies.",
         {("REQUEST", "gustavo-petro", "nicolas-maduro")}),
    ],
)  # fmt: skip
def test_calling_an_actor_an_accusation_is_an_accusation(extract, text, expected):
    found = {p for p in pairs(extract(text)) if p[0] in ("ACCUSE", "REQUEST")}
    assert found == expected


def test_passive_agent_is_the_source(extract):
    events = extract("Edmundo González was criticized by Diosdado Cabello.")
    assert ("ACCUSE", "diosdado-cabello", "edmundo-gonzalez") in pairs(events)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Colombia will meet Venezuela next week.", "planned"),
        ("Colombia plans to meet Venezuela.", "planned"),
        ("Colombia is considering sanctions against Venezuela.", "hypothetical"),
        ("Colombia did not rule out sanctions against Venezuela.", "hypothetical"),
        ("Colombia did not meet Venezuela.", "negated"),
        ("Colombia has yet to meet Venezuela.", "negated"),
        ("Colombia met Venezuela.", "asserted"),
    ],
)
def test_status(extract, text, status):
    statuses = {e[3] for e in extract(text) if e[1] == "colombia" and e[2] == "venezuela"}
    assert statuses == {status}


def test_a_pronoun_acts_as_the_person_it_follows(extract):
    events = extract("Javier Milei spoke on Monday. He later criticized Nicolás Maduro.")
    assert ("ACCUSE", "javier-milei", "nicolas-maduro") in pairs(events)


def test_a_sentence_without_a_target_phrase_gets_an_inferred_target(extract):
    events = extract(
        "Brazil met Nicolás Maduro in Caracas. Brazil later sent an envoy. Brazil protested."
    )
    inferred = {e for e in events if e[4] == "inferred"}
    assert ("PROTEST", "brazil", "nicolas-maduro", "asserted", "inferred") in inferred
    stated = {e for e in events if e[4] == "stated"}
    assert ("CONSULT", "brazil", "nicolas-maduro", "asserted", "stated") in stated


def test_an_intransitive_event_gets_no_inferred_target(extract):
    events = extract("Chile criticized Nicolás Maduro. Nicolás Maduro refused to resign.")
    assert not any(e[0] == "CONCEDE" and e[2] is not None for e in events)


def test_no_event_without_an_acting_actor(extract):
    assert extract("Protests erupted across the country after the vote.") == set()
