"""Citations: places where a text attributes what it says to a source.

A source name counts as cited when syntax makes it the source of information: the object of
"according to", the subject of a reporting verb, the one told or quoted by, or the maker of a
report ("a Bloomberg report"). Unnamed sources ("sources familiar with the talks") are recorded
as the anonymous source.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.common.ids import fold
from pipeline.common.records import Citation, SourceEntry
from pipeline.common.vocabulary import REPORTING_VERBS
from pipeline.extract.doctext import text_of
from pipeline.extract.lexicon import Lexicon

ANONYMOUS = SourceEntry("anonymous", "anonymous source", "anonymous", ["unnamed source"])
REPORT_NOUNS = {
    "statement",
    "remark",
    "message",
    "report",
    "story",
    "article",
    "investigation",
    "interview",
    "analysis",
    "reporting",
    "poll",
    "survey",
    "count",
    "tally",
}
# Verbs whose agent passed the information on: "broadcast by state television", "a
# statement carried by Reuters".
CARRYING_VERBS = {"broadcast", "air", "televise", "carry", "stream", "publish", "report"}
# Nouns for a medium that a name stands beside: "AFP news agency", "state broadcaster VTV".
MEDIUM_NOUNS = {
    "agency", "newspaper", "paper", "daily", "broadcaster", "channel", "network", "television",
    "radio", "station", "magazine", "outlet", "website", "site", "service",
}
# Nouns of talking with someone: "in an interview with Reuters".
INTERVIEW_NOUNS = {"interview", "conversation", "exchange", "call", "podcast"}
_ANONYMOUS = re.compile(
    r"\b(?:sources?|people|persons?|officials?|diplomats?|insiders?)\b[^.;]{0,60}?"
    r"\b(?:familiar with|close to|with knowledge of|briefed on|"
    r"(?:who|that) (?:spoke|asked|requested|declined to be named)|on condition of anonymity|"
    r"not authori[sz]ed)",
    re.IGNORECASE,
)


class SourceMatcher:
    """Finds citations of the lexicon's sources in parsed docs."""

    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.by_form: dict[str, str] = {}
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")  # acronyms: AP, not "ap"
        self.loose = PhraseMatcher(nlp.vocab, attr="LOWER")
        for source in lexicon.sources:
            for form in {source.name, *source.aliases}:
                self.by_form[fold(form)] = source.source_id
                matcher = self.exact if form.isupper() and len(form) <= 5 else self.loose
                matcher.add(source.source_id, [nlp.make_doc(form)])

    def find(self, doc: Doc) -> list[Citation]:
        spans = filter_spans(
            [doc[s:e] for _, s, e in self.exact(doc)] + [doc[s:e] for _, s, e in self.loose(doc)]
        )
        citations, text = [], text_of(doc)
        for span in spans:
            cue = attribution_cue(span)
            if cue is not None:
                start = min(cue.idx, span.start_char)
                end = max(cue.idx + len(cue.text), span.end_char)
                citations.append(
                    Citation(start, end, text[start:end], self.by_form[fold(span.text)])
                )
        citations += _anonymous(doc)
        return sorted(citations, key=lambda c: c.start)


def attribution_cue(span: Span) -> Token | None:
    """The word that makes the span a source of information, if any."""
    root = span.root
    sent_tokens = list(span.sent)
    before = [t for t in sent_tokens if t.i < span.start][-8:]
    according = next((t for t in before if t.lower_ == "according"), None)
    if according is not None:
        return according
    if root.dep_ in ("compound", "appos") and root.head.lemma_ in MEDIUM_NOUNS:
        root = root.head  # 'told AFP news agency', 'state broadcaster VTV reported'
    cue = _cue(root)
    negated = cue is not None and any(c.dep_ == "neg" for c in cue.children)
    return None if negated else cue  # 'Reuters could not verify the claim'


def _cue(root: Token) -> Token | None:
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in REPORTING_VERBS:
        return head
    if root.dep_ in ("dative", "dobj", "pobj") and head.lemma_ in {"tell", "to", "by"}:
        verb = head.head if head.lemma_ in {"to", "by"} else head
        if verb.lemma_ in REPORTING_VERBS | REPORT_NOUNS | CARRYING_VERBS:
            return verb
    if root.dep_ == "pobj" and head.lower_ == "with":
        talk = head.head
        if talk.lemma_ in INTERVIEW_NOUNS or talk.lemma_ in ("speak", "talk"):
            return talk
    if root.dep_ in ("compound", "poss", "nmod") and head.lemma_ in REPORT_NOUNS:
        return head
    return None


def _anonymous(doc: Doc) -> list[Citation]:
    return [
        Citation(m.start(), m.end(), m.group(), ANONYMOUS.source_id)
        for m in _ANONYMOUS.finditer(text_of(doc))
    ]
