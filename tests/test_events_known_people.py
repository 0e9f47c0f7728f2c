"""An act only a state does, told without its agent, about a person or party the lexicon
knows: the state is that actor's own, inferred (sentences written for these tests)."""

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
        events = extractor.find(doc, matcher.find(doc).mentions, [], [], types)
        return {(e.event_type, e.source_actor_id, e.target_actor_id, e.source_basis)
                for e in events}  # fmt: skip

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Imran Khan was jailed again on Monday.", ("COERCE", "pakistan", "imran-khan")),
        ("Pedro Castillo was convicted of rebellion.", ("ACCUSE", "peru", "pedro-castillo")),
        ("The Awami League was banned last year.", ("COERCE", "bangladesh", "awami-league")),
    ],
)  # fmt: skip
def test_a_known_actors_own_state_did_what_the_text_does_not_attribute(extract, text, expected):
    assert (*expected, "inferred") in extract(text)
