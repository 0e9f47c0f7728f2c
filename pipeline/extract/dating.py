"""Publication dates of undated texts, inferred from what the text says about time.

Every piece of evidence is a set of days the publication day P may be:

- an absolute date the text reports as past ("lifted sanctions in October 2023": P >= 2023-10-01)
  or as still ahead ("will take office in January 2025": P <= 2025-01-31); a date without a
  year ("On March 3", "in April") is read in the year that puts it nearest the latest day the
  text fixes otherwise (a full date, a known event it names), as news writing omits the year
  of dates near the present;
- a known dated event (``data/lexicons/calendar.yaml``) the text names as past ("since the
  election", "Maduro lost the presidential election") or as ahead ("the upcoming U.S.
  presidential election", "should Trump be re-elected"), or anchors to P ("last month's
  presidential election": P is in the month after it; "Sunday's election", "the council
  declared Maduro the winner on Monday": the weekday must be the event's, and P is within the
  week after it; "the vote last weekend": P is in the week after);
- a title that is current only during a period ("President-elect Donald Trump"), unless its
  sentence names a year ("In 2019, President Trump ...": it speaks of that year);
- the day of a dateline without a year ("CARACAS, March 4 (Reuters) -"): P is that day;
- "today" with a date in apposition ("today, March 4, 2025"): P is that day, or, inside a
  quotation, not before it (the words were said by then);
- the lead: a news report's first sentences date their main event when it is recent ("The
  council on Wednesday approved ...", "On March 3, the ministry said ..."): P is that
  day or the next;
- one weekday named both as past and as ahead ("are pictured on Friday", "must appear in court on
  Thursday"): a text's weekday names one day, so P is that weekday;
- a month named without a year as still ahead ("before January", "arrives this April"), read
  as the first such month after the lower bound the rest of the evidence gives;
- the calendar's ``current_to`` day: the calendar describes the world up to it, and texts are
  taken to be no later unless their own evidence says so.

The sets are intersected strongest first; one that would leave no day is dropped. A mention
that fits several calendar events counts only when the rest of the evidence rules all but one
out. The result is None unless the days left are bounded on both sides within a year.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import numpy as np
import yaml
from spacy.tokens import Doc, Span, Token

from pipeline.common.records import Timex
from pipeline.common.vocabulary import MONTH_NAMES, MONTHS, REPORTING_VERBS, WEEKDAYS
from pipeline.extract.doctext import ents_of, text_of
from pipeline.extract.timex import governing_verb, resolve, value_to_date

_MON_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD_RE = "|".join(WEEKDAYS)

_MONTH_WINDOW = 62  # widest window (days) given month precision: its middle is a month off at most
_YEAR_WINDOW = 366

# How much each kind of evidence weighs when two disagree (the stronger one stands).
_STATED, _ANCHORED, _TENSED, _HEURISTIC, _HORIZON = 4, 3, 2, 1, 0
_ABSTAIN_AT = 2  # a dropped piece this strong means the text contradicts itself: no date

# Words before an event's name that say it is past, ahead, or maybe another instance of it.
_PAST_MODS = {"recent", "disputed", "contested"}
_FUTURE_MODS = {"upcoming", "coming", "forthcoming", "impending", "looming", "scheduled",
                "planned", "expected", "approaching", "pending"}
_OTHER_MODS = {"last", "previous", "past", "next", "future", "first", "former", "earlier",
               "prior", "then", "another", "new", "a", "an", "any", "every", "each", "fresh",
               "snap", "repeat", "second", "third", "free", "fair"}
# Verbs whose past tense does not make their object past ("the CNE called the election").
_PLANNING = {"schedule", "set", "slate", "plan", "expect", "call", "announce", "convene",
             "organize", "organise", "prepare", "postpone", "delay", "move", "reschedule",
             "anticipate", "promise", "pledge", "vow", "guarantee", "propose", "await",
             "want", "hope", "seek", "intend", "aim", "demand", "ask", "urge", "push",
             "fear", "predict", "project", "forecast", "due"}
_FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}
# Nouns whose infinitive is done once they are: "the decision to revoke it" (past: revoked).
_DECISIONS = {"decision", "move", "order"}
# Modals that put a time adverbial ahead ("they must appear on Friday"); not the past forms
# "would" and "could", which reported speech uses for what may already have happened.
_FUTURE_MODALS = {"should", "must", "can", "may", "might", "shall", "ca"}
# Captions describe a photo in the present tense: what they date has happened.
_PHOTO_VERBS = {"picture", "photograph", "depict"}
_CONDITIONAL = re.compile(r"\b(?:if|unless|whether|once|until)\b|^\s*should\b", re.I)
_FORMER = re.compile(r"\b(?:former|ex|then|late|\d+(?:st|nd|rd|th))\b[\s-]+(?:[\w.'-]+\s+){0,2}$",
                     re.I)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_MONTH_DAY = re.compile(
    rf"\b(?:({_MON_RE})\.? (\d{{1,2}})|(\d{{1,2}}) ({_MON_RE}))(?:st|nd|rd|th)?\b")
_REL_ANCHOR = re.compile(r"\b(last|this|next) (week|month|year)(?:'s?)?\s*$")
_MONTH_ANCHOR = re.compile(rf"\blast ({'|'.join(MONTH_NAMES)})(?:'s?)?\s*$")
_WEEKEND_ANCHOR = re.compile(r"\blast weekend'?s?\s*$")
_DAY_ANCHOR = re.compile(r"\b(yesterday|today|tomorrow)(?:'s?)?\s*$")
_WEEKDAY_ANCHOR = re.compile(rf"\b({_WD_RE})(?:'s?)?\s*$")
_FOLLOWING_YEAR = re.compile(
    r"^\s*,?\s*(?:held\s+)?(?:in|of|on)\s+(?:[\w.]+,?\s+){0,3}((?:19|20)\d\d)\b")
_REL_MONTH = re.compile(rf"(?:(this|next|coming) )?({'|'.join(MONTH_NAMES)})", re.I)
# Time expressions a year-less date can be read from: "March 3", "13 February", "in April".
_YEARLESS = re.compile(
    rf"(?:(?:{_WD_RE}),? )?(?:(?:{_MON_RE})\.? \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?"
    rf" (?:of )?(?:{_MON_RE})\.?|(?:{'|'.join(MONTH_NAMES)}))", re.I)
_BARE_WEEKDAY = re.compile(rf"(?:on )?({_WD_RE})(?: (?:morning|afternoon|evening|night))?", re.I)
# "today, March 4, 2025", "today (Friday)": the day a text or a quoted speaker calls today.
_TODAY_IS = re.compile(rf"\b(today|yesterday|tomorrow)\s*(?:,|\(|-|–|—)\s*(?:({_WD_RE}),?\s*)?",
                       re.I)
_LEAD_SENTENCES = 3
# The reporting verbs whose past tense dates the quoted words to the report itself.
_REPORTING = REPORTING_VERBS & {"say", "tell", "announce", "report", "confirm", "state", "add"}


# ---------------------------------------------------------------------------------------------
# The calendar lexicon
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarEvent:
    """A dated event and the forms that name it (format: top of calendar.yaml)."""

    event_id: str
    date: dt.date
    until: dt.date
    country: str | None
    phrases: tuple[re.Pattern, ...]
    names: tuple[re.Pattern, ...]
    anchored: tuple[re.Pattern, ...]
    after: bool
    context: re.Pattern | None = None  # phrases and anchored forms need one of these in the text


@dataclass(frozen=True)
class Period:
    """A title or name a text uses only during its terms (first and last day; None: open)."""

    period_id: str
    terms: tuple[tuple[dt.date | None, dt.date | None], ...]
    names: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Calendar:
    countries: dict[str, re.Pattern]
    events: tuple[CalendarEvent, ...]
    periods: tuple[Period, ...]
    current_to: dt.date | None = None

    @cached_property
    def any_country(self) -> re.Pattern:
        """Matches where the pattern of any country does."""
        return re.compile("|".join(p.pattern for p in self.countries.values()) or "(?!)")


def load_calendar(path: Path) -> Calendar:
    """Read and check ``calendar.yaml``; a malformed entry raises ValueError naming it. Read
    once per process while the file is unchanged: a build checks it before the run, then
    analyses with it (its patterns take a third of a second to compile)."""
    found = Path(path).resolve()
    stat = found.stat()
    return _calendar(found, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _calendar(path: Path, mtime_ns: int, size: int) -> Calendar:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    countries = {code: _any_of(words) for code, words in (data.get("countries") or {}).items()}
    events = tuple(_event(e, countries, path) for e in data.get("events") or [])
    periods = tuple(_period(p, path) for p in data.get("periods") or [])
    current_to = data.get("current_to")
    current_to = _day(current_to, path, "current_to", "value") if current_to else None
    return Calendar(countries, events, periods, current_to)


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so that a bad one is reported with its entry."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _event(entry: dict, countries: dict[str, re.Pattern], path: Path) -> CalendarEvent:
    eid = entry.get("id", "?")
    date = _day(entry.get("date"), path, eid, "date")
    country = entry.get("country")
    if country is not None and country not in countries:
        raise ValueError(f"{path}: event {eid}: country {country!r} is not under `countries`")
    forms = {k: tuple(_form(f) for f in entry.get(k) or []) for k in ("phrases", "names",
                                                                       "anchored")}
    if not any(forms.values()):
        raise ValueError(f"{path}: event {eid}: give phrases, names or anchored forms")
    if (forms["phrases"] or forms["anchored"]) and country is None:
        raise ValueError(f"{path}: event {eid}: phrases and anchored forms need a country")
    until = _day(entry["until"], path, eid, "until") if entry.get("until") else date
    context = entry.get("context")
    if context is not None and (not isinstance(context, list) or not context):
        raise ValueError(f"{path}: event {eid}: context must be a list of words")
    return CalendarEvent(eid, date, until, country, forms["phrases"], forms["names"],
                         forms["anchored"], bool(entry.get("after")),
                         _any_of(context) if context else None)


def _period(entry: dict, path: Path) -> Period:
    pid = entry.get("id", "?")
    if entry.get("terms"):
        raw = entry["terms"]
        if not isinstance(raw, list) or not all(isinstance(t, list) and len(t) == 2 for t in raw):
            raise ValueError(f"{path}: period {pid}: terms must be a list of [from, until] pairs")
    else:
        raw = [[entry.get("from"), entry.get("until")]]
    terms = tuple(tuple(_day(d, path, pid, "terms") if d else None for d in t) for t in raw)
    if not entry.get("names") or any(a is None and b is None for a, b in terms):
        raise ValueError(f"{path}: period {pid}: give names and from and/or until")
    return Period(pid, terms, tuple(_form(f) for f in entry["names"]))


def _day(value: object, path: Path, eid: str, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{path}: {eid}: {key} must be YYYY-MM-DD, not {value!r}") from None


_GAP = r"(?:,?\s+[^\s.!?;]+){0,8}?,?\s+"  # "..." in a form: up to eight words of one clause


# The words each form's pattern needs, lower-cased: a text without one of them cannot match,
# and most texts lack most forms, so checking them spares a scan of the text per form.
_NEEDED: dict[re.Pattern, tuple[str, ...]] = {}


def _form(form: str) -> re.Pattern:
    """A whole-word pattern over ``_plain`` text; all-capital words keep their case; ``...``
    stands for up to eight words in between ("Ali ... Maduro ... meet")."""
    pieces, needed = [], []
    for piece in _plain(str(form)).split("..."):
        parts = []
        for word in piece.split():
            if word.isascii():  # a non-ASCII letter may match another case form in re
                needed.append(word.lower())
            acronym = sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word)
            parts.append(re.escape(word) if acronym else f"(?i:{re.escape(word)})")
        if parts:
            pieces.append(r"\s+".join(parts))
    pattern = re.compile(r"(?<![\w.])" + _GAP.join(pieces) + r"(?![\w]|\.\w)")
    _NEEDED[pattern] = tuple(needed)
    return pattern


def _lowered(plain: str) -> str:
    """What _NEEDED's words are looked up in: re's case-insensitive "i" also matches "ı"."""
    return plain.lower().replace("ı", "i")


def _finditer(pattern: re.Pattern, plain: str, lowered: str) -> Iterator[re.Match]:
    if all(word in lowered for word in _NEEDED.get(pattern, ())):
        yield from pattern.finditer(plain)


def _any_of(words: list[str]) -> re.Pattern:
    forms = [_form(w) for w in words]
    pattern = re.compile("|".join(sorted((f.pattern for f in forms), key=len, reverse=True)))
    _ALTERNATIVES[pattern] = tuple(_NEEDED[f] for f in forms)
    return pattern


# The words each form of an _any_of pattern needs: it can match only if one form has all.
_ALTERNATIVES: dict[re.Pattern, tuple[tuple[str, ...], ...]] = {}


def _may_match(pattern: re.Pattern, lowered: str) -> bool:
    forms = _ALTERNATIVES.get(pattern)
    return forms is None or any(all(w in lowered for w in needed) for needed in forms)


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def _plain(text: str) -> str:
    """Diacritics dropped and typographic quotes made plain, case kept; same length."""
    if text.isascii():
        return text
    return "".join(map(_plain_char, text.translate(_QUOTES)))


@cache
def _plain_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base if len(base) == 1 else c


# ---------------------------------------------------------------------------------------------
# Sets of days
# ---------------------------------------------------------------------------------------------
# Every set is a boolean array over the days from _FIRST to _LAST; a set that reaches either
# end is unbounded on that side.
_FIRST, _LAST = dt.date(1950, 1, 1), dt.date(2099, 12, 31)
_N = _LAST.toordinal() - _FIRST.toordinal() + 1
_ALL = np.arange(_FIRST.isoformat(), (_LAST + dt.timedelta(1)).isoformat(), dtype="datetime64[D]")
_WEEKDAY_OF = (np.arange(_N) + _FIRST.weekday()) % 7
_MONTH_OF = _ALL.astype("datetime64[M]").astype(int) % 12 + 1
_DAY_OF = (_ALL - _ALL.astype("datetime64[M]")).astype(int) + 1


def _index(day: dt.date) -> int:
    return day.toordinal() - _FIRST.toordinal()


def _date(index: int) -> dt.date:
    return dt.date.fromordinal(index + _FIRST.toordinal())


def _span(lo: dt.date | None, hi: dt.date | None) -> np.ndarray:
    days = np.zeros(_N, dtype=bool)
    a = 0 if lo is None else max(0, _index(lo))
    b = _N - 1 if hi is None else min(_N - 1, _index(hi))
    if a <= b:
        days[a : b + 1] = True
    return days


def _weekdays(weekdays: Iterable[int]) -> np.ndarray:
    return np.isin(_WEEKDAY_OF, list(weekdays))


def _month_days(pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    days = np.zeros(_N, dtype=bool)
    for month, dom in pairs:
        days |= np.equal(_MONTH_OF, month) & np.equal(_DAY_OF, dom)
    return days


@dataclass(frozen=True)
class Evidence:
    """Days publication may fall on, how much that weighs, and why (for reading a result)."""

    days: np.ndarray
    strength: int
    why: str
    anchor: dt.date | None = None  # a day the text fixes, that year-less dates are read near
    rank: int = 0  # how near the anchor is taken to be to P (see _reference_day)


# Anchors, nearest to P first: a full date the text writes; a known event it names as past
# or by a time anchor; a known event it names without tense or year.
_WRITTEN, _RECALLED, _NAMED = 2, 1, 0


def _bound(lo: dt.date | None, hi: dt.date | None, strength: int, why: str,
           anchor: dt.date | None = None, rank: int = _NAMED) -> Evidence:
    return Evidence(_span(lo, hi), strength, why, anchor, rank)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def infer_publication_date(doc: Doc, timexes: list[Timex], calendar: Calendar,
                           dateline_day: tuple[int, int] | None = None,
                           ) -> tuple[dt.date, str] | None:
    """The publication day of an undated text and its precision, or None when too uncertain.

    The evidence (module docstring) leaves a window of possible days; the result is the
    possible day nearest its middle. Precision says how far that day may be from the true one:

    - ``day``: the window is one day ("yesterday's election");
    - ``month``: the window spans at most 62 days, so the day is at most a month off (its month
      is right when the window lies in one calendar month, the usual case for "last month's");
    - ``year``: the window spans at most a year, so the day is at most half a year off.

    None when nothing bounds the date from below or from above, or the window is wider.
    ``dateline_day`` is the (month, day) of a dateline that gives no year.
    """
    days = possible_days(doc, timexes, calendar, dateline_day)
    if days is None:
        return None
    found = np.flatnonzero(days)
    width = int(found[-1] - found[0])
    if width > _YEAR_WINDOW:
        return None
    middle = found[0] + width // 2
    best = int(found[np.argmin(np.abs(found - middle))])
    precision = "day" if width == 0 else "month" if width <= _MONTH_WINDOW else "year"
    return _date(best), precision


def publication_window(doc: Doc, timexes: list[Timex], calendar: Calendar,
                       dateline_day: tuple[int, int] | None = None,
                       ) -> tuple[dt.date, dt.date] | None:
    """First and last possible publication day, or None when one side is unbounded."""
    days = possible_days(doc, timexes, calendar, dateline_day)
    if days is None:
        return None
    found = np.flatnonzero(days)
    return _date(int(found[0])), _date(int(found[-1]))


def possible_days(doc: Doc, timexes: list[Timex], calendar: Calendar,
                  dateline_day: tuple[int, int] | None = None) -> np.ndarray | None:
    """The days publication may fall on, or None when they are unbounded on a side or the
    text's own evidence contradicts itself."""
    dropped: list[Evidence] = []
    days = _combine(collect_evidence(doc, timexes, calendar, dateline_day), dropped)
    if any(e.strength >= _ABSTAIN_AT for e in dropped):
        return None
    return _bounded(days)


def collect_evidence(doc: Doc, timexes: list[Timex], calendar: Calendar,
                     dateline_day: tuple[int, int] | None = None) -> list[Evidence]:
    """Every piece of evidence the text gives, in the order it is weighed within a strength."""
    plain = _plain(text_of(doc))
    mentions = _event_mentions(doc, plain, timexes, calendar)
    evidence = [e for m in mentions if len(m) == 1 for e in m[0]]
    evidence += _period_evidence(doc, plain, calendar)
    evidence += _absolute_evidence(doc, timexes)
    evidence += _today_evidence(doc, timexes)
    if dateline_day is not None:
        evidence.append(Evidence(_month_days([dateline_day]), _STATED,
                                 f"dateline {dateline_day[0]:02d}-{dateline_day[1]:02d}"))
    evidence += _weekday_evidence(doc, timexes)
    if calendar.current_to is not None:
        evidence.append(_bound(None, calendar.current_to, _HORIZON, "calendar current_to"))
    ambiguous = [m for m in mentions if len(m) > 1]
    ambiguous = _resolve_options(ambiguous, evidence)
    read = _read_yearless(doc, timexes, _reference_day(evidence, _combine(evidence)))
    evidence += _yearless_evidence(read)
    evidence += _lead_evidence(doc, timexes, read)
    _resolve_options(ambiguous, evidence)
    days = _combine(evidence)
    if (lo := _first(days)) is not None:
        evidence += _relative_month_evidence(doc, timexes, lo)
    return evidence


def _resolve_options(ambiguous: list[list[list[Evidence]]],
                     evidence: list[Evidence]) -> list[list[list[Evidence]]]:
    """Adds to ``evidence`` each ambiguous mention's one reading that fits it; returns the
    mentions still ambiguous."""
    days = _combine(evidence)
    left = []
    for options in ambiguous:
        fitting = [o for o in options if _fits(o, days)]
        if len(fitting) == 1:
            evidence += fitting[0]
        else:
            left.append(options)
    return left


# ---------------------------------------------------------------------------------------------
# Combining
# ---------------------------------------------------------------------------------------------
def _combine(evidence: list[Evidence], dropped: list[Evidence] | None = None) -> np.ndarray:
    """Intersect the sets strongest first, dropping (into ``dropped``) one that would leave no
    day."""
    days = np.ones(_N, dtype=bool)
    for e in sorted(evidence, key=lambda e: -e.strength):
        both = days & e.days
        if both.any():
            days = both
        elif dropped is not None:
            dropped.append(e)
    return days


def _fits(option: list[Evidence], days: np.ndarray) -> bool:
    return all((days & e.days).any() for e in option)


def _bounded(days: np.ndarray) -> np.ndarray | None:
    """``days`` if bounded on both sides; a set with a day in the first or last year of the
    range is not (a weekday or a dateline's day repeats every year)."""
    found = np.flatnonzero(days)
    if not len(found) or found[0] < _YEAR_WINDOW or found[-1] >= _N - _YEAR_WINDOW:
        return None
    return days


def _first(days: np.ndarray) -> dt.date | None:
    found = np.flatnonzero(days)
    return _date(int(found[0])) if len(found) and found[0] >= _YEAR_WINDOW else None


def _reference_day(evidence: list[Evidence], days: np.ndarray) -> dt.date | None:
    """What a date without a year is read against: the last day of a window of a week at most,
    else the latest anchor of the best rank (a full date the text writes, else a known event
    it recalls, else one it names)."""
    bounded = _bounded(days)
    if bounded is not None:
        found = np.flatnonzero(bounded)
        if found[-1] - found[0] <= 7:
            return _date(int(found[-1]))
    anchored = [e for e in evidence if e.anchor is not None]
    best = max((e.rank for e in anchored), default=None)
    return max((e.anchor for e in anchored if e.rank == best), default=None)


# ---------------------------------------------------------------------------------------------
# Tense
# ---------------------------------------------------------------------------------------------
def _verb_tense(verb: Token) -> str | None:
    """past, future, present, or None (modal, infinitive, unknown)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if any(a.lemma_ == "have" and a.dep_ == "aux" for a in auxes):
        return "past"
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        head = _verb_tense(verb.head)
        if verb.head.lemma_ in _PLANNING or verb.head.lower_ in ("going", "about"):
            return "future" if head in ("present", "future") else None
        return head if head == "future" else None
    if any(a.tag_ == "MD" for a in auxes):
        return None
    past = verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)
    if verb.lemma_ in _PLANNING:
        return None if past else "future"
    if past or (verb.tag_ == "VBN" and verb.dep_ == "acl"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def _clause_verb(token: Token) -> Token | None:
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i or token.dep_ not in ("advmod", "prep", "acomp", "conj"):
            return None
        token = token.head
    return None


def _relation_tense(head: Token) -> str | None:
    """past or future, from how a noun naming an event is tied into its clause."""
    while head.dep_ in ("conj", "appos"):
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "dative", "oprd"):
        tense = _verb_tense(head.head) if head.head.pos_ in ("VERB", "AUX") else None
        if head.head.lemma_ in _PLANNING and tense == "past":
            return None
        return tense if tense in ("past", "future") else None
    if head.dep_ != "pobj" or head.head.dep_ not in ("prep", "agent"):
        return None
    prep = head.head
    word, gov = prep.lower_, prep.head
    if word == "since" or (word == "of" and gov.lower_ in ("wake", "aftermath")):
        return "past"
    ahead = word in ("before", "for", "toward", "towards", "until") or (
        word in ("of", "to") and gov.lower_ in ("ahead", "run-up", "eve", "lead-up", "build-up"))
    verb = _clause_verb(gov)
    tense = _verb_tense(verb) if verb is not None else None
    if ahead:
        return "future" if tense in ("present", "future") else None
    if word in ("after", "following") or (word in ("in", "at", "during", "on", "by")
                                          and gov.pos_ in ("VERB", "AUX")):
        return tense if tense in ("past", "future") else None
    return None


# ---------------------------------------------------------------------------------------------
# Absolute dates, dates without a year, "today, <date>"
# ---------------------------------------------------------------------------------------------
_NOT_PAST_PREPS = {"for", "until", "till", "by", "before", "to", "through", "between", "ahead"}
_NOT_FUTURE_PREPS = {"since", "after", "from", "following"}
_UNTIL_PREPS = {"until", "till", "through"}


def _absolute_evidence(doc: Doc, timexes: list[Timex]) -> list[Evidence]:
    """Past absolute dates bound P from below, future ones from above."""
    out = []
    for t in timexes:
        if t.value is None or t.timex_type != "DATE":
            continue
        first, precision = value_to_date(t.value)
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if first is None or precision == "unknown" or span is None:
            continue
        anchor = first if precision == "day" else None
        out += _dated(span, first, precision, t.text, _TENSED, anchor, _WRITTEN)
    return out


def _dated(span: Span, first: dt.date, precision: str, text: str, strength: int,
           anchor: dt.date | None, rank: int = _WRITTEN) -> list[Evidence]:
    """What a date the text places in the past or ahead says about P."""
    tense, prep = _timex_tense(span)
    if (start := _range_start(span)) is not None:  # "from May 2 to May 9": as the first
        verb = governing_verb(start)
        tense, prep = (_verb_tense(verb) if verb is not None else None), "from"
    if tense == "past" and prep not in _NOT_PAST_PREPS:
        return [_bound(first, None, strength, f"past: {text}", anchor, rank)]
    if (tense == "future" and prep not in _NOT_FUTURE_PREPS) or (
            tense == "present" and prep in _UNTIL_PREPS):  # "is allowed until May 2025"
        return [_bound(None, _period_end(first, precision), strength, f"ahead: {text}", anchor,
                       rank)]
    if anchor is not None:
        return [Evidence(np.ones(_N, dtype=bool), strength, f"date: {text}", anchor, rank)]
    return []


def _range_start(span: Span) -> Token | None:
    """The "from" of a range whose second date ``span`` is ("from May 2 to May 9")."""
    if span.start == 0 or span.doc[span.start - 1].lower_ not in ("to", "through", "until"):
        return None
    before = span.doc[max(0, span.start - 7) : span.start - 1]
    return next((t for t in reversed(before) if t.lower_ == "from"), None)


def _read_yearless(doc: Doc, timexes: list[Timex], ref: dt.date | None,
                   ) -> dict[int, tuple[dt.date, str, Span]]:
    """Dates without a year ("On March 3", "in April") by the start of their time expression,
    read in the year that puts them nearest ``ref``: (first day, precision, span)."""
    out: dict[int, tuple[dt.date, str, Span]] = {}
    if ref is None:
        return out
    for t in timexes:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if t.value is not None or span is None or not _YEARLESS.fullmatch(t.text):
            continue
        if t.text.lower() in MONTHS and span[0].text.islower():  # "may", "march" as words
            continue
        value, _ = resolve(t.text, ref, "auto")
        first, precision = value_to_date(value) if value else (None, "unknown")
        if first is not None and precision in ("day", "month"):
            out[t.start] = (first, precision, span)
    return out


def _yearless_evidence(read: dict[int, tuple[dt.date, str, Span]]) -> list[Evidence]:
    """Dates without a year, once read, as absolute dates."""
    out = []
    for first, precision, span in read.values():
        anchor = first if precision == "day" else None
        why = f"{span.text} (read as {first:%Y-%m-%d})"
        out += _dated(span, first, precision, why, _TENSED, anchor)
    return out


def _today_evidence(doc: Doc, timexes: list[Timex]) -> list[Evidence]:
    """ "today, March 4, 2025": P is that day; in a quotation, the words were said that day,
    so P is not before it. "today (Friday)": P is a Friday."""
    out = []
    dated = {t.start: t for t in timexes}
    text = text_of(doc)
    for m in _TODAY_IS.finditer(text):
        shift = {"today": 0, "yesterday": 1, "tomorrow": -1}[m[1].lower()]
        quoted = _in_quote(text, m.start())
        t = dated.get(m.end())
        first, precision = value_to_date(t.value) if t and t.value else (None, "unknown")
        why = f"{m[0].strip()} {t.text if t else ''}".strip()
        if first is not None and precision == "day":
            day = first + dt.timedelta(shift)
            lo, hi = (day, None) if quoted else (day, day)
            out.append(_bound(lo, hi, _STATED, why, day, _WRITTEN))
        elif m[2] and not quoted:
            out.append(Evidence(_weekdays([(WEEKDAYS.index(m[2].lower()) + shift) % 7]),
                                _STATED, why))
    return out


def _in_quote(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation (an odd number of quote marks before it in its
    paragraph)."""
    par = text.rfind("\n", 0, pos) + 1
    before = _plain(text[par:pos])
    return before.count('"') % 2 == 1


def _relative_month_evidence(doc: Doc, timexes: list[Timex], lo: dt.date) -> list[Evidence]:
    """"before January", "arrives this April": the first such month from ``lo`` is ahead."""
    out = []
    for t in timexes:
        m = _REL_MONTH.fullmatch(t.text)
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if t.value is not None or m is None or span is None:
            continue
        rel = (m[1] or "").lower()
        tense, _ = _timex_tense(span)
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        verb = governing_verb(span.root)
        modal = verb is not None and any(c.tag_ == "MD" for c in verb.children)
        deadline = before in ("before", "until", "till", "by")
        # "would revoke it before March" looks ahead; "recommended delaying it until November"
        # may be past already
        ahead = (rel in ("next", "coming") or tense == "future"
                 or (tense == "present" and (deadline or rel == "this"))
                 or (tense is None and modal and deadline))
        if ahead:
            month = MONTHS[m[2].lower()]
            year = lo.year if month >= lo.month else lo.year + 1
            last = _period_end(dt.date(year, month, 1), "month")
            out.append(_bound(None, last, _HEURISTIC, f"ahead: {t.text}"))
    return out


def _timex_tense(span: Span) -> tuple[str | None, str | None]:
    """Tense of the clause a date belongs to, and the preposition that attaches it. A day on
    a planning verb dates the planning: "announced on Monday" is past."""
    token = span.root
    if token.dep_ in ("npadvmod", "tmod", "advmod") and token.head.pos_ in ("VERB", "AUX"):
        return _verb_tense(token.head) or _done(token.head), None
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        prep = token.head
        word = "ahead" if prep.head.lower_ == "ahead" else prep.lower_
        verb = prep.head
        if verb.dep_ == "advmod" and verb.head.pos_ in ("VERB", "AUX"):  # "well before"
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None, word
        return _verb_tense(verb) or (_done(verb) if word == "on" else None), word
    return None, None


def _done(verb: Token) -> str | None:
    """past when the verb is in a past form, whatever it means ("announced", "had called")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes):
        return None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
        return "past"
    return None


def _period_end(first: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(first.year, 12, 31)
    if precision == "month":
        return dt.date(first.year, first.month, cal.monthrange(first.year, first.month)[1])
    return first


# ---------------------------------------------------------------------------------------------
# Weekdays and the lead
# ---------------------------------------------------------------------------------------------
def _weekday_tense(span: Span) -> str | None:
    """past or future for a weekday: the clause's tense, a modal that looks ahead ("should
    appear on Friday"), or a caption's present tense ("is pictured on Friday": past)."""
    verb = governing_verb(span.root)
    if verb is None:
        return None
    tense = _verb_tense(verb)
    if tense in ("past", "future"):
        return tense
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_MODALS and "have" not in auxes:
        return "future"
    if verb.lemma_ in _PHOTO_VERBS and verb.tag_ == "VBN" and tense == "present":
        return "past"
    return None


def _weekday_evidence(doc: Doc, timexes: list[Timex]) -> list[Evidence]:
    """A weekday the text names both as past and as ahead is the day of publication."""
    tenses: dict[int, set[str]] = {}
    for t in timexes:
        m = _BARE_WEEKDAY.fullmatch(t.text)
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if m is None or span is None or t.anchor != "publication" or _possessive(span):
            continue
        tense = _weekday_tense(span)
        if tense is not None:
            tenses.setdefault(WEEKDAYS.index(m[1].lower()), set()).add(tense)
    return [Evidence(_weekdays([w]), _HEURISTIC, f"{WEEKDAYS[w]} both past and ahead")
            for w, found in tenses.items() if found == {"past", "future"}]


def _lead_evidence(doc: Doc, timexes: list[Timex],
                   read: dict[int, tuple[dt.date, str, Span]]) -> list[Evidence]:
    """The day of the main event of the first sentences that date one, as P or the day before
    ("The council on Wednesday approved ...", "On March 3, the ministry said ...")."""
    for sent in list(doc.sents)[:_LEAD_SENTENCES]:
        root = sent.root
        if root.pos_ not in ("VERB", "AUX") or "past" not in (_verb_tense(root), _done(root)):
            continue
        for t in timexes:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None or not (sent.start <= span.start < sent.end):
                continue
            verb = governing_verb(span.root)
            if verb is None or t.anchor != "publication" or _possessive(span):
                continue  # "hailed Sunday's vote" does not date the hailing
            reported = verb.dep_ == "ccomp" and verb.head.i == root.i and \
                root.lemma_ in _REPORTING and "past" in (_verb_tense(verb), _done(verb))
            # "X did Y on Monday, officials said"
            if verb.i != root.i and not reported:
                continue
            why = f"lead: {t.text}"
            if m := _BARE_WEEKDAY.fullmatch(t.text):
                w = WEEKDAYS.index(m[1].lower())
                return [Evidence(_weekdays([w, (w + 1) % 7]), _HEURISTIC, why)]
            known = value_to_date(t.value) if t.value else read.get(t.start, (None, ""))[:2]
            first, precision = known
            if first is not None and precision == "day":
                return [_bound(first, first + dt.timedelta(1), _HEURISTIC, why)]
    return []


def _possessive(span: Span) -> bool:
    """ "Sunday's vote": the day belongs to a noun, not to a clause."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return after is not None and after.tag_ == "POS"


# ---------------------------------------------------------------------------------------------
# Calendar events
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    event: CalendarEvent
    kind: str  # phrases, names, anchored


def _event_mentions(doc: Doc, plain: str, timexes: list[Timex],
                    calendar: Calendar) -> list[list[list[Evidence]]]:
    """Per mention of a calendar event, the evidence of each event it may name."""
    prominent = _prominent_countries(doc, plain, calendar)
    out = []
    for group in _longest_matches(plain, calendar):
        options, seen = [], set()
        for match in group:
            found = _mention_evidence(doc, plain, timexes, match, calendar, prominent)
            key = tuple((e.strength, e.days.tobytes()) for e in found or [])
            if found and key not in seen:
                seen.add(key)
                options.append(found)
        if options:
            out.append(options)
    return out


def _longest_matches(plain: str, calendar: Calendar) -> list[list[_Match]]:
    """Matches grouped by span; a span inside a longer matched span is dropped."""
    spans: dict[tuple[int, int], list[_Match]] = {}
    lowered = _lowered(plain)
    for event in calendar.events:
        for kind in ("phrases", "names", "anchored"):
            for pattern in getattr(event, kind):
                for m in _finditer(pattern, plain, lowered):
                    spans.setdefault(m.span(), []).append(_Match(*m.span(), event, kind))
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(s < span[1] and span[0] < e for s, e in kept):
            kept.append(span)
    return [spans[s] for s in sorted(kept)]


def _mention_evidence(doc: Doc, plain: str, timexes: list[Timex], match: _Match,
                      calendar: Calendar, prominent: set[str]) -> list[Evidence] | None:
    """What one mention says about P if it names ``match.event``; None if it does not."""
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None:
        return None
    head, embedded = _head_noun(span.root)
    np_start = min(head.left_edge.idx, match.start) if head.pos_ in ("NOUN", "PROPN") else \
        match.start
    left = plain[np_start:match.start]
    event = match.event
    anchor = _anchor_window(left, event)
    if anchor is None and (attached := _attached_anchor(doc, span, head, timexes)):
        anchor = _anchor_window(attached, event)
    if anchor == "reject" or not _fits_dates(plain, span, head, np_start, event):
        return None
    if match.kind == "anchored" and anchor is None and not _names_day(left, event):
        return None
    if match.kind != "names" and not _country_ok(plain, match, left, calendar, prominent):
        return None
    if match.kind != "names" and event.context is not None and not event.context.search(plain):
        return None
    rest = _MONTH_DAY.sub(" ", _strip_anchor(left).lower())
    others = _OTHER_MODS - {"a", "an"} if isinstance(anchor, Evidence) else _OTHER_MODS
    if set(re.findall(r"[a-z]+", rest)) & others:  # "a vote last weekend" is that one
        return None
    found = [anchor] if isinstance(anchor, Evidence) else []
    tense = _mention_tense(doc, plain, span, head, embedded, rest)
    if tense == "past" or (event.after and tense != "future"):
        found.append(_bound(event.date, None, _TENSED, f"after {event.event_id}", event.date,
                            _RECALLED))
    elif tense == "future":
        found.append(_bound(None, event.until, _TENSED, f"before {event.event_id}"))
    elif not found:  # named, neither past nor ahead: near the text's time, unless dated by year
        year = _YEAR_RE.search(plain[np_start : _np_end(span, head)])
        found.append(Evidence(np.ones(_N, dtype=bool), _TENSED, f"names {event.event_id}",
                              None if year else event.date, _NAMED))
    return found


def _attached_anchor(doc: Doc, span: Span, head: Token, timexes: list[Timex]) -> str | None:
    """A day anchor ("on Monday", "last weekend", "last month") that dates the mention itself:
    it modifies the event's noun ("the vote last weekend"), or the verb a form names the event
    by ("declared Maduro the winner on Monday", "will meet on Thursday")."""
    verbs: set[int] = set()
    if head.pos_ in ("VERB", "AUX"):
        verbs = {head.i, *(c.i for c in head.subtree if c.dep_ == "xcomp")}
        if head.dep_ == "xcomp":
            verbs.add(head.head.i)
    for t in timexes:
        text = t.text.lower()
        if not (_BARE_WEEKDAY.fullmatch(text) or re.fullmatch(r"(?:last|this|next) (?:week|month"
                                                               r"|year|weekend)", text)):
            continue
        tspan = doc.char_span(t.start, t.end, alignment_mode="expand")
        if tspan is None or tspan.sent != span.sent:
            continue
        verb = governing_verb(tspan.root)
        if (verb is not None and verb.i in verbs) or _modifies(tspan.root, head):
            return text.removeprefix("on ")
    return None


def _modifies(token: Token, noun: Token) -> bool:
    """``token`` hangs from ``noun`` through at most a preposition, no verb between."""
    for _ in range(3):
        if token.head.i == token.i or token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
        if token.i == noun.i:
            return True
    return False


def _head_noun(token: Token) -> tuple[Token, bool]:
    """The noun a phrase's last word heads, and whether that noun modifies another noun."""
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head, True
    return token, False


def _mention_tense(doc: Doc, plain: str, span: Span, head: Token, embedded: bool,
                   left: str) -> str | None:
    words = set(re.findall(r"[a-z]+", left))
    if words & _PAST_MODS:
        return "past"
    if words & _FUTURE_MODS:
        return "future"
    sent = span.sent
    clause = plain[sent.start_char:span.start_char]
    clause = re.split(r"[,;:—]", clause)[-1] if not clause.lower().startswith("should") else \
        clause
    if _CONDITIONAL.search(clause):
        return "future"
    if embedded:
        return None
    if head.pos_ in ("VERB", "AUX"):
        tense = _verb_tense(head)
        if tense is None and head.dep_ == "acl" and head.head.lemma_ in _DECISIONS:
            return _relation_tense(head.head)  # "the decision to revoke it angered them"
        return tense if tense in ("past", "future") else None
    return _relation_tense(head)


def _strip_anchor(left: str) -> str:
    low = left.lower()
    for regex in (_REL_ANCHOR, _MONTH_ANCHOR, _WEEKEND_ANCHOR, _DAY_ANCHOR, _WEEKDAY_ANCHOR):
        low = regex.sub(" ", low)
    return low


def _anchor_window(left: str, event: CalendarEvent) -> Evidence | str | None:
    """The window a time anchor ("last month's", "Sunday's", "last weekend") gives, if any;
    "reject" when the anchor does not fit the event's day."""
    low, day, why = left.lower(), event.date, f"anchored {event.event_id}"

    def window(lo: dt.date, hi: dt.date) -> Evidence:
        return _bound(lo, hi, _ANCHORED, why, day, _RECALLED)

    if m := _REL_ANCHOR.search(low):
        step = {"last": 1, "this": 0, "next": -1}[m[1]]
        if m[2] == "week":
            return window(day + dt.timedelta(7 * step - 6), day + dt.timedelta(7 * step + 6))
        if m[2] == "month":
            first = _add_months(dt.date(day.year, day.month, 1), step)
            return window(first, _period_end(first, "month"))
        return window(dt.date(day.year + step, 1, 1), dt.date(day.year + step, 12, 31))
    if m := _MONTH_ANCHOR.search(low):  # "last July's": P is in the twelve months after July
        if MONTHS[m[1]] != day.month:
            return "reject"
        first = _add_months(dt.date(day.year, day.month, 1), 1)
        return window(first, _add_months(first, 12) - dt.timedelta(1))
    if _WEEKEND_ANCHOR.search(low):  # P is in the week after that weekend
        sundays = [d for d in _days(event) if d.weekday() in (5, 6)]
        if not sundays:
            return "reject"
        sunday = sundays[0] + dt.timedelta(6 - sundays[0].weekday())
        return window(sunday + dt.timedelta(1), sunday + dt.timedelta(7))
    if m := _DAY_ANCHOR.search(low):
        shift = {"yesterday": 1, "today": 0, "tomorrow": -1}[m[1]]
        return window(day + dt.timedelta(shift), day + dt.timedelta(shift))
    if m := _WEEKDAY_ANCHOR.search(low):
        hits = [d for d in _days(event) if WEEKDAYS[d.weekday()] == m[1]]
        if not hits:
            return "reject"
        return window(hits[0] - dt.timedelta(6), hits[0] + dt.timedelta(6))
    return None


def _days(event: CalendarEvent) -> list[dt.date]:
    n = (event.until - event.date).days
    return [event.date + dt.timedelta(i) for i in range(n + 1)]


def _add_months(first: dt.date, n: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _names_day(text: str, event: CalendarEvent) -> bool:
    return any(_month_day(m) in {(d.month, d.day) for d in _days(event)}
               for m in _MONTH_DAY.finditer(text.lower()))


def _month_day(m: re.Match) -> tuple[int, int]:
    if m[1]:
        return MONTHS[m[1]], int(m[2])
    return MONTHS[m[4]], int(m[3])


def _np_end(span: Span, head: Token) -> int:
    """Where the noun phrase of a mention ends (its head's last dependent)."""
    if head.pos_ in ("NOUN", "PROPN"):
        return max(span.end_char, head.right_edge.idx + len(head.right_edge))
    return span.end_char


def _fits_dates(plain: str, span: Span, head: Token, np_start: int,
                event: CalendarEvent) -> bool:
    """No year or month-day in or right after the phrase contradicts the event."""
    text = plain[np_start:_np_end(span, head)] + " " + _clause_dates(plain, head)
    years = {int(y) for y in _YEAR_RE.findall(text)}
    if m := _FOLLOWING_YEAR.match(plain[span.end_char:span.end_char + 40]):
        years.add(int(m[1]))
    if years - {event.date.year, event.until.year}:
        return False
    days = {(d.month, d.day) for d in _days(event)}
    phrase = plain[np_start:span.end_char].lower()
    return all(_month_day(m) in days for m in _MONTH_DAY.finditer(phrase))


def _clause_dates(plain: str, head: Token) -> str:
    """Text of the date modifiers of the verb an event is the subject or object of ("the
    election was held in 2018")."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass", "dobj") or verb.pos_ not in ("VERB", "AUX"):
        return ""
    parts = [plain[c.left_edge.idx:c.right_edge.idx + len(c.right_edge)] for c in verb.children
             if (c.dep_ == "prep" and c.lower_ in ("in", "on", "during")) or c.dep_ == "npadvmod"]
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------
def _countries_in(text: str, calendar: Calendar) -> Counter:
    lowered = _lowered(text)
    return Counter({code: n for code, pattern in calendar.countries.items()
                    if _may_match(pattern, lowered) and (n := len(pattern.findall(text)))})


def _prominent_countries(doc: Doc, plain: str, calendar: Calendar) -> set[str]:
    """Countries a text names at least twice and at least half as often as its most named one.

    Places the lexicon lacks count as countries of their own, so that a text about another
    country's election does not lend it to a country it mentions in passing.
    """
    counts = _countries_in(plain, calendar)
    names_a_country = cache(lambda text: bool(calendar.any_country.search(text)))
    for ent in ents_of(doc):
        text = _plain(ent.text)
        if ent.label_ in ("GPE", "NORP") and not names_a_country(text):
            counts[re.sub(r"^the |'s$", "", text.lower())] += 1
    top = max(counts.values(), default=0)
    return {c for c, n in counts.items() if n >= 2 and 2 * n >= top}


def _country_ok(plain: str, match: _Match, left: str, calendar: Calendar,
                prominent: set[str]) -> bool:
    """The phrase is about the event's country: said so around it, or prominent in the text."""
    country = match.event.country
    after = re.match(r"^\s+(?:in|of)\s+(?:the\s+)?([^\s,.;]+(?:\s+[A-Z]\w+)?)",
                     plain[match.end:match.end + 40])
    near = _countries_in(left + " " + plain[match.start:match.end] + " "
                         + (after[1] if after else ""), calendar)
    return country in near if near else country in prominent


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------
def _period_evidence(doc: Doc, plain: str, calendar: Calendar) -> list[Evidence]:
    """A current title: P is within one of its terms (see _current_title)."""
    out, lowered = [], _lowered(plain)
    for period in calendar.periods:
        days = np.zeros(_N, dtype=bool)
        for lo, hi in period.terms:
            days |= _span(lo, hi)
        for pattern in period.names:
            if any(_current_title(doc, plain, m) for m in _finditer(pattern, plain, lowered)):
                out.append(Evidence(days, _ANCHORED, period.period_id))
                break
    return out


def _current_title(doc: Doc, plain: str, m: re.Match) -> bool:
    """Not after "former" and the like, nor in a sentence that dates what it says to a year."""
    if _FORMER.search(plain[max(0, m.start() - 40) : m.start()]):
        return False
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    return span is not None and not _YEAR_RE.search(span.sent.text)
