"""Sentences of a parsed body, each with its kind: body text, a quotation, or a photo caption."""

from __future__ import annotations

import bisect
import re

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.doctext import text_of

_QUOTED = re.compile(r"[“\"][^”\"]{3,}[”\"]")


@Language.component("actas_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a blank line: the parser keeps these boundaries."""
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():  # white space, not last
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence, surrounding white space trimmed."""
    spans = []
    body = text_of(doc)
    for sent in doc.sents:
        text = body[sent.start_char : sent.end_char]  # sent.text, without joining its tokens
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


def sentence_kind(body: str, sent: Span) -> str:
    """quote when most of it is inside quotation marks; caption when it stands alone in its
    paragraph without a finite verb (a photo caption); body otherwise."""
    text = body[sent.start_char : sent.end_char]  # sent.text: body is the Doc's text
    quoted = sum(len(m.group()) for m in _QUOTED.finditer(text))
    if quoted >= 0.5 * len(text.strip()):
        return "quote"
    if _alone_in_paragraph(body, sent) and not any("Fin" in t.morph.get("VerbForm") for t in sent):
        return "caption"
    return "body"


def _alone_in_paragraph(text: str, sent: Span) -> bool:
    before = sent.start_char
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    after = sent.end_char
    while after < len(text) and text[after] in " \t":
        after += 1
    return (before == 0 or text[before - 1] == "\n") and (
        after == len(text) or text[after] == "\n"
    )


class SentenceIndex:
    """Finds the sentence a character offset falls in."""

    def __init__(self, spans: list[tuple[int, int]]):
        self._starts = [s for s, _ in spans]

    def __call__(self, offset: int) -> int:
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)
