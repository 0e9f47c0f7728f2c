"""Events: a trigger word from the event lexicon, who does it to whom, when, and how sure.

Source and target come from the dependency parse (subject, object, the object of a
preposition the trigger takes), resolved through the actor mentions, so events point at
canonical actors. Status comes from the words governing the trigger (negation, modals,
"considering", "plans to").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from spacy.tokens import Doc, Token

from pipeline.lexicon import EventVerb, Lexicon
from pipeline.records import Citation, Event, Mention, Timex
from pipeline.timex import value_to_date

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {"with", "to", "on", "against", "at", "toward", "towards", "upon", "into"}
SOURCE_PREPS = {"from", "by"}
# Nouns that stand for the people of an actor: "officials from Brazil", "Mexico's president".
PROXIES = {
    "official",
    "officials",
    "government",
    "administration",
    "representative",
    "representatives",
    "member",
    "members",
    "leader",
    "leaders",
    "president",
    "delegation",
    "authorities",
    "minister",
    "spokesperson",
    "spokesman",
    "envoy",
    "diplomat",
    "diplomats",
    "negotiator",
    "regime",
    "presidents",
}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Conjunctions and clause links through which an infinitive or conjunct shares a subject.
SHARED_SUBJECT = {"xcomp", "conj", "advcl", "ccomp", "acl", "relcl", "pcomp"}


class EventExtractor:
    def __init__(self, lexicon: Lexicon):
        self.verbs: dict[tuple[str, str], list[EventVerb]] = defaultdict(list)
        for verb in lexicon.event_verbs:
            self.verbs[(verb.lemma, verb.pos)].append(verb)
        self.cues = {k: set(v) for k, v in lexicon.status_cues.items()}
        self.demonyms = lexicon.demonyms

    def find(
        self,
        doc: Doc,
        mentions: list[Mention],
        timexes: list[Timex],
        citations: list[Citation],
    ) -> list[Event]:
        actors = _MentionIndex(doc, mentions, self.demonyms)
        events, seen = [], set()
        for token in doc:
            verb = self._entry(token)
            if verb is None:
                continue
            sources = self._sources(token, actors) or [None]
            targets = self._targets(token, actors) or [None]
            for source in sources:
                for target in targets:
                    if source is None and target is None or source == target:
                        continue
                    key = (token.sent.start, verb.event_type, source, target)
                    if key in seen:
                        continue
                    seen.add(key)
                    events.append(self._event(token, verb, source, target, timexes, citations))
        return events

    def _entry(self, token: Token) -> EventVerb | None:
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
        if pos is None:
            return None
        entries = self.verbs.get((token.lemma_.lower(), pos), [])
        particles = _particles(token)
        # "back down" (CONCEDE) before plain "back" (SUPPORT)
        bound = [v for v in entries if v.with_ and particles & set(v.with_)]
        return next(iter(bound), next((v for v in entries if not v.with_), None))

    def _sources(self, trigger: Token, actors: _MentionIndex) -> list[str]:
        if trigger.pos_ == "NOUN":
            own = actors.of_tokens(
                [c for c in trigger.children if c.dep_ == "poss"]
                + _prep_objects(trigger, SOURCE_PREPS)
            )
            if own or trigger.dep_ not in OBJECTS:
                return own
            return self._sources(trigger.head, actors)  # "imposed sanctions": the imposer
        verb = trigger
        for _ in range(4):
            subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
            if any(c.dep_ == "nsubjpass" for c in subjects):
                subjects = _prep_objects(verb, {"by"})
            if subjects:
                return actors.of_tokens(_with_conjuncts(subjects))
            if verb.dep_ not in SHARED_SUBJECT or verb.head is verb:
                break
            verb = verb.head
        return []

    def _targets(self, trigger: Token, actors: _MentionIndex) -> list[str]:
        objects = [c for c in trigger.children if c.dep_ in OBJECTS]
        if any(c.dep_ == "nsubjpass" for c in trigger.children):
            objects += [c for c in trigger.children if c.dep_ == "nsubjpass"]
        objects += _prep_objects(trigger, TARGET_PREPS)
        if trigger.pos_ == "NOUN":
            objects += [c for c in trigger.children if c.dep_ == "compound"]
        return actors.of_tokens(_with_conjuncts(objects))

    def _event(
        self,
        trigger: Token,
        verb: EventVerb,
        source: str | None,
        target: str | None,
        timexes: list[Timex],
        citations: list[Citation],
    ) -> Event:
        sent = trigger.sent
        date, precision = _event_date(trigger, timexes)
        cited = [c for c in citations if sent.start_char <= c.start < sent.end_char]
        words = [trigger, *(c for c in trigger.children if c.dep_ == "prt")]
        return Event(
            start=trigger.idx,
            end=trigger.idx + len(trigger.text),
            trigger=" ".join(t.text for t in sorted(words, key=lambda t: t.i)),
            event_type=verb.event_type,
            cameo_code=verb.cameo,
            source_actor_id=source,
            target_actor_id=target,
            status=self._status(trigger),
            event_date=date,
            date_precision=precision,
            attributed_to=cited[0].source_id if cited else None,
        )

    def _status(self, trigger: Token) -> str:
        """The status the nearest governing words give the trigger."""
        words = _governing_words(trigger)
        negated = any(t.dep_ == "neg" for t in words)
        lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        phrases = lemmas | {f"{t.lemma_.lower()} {p}" for t in words for p in _particles(t)}
        if phrases & self.cues.get("hypothetical", set()) or _conditional(trigger):
            return "hypothetical"
        if negated or phrases & self.cues.get("negated", set()):
            return "negated"
        if phrases & self.cues.get("planned", set()):
            return "planned"
        return "asserted"


class _MentionIndex:
    """Maps tokens to the actors their words name."""

    def __init__(self, doc: Doc, mentions: list[Mention], demonyms: dict[str, str]):
        self.by_token: dict[int, str] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.by_token[t.i] = m.actor_id
        self.demonyms = demonyms
        self.people = [(m.start, m.actor_id) for m in mentions]

    def actor(self, token: Token, depth: int = 0) -> str | None:
        if token.i in self.by_token:
            return self.by_token[token.i]
        if token.lower_ in self.demonyms:
            return self.demonyms[token.lower_]
        if token.lower_ in PERSON_PRONOUNS:
            earlier = [a for start, a in self.people if start < token.idx]
            return earlier[-1] if earlier else None
        if depth < 2 and token.lower_ in PROXIES | {t + "s" for t in PROXIES}:
            for child in token.children:
                if child.dep_ in ("poss", "compound", "amod", "prep", "pobj", "nmod"):
                    found = self.actor(child, depth + 1)
                    if found:
                        return found
        if depth < 2 and token.dep_ == "prep":
            for child in token.children:
                found = self.actor(child, depth + 1)
                if found:
                    return found
        return None

    def of_tokens(self, tokens: list[Token]) -> list[str]:
        found = [self.actor(t) for t in tokens]
        return list(dict.fromkeys(a for a in found if a))


def _particles(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep")}


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [
        obj
        for prep in token.children
        if prep.dep_ in ("prep", "agent") and prep.lower_ in preps
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(t for t in token.conjuncts if t not in out)
    return out


def _governing_words(trigger: Token) -> list[Token]:
    """The trigger's auxiliaries and negation, and those of the verbs it complements."""
    words, node = [], trigger
    for _ in range(3):
        words.append(node)
        words.extend(c for c in node.children if c.dep_ in ("aux", "auxpass", "neg", "prt"))
        if node.dep_ not in ("xcomp", "dobj", "ccomp", "pobj", "prep") or node.head is node:
            break
        node = node.head
    return words


def _conditional(trigger: Token) -> bool:
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def _event_date(trigger: Token, timexes: list[Timex]) -> tuple[dt.date | None, str]:
    """The date of a time expression in the trigger's clause, if one fixes a day or month."""
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    lo = min(t.idx for t in clause.subtree)
    hi = max(t.idx + len(t) for t in clause.subtree)
    for timex in timexes:
        if lo <= timex.start < hi and timex.timex_type == "DATE" and timex.value:
            date, precision = value_to_date(timex.value)
            if date is not None and precision in ("day", "month"):
                return date, precision
    return None, "unknown"
