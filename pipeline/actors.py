"""Actor mentions: lexicon names and descriptions first, then names the NER model finds.

Every mention resolves to one canonical actor, so `Maduro`, `Mr Maduro` and `Venezuela's
president` all point at the same row of the actors table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.ids import fold, slugify
from pipeline.lexicon import Lexicon
from pipeline.records import ActorEntry, Mention

HONORIFICS = {
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "president",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "gen.",
    "general",
    "minister",
    "secretary",
    "vice",
    "chancellor",
    "premier",
    "prime",
    "judge",
    "justice",
    "ambassador",
    "attorney",
}
_NER_TYPES = {"PERSON": "person", "ORG": "organization"}
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class FoundActors:
    mentions: list[Mention]
    new_actors: list[ActorEntry]  # actors the lexicon does not know, found by the NER model


class ActorMatcher:
    """Matches a lexicon's actors in parsed docs; one instance serves a whole build."""

    def __init__(self, nlp: Language, lexicon: Lexicon, exclude: Iterable[str] = ()):
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")  # "US", never "us"
        self.form_actors: dict[str, set[str]] = defaultdict(set)
        self.types = {a.actor_id: a.actor_type for a in lexicon.actors}
        # Names that belong to another table (news outlets are sources, not actors).
        self.excluded = {fold(x) for x in exclude}
        variants: set[str] = set()
        # Forms the lexicon writes in lower case ("the electoral council") match in any case.
        self.lowercase_forms: set[str] = set()
        for actor in lexicon.actors:
            forms = [actor.name, *actor.aliases, *lexicon.descriptions.get(actor.actor_id, [])]
            for form in forms:
                self.form_actors[_key(form)].add(actor.actor_id)
                if not any(c.isupper() for c in form):
                    self.lowercase_forms.add(_key(form))
                variants |= _variants(form)
        for form in sorted(variants):
            matcher = self.acronyms if _is_acronym(form) else self.matcher
            matcher.add("ACTOR", [nlp.make_doc(form)])
        self.capitals = PhraseMatcher(nlp.vocab, attr="ORTH")  # "Lima", not "lima beans"
        self.capital_of: dict[str, str] = {}
        for actor_id, cities in lexicon.capitals.items():
            for city in cities:
                self.capital_of[_key(city)] = actor_id
                self.excluded.add(fold(city))  # where it is only a place, it is no actor
                self.capitals.add("CAPITAL", [nlp.make_doc(v) for v in _variants(city)])

    def find(self, doc: Doc) -> FoundActors:
        matches = [*self.matcher(doc), *self.acronyms(doc)]
        spans = filter_spans([doc[s:e] for _, s, e in matches if self._cased(doc[s:e])])
        spans = [s for s in spans if not _inside_longer_name(s)]
        resolved = self._resolve(spans)
        resolved += self._acting_capitals(doc, resolved)
        mentions = [self._mention(span, actor_id) for span, actor_id in resolved]
        new_mentions, new_actors = self._ner_actors(doc, [s for s, _ in resolved])
        mentions = sorted(mentions + new_mentions, key=lambda m: m.start)
        return FoundActors(mentions, new_actors)

    def _acting_capitals(self, doc: Doc, known: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """A capital that does something stands for its state ("Caracas recalled its
        ambassador", "condemned by Moscow"); one where something happens does not."""
        taken = {i for s, _ in known for i in range(s.start, s.end)}
        out = []
        for _, start, end in self.capitals(doc):
            span = doc[start:end]
            if taken.isdisjoint(range(start, end)) and _acts(span.root):
                out.append((span, self.capital_of[_key(span.text)]))
                taken.update(range(start, end))
        return out

    def _cased(self, span: Span) -> bool:
        """A name written with capitals ("Amnesty") does not match a common word ("amnesty")."""
        return not span.text.islower() or _key(span.text) in self.lowercase_forms

    def _candidates(self, span: Span) -> set[str]:
        return self.form_actors.get(_key(span.text), set())

    def _resolve(self, spans: list[Span]) -> list[tuple[Span, str]]:
        """A form two actors share goes to the one the document otherwise names."""
        named = {next(iter(c)) for s in spans if len(c := self._candidates(s)) == 1}
        out = []
        for span in spans:
            candidates = self._candidates(span)
            if len(candidates) > 1:
                candidates = candidates & named
            if len(candidates) == 1:
                out.append((span, next(iter(candidates))))
        return out

    def _mention(self, span: Span, actor_id: str) -> Mention:
        if self.types.get(actor_id) == "person":
            span = _with_honorific(span)
        return Mention(span.start_char, span.end_char, span.text, actor_id)

    def _ner_actors(self, doc: Doc, known: list[Span]) -> tuple[list[Mention], list[ActorEntry]]:
        taken = {i for s in known for i in range(s.start, s.end)}
        entities = [e for e in doc.ents if e.label_ in _NER_TYPES and _usable_name(e)]
        entities = [e for e in entities if not any(t.i in taken for t in e)]
        entities = [e for e in entities if fold(e.text) not in self.excluded]
        full_names = _full_names(entities)
        mentions, actors = [], {}
        for ent in entities:
            name = full_names.get(_key(ent.text), ent.text)
            actor_id = slugify(name)
            actors.setdefault(actor_id, ActorEntry(actor_id, name, _NER_TYPES[ent.label_]))
            if ent.text not in actors[actor_id].aliases and ent.text != name:
                actors[actor_id].aliases.append(ent.text)
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor_id))
            taken.update(range(ent.start, ent.end))
        mentions += _surname_mentions(doc, actors.values(), taken)
        return mentions, list(actors.values())


def _surname_mentions(doc: Doc, actors: Iterable[ActorEntry], taken: set[int]) -> list[Mention]:
    """ "Carlos Prosperi ... Prosperi added": a new person's surname alone, which the NER
    model often misses or mislabels, names the same person later in the document."""
    surnames = {}
    for actor in actors:
        parts = actor.name.split()
        if actor.actor_type == "person" and len(parts) > 1:
            surnames.setdefault(parts[-1], actor)
    mentions = []
    for token in doc:
        actor = surnames.get(token.text)
        if actor is not None and token.i not in taken and token.pos_ == "PROPN":
            mentions.append(Mention(token.idx, token.idx + len(token), token.text, actor.actor_id))
            if token.text not in actor.aliases:
                actor.aliases.append(token.text)
    return mentions


def _acts(token: Token) -> bool:
    """The subject of its clause, or the agent of a passive one, or joined to one."""
    if token.dep_ == "conj":
        return _acts(token.head)
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _key(text: str) -> str:
    return fold(text.translate(_PLAIN)).strip()


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return form.isupper() and len(letters) <= 5 and " " not in form


def _variants(form: str) -> set[str]:
    """The form as written, without diacritics, and with either apostrophe."""
    plain = form.translate(_PLAIN)
    folded = fold(plain)
    if _is_acronym(form):
        return {form, plain}
    forms = {form, plain, folded, plain.replace("'", "\u2019"), folded.replace("'", "\u2019")}
    return forms | {f.replace("St. ", "St ") for f in forms if "St. " in f}


def _inside_longer_name(span: Span) -> bool:
    """`Scott` inside the entity `Phil Scott` is another person than the lexicon's Scott."""
    ents = {t.ent_type_ for t in span}
    if len(span) != 1 or ents - {"PERSON"}:
        return False
    ent = next((e for e in span.doc.ents if e.start <= span.start < e.end), None)
    if ent is None or ent.label_ != "PERSON" or len(ent) == 1:
        return False
    others = [t for t in ent if t.i != span.start]
    return any(t.lower_ not in HONORIFICS for t in others)


def _with_honorific(span: Span) -> Span:
    start = span.start
    while start > 0 and span.doc[start - 1].lower_ in HONORIFICS and span.doc[start - 1].is_title:
        start -= 1
    return span.doc[start : span.end]


def _usable_name(ent: Span) -> bool:
    text = ent.text.strip()
    return (
        len(text) > 2
        and not any(c.isdigit() for c in text)
        and text[0].isupper()
        and len(ent) <= 6
        and "\n" not in text
    )


def _full_names(entities: list[Span]) -> dict[str, str]:
    """A one-word name that ends a longer name of the same document is that longer name."""
    longer = [e for e in entities if len(e) > 1]
    names = {}
    for ent in entities:
        if len(ent) == 1:
            match = next((e.text for e in longer if e[-1].lower_ == ent[0].lower_), None)
            if match:
                names[_key(ent.text)] = match
    return names
