"""Time expressions: find them in a parsed body and normalise them to ISO 8601 values.

Finding: one grammar of regular expressions over ``doc.text`` decides what a time expression
is and where it starts and ends, so spaCy's DATE entities are trimmed to their temporal words
("Sunday's election" -> "Sunday", "since 2014" -> "2014") and spaCy's false DATEs (counts,
ages, "now", "the past") are dropped. Ambiguous forms (a bare year, a bare month name, a
clock time, "a day") are kept only where spaCy also tagged a DATE/TIME or a temporal
preposition precedes them.

Resolving: relative expressions are resolved against an anchor day. Outside quotations the
anchor is the publication date. Inside a direct quotation it is the day the words were said
when the text states it (see ``_speeches``), else the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.common.records import Timex
from pipeline.common.vocabulary import MONTH_NAMES, MONTHS, NUMBER_WORDS, SPEECH_VERBS, WEEKDAYS
from pipeline.extract.doctext import ents_of, text_of

_WEEKDAYS = {name: i for i, name in enumerate(WEEKDAYS)}
_NUMBERS = {**NUMBER_WORDS, "hundred": 100}
# unit -> (ISO designator, multiplier, is a time-of-day unit)
_UNITS = {"year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
          "month": ("M", 1, False), "week": ("W", 1, False), "day": ("D", 1, False),
          "hour": ("H", 1, True), "minute": ("M", 1, True)}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

_TEMPORAL_PREPS = {"in", "on", "at", "since", "by", "until", "till", "before", "after", "from",
                   "through", "during", "between", "and", "to", "of", "around", "for"}
_FUTURE_PREPS = {"before", "until", "till", "by"}
_LEADING_PREPS = {"on", "in", "at", "since", "by", "until", "till", "before", "after", "from",
                  "during", "over", "for", "through"}
# Statements a timex can date ("officials on Monday said").
_SPEECH_VERBS = SPEECH_VERBS

# ---- the finding grammar (case-sensitive names, case-insensitive function words) ----------
_MONTH_FULL = "|".join(m.capitalize() for m in MONTH_NAMES)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
# Beside a day or a year an abbreviation needs no full stop: "Nov 4", "12 Sept", "Dec 2024".
_MONTH_D = rf"(?:{_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![\w.]))"
_WEEKDAY = "(?:" + "|".join(d.capitalize() for d in _WEEKDAYS) + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = (r"(?:\d+|a|an|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?|"
        + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")")
_UNIT = r"(?:year|month|week|day|decade|hour|minute)s?|century|centuries"
_MOD = r"(?:(?i:early|mid|late|earlier|later)[- ]|(?i:the )?(?i:end|beginning|start|middle) of )"
_REL = r"(?:this past|this coming|this|last|next|coming)"
_PART = r"(?:morning|afternoon|evening|night)"
_TO_DAY = r"(?: |(?<=\.))"  # "Jan. 10" and, as some sites print it, "Jan.10"
_AMPM = r"(?:a\.m\.|p\.m\.|am\b|pm\b)"

_FINDER = re.compile(
    r"(?<![\w$€£.,-])(?:"
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?"
    rf"|(?:{_WEEKDAY},? )?(?:{_DAY} (?:of )?{_MONTH_D},? {_YEAR}"
    rf"|{_MONTH_D}{_TO_DAY}{_DAY},? {_YEAR}"
    rf"|{_MONTH_D}{_TO_DAY}{_DAY}|{_DAY} (?:of )?{_MONTH_D})"
    rf"|{_MOD}?{_MONTH_D},? {_YEAR}"
    rf"|(?i:{_REL}) {_MONTH}"
    rf"|(?:(?i:{_REL}) )?{_WEEKDAY}(?: (?i:{_PART}))?"
    rf"|(?i:(?:yesterday|today|tomorrow|tonight)(?: {_PART})?)"
    rf"|(?i:{_MOD}?(?:this|last|next) (?:week|month|year|weekend|decade))"
    rf"|(?i:the (?:past|last|next|coming|previous) (?:{_NUM} (?:{_UNIT})|year|month|week|day"
    r"|decade|century))"
    rf"|(?i:{_NUM}[- ](?:{_UNIT}) ago)"
    rf"|(?i:(?:every|each) (?:other )?(?:{_NUM} )?(?:{_UNIT}))|(?i:every|each) {_WEEKDAY}"
    rf"|(?i:{_NUM}[- ](?:{_UNIT}))(?![- ]old\b)"
    rf"|{_MOD}?(?:19|20)\d0s"
    rf"|\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?: ?(?i:{_AMPM}))?|\d{{1,2}} ?(?i:{_AMPM})"
    rf"|(?i:this {_PART})"
    rf"|{_MOD}?{_YEAR}(?![\d%]|[.,]\d)"
    rf"|{_MOD}?(?:{_MONTH_FULL})"
    r")(?![\w-])"
)
# Forms that are often not time expressions: kept only with spaCy's or a preposition's support.
_WEAK = re.compile(
    rf"{_MOD}?(?:{_YEAR}|{_MONTH_FULL})|(?i:an? (?:{_UNIT}))|\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
)
_QUOTES = re.compile(r"“[^“”]*?(?:”|(?=\n))|\"[^\"\n]*\"")

# ---- the resolving grammar (over lower-cased text) -------------------------------------------
_R_MON = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_R_WD = "(" + "|".join(_WEEKDAYS) + ")"
_R_WD_OPT = "(?:(?:" + "|".join(_WEEKDAYS) + "),? )?"
_R_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_R_NUM = _NUM.replace("(?:", "(", 1)
_R_UNIT = r"(year|month|week|day|decade|centur|hour|minute)(?:s|y|ies)?"
_R_PART = r"(?: (morning|afternoon|evening|night))?"
_MOD_PREFIX = re.compile(r"^(?:(?:early|mid|late|earlier|later)[- ]|(?:the )?(?:end|beginning"
                         r"|start|middle) of )")


@dataclass(frozen=True)
class _Speech:
    """A statement the text dates: where it is, who spoke (subject lemma) and on which day."""

    pos: int
    speaker: str | None
    day: dt.date


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def extract_timexes(doc: Doc, published: dt.date | None) -> list[Timex]:
    """Find and resolve the time expressions of a parsed body."""
    text = text_of(doc)
    quotes = [m.span() for m in _QUOTES.finditer(text)]
    spans = _candidates(doc, text)
    speeches = _speeches(spans, quotes, published)
    out = []
    for span, (start, end) in spans:
        quote = next(((qs, qe) for qs, qe in quotes if qs <= start and end <= qe), None)
        anchor = published if quote is None else _utterance_anchor(doc, quote, speeches, published)
        value, ttype = resolve(text[start:end], anchor, _direction(span))
        out.append(Timex(start, end, text[start:end], value, ttype,
                         "publication" if quote is None else "utterance"))
    return out


def resolve(text: str, anchor: dt.date | None, direction: str = "auto") -> tuple[str | None, str]:
    """Normalise one time expression: (ISO value or None, DATE/DURATION/SET/TIME).

    ``direction`` says which way an underspecified day or month points: ``past``, ``future``
    or ``auto`` (weekdays: past, the news default; month names: the nearest occurrence).
    Relative expressions get ``None`` when ``anchor`` is None.
    """
    norm = " ".join(text.lower().replace("’", "'").split())
    norm = re.sub(r"(?<=[a-z])\.(?=\d)", ". ", norm)  # "jan.10" -> "jan. 10"
    prep, _, rest = norm.partition(" ")
    if prep in _LEADING_PREPS and rest:  # "on Monday", "since 2014", "before January"
        norm = rest
        direction = "future" if prep in _FUTURE_PREPS and direction == "auto" else direction
    core = _MOD_PREFIX.sub("", norm, count=1)
    for pattern, handler in _RULES:
        match = pattern.fullmatch(core)
        if match:
            return handler(match, anchor, direction)
    return None, "DATE"


def value_to_date(value: str) -> tuple[dt.date | None, str]:
    """First day of an ISO value and its precision (day, month, year or unknown)."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return dt.date(int(m[1]), int(m[2]), 1), "month"
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), "year"
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            return _week_first_day(int(m[1]), int(m[2]), bool(m[3]))
        if m := re.fullmatch(r"(\d{2,3})X+", value):
            return dt.date(int(m[1]) * 10 ** (4 - len(m[1])), 1, 1), "unknown"
    except ValueError:
        pass
    return None, "unknown"


# ---------------------------------------------------------------------------------------------
# Finding
# ---------------------------------------------------------------------------------------------
def _candidates(doc: Doc, text: str) -> list[tuple[Span, tuple[int, int]]]:
    ents = [(e.start_char, e.end_char) for e in ents_of(doc) if e.label_ in ("DATE", "TIME")]
    found = []
    for m in _FINDER.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and _supported(m, span, ents):
            found.append((span, m.span()))
    return found


def _supported(m: re.Match, span: Span, ents: list[tuple[int, int]]) -> bool:
    if not _WEAK.fullmatch(m.group()):
        return True
    if any(s < m.end() and m.start() < e for s, e in ents):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.lower_ in _TEMPORAL_PREPS and span[0].tag_ != "MD"


def _direction(span: Span) -> str:
    """Which way the context points: past tense, future tense, or a 'before/until' cue."""
    verb = governing_verb(span.root)
    tense = _tense(verb) if verb is not None else "auto"
    if tense != "auto":
        return tense
    head = span.root.head  # only a preposition whose object is the timex: not "before Sunday's"
    cue = head.i == span.start - 1 and head.lower_ in _FUTURE_PREPS
    return "future" if cue else "auto"


def governing_verb(token: Token) -> Token | None:
    """The token itself if it is a verb, else the nearest verb above it (8 steps at most)."""
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _tense(verb: Token) -> str:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "'ll", "’ll", "shall", "wo") for a in auxes):
        return "future"
    if verb.tag_ == "VBD" or any(a.lemma_ == "have" or a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.head.lemma_ == "go" and verb.head.tag_ == "VBG":
        return "future"
    return "auto"  # present tense and infinitives ("promised to leave") do not fix a side


# ---------------------------------------------------------------------------------------------
# Utterance anchors
# ---------------------------------------------------------------------------------------------
def _speeches(spans: list[tuple[Span, tuple[int, int]]], quotes: list[tuple[int, int]],
              published: dt.date | None) -> list[_Speech]:
    """Statements dated by a day timex that a speech verb governs ("officials on Monday said").

    Only timexes outside quotations count, resolved against the publication date; the day must
    not be after publication.
    """
    out = []
    for span, (start, end) in spans:
        if any(qs <= start and end <= qe for qs, qe in quotes):
            continue
        verb = governing_verb(span.root)
        if verb is None or verb.lemma_ not in _SPEECH_VERBS:
            continue
        value, _ = resolve(span.text, published, _direction(span))
        day, precision = value_to_date(value) if value else (None, "unknown")
        if day is not None and precision == "day" and (published is None or day <= published):
            out.append(_Speech(start, _speaker(verb), day))
    return out


def _speaker(verb: Token) -> str | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None if subject is None or subject.pos_ == "PRON" else subject.lemma_.lower()


def _quote_speaker(doc: Doc, quote: tuple[int, int]) -> str | None:
    qs, qe = quote
    for sent in doc.sents:
        if sent.end_char <= qs or sent.start_char >= qe:
            continue
        for tok in sent:
            outside = tok.idx < qs or tok.idx >= qe
            if outside and tok.lemma_ in _SPEECH_VERBS and (key := _speaker(tok)):
                return key
    return None


def _utterance_anchor(doc: Doc, quote: tuple[int, int], speeches: list[_Speech],
                      published: dt.date | None) -> dt.date | None:
    """The day the quoted words were said, when the text dates them; else the publication date.

    A quote takes the date of a dated statement by the same speaker (same subject lemma,
    "officials ... said on Monday" / "the second official said"), the nearest earlier one
    first. A quote whose speaker is not named takes the article's statement date when the
    article dates all its statements to one day. Otherwise the publication date stands in:
    the words were usually said that day, and when not, the day is usually stated nearby.
    """
    if not speeches:
        return published
    speaker = _quote_speaker(doc, quote)
    same = [s for s in speeches if speaker is not None and s.speaker == speaker]
    if same:
        earlier = [s for s in same if s.pos < quote[0]]
        return (earlier[-1] if earlier else same[0]).day
    days = {s.day for s in speeches}
    return days.pop() if speaker is None and len(days) == 1 else published


# ---------------------------------------------------------------------------------------------
# Resolving
# ---------------------------------------------------------------------------------------------
_Result = tuple[str | None, str]


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    tens, _, ones = word.partition("-")
    if tens not in _NUMBERS or (ones and ones not in _NUMBERS):
        return None
    return _NUMBERS[tens] + (_NUMBERS[ones] if ones else 0)


def _unit(word: str) -> tuple[str, int, bool]:
    return _UNITS["century" if word == "centur" else word]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, k: int) -> str:
    index = year * 12 + month - 1 + k
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _week_first_day(year: int, week: int, weekend: bool) -> tuple[dt.date, str]:
    first = dt.date.fromisocalendar(year, week, 6 if weekend else 1)
    last = dt.date.fromisocalendar(year, week, 7)
    if (first.year, first.month) == (last.year, last.month):
        return first, "month"
    return first, "year" if first.year == last.year else "unknown"


def _pick(candidates: list[dt.date], anchor: dt.date, direction: str) -> dt.date | None:
    """The candidate on the side ``direction`` asks for (inclusive), or the nearest one."""
    past = [c for c in candidates if c <= anchor]
    future = [c for c in candidates if c >= anchor]
    if direction == "past" or (direction == "auto" and past and (
            not future or anchor - max(past) <= min(future) - anchor)):
        return max(past) if past else None
    return min(future) if future else None


def _iso(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    day = _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if day is None or not m[4]:
        return (day.isoformat() if day else None), "DATE"
    return f"{day}T{m[4]}:{m[5]}", "TIME"


def _full_date(day: str, month: str, year: str) -> _Result:
    date = _safe_date(int(year), MONTHS[month], int(day))
    return (date.isoformat() if date else None), "DATE"


def _dmy(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return _full_date(m[1], m[2], m[3])


def _mdy(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return _full_date(m[2], m[1], m[3])


def _day_month(day: str, month: str, anchor: dt.date | None, direction: str) -> _Result:
    if anchor is None:
        return None, "DATE"
    options = [_safe_date(anchor.year + k, MONTHS[month], int(day)) for k in (-1, 0, 1)]
    date = _pick([o for o in options if o], anchor, direction)
    return (date.isoformat() if date else None), "DATE"


def _dm(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return _day_month(m[1], m[2], anchor, direction)


def _md(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return _day_month(m[2], m[1], anchor, direction)


def _month_year(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}", "DATE"


def _month(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    rel, month = m[1], MONTHS[m[2]]
    if anchor is None:
        return None, "DATE"
    if rel == "this":
        return f"{anchor.year:04d}-{month:02d}", "DATE"
    back = (anchor.month - month) % 12 or (12 if rel == "last" else 0)
    ahead = (month - anchor.month) % 12 or (12 if rel == "next" else 0)
    if rel == "last" or (rel is None and direction == "past"):
        return _shift_month(anchor.year, anchor.month, -back), "DATE"
    if rel == "next" or direction == "future" or ahead < back:
        return _shift_month(anchor.year, anchor.month, ahead), "DATE"
    return _shift_month(anchor.year, anchor.month, -back), "DATE"


def _year(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return m[1], "DATE"


def _decade(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return f"{m[1]}X", "DATE"


def _weekday(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    rel, weekday, part = m[1], _WEEKDAYS[m[2]], m[3]
    if anchor is None:
        return None, "TIME" if part else "DATE"
    if rel == "this":
        day = anchor + dt.timedelta(weekday - anchor.weekday())
    elif rel in ("next", "coming", "this coming") or (rel is None and direction == "future"):
        day = anchor + dt.timedelta((weekday - anchor.weekday()) % 7 or 7)
    else:  # a bare weekday in news points back, to the anchor's own day at the nearest
        # ("said on Friday" in Friday's story); "last Friday" on a Friday is a week ago
        back = (anchor.weekday() - weekday) % 7
        day = anchor - dt.timedelta(back or (7 if rel else 0))
    return _with_part(day, part)


def _with_part(day: dt.date, part: str | None) -> _Result:
    return (f"{day}T{_PARTS[part]}", "TIME") if part else (day.isoformat(), "DATE")


def _day_word(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    word, part = m[1], m[2] or ("night" if m[1] == "tonight" else None)
    if anchor is None:
        return None, "TIME" if part else "DATE"
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return _with_part(anchor + dt.timedelta(offset), part)


def _relative_unit(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    step, unit = {"this": 0, "last": -1, "next": 1}[m[1]], m[2]
    if anchor is None:
        return None, "DATE"
    if unit in ("week", "weekend"):
        week = _iso_week(anchor + dt.timedelta(weeks=step))
        return (week + "-WE" if unit == "weekend" else week), "DATE"
    if unit == "month":
        return _shift_month(anchor.year, anchor.month, step), "DATE"
    if unit == "decade":
        return f"{anchor.year // 10 + step}X", "DATE"
    return str(anchor.year + step), "DATE"


def _period(n: int, unit: str) -> str:
    designator, mult, is_time = _unit(unit)
    return f"PT{n * mult}{designator}" if is_time else f"P{n * mult}{designator}"


def _duration(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    n = _number(m[1]) if m[1] else 1
    return (_period(n, m[2]) if n is not None else None), "DURATION"


def _ago(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    n = _number(m[1])
    designator, mult, is_time = _unit(m[2])
    if anchor is None or n is None or is_time:
        return None, "TIME" if is_time else "DATE"
    if designator == "Y":
        return str(anchor.year - n * mult), "DATE"
    if designator == "M":
        return _shift_month(anchor.year, anchor.month, -n), "DATE"
    if designator == "W":
        return _iso_week(anchor - dt.timedelta(weeks=n)), "DATE"
    return (anchor - dt.timedelta(days=n)).isoformat(), "DATE"


def _set(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    n = (_number(m[2]) if m[2] else 1) or 1
    if m[4]:
        return f"XXXX-WXX-{_WEEKDAYS[m[4]] + 1}", "SET"
    return _period(n * (2 if m[1] else 1), m[3]), "SET"


def _clock(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    hour, minute, ampm = int(m[1]), int(m[2] or 0), (m[3] or "").replace(".", "")
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or anchor is None:
        return None, "TIME"
    return f"{anchor}T{hour:02d}:{minute:02d}", "TIME"


def _part_of_day(m: re.Match, anchor: dt.date | None, direction: str) -> _Result:
    return (f"{anchor}T{_PARTS[m[1]]}" if anchor else None), "TIME"


_Handler = Callable[[re.Match, dt.date | None, str], _Result]
_RULES: list[tuple[re.Pattern, _Handler]] = [(re.compile(p), h) for p, h in [
    (r"(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2})(?::\d{2})?)?", _iso),
    (rf"{_R_WD_OPT}{_R_DAY} (?:of )?{_R_MON},? (\d{{4}})", _dmy),
    (rf"{_R_WD_OPT}{_R_MON} {_R_DAY},? (\d{{4}})", _mdy),
    (rf"{_R_WD_OPT}{_R_DAY} (?:of )?{_R_MON}", _dm),
    (rf"{_R_WD_OPT}{_R_MON} {_R_DAY}", _md),
    (rf"{_R_MON},? (\d{{4}})", _month_year),
    (rf"(?:(this|last|next) )?{_R_MON}", _month),
    (r"(\d{4})", _year),
    (r"(\d{3})0s", _decade),
    (rf"(?:(this past|this coming|coming|this|last|next) )?{_R_WD}{_R_PART}", _weekday),
    (rf"(yesterday|today|tomorrow|tonight){_R_PART}", _day_word),
    (r"(this|last|next) (week|weekend|month|year|decade)", _relative_unit),
    (rf"the (?:past|last|next|coming|previous) (?:{_R_NUM} )?{_R_UNIT}", _duration),
    (rf"{_R_NUM}[- ]{_R_UNIT} ago", _ago),
    (rf"(?:every|each) (other )?(?:(?:{_R_NUM} )?{_R_UNIT}|{_R_WD})", _set),
    (rf"{_R_NUM}[- ]{_R_UNIT}", _duration),
    (r"(?=.*(?::|[ap]\.?m))(\d{1,2})(?::(\d{2}))?(?::\d{2})? ?([ap]\.?m\.?)?", _clock),
    (rf"this {_PART.replace('(?:', '(', 1)}", _part_of_day),
]]
