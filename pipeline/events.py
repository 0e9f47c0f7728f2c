"""Events: a trigger word from the event lexicon, who does it to whom, when, and how sure.

Source and target come from the dependency parse (subject, object, the object of a
preposition the trigger takes), resolved through the actor mentions, so events point at
canonical actors. Status comes from the words governing the trigger (negation, modals,
"considering", "plans to").

When a sentence names who acts but not at whom ("the US is calling for the release of the
results"), the target may be inferred as the document's main counterpart of the source: the
actor the document mentions most that does not belong to the source's country. Such rows
carry `target_basis = "inferred"`, so users can keep or drop them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.lexicon import EventVerb, Lexicon
from pipeline.records import Citation, Event, Mention, Timex
from pipeline.timex import value_to_date

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {"with", "to", "on", "against", "at", "toward", "towards", "upon", "into", "for"}
SOURCE_PREPS = {"from", "by"}
# Nouns that stand for the people of an actor: "officials from Brazil", "Mexico's president".
PROXIES = {
    "official", "government", "administration", "representative", "member", "leader",
    "president", "delegation", "authority", "minister", "spokesperson", "spokesman", "envoy",
    "diplomat", "negotiator", "regime", "ambassador", "lawmaker", "senator", "legislator",
    "congressman", "officer", "ministry", "thousand", "hundred", "dozen", "million", "some",
    "many", "several", "all", "most", "supporter", "organization", "partner", "country",
}  # fmt: skip
# Prepositions through which a generic noun lists actors: "organizations like the OAS".
LISTING_PREPS = {"of", "from", "for", "like", "including", "as"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their"}
DEFINITE = {"the", "this", "that", "these", "those"}
# Gatherings whose members are the counterparts: "talks in forums like the OAS".
VENUES = {"forum", "summit", "meeting", "session", "assembly", "conference", "body"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Links through which a clause without a subject shares the subject of the clause above.
SHARED_SUBJECT = {"xcomp", "conj", "advcl", "ccomp", "acl", "relcl", "pcomp", "prep", "dobj",
                  "pobj"}  # fmt: skip
# Links from a trigger up to the words whose modality it inherits: "plans to meet",
# "considering an offer", "did not rule out sanctions".
GOVERNED = {"xcomp", "dobj", "ccomp", "pobj", "prep", "acl", "advcl", "acomp", "attr",
            "nsubjpass", "pcomp"}  # fmt: skip
# Verb types that take a stance on (or offer) the event their object names: both are kept.
STANCE_TYPES = {"SUPPORT", "ACCUSE", "AGREE"}
# "X argues that Y should ...": a request of Y.
ADVOCACY_VERBS = {"argue", "say", "insist", "stress", "contend", "maintain", "believe", "think",
                  "suggest", "add", "write", "tell"}  # fmt: skip
OBLIGATION = {"should", "must", "ought"}
# Prepositions that put a noun trigger in its verb's hands: "in talks with", "into talks".
HOLDING_PREPS = {"in", "into"}


@dataclass
class _Found:
    trigger: Token
    verb: EventVerb
    sources: list[str]
    targets: list[str]
    target_phrase: bool  # the sentence gives a target, even if it names no actor


class EventExtractor:
    """Finds events in parsed docs.

    require_source: keep only events whose acting actor is named (an event nobody is said to
        do is rarely what an analyst wants in an event table).
    infer_targets: give a sourced event without a stated target the document's main
        counterpart of its source (marked `target_basis = "inferred"`).
    """

    def __init__(self, lexicon: Lexicon, require_source: bool = True, infer_targets: bool = True):
        self.require_source = require_source
        self.infer_targets = infer_targets
        self.verbs: dict[tuple[str, str], list[EventVerb]] = defaultdict(list)
        for verb in lexicon.event_verbs:
            self.verbs[(verb.lemma, verb.pos)].append(verb)
        self.cues = {status: _CueIndex(cues) for status, cues in lexicon.status_cues.items()}
        self.demonyms = lexicon.demonyms
        self.countries = {a.actor_id: a.country_code for a in lexicon.actors}

    def find(
        self,
        doc: Doc,
        mentions: list[Mention],
        timexes: list[Timex],
        citations: list[Citation],
        actor_types: dict[str, str] | None = None,
    ) -> list[Event]:
        actors = _MentionIndex(doc, mentions, self.demonyms, actor_types or {})
        found = [f for f in self._triggers(doc, actors) if f.sources or not self.require_source]
        counterpart = self._counterparts(mentions)
        events, seen = [], set()
        earlier: dict[tuple[str, str], str] = {}  # (type, source) -> the last stated target
        for f in _drop_subsumed(found):
            for source in f.sources or [None]:
                targets, basis = f.targets, "stated"
                if not targets and source is not None:
                    targets, basis = self._inferred_target(f, source, earlier, counterpart)
                for target in targets or [None]:
                    if source == target:
                        continue
                    if basis == "stated" and target is not None:
                        earlier[(f.verb.event_type, source)] = target
                    key = (f.trigger.sent.start, f.verb.event_type, source, target)
                    if key not in seen:
                        seen.add(key)
                        events.append(self._event(f, source, target, basis, timexes, citations))
        return events

    def _inferred_target(self, found: _Found, source: str, earlier: dict, counterpart):
        """The target an earlier sentence gave the same source for the same kind of event;
        failing that, when this sentence gives no target phrase at all, the document's main
        counterpart of the source."""
        if not self.infer_targets or not found.verb.dyadic:
            return [], "stated"
        previous = earlier.get((found.verb.event_type, source))
        if previous is not None:
            return [previous], "inferred"
        if found.target_phrase:
            return [], "stated"
        return [t for t in [counterpart(source)] if t], "inferred"

    def _triggers(self, doc: Doc, actors: _MentionIndex) -> list[_Found]:
        found = []
        for token in doc:
            verb = self._entry(token, actors)
            if verb is None:
                verb = self._advocacy(token)
            elif _merged_into_verb(token, verb, lambda t: self._entry(t, actors)):
                continue
            if verb is None:
                continue
            if self._offers_event(token, verb, actors):
                continue  # "offer amnesty": the amnesty is the event
            sources, targets = self._roles(token, actors)
            targets = [t for t in targets if t not in sources]
            found.append(_Found(token, verb, sources, targets, bool(_objects(token))))
        return found

    def _advocacy(self, token: Token) -> EventVerb | None:
        """ "Rubio argues that the administration should cease ...": a demand on the
        subject of the clause."""
        if token.lemma_.lower() not in ADVOCACY_VERBS:
            return None
        for clause in (c for c in token.children if c.dep_ == "ccomp"):
            if any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in clause.children):
                return EventVerb(token.lemma_.lower(), "VERB", "REQUEST", "10")
        return None

    def _offers_event(self, token: Token, verb: EventVerb, actors: _MentionIndex) -> bool:
        """ "offer amnesty", "promise talks": the event offered carries the row."""
        if verb.event_type != "AGREE" or token.pos_ != "VERB":
            return False
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            offered = self._entry(obj, actors)
            if offered is not None and offered.event_type != "AGREE":
                return True
        return False

    def _entry(self, token: Token, actors: _MentionIndex) -> EventVerb | None:
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
        if pos is None or token.i in actors.by_token:
            return None
        entries = self.verbs.get((token.lemma_.lower(), pos), [])
        particles = _particles(token)
        # "called X a dictator" (ACCUSE) before "call on" (REQUEST), since "on Tuesday" is
        # a particle too; "back down" (CONCEDE) before plain "back" (SUPPORT)
        usable = [v for v in entries if not v.with_ or particles & set(v.with_)]
        naming = [v for v in usable if v.complements]
        bound = [v for v in usable if v.with_ and not v.complements]
        plain = [v for v in usable if not v.with_ and not v.complements]
        for verb in naming + bound + plain:
            if verb.objects and not _object_allowed(token, verb.objects, actors):
                continue
            if verb.complements and not _calls_it(token, verb.complements):
                continue
            return verb
        return None

    def _roles(self, trigger: Token, actors: _MentionIndex) -> tuple[list[str], list[str]]:
        """(sources, targets) of the event the trigger expresses."""
        targets = actors.of_tokens(_objects(trigger))
        if trigger.pos_ == "NOUN":
            # "Maduro's concession", "US sanctions", "Brazilian mediation"
            own = [c for c in trigger.children if c.dep_ in ("poss", "compound", "amod")]
            sources = actors.of_tokens(own + _prep_objects(trigger, SOURCE_PREPS))
            verb = _governing_verb(trigger)
            if sources or verb is None:
                return sources, targets
            sources, extra = self._subjects(verb, actors)
            return sources, targets or extra
        sources, extra = self._subjects(trigger, actors)
        return sources, list(dict.fromkeys(targets + extra))

    def _subjects(self, verb: Token, actors: _MentionIndex) -> tuple[list[str], list[str]]:
        """Who does what the verb says, climbing to the clause that names them; passive and
        participle clauses give their subject as a target instead."""
        node = verb
        for _ in range(5):
            subjects = [c for c in node.children if c.dep_ in SUBJECTS]
            if node is not verb and any(c.dep_ == "nsubjpass" for c in subjects):
                # "X was criticised for not reimposing sanctions": X would reimpose
                return actors.of_tokens(_with_conjuncts(subjects)), []
            if any(c.dep_ == "nsubjpass" for c in subjects):
                agents = _prep_objects(node, {"by"})
                if agents or node.dep_ not in SHARED_SUBJECT:
                    return actors.of_tokens(_with_conjuncts(agents)), actors.of_tokens(subjects)
                # "While sanctions are not ruled out, the US plans ...": the US would rule
                sources, _ = self._subjects(node.head, actors)
                return sources, actors.of_tokens(subjects)
            if subjects:
                if node.dep_ == "relcl" and subjects[0].lower_ in RELATIVE_PRONOUNS:
                    subjects = [node.head]  # "officials who met": the officials
                return actors.of_tokens(_with_conjuncts(subjects)), []
            head = node.head
            if node.dep_ == "xcomp" and (controller := _direct_object(head)) is not None:
                return actors.of_tokens(_with_conjuncts([controller])), []  # urged X to act
            if node.tag_ == "VBN" and node.dep_ in ("advcl", "acl"):
                # "Asked why ..., Maduro said": the main subject was asked, it did not ask
                main = [c for c in head.children if c.dep_ in SUBJECTS]
                return [], actors.of_tokens(main)
            if node.dep_ not in SHARED_SUBJECT or head is node:
                break
            node = head
        return [], []

    def _counterparts(self, mentions: list[Mention]):
        """For a source, the actor the document mentions most outside the source's country."""
        counts = Counter(m.actor_id for m in mentions)
        ranked = [a for a, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]

        def counterpart(source: str) -> str | None:
            home = self.countries.get(source)
            for actor in ranked:
                if actor != source and (home is None or self.countries.get(actor) != home):
                    return actor
            return None

        return counterpart

    def _event(
        self,
        found: _Found,
        source: str | None,
        target: str | None,
        basis: str,
        timexes: list[Timex],
        citations: list[Citation],
    ) -> Event:
        trigger, verb = found.trigger, found.verb
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
            target_basis=None if target is None else basis,
        )

    def _status(self, trigger: Token) -> str:
        """The status the words governing the trigger give it; hypothetical cues win, so
        "did not rule out sanctions" is hypothetical, not negated."""
        governing = _governing_words(trigger)

        def cued(status: str) -> bool:
            index = self.cues.get(status)
            return index is not None and index.on_any(governing)

        if cued("hypothetical") or _conditional(trigger):
            return "hypothetical"
        if any(t.dep_ == "neg" for t in governing) or cued("negated"):
            return "negated"
        return "planned" if cued("planned") else "asserted"


class _MentionIndex:
    """Maps tokens to the actors their words name."""

    def __init__(
        self, doc: Doc, mentions: list[Mention], demonyms: dict[str, str], types: dict[str, str]
    ):
        self.by_token: dict[int, str] = {}
        self.people: list[tuple[Token, str]] = []  # (mention root, actor) of persons
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token[t.i] = m.actor_id
            if types.get(m.actor_id) == "person":
                self.people.append((span.root, m.actor_id))
        self.demonyms = demonyms
        self.anaphora: dict[int, list[str]] = {}  # filled next, from the explicit mentions
        self.anaphora = self._definite_anaphora(doc)

    def _definite_anaphora(self, doc: Doc) -> dict[int, list[str]]:
        """ "Senior Biden administration officials ... The officials said": a bare proxy noun
        refers to the actors of the last proxy of the same word that named them."""
        last: dict[str, list[str]] = {}
        resolved = {}
        for token in doc:
            if token.lemma_.lower() not in PROXIES or token.pos_ != "NOUN":
                continue
            key = f"{token.lemma_.lower()}/{token.tag_}"  # officials agree with officials
            own = self.actors(token)
            if own:
                last[key] = own
            elif key in last and _definite(token):
                resolved[token.i] = last[key]
        return resolved

    def actors(self, token: Token, depth: int = 0) -> list[str]:
        if token.i in self.by_token:
            return [self.by_token[token.i]]
        if token.lower_ in self.demonyms:
            return [self.demonyms[token.lower_]]
        if token.lower_ in PERSON_PRONOUNS:
            return self._antecedent(token)
        if token.lower_ in PLURAL_PRONOUNS:
            return self._plural_antecedent(token)
        if depth >= 2 or token.pos_ not in ("NOUN", "PRON", "NUM", "DET", "ADJ"):
            return []
        # "officials from Brazil and Mexico", "Mexico's president", "his claim",
        # "thousands of dissidents", "organizations like the OAS"
        found = []
        proxy = token.lemma_.lower() in PROXIES
        for child in token.children:
            if child.dep_ == "poss" or (proxy and child.dep_ in ("compound", "amod", "nmod")):
                found += self.actors(child, depth + 1)
            elif (
                child.dep_ == "prep"
                and child.lower_ in LISTING_PREPS
                and (proxy or child.lower_ != "of")
            ):
                for obj in _with_conjuncts([c for c in child.children if c.dep_ == "pobj"]):
                    found += self.actors(obj, depth + 1)
        return found or self.anaphora.get(token.i, [])

    def _plural_antecedent(self, pronoun: Token) -> list[str]:
        """ "they": the actors of the nearest earlier subject in this or the previous
        sentence that names any."""
        first = _previous_sentence_start(pronoun)
        for token in reversed(pronoun.doc[first : pronoun.i]):
            main = token.head.dep_ == "ROOT" or token.head.head.dep_ == "ROOT"
            if token.dep_ in SUBJECTS and main and token.lower_ not in PLURAL_PRONOUNS:
                found = self.actors(token)
                if found:
                    return found
        return []

    def _antecedent(self, pronoun: Token) -> list[str]:
        """The person a pronoun most likely refers to: the latest person that was a subject
        in this or the previous sentence, else the latest person named before it."""
        earlier = [(t, a) for t, a in self.people if t.i < pronoun.i]
        if not earlier:
            return []
        first = _previous_sentence_start(pronoun)
        subjects = [a for t, a in earlier if t.i >= first and t.dep_ in SUBJECTS]
        return subjects[-1:] or [earlier[-1][1]]

    def of_tokens(self, tokens: list[Token]) -> list[str]:
        return list(dict.fromkeys(a for t in tokens for a in self.actors(t)))


def _definite(token: Token) -> bool:
    """ "the officials", "the first official", not "three governments" or "officials"."""
    children = list(token.children)
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in children) and not any(
        c.dep_ == "nummod" for c in children
    )


def _previous_sentence_start(token: Token) -> int:
    start = token.sent.start
    return token.doc[start - 1].sent.start if start > 0 else 0


def _objects(trigger: Token) -> list[Token]:
    """The trigger's objects, the actors an object noun carries ("lifted sanctions on X",
    "agreements reached with X"), and the objects of target prepositions."""
    objects = [c for c in trigger.children if c.dep_ in OBJECTS]
    carried = []
    for clause in (c for c in trigger.children if c.dep_ == "acl"):
        carried += _prep_objects(clause, TARGET_PREPS)  # "relief provided to Venezuela"
    for obj in objects:
        carried += _prep_objects(obj, TARGET_PREPS)
        for clause in (c for c in obj.children if c.dep_ in ("acl", "relcl")):
            carried += _prep_objects(clause, TARGET_PREPS)
    venues = [v for v in _prep_objects(trigger, {"in", "at"}) if v.lemma_.lower() in VENUES]
    return _with_conjuncts(objects + carried + venues + _prep_objects(trigger, TARGET_PREPS))


def _object_allowed(trigger: Token, allowed: tuple[str, ...], actors: _MentionIndex) -> bool:
    objects = _with_conjuncts([c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")])
    for obj in objects:
        if obj.lemma_.lower() in allowed or ("actor" in allowed and actors.actors(obj)):
            return True
    return False


def _merged_into_verb(token: Token, verb: EventVerb, entry) -> bool:
    """A noun trigger that is the object of a verb trigger belongs to that verb's event
    ("lifted sanctions", "breached the agreement"), unless the verb takes a stance on it
    ("defends the sanctions relief") or offers it ("offer amnesty")."""
    if token.pos_ != "NOUN" or token.dep_ not in ("dobj", "nsubjpass") or token.head is token:
        return False
    governing = entry(token.head)
    return governing is not None and governing.event_type not in STANCE_TYPES


def _direct_object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun trigger is the object or complement of: "held talks", "in talks"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in HOLDING_PREPS:
        head = head.head
    elif noun.dep_ not in OBJECTS | {"conj", "nsubjpass"}:
        return None
    return head if head.pos_ in ("VERB", "AUX") and head is not noun else None


def _particles(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep")}


def _calls_it(trigger: Token, lemmas: tuple[str, ...]) -> bool:
    """What the verb calls its object is one of these: "called Maduro a dictator", "branded
    the vote a fraud", "described the election as a sham"."""
    said = [c for c in trigger.children if c.dep_ in ("oprd", "dobj", "attr", "acomp")]
    said += _prep_objects(trigger, {"as"})
    return any(t.lemma_.lower() in lemmas for t in _with_conjuncts(said))


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


def _drop_subsumed(found: list[_Found]) -> list[_Found]:
    """A one-sided event is dropped when its sentence has the same type and source with a
    target: "met with X ... to discuss" is one meeting."""
    full = {(f.trigger.sent.start, f.verb.event_type, s) for f in found if f.targets
            for s in f.sources}  # fmt: skip
    return [
        f for f in found
        if f.targets or not all((f.trigger.sent.start, f.verb.event_type, s) in full
                                for s in f.sources)
    ]  # fmt: skip


def _governing_words(trigger: Token) -> list[Token]:
    """The trigger, its auxiliaries, negation and particles, and those of the words it
    complements."""
    words, node = [], trigger
    for _ in range(4):
        words.append(node)
        words.extend(
            c for c in node.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt")
        )
        if node.dep_ not in GOVERNED or node.head is node:
            break
        node = node.head
    return words


class _CueIndex:
    """Status cues ("rule out", "yet to", "consider") by each of their words, so that only
    the cues containing a governing word are tried, at the places that word allows."""

    def __init__(self, cues: list[str]):
        self.by_word: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for cue in cues:
            parts = tuple(cue.split())
            for position, word in enumerate(parts):
                self.by_word[word].append((parts, position))

    def on_any(self, tokens: list[Token]) -> bool:
        return any(self._on(token) for token in tokens)

    def _on(self, token: Token) -> bool:
        doc = token.doc
        for word in {token.lower_, token.lemma_.lower()}:
            for parts, position in self.by_word.get(word, ()):
                start = token.i - position
                if start < 0 or start + len(parts) > len(doc):
                    continue
                window = doc[start : start + len(parts)]
                if all(
                    p in (t.lower_, t.lemma_.lower()) for p, t in zip(parts, window, strict=True)
                ):
                    return True
        return False


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
