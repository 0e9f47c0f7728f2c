"""Publication dates of undated texts, inferred from what the text says about time.

Every piece of evidence bounds the publication day P from below, above or both:

- an absolute date the text reports as past ("lifted sanctions in October 2023": P >= 2023-10-01)
  or as still ahead ("will take office in January 2025": P <= 2025-01-31);
- a known dated event (``data/lexicons/calendar.yaml``) the text names as past ("since the
  election", "Maduro lost the presidential election") or as ahead ("the upcoming U.S.
  presidential election", "should Trump be re-elected"), or anchors to P ("last month's
  presidential election": P is in the month after it; "Sunday's election": within six days);
- a title that is current only during a period ("President-elect Donald Trump");
- a month named without a year as still ahead ("before January", "arrives this April"), read
  as the first such month after the lower bound the rest of the evidence gives.

Bounds are intersected strongest first; one that would leave no day is dropped. A mention that
fits several calendar events counts only when the rest of the evidence rules all but one out.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from pipeline.records import Timex
from pipeline.timex import value_to_date

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTHS.update({name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)})
_MONTHS["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_MONTH_WINDOW = 62  # widest window (days) given month precision: its middle is a month off at most
_YEAR_WINDOW = 366

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
_CONDITIONAL = re.compile(r"\b(?:if|unless|whether|once|until)\b|^\s*should\b", re.I)
_FORMER = re.compile(r"\b(?:former|ex|then|late)\b[\s-]+(?:[\w.'-]+\s+){0,2}$", re.I)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_MONTH_DAY = re.compile(
    rf"\b(?:({_MON_RE})\.? (\d{{1,2}})|(\d{{1,2}}) ({_MON_RE}))(?:st|nd|rd|th)?\b")
_REL_ANCHOR = re.compile(r"\b(last|this|next) (week|month|year)'s?\s*$")
_DAY_ANCHOR = re.compile(r"\b(yesterday|today|tomorrow)'s?\s*$")
_WEEKDAY_ANCHOR = re.compile(rf"\b({'|'.join(_WEEKDAYS)})'s?\s*$")
_FOLLOWING_YEAR = re.compile(
    r"^\s*,?\s*(?:held\s+)?(?:in|of|on)\s+(?:[\w.]+,?\s+){0,3}((?:19|20)\d\d)\b")
_REL_MONTH = re.compile(rf"(?:(this|next|coming) )?({'|'.join(_MONTH_NAMES)})", re.I)


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


@dataclass(frozen=True)
class Period:
    """A title or name a text uses only between two days."""

    period_id: str
    start: dt.date | None
    end: dt.date | None
    names: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Calendar:
    countries: dict[str, re.Pattern]
    events: tuple[CalendarEvent, ...]
    periods: tuple[Period, ...]


def load_calendar(path: Path) -> Calendar:
    """Read and check ``calendar.yaml``; a malformed entry raises ValueError naming it."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}
    countries = {code: _any_of(words) for code, words in (data.get("countries") or {}).items()}
    events = tuple(_event(e, countries, path) for e in data.get("events") or [])
    periods = tuple(_period(p, path) for p in data.get("periods") or [])
    return Calendar(countries, events, periods)


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
    return CalendarEvent(eid, date, until, country, forms["phrases"], forms["names"],
                         forms["anchored"], bool(entry.get("after")))


def _period(entry: dict, path: Path) -> Period:
    pid = entry.get("id", "?")
    start = _day(entry["from"], path, pid, "from") if entry.get("from") else None
    end = _day(entry["until"], path, pid, "until") if entry.get("until") else None
    if not entry.get("names") or (start is None and end is None):
        raise ValueError(f"{path}: period {pid}: give names and from and/or until")
    return Period(pid, start, end, tuple(_form(f) for f in entry["names"]))


def _day(value: object, path: Path, eid: str, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{path}: {eid}: {key} must be YYYY-MM-DD, not {value!r}") from None


def _form(form: str) -> re.Pattern:
    """A whole-word pattern over ``_plain`` text; all-capital words keep their case."""
    parts = []
    for word in _plain(str(form)).split():
        acronym = sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word)
        parts.append(re.escape(word) if acronym else f"(?i:{re.escape(word)})")
    return re.compile(r"(?<![\w.])" + r"\s+".join(parts) + r"(?![\w]|\.\w)")


def _any_of(words: list[str]) -> re.Pattern:
    forms = sorted((_form(w).pattern for w in words), key=len, reverse=True)
    return re.compile("|".join(forms))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def _plain(text: str) -> str:
    """Diacritics dropped and typographic quotes made plain, case kept; same length."""
    out = []
    for c in text.translate(_QUOTES):
        base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
        out.append(base if len(base) == 1 else c)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bound:
    """Evidence that publication falls in [lo, hi] (None: open), and how much it weighs."""

    lo: dt.date | None
    hi: dt.date | None
    strength: int
    why: str


def infer_publication_date(doc: Doc, timexes: list[Timex],
                           calendar: Calendar) -> tuple[dt.date, str] | None:
    """The publication day of an undated text and its precision, or None when too uncertain.

    The evidence (module docstring) gives a window of possible days; the result is its middle
    day. Precision says how far that day may be from the true one:

    - ``day``: the window is one day ("yesterday's election");
    - ``month``: the window spans at most 62 days, so the day is at most a month off (its month
      is right when the window lies in one calendar month, the usual case for "last month's");
    - ``year``: the window spans at most a year, so the day is at most half a year off.

    None when nothing bounds the date from below or from above, or the window is wider.
    """
    window = publication_window(doc, timexes, calendar)
    if window is None:
        return None
    lo, hi = window
    width = (hi - lo).days
    if width > _YEAR_WINDOW:
        return None
    precision = "day" if width == 0 else "month" if width <= _MONTH_WINDOW else "year"
    return lo + dt.timedelta(days=width // 2), precision


def publication_window(doc: Doc, timexes: list[Timex],
                       calendar: Calendar) -> tuple[dt.date, dt.date] | None:
    """First and last possible publication day, or None when one side is unbounded."""
    plain = _plain(doc.text)
    mentions = _event_mentions(doc, plain, calendar)
    sure = [b for m in mentions if len(m) == 1 for b in m[0]]
    bounds = sure + _period_bounds(plain, calendar) + _absolute_bounds(doc, timexes)
    lo, hi = _combine(bounds)
    for options in (m for m in mentions if len(m) > 1):
        fitting = [o for o in options if _fits(o, lo, hi)]
        if len(fitting) == 1:
            bounds += fitting[0]
    lo, hi = _combine(bounds)
    if lo is not None:
        bounds += _relative_month_bounds(doc, timexes, lo)
        lo, hi = _combine(bounds)
    return None if lo is None or hi is None else (lo, hi)


# ---------------------------------------------------------------------------------------------
# Combining
# ---------------------------------------------------------------------------------------------
def _combine(bounds: list[Bound]) -> tuple[dt.date | None, dt.date | None]:
    lo, hi = dt.date.min, dt.date.max
    for b in sorted(bounds, key=lambda b: -b.strength):
        new_lo, new_hi = max(lo, b.lo or dt.date.min), min(hi, b.hi or dt.date.max)
        if new_lo <= new_hi:
            lo, hi = new_lo, new_hi
    return (None if lo == dt.date.min else lo), (None if hi == dt.date.max else hi)


def _fits(option: list[Bound], lo: dt.date | None, hi: dt.date | None) -> bool:
    lo, hi = lo or dt.date.min, hi or dt.date.max
    return all(max(lo, b.lo or lo) <= min(hi, b.hi or hi) for b in option)


# ---------------------------------------------------------------------------------------------
# Absolute dates and bare months
# ---------------------------------------------------------------------------------------------
_NOT_PAST_PREPS = {"for", "until", "till", "by", "before", "to", "through", "between", "ahead"}
_NOT_FUTURE_PREPS = {"since", "after", "from", "following"}


def _absolute_bounds(doc: Doc, timexes: list[Timex]) -> list[Bound]:
    """Past absolute dates bound P from below, future ones from above."""
    out = []
    for t in timexes:
        if t.value is None or t.timex_type != "DATE":
            continue
        first, precision = value_to_date(t.value)
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if first is None or precision == "unknown" or span is None:
            continue
        tense, prep = _timex_tense(span)
        if tense == "past" and prep not in _NOT_PAST_PREPS:
            out.append(Bound(first, None, 2, f"past: {t.text}"))
        elif tense == "future" and prep not in _NOT_FUTURE_PREPS:
            out.append(Bound(None, _period_end(first, precision), 2, f"ahead: {t.text}"))
    return out


def _relative_month_bounds(doc: Doc, timexes: list[Timex], lo: dt.date) -> list[Bound]:
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
        ahead = (before in ("before", "until", "till", "by") or rel in ("next", "coming")
                 or tense == "future" or (rel == "this" and tense == "present"))
        if ahead and tense != "past":
            month = _MONTHS[m[2].lower()]
            year = lo.year if month >= lo.month else lo.year + 1
            last = _period_end(dt.date(year, month, 1), "month")
            out.append(Bound(None, last, 1, f"ahead: {t.text}"))
    return out


def _timex_tense(span: Span) -> tuple[str | None, str | None]:
    """Tense of the clause a date belongs to, and the preposition that attaches it."""
    token = span.root
    if token.dep_ in ("npadvmod", "tmod", "advmod") and token.head.pos_ in ("VERB", "AUX"):
        return _verb_tense(token.head), None
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        prep = token.head
        word = "ahead" if prep.head.lower_ == "ahead" else prep.lower_
        verb = prep.head
        if verb.dep_ == "advmod" and verb.head.pos_ in ("VERB", "AUX"):  # "well before"
            verb = verb.head
        return (_verb_tense(verb) if verb.pos_ in ("VERB", "AUX") else None), word
    return None, None


def _period_end(first: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(first.year, 12, 31)
    if precision == "month":
        return dt.date(first.year, first.month, cal.monthrange(first.year, first.month)[1])
    return first


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
        if token.head is token or token.dep_ not in ("advmod", "prep", "acomp", "conj"):
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
# Calendar events
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    event: CalendarEvent
    kind: str  # phrases, names, anchored


def _event_mentions(doc: Doc, plain: str, calendar: Calendar) -> list[list[list[Bound]]]:
    """Per mention of a calendar event, the bounds of each event it may name."""
    prominent = _prominent_countries(doc, plain, calendar)
    out = []
    for group in _longest_matches(plain, calendar):
        options = []
        for match in group:
            bounds = _mention_bounds(doc, plain, match, calendar, prominent)
            if bounds is not None and bounds not in options:
                options.append(bounds)
        if options:
            out.append(options)
    return out


def _longest_matches(plain: str, calendar: Calendar) -> list[list[_Match]]:
    """Matches grouped by span; a span inside a longer matched span is dropped."""
    spans: dict[tuple[int, int], list[_Match]] = {}
    for event in calendar.events:
        for kind in ("phrases", "names", "anchored"):
            for pattern in getattr(event, kind):
                for m in pattern.finditer(plain):
                    spans.setdefault(m.span(), []).append(_Match(*m.span(), event, kind))
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(s < span[1] and span[0] < e for s, e in kept):
            kept.append(span)
    return [spans[s] for s in sorted(kept)]


def _mention_bounds(doc: Doc, plain: str, match: _Match, calendar: Calendar,
                    prominent: set[str]) -> list[Bound] | None:
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
    if anchor == "reject" or not _fits_dates(plain, span, head, np_start, event):
        return None
    if match.kind == "anchored" and anchor is None and not _names_day(left, event):
        return None
    if match.kind != "names" and not _country_ok(plain, match, left, calendar, prominent):
        return None
    rest = _MONTH_DAY.sub(" ", _strip_anchor(left).lower())
    if set(re.findall(r"[a-z]+", rest)) & _OTHER_MODS:
        return None
    bounds = [anchor] if isinstance(anchor, Bound) else []
    tense = _mention_tense(doc, plain, span, head, embedded, rest)
    if tense == "past" or (event.after and tense != "future"):
        bounds.append(Bound(event.date, None, 2, f"after {event.event_id}"))
    elif tense == "future":
        bounds.append(Bound(None, event.until, 2, f"before {event.event_id}"))
    return bounds or None


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
        return tense if tense in ("past", "future") else None
    return _relation_tense(head)


def _strip_anchor(left: str) -> str:
    low = left.lower()
    for regex in (_REL_ANCHOR, _DAY_ANCHOR, _WEEKDAY_ANCHOR):
        low = regex.sub(" ", low)
    return low


def _anchor_window(left: str, event: CalendarEvent) -> Bound | str | None:
    """The window a possessive time anchor ("last month's", "Sunday's") gives, if any."""
    low, day, why = left.lower(), event.date, f"anchored {event.event_id}"
    if m := _REL_ANCHOR.search(low):
        step = {"last": 1, "this": 0, "next": -1}[m[1]]
        if m[2] == "week":
            return Bound(day + dt.timedelta(days=7 * step - 6), day + dt.timedelta(7 * step + 6),
                         3, why)
        if m[2] == "month":
            first = _add_months(dt.date(day.year, day.month, 1), step)
            return Bound(first, _period_end(first, "month"), 3, why)
        return Bound(dt.date(day.year + step, 1, 1), dt.date(day.year + step, 12, 31), 3, why)
    if m := _DAY_ANCHOR.search(low):
        shift = {"yesterday": 1, "today": 0, "tomorrow": -1}[m[1]]
        return Bound(day + dt.timedelta(shift), day + dt.timedelta(shift), 3, why)
    if m := _WEEKDAY_ANCHOR.search(low):
        days = _days(event)
        hits = [d for d in days if _WEEKDAYS[d.weekday()] == m[1]]
        if not hits:
            return "reject"
        return Bound(hits[0] - dt.timedelta(6), hits[0] + dt.timedelta(6), 3, why)
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
        return _MONTHS[m[1]], int(m[2])
    return _MONTHS[m[4]], int(m[3])


def _fits_dates(plain: str, span: Span, head: Token, np_start: int,
                event: CalendarEvent) -> bool:
    """No year or month-day in or right after the phrase contradicts the event."""
    np_end = span.end_char
    if head.pos_ in ("NOUN", "PROPN"):
        np_end = max(np_end, head.right_edge.idx + len(head.right_edge))
    text = plain[np_start:np_end] + " " + _clause_dates(plain, head)
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
    return Counter({code: n for code, pattern in calendar.countries.items()
                    if (n := len(pattern.findall(text)))})


def _prominent_countries(doc: Doc, plain: str, calendar: Calendar) -> set[str]:
    """Countries a text names at least twice and at least half as often as its most named one.

    Places the lexicon lacks count as countries of their own, so that a text about another
    country's election does not lend it to a country it mentions in passing.
    """
    counts = _countries_in(plain, calendar)
    for ent in doc.ents:
        text = _plain(ent.text)
        if ent.label_ in ("GPE", "NORP") and not _countries_in(text, calendar):
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
def _period_bounds(plain: str, calendar: Calendar) -> list[Bound]:
    out = []
    for period in calendar.periods:
        for pattern in period.names:
            for m in pattern.finditer(plain):
                if not _FORMER.search(plain[max(0, m.start() - 40):m.start()]):
                    out.append(Bound(period.start, period.end, 3, period.period_id))
                    break
    return out
