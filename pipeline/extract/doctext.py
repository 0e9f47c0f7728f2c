"""What spaCy rebuilds on every read of a parsed Doc, read once per Doc; and string tests
over a Doc's columns, which make no Token.

``doc.text`` joins the text of every token and ``doc.ents`` makes a Span per entity each time
they are read, so a stage that reads them per sentence or per mention is quadratic in the
length of the text. The stages read them here instead; a Doc is never changed after parsing,
so the first read holds for every later one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from spacy.strings import StringStore, hash_string
from spacy.tokens import Doc, Span


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get("actas.text")
    if text is None:
        text = doc.user_data["actas.text"] = doc.text
    return text


def known_text(doc: Doc, text: str) -> Doc:
    """The Doc, its ``doc.text`` given as the text it was parsed from (the same string, which
    spaCy keeps whole), so that ``text_of`` need not join its tokens."""
    doc.user_data["actas.text"] = text
    return doc


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc."""
    ents = doc.user_data.get("actas.ents")
    if ents is None:
        ents = doc.user_data["actas.ents"] = doc.ents
    return ents


class StringTest:
    """A test of a string, asked by the hash a ``doc.to_array`` string column (LOWER, LEMMA,
    ...) holds for it. It runs once per string and its answer is remembered across documents,
    since it depends on the string alone; forgotten past a bound."""

    LIMIT = 100_000

    def __init__(self, test: Callable[[str], bool]):
        self.test = test
        self.known: dict[int, bool] = {}

    def __call__(self, strings: StringStore, key: int) -> bool:
        hit = self.known.get(key)
        if hit is None:
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            hit = self.known[key] = self.test(strings[key])
        return hit


def passing(doc: Doc, column: np.ndarray, test: StringTest) -> np.ndarray:
    """Which tokens pass a string test, given a string column of ``doc.to_array``: the test
    is asked once per distinct string, and no Token is made."""
    values = np.unique(column)
    strings = doc.vocab.strings
    good = np.array([test(strings, h) for h in values.tolist()], dtype=bool)
    return np.isin(column, values[good])


def hashes(strings: Iterable[str]) -> np.ndarray:
    """The hashes a ``doc.to_array`` string column holds for these strings: comparing them
    finds the tokens of those strings without looking any string up."""
    return np.array(sorted({hash_string(s) for s in strings}), dtype=np.uint64)


def tokens_among(doc: Doc, attr: int, wanted: np.ndarray) -> list[int]:
    """The indices of the tokens whose string attribute (ORTH, LOWER, LEMMA, ...) has one
    of the wanted hashes (see ``hashes``), in order."""
    return np.flatnonzero(np.isin(doc.to_array(attr), wanted)).tolist()
