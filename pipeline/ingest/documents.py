"""Split a raw news text into its header facts (title, date, url, outlet) and a clean body.

The body keeps the article's own characters; only headers, datelines, photo credits, site
chrome and reader comments are removed, and paragraphs are joined by one blank line. Dates are
only taken from what the text states; inferring a date from the content is done elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.common.records import ParsedText
from pipeline.common.vocabulary import MONTHS

# dates ------------------------------------------------------------------------------------
# Hand-written, not dateparser 1.5: same dev/seed dates, but 480x slower per line, and it
# raises on year-0001 stamps, drops "p.m. ET", month-only dates and the stated day (issue 14).

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\b\.?"
# Offsets in minutes east of UTC; ET/CT/MT/PT are resolved by a rough daylight-saving rule.
_TZ_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "WET": 0, "WEST": 60,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "VET": -240, "ART": -180, "BRT": -180, "COT": -300,
}  # fmt: skip
_US_ZONES = {"ET": -300, "CT": -360, "MT": -420, "PT": -480}
_TZ = "|".join(sorted([*_TZ_OFFSETS, *_US_ZONES], key=len, reverse=True))

ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
YMD_SLASH_RE = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
# 17/11/2024, 15-02-2024, 03.12.2025: day first, as outside the US; month first only when
# the first number cannot be a month's day order otherwise ("11/17/2024").
NUMERIC_DMY_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")
MDY_RE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
DMY_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}),?\s+(\d{{4}})\b", re.I)
MONTH_YEAR_RE = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b", re.I)
YEAR_RE = re.compile(r"^\D*?\b((?:19|20)\d{2})\b\D*$")
TIME_RE = re.compile(
    r"(?<![\d:.])(\d{1,2})[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*([AaPp])\.?\s?[Mm]\.?(?![a-z]))?"
    rf"(?:\s*(?:({_TZ})\b|([+-])(\d{{2}}):?(\d{{2}})\b))?"
)
WEEKDAY_RE = re.compile(_WEEKDAY, re.I)
DATE_FILLER_RE = re.compile(
    r"\bby\s.*$|\b(?:at|on|updated|published|posted|last|first|modified)\b"
    r"|[\s|,·•/–—:()\[\]`*_.@-]",
    re.I,
)
# A section label sites print before the date: "WORLD | 03-12-2025 16:27".
SECTION_LABEL_RE = re.compile(r"^[A-Z][A-Z&/ -]{1,30}?\s*[|·•]\s*")
# Each day pattern with the group numbers of its year, month and day.
_DAY_PATTERNS = ((ISO_RE, (1, 2, 3)), (YMD_SLASH_RE, (1, 2, 3)), (MDY_RE, (3, 1, 2)),
                 (DMY_RE, (3, 2, 1)), (NUMERIC_DMY_RE, (4, 3, 1)))  # fmt: skip


# A stated publication year outside these is a typo or a placeholder ("0000"), not a date.
_YEARS = range(1800, 2200)
# UTC offsets that exist on Earth, in minutes.
_OFFSETS = range(-12 * 60, 14 * 60 + 1)


@dataclass(frozen=True)
class _Stamp:
    """A stated publication time: the stated day, the UTC-or-stated time, the precision;
    and what was impossible in it (then the day is None, or the time was dropped)."""

    day: dt.date | None
    at: dt.datetime | None
    precision: str
    problem: str | None = None


def _make_day(year: str, month: str, day: str) -> dt.date | None:
    month_no = int(month) if month.isdigit() else MONTHS.get(month[:3].lower(), 0)
    if int(year) not in _YEARS:
        return None
    try:
        return dt.date(int(year), month_no, int(day))
    except ValueError:
        return None


def _find_day(text: str) -> tuple[dt.date | None, re.Match[str]] | None:
    """The first full calendar day stated in ``text`` with the match that states it; the day
    is None when every day stated is impossible (year 0000, 31 February)."""
    impossible = None
    for regex, order in _DAY_PATTERNS:
        m = regex.search(text)
        if m and (day := _make_day(*(m.group(i) for i in order))):
            return day, m
        if m and regex is NUMERIC_DMY_RE and (day := _make_day(m[4], m[1], m[3])):
            return day, m  # 11/17/2024: month first
        impossible = impossible or m
    return (None, impossible) if impossible else None


def _tz_offset(m: re.Match[str], day: dt.date) -> int | None:
    """Minutes east of UTC stated by a TIME_RE match, None when it states no zone."""
    name, sign, hours, minutes = m[5], m[6], m[7], m[8]
    if name in _US_ZONES:
        return _US_ZONES[name] + (60 if 3 < day.month < 11 else 0)
    if name:
        return _TZ_OFFSETS[name]
    if sign:
        if int(minutes) > 59:
            return _OFFSETS.stop  # no such offset
        return (1 if sign == "+" else -1) * (int(hours) * 60 + int(minutes))
    return None


def _find_time(text: str, day: dt.date) -> tuple[dt.datetime | None, str | None]:
    """The stated time of ``day`` in ``text``, converted to naive UTC when a zone is given;
    and a problem when the time's zone is impossible (the time is then dropped)."""
    m = TIME_RE.search(text)
    if not m:
        return None, None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[4]:
        hour = hour % 12 + (12 if m[4].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, None
    at = dt.datetime.combine(day, dt.time(hour, minute, second))
    offset = _tz_offset(m, day)
    if offset is None:
        return at, None
    if offset not in _OFFSETS:
        return None, f"impossible UTC offset in {m.group().strip()!r}: the time was ignored"
    return at - dt.timedelta(minutes=offset), None


def _impossible(m: re.Match[str]) -> _Stamp:
    return _Stamp(None, None, "unknown", f"impossible date {m.group().strip()!r} was ignored")


def _coarse_stamp(text: str) -> _Stamp | None:
    if m := MONTH_YEAR_RE.search(text):
        if int(m[2]) not in _YEARS:
            return _impossible(m)
        return _Stamp(dt.date(int(m[2]), MONTHS[m[1][:3].lower()], 1), None, "month")
    if m := YEAR_RE.match(text):
        return _Stamp(dt.date(int(m[1]), 1, 1), None, "year")
    return None


def _parse_stamp(text: str, coarse: bool = False) -> _Stamp | None:
    """The publication stamp stated in a header value; month/year only when ``coarse``."""
    found = _find_day(text)
    if not found:
        return _coarse_stamp(text) if coarse else None
    day, m = found
    if day is None:
        return _impossible(m)
    at, problem = _find_time(text[: m.start()] + " " + text[m.end() :], day)
    # published_date is the day as stated, even when the UTC time falls on another day.
    return _Stamp(day, at, "second" if at else "day", problem)


def _is_date_only(text: str) -> bool:
    """True when ``text`` is nothing but a date, time, weekday, filler words and a section
    label in capitals before a bar."""
    text = SECTION_LABEL_RE.sub("", text)
    if not _find_day(text) and not MONTH_YEAR_RE.search(text):
        return False
    rest = MONTH_YEAR_RE.sub(" ", _strip_days(text))
    rest = WEEKDAY_RE.sub(" ", TIME_RE.sub(" ", rest))
    return not DATE_FILLER_RE.sub("", rest)


def _strip_days(text: str) -> str:
    for regex, _ in _DAY_PATTERNS:
        text = regex.sub(" ", text)
    return text


# header lines -----------------------------------------------------------------------------

_ISO_VALUE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
DATE_PREFIX_RE = re.compile(
    rf"^\s*(?:date|dated|published|posted|publication date)\s*:?\s*`?"
    rf"(?P<value>(?:{_ISO_VALUE}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:{_TZ})\b)?)?)"
    r"`?(?:\s*[|·—–-](?=\s))?[ \t]*",
    re.I,
)
DATE_LABEL_RE = re.compile(
    r"^(?P<label>published|posted|updated|last updated|first published|date|dated|"
    r"publication date|published date|modified|last modified|created)"
    r"(?:\s+on)?\s*(?P<colon>:)?\s*(?P<value>.+)$",
    re.I,
)
_EARLY_LABELS = ("published", "posted", "first published", "date", "dated", "publication date",
                 "published date", "created")  # fmt: skip
URL_RE = re.compile(r"https?://[^\s<>`\"')\]]+")
URL_LINE_RE = re.compile(
    r"^(?:(?:source|original|canonical|article|story)?\s*(?:url|link)|canonical|permalink|"
    r"source|original)\s*:\s*<?(https?://\S+?)>?$",
    re.I,
)
BARE_URL_RE = re.compile(r"^<?(https?://\S+?)>?$")
SOURCE_LINE_RE = re.compile(
    r"^(?:source|publisher|published by|outlet|site|website|media|newspaper)\s*:\s*(?P<value>.+)$",
    re.I,
)
AUTHOR_LINE_RE = re.compile(r"^(?:author|authors|written by|reporter|byline)\s*:\s*\S.*$", re.I)
TITLE_LINE_RE = re.compile(r"^(?:title|headline)\s*:\s*(?P<value>\S.*)$", re.I)
BYLINE_RE = re.compile(
    r"^(?:(?:story|written|words|reporting)\s+)?by\s*:?\s+(?P<value>[A-Z].*)$", re.I
)
BYLINE_SPLIT_RE = re.compile(r"\s*(?:[|,;]|\s[-–—]\s|\s/\s)\s*")
NAME_WORD_RE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’.-]*|and|&|de|da|del|de la|dos|do|van|von|der|la|le|al|el|bin)$"
)
ROLE_RE = re.compile(
    r"\b(?:correspondent|reporter|writer|editor|staff|contributor|columnist|journalist|"
    r"bureau|chief|senior|producer|analyst|special|in\s+[A-Z]\w+)\b",
    re.I,
)
AGENCY_WORD_RE = re.compile(
    r"\b(?:press|news|agency|reuters|afp|efe|bloomberg|xinhua|wire|times|post|journal|"
    r"tribune|herald|cnn|bbc|telegraph|guardian|globe|gazette|dispatch)\b",
    re.I,
)
OUTLET_PART_RE = re.compile(r"^[A-Z][^\d]*$")
MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*$")
MARKUP_CHARS = " *_`>"


@dataclass
class _Header:
    """Header facts collected while scanning the paragraphs."""

    title: str | None = None
    stamps: list[tuple[float, int, _Stamp]] = field(default_factory=list)  # priority, order, stamp
    url: str | None = None
    outlet: str | None = None
    byline_outlet: str | None = None
    agency: str | None = None  # a wire agency's name on its own line, or in a credit line


def _plain(par: str) -> str:
    """A paragraph without emphasis marks and backticks, for matching header labels."""
    return par.replace("*", "").replace("`", "").strip(MARKUP_CHARS)


def _take_dated_line(par: str, header: _Header, order: int) -> bool:
    m = DATE_LABEL_RE.match(_plain(par))
    if not m or len(par.split()) > 25:
        return False
    value = m["value"].strip(" `")
    if not m["colon"] and not _is_date_only(value):
        return False  # "Updated figures show..." is prose, not a header
    stamp = _parse_stamp(value, coarse=True)
    if stamp is None:
        return False
    priority = 0 if m["label"].lower() in _EARLY_LABELS else 2
    header.stamps.append((priority, order, stamp))
    return True


def _take_url_line(par: str, header: _Header) -> bool:
    m = URL_LINE_RE.match(_plain(par)) or BARE_URL_RE.match(par.strip())
    if not m:
        return False
    header.url = header.url or m[1]
    return True


def _take_source_line(par: str, header: _Header) -> bool:
    m = SOURCE_LINE_RE.match(_plain(par))
    if not m or len(m["value"].split()) > 8:
        return False
    value = m["value"]
    if url := URL_RE.search(value):
        header.url = header.url or url.group()
        value = value.replace(url.group(), "")
    value = value.strip(" ()[]<>|,-–—")
    if value:
        header.outlet = header.outlet or value
    return True


def _take_byline(par: str, header: _Header, order: int) -> bool:
    m = BYLINE_RE.match(_plain(par))
    if not m or len(par.split()) > 16 or par.rstrip().endswith("."):
        return False
    value = m["value"].strip()
    stamp = _parse_stamp(value)
    if stamp:
        value = WEEKDAY_RE.sub(" ", TIME_RE.sub(" ", _strip_days(value)))
    parts = [part for part in BYLINE_SPLIT_RE.split(value.strip()) if part]
    if not parts:
        return False
    names, *rest = parts
    if not all(NAME_WORD_RE.match(w) for w in names.split()):
        return False
    if stamp:
        header.stamps.append((1, order, stamp))
    if not rest and AGENCY_WORD_RE.search(names):
        header.byline_outlet = header.byline_outlet or re.sub(r"\s+Staff$", "", names)
    outlets = [part for part in rest if OUTLET_PART_RE.match(part) and not ROLE_RE.search(part)]
    header.byline_outlet = header.byline_outlet or (outlets[0] if outlets else None)
    return True


def _take_date_line(par: str, header: _Header, order: int) -> bool:
    """A line that is only a date. "Monday, June 2, 2025" alone (a weekday, no time) is how
    pages print the current day above the article: any other date line beats it."""
    text = _plain(par)
    if len(text.split()) > 12 or not _is_date_only(text):
        return False
    if stamp := _parse_stamp(SECTION_LABEL_RE.sub("", text), coarse=True):
        masthead = bool(WEEKDAY_RE.search(text)) and stamp.at is None
        header.stamps.append((1.5 if masthead else 1, order, stamp))
    return True


def _take_agency_line(par: str, header: _Header, in_head: bool, at_tail: bool) -> bool:
    """ "Reuters" alone near the top, or "(according to Xinhua)" at the end: whose copy it is."""
    m = (AGENCY_LABEL_RE.match(_plain(par)) if in_head else None) or (
        SOURCE_CREDIT_RE.match(_plain(par)) if at_tail else None
    )
    if m:
        header.agency = header.agency or m.group(1).strip()
    return m is not None


def _take_meta(
    par: str, header: _Header, order: int, in_head: bool, at_edge: bool, at_tail: bool = False
) -> bool:
    """Record ``par`` in ``header`` if it is a header line; True when it was one.

    Labelled dates and URLs count anywhere; a ``Source:`` line only before the article or at
    its end (in the middle it credits a chart); bylines and bare dates only near the top.
    """
    if AUTHOR_LINE_RE.match(_plain(par)) and len(par.split()) <= 12:
        return True
    if _take_agency_line(par, header, in_head, at_tail):
        return True
    if (m := TITLE_LINE_RE.match(_plain(par))) and in_head and header.title is None:
        header.title = m["value"].strip()
        return True
    if _take_dated_line(par, header, order) or _take_url_line(par, header):
        return True
    if at_edge and _take_source_line(par, header):
        return True
    return in_head and (_take_byline(par, header, order) or _take_date_line(par, header, order))


# titles -----------------------------------------------------------------------------------

TITLE_START_RE = re.compile(r"^[A-ZÀ-Þ0-9\"“‘'¿¡]")
TITLE_BAD_END = ".,;:-–—…)("


def _is_headline(par: str) -> bool:
    """A short, title-like line with no final period: the headline of an unmarked text."""
    words = par.split()
    if "\n" in par or not 3 <= len(words) <= 30 or len(par) > 250:
        return False
    if not TITLE_START_RE.match(par) or par[-1] in TITLE_BAD_END:
        return False
    return not (URL_RE.search(par) or _has_credit(par) or _dateline_match(par))


def _markdown_title(par: str) -> str | None:
    m = MD_HEADING_RE.match(par)
    return m["text"].strip("*_ ") if m else None


def _take_title(pars: list[str], i: int, header: _Header, kept: list[str]) -> bool:
    """Take ``pars[i]`` as the title if it is the first content paragraph and looks like one."""
    if header.title is not None or kept or i + 1 >= len(pars):
        return False
    title = _markdown_title(pars[i])
    if title is None and _is_headline(pars[i]):
        title = pars[i].strip()
    if title:
        header.title = title
    return title is not None


_HEAD_ZONE = 8  # unlabelled bylines and bare dates are only looked for in the first paragraphs
_TAIL_ZONE = 3


def _extract_header(pars: list[str]) -> tuple[_Header, list[str]]:
    header = _Header()
    kept: list[str] = []
    for i, par in enumerate(pars):
        at_tail = i >= len(pars) - _TAIL_ZONE
        if _take_meta(par, header, i, i < _HEAD_ZONE, not kept or at_tail, at_tail):
            continue
        if not _take_title(pars, i, header, kept):
            kept.append(par)
    return header, kept


def _best_stamp(stamps: list[tuple[float, int, _Stamp]]) -> _Stamp | None:
    """Published beats a bare date, which beats updated; earlier beats later. Impossible
    dates do not count."""
    usable = [s for s in stamps if s[2].day is not None]
    return min(usable, key=lambda s: (s[0], s[1]))[2] if usable else None


# datelines --------------------------------------------------------------------------------

_UP = r"A-ZÀ-ÖØ-Þ"
_CAPS_WORD = rf"[{_UP}][{_UP}'’.-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:(?:\s+|/){_CAPS_WORD}){{0,3}}"  # SAN JUAN, WASHINGTON/BOGOTA
_PLACE = r"[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){0,3}"
_AGENCY = r"\((?P<agency>[A-Za-z][\w.&' -]{0,30})\)"
_DATELINE_DATE = rf"(?:,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
_TEXT_AHEAD = r"\s*(?=[A-ZÀ-Þ\"“‘'0-9]|$)"
DATELINE_RES = (
    # "CARACAS, Venezuela (AP) —", "WASHINGTON/BOGOTA, Jan 31 (Reuters) -", "CARACAS, (Reuters)
    # –", "TOWN, Country, Nov 17, (AP):"
    re.compile(
        rf"^{_CAPS_PLACE}(?:,\s*{_PLACE})?{_DATELINE_DATE},?\s*"
        rf"(?:{_AGENCY}\s*(?:—|–|--?|:)|—|–|--?){_TEXT_AHEAD}"
    ),
    # "Caracas, Venezuela (AP) —", "March 16 (UPI) —", "(Tribune News Service) —"
    re.compile(
        rf"^(?:{_PLACE}(?:,\s*{_PLACE})?{_DATELINE_DATE},?\s*|{_MONTH}\s+\d{{1,2}}\s*)?"
        rf"{_AGENCY}\s*(?:—|–|--?|:){_TEXT_AHEAD}"
    ),
    # "CARACAS: ..." (no agency); four capitals at least so that "UN: ..." is not a dateline.
    re.compile(rf"^[{_UP}]{{4,}}(?:\s+[{_UP}]{{2,}}){{0,2}}:\s*(?=[A-ZÀ-Þ\"“‘'0-9])"),
    # "MOSCOW, March 3. /TASS/." and "BOGOTA, March 3 /Agency/"
    re.compile(
        rf"^{_CAPS_PLACE}(?:,\s*{_PLACE})?,\s*{_MONTH}\s+\d{{1,2}}\.?\s*"
        r"/(?P<agency>[A-Za-z][\w .&-]{1,30})/\.?\s*(?=[A-ZÀ-Þ\"“‘'0-9]|$)"
    ),
)
# "São Paulo, Brazil — ...", "Washington DC - ...": a place in ordinary case before a spaced
# dash, at the start of the first paragraph only (the capitals above are safe anywhere early).
PLAIN_DATELINE_RE = re.compile(
    r"^(?!(?:The|A|An|In|On|At|For|But|And|As|If|It|This|That|These|Those|He|She|They|We|I|"
    r"President|Mr|Ms|Mrs|Dr)\b)"
    r"[A-ZÀ-Þ][\w.-]+(?:\s+[A-ZÀ-Þ][\w.-]*){0,2}(?:,\s*[A-ZÀ-Þ][\w.-]+(?:\s+[A-ZÀ-Þ][\w.-]*){0,2})?"
    r"\s+(?:—|–|-)\s+(?=[A-ZÀ-Þ\"“‘])"
)
DATELINE_DAY_RE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})\b", re.I)
# A dateline scraped onto short lines of its own: "Caracas, Venezuela" / "CNN" / "—".
SPLIT_DATELINE_RE = re.compile(
    rf"^{_PLACE}(?:,\s*{_PLACE})?\s+\(?(?P<agency>[A-Z][\w.&-]{{1,20}})\)?\s*(?:—|–|--?)$"
)


def _dateline_match(par: str, first: bool = False) -> re.Match[str] | None:
    """The dateline that opens ``par``; a place in ordinary case only in the first paragraph."""
    found = next((m for regex in DATELINE_RES if (m := regex.match(par))), None)
    return found or (PLAIN_DATELINE_RE.match(par) if first else None)


def _split_dateline(pars: list[str], i: int) -> tuple[int, str] | None:
    """Paragraphs used and agency of a dateline spread over short paragraphs from ``i``."""
    for n in (2, 3):
        head = pars[i : i + n]
        short = len(head) == n and all(len(p.split()) <= 4 for p in head)
        if short and (m := SPLIT_DATELINE_RE.match(" ".join(head))):
            return n, m["agency"]
    return None


@dataclass(frozen=True)
class _Dateline:
    agency: str | None = None
    month_day: tuple[int, int] | None = None  # "Jan 31" in "WASHINGTON, Jan 31 (Reuters) -"


def _cut_dateline(pars: list[str]) -> tuple[list[str], _Dateline]:
    """Remove a ``CARACAS, Venezuela (AP) —`` dateline from one of the first paragraphs
    (summary bullets before it do not count)."""
    bullets = 0
    while bullets < len(pars) and LIST_ITEM_RE.match(pars[bullets]):
        bullets += 1
    for i, par in enumerate(pars[: bullets + 3]):
        if i < bullets:
            continue
        if m := _dateline_match(par, first=i == bullets):
            rest = par[m.end() :].strip()
            pars = pars[:i] + ([rest] if rest else []) + pars[i + 1 :]
            day = DATELINE_DAY_RE.search(m.group())
            month_day = (MONTHS[day[1][:3].lower()], int(day[2])) if day else None
            return pars, _Dateline(m.groupdict().get("agency"), month_day)
        if split := _split_dateline(pars, i):
            return pars[:i] + pars[i + split[0] :], _Dateline(split[1])
    return pars, _Dateline()


# photo credits, markup, chrome -------------------------------------------------------------

_PHOTO_AGENCIES = (
    r"(?:AP|AFP|Reuters|REUTERS|EFE|EPA|Getty Images|Getty|Bloomberg|Xinhua|Anadolu|dpa|ANSA|UPI|"
    r"NurPhoto|SOPA Images|Shutterstock|Sipa|Zuma|ZUMA|Alamy|Europa Press|Prensa Latina)"
)
_PHOTO_WORD = r"(?:[Pp]hoto(?:graph)?|PHOTO|[Ff]oto|[Ii]mage|[Pp]icture|[Ii]llustration|[Vv]ideo)s?"
_CAP_NAME = r"[A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*){0,4}"
PAREN_CREDIT_RE = re.compile(
    r"\s*\((?:"
    rf"[^()]*?\b{_PHOTO_WORD}(?:\s+credit)?\s*(?:/|:|by\b|©)[^()]*"
    rf"|{_PHOTO_AGENCIES}\s*/\s*{_CAP_NAME}(?:,\s*[Ff]ile)?"
    rf"|{_CAP_NAME}\s*/\s*{_PHOTO_AGENCIES}(?:\s+via\s+Getty Images)?"
    r"|[^()]*\b(?:Getty Images|Shutterstock|via Getty)\b[^()]*"
    r"|(?:[Cc]redit|CREDIT|[Cc]ourtesy|©)\b[^()]*"
    r"|[Ff]ile(?:\s+[Pp]hoto)?"
    r"|(?:[A-Z][\w.&'-]*\s+){0,3}(?:[Pp]hoto|PHOTO)s?"
    r")\)"
)
_AFTER_SENTENCE = r"(?:^|(?<=[.!?”\"’)])\s+|\s*\|\s*)"
TRAIL_CREDIT_RE = re.compile(
    rf"{_AFTER_SENTENCE}(?:"
    rf"(?:{_PHOTO_WORD}(?:\s+(?:credit|source))?|[Cc]redit|CREDIT)\s*(?::|by\b).{{1,120}}"
    rf"|{_PHOTO_AGENCIES}\s+{_PHOTO_WORD}\s*/.{{1,80}}"
    rf"|[^.!?|]{{0,80}}?(?:/\s*{_PHOTO_AGENCIES}|Getty Images)"
    r")$"
)
# Text that every match of TRAIL_CREDIT_RE contains: a photo word, "credit" or a slash.
_TRAIL_CUES = ("/", "oto", "OTO", "mage", "icture", "llustration", "ideo", "redit", "REDIT")
MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:https?://|/|#)[^)\s]*(?:\s+\"[^\"]*\")?\)")
RULE_RE = re.compile(r"^(?:[-*_=]\s*){3,}$")
CHROME_RE = re.compile(
    r"(?:exit mobile version|skip to\b.{0,40}|toggle navigation|back to top"
    r"|share(?: this)?(?: article| story| post| page)?|share (?:on|via) \w+|like this"
    r"|tweet|print|email|e-mail|facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest"
    r"|copy link|copied|like(?:\s+loading)?\.*|loading\.*|advertisement|advertising|ad"
    r"|sponsored(?: content)?|newsletter|(?:main )?menu|search|home|close|related"
    r"|trending(?: now)?|most (?:read|popular|viewed)|recommended(?: for you)?"
    r"|latest(?: news| stories)?|getty images"
    r"|(?:subscribe|sign up|follow us|join our|download (?:our|the) app|click here|tap here"
    r"|you may also like|more from|more on this)\b.{0,200}|.{0,60}\bvalues your feedback\b.*"
    r"|(?:read|see) (?:more|also)\b.{0,200}|(?:also )?read\s*:.{0,200}"
    r"|related(?: articles?| stories| news| posts?| content| coverage| topics)?\s*:.{0,200}"
    r"|(?:tags?|topics?|categories|category|filed under)\s*:.{0,200}"
    r"|listen to (?:this )?article.{0,40}|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:©|copyright\b).{0,200}|.{0,200}all rights reserved\.?"
    r"|(?:reporting|writing|editing|additional reporting|compiled) by\b.{0,200}"
    r"|.{0,120}\bcontributed (?:reporting )?to this (?:report|story|article)\.?)"
    r"\s*:?",
    re.I,
)
COOKIE_RE = re.compile(r"\bcookies?\b.*\b(?:use|accept|consent|policy|browsing|experience)\b", re.I)
# A wire editor's note on a new version: "(Recasts with ...)", "(Updates with casualties)".
EDITORIAL_NOTE_RE = re.compile(
    r"^\((?:recasts|updates|adds|corrects|rewrites|refiles|changes|writes through|fixes|"
    r"new throughout|repeats|removes|clarifies)\b[^()]{0,200}\)$",
    re.I,
)
# A paragraph that is only a picture's caption or credit: "Image: ...", "Photo credit: ...".
CAPTION_LINE_RE = re.compile(
    r"^(?:image|photo|picture|photograph|caption|credit|photo credit|image credit)s?\s*:\s*\S",
    re.I,
)
# Headings of lists of links to other stories: what follows them is other stories' headlines.
LINK_LIST_HEADING_RE = re.compile(
    r"(?:most (?:read|popular|viewed|shared)(?: (?:stories|articles|news))?|trending(?: now)?"
    r"|related(?: articles?| stories| news| posts?| content| coverage)?|recommended(?: for you)?"
    r"|(?:read|see) (?:more|also)|you (?:may|might) also like|more (?:from|on) [\w .'-]{1,40}"
    r"|latest(?: news| stories| articles)?|top stories|editor'?s picks?|more stories)\s*:?",
    re.I,
)
# Wire agencies, whose name alone on a line or in brackets credits the copy to them.
_WIRE_AGENCIES = (
    r"(?:AP|The Associated Press|Associated Press|AFP|Agence France-Presse|Reuters|REUTERS|EFE|"
    r"UPI|United Press International|Xinhua|dpa|DPA|ANSA|Anadolu(?: Agency)?|Kyodo|Yonhap|TASS|"
    r"Lusa|LUSA|PTI|IANS|CMC|VNA|Bernama|Antara|Prensa Latina|Europa Press|Tribune News Service|"
    r"Bloomberg|Interfax|RIA Novosti|Sputnik|PA Media|AAP|CNA|Notimex|Télam|Telam)"
)
AGENCY_LABEL_RE = re.compile(rf"^(?P<agency>{_WIRE_AGENCIES})$")
# "[BBC] The US has ...": a tag naming the source at the start of the text.
_TAG_STOPWORDS = {"video", "watch", "photos", "photo", "live", "update", "updated", "opinion",
                  "editorial", "exclusive", "breaking", "audio", "listen", "graphic", "ad",
                  "analysis", "explainer", "sponsored", "correction", "podcast"}  # fmt: skip
SOURCE_TAG_RE = re.compile(r"^\[(?P<tag>[A-Z][\w .&'-]{0,30}?)\]\s*(?=[A-ZÀ-Þ\"“‘0-9])")
# "TB (according to VNA)", "(Source: Xinhua)": the editor's initials and the copy's source.
SOURCE_CREDIT_RE = re.compile(
    r"^(?:[A-Z]{1,4}\s*[-.]?\s*)?\((?:according to|source\s*:?|via|from)\s+"
    r"(?P<value>[A-Z][^()]{1,40})\)\.?$"
)
# "© 2025 The Example Times. All rights reserved." and "Read more on The Example Post".
COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright\b)\s*©?\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?"
    r"(?P<name>[A-Z][\w&'’ .-]{1,50}?)\s*[.,;]?\s*(?:all rights reserved\.?)?$",
    re.I,
)
READ_MORE_RE = re.compile(
    r"^(?:read (?:more|the (?:full|original) (?:story|article))|this (?:article|story) "
    r"(?:was )?(?:first|originally) (?:appeared|published))\s+(?:on|at|in|by)\s+"
    r"(?P<name>[A-Z][\w&'’ .-]{1,50}?)\.?$",
    re.I,
)


def _may_have_paren_credit(par: str) -> bool:
    return "(" in par and ")" in par


def _may_have_trail_credit(par: str) -> bool:
    return any(cue in par for cue in _TRAIL_CUES)


def _has_credit(par: str) -> bool:
    return bool(
        (_may_have_paren_credit(par) and PAREN_CREDIT_RE.search(par))
        or (_may_have_trail_credit(par) and TRAIL_CREDIT_RE.search(par))
    )


def _is_chrome(par: str) -> bool:
    """Site chrome: navigation, sharing, ads, subscriptions, cookie notices, rules."""
    text = par.strip(MARKUP_CHARS + "#()[]")
    if RULE_RE.match(par.strip()) or not text:
        return True
    if len(text.split()) > 40:
        return False
    return bool(CHROME_RE.fullmatch(text) or COOKIE_RE.search(text))


# An image's file name or tag run into its caption: "Jane Roe PortraitJane Roe speaks ...".
GLUED_TAG_RE = re.compile(r"^(?:\S+\s+){0,5}?\S*?[a-zà-ÿ]{5,}(?=[A-ZÀ-Þ][a-zà-ÿ]{3,})")


def _cut_glued_caption(par: str) -> str:
    """A caption that ran into the article's next paragraph ends with its credit glued to the
    next sentence ("... (Agency Photo)The minister said"): cut the caption; and an image tag
    glued to the start of a caption."""
    m = PAREN_CREDIT_RE.search(par)
    if m is None:
        return par
    after = par[m.end() : m.end() + 1]
    if m.start() <= 400 and after and (after.isupper() or after in '“"‘'):
        return par[m.end() :]
    if tag := GLUED_TAG_RE.match(par):
        return par[tag.end() :]
    return par


def _chrome_source(par: str) -> str | None:
    """The outlet a copyright line or a "Read more on ..." line names."""
    text = par.strip(MARKUP_CHARS)
    if len(text.split()) > 14:
        return None
    for regex in (COPYRIGHT_RE, READ_MORE_RE):
        m = regex.match(text)
        if m and not re.match(r"all rights", m["name"], re.I):
            return m["name"].strip(" .")
    return None


MENU_SPLIT_RE = re.compile(r"\s*[|•·»›>]\s*")


def _is_menu(par: str) -> bool:
    """ "Home | World | Americas", "News > World > Americas": three or more short items."""
    parts = [p for p in MENU_SPLIT_RE.split(par.strip(MARKUP_CHARS)) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 4 and p[-1] not in ".!?" for p in parts)


def _is_link_line(par: str) -> bool:
    """A line of a list of links: another story's headline, or a list item."""
    text = par.strip(MARKUP_CHARS)
    return (
        bool(text)
        and "\n" not in text
        and (
            LIST_ITEM_RE.match(par.strip()) is not None
            or (len(text.split()) <= 25 and text[-1] not in ".!\"”'’)")
        )
    )


def _strip_chrome(pars: list[str]) -> tuple[list[str], str | None]:
    """Paragraphs without site chrome; and the outlet a copyright or "Read more on" line names.

    After a heading such as "Most read" or "Related", the headlines of other stories that
    follow it go too (once the article has begun: at the top, a headline may be the title).
    """
    kept: list[str] = []
    outlet = None
    in_links = started = False
    for par in pars:
        if in_links and _is_link_line(par) and (started or LIST_ITEM_RE.match(par.strip())):
            continue
        in_links = False
        plain = par.strip(MARKUP_CHARS + "#")
        if name := _chrome_source(par):
            outlet = outlet or name
            continue
        if LINK_LIST_HEADING_RE.fullmatch(plain):
            in_links = True
            continue
        if _is_chrome(par) or _is_menu(par) or EDITORIAL_NOTE_RE.match(plain):
            continue
        if CAPTION_LINE_RE.match(plain) and len(plain.split()) <= 60:
            continue
        if _clean_paragraph(par):
            kept.append(par)
            started = started or (len(par.split()) >= 8 and bool(LINE_END_RE.search(par)))
    return _drop_menu_run(kept), outlet


def _drop_menu_run(pars: list[str]) -> list[str]:
    """Three or more one- or two-word lines opening the text are a menu or section labels."""
    n = 0
    while n < len(pars) and len(pars[n].split()) <= 2 and not LINE_END_RE.search(pars[n]):
        if _is_date_only(pars[n]) or BYLINE_RE.match(_plain(pars[n])):
            break
        n += 1
    if n < 3 or any(_split_dateline(pars, i) for i in range(n)):
        return pars
    return pars[n:]


def _drop_repeats(pars: list[str]) -> list[str]:
    """A paragraph repeated right after itself, and an image's alt text right before the
    caption that begins with it, are page chrome."""
    out: list[str] = []
    for i, par in enumerate(pars):
        if out and par == out[-1]:
            continue
        following = pars[i + 1] if i + 1 < len(pars) else ""
        alt = len(par.split()) <= 15 and following.startswith(par + " ")
        if not (alt and _has_credit(following)):
            out.append(par)
    return out


def _cut_source_tag(pars: list[str]) -> tuple[list[str], str | None]:
    """ "[BBC] The US has ..." at the start of one of the first two paragraphs."""
    for i, par in enumerate(pars[:2]):
        m = SOURCE_TAG_RE.match(par)
        if m and m["tag"].lower() not in _TAG_STOPWORDS:
            return pars[:i] + [par[m.end() :]] + pars[i + 1 :], m["tag"].strip()
    return pars, None


def _clean_paragraph(par: str) -> str:
    """Strip photo credits and markdown heading marks; keep every other character."""
    if _may_have_paren_credit(par):
        par = PAREN_CREDIT_RE.sub("", _cut_glued_caption(par))
    if _may_have_trail_credit(par):
        par = TRAIL_CREDIT_RE.sub("", par)
    if m := MD_HEADING_RE.match(par):
        par = m["text"]
    return par.strip()


# reader comments ----------------------------------------------------------------------------

COMMENT_START_RE = re.compile(
    r"(?:(?:\d+\s+)?comments?(?:\s*\(\d+\))?|(?:\d+|one|two|three)\s+"
    r"(?:comments?|responses?|replies|thoughts?)(?:\s+(?:to|on)\b.*)?"
    r"|(?:leave|post|add|write)\s+a\s+(?:reply|comment)\b.*|reply|replies|cancel reply"
    r"|comments are closed\.?|you must be logged in to post a comment\.?"
    r"|join the (?:conversation|discussion).*|(?:view|show|load|see) comments)\s*:?",
    re.I,
)
SAYS_RE = re.compile(r"^(?P<name>[^.!?:“”\"]{1,50}?)\s+says:\s*(?P<rest>.*)$")


def _is_comment_start(par: str, following: str) -> bool:
    """A comment-section heading, or a ``Name says:`` line with the comment's date."""
    text = par.strip(MARKUP_CHARS + "#")
    if COMMENT_START_RE.fullmatch(text):
        return True
    m = SAYS_RE.match(text)
    if not m or len(m["name"].split()) > 5:
        return False
    return _is_date_only(m["rest"] or following)


def _cut_comments(pars: list[str]) -> list[str]:
    """Cut a reader-comment section; it must follow at least two paragraphs of prose."""
    prose = 0
    for i, par in enumerate(pars):
        if prose >= 2 and _is_comment_start(par, pars[i + 1] if i + 1 < len(pars) else ""):
            return pars[:i]
        if prose < 2:
            prose += len(par.split()) >= 8 and bool(LINE_END_RE.search(par))
    return pars


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A final one-line paragraph is a reader remark (not the article's real last paragraph) when:
# - it is short (fewer than 10 words), follows at least three paragraphs, and
# - it has nothing that marks article prose: no digit, no quotation, no reporting word
#   ("said", "declined to comment", "according to"...), and
# - it shares no proper noun with the article and no content word with the headline or the
#   lead paragraph (words compared case-folded, possessive and plural -s dropped).
# A real closing line of an article names its actors ("Maduro has not responded."), quotes
# someone or gives a figure; a remark like "The pot calling the kettle black." does none.
_REMARK_MAX_WORDS = 10
_REMARK_MIN_BEFORE = 3
WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.-]*")
CAPITALISED_RE = re.compile(r"[A-ZÀ-Þ][\w'’.-]*")
QUOTE_OR_DIGIT_RE = re.compile(r"[\d\"“”‘«»]|(?:^|\s)'")
_NEWS_WORDS = _word_set(
    "said says say told tell tells added adds declined decline comment commented comments "
    "elaborate elaborated respond responded response request requests according reported "
    "reports reportedly statement confirmed confirm announced spokesperson spokesman spokeswoman "
    "official officials authorities expected scheduled continue continues remains remain "
    "killed injured wounded arrested detained died dead"
)
_STOPWORDS = _word_set(
    "a an the and or but if of at by for with about against between into through during before "
    "after above below to from up down in out on off over under again further then once here "
    "there when where why how all any both each few more most other some such no nor not only own "
    "same so than too very can will just should now is are was were be been being have has had "
    "do does did this that these those it its it's i me my we our you your he him his she her "
    "they them their what which who whom as us also yet ever never"
)


_FINITE_WORDS = _word_set(
    "is are was were am be been has have had will would shall should can could may might "
    "must did does do won't wouldn't can't couldn't didn't doesn't don't isn't aren't wasn't "
    "weren't hasn't haven't hadn't shouldn't"
)
PAST_TENSE_RE = re.compile(r"^[a-z]{2,}ed$")


def _key(word: str) -> str:
    """Comparison key: possessive and trailing dots dropped; acronyms keep their case."""
    word = re.sub(r"['’]s$", "", word).rstrip(".")
    if word.isupper() and len(word) > 1:
        return word
    word = word.lower()
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _starts_sentence(par: str, start: int) -> bool:
    before = par[max(0, start - 8) : start].rstrip()
    if not before:
        return True
    return before[-1] in ".!?" or (before[-1] in '"”’)' and before[-2:-1] in (".", "!", "?"))


def _proper_nouns(pars: list[str]) -> set[str]:
    """Keys of capitalised words that do not start a sentence (names, places, acronyms)."""
    keys = set()
    for par in pars:
        for m in CAPITALISED_RE.finditer(par):
            if m.group().isupper() or not _starts_sentence(par, m.start()):
                keys.add(_key(m.group()))
    return keys


def _content_keys(text: str) -> set[str]:
    keys = {_key(w) for w in WORD_RE.findall(text)}
    return {k for k in keys if len(k) > 2 and k.lower() not in _STOPWORDS}


def _has_finite_verb(words: list[str]) -> bool:
    """An auxiliary, a modal or a past tense: the line is a clause ("Both sides agreed to meet
    again."), not a remark without a verb ("What a joke")."""
    return any(w.lower() in _FINITE_WORDS or PAST_TENSE_RE.match(w) for w in words[1:])


def _is_trailing_remark(par: str, before: list[str], title: str | None) -> bool:
    words = WORD_RE.findall(par)
    if len(before) < _REMARK_MIN_BEFORE or len(words) >= _REMARK_MAX_WORDS or "\n" in par:
        return False
    if QUOTE_OR_DIGIT_RE.search(par) or any(w.lower() in _NEWS_WORDS for w in words):
        return False
    if _has_finite_verb(words):
        return False
    # Without a headline the lead paragraph says what the article is about.
    anchors = _proper_nouns(before) | _content_keys(title or "") | _content_keys(before[0])
    return not (_content_keys(par) & anchors)


def _drop_trailing_remarks(pars: list[str], title: str | None) -> list[str]:
    for _ in range(2):
        if not pars or not _is_trailing_remark(pars[-1], pars[:-1], title):
            break
        pars = pars[:-1]
    return pars


# text layout --------------------------------------------------------------------------------

BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")
LIST_ITEM_RE = re.compile(r"^(?:[-*+•]|\d+[.)])\s")
LINE_END_RE = re.compile(r"[.!?:;\"”’)\]…`]$")


def _normalise(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return MD_LINK_RE.sub(r"\1", MD_IMAGE_RE.sub("", text))


def _hard_wrapped(lines: list[str]) -> bool:
    """A block of long, even lines most of which stop mid-sentence was wrapped at a width."""
    inner = lines[:-1]
    if len(lines) < 3 or any(len(ln) < 45 or LIST_ITEM_RE.match(ln) for ln in inner):
        return False
    if max(map(len, inner)) - min(map(len, inner)) > 35:
        return False
    return sum(not LINE_END_RE.search(ln) for ln in inner) > len(inner) / 2


_BULLET_MARKS = ("*", "•", "-", "–")


def _wrap_width(lines: list[str]) -> int | None:
    """The width a block was wrapped at, if it was: many lines near its longest line, and
    that line no longer than a wrapping tool's width."""
    width = max(map(len, lines))
    full = sum(len(ln) >= 0.8 * width for ln in lines)
    return width if 45 <= width <= 120 and full >= max(3, len(lines) // 3) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether ``line`` goes on the paragraph ``previous`` (its last line) belongs to: it
    starts in lower case after an unfinished line, or the block is wrapped at ``width`` and
    the next word would not have fitted on ``previous``."""
    if LIST_ITEM_RE.match(line) or line in _BULLET_MARKS:
        return False
    if line[0].islower() and not LINE_END_RE.search(previous):
        return True
    return width is not None and len(previous) + 1 + len(line.split()[0]) > width


def _block_paragraphs(lines: list[str]) -> list[str]:
    """Split a blank-line block into paragraphs: a line starting lowercase continues one, so
    does each line of a block wrapped at a width until a line that ends short; a lone bullet
    mark starts a list item with the next line."""
    if _hard_wrapped(lines):
        return [" ".join(lines)]
    width = _wrap_width(lines)
    pars: list[str] = []
    previous = ""
    for line in lines:
        after_mark = bool(pars) and pars[-1] in _BULLET_MARKS
        if after_mark or (pars and previous not in _BULLET_MARKS
                          and _continues(previous, line, width)):  # fmt: skip
            pars[-1] += " " + line
        else:
            pars.append(line)
        previous = line
    return pars


def _paragraphs(text: str) -> list[str]:
    pars: list[str] = []
    for block in BLANK_LINE_RE.split(text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        pars.extend(_block_paragraphs(lines) if lines else [])
    return pars


def _cut_date_prefix(text: str) -> tuple[str, _Stamp | None]:
    """Cut a ``date 2024-08-01`` header that opens the text, even mid-line."""
    m = DATE_PREFIX_RE.match(text)
    if not m:
        return text, None
    return text[m.end() :], _parse_stamp(m["value"])


# public -------------------------------------------------------------------------------------


def _dated_by_dateline(
    stamps: list[tuple[float, int, _Stamp]], dateline: _Dateline
) -> _Stamp | None:
    """A page's current-day line ("Monday, June 2, 2025") dates the page, not the article:
    a dateline's "May 30" before it dates the article, in the year it falls in."""
    best = min((s for s in stamps if s[2].day is not None), default=None, key=lambda s: s[:2])
    if best is None or best[0] != 1.5 or dateline.month_day is None:
        return None
    page_day = best[2].day
    for year in (page_day.year, page_day.year - 1):
        day = _make_day(str(year), str(dateline.month_day[0]), str(dateline.month_day[1]))
        if day and day <= page_day and (page_day - day).days <= 62:
            return _Stamp(day, None, "day")
    return None


def parse_text(text: str) -> ParsedText:
    """Split a decoded raw text into header facts and a clean body."""
    text, prefix_stamp = _cut_date_prefix(_normalise(text))
    pars, chrome_outlet = _strip_chrome(_paragraphs(text))
    pars = _drop_repeats(_cut_comments(pars))
    header, pars = _extract_header(pars)
    if prefix_stamp:
        header.stamps.append((0, -1, prefix_stamp))
    pars, tag = _cut_source_tag(pars)
    pars, dateline = _cut_dateline(pars)
    agency = dateline.agency or tag or header.agency
    pars = [p for p in map(_clean_paragraph, pars) if p and not _is_chrome(p)]
    pars = _drop_trailing_remarks(pars, header.title)
    stamp = _dated_by_dateline(header.stamps, dateline) or _best_stamp(header.stamps)
    problems = [s.problem for _, _, s in sorted(header.stamps, key=lambda s: s[1]) if s.problem]
    return ParsedText(
        body="\n\n".join(pars),
        title=header.title,
        published_at=stamp.at if stamp else None,
        published_date=stamp.day if stamp else None,
        date_precision=stamp.precision if stamp else "unknown",
        date_basis="stated" if stamp else "none",
        url=header.url,
        outlet=header.outlet or chrome_outlet or header.byline_outlet,
        agency=agency,
        dateline_day=dateline.month_day,
        warnings=tuple(problems),
    )
