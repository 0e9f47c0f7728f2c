"""Actor mentions: lexicon names and descriptions first, then names the NER model finds.

Every mention resolves to one canonical actor, so `Maduro`, `Mr Maduro` and `Venezuela's
president` all point at the same row of the actors table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.common.ids import fold, slugify
from pipeline.common.records import ActorEntry, Mention
from pipeline.common.vocabulary import PERSON_NOUNS, SPEECH_VERBS
from pipeline.extract.countries import Country, owners
from pipeline.extract.doctext import StringTest, ents_of, hashes, passing, text_of, tokens_among
from pipeline.extract.lexicon import GenericKind, Lexicon

# Nouns that make a person's name before them a group: "Evo Morales supporters".
FOLLOWER_NOUNS = {"supporters", "loyalists", "followers"}
# Nouns that make the name before them an organisation's: "Sinaloa cartel".
ORG_HEADS = {
    "cartel", "gang", "committee", "militia", "movement", "coalition", "alliance",
    "foundation", "institute", "network", "front", "party", "guerrilla", "group",
}  # fmt: skip
# Common nouns of institutions that the NER model tags as a name when capitalised alone
# ("control of the State", "Electoral officials"): alone, they name no one.
INSTITUTION_WORDS = {
    "state", "government", "parliament", "congress", "senate", "interior", "defense",
    "defence", "treasury", "justice", "ministry", "council", "commission", "court",
    "opposition", "army", "police", "military", "electoral", "foreign", "administration",
}  # fmt: skip
# Nouns of a leading role in an institution: "the head of", "a director of".
ROLE_NOUNS = {
    "head", "chief", "director", "president", "chairman", "chairwoman", "chair",
    "chairperson", "spokesman", "spokeswoman", "spokesperson", "speaker", "rector",
    "secretary", "commander",
}  # fmt: skip
# Nouns of a title that a person's name follows: "Parliament Speaker Jorge Rodríguez",
# "opposition leader Edmundo González": the description is part of the title.
TITLE_NOUNS = ROLE_NOUNS | {
    "leader", "minister", "candidate", "member", "lawmaker", "deputy", "figure", "activist",
    "politician", "official", "spokesperson", "adviser", "advisor", "envoy", "ambassador",
}  # fmt: skip
# Nouns of people that begin names of groups and institutions rather than precede a
# person's name: "National Intelligence Center", "Human Rights Watch", "Police Chief".
_NOT_TITLES = {
    "people", "person", "man", "woman", "national", "human", "local", "native", "citizen",
    "resident", "police", "staff", "crew", "troop", "guard", "marine", "representative",
    "fan", "player", "monitor", "friend", "youth", "child", "survivor", "victim",
}  # fmt: skip
# Words of an occupation or a title a person's name follows: "Nurse Ana Machado", "human
# rights lawyer Elena Quintero", "Spanish MEP Marta Sánchez", "journalists Ana Ruiz and ...".
TITLE_WORDS = TITLE_NOUNS | (PERSON_NOUNS - _NOT_TITLES) | {
    "publisher", "coordinator", "mep", "mp", "archbishop", "cardinal", "pope", "reverend",
    "rev", "imam", "rabbi", "mayor", "councilman", "councilwoman", "colonel", "captain",
    "lieutenant", "sergeant", "admiral", "major", "commissioner", "president", "premier",
    "pharmacist", "dentist", "surgeon", "architect", "writer", "novelist", "poet", "artist",
    "singer", "musician", "filmmaker", "blogger", "youtuber", "influencer", "unionist",
    "historian", "sociologist", "dean", "pollster", "councillor", "councilor",
}  # fmt: skip
# Plural nouns of people, and of their unions and gangs, that a demonym makes a group of
# that country: "Bolivian farmers", "Argentine unions", "Haitian gangs"; not those who act
# for its state ("Norwegian diplomats", "Turkish officials" are the state).
_STATE_AGENTS = {
    "official", "officeholder", "diplomat", "ambassador", "envoy", "consul", "minister",
    "officer", "soldier", "troop", "agent", "negotiator", "delegate", "representative",
    "lawmaker", "legislator", "parliamentarian", "deputy", "senator", "congressman",
    "congresswoman", "policeman", "policewoman", "police", "cop", "guard", "serviceman",
    "servicewoman", "commander", "general", "staff", "staffer", "aide", "adviser", "advisor",
    "judge", "magistrate", "justice", "prosecutor", "mediator", "governor", "mayor",
    "councillor", "councilor", "marine", "sailor", "airman", "pilot", "recruit", "conscript",
    "reservist", "spy", "informant", "inspector", "leader", "member", "politician",
}  # fmt: skip
GROUP_NOUNS = (PERSON_NOUNS - _STATE_AGENTS - {
    "people", "person", "man", "woman", "national", "citizen", "resident", "native", "local",
    "human", "individual", "adult", "child", "kid", "minor", "baby", "infant", "newborn",
    # people counted or described rather than acting together
    "voter", "elector", "victim", "casualty", "fatality", "survivor", "patient", "passenger",
    "tourist", "visitor", "traveller", "traveler", "pilgrim", "beneficiary", "recipient",
    "applicant", "fan", "player", "athlete", "worshipper", "relative", "parent", "mother",
    "father", "son", "daughter", "sibling", "brother", "sister", "husband", "wife", "widow",
    "orphan", "friend", "neighbour", "neighbor", "colleague", "boy", "girl", "youth",
    "youngster", "teen", "teenager", "elder", "pensioner", "retiree", "inhabitant",
    "civilian", "expert", "analyst", "economist", "scientist", "researcher", "academic",
    "participant", "attendee", "signatory", "witness", "owner", "investor", "shareholder",
}) | {"union", "gang"}  # fmt: skip
# Lower-case words inside a name: "Luiz Inácio Lula da Silva", "Tren de Aragua".
NAME_PARTICLES = {"da", "de", "del", "della", "dos", "das", "do", "di", "la", "van", "von", "bin"}
# Words that make a run of capitalised words an organisation's name, not a person's.
_ORG_WORDS = {
    "agency", "news", "bank", "university", "church", "office", "department", "house", "times",
    "post", "union", "league", "corporation", "company", "center", "centre", "service",
    "services", "forces", "board", "authority", "bureau", "tribunal", "watch", "rights",
}  # fmt: skip
HONORIFICS = {
    "sir",
    "dame",
    "lord",
    "lady",
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
# The unions the name tests read for every word, made once.
_NOT_NAME_WORDS = TITLE_WORDS | HONORIFICS
_NAMING_AN_ORG = ORG_HEADS | INSTITUTION_WORDS | _ORG_WORDS
_NER_TYPES = {"PERSON": "person", "ORG": "organization"}
_INDEFINITE = {"a", "an", "another", "any", "every", "each", "no", "some"}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
# Words a proper name may hold around a generic description that is still generic:
# "the Supreme Court of Kenya", "Venezuela's National Assembly".
_NAME_GLUE = {"the", "of", "in", "'s", "\u2019s", "'", "\u2019"}
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
        self.countries = {c.actor_id: c for c in lexicon.countries.values()}
        # words of commenting on what others did: "X condemned", "criticised by X", "X said"
        self.reactions = set(SPEECH_VERBS) | {
            v.lemma for v in lexicon.event_verbs if v.event_type in ("ACCUSE", "SUPPORT")
        } | {"react", "reaction", "welcome", "deplore", "denounce"}
        self.country_of = {a.actor_id: a.country_code for a in lexicon.actors}
        self.generic = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.generic_forms: dict[str, tuple[GenericKind, bool]] = {}  # form -> (kind, owned)
        for kind in lexicon.generic_kinds.values():
            for form, owned in [*((f, False) for f in kind.forms),
                                *((f, True) for f in kind.owned_forms)]:  # fmt: skip
                self.generic_forms[_key(form)] = (kind, owned)
                self.generic.add("GENERIC", [nlp.make_doc(v) for v in _variants(form)])
        self.instance_kind = {a: k for k, by in lexicon.generic_instances.items()
                              for a in by.values()}  # fmt: skip
        self.demonyms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.demonym_of: dict[str, Country] = {}
        for key, country in owners(lexicon.countries, "demonyms").items():
            self.demonym_of[key] = country
            self.demonyms.add("DEMONYM", [nlp.make_doc(key)])
        self.capitals = PhraseMatcher(nlp.vocab, attr="ORTH")  # "Lima", not "lima beans"
        self.capital_of: dict[str, str] = {}
        for actor_id, cities in [*lexicon.capitals.items(), *lexicon.seats.items()]:
            for city in cities:
                self.capital_of[_key(city)] = actor_id
                self.excluded.add(fold(city))  # where it is only a place, it is no actor
                self.capitals.add("CAPITAL", [nlp.make_doc(v) for v in _variants(city)])

    def find(self, doc: Doc) -> FoundActors:
        matches = [*self.matcher(doc), *self.acronyms(doc)]
        spans = filter_spans([doc[s:e] for _, s, e in matches if self._cased(doc[s:e])])
        spans = [s for s in spans if not _inside_longer_name(s)]
        named = [(s, a) for s, a in self._resolve(spans)
                 if not (self.types.get(a) == "organization" and _credit(s))]  # fmt: skip
        named = self._without_others_surnames(doc, named)
        generic = self._generic_spans(doc, named)
        # A generic description beats a lexicon name of the same words: "National Assembly"
        # is whichever country's the text is about.
        kept = {(s.start, s.end) for s in filter_spans([g.span for g in generic] + spans)}
        generic = [g for g in generic if (g.span.start, g.span.end) in kept]
        kept -= {(g.span.start, g.span.end) for g in generic}
        resolved = [(s, a) for s, a in named if (s.start, s.end) in kept]
        context = self._context_country(doc, resolved, generic)
        generated: dict[str, ActorEntry] = {}
        # the instances of each kind named so far: "the Argentine embassy ... the embassy"
        seen = [(s, self.instance_kind[a], a) for s, a in resolved if a in self.instance_kind]
        for g in sorted(generic, key=lambda g: g.span.start):
            earlier = _antecedent(g, seen)
            if g.owner:
                actor_id = self._generic_actor(g, g.owner, generated)
            elif earlier is not None:
                actor_id = earlier
            elif g.owned:
                actor_id = None
            else:
                actor_id = self._generic_actor(g, context, generated)
            if actor_id is not None:
                resolved.append((g.span, actor_id))
                seen.append((g.span, g.kind.kind, actor_id))
        resolved += self._demonym_groups(doc, resolved, generated)
        types = {**self.types, **{a: g.actor_type for a, g in generated.items()}}
        resolved += [(r, a) for s, a in resolved if (r := _role_of(s, types.get(a)))]
        resolved += self._acting_capitals(doc, resolved)
        mentions = [self._mention(span, actor_id) for span, actor_id in resolved]
        new_mentions, new_actors = self._ner_actors(doc, [s for s, _ in resolved])
        people = {a.actor_id: a for a in [*self.lexicon.actors, *new_actors]
                  if a.actor_type == "person"}  # fmt: skip
        followers = _followers(doc, mentions + new_mentions, people)
        mentions = sorted([*mentions, *new_mentions, *(m for m, _ in followers)],
                          key=lambda m: m.start)  # fmt: skip
        groups = {a.actor_id: a for _, a in followers}
        return FoundActors(mentions, [*generated.values(), *new_actors, *groups.values()])

    # ------------------------------------------------------------ country context

    def _generic_spans(self, doc: Doc, named: list[tuple[Span, str]]) -> list[_Generic]:
        """Generic descriptions with their owner where the text gives one: "Kenyan
        opposition", "Kenya's opposition", "Ruto's government", "the opposition in Kenya"."""
        ends = {s.end: self.country_of.get(a) for s, a in named if self.country_of.get(a)}
        starts = {s.start: self.country_of.get(a) for s, a in named if self._is_country(a)}
        demonyms = {e: (s, self.demonym_of[_key(doc[s:e].text)].code)
                    for _, s, e in self.demonyms(doc) if doc[s].text[:1].isupper()}  # fmt: skip
        out = []
        for _, start, end in filter_spans_matches(self.generic(doc)):
            kind, owned = self.generic_forms[_key(doc[start:end].text)]
            owner, first = None, start
            left = _over_modifiers(doc, start, demonyms)  # "Kenya's new electoral council"
            if left in demonyms:  # "Kenyan opposition", "the Kenyan military-led government"
                first, owner = demonyms[left]
            elif left > 0 and doc[left - 1].lower_ in _POSSESSIVE and left - 1 in ends:
                owner = ends[left - 1]  # "Kenya's opposition", "Ruto's criminal regime"
            elif self._country_ending(named, start) is not None:
                owner = ends[start]  # "Kenya government"
            elif end < len(doc) and doc[end].lower_ in ("of", "in"):
                after = end + 2 if end + 1 < len(doc) and doc[end + 1].lower_ == "the" else end + 1
                owner = starts.get(after)  # "the opposition in Kenya"
            if owner is None:
                owner = self._owner_of_head(doc[end - 1], starts)
            if owner == "":
                continue
            if owner is None and _not_a_reference(doc, start, end, kind):
                continue
            if _in_a_title(doc, end):
                continue
            span = doc[first:end]
            if _part_of_a_name(span, named):
                continue
            out.append(_Generic(span, kind, owner, doc[start:end].text, owned))
        return out

    @staticmethod
    def _owner_of_head(last: Token, starts: dict[int, str]) -> str | None:
        """ "government officials from Brazil", "opposition campaign staff in Brazil": the
        noun the description qualifies names its country."""
        if last.dep_ not in ("compound", "amod"):
            return None
        for prep in last.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "in"):
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    if any(c.dep_ == "conj" for c in obj.children):
                        return ""  # "officials from Brazil, Colombia and Mexico": no one owner
                    return starts.get(obj.left_edge.i) or starts.get(obj.i)
        return None

    def _is_country(self, actor_id: str) -> bool:
        return self.types.get(actor_id) == "country"

    def _country_ending(self, named: list[tuple[Span, str]], end: int) -> Span | None:
        return next((s for s, a in named if s.end == end and self._is_country(a)), None)

    def _context_country(
        self, doc: Doc, resolved: list[tuple[Span, str]], generic: list[_Generic]
    ) -> str | None:
        """The country the document is about: the one its named actors, demonyms and owned
        descriptions point to most (the last of them on a tie); None when none does."""
        # (position, country, weight): who only comments on the matter counts half
        # ("criticised by Human Rights Watch", "Boric's condemnation of ...")
        votes = [(s.start, c, 0.5 if self._reacts(s) else 1.0)
                 for s, a in resolved if (c := self.country_of.get(a))]  # fmt: skip
        votes += [(g.span.start, g.owner, 1.0) for g in generic if g.owner]
        votes += [(s, self.demonym_of[_key(doc[s:e].text)].code, 1.0)
                  for _, s, e in self.demonyms(doc) if doc[s].text[:1].isupper()]  # fmt: skip
        # places: "In Nairobi, police arrested ..." is about Kenya (once: "Ottawa" may also
        # be a lexicon name of Canada's)
        taken = {i for s, _ in resolved for i in range(s.start, s.end)}
        votes += [(s, c, 1.0) for _, s, e in self.capitals(doc)
                  if doc[s].ent_type_ != "PERSON" and s not in taken
                  and (c := self.country_of[self.capital_of[_key(doc[s:e].text)]])]  # fmt: skip
        if not votes:
            return None
        counts: dict[str, float] = defaultdict(float)
        for _, code, weight in votes:
            counts[code] += weight
        best = max(counts.values())
        codes = [code for _, code, _ in sorted(votes)]
        # on a tie the last: who reacts comes first ("Ottawa criticised Managua over ...",
        # "Canada's reaction to ... angered Ortega"), what the reaction is about after
        return next(c for c in reversed(codes) if counts[c] == best)

    def _reacts(self, span: Span) -> bool:
        """The actor comments on what others did: the subject of "condemned" or "said", the
        agent of "criticised by", the owner of "condemnation"."""
        root = span.root
        if root.dep_ == "pobj" and root.head.dep_ == "agent":
            root = root.head
        if root.dep_ not in ("nsubj", "agent", "poss"):
            return False
        return root.head.lemma_.lower() in self.reactions

    def _generic_actor(
        self, g: _Generic, code: str | None, generated: dict[str, ActorEntry]
    ) -> str | None:
        """The lexicon's actor for the kind in that country, or a new "<demonym> <name>"."""
        country = self.lexicon.countries.get(code) if code else None
        instance = self.lexicon.generic_instances.get(g.kind.kind, {}).get(code or "")
        if instance is not None:
            return instance
        if g.kind.otherwise is not None:  # "migrants" of no particular country
            name = g.kind.otherwise
            return generated.setdefault(
                slugify(name), ActorEntry(slugify(name), name, g.kind.actor_type)
            ).actor_id
        if country is None:
            return None
        if g.kind.actor_type == "country":
            return country.actor_id
        if g.kind.name is None:
            return None
        demonym = country.demonyms[0] if country.demonyms else country.name
        name = f"{demonym} {g.kind.name}"
        actor = generated.setdefault(
            slugify(name), ActorEntry(slugify(name), name, g.kind.actor_type, code)
        )
        for alias in (f"{demonym} {g.form}", f"{country.name}'s {g.form}"):
            if fold(alias) != fold(name) and alias not in actor.aliases:
                actor.aliases.append(alias)
        return actor.actor_id

    def _without_others_surnames(
        self, doc: Doc, named: list[tuple[Span, str]]
    ) -> list[tuple[Span, str]]:
        """ "Senator Tim Scott ... Scott said": a surname alone is the person the document
        names in full with it, not a lexicon person of that surname it never names in full."""
        in_full = {a for s, a in named if len(_bare_name(s)) > 1}
        taken = {i for s, _ in named for i in range(s.start, s.end)}
        surnames = [(s, a) for s, a in named
                    if self.types.get(a) == "person" and len(_bare_name(s)) == 1]  # fmt: skip
        # someone else's full name: "Marta Sánchez", not the lexicon's Pedro Sánchez
        others = {fold(s[-1].text) for s, _ in surnames if _first_name_before(s, taken)}
        for start, end in _full_names_in(doc):
            if not any(s.start <= start and end <= s.end for s, _ in named):
                others.add(fold(doc[end - 1].text))  # "Nurse Ana Machado": not a lexicon name
        drop = {(s.start, a) for s, a in surnames
                if a not in in_full and fold(s[-1].text) in others}  # fmt: skip
        return [(s, a) for s, a in named if (s.start, a) not in drop]

    def _demonym_groups(
        self, doc: Doc, known: list[tuple[Span, str]], generated: dict[str, ActorEntry]
    ) -> list[tuple[Span, str]]:
        """ "Bolivian farmers", "Argentine unions": a demonym before a plural noun of people
        names a group of that country, unless names follow ("Spanish journalists Ana Ruiz
        and ..."): then the people are the actors."""
        taken = {i for s, _ in known for i in range(s.start, s.end)}
        out = []
        for _, start, end in self.demonyms(doc):
            if end >= len(doc) or not doc[start].text[:1].isupper():
                continue
            noun = doc[end]
            after = doc[end + 1] if end + 1 < len(doc) else None
            if (noun.tag_ != "NNS" or not noun.is_lower or noun.lemma_ not in GROUP_NOUNS
                    or doc[start].head.i != noun.i or not taken.isdisjoint(range(start, end + 1))
                    or (after is not None and (after.pos_ == "PROPN" or after.text == ":"))
                    or any(c.dep_ == "appos" for c in noun.children)):  # fmt: skip
                continue
            country = self.demonym_of[_key(doc[start:end].text)]
            name = f"{doc[start:end].text} {noun.lower_}"
            actor = generated.setdefault(
                slugify(name), ActorEntry(slugify(name), name, "group", country.code)
            )
            out.append((doc[start : end + 1], actor.actor_id))
        return out

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
        countries = {s.start for s in known if s.root.ent_type_ == "GPE"}
        entities = [
            (span, kind) for span, kind in _names(doc)
            if _usable_name(span) and not _not_an_actor(span, countries)
        ]  # fmt: skip
        entities = [(e, k) for e, k in entities if taken.isdisjoint(range(e.start, e.end))]
        entities = [(e, k) for e, k in entities
                    if fold(e.text) not in self.excluded and _key(e.text) not in self.generic_forms]
        full_names = _full_names([e for e, _ in entities]) | _acronyms([e for e, _ in entities])
        mentions, actors = [], {}
        for ent, kind in entities:
            name = full_names.get(_key(ent.text), ent.text)
            actor_id = slugify(name)
            actors.setdefault(actor_id, ActorEntry(actor_id, name, kind))
            if ent.text not in actors[actor_id].aliases and ent.text != name:
                actors[actor_id].aliases.append(ent.text)
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor_id))
            taken.update(range(ent.start, ent.end))
        mentions += _surname_mentions(doc, actors.values(), taken)
        return mentions, list(actors.values())


def _bare_name(span: Span) -> Span:
    """The name without the honorifics before it ("Senator Tim Scott" -> "Tim Scott")."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in HONORIFICS:
        start += 1
    return span.doc[start : span.end]


def _first_name_before(span: Span, taken: set[int]) -> bool:
    """ "Marta Sánchez": a capitalised name word, not a title, right before the surname."""
    if span.start == 0 or span[0].lower_ in HONORIFICS:
        return False
    word = span.doc[span.start - 1]
    return (
        word.pos_ == "PROPN"
        and word.is_title
        and word.i not in taken
        and word.lower_ not in HONORIFICS
        and word.lemma_.lower() not in TITLE_WORDS
        and word.ent_type_ not in ("NORP", "ORG")
    )


def _full_names_in(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of people's names of two words or more: the NER model's, completed."""
    out = []
    people = [e for e in ents_of(doc) if e.label_ == "PERSON"]
    for ent in [*people, *_introduced_names(doc, people)]:
        name = _bare_name(_completed(ent))
        if len(name) > 1 and name[-1].is_title:
            out.append((name.start, name.end))
    return out


def _followers(
    doc: Doc, mentions: list[Mention], people: dict[str, ActorEntry]
) -> list[tuple[Mention, ActorEntry]]:
    """ "Evo Morales supporters", "Machado's loyalists": the group of a person's followers,
    an actor of its own."""
    out = []
    for m in mentions:
        person = people.get(m.actor_id)
        span = doc.char_span(m.start, m.end)
        if person is None or span is None or span.end >= len(doc):
            continue
        noun = doc[span.end]
        if noun.lower_ in _POSSESSIVE and span.end + 1 < len(doc):
            noun = doc[span.end + 1]  # "Machado's supporters"
        if noun.lower_ in FOLLOWER_NOUNS:
            name = f"{person.name} {noun.lower_}"
            group = ActorEntry(slugify(name), name, "group", person.country_code)
            text = doc[span.start : noun.i + 1]
            if fold(text.text) != fold(name):
                group.aliases.append(text.text)
            out.append((Mention(text.start_char, text.end_char, text.text, group.actor_id), group))
    return out


@dataclass(frozen=True)
class _Generic:
    span: Span
    kind: GenericKind
    owner: str | None  # the country the text gives it, if it gives one
    form: str  # the description's own words, without a demonym before them
    owned: bool  # a form that names an actor only with an owner or an antecedent


def filter_spans_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The longest of overlapping matches ("electoral authorities", not "authorities")."""
    ordered = sorted(matches, key=lambda m: (m[1] - m[2], m[1]))
    taken: set[int] = set()
    out = []
    for match in ordered:
        if taken.isdisjoint(range(match[1], match[2])):
            out.append(match)
            taken.update(range(match[1], match[2]))
    return sorted(out, key=lambda m: m[1])


def _antecedent(g: _Generic, seen: list[tuple[Span, str, str]]) -> str | None:
    """The actor of the same kind named last before the description, in its sentence or
    the one before: "the Kenyan opposition ... the opposition"."""
    sent = g.span.sent
    window = sent.start
    if sent.start > 0:
        window = g.span.doc[sent.start - 1].sent.start
    found = [(s.start, a) for s, kind, a in seen
             if kind == g.kind.kind and window <= s.start < g.span.start]  # fmt: skip
    return max(found)[1] if found else None


def _over_modifiers(doc: Doc, start: int, demonyms: dict[int, tuple[int, str]]) -> int:
    """Where the words before a description start once the adjectives that describe it are
    passed over: "Kenya's [authoritarian] regime", "Ruto's [criminal narco-]regime", "the
    Kenyan [newly elected] parliament". Stops at a demonym, a name or anything else."""
    i = start
    while i > 0 and start - i < 5 and i not in demonyms:
        word = doc[i - 1]
        describes = word.head.i >= i and word.dep_ in ("amod", "compound", "advmod", "punct")
        if not (describes and (word.is_lower or word.tag_ == "HYPH")):
            break
        i -= 1
    return i if (i in demonyms or (i > 0 and doc[i - 1].lower_ in _POSSESSIVE)) else start


def _not_a_reference(doc: Doc, start: int, end: int, kind: GenericKind) -> bool:
    """ "a government", "any opposition", "opposition to the plan": no particular actor;
    "his government": an actor whose country only the pronoun's antecedent tells."""
    # "an opposition rally": the article is the rally's, and the rally the opposition's; "an
    # opposition candidate" is some member of it, no actor
    head = doc[end - 1].head
    modifier = (doc[end - 1].dep_ == "compound" and head.i >= end
                and head.lemma_.lower() not in PERSON_NOUNS)  # fmt: skip
    if start > 0 and not modifier and (
        doc[start - 1].lower_ in _INDEFINITE or doc[start - 1].tag_ == "PRP$"
    ):
        return True
    return kind.kind == "opposition" and end < len(doc) and doc[end].lower_ == "to"


def _in_a_title(doc: Doc, end: int) -> bool:
    """ "Foreign Minister Yván Gil", "Parliament Speaker Jorge Rodríguez", "opposition
    leader Edmundo González": the words are a title, and the name after them the actor."""
    if end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B":
        return True
    if end + 1 >= len(doc) or doc[end].lemma_.lower() not in TITLE_NOUNS:
        return False
    name = doc[end + 1]
    return name.ent_type_ == "PERSON" or (name.pos_ == "PROPN" and name.is_title)


def _part_of_a_name(span: Span, named: list[tuple[Span, str]]) -> bool:
    """ "Armed Forces" in "Revolutionary Armed Forces of Colombia", "Army" in "Salvation
    Army": the description is a piece of a longer proper name."""
    root = span.root.i
    ent = next((e for e in ents_of(span.doc) if e.start <= root < e.end), None)
    if ent is None or ent.label_ in ("NORP", "PERSON", "DATE", "CARDINAL"):
        return False
    in_names = {i for s, _ in named for i in range(s.start, s.end)}
    extra = [t for t in ent if not span.start <= t.i < span.end]
    return any(
        t.lower_ not in _NAME_GLUE and t.i not in in_names and (t.is_title or t.is_upper)
        for t in extra
    )


def _role_of(span: Span, actor_type: str | None) -> Span | None:
    """ "the head of the electoral commission" stands for the commission in events: a
    leading role whose "of" object is the institution, with no name beside it. Returned as
    a second mention of the institution ("head of the electoral commission")."""
    if actor_type not in ("government", "organization"):
        return None
    prep = span.root.head
    if span.root.dep_ != "pobj" or prep.lower_ != "of" or prep.i > span.start:
        return None
    before = span.doc[prep.i + 1 : span.start]  # "of [the]", "of [Kenya's]", "of [its new]"
    if any(t.i not in {w.i for w in span.root.subtree} for t in before):
        return None
    role = prep.head
    if role.lemma_.lower() not in ROLE_NOUNS or role.ent_type_ or role.i != prep.i - 1:
        return None
    if any(c.dep_ in ("appos", "compound", "nmod") for c in role.children) or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" and not c.is_upper for c in span.root.children
    ):
        return None  # "the head of the commission, Jesús Casal": the person is named
    return span.doc[role.i : span.end]


def _surname_mentions(doc: Doc, actors: Iterable[ActorEntry], taken: set[int]) -> list[Mention]:
    """ "Carlos Prosperi ... Prosperi added": a new person's surname alone, which the NER
    model often misses or mislabels, names the same person later in the document."""
    surnames = {}
    for actor in actors:
        parts = actor.name.split()
        if actor.actor_type == "person" and len(parts) > 1:
            surnames.setdefault(parts[-1], actor)
    mentions = []
    if not surnames:
        return mentions
    for token in [doc[i] for i in tokens_among(doc, ORTH, hashes(surnames))]:
        actor = surnames[token.text]
        if token.i not in taken and token.pos_ == "PROPN":
            mentions.append(Mention(token.idx, token.idx + len(token), token.text, actor.actor_id))
            if token.text not in actor.aliases:
                actor.aliases.append(token.text)
    return mentions


def _acts(token: Token) -> bool:
    """A capital stands for its state where a state stands in a clause: its subject, the
    agent of a passive, its object ("condemned Caracas"), a party to it ("a pact with
    Caracas", "officials from Caracas", "Washington's envoy"); not a place ("in Caracas")."""
    if token.dep_ == "conj":
        return _acts(token.head)
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
        return True
    if token.dep_ != "pobj":
        return False
    prep = token.head
    if prep.dep_ == "agent" or prep.lower_ in ("with", "against", "between"):
        return True
    return prep.lower_ == "from" and prep.head.pos_ in ("NOUN", "PROPN")


def _key(text: str) -> str:
    """The form a lexicon form and a matched text share ("St. Lucia" and "St Lucia")."""
    key = fold(text.translate(_PLAIN)).strip()
    return key.replace("st. ", "st ") if "st. " in key else key


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
    ent = next((e for e in ents_of(span.doc) if e.start <= span.start < e.end), None)
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
        and len(ent) <= 8
        and "\n" not in text
    )


def _names(doc: Doc) -> list[tuple[Span, str]]:
    """Names the NER model finds, as (span, actor type): without a leading "the" or quote,
    people's names completed with the capitalised words the model left out ("Wilbert
    [Joseph Castañeda]", "[Pedro] Urruchurtu [Noselli]"), and a name followed by the noun
    of an organisation made that organisation ("Sinaloa cartel", "Nobel Peace Prize
    committee")."""
    out: list[tuple[Span, str]] = []
    for ent in [part for e in ents_of(doc) for part in _split_at_parenthesis(e)]:
        span = _trimmed(ent)
        if span is None:
            continue
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in ORG_HEADS and after.is_lower and (
            span.root.ent_type_ != "NORP"  # "the Venezuelan gang": a description
        ):
            out.append((doc[span.start : span.end + 1], "organization"))
        elif span.root.ent_type_ in _NER_TYPES:
            out.append((span, _NER_TYPES[span.root.ent_type_]))
    introduced = _introduced_names(doc, [s for s, k in out if k == "person"])
    taken = {i for s in introduced for i in range(s.start, s.end)}
    out = [(s, k) for s, k in out if taken.isdisjoint(range(s.start, s.end)) and not _title(s)]
    people = [_completed(s) for s, k in out if k == "person"] + introduced
    others = [(s, k) for s, k in out if k != "person"]
    merged = filter_spans(people)
    joined: list[Span] = []
    for span in sorted(merged, key=lambda x: x.start):
        if joined and joined[-1].end == span.start:  # "Pedro" + "Urruchurtu Noselli"
            joined[-1] = doc[joined[-1].start : span.end]
        else:
            joined.append(span)
    return sorted([*((s, "person") for s in joined), *others], key=lambda x: x[0].start)


def _title(span: Span) -> bool:
    """ "Councillor" tagged as a name of its own: only words of a title."""
    return all(t.lower_.rstrip(".") in _NOT_NAME_WORDS for t in span)


def _introduced_names(doc: Doc, people: list[Span]) -> list[Span]:
    """People's names the NER model misses or runs into a title: a run of capitalised words
    after a title or an occupation ("Nurse Ana Machado", "MEP Marta Sánchez", "journalists:
    Ana Torres"), and the other names of a list that names people ("Ana Torres, Luca Bianchi
    and Tom Keller")."""
    found: list[Span] = []
    for i in _title_words(doc):
        token = doc[i]
        start = token.i + 1
        if start < len(doc) and doc[start].text == ":":
            start += 1
        run = _name_run(doc, start)
        if run is not None:
            found.append(run)
    for person in [*people, *found]:
        for member in _listed_with(person.root):
            run = _name_run(doc, member.left_edge.i)
            if run is not None and run.end == member.i + 1:
                found.append(run)
    return filter_spans(found)


def _title_words(doc: Doc) -> list[int]:
    """Nouns and proper nouns that are a title or an occupation, by their form (a final dot
    dropped) or lemma; read from columns, without making a Token of every word. Found once
    per Doc, which never changes after parsing (see doctext)."""
    found = doc.user_data.get("actas.title_words")
    if found is None:
        found = doc.user_data["actas.title_words"] = _find_title_words(doc)
    return list(found)


def _find_title_words(doc: Doc) -> list[int]:
    columns = doc.to_array([POS, LOWER, LEMMA])
    wanted = np.isin(columns[:, 0], (NOUN, PROPN)) & (
        passing(doc, columns[:, 1], _TITLE_FORM) | passing(doc, columns[:, 2], _TITLE_LEMMA)
    )
    return np.flatnonzero(wanted).tolist()


_TITLE_FORM = StringTest(lambda w: w.rstrip(".") in TITLE_WORDS)
_TITLE_LEMMA = StringTest(lambda w: w.lower() in TITLE_WORDS)


def _name_run(doc: Doc, i: int) -> Span | None:
    """Two to six capitalised name words from token i ("Ana Machado", "Luiz Inácio Lula da
    Silva"), not a demonym, a title or an organisation's name."""
    j = i
    while j < len(doc) and j - i < 6:
        token = doc[j]
        name_word = (token.pos_ == "PROPN" and token.is_title and token.ent_type_ != "NORP"
                     and token.lower_.rstrip(".") not in _NOT_NAME_WORDS)  # fmt: skip
        particle = (token.lower_ in NAME_PARTICLES and j > i and j + 1 < len(doc)
                    and doc[j + 1].is_title)  # fmt: skip
        if not (name_word or particle):
            break
        j += 1
    if j - i < 2 or doc[j - 1].lower_ in NAME_PARTICLES:
        return None
    span = doc[i:j]
    if any(t.lower_ in _NAMING_AN_ORG for t in span):
        return None
    return span


def _listed_with(root: Token) -> list[Token]:
    """The other members of the list a name is part of ("A, B and C")."""
    first = root
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    conjuncts = [t for t in first.subtree if t.dep_ == "conj"]
    heads = {first.i, *(c.i for c in conjuncts)}
    members = [first, *(t for t in conjuncts if t.head.i in heads)]
    return [t for t in members if t.i != root.i]


def _split_at_parenthesis(ent: Span) -> list[Span]:
    """ "National Intelligence Center (CNI)" tagged as one name is a name and its acronym."""
    cut = next((t.i for t in ent if t.text == "("), None)
    if cut is None or cut == ent.start:
        return [ent]
    return [ent.doc[ent.start : cut], ent.doc[cut + 1 : ent.end]] if cut + 1 < ent.end else [
        ent.doc[ent.start : cut]
    ]


def _trimmed(ent: Span) -> Span | None:
    doc, start, end = ent.doc, ent.start, ent.end
    while start < end and ((first := doc[start]).lower_ == "the" or first.is_punct):
        start += 1
    while end > start and ((last := doc[end - 1]).is_punct or last.lower_ in _POSSESSIVE):
        end -= 1
    return doc[start:end] if end > start else None


def _completed(span: Span) -> Span:
    """A person's name with the adjacent capitalised name words the model left out."""
    doc = span.doc

    def name_word(token: Token) -> bool:
        return (
            token.pos_ == "PROPN"
            and token.is_title
            and token.lower_ not in HONORIFICS
            and token.lemma_.lower() not in TITLE_WORDS
            and token.ent_type_ in ("", "PERSON")
        )

    start, end = span.start, span.end
    while start > 0 and name_word(doc[start - 1]) and doc[start - 1].sent == span.sent:
        start -= 1
    while end < len(doc) and name_word(doc[end]):
        end += 1
    return doc[start:end]


def _not_an_actor(span: Span, country_starts: set[int]) -> bool:
    """Names the model tags that are no actor: a word of a title ("Interior Minister X",
    "Secretary of State X"), an institution's common noun alone ("the State"), a law's
    acronym ("31 CFR 591"), a credit in parentheses ("(Reuters)", "(CMC Photo)"), a place
    before its country ("São Paulo, Brazil"), a name listed among places ("in Tbilisi, Batumi
    and Kutaisi")."""
    doc = span.doc
    if _in_a_title(doc, span.end):
        return True
    names = [t for t in _listed_with(span.root) if t.pos_ == "PROPN"]
    if (len(span) == 1 and any(t.ent_type_ in ("GPE", "LOC") for t in names)
            and not any(t.ent_type_ == "PERSON" and t.ent_iob_ == "I" for t in names)):  # fmt: skip
        return True  # one-word names listed with places, and with no full name of a person
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and (
        doc[span.start - 2].lemma_.lower() in TITLE_NOUNS
    ):
        return True
    if len(span) == 1 and (span[0].lower_ in INSTITUTION_WORDS or span[0].pos_ == "ADJ"
                           or span[0].lower_.rstrip(".") in TITLE_WORDS):  # fmt: skip
        return True
    if span.start > 0 and doc[span.start - 1].like_num:
        return True
    if _credit(span):
        return True
    return (
        span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and span.end + 1 in country_starts
        and span.root.ent_type_ in ("GPE", "PERSON", "LOC", "FAC")
    )


def _credit(span: Span) -> bool:
    """In parentheses and not the short form of the name before it: "(Reuters)", "(CMC
    Photo)", "(according to VNA)", "the Sanctions Regulations (VSR)"."""
    doc = span.doc
    opening = _last_parenthesis(doc, span.sent.start, span.start)
    if opening is None or doc[opening].text != "(":
        return False
    if opening != span.start - 1:
        return True
    acronym = len(span) == 1 and span[0].is_upper and span.end < len(doc)
    if acronym and doc[span.end].text == ")" and span.start >= 2:
        # the short form of an organisation's or a person's name, not of a law's
        return doc[span.start - 2].ent_type_ not in ("ORG", "PERSON")
    return True


def _last_parenthesis(doc: Doc, start: int, end: int) -> int | None:
    """The index of the last "(" or ")" among tokens [start, end), or None."""
    if start >= end:
        return None
    first_char = doc[start].idx
    end_char = doc[end].idx if end < len(doc) else len(text_of(doc))
    words = text_of(doc)[first_char:end_char]
    if "(" not in words and ")" not in words:  # most sentences: no Token need be made
        return None
    for i in range(end - 1, start - 1, -1):
        if doc[i].text in "()":
            return i
    return None


def _acronyms(entities: list[Span]) -> dict[str, str]:
    """ "the National Intelligence Center (CNI) ... the CNI": the acronym in parentheses
    after a name is that name."""
    by_end = {e.end: e for e in entities}
    names = {}
    for ent in entities:
        doc = ent.doc
        if len(ent) == 1 and ent[0].is_upper and ent.start >= 2 and doc[ent.start - 1].text == "(":
            full = by_end.get(ent.start - 1)
            if full is not None:
                names[_key(ent.text)] = full.text
    return names


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
