"""Events: a trigger word from the event lexicon, who does it to whom, when, and how sure.

Source and target come from the dependency parse (subject, object, the object of a
preposition the trigger takes, the agent and subject of a passive, the noun a participle or
relative clause modifies, the "of" and possessive of an event noun), resolved through the
actor mentions, so events point at canonical actors. Status comes from the words governing
the trigger (negation, modals, "considering", "plans to").

Two guesses are made, and marked. An act only a state does (an arrest, a ban, an expulsion)
reported without its agent takes the state the text places it in (`source_basis =
"inferred"`). With `infer_targets`, a sentence that names who acts but not at whom may take
the target an earlier sentence gave the same source for the same kind of event
(`target_basis = "inferred"`). A news outlet is never a participant: "told AFP" is a citation.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, HEAD, IS_ASCII, LEMMA, LOWER, POS
from spacy.parts_of_speech import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from pipeline.common.ids import fold
from pipeline.common.records import ActorEntry, Citation, Event, Mention, Timex
from pipeline.extract.countries import demonym_country as _demonym
from pipeline.extract.doctext import StringTest, hashes
from pipeline.extract.lexicon import EventVerb, Lexicon
from pipeline.extract.timex import value_to_date

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# The CAMEO root of each PLOVER type, for events whose type the context changes.
CAMEO_ROOTS = {"AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
               "CONCEDE": "08", "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12",
               "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16",
               "COERCE": "17", "ASSAULT": "18"}  # fmt: skip
OBJECTS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {"with", "to", "on", "against", "toward", "towards", "upon", "into", "for"}
# Those an object carries its target with ("sanctions on X"); not places ("gold held at X").
CARRIED_PREPS = (TARGET_PREPS - {"into"}) | {"between"}
SOURCE_PREPS = {"from", "by"}
# Nouns that stand for the people or bodies of an actor: "officials from Brazil", "Mexico's
# president", "three U.S. nationals", "his Venezuelan counterpart", "Spanish troops".
PROXIES = {
    "official", "government", "administration", "representative", "member", "leader", "agent",
    "operative", "guerrilla", "rebel", "fighter", "militant", "regulator", "watchdog",
    "executive", "staff", "employee", "worker",
    "president", "delegation", "authority", "minister", "spokesperson", "spokesman", "envoy",
    "diplomat", "negotiator", "regime", "ambassador", "lawmaker", "senator", "legislator",
    "congressman", "officer", "ministry", "thousand", "hundred", "dozen", "million", "some",
    "many", "several", "all", "most", "organization", "partner", "country",
    "national", "citizen", "counterpart", "aide", "assistant", "ally", "embassy", "parliament",
    "congress", "court", "judiciary", "prosecutor", "police", "military", "army", "navy",
    "force", "troop", "soldier", "agency", "nation", "state", "firm", "company", "number",
    "adviser", "advisor", "tribunal",
}  # fmt: skip
PARTICLES = {"down", "up", "out", "off", "back", "aside", "over", "away"}
# Events whose doers are who an act on them is done to: "attacked a rally", "banned talks".
GATHERINGS = {"PROTEST", "CONSULT", "AGREE"}
# Nouns that take their own "with": "the dispute with X", "relations with X".
RELATIONS = {"dispute", "conflict", "relation", "tie", "border", "row", "feud", "tension",
             "war", "trade", "rivalry", "standoff", "crisis", "clash"}  # fmt: skip
# Verbs whose object is a topic, not a partner: "discussed the dispute with X".
TOPICAL = {"discuss", "discussion", "debate", "talk", "negotiate", "negotiation"}
# Posts a person holds: "the head of X, Y, said" names Y.
ROLES = {
    "head", "chief", "director", "speaker", "chairman", "chair", "president", "leader", "mayor",
    "governor", "minister", "secretary", "commander", "spokesman", "spokesperson", "ambassador",
    "envoy", "judge", "prosecutor", "founder", "ceo",
}  # fmt: skip
# People who work for someone: "aides to Machado" are Machado's.
AIDES = {"aide", "assistant", "adviser", "advisor"}
# Prepositions through which a generic noun lists actors: "organizations like the OAS",
# "officials from Chile"; of them, those that list members of a group.
LISTING_PREPS = {"of", "from", "for", "like", "including", "as"}
MEMBER_PREPS = {"like", "including", "as"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their"}
DEFINITE = {"the", "this", "that", "these", "those"}
DEMONSTRATIVE = {"these", "those"}
# Words that make a demonym a region's: "Latin American", "South American".
# Plural nouns for people that a list in the next sentence can name.
PEOPLE_NOUNS = {
    "people", "person", "figure", "prisoner", "detainee", "journalist", "activist", "opponent",
    "politician", "candidate", "dissident", "protester", "student", "worker", "individual",
    "man", "woman", "citizen", "national", "suspect", "lawyer", "judge", "general", "officer",
    "executive", "entity", "company", "firm", "target", "victim",
}  # fmt: skip
LISTED_GROUPS = PROXIES | PEOPLE_NOUNS  # what a list in the next sentence may name
# Plural nouns that "these"/"those" use to point back at a list of states.
STATE_NOUNS = {"country", "government", "nation", "state"}
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
STANCE_TYPES = {"SUPPORT", "ACCUSE", "AGREE", "REJECT"}
# Verbs through which a thing meets a reaction: "the warrant drew condemnation from X".
REACTIONS_DRAWN = {"draw", "attract", "receive", "earn", "spark", "prompt", "provoke",
                   "trigger", "face", "meet", "get", "win", "garner", "elicit"}  # fmt: skip
# Stances a subject takes on its own act: "defended the sanctions relief".
OWN_ACT_STANCES = {"defend", "justify"}
# A noun event governed by these is someone else's act: "called for the release of X" is
# not the caller's release, "condemned the arrest" not the critic's arrest.
OTHERS_ACT_TYPES = {"SUPPORT", "ACCUSE", "REJECT", "REQUEST", "PROTEST", "THREATEN"}
# Verbs whose subject undergoes, reports or obtains a noun event rather than doing it:
# "secured the release", "faced a ban", "reported the arrests".
NOT_THE_AGENT = {
    "secure", "win", "obtain", "get", "receive", "face", "suffer", "fear", "await", "escape",
    "avoid", "survive", "follow", "prompt", "spark", "trigger", "cause", "report", "document",
    "note", "mention", "hail", "celebrate", "mourn", "witness", "see", "watch", "cover",
    "count", "record", "verify", "tally", "investigate", "challenge", "appeal", "contest",
    "finance", "fund", "bankroll", "incite", "encourage", "instigate", "orchestrate",
    "lament", "deplore", "survey", "decry", "question", "doubt", "predict", "expect",
}  # fmt: skip
# Types whose noun takes its target in an "of" phrase ("the arrest of X", "recognition of
# X"); the others take their actor there ("a visit of X", "protests of X").
OF_TARGET_TYPES = {"COERCE", "SANCTION", "CONCEDE", "ASSAULT", "ACCUSE", "REJECT", "SUPPORT",
                   "AID", "COOPERATE", "THREATEN"}  # fmt: skip
# Events two sides do together: "X and Y met" is a meeting of X with Y and of Y with X.
RECIPROCAL_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
# Acts a possessive person undergoes ("Machado's ban", "his arrest"); a stance is the
# possessor's own ("Boric's condemnation").
DONE_TO_PEOPLE = {"COERCE", "SANCTION", "CONCEDE", "ASSAULT", "AID"}
# Actor types that a possessive makes the one an act is done to ("Machado's ban") rather
# than the one who does it ("Venezuela's ban on imports").
UNDERGOERS = {"person", "group"}
# Verbs whose object does what their infinitive says: "urged X to release", "allowed X to".
OBJECT_CONTROL = {
    "urge", "ask", "press", "pressure", "call", "encourage", "persuade", "convince", "implore",
    "exhort", "order", "force", "compel", "allow", "permit", "invite", "help", "push", "lobby",
    "tell", "instruct", "authorize", "authorise", "enable", "oblige", "require", "request",
    "warn", "demand", "challenge", "get", "want", "expect", "appeal", "plead", "petition",
    "lead", "prompt", "cause", "drive",
}  # fmt: skip
# "X argues that Y should ...": a request of Y.
ADVOCACY_VERBS = {"argue", "say", "insist", "stress", "contend", "maintain", "believe", "think",
                  "suggest", "add", "write", "tell"}  # fmt: skip
OBLIGATION = {"should", "must", "ought"}
# Types whose events are often one-sided: a protest or a deployment without an adversary
# named is still one ("protesters marched", "the US deployed warships").
ONE_SIDED_TYPES = {"PROTEST", "MOBILIZE"}
# Types whose act on a thing is whole without a target: "shut down radio stations",
# "seized cocaine", "cut off internet access", "attacked a military base".
ACTS_ON_THINGS = {"COERCE", "ASSAULT"}
# Verbs that report speech and can carry a complaint: with a clause that faults someone they
# report an accusation. Narrower than vocabulary.SPEECH_VERBS, which also asks and promises.
COMPLAINT_VERBS = {
    "say", "claim", "allege", "argue", "state", "note", "add", "insist", "contend", "maintain",
    "conclude", "find", "declare", "complain", "charge", "write", "tell", "assert", "stress",
    "post", "tweet", "report", "warn", "acknowledge", "suggest", "affirm", "denounce", "rule",
}  # fmt: skip
NEGATIONS = {"not", "n't", "never", "neither", "nor", "no", "hardly"}
FIRST_PERSON = {"i", "we", "us", "me"}
SPEECH_NOUNS = {
    "speech", "statement", "interview", "address", "post", "message", "tweet", "broadcast",
    "remark", "comment", "conference", "briefing", "rally", "programme", "program", "show",
    "communique", "letter", "column", "op-ed", "editorial", "video", "television", "radio",
}  # fmt: skip
LACKING = {"lack", "absence", "without", "devoid"}
# What a stance on a vote is about: "rejected the results", "did not recognise the outcome
# of the election".
ELECTION_NOUNS = {
    "result", "results", "election", "elections", "vote", "votes", "outcome", "victory", "win",
    "re-election", "reelection", "tally", "count", "counting", "tallying", "ballot", "poll",
    "referendum", "mandate", "turnout",
}  # fmt: skip
# Nouns that refer back to an act the previous sentence reported: "The ruling was condemned".
ACTS_REFERRED_TO = {"ruling", "verdict", "decision", "move", "measure", "step", "decree",
                    "announcement", "order", "judgment", "judgement", "resolution"}  # fmt: skip
# Nouns that sum up the clause they follow: "X expelled Y, a move Z condemned".
MOVES = {"move", "step", "decision", "measure", "action", "announcement", "act"}
# A strike that is a work stoppage: "a general strike", "went on strike", "staged a strike".
STOPPAGES = {"strike", "walkout", "stoppage"}
# Gatherings a leader calls before they happen: "called a march for Saturday".
CALLED_PROTESTS = {"march", "protest", "rally", "demonstration", "boycott", "vigil"}
STOPPAGE_KINDS = {"general", "national", "nationwide", "hunger", "indefinite", "transport",
                  "teacher", "worker", "union", "labour", "labor", "civic", "partial"}  # fmt: skip
STOPPAGE_VERBS = {"call", "stage", "hold", "launch", "begin", "start", "end", "announce", "join",
                  "organize", "organise", "declare"}  # fmt: skip
# Withdrawing one's own people from a place: the place is the target.
WITHDRAWALS = {"recall", "withdraw", "pull", "evacuate"}
# Verbs whose object is what is sent, and whose "to" phrase is who receives it.
SENDING = {"send", "dispatch", "ship"}
OWN = {"its", "their", "his", "her", "our"}
# Verbs that only carry the event their noun names: "imposed a ban", "bans imposed by X".
LIGHT_TRIGGERS = {"impose", "reimpose"}
# Nouns whose "of" phrase is what is alleged: "allegations of torture".
ALLEGATIONS = {"accusation", "allegation", "charge", "claim", "suspicion"}
# Verbs whose "of" or "for" phrase is alleged, not reported: "accused X of attacking Y" (but
# "criticised X for expelling Y" reports the expulsion).
ALLEGING_VERBS = {"accuse", "blame", "charge", "suspect"}
# Outer events whose object event has not happened: "called for the release of X", "a
# reward for the arrest of X"; the inner event is no row of its own.
UNREALISED_TYPES = {"REQUEST", "THREATEN", "AGREE"}
# Links from an event noun up to the trigger it is an argument of.
ARGUMENT_LINKS = {"pobj", "prep", "dobj", "compound", "acl", "nsubjpass", "conj", "pcomp"}
# Prepositions through which a verb aims the event its noun object names: "imposed sanctions
# on X", "issued a warrant against X", "granted asylum to X", "put pressure on X".
AIMING_PREPS = {"to", "on", "against", "upon", "for", "with"}
# Prepositions that put a noun trigger in its verb's hands: "in talks with", "into talks".
HOLDING_PREPS = {"in", "into"}
# Prepositions that place an act in a state: "arrested in Caracas", "expelled from Peru".
PLACE_PREPS = {"in", "from", "inside"}
# Subordinators of a clause whose passive the main clause's subject would do: "While
# sanctions are not ruled out, the US plans ...".
CONCESSIVE_MARKS = {"while", "although", "though", "whilst", "if", "unless"}
# Critics of an act of state who are its own public, not another state: "Bolivian farmers
# protested the arrest of X" does not say Bolivia did not arrest X.
PUBLICS = {"group"}
# What answers an appeal: its rejection, acceptance or granting.
ANSWERS = {"REJECT", "AGREE", "CONCEDE"}
# Violence to people's bodies, a row even when the victims are only counted.
BODILY_HARM = {"kill", "shoot", "wound", "injure", "torture", "murder", "assassinate", "beat"}
# A state's installations: what is done to them is done to the state.
INSTALLATIONS = {"base", "barracks", "barrack", "garrison", "checkpoint", "outpost", "penitentiary",
                 "prison", "jail"}  # fmt: skip
# People who follow someone without acting for them.
FOLLOWERS = {"supporter", "follower", "loyalist", "sympathiser", "sympathizer", "voter", "fan"}
# A state's premises abroad, which stand for it.
EMBASSIES = {"embassy", "consulate"}
# Acts a state does only to foreigners: never by the state of the one it is done to.
DEPORTATIONS = {"deport", "deportation"}
# Verbs that list the members of a group the previous sentence named: "Among them are A and
# B", "They include A and B".
LISTING_VERBS = {"be", "include"}


@dataclass
class _Found:
    trigger: Token
    verb: EventVerb
    sources: list[str]
    targets: list[str]
    target_phrase: bool  # the sentence gives a target, even if it names no actor
    source_basis: str = "stated"
    target_basis: str = "stated"
    critics: list[str] = field(default_factory=list)  # who condemns it, if it is an object
    pairs: list[tuple[str, str]] = field(default_factory=list)  # reciprocal: both ways


class EventExtractor:
    """Finds events in parsed docs.

    require_source: keep only events whose acting actor is named (an event nobody is said to
        do is rarely what an analyst wants in an event table).
    infer_targets: give a sourced event without a stated target the target an earlier
        sentence gave the same source for the same kind of event (`target_basis =
        "inferred"`).
    infer_state: give an act only a state does, reported without its agent, the state the
        text places it in (`source_basis = "inferred"`).
    keep_targetless: keep events done to someone whose target the text does not name (on the
        development set, most such rows are events whose target the reader infers); protests
        and deployments are kept without a target in any case.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        require_source: bool = True,
        infer_targets: bool = True,
        infer_state: bool = True,
        keep_targetless: bool = False,
    ):
        self.require_source = require_source
        self.keep_targetless = keep_targetless
        self.infer_targets = infer_targets
        self.infer_state = infer_state
        self.verbs: dict[tuple[str, str], list[EventVerb]] = defaultdict(list)
        for verb in lexicon.event_verbs:
            self.verbs[(verb.lemma, verb.pos)].append(verb)
        # the lemmas of the nouns and verbs `_entry` or `_complaint_clause` may take
        self._trigger_lemmas = _lemma_in(
            {lemma for lemma, _ in self.verbs} | STOPPAGES | COMPLAINT_VERBS
        )
        self.cues = {status: _CueIndex(cues) for status, cues in lexicon.status_cues.items()}
        self.complaints = {kind: set(words) for kind, words in lexicon.complaints.items()}
        self.demonyms = lexicon.demonyms
        self.countries = {a.actor_id: a.country_code for a in lexicon.actors}
        self._codes = self.countries  # with the new actors of the document being read
        self._entries: dict[int, EventVerb] = {}  # the triggers of the document being read
        self._referring: set[int] = set()  # "it"s being resolved
        self._objects_found: dict[int, list[Token]] = {}  # `_objects` of the document being read
        self.types = {a.actor_id: a.actor_type for a in lexicon.actors}
        self._doc_types = self.types  # with the new actors of the document being read
        self.roles = {a.actor_id: f"{a.name} {a.role or ''}" for a in lexicon.actors}
        self.state_of_code = {a.country_code: a.actor_id for a in lexicon.actors
                              if a.actor_type == "country" and a.country_code}  # fmt: skip
        self.capital_of = {fold(c): a for a, cities in lexicon.capitals.items() for c in cities}
        self._demonym_hashes = hashes([*self.demonyms, *(f"{d}s" for d in self.demonyms)])
        self._capital_hashes = hashes(self.capital_of)
        media = [s for s in lexicon.sources if s.source_type in ("outlet", "news_agency")]
        self.outlets = {fold(f) for s in media for f in (s.name, *s.aliases)}
        self.outlet_actors = {
            a.actor_id for a in lexicon.actors
            if {fold(f) for f in (a.name, *a.aliases)} & self.outlets
        }  # fmt: skip

    def find(
        self,
        doc: Doc,
        mentions: list[Mention],
        timexes: list[Timex],
        citations: list[Citation],
        actor_types: dict[str, str] | None = None,
        new_actors: Iterable[ActorEntry] = (),
    ) -> list[Event]:
        """The events of a parsed document; `new_actors` are the actors its mentions name
        that the lexicon lacks (with their types and countries)."""
        new_actors = list(new_actors)
        types = {**self.types, **(actor_types or {}), **{a.actor_id: a.actor_type
                                                         for a in new_actors}}  # fmt: skip
        self._codes = {**self.countries, **{a.actor_id: a.country_code for a in new_actors}}
        self._doc_types = types
        usable = [m for m in mentions if not self._is_outlet(m)]
        actors = _MentionIndex(doc, usable, self.demonyms, types, self.capital_of)
        self._votes = self._country_votes(doc, usable)
        self._objects_found = {}
        found = []
        for f in self._triggers(doc, actors, types):
            self._infer_state(f, actors)
            if f.sources or not self.require_source:
                found.append(f)
        self._objects_found = {}
        return self._rows(_drop_subsumed(found), timexes, citations)

    def _objects_of(self, trigger: Token) -> list[Token]:
        """`_objects`, worked out once per trigger of the document: a new list each time,
        since callers extend it."""
        objects = self._objects_found.get(trigger.i)
        if objects is None:
            objects = self._objects_found[trigger.i] = _objects(trigger)
        return list(objects)

    def _kept(self, f: _Found, target: str | None) -> bool:
        """An event done to someone is kept only with its target: "X denounced the
        proposal" names no one it accuses, and a row without a target reads as one without
        any."""
        if target is not None or self.keep_targetless or not f.verb.dyadic:
            return True
        if f.verb.event_type in ACTS_ON_THINGS:
            return _acts_on_a_thing(f.trigger) or _counted_people(f.trigger)
        if f.verb.lemma == "threaten":
            return True  # "threatened to impose tariffs on any country that ..."; not a warning
        if f.verb.lemma == "visit" and f.trigger.pos_ == "NOUN" and _agents_of(f.trigger):
            return True  # "after a visit by X": a trip, wherever the text leaves it
        return f.verb.event_type in ONE_SIDED_TYPES

    def _infer_state(self, f: _Found, actors: _MentionIndex) -> None:
        if not f.sources and self.infer_state and f.verb.state and f.targets:
            state = self._state(f.trigger, f.targets, actors, f.critics)
            if state is not None:
                f.sources, f.source_basis = [state], "inferred"

    def _rows(self, found: list[_Found], timexes, citations) -> list[Event]:
        _known_doers(found)
        events, seen = [], {}
        earlier: dict[tuple[str, str], str] = {}  # (type, source) -> the last stated target
        for f in found:
            for source, targets, basis in self._sides(f, earlier):
                for target in targets or [None]:
                    if source == target or not self._kept(f, target):
                        continue
                    if basis == "stated" and target is not None and source is not None:
                        earlier[(f.verb.event_type, source)] = target
                    event = self._event(f, source, target, basis, timexes, citations)
                    key = (f.trigger.sent.start, event.event_type, source, target)
                    if key not in seen:
                        seen[key] = event
                        events.append(event)
        return [e for (sent, kind, source, target), e in seen.items()
                if not self._person_of_state_named(seen, sent, kind, source, target)]  # fmt: skip

    def _person_of_state_named(self, seen: dict, sent: int, kind: str, source, target) -> bool:
        """ "Maduro visited Brazil and met Lula": within a sentence, the same event at a
        person and at that person's state is one event, at the person."""
        if target is None or self.types.get(target) != "country":
            return False
        return any(
            s == sent and k == kind and src == source and t is not None
            and self.types.get(t) == "person"
            and self.state_of_code.get(self._codes.get(t)) == target
            for s, k, src, t in seen
        )  # fmt: skip

    def _sides(self, f: _Found, earlier: dict):
        """(source, targets, target basis) for each acting actor of a found trigger."""
        if f.pairs:
            for source, target in f.pairs:
                yield source, [target], "stated"
            return
        for source in f.sources or [None]:
            targets, basis = f.targets, f.target_basis
            if not targets and source is not None:
                targets, basis = self._inferred_target(f, source, earlier)
            yield source, targets, basis

    def _inferred_target(self, found: _Found, source: str, earlier: dict):
        """The target an earlier sentence gave the same source for the same kind of event,
        when this sentence gives no target phrase at all."""
        if not self.infer_targets or not found.verb.dyadic or found.target_phrase:
            return [], "stated"
        previous = earlier.get((found.verb.event_type, source))
        return ([previous], "inferred") if previous is not None else ([], "stated")

    def _is_outlet(self, mention: Mention) -> bool:
        return mention.actor_id in self.outlet_actors or fold(mention.text) in self.outlets

    def _country_votes(self, doc: Doc, mentions: list[Mention]) -> list[tuple[str, str | None]]:
        """(state, actor) for each lexicon actor the document names and each demonym, in
        order: what the document is about. Actors the analysis made up for it ("Kenyan
        police") took their country from this very context, so they do not vote."""
        votes = [(m.start, self.state_of_code.get(self.countries.get(m.actor_id)), m.actor_id)
                 for m in mentions]  # fmt: skip
        named = {i for m in mentions for i in range(m.start, m.end)}
        # only the words that may be a demonym or a capital: most are neither
        columns = doc.to_array([LOWER, IS_ASCII])
        demonyms = [doc[i] for i in _may_fold_to(columns, self._demonym_hashes)]
        votes += [(t.idx, _demonym(t, self.demonyms), None) for t in demonyms
                  if t.idx not in named]  # fmt: skip
        votes += [
            (t.idx, self.capital_of.get(fold(t.text)), None)
            for t in map(doc.__getitem__, _may_fold_to(columns, self._capital_hashes))
            if t.idx not in named and t.pos_ == "PROPN" and t.head.lower_ in PLACE_PREPS
        ]  # "protesters in Tbilisi", not "expelled to Rome"
        return [(state, actor) for _, state, actor in sorted(votes, key=lambda v: v[0]) if state]

    def _home(self, without: Iterable[str] = ()) -> str | None:
        """The state the document is mostly about (the first of them on a tie), not counting
        what the actors `without` contribute and never one of them."""
        without = set(without)
        votes = [state for state, actor in self._votes if actor not in without]
        votes = [state for state in votes if state not in without]
        # most_common puts equal counts in the order first met
        return Counter(votes).most_common(1)[0][0] if votes else None

    def _voting_home(self, sources: list[str]) -> str | None:
        """The state whose vote a stance on "the election" or "the count" is about: the one
        the document is about, not counting who takes the stance; with no other, the own
        state of an opposition that takes it (an opposition contests its own country's
        vote, a foreign leader anyone's)."""
        home = self._home(without=sources)
        if home is not None:
            return home
        own = [s for a in sources if "opposition" in f"{a} {self.roles.get(a, '')}".lower()
               and (s := self._state_of(a))]  # fmt: skip
        return own[0] if own else None

    def _state_of(self, actor: str) -> str | None:
        return actor if self.types.get(actor) == "country" else self.state_of_code.get(
            self._codes.get(actor))  # fmt: skip

    def _state(
        self, trigger: Token, targets: list[str], actors: _MentionIndex, critics: Iterable[str] = ()
    ) -> str | None:
        """The state an act without its agent happened in: a place the clause names ("in
        Caracas", "from Peru"), else the home state of the one it was done to, else the
        state the document is about. Never the state of whoever condemns the act."""
        barred = set(targets) | {s for c in critics if self._doc_types.get(c) not in PUBLICS
                                 and (s := self._state_of(c))}  # fmt: skip
        if trigger.lemma_.lower() in DEPORTATIONS:  # a state deports foreigners
            barred |= {s for t in targets if (s := self._state_of(t))}
            barred |= set(self._described_as(trigger))
        for state in self._agent_states(trigger):  # "by a Dhaka court", "by Russian police"
            return None if state in barred else state
        for place in _places(trigger):
            for actor in actors.actors(place) or [self.capital_of.get(fold(place.text))]:
                if actor is not None and self.types.get(actor) == "country":
                    return None if actor in barred else actor
        for target in targets:
            if self.types.get(target) == "person":
                state = self.state_of_code.get(self._codes.get(target))
                if state is not None:
                    return None if state in barred else state
        for state in self._described_as(trigger):  # "Georgian activist X was sentenced"
            return None if state in barred else state
        home = self._home(without=critics)
        if home in barred:  # the document is about the state the act was done to
            home = self._home(without=[*critics, *targets, *barred])
        return home if home not in barred else None

    def _agent_states(self, trigger: Token) -> list[str]:
        """The state an agent that names no actor belongs to by its capital or demonym: "was
        sentenced by a Dhaka tribunal", "was detained by Turkish police"."""
        agents = _agents(trigger) if trigger.pos_ == "VERB" else _prep_objects(trigger, {"by"})
        found = []
        for agent in agents:
            for word in (c for c in agent.children if c.dep_ in ("compound", "amod")):
                state = _demonym(word, self.demonyms) or self.capital_of.get(fold(word.text))
                if state is not None and self.types.get(state) == "country":
                    found.append(state)
        return list(dict.fromkeys(found))

    def _described_as(self, trigger: Token) -> list[str]:
        """The states the demonyms before the name of the one an act was done to give it:
        "Georgian activist Mzia Amaglobeli was sentenced"."""
        done_to = [c for c in trigger.children if c.dep_ in ("nsubjpass", "dobj")]
        if trigger.dep_ in ("acl", "amod"):
            done_to.append(trigger.head)
        done_to += [o for n in done_to for o in _prep_objects(n, {"of"})]  # "dozens of Cuban X"
        found = []
        for noun in done_to:
            words = [t for left in noun.lefts for t in left.subtree]
            found += [d for t in words if (d := _demonym(t, self.demonyms))]
        return list(dict.fromkeys(found))

    def _triggers(self, doc: Doc, actors: _MentionIndex, types: dict[str, str]) -> list[_Found]:
        entries = {}
        speech = set()  # speech verbs that report a complaint: only it gives their target
        asked = set()  # speech verbs that report a demand ("said X should ...")
        for i in _trigger_candidates(doc, self._trigger_lemmas):
            token = doc[i]
            verb = self._entry(token, actors)
            if verb is not None and not _merged_into_verb(token, verb, self._lookup(actors)):
                entries[token.i] = verb
            elif verb is None and (advocacy := self._advocacy(token)) is not None:
                entries[token.i] = advocacy
                asked.add(token.i)
            elif verb is None and self._complaint_clause(token, actors) is not None:
                entries[token.i] = EventVerb(token.lemma_.lower(), "VERB", "ACCUSE", "111")
                speech.add(token.i)
        self._entries = entries
        inner: dict[int, list[Token]] = defaultdict(list)  # outer trigger -> event nouns in it
        outers = {i: _outer_trigger(doc[i], entries) for i in entries}
        for i, outer in outers.items():
            if outer is not None:
                inner[outer.i].append(doc[i])
        found = []
        for i, verb in entries.items():
            token = doc[i]
            if verb.event_type == "ASSAULT" and _in_words(token):
                verb = EventVerb(verb.lemma, verb.pos, "ACCUSE", "111")  # "attacked X in a speech"
            if self._offers_event(token, verb, actors) or self._light(token, verb, actors):
                continue  # "offer amnesty", "imposed a ban": the noun's event is the row
            outer = outers[i]
            if outer is not None and _unrealised(token, outer, entries[outer.i]):
                continue  # "called for the release of X": no release happened
            if verb.event_type != "REQUEST" and _obliged(token):
                continue  # "they must be released": a demand, not a release
            if (
                token.dep_ == "amod"
                and token.tag_ == "VBN"
                and _undergoers([token.head]) == [token.head]
            ):
                continue  # "detained protesters" describes; "among the released were X" reports
            sources, targets, basis = self._roles(token, verb, actors, types, inner[i])
            if i in speech or i in asked:
                targets = []  # "told reporters at the White House" names no one faulted
            if i in asked:
                targets, basis = self._asked(token, actors, types, sources)
            if verb.complements and not targets:
                targets = _named_in(token, actors, sources)  # "called Maduro a dictator"
            if verb.event_type == "AGREE" and not targets:
                # "agreed to cooperate with X": what is agreed is done with X
                targets = [
                    t
                    for v in inner[i]
                    if v.pos_ == "VERB"
                    for t in self._inner_roles(v, entries[v.i], actors, types)[1]
                ]
            if not targets and outer is not None and _answered(token, verb, entries[outer.i]):
                # "rejected the opposition's request": the request was made of the rejecter
                targets = self._roles(outer, entries[outer.i], actors, types)[0]
            if not targets and verb.event_type == "PROTEST":
                targets = self._demanded_of(token, actors, types)
            targets = [t for t in targets if t not in sources]
            if not targets and verb.event_type == "ACCUSE":
                targets, basis = self._complained_of(token, sources, actors, types)
            if not targets and self._contests_a_vote(token, verb, sources):
                targets, basis = [self._voting_home(sources)], "inferred"  # "rejected the result"
            f = _Found(token, verb, sources, targets, _aims_at_something(self._objects_of(token)))
            f.target_basis = basis
            if outer is not None and entries[outer.i].event_type in OTHERS_ACT_TYPES:
                f.critics = self._roles(outer, entries[outer.i], actors, types)[0]
            f.pairs = _reciprocal(token, verb, sources, targets, actors)
            if f.pairs and not f.sources:
                f.sources = list(dict.fromkeys(a for a, _ in f.pairs))
            found.append(f)
        return found

    def _demanded_of(
        self, protest: Token, actors: _MentionIndex, types: dict[str, str]
    ) -> list[str]:
        """ "blocked roads to demand the resignation of X": a protest is aimed at whom its
        purpose makes a demand of."""
        for clause in (c for c in protest.children if c.dep_ in ("advcl", "xcomp")):
            entry = self._entries.get(clause.i)
            purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            if entry is not None and entry.event_type == "REQUEST" and purpose:
                return self._roles(clause, entry, actors, types)[1]
        return []

    def _asked(
        self, verb: Token, actors: _MentionIndex, types: dict[str, str], sources: list[str]
    ) -> tuple[list[str], str]:
        """Who a reported demand is made of: the subject of the clause that says what should
        happen ("said the administration should cease talks"), or, for an act of state
        demanded in the passive ("said the hostages must be released"), the state that
        holds them."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            entry = self._entry(clause, actors)
            if entry is not None and any(c.dep_ == "nsubjpass" for c in clause.children):
                doers, done_to = self._inner_roles(clause, entry, actors, types)
                if doers:
                    return doers, "stated"
                if entry.state and self.infer_state and done_to:
                    state = self._state(clause, done_to, actors, critics=sources)
                    return ([state], "inferred") if state else ([], "stated")
            subjects = [_relative_head(c) for c in clause.children if c.dep_ == "nsubj"]
            named = [a for a in actors.of_tokens(_with_conjuncts(subjects)) if a not in sources]
            if named:
                return named, "stated"
        return [], "stated"

    def _contests_a_vote(self, trigger: Token, verb: EventVerb, sources: list[str]) -> bool:
        """A stance on an election or its result that does not say whose: the election is
        the one of the state the document is about, unless one of its own takes the stance."""
        if verb.event_type not in OTHERS_ACT_TYPES or not sources:
            return False
        home = self._voting_home(sources)
        if home is None:
            return False
        if (verb.event_type == "SUPPORT" and any(
                self.state_of_code.get(self._codes.get(s)) == home for s in sources)):  # fmt: skip
            return False  # its own do not contest its vote, nor do they praise it as outsiders
        things = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "oprd", "attr")]
        things += _prep_objects(trigger, {"of", "against", "on", "as"})
        return any(_about_a_vote(t) for t in things)

    def _complaint_clause(self, verb: Token, actors: _MentionIndex) -> Token | None:
        """The clause or object of a speech verb that faults someone: "said the vote was not
        transparent", "claimed irregularities", "said security forces had killed
        protesters"."""
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in COMPLAINT_VERBS:
            return None
        for part in verb.children:
            if part.dep_ == "ccomp" and self._faults(part, actors):
                return part
            if part.dep_ == "dobj" and _complains(part, self.complaints):
                return part
        return None

    def _faults(self, clause: Token, actors: _MentionIndex) -> bool:
        """Whether a reported clause faults someone: a complaint word, or violence the
        speaker reports of others ("said security forces had killed protesters"; not "said
        we struck a boat")."""
        if any(_complains(t, self.complaints) for t in _clause_tokens(clause)):
            return True
        for head in _with_conjuncts([clause]):
            entry = self._entry(head, actors)
            if entry is None or entry.event_type != "ASSAULT":
                continue
            doers = [c for c in head.children if c.dep_ in ("nsubj", "agent")]
            if doers and all(d.lower_ not in FIRST_PERSON for d in doers):
                return True
        return False

    def _complained_of(
        self, verb: Token, sources: list[str], actors: _MentionIndex, types: dict[str, str]
    ) -> tuple[list[str], str]:
        """Whom a complaint is about: the actor the faulted clause is about ("said the
        commission had not acted impartially"), whose thing it faults ("said Venezuela's
        process was not transparent", "the results announced by the council lacked
        credibility"), who did the act it faults ("said the jailing of X was a coup"), the
        agent of its passive, or, for a vote nobody owns, the state the text is about."""
        for part in verb.children:
            clause = part.dep_ == "ccomp" or (
                verb.pos_ == "NOUN"
                and part.dep_ in ("acl", "appos")
                and part.pos_ in ("VERB", "AUX")
            )  # "allegations that X is controlled by Y"
            if not clause and part.dep_ != "dobj":
                continue
            if clause:
                done = self._done_in(part, sources, actors, types)
                if done is not None:  # "said its observers had been barred by X"
                    if done[0]:
                        return done
                    continue
                subjects = [_relative_head(c) for c in part.children if c.dep_ in SUBJECTS]
            else:  # "claimed irregularities in the count"
                subjects = [part, *_prep_objects(verb, {"in", "over", "during", "at", "of"})]
            for subject in _with_conjuncts(subjects):
                named, basis = self._thing_owners(subject, sources, actors, types)
                named = [a for a in named if a not in sources]
                if named:
                    return named, basis
            agents = actors.of_tokens(_agents(part)) if clause else []
            if agents:
                return agents, "stated"
        return [], "stated"

    def _done_in(
        self, clause: Token, sources: list[str], actors: _MentionIndex, types: dict[str, str]
    ) -> tuple[list[str], str] | None:
        """Who a complaint about an act reported in the passive faults: its agent ("said its
        observers had been barred by X"), or for an act only a state does, the state; never
        the one it was done to. None when the clause reports no such act."""
        entry = self._entry(clause, actors) if clause.pos_ == "VERB" else None
        if entry is None or not any(c.dep_ == "nsubjpass" for c in clause.children):
            return None
        doers, done_to = self._inner_roles(clause, entry, actors, types)
        doers = [d for d in doers if d not in sources]
        if doers:
            return doers, "stated"
        if entry.state and self.infer_state and done_to:
            state = self._state(clause, done_to, actors, critics=sources)
            if state is not None:
                return [state], "inferred"
        return [], "stated"

    def _owners(
        self, thing: Token, actors: _MentionIndex, types: dict[str, str], sources: list[str]
    ) -> tuple[list[str], bool]:
        """Whose a thing a stance is taken on is: "the victory of X", "Maduro's re-election",
        "the decision of the committee", "the warrant the government issued"; for an event
        ("the conditions of X's detention"), who did it. True when that was inferred."""
        named = actors.actors(thing)
        if named:
            return named, False
        summed = _summed_up(thing)
        if summed is not None:  # "X doubled its bounty, a move Caracas described as ..."
            doers = [c for c in summed.children if c.dep_ == "nsubj"]
            return [a for a in actors.of_tokens(doers) if a not in sources], False
        owners = _with_conjuncts(_prep_objects(thing, {"of", "by"}))
        owners += [c for c in thing.children if c.dep_ == "compound"]  # "the opposition primary"
        if thing.lemma_.lower() in ELECTION_NOUNS:
            owners += _prep_objects(thing, {"in"})  # "the vote in Bolivia"
        if not actors.of_tokens(owners) and _pointing_back_at_an_act(thing):
            # "X upheld the result. The ruling was condemned": X's ruling
            before = thing.doc[thing.sent.start - 1].sent.root if thing.sent.start else None
            doers = [c for c in before.children if c.dep_ == "nsubj"] if before is not None else []
            return [a for a in actors.of_tokens(doers) if a not in sources], False
        for clause in (c for c in thing.children if c.dep_ in ("relcl", "acl")):
            owners += [c for c in clause.children if c.dep_ == "nsubj"
                       and c.lower_ not in RELATIVE_PRONOUNS] + _agents(clause)  # fmt: skip
        found, inferred = [], False
        for owner in owners:
            inner = self._entry(owner, actors) if owner.pos_ == "NOUN" else None
            if inner is None:
                found += actors.actors(owner)
                continue
            named, basis = self._thing_owners(owner, sources, actors, types)
            found += named
            inferred = inferred or basis == "inferred"
        return list(dict.fromkeys(found)), inferred

    def _thing_owners(
        self, thing: Token, sources: list[str], actors: _MentionIndex, types: dict[str, str]
    ) -> tuple[list[str], str]:
        named = actors.actors(thing)
        if named:
            return named, "stated"
        inner = self._entry(thing, actors) if thing.pos_ == "NOUN" else None
        if inner is not None:
            done_by, done_to = self._noun_roles(thing, inner, [], actors, types, nested=True)
            if done_by:
                return done_by, "stated"
            if inner.state and self.infer_state and done_to:
                state = self._state(thing, done_to, actors, critics=sources)
                return ([state], "inferred") if state is not None else ([], "stated")
        owners = [o for o in _deep_owners(thing, actors) if o not in sources]
        if owners:
            return owners, "stated"
        home = self._voting_home(sources)
        if _about_a_vote(thing) and home is not None:
            return [home], "inferred"
        return [], "stated"

    def _lookup(self, actors: _MentionIndex):
        return lambda t: self._entry(t, actors)

    def _light(self, token: Token, verb: EventVerb, actors: _MentionIndex) -> bool:
        """ "imposed a ban on X", "the bans imposed by X": the noun names the event."""
        if token.lemma_.lower() not in LIGHT_TRIGGERS or token.pos_ != "VERB":
            return False
        nouns = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if token.dep_ in ("acl", "relcl"):
            nouns.append(token.head)
        return any(n.pos_ == "NOUN" and self._entry(n, actors) is not None for n in nouns)

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
        lemma = token.lemma_.lower()
        if pos == "NOUN" and lemma in STOPPAGES and _a_stoppage(token):
            return EventVerb(lemma, "NOUN", "PROTEST", "143")  # "went on strike"
        entries = self.verbs.get((lemma, pos), [])
        if not entries:
            return None
        particles = _particles(token) if any(v.with_ for v in entries) else set()
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
            if verb.complements and token.dep_ == "acl" and not _misread_as_participle(token):
                continue  # "a gang called the Cartel of the Suns" names, it does not accuse
            return verb
        return None

    def _roles(
        self,
        trigger: Token,
        verb: EventVerb,
        actors: _MentionIndex,
        types: dict[str, str],
        inner: list[Token] = (),
    ) -> tuple[list[str], list[str], str]:
        """(sources, targets, target basis) of the event the trigger expresses; `inner` are
        the event nouns among its arguments."""
        objects = self._objects_of(trigger)
        if "at" in verb.with_:
            objects += _with_conjuncts(_prep_objects(trigger, {"at"}))  # "fired at X"
        if verb.event_type == "REQUEST":
            # "demanded safe passage for the aides": what is asked, not whom
            asked_for = set(_prep_objects(trigger, {"for"}))
            objects = [o for o in objects if o not in asked_for or self._entry(o, actors)]
            objects += [
                s
                for c in trigger.children
                if c.dep_ == "ccomp"
                for s in c.children
                if s.dep_ == "nsubj"
            ]  # "demanded that X explain"
        if verb.event_type == "MOBILIZE" or trigger.lemma_.lower() in WITHDRAWALS | SENDING:
            # "deployed the army against protesters": the army is the actor's own; "sent
            # doctors to X": the doctors are what is sent
            objects = [o for o in objects if o.dep_ != "dobj"]
        objects = _destinations_dropped(trigger, objects, actors, verb.event_type)
        objects = _outside_names(objects, actors)
        if verb.event_type in OTHERS_ACT_TYPES:
            objects += [t for t in inner if t not in objects]
            events = [o for o in objects if o.pos_ == "NOUN" and self._entry(o, actors)]
            # "dismissed US accusations against Caracas": Caracas is the accusations' target
            objects = [o for o in objects if not any(e in o.ancestors for e in events)]
        if trigger.pos_ == "NOUN":
            owners = actors.of_tokens([c for c in trigger.children if c.dep_ == "poss"])
            targets, basis = self._object_actors(verb, objects, actors, types, owners)
            sources, targets = self._noun_roles(trigger, verb, targets, actors, types)
            return sources, targets, basis
        sources, extra = _subjects(trigger, actors)
        targets, basis = self._object_actors(verb, objects, actors, types, sources)
        if verb.event_type in OTHERS_ACT_TYPES and not targets:
            # "X's seizure of the campus was condemned by Y": the seizure's doer
            done = [c for c in trigger.children if c.dep_ == "nsubjpass"]
            if done and self._entry(done[0], actors) is not None:
                extra, basis = self._object_actors(verb, done, actors, types, sources)
            elif done and _pointing_back_at_an_act(done[0]):  # "The ruling was condemned"
                extra = self._owners(done[0], actors, types, sources)[0]
            elif trigger.dep_ in ("acl", "relcl") and trigger.head.lemma_.lower() in MOVES:
                # "X expelled Y, a move condemned by Z"
                extra = self._owners(trigger.head, actors, types, sources)[0]
        return sources, list(dict.fromkeys(targets + extra)), basis

    def _object_actors(
        self,
        verb: EventVerb,
        objects: list[Token],
        actors: _MentionIndex,
        types: dict[str, str],
        sources: list[str],
    ) -> tuple[list[str], str]:
        """The actors the objects stand for. An event noun stands for who does it ("called
        for the release of X", "condemned the arrest of X": the one who holds X), or, for a
        threat, for whom it is aimed at ("a reward for the arrest of X": X)."""
        found, basis = [], "stated"
        for obj in objects:
            if obj.lower_ in ("it", "this") and verb.event_type == "ACCUSE":
                found += self._doer_before(obj, actors, types, sources)  # "called it a coup"
                continue
            inner = self._entry(obj, actors) if obj.pos_ in ("NOUN", "VERB") else None
            if obj.pos_ == "VERB" and inner is None:
                continue  # "urged X to step aside": the clause is no target
            if (
                inner is not None
                and inner.event_type in GATHERINGS
                and verb.event_type not in (OTHERS_ACT_TYPES | RECIPROCAL_TYPES)
            ):
                found += self._inner_roles(obj, inner, actors, types)[0]  # "attacked a rally"
                continue
            if inner is None or verb.event_type not in OTHERS_ACT_TYPES:
                owned = verb.event_type not in RECIPROCAL_TYPES
                if owned:
                    named, inferred = self._owners(obj, actors, types, sources)
                    if not named and verb.event_type in ACTS_ON_THINGS:
                        named = self._installation_state(obj, actors, sources)
                        inferred = bool(named)
                    found += named
                    basis = "inferred" if inferred else basis
                else:
                    found += actors.actors(obj)
                continue
            doers, done_to = self._inner_roles(obj, inner, actors, types)
            if verb.event_type == "THREATEN":
                found += done_to
            elif doers:
                found += doers
            elif inner.state and self.infer_state and done_to:
                state = self._state(obj, done_to, actors, critics=sources)
                if state is not None:
                    found.append(state)
                    basis = "inferred"
        return list(dict.fromkeys(found)), basis

    def _installation_state(
        self, thing: Token, actors: _MentionIndex, sources: list[str]
    ) -> list[str]:
        """Whose "a military base" or "the national penitentiary" an armed group attacked:
        the state of the place it is in, else the state the text is about, else, for a
        group that is no state, its own state."""
        if thing.lemma_.lower() not in INSTALLATIONS:
            return []
        for place in _prep_objects(thing, PLACE_PREPS):
            for actor in actors.actors(place) or [self.capital_of.get(fold(place.text))]:
                if actor is not None and self.types.get(actor) == "country":
                    return [actor] if actor not in sources else []
        home = self._home(without=sources)
        if home is None:
            own = [self._state_of(s) for s in sources if self._doc_types.get(s) in PUBLICS | {
                "organization"}]  # fmt: skip
            home = next((s for s in own if s), None)
        return [home] if home is not None and home not in sources else []

    def _doer_before(
        self, pronoun: Token, actors: _MentionIndex, types: dict[str, str], sources: list[str]
    ) -> list[str]:
        """Who did the act "it" refers to: the nearest event before it, in its sentence or the
        one before ("A court jailed X, and the opposition called it a coup")."""
        if pronoun.i in self._referring:
            return []
        self._referring.add(pronoun.i)
        try:
            first = _previous_sentence_start(pronoun)
            for i in sorted((i for i in self._entries if first <= i < pronoun.i), reverse=True):
                if pronoun.doc[i].head.i == pronoun.head.i or i == pronoun.head.i:
                    continue
                doers = self._roles(pronoun.doc[i], self._entries[i], actors, types)[0]
                if doers:
                    return [d for d in doers if d not in sources]
            return []
        finally:
            self._referring.discard(pronoun.i)

    def _inner_roles(
        self, trigger: Token, verb: EventVerb, actors: _MentionIndex, types: dict[str, str]
    ) -> tuple[list[str], list[str]]:
        """Who does and who undergoes an event named inside another ("the release of X",
        "threatened to expel X", "demanded that X be freed"), from its own words only."""
        if trigger.pos_ == "NOUN":
            return self._noun_roles(trigger, verb, [], actors, types, nested=True)
        doers = [c for c in trigger.children if c.dep_ == "nsubj"] + _agents(trigger)
        done_to = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        objects = _outside_names(self._objects_of(trigger), actors)
        if verb.event_type == "MOBILIZE" or trigger.lemma_.lower() in WITHDRAWALS:
            objects = [o for o in objects if o.dep_ != "dobj"]  # their own forces
        return actors.of_tokens(doers), actors.of_tokens(_undergoers(done_to) + objects)

    def _noun_roles(
        self,
        trigger: Token,
        verb: EventVerb,
        targets: list[str],
        actors: _MentionIndex,
        types: dict[str, str],
        nested: bool = False,
    ) -> tuple[list[str], list[str]]:
        """ "Maduro's concession", "US sanctions", "the arrest of X", "X's ban", "the
        warrant the government issued against X", "granted him asylum"."""
        of_role = verb.of or ("target" if verb.event_type in OF_TARGET_TYPES else "source")
        of_objects = _with_conjuncts(_prep_objects(trigger, {"of"}))
        of_actors = actors.of_tokens(of_objects)
        extra_sources: list[str] = []
        if verb.event_type in OTHERS_ACT_TYPES and not nested:
            # "Boric's condemnation of the arrests": of whoever made them; "the warrant drew
            # condemnation from Y": of whoever issued it
            drawn = _drawn_by(trigger)
            if drawn:  # "drew condemnation from Chile"
                extra_sources = actors.of_tokens(_prep_objects(trigger.head, {"from", "by"}))
            events = [o for o in of_objects + drawn if o.pos_ == "NOUN" and self._entry(o, actors)]
            if events:
                critics = actors.of_tokens([c for c in trigger.children if c.dep_ == "poss"])
                critics += extra_sources
                of_actors, _ = self._object_actors(verb, events, actors, types, critics)
            elif drawn:
                of_actors = actors.of_tokens(drawn)
        if nested:
            targets = actors.of_tokens(_with_conjuncts(_prep_objects(trigger, TARGET_PREPS)))
        if of_role == "target":
            # "the arrest of X", "the closure of its border with X", "lifting of sanctions on X"
            carried = [o for obj in of_objects for o in _prep_objects(obj, TARGET_PREPS)]
            targets = list(dict.fromkeys(targets + of_actors + actors.of_tokens(carried)))
        owners = [c for c in trigger.children if c.dep_ == "poss"]
        makers = [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod")]
        possessors = actors.of_tokens(owners)
        if (
            verb.event_type in DONE_TO_PEOPLE
            and verb.dyadic  # "Boluarte's resignation" is hers
            and not targets
            and any(types.get(a) in UNDERGOERS for a in possessors)
        ):
            targets, possessors = possessors, []  # "Machado's ban", "his arrest"
        sources = possessors + actors.of_tokens(makers + _prep_objects(trigger, SOURCE_PREPS))
        sources += extra_sources
        if of_role == "source":
            sources += of_actors
        clause_sources, clause_targets = _clause_roles(trigger, actors)
        sources = list(dict.fromkeys(sources or clause_sources))
        targets = list(dict.fromkeys(targets + clause_targets))
        verb_token = _verb_taking(trigger)
        if verb_token is None or nested:
            return sources, targets
        targets = list(dict.fromkeys(targets + actors.of_tokens(_given_to(verb_token))))
        if sources or not self._agent_governs(verb_token, actors):
            return sources, targets
        sources, extra = _subjects(verb_token, actors)
        return sources, targets or extra

    def _agent_governs(self, verb: Token, actors: _MentionIndex) -> bool:
        """Whether the subject of the verb a noun event hangs on does that event: "announced
        the expulsion" yes; "called for the release", "secured the release" no."""
        if verb.lemma_.lower() in NOT_THE_AGENT:
            return False
        if verb.lemma_.lower() in OWN_ACT_STANCES:
            return True
        entry = self._entry(verb, actors)
        return entry is None or entry.event_type not in OTHERS_ACT_TYPES

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
        status, kind, cameo = self._status(trigger), verb.event_type, verb.cameo
        if status == "negated" and verb.negated:
            # "did not recognise the result" is a rejection of it
            kind, status = verb.negated, self._status(trigger, ignore_negation=True)
            cameo = CAMEO_ROOTS.get(kind)
        return Event(
            start=trigger.idx,
            end=trigger.idx + len(trigger.text),
            trigger=" ".join(t.text for t in sorted(words, key=lambda t: t.i)),
            event_type=kind,
            cameo_code=cameo,
            source_actor_id=source,
            target_actor_id=target,
            status=status,
            event_date=date,
            date_precision=precision,
            attributed_to=cited[0].source_id if cited else None,
            target_basis=None if target is None else basis,
            source_basis=None if source is None else found.source_basis,
        )

    def _status(self, trigger: Token, ignore_negation: bool = False) -> str:
        """The status the words governing the trigger give it; hypothetical cues win, so
        "did not rule out sanctions" is hypothetical, not negated."""
        governing = _governing_words(trigger)

        def cued(status: str) -> bool:
            index = self.cues.get(status)
            return index is not None and index.on_any(governing)

        negated = any(t.dep_ == "neg" for t in governing) or cued("negated")
        refusal = _only_would(governing, self.cues.get("hypothetical"))
        if negated and not ignore_negation and refusal:
            return "negated"  # "said he would never negotiate": a refusal
        if cued("hypothetical") or _conditional(trigger):
            return "hypothetical"
        if negated and not ignore_negation:
            return "negated"
        return "planned" if cued("planned") or _called(trigger) else "asserted"


class _MentionIndex:
    """Maps tokens to the actors their words name."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        demonyms: dict[str, str],
        types: dict[str, str],
        capitals: dict[str, str],
    ):
        self.capitals = capitals
        self.known = None  # see the end
        self.resolving: set[int] = set()  # pronouns being resolved
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
            elif _role_holder(span.root):  # "the opposition leader ... accused him"
                self.people.append((span.root.head, m.actor_id))
        self.demonyms = demonyms
        self.types = types
        self.anaphora: dict[int, list[str]] = {}  # filled next, from the explicit mentions
        self.listed_next: dict[int, list[str]] = {}
        self.listed_next = self._lists_that_follow(doc)
        self.anaphora = self._definite_anaphora(doc)
        # (token, depth) -> its actors, from here on: what they depend on is all set now
        self.known: dict[tuple[int, int], list[str]] | None = {}

    def _definite_anaphora(self, doc: Doc) -> dict[int, list[str]]:
        """ "Senior Biden administration officials ... The officials said": a bare proxy noun
        refers to the actors of the last proxy of the same word that named them. "These
        countries" refers to the last list of states before it."""
        last: dict[str, list[str]] = {}
        resolved = {}
        lists = _list_heads(doc)
        for i in _proxy_nouns(doc):
            token = doc[i]
            key = f"{token.lemma_.lower()}/{token.tag_}"  # officials agree with officials
            own = self.actors(token)
            if own:
                last[key] = own
            elif (
                _pointing_back(token)
                and token.lemma_.lower() in STATE_NOUNS
                and (states := self._states_listed(doc, lists, i))
            ):
                resolved[token.i] = states
            elif key in last and _definite(token):
                resolved[token.i] = last[key]
        return resolved

    def _states_listed(self, doc: Doc, heads: list[int], upto: int) -> list[str]:
        """The states of the last list of more than one state that starts at or before token
        `upto`, from the heads of conjuncts in order; looked up only when asked for, as
        few nouns point back at a list."""
        for i in reversed(heads[: bisect_right(heads, upto)]):
            token = doc[i]
            if token.dep_ != "conj" and token.conjuncts:
                named = self.of_tokens(_with_conjuncts([token]))
                if len(named) > 1 and all(self.types.get(a) == "country" for a in named):
                    return named
        return []

    def _lists_that_follow(self, doc: Doc) -> dict[int, list[str]]:
        """ "Several governments refused. Among them are A, B and C.": the actors such a
        listing sentence names, by the start of the sentence before it."""
        sents = list(doc.sents)
        found = {}
        for before, sent in zip(sents, sents[1:], strict=False):
            members = _listed_members(sent)
            named = self.of_tokens(members)
            if len(named) > 1:
                found[before.start] = named
        return found

    def actors(self, token: Token, depth: int = 0) -> list[str]:
        """The actors a token names (a new list). Remembered only outside the resolving of
        a pronoun, where the answer depends on which ones are being resolved."""
        if self.known is None or self.resolving:
            return self._actors(token, depth)
        found = self.known.get((token.i, depth))
        if found is None:
            found = self.known[(token.i, depth)] = self._actors(token, depth)
        return list(found)

    def _actors(self, token: Token, depth: int) -> list[str]:
        embassy = self._embassy(token)
        if embassy is not None:
            return [embassy]
        if token.i in self.by_token:
            return [self.by_token[token.i]]
        demonym = _demonym(token, self.demonyms)
        if demonym is not None:
            return [demonym]
        capital = self._capital(token)
        if capital is not None:
            return [capital]  # "condemned Caracas", "relations with Mexico City"
        listed = self._listed_after(token)
        if listed:
            return listed  # "several officials. Among them were A and B"
        if token.lower_ in PERSON_PRONOUNS:
            return self._antecedent(token)
        if token.lower_ in PLURAL_PRONOUNS:
            if token.i in self.resolving:
                return []  # "their officials ... their leaders": no circles
            self.resolving.add(token.i)
            try:
                return self._plural_antecedent(token)
            finally:
                self.resolving.discard(token.i)
        if token.pos_ == "PROPN" and depth < 2:
            # "Belarus's national airline Belavia": an unknown name its owner stands for
            return self.of_tokens([c for c in token.children if c.dep_ == "poss"])
        if depth >= 2 or token.pos_ not in ("NOUN", "PRON", "NUM", "DET", "ADJ"):
            return []
        named = self.of_tokens([c for c in token.children if c.dep_ == "appos"
                                and _true_apposition(c)])  # fmt: skip
        if not named and token.lemma_.lower() in ROLES:
            # "The mayor of Bogotá, Carlos Galán, said": the parser hangs the name lower
            named = [a for o in _prep_objects(token, {"of"}) for c in o.children
                     if c.dep_ == "appos" and _true_apposition(c)
                     for a in self.actors(c) if self.types.get(a) == "person"]  # fmt: skip
        if named:
            return named  # "his Venezuelan counterpart, Nicolás Maduro"
        # "officials from Brazil and Mexico", "Mexico's president", "his claim",
        # "thousands of dissidents", "organizations like the OAS"
        found, members = [], []
        proxy = token.lemma_.lower() in PROXIES
        held = [self.by_token[c.i] for c in token.children
                if c.dep_ == "compound" and c.i in self.by_token]  # fmt: skip
        if held and not proxy and token.pos_ == "NOUN":
            return held  # "Venezuela's opposition primary", "the opposition headquarters"
        listing = LISTING_PREPS if proxy else MEMBER_PREPS | {"from"}
        if any(c.dep_ == "poss" for c in token.children):
            listing = listing - {"from"}  # "Mexico's ambassador from Quito": where from
        for child in token.children:
            if child.dep_ == "poss" and token.lemma_.lower() in FOLLOWERS:
                continue  # "Machado's supporters" are not Machado
            if child.dep_ == "poss" or (proxy and child.dep_ in ("compound", "amod", "nmod")):
                found += self.actors(child, depth + 1)
            elif child.dep_ == "prep" and child.lower_ == "to" and token.lemma_.lower() in AIDES:
                found += self.of_tokens([c for c in child.children if c.dep_ == "pobj"])
            elif child.dep_ == "prep" and child.lower_ in listing:
                listed = _with_conjuncts([c for c in child.children if c.dep_ == "pobj"])
                named = [a for obj in listed for a in self.actors(obj, depth + 1)]
                (members if child.lower_ in MEMBER_PREPS else found).extend(named)
        if not found and token.dep_ not in SUBJECTS and token.pos_ == "NOUN":
            # what is done to "Guyanese miners" or "a Guyanese patrol boat" is done to Guyana;
            # what "Peruvian truckers" do is not Peru's doing
            found = [a for c in token.children if c.dep_ == "amod"
                     for a in [_demonym(c, self.demonyms)] if a]  # fmt: skip
        # "officials, including judges": the members of a group already named are not more
        return found or members or self.anaphora.get(token.i, [])

    def _embassy(self, token: Token) -> str | None:
        """The state whose embassy a noun names: storming "the Mexican embassy" is done to
        Mexico, and what "Argentina's embassy" does, Argentina does."""
        if token.lemma_.lower() not in EMBASSIES or token.pos_ != "NOUN":
            return None
        for word in (c for c in token.children if c.dep_ in ("amod", "poss", "compound")):
            state = _demonym(word, self.demonyms)
            if state is None and word.i in self.by_token and word.i != token.i:
                state = self.by_token[word.i]
            if state is not None and self.types.get(state) == "country":
                return state
        return None

    def _listed_after(self, token: Token) -> list[str]:
        """A group of people or states the next sentence lists: "Several governments ...
        Among them are A and B", "the visas of several officials. Among them were A, B"."""
        if token.tag_ != "NNS" or token.lemma_.lower() not in LISTED_GROUPS:
            return []
        return self.listed_next.get(token.sent.start, [])

    def _capital(self, token: Token) -> str | None:
        """The state a capital's name stands for: "Caracas", "Mexico City"."""
        if token.pos_ != "PROPN" or token.dep_ == "compound":
            return None
        words = [c for c in token.children if c.dep_ == "compound"] + [token]
        return self.capitals.get(fold(" ".join(t.text for t in words)))

    def _plural_antecedent(self, pronoun: Token) -> list[str]:
        """ "they": the actors of the nearest earlier subject in this or the previous
        sentence that names any."""
        first = _previous_sentence_start(pronoun)
        clause = pronoun.head
        own_subjects = {c.i for c in clause.children if c.dep_ in SUBJECTS}
        for token in reversed(pronoun.doc[first : pronoun.i]):
            if token.lower_ in PLURAL_PRONOUNS or token.i in own_subjects:
                continue
            plural = token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)
            if token.dep_ in SUBJECTS | {"dobj"} and (plural or self.actors(token)):
                # the nearest plural subject or object: "arrested three Americans, accusing
                # them"; one that names no one stops the search
                return self.actors(token)
        return []

    def _antecedent(self, pronoun: Token) -> list[str]:
        """The person a pronoun most likely refers to: the latest person that was a subject
        in this or the previous sentence, else the latest person named before it."""
        earlier = [(t, a) for t, a in self.people if t.i < pronoun.i]
        if not earlier:
            return []
        first = _previous_sentence_start(pronoun)
        if pronoun.dep_ in ("dobj", "pobj", "dative", "iobj"):
            # "telephoned Maduro to congratulate him": not the one who congratulates
            doer = set(self.of_tokens(_clause_doers(pronoun.head)))
            earlier = [(t, a) for t, a in earlier if a not in doer] or earlier
        recent = [(t, a) for t, a in earlier if t.i >= first]
        topics = [a for t, a in recent if _in_main_subject(t)]  # "The detention of X ..."
        subjects = [a for t, a in recent if t.dep_ in SUBJECTS]
        return topics[-1:] or subjects[-1:] or [earlier[-1][1]]

    def of_tokens(self, tokens: list[Token]) -> list[str]:
        return list(dict.fromkeys(a for t in tokens for a in self.actors(t)))


def _role_holder(name: Token) -> bool:
    """ "the opposition leader", "a party spokesman": one person named by the group whose
    role they hold, whom a later "he" or "him" may refer to."""
    head = name.head
    return (
        name.dep_ == "compound"
        and head.tag_ == "NN"
        and head.lemma_.lower() in ROLES | {"figure", "candidate", "activist", "lawmaker"}
    )


def _passive_conjunct(verb: Token) -> bool:
    """ "X was stripped of his citizenship and expelled": the second verb is passive too."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    if verb.dep_ != "conj" or any(c.dep_ in ("dobj", "nsubj") for c in verb.children):
        return False
    return any(c.dep_ == "auxpass" for c in verb.head.children)


def _clause_doers(verb: Token) -> list[Token]:
    """The subject of a verb, or of the clause above it that a subjectless one shares."""
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ == "nsubj"]
        if subjects or node.dep_ not in ("xcomp", "advcl", "conj") or node.head.i == node.i:
            return subjects
        node = node.head
    return []


def _in_main_subject(token: Token) -> bool:
    """Whether a word is part of its sentence's main subject, the sentence's topic."""
    root = token.sent.root
    return any(token in s.subtree for s in root.children if s.dep_ in ("nsubj", "nsubjpass"))


def _names_it(noun: Token, appos: Token) -> bool:
    """Whether an apposition names the people a noun counts ("three officials: A, B and C",
    "two Americans, A and B") or the one it describes ("its negotiator, A"), right after it."""
    doc = noun.doc
    own = [t.i for c in noun.children if c.dep_ != "appos" and c.i < appos.i for t in c.subtree]
    end = max([noun.i, *own])
    between = [t for t in doc[end + 1 : appos.left_edge.i] if not _timing(t)]
    return all(t.is_punct for t in between) and len(between) <= 1


def _timing(token: Token) -> bool:
    """A word of a date phrase: "on Friday"."""
    return token.ent_type_ in ("DATE", "TIME") or (token.dep_ == "prep" and _a_time(token))


def _true_apposition(appos: Token) -> bool:
    """ "his counterpart, Nicolás Maduro, said": an apposition; "the detention of an
    activist, Venezuela's minister ordered": the subject of the next clause, misread."""
    end = max(t.i for t in appos.subtree) + 1
    doc = appos.doc
    if end < len(doc) and doc[end].pos_ == "VERB" and doc[end].tag_ in ("VBD", "VBZ", "VBP"):
        return any(c.dep_ in SUBJECTS for c in doc[end].children)
    return True


def _listed_members(sent: Span) -> list[Token]:
    """The actors a sentence lists as members of a group named before it: "Among them are
    A, B and C", "They include A and B", "These include A and B"."""
    root = sent.root
    if root.lemma_.lower() not in LISTING_VERBS:
        return []
    children = list(root.children)
    if root.lemma_.lower() == "be":
        among = [c for c in children if c.dep_ == "prep" and c.lower_ == "among"]
        if not among:
            return []
        members = [c for c in children if c.dep_ in ("nsubj", "attr")]
    else:
        subject = [c for c in children if c.dep_ == "nsubj"]
        if not subject or subject[0].lower_ not in {"they", "these", "those"}:
            return []
        members = [c for c in children if c.dep_ == "dobj"]
    return _with_conjuncts(members)


def _pointing_back(token: Token) -> bool:
    return token.tag_ == "NNS" and any(
        c.dep_ == "det" and c.lower_ in DEMONSTRATIVE for c in token.children
    )


def _list_heads(doc: Doc) -> list[int]:
    """The heads of conjuncts, where a list starts, in order; read from columns."""
    columns = doc.to_array([DEP, HEAD])
    conj = np.flatnonzero(columns[:, 0] == doc.vocab.strings["conj"])
    return sorted(set((conj + columns[conj, 1].astype(np.int64)).tolist()))


def _proxy_nouns(doc: Doc) -> list[int]:
    """The nouns whose lemma is a proxy noun, in order; read from columns."""
    strings = doc.vocab.strings
    return [i for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist())
            if pos == NOUN and _PROXY_LEMMAS(strings, lemma)]  # fmt: skip


def _may_fold_to(columns: np.ndarray, wanted: np.ndarray) -> list[int]:
    """The tokens whose folded text may be one of the words whose hashes `wanted` holds (see
    `doctext.hashes`), from their (LOWER, IS_ASCII) columns, making no Token: ASCII text folds
    to its lower case; other text may fold to anything."""
    return np.flatnonzero(np.isin(columns[:, 0], wanted) | (columns[:, 1] == 0)).tolist()


def _trigger_candidates(doc: Doc, lemmas: StringTest) -> list[int]:
    """The tokens that `_entry`, `_advocacy` or `_complaint_clause` may take: the nouns and
    verbs whose lemma is one of `lemmas`, and words whose lemma is an advocacy verb, in order;
    read from columns, since most tokens are none of these and making a Token of each is what
    costs."""
    strings = doc.vocab.strings
    return [
        i
        for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist())
        if (pos in (NOUN, VERB) and lemmas(strings, lemma)) or _ADVOCACY_LEMMAS(strings, lemma)
    ]


def _lemma_in(words: Collection[str]) -> StringTest:
    return StringTest(lambda lemma: lemma.lower() in words)


_PROXY_LEMMAS = _lemma_in(PROXIES)
_ADVOCACY_LEMMAS = _lemma_in(ADVOCACY_VERBS)


def _definite(token: Token) -> bool:
    """ "the officials", "the first official", not "three governments" or "officials"."""
    children = list(token.children)
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in children) and not any(
        c.dep_ == "nummod" for c in children
    )


def _previous_sentence_start(token: Token) -> int:
    start = token.sent.start
    return token.doc[start - 1].sent.start if start > 0 else 0


def _subjects(verb: Token, actors: _MentionIndex) -> tuple[list[str], list[str]]:
    """Who does what the verb says, climbing to the clause that names them; passive and
    participle clauses give their subject (or the noun they modify) as a target instead."""
    node = verb
    for _ in range(5):
        subjects = [_relative_head(c) for c in node.children if c.dep_ in SUBJECTS]
        passive = any(c.dep_ == "nsubjpass" for c in node.children)
        if not subjects and node.dep_ == "conj" and _passive_conjunct(node):
            # "X reappeared, was apprehended and later released": X was apprehended
            shared = [c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return actors.of_tokens(_agents(node)), actors.of_tokens(_undergoers(shared))
        if node.i != verb.i and passive:
            # "X was criticised for not reimposing sanctions": X would reimpose
            return actors.of_tokens(_with_conjuncts(subjects)), []
        if passive:
            agents = _agents(node)
            if agents or not _concessive(node):
                done_to = actors.of_tokens(_undergoers(subjects)) or actors.of_tokens(
                    [o for s in subjects for o in _prep_objects(s, {"of"})]
                )  # "the headquarters of X were raided"
                return actors.of_tokens(agents), done_to
            # "While sanctions are not ruled out, the US plans ...": the US would rule
            sources, _ = _subjects(node.head, actors)
            return sources, actors.of_tokens(_undergoers(subjects))
        if subjects:
            return actors.of_tokens(_with_conjuncts(subjects)), []
        head = node.head
        if _misread_as_participle(node):
            return actors.of_tokens([head]), []  # "Maduro called X a fascist", read as acl
        if (
            node.tag_ == "VBN"
            and node.dep_ in ("acl", "amod")
            and head.pos_ in ("NOUN", "PROPN", "PRON")
        ):
            # "sanctions imposed by the EU", "the released prisoners", "X, detained in 2020"
            return actors.of_tokens(_agents(node)), actors.of_tokens(_undergoers([head]))
        controller = _direct_object(head) if node.dep_ == "xcomp" else None
        if controller is not None and _controls_by_object(head):
            return actors.of_tokens(_with_conjuncts([controller])), []  # urged X to act
        if node.dep_ == "acl" and head.pos_ == "NOUN":
            # "Spain's decision to recognise X", "a decision by the parliament to ...": the
            # noun's owner; "after a plot to kill X" names nobody
            owners = [c for c in head.children if c.dep_ in ("poss", "compound", "amod")]
            owned = actors.of_tokens(owners + _agents(head))
            if owned or head.dep_ not in ("dobj", "attr", "nsubj", "nsubjpass", "appos"):
                return owned, []
        if node.tag_ == "VBN" and node.dep_ in ("advcl", "acl"):
            # "Asked why ..., Maduro said": the main subject was asked, it did not ask
            main = [c for c in head.children if c.dep_ in SUBJECTS]
            return [], actors.of_tokens(main)
        if node.dep_ not in SHARED_SUBJECT or head.i == node.i:
            break
        node = head.head if _out_of_the_report(node) else head
    return [], []


def _out_of_the_report(verb: Token) -> bool:
    """ "X said police had killed protesters and accused the government": a simple past
    joined to a reported past perfect goes on the sentence's own story, the speaker's."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBD"
        and head.dep_ == "ccomp"
        and head.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
        and head.head.tag_ == "VBD"
    )


def _concessive(clause: Token) -> bool:
    """ "While sanctions are not ruled out, the US plans ...": an adverbial clause whose
    passive the main subject would do. Not a reported clause ("said X had been arrested")
    nor one of time or cause ("marched after X was arrested"): who did those is not said."""
    if clause.dep_ != "advcl" or clause.head.i == clause.i:
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    return not marks or bool(marks & CONCESSIVE_MARKS)


def _misread_as_participle(verb: Token) -> bool:
    """ "Maduro called Milei a fascist": the small model sometimes reads a finite verb
    right after a name as a participle modifying it; a participle takes no second object."""
    return (
        verb.dep_ == "acl"
        and verb.head.i == verb.i - 1
        and verb.head.pos_ == "PROPN"
        and any(c.dep_ == "oprd" for c in verb.children)
        and any(c.dep_ in ("dobj", "oprd") for c in verb.children if c.pos_ == "PROPN")
    )


def _controls_by_object(verb: Token) -> bool:
    """ "urged X to act": X acts; "telephoned X to congratulate him": the caller does."""
    return verb.lemma_.lower() in OBJECT_CONTROL


def _relative_head(token: Token) -> Token:
    """ "officials who met", "the court, which certified": the noun the pronoun stands for."""
    clause = token.head
    if token.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl":
        return clause.head
    return token


def _agents(verb: Token) -> list[Token]:
    """The agents of a passive: "by the EU", "including by Brazil and Colombia"."""
    agents = _prep_objects(verb, {"by"})
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "including"):
        agents += _prep_objects(prep, {"by"})
    if not agents and any(c.dep_ == "auxpass" for c in verb.children):
        # "was accused of undermining democracy by X": the parser hangs the agent lower
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            for gerund in (c for c in prep.children if c.dep_ == "pcomp"
                           and (c.tag_ == "VBG" or c.pos_ == "NOUN")):  # fmt: skip
                agents += [a for a in _prep_objects(gerund, {"by"}) if a.pos_ == "PROPN"]
    return _with_conjuncts(agents)


def _undergoers(nouns: list[Token]) -> list[Token]:
    """Who a passive act was done to: the subject with its conjuncts and appositions, or the
    people an "among those released were X and Y" names."""
    out = []
    for noun in _with_conjuncts(nouns):
        # "Two Americans, Mark Dolan and Peter Hale, were freed": the names, not "Americans"
        holders = [noun, *_prep_objects(noun, {"of"})]
        named = [c for h in holders for c in h.children
                 if c.dep_ == "appos" and c.pos_ == "PROPN" and _true_apposition(c)
                 and _names_it(h, c)]  # fmt: skip
        out += _with_conjuncts(named) if named else [noun]
        if noun.dep_ == "pobj" and noun.head.lower_ == "among":
            clause = noun.head.head
            named = [c for c in clause.children if c.dep_ in ("nsubj", "attr") and c.i != noun.i]
            out += _undergoers(named)
    return out


def _clause_roles(noun: Token, actors: _MentionIndex) -> tuple[list[str], list[str]]:
    """The doer and the targets a clause on an event noun gives: "the warrant the government
    issued against X", "sanctions (that were) imposed by the EU on X"."""
    sources, targets = [], []
    for clause in (c for c in noun.children if c.dep_ in ("relcl", "acl")):
        subjects = [c for c in clause.children if c.dep_ in ("nsubj",)
                    and c.lower_ not in RELATIVE_PRONOUNS]  # fmt: skip
        sources += actors.of_tokens(_with_conjuncts(subjects) + _agents(clause))
        targets += actors.of_tokens(_with_conjuncts(_prep_objects(clause, {"against", "on"})))
    return sources, targets


def _reciprocal(
    trigger: Token, verb: EventVerb, sources: list[str], targets: list[str], actors: _MentionIndex
) -> list[tuple[str, str]]:
    """ "X and Y met", "talks between X and Y": each side with the other."""
    if verb.event_type not in RECIPROCAL_TYPES:
        return []
    between = actors.of_tokens(_with_conjuncts(_prep_objects(trigger, {"between"})))
    if sources and between and not targets:
        # "Colombia's mediation between the government and the opposition": a third party
        return [(s, b) for s in sources for b in between if s != b]
    sides = list(dict.fromkeys(sources + ([] if targets else between)))
    if targets or len(sides) < 2:
        return []
    return [(a, b) for a in sides for b in sides if a != b]


def _objects(trigger: Token) -> list[Token]:
    """The trigger's objects, the actors an object noun carries ("lifted sanctions on X",
    "agreements reached with X"), and the objects of target prepositions."""
    objects = [c for c in trigger.children if c.dep_ in OBJECTS] + _raised(trigger)
    objects = [_relative_head(o) for o in objects]
    # "detained three journalists: A, B and C": the names
    objects = [n for o in objects for n in (_undergoers([o]) if o.dep_ == "dobj" else [o])]
    undergoers = [c for c in trigger.children if c.dep_ == "nsubjpass"]
    if trigger.dep_ == "relcl" and _zero_relative(trigger):
        objects.append(trigger.head)  # "X, whom the US recognised", "the ban X imposed"
    carried = []
    for clause in (c for c in trigger.children if c.dep_ == "acl"):
        carried += _prep_objects(clause, CARRIED_PREPS)  # "relief provided to Venezuela"
    if trigger.lemma_.lower() in TOPICAL:
        # "discussed the border dispute with X": the dispute is a topic; "discussed oil
        # investment with X", however the parser hangs "with X", X is the partner
        topics = [o for o in objects if o.dep_ == "dobj"]
        objects = [o for o in objects if o.dep_ != "dobj"]
        objects += [
            w
            for t in topics
            if t.lemma_.lower() not in RELATIONS
            for w in _prep_objects(t, {"with"})
        ]  # not "the dispute with X"
    for obj in objects + undergoers:  # "lifted sanctions on X", "sanctions on X were lifted"
        if trigger.lemma_.lower() in TOPICAL:
            break
        if obj.lemma_.lower() not in PROXIES and any(
            c.dep_ == "poss" and c.pos_ == "PROPN" for c in obj.children
        ):
            continue  # "rejected Venezuela's claim to the region": the claim is Venezuela's
        carried += _prep_objects(obj, CARRIED_PREPS)
        for clause in (c for c in obj.children if c.dep_ in ("acl", "relcl")):
            if not _says_what_it_did(clause):
                carried += _prep_objects(clause, CARRIED_PREPS)
    venues = [v for v in _prep_objects(trigger, {"in", "at"}) if v.lemma_.lower() in VENUES]
    return _with_conjuncts(objects + carried + venues + _prep_objects(trigger, TARGET_PREPS))


def _unrealised(noun: Token, outer: Token, outer_verb: EventVerb) -> bool:
    """Whether an event noun names what the outer event asks for, threatens or promises
    ("called for the release of X", "a reward for the arrest of X"); what an offer offers
    outright is the offer's row ("offered amnesty to X")."""
    if outer_verb.event_type == "AGREE":
        return noun.pos_ == "VERB" or noun.head.i != outer.i or noun.dep_ != "dobj"
    if outer_verb.event_type == "ACCUSE" and (
        outer.pos_ == "VERB" or outer.lemma_.lower() in ALLEGATIONS
    ):
        # "accused X of financing the protests", "blamed X for the attack": alleged
        between = [a for a in noun.ancestors if outer in a.ancestors or a.i == outer.i]
        # the parser may hang "of" on the accused: "accused [the opposition of sabotage]"
        return any(a.dep_ == "prep" and a.lower_ in ("of", "for") and (
            a.head.i == outer.i or (a.head.dep_ == "dobj" and a.head.head.i == outer.i))
                   for a in between)  # fmt: skip
    return outer_verb.event_type in UNREALISED_TYPES


def _only_would(governing: list[Token], hypothetical) -> bool:
    """Whether the only hypothetical cue is reported "would" (or "will")."""
    woulds = [t for t in governing if t.lower_ in ("would", "will", "'d")]
    others = [t for t in governing if t.lower_ not in ("would", "will", "'d")]
    return bool(woulds) and not (hypothetical and hypothetical.on_any(others))


def _drawn_by(stance: Token) -> list[Token]:
    """ "The warrant drew condemnation from Y": what a reaction noun reacts to."""
    verb = stance.head
    if stance.dep_ != "dobj" or verb.lemma_.lower() not in REACTIONS_DRAWN:
        return []
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _obliged(trigger: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in trigger.children)


def _pointing_back_at_an_act(thing: Token) -> bool:
    """ "the ruling", "this decision": an act the previous sentence reported."""
    return thing.lemma_.lower() in ACTS_REFERRED_TO and any(
        c.dep_ == "det" and c.lower_ in DEFINITE for c in thing.children
    )


def _summed_up(thing: Token) -> Token | None:
    """The clause a noun like "move" sums up: "X expelled Y, a move Z condemned"."""
    if thing.lemma_.lower() not in MOVES:
        return None
    after_comma = thing.left_edge.i > 0 and thing.doc[thing.left_edge.i - 1].text == ","
    if thing.dep_ not in ("npadvmod", "appos", "attr") and not after_comma:
        return None
    head = thing.head
    while head.pos_ == "NOUN" and head.dep_ in OBJECTS | {"appos"}:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else None


def _known_doers(found: list[_Found]) -> None:
    """ "X was arrested by the police ... X's detention": an act whose source was inferred
    takes the source the document states for the same kind of act on the same target."""
    stated = {}
    for f in found:
        if f.source_basis == "stated" and len(f.sources) == 1:
            for target in f.targets:
                stated.setdefault((f.verb.event_type, target), f.sources[0])
    for f in found:
        if f.source_basis == "inferred" and len(f.targets) == 1:
            known = stated.get((f.verb.event_type, f.targets[0]))
            if known is not None and known not in f.targets:
                f.sources = [known]


def _acts_on_a_thing(trigger: Token) -> bool:
    """ "seized 300 kilos of cocaine", "shut down radio stations": the direct object is a
    thing, not people (whose actor the text would name)."""
    if trigger.pos_ != "VERB":
        return False
    things = [c for c in trigger.children if c.dep_ == "dobj"]
    people = PROXIES | PEOPLE_NOUNS | {"people", "person", "family", "relative"}
    return bool(things) and all(
        t.pos_ == "NOUN"
        and t.lemma_.lower() not in people
        and t.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
        for t in things
    )


def _counted_people(trigger: Token) -> bool:
    """ "shot two students dead", "two students were killed by police": people the text
    counts but does not name are an act's real target, though no actor stands for them."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in BODILY_HARM:
        return False
    done_to = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(
        t.lemma_.lower() in PEOPLE_NOUNS and any(c.dep_ == "nummod" for c in t.children)
        for t in done_to
    )


def _named_in(trigger: Token, actors: _MentionIndex, sources: list[str]) -> list[str]:
    """The first actor named between a name-calling verb and what it calls it, however the
    parser hung it ("called [Maduro a dictator]")."""
    for token in trigger.doc[trigger.i + 1 : trigger.i + 8]:
        if token.is_punct or token.pos_ in ("VERB", "AUX", "SCONJ"):
            break
        named = [a for a in actors.actors(token) if a not in sources]
        if named and token.i in actors.by_token:
            return named
    return []


def _a_stoppage(noun: Token) -> bool:
    """ "went on strike", "a general strike", "called a national strike": a work stoppage,
    not a military strike."""
    if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in STOPPAGE_KINDS
           for c in noun.children):  # fmt: skip
        return True
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "on"
        and head.head.lemma_.lower() in ("go", "be", "remain", "stay")
    ):
        return True
    return noun.dep_ == "dobj" and head.lemma_.lower() in STOPPAGE_VERBS


def _in_words(trigger: Token) -> bool:
    """ "attacked the opposition in a televised speech": an attack made of words."""
    places = _prep_objects(trigger, {"in", "during", "on", "at", "via", "through"})
    return any(p.lemma_.lower() in SPEECH_NOUNS for p in places) or any(
        c.dep_ == "advmod" and c.lower_ == "verbally" for c in trigger.children
    )


def _clause_tokens(clause: Token) -> list[Token]:
    """The words of a clause, without the clauses nested in it."""
    out, stack = [], [clause]
    while stack:
        token = stack.pop()
        out.append(token)
        stack += [c for c in token.children if c.dep_ not in ("ccomp", "advcl", "relcl")]
    return out


def _complains(token: Token, complaints: dict[str, set[str]]) -> bool:
    """A word that faults: "fraud", "rigged"; a negated "transparent", "free", "meet"; a
    lacking "credibility"."""
    lemma, word = token.lemma_.lower(), token.lower_
    if token.dep_ == "compound":
        return False
    if lemma in complaints.get("words", ()) or word in complaints.get("words", ()):
        return True
    if lemma in complaints.get("when_negated", ()) or word in complaints.get("when_negated", ()):
        near = [*token.children, *token.head.children]
        return any(t.lower_ in NEGATIONS for t in near)
    if lemma in complaints.get("lacking", ()):
        holders = [token.head, token.head.head]
        return any(h.lemma_.lower() in LACKING for h in holders)
    return False


def _deep_owners(thing: Token, actors: _MentionIndex, depth: int = 3) -> list[str]:
    """Whose a faulted thing is, looking down its phrase: "the lack of transparency in
    Venezuela's count", "the results announced by the council", "the commission's
    tallying"."""
    named = actors.actors(thing)
    if named or depth == 0:
        return named
    for clause in (c for c in thing.children if c.dep_ in ("acl", "relcl")):
        agents = actors.of_tokens(_agents(clause))
        if agents:
            return agents
    for obj in _prep_objects(thing, {"of", "in", "by", "over", "from", "within"}):
        found = _deep_owners(obj, actors, depth - 1)
        if found:
            return found
    return []


def _about_a_vote(thing: Token, depth: int = 3) -> bool:
    """ "the results", "the counting of votes", "the vote count"."""
    if thing.lemma_.lower() in ELECTION_NOUNS or thing.lower_ in ELECTION_NOUNS:
        return True
    if any(c.dep_ == "compound" and c.lemma_.lower() in ELECTION_NOUNS for c in thing.children):
        return True
    if depth == 0:
        return False
    return any(_about_a_vote(o, depth - 1) for o in _prep_objects(thing, {"of", "in"}))


def _aims_at_something(objects: list[Token]) -> bool:
    """Whether a trigger's objects give it a target, even one that names no actor ("on
    Tuesday" is no target)."""
    return any(t.ent_type_ not in ("DATE", "TIME") for t in objects)


def _outer_trigger(token: Token, entries: dict[int, EventVerb]) -> Token | None:
    """The trigger an event noun is an argument of: "the release" in "called for the release
    of X", "the arrest" in "a reward for information leading to the arrest of X"."""
    if token.pos_ == "VERB" and token.dep_ in ("xcomp", "ccomp", "acl") and token.head.i in entries:
        head = entries[token.head.i]  # "urged X to release Y", "threatened to expel X"
        return token.head if head.event_type in UNREALISED_TYPES else None
    if token.pos_ == "VERB" and token.dep_ == "pcomp" and token.head.dep_ == "prep":
        # "accused X of attacking Y": the act alleged
        holder = token.head.head
        holder = holder.head if holder.dep_ == "dobj" else holder
        alleging = holder.lemma_.lower() in ALLEGING_VERBS
        return holder if alleging and holder.i in entries and holder.i != token.i else None
    if token.pos_ != "NOUN":
        return None
    node = token
    for _ in range(6):
        if node.dep_ not in ARGUMENT_LINKS or node.head.i == node.i:
            return None
        node = node.head
        if node.i in entries:
            return node
    return None


def _outside_names(tokens: list[Token], actors: _MentionIndex) -> list[Token]:
    """Drops what a preposition inside a name governs ("Patriots for Europe")."""
    return [
        t for t in tokens
        if not (t.dep_ == "pobj" and t.i in actors.by_token
                and actors.by_token.get(t.head.i) == actors.by_token[t.i])
    ]  # fmt: skip


def _says_what_it_did(clause: Token) -> bool:
    """ "X, who fled to India, was charged": a relative clause whose subject is the noun it
    modifies tells what that one did; its phrases are no target of the outer act (unlike
    "sanctions that were imposed on X")."""
    if clause.dep_ != "relcl":
        return False
    pronouns = [c.lower_ for c in clause.children if c.dep_ == "nsubj"]
    return "who" in pronouns or (clause.head.pos_ == "PROPN" and bool(
        set(pronouns) & RELATIVE_PRONOUNS))  # fmt: skip


def _zero_relative(clause: Token) -> bool:
    """A relative clause whose object is the noun it modifies: "the warrant (that) the
    court issued", "X, whom the US recognised" (whom is the object, handled above)."""
    children = list(clause.children)
    subject = [c for c in children if c.dep_ == "nsubj"]
    return (
        bool(subject)
        and subject[0].lower_ not in RELATIVE_PRONOUNS
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in children)
    )


def _destinations_dropped(
    trigger: Token, objects: list[Token], actors, kind: str = ""
) -> list[Token]:
    """ "deported X to El Salvador": with an actor as its direct object, a "to" (or "from")
    phrase is where the act sends it, not a second target; so is where troops are deployed to ("to
    Puerto Rico"; "to its border with X" still aims at X). "Recalled its ambassador from
    X", "withdrew its observers from X": X is the target, the actor's own people are not."""
    direct = [c for c in trigger.children if c.dep_ == "dobj"]
    if trigger.lemma_.lower() in SENDING and kind != "MOBILIZE":
        return objects  # "sent doctors to X": X receives them
    if kind == "MOBILIZE":
        # "to Roraima" is where; "to its border with Guyana" aims at Guyana
        places = _prep_objects(trigger, {"to", "into", "in"})
        carried = [c for p in places for c in _prep_objects(p, {"with"})]
        return [o for o in objects if o not in places] + _with_conjuncts(carried)
    if trigger.lemma_.lower() in WITHDRAWALS:
        own = [d for d in direct if any(c.dep_ == "poss" and c.lower_ in OWN for c in d.children)]
        objects = [o for o in objects if o not in own]
        places = [p for h in [trigger, *own] for p in _prep_objects(h, {"from"})]
        return objects + _with_conjuncts(places)
    direct += [c for c in trigger.children if c.dep_ == "nsubjpass"]
    if trigger.pos_ == "VERB" and _passive_conjunct(trigger):
        direct += [c for c in trigger.head.children if c.dep_ == "nsubjpass"]
    if trigger.pos_ == "NOUN":
        direct += _prep_objects(trigger, {"of"})  # "the deportation of X to El Salvador"
    if not any(actors.actors(d) for d in direct):
        return objects
    # "expelled X's ambassador from Quito": where from is no second target either
    destinations = set(_prep_objects(trigger, {"to", "into", "from"}))
    return [o for o in objects if o not in destinations]


def _given_to(verb: Token) -> list[Token]:
    """Who a verb gives its noun event to: "granted him asylum", "granted asylum to X"."""
    given = [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    given += _prep_objects(verb, AIMING_PREPS)
    return _with_conjuncts(given)


def _places(trigger: Token) -> list[Token]:
    """Places the trigger's clause puts it in: "arrested in Caracas", "expelled from Peru",
    "his detention in Venezuela", "X, held in Venezuela"."""
    holders = [trigger, *(c for c in trigger.children if c.dep_ in SUBJECTS | OBJECTS)]
    if trigger.dep_ in ("acl", "amod", "relcl"):
        holders.append(trigger.head)
    places = [obj for h in holders for obj in _prep_objects(h, PLACE_PREPS)]
    for token in trigger.subtree:  # "jailed for seven months in Tbilisi"
        if token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS and token not in places:
            between = [a for a in token.ancestors if a.i != trigger.i and trigger in a.ancestors]
            if not any(a.pos_ in ("VERB", "AUX") for a in between):
                places.append(token)
    return places


def _object_allowed(trigger: Token, allowed: tuple[str, ...], actors: _MentionIndex) -> bool:
    objects = [_relative_head(c) for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += _raised(trigger)
    if trigger.dep_ == "relcl" and _zero_relative(trigger):
        objects.append(trigger.head)  # "the ambassador Caracas expelled"
    objects += [
        o for c in list(objects) for o in _prep_objects(c, {"of"}) if c.lemma_.lower() in PROXIES
    ]  # "any of the imprisoned priests"
    if trigger.pos_ == "NOUN":
        objects += _prep_objects(trigger, {"of"}) + [c for c in trigger.children
                                                    if c.dep_ == "poss"]  # fmt: skip
    elif trigger.tag_ == "VBN" and trigger.dep_ in ("acl", "amod"):
        objects += _undergoers([trigger.head])  # "the prisoners released", "those released"
    for obj in _with_conjuncts(objects):
        if obj.lemma_.lower() in allowed or ("actor" in allowed and actors.actors(obj)):
            return True
    return False


def _merged_into_verb(token: Token, verb: EventVerb, entry) -> bool:
    """A noun trigger that is the object of a verb trigger belongs to that verb's event
    ("lifted sanctions", "breached the agreement"), unless the verb takes a stance on it
    ("defends the sanctions relief") or offers it ("offer amnesty")."""
    if token.pos_ != "NOUN" or token.dep_ not in ("dobj", "nsubjpass") or token.head.i == token.i:
        return False
    if token.head.lemma_.lower() in LIGHT_TRIGGERS:
        return False  # "imposed sanctions": the noun carries the event
    if token.dep_ == "nsubjpass" and not _agents(token.head):
        return False  # "sanctions imposed by the EU were extended": the noun says whose
    governing = entry(token.head)
    # "protested the arrest warrant": a protest, like a stance, is at another's act
    return governing is not None and governing.event_type not in STANCE_TYPES | {"PROTEST"}


def _direct_object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)


def _verb_taking(noun: Token) -> Token | None:
    """The verb a noun trigger is the object or complement of: "held talks", "in talks"."""
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.dep_ == "prep"
        and (head.lower_ in HOLDING_PREPS or (head.lower_ == "on" and _a_stoppage(noun)))
    ):  # "in talks", "went on strike"
        head = head.head
    elif noun.dep_ not in OBJECTS | {"conj", "nsubjpass"}:
        return None
    return head if head.pos_ in ("VERB", "AUX") and head.i != noun.i else None


def _particles(token: Token) -> set[str]:
    """Particles and prepositions of a verb ("step down", "call on"), also where the parser
    reads the particle as an adverb."""
    return {
        c.lower_ for c in token.children
        if (c.dep_ in ("prt", "prep") and not _a_time(c))
        or (c.dep_ == "advmod" and c.lower_ in PARTICLES)
    }  # fmt: skip


def _a_time(prep: Token) -> bool:
    """ "for Friday", "on Tuesday": a time, not what a verb is called for or on."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _calls_it(trigger: Token, lemmas: tuple[str, ...]) -> bool:
    """What the verb calls its object is one of these: "called Maduro a dictator", "branded
    the vote a fraud", "described the election as a sham"."""
    said = [c for c in trigger.children if c.dep_ in ("oprd", "dobj", "attr", "acomp")]
    said += [c for p in trigger.children if p.dep_ == "prep" and p.lower_ == "as"
             for c in p.children]  # fmt: skip
    said = _with_conjuncts(said)
    said += [c for t in said for c in t.children if c.dep_ in ("amod", "compound")]
    return any(t.lemma_.lower() in lemmas or t.lower_ in lemmas for t in said)


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [
        obj
        for prep in token.children
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens with the others of their lists: "A, B and C" (which the parser may also
    read as a name in apposition to a name)."""
    out = []
    stack = list(tokens)
    while stack:
        token = stack.pop(0)
        if token in out:
            continue
        out.append(token)
        stack += [t for t in token.conjuncts if t not in out and not _place_listed(token, t)]
        if token.pos_ == "PROPN":
            stack += [c for c in token.children
                      if c.dep_ == "appos" and c.pos_ == "PROPN" and c not in out]  # fmt: skip
    return out


def _raised(verb: Token) -> list[Token]:
    """ "allowed [X to return]": the object the parser reads as the infinitive's subject."""
    if verb.pos_ != "VERB" or verb.dep_ == "acl" or any(c.dep_ == "dobj" for c in verb.children):
        return []  # "a licence allowing X to ..." describes the licence
    return [s for c in verb.children
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for s in c.children if s.dep_ == "nsubj"]  # fmt: skip


def _agents_of(noun: Token) -> list[Token]:
    return _prep_objects(noun, {"by"})


def _place_listed(noun: Token, conjunct: Token) -> bool:
    """ "Protesters in Tbilisi, Batumi and Kutaisi": names after the noun's place, which the
    parser may join to the noun, continue the list of places."""
    if noun.pos_ != "NOUN" or conjunct.pos_ != "PROPN":
        return False
    places = _prep_objects(noun, PLACE_PREPS | {"at"})
    return any(p.pos_ == "PROPN" and noun.i < p.i < conjunct.i for p in places)


def _drop_subsumed(found: list[_Found]) -> list[_Found]:
    """A one-sided event is dropped when its sentence has the same type and source with a
    target: "met with X ... to discuss" is one meeting."""
    full = {(f.trigger.sent.start, f.verb.event_type, s) for f in found if f.targets or f.pairs
            for s in f.sources}  # fmt: skip
    return [
        f for f in found
        if f.targets or f.pairs or not all((f.trigger.sent.start, f.verb.event_type, s) in full
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
        if node.dep_ not in GOVERNED or node.head.i == node.i:
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


def _called(trigger: Token) -> bool:
    """ "The unions called a national strike": a strike or march called is yet to happen."""
    return (
        trigger.pos_ == "NOUN"
        and trigger.dep_ == "dobj"
        and trigger.head.lemma_.lower() == "call"
        and (trigger.lemma_.lower() in STOPPAGES or trigger.lemma_.lower() in CALLED_PROTESTS)
    )


def _answered(noun: Token, verb: EventVerb, outer: EventVerb) -> bool:
    """ "rejected the opposition's request", "accepted Chile's invitation": an appeal that
    another answers was made to that one."""
    return (
        noun.pos_ == "NOUN"
        and verb.event_type == "REQUEST"
        and outer.event_type in ANSWERS
        and noun.dep_ in ("dobj", "nsubjpass")
    )


def _conditional(trigger: Token) -> bool:
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def _event_date(trigger: Token, timexes: list[Timex]) -> tuple[dt.date | None, str]:
    """The date of a time expression in the trigger's clause, if one fixes a day or month."""
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    words = list(clause.subtree)
    lo = min(t.idx for t in words)
    hi = max(t.idx + len(t) for t in words)
    for timex in timexes:
        if lo <= timex.start < hi and timex.timex_type == "DATE" and timex.value:
            date, precision = value_to_date(timex.value)
            if date is not None and precision in ("day", "month"):
                return date, precision
    return None, "unknown"
