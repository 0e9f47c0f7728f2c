"""What spaCy rebuilds on every read of a parsed Doc, read once per Doc.

``doc.text`` joins the text of every token and ``doc.ents`` makes a Span per entity each time
they are read, so a stage that reads them per sentence or per mention is quadratic in the
length of the text. The stages read them here instead; a Doc is never changed after parsing,
so the first read holds for every later one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get("actas.text")
    if text is None:
        text = doc.user_data["actas.text"] = doc.text
    return text


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc."""
    ents = doc.user_data.get("actas.ents")
    if ents is None:
        ents = doc.user_data["actas.ents"] = doc.ents
    return ents
