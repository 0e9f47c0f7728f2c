"""The model's attribute rules and lemmatizer applied to whole columns
(pipeline/extract/attributes.py) give the annotations of spaCy's own, token for token."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from pipeline.extract.attributes import AttributeRules, faster_lemmas, faster_rules
from pipeline.extract.nlp import DEFAULT_MODEL, load_model
from pipeline.ingest.documents import parse_text

# Sentences written for this test, one or more for each kind of rule the model has: tag to
# part of speech, words that change it ("but" as an adverb, "that" as a conjunction or a
# pronoun), negation, auxiliaries and main verbs, contractions and colloquial forms ("ain't",
# "gonna", "y'all", "nothin'"), pronouns as objects, existential "there", and white space.
SENTENCES = [
    "The mayor said that the bridge would not open before March, but it opened in May.",
    "We all but gave up when the talks stalled; they didn't resume until the envoy returned.",
    "If the court rules against her, she will appeal because she has the votes.",
    "That is not what the minister promised, and this is what they do every year.",
    "I'm sure you're right: it's late, we've waited, and they'd have left by now.",
    "Ain't nobody gonna tell us what to do, y'all, so let's go; we gotta finish.",
    "He had nothin' to say and did nothing about it, though he does have a plan.",
    "Give it to me, tell you what, and show them which of these works.",
    "There is a rumour that there are 3,000 troops, and there were more in 2019.",
    "Officials  counted\u00a0the ballots.\n\nThen   they   counted them again.",
    "Is the election over? Are the results final? Has anyone conceded?",
    "Whether or not he runs, unless the party objects, the vote goes ahead once polls close.",
]

COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def models():
    plain = spacy.load(DEFAULT_MODEL)
    return plain, faster_lemmas(faster_rules(spacy.load(DEFAULT_MODEL)))


def _texts() -> list[str]:
    seeds = sorted(Path("data/raw").glob("*.txt"))
    return SENTENCES + [parse_text(p.read_text(encoding="utf-8")).body for p in seeds]


def test_the_faster_rules_replace_the_ruler(models):
    plain, fast = models
    assert "attribute_ruler" in plain.pipe_names
    assert "attribute_ruler" not in fast.pipe_names
    assert fast.pipe_names.index("actas_attribute_rules") == plain.pipe_names.index(
        "attribute_ruler"
    )
    assert "lemmatizer" not in fast.pipe_names
    assert fast.pipe_names.index("actas_lemmas") == plain.pipe_names.index("lemmatizer")
    assert {"actas_attribute_rules", "actas_lemmas"} <= set(load_model().pipe_names)


def test_every_token_gets_the_same_annotations(models):
    plain, fast = models
    texts = _texts()
    assert len(texts) > len(SENTENCES)  # the seed texts are there too
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        assert [t.text for t in a] == [t.text for t in b]
        differ = np.flatnonzero((a.to_array(COLUMNS) != b.to_array(COLUMNS)).any(axis=1))
        assert not len(differ), [(a[i].text, a[i].pos_, b[i].pos_, str(a[i].morph),
                                  str(b[i].morph), a[i].lemma_, b[i].lemma_) for i in differ]
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_rules_with_a_key_it_cannot_read_keep_spacys_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "vote"}]], {"POS": "NOUN"})
    assert AttributeRules.read(ruler) is not None
    ruler.add([[{"LENGTH": 4}]], {"POS": "NOUN"})
    assert AttributeRules.read(ruler) is None
    assert faster_rules(nlp).pipe_names == ["attribute_ruler"]


def _toy_ruler() -> spacy.language.Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "polls"}]], {"POS": "NOUN", "LEMMA": "poll"})
    ruler.add([[{"LOWER": "the"}, {"LOWER": "polls"}]], {"POS": "PROPN"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^clos"}}]], {"POS": "VERB"}, index=-1)
    ruler.add([[{"LOWER": {"NOT_IN": ["the", "polls"]}, "IS_SPACE": False}]], {"MORPH": "X=Y"})
    return nlp


def test_later_rules_override_earlier_ones_and_the_index_picks_the_token():
    plain, fast = _toy_ruler(), faster_rules(_toy_ruler())
    assert fast.pipe_names == ["actas_attribute_rules"]
    text = "The polls closed and polls close at six."
    for a, b in zip(plain(text), fast(text), strict=True):
        assert (a.pos_, a.lemma_, str(a.morph)) == (b.pos_, b.lemma_, str(b.morph))
    assert [t.pos_ for t in fast(text)][:4] == ["", "PROPN", "VERB", ""]
    assert [t.lemma_ for t in fast(text)][4] == "poll"


def test_a_batch_matches_within_each_document_only():
    fast = faster_rules(_toy_ruler())
    first, second = fast.pipe(["They counted the", "polls close at six."])
    assert second[0].pos_ == "NOUN"  # "the polls" runs across the two: not a match
    assert [t.pos_ for t in first] == ["", "", ""]
