"""Plain records passed between pipeline stages.

Each stage turns a spaCy ``Doc`` (plus what earlier stages found) into a list of these; the
Dagster layer turns lists of records into the published tables. Character offsets always index
into the document's cleaned ``body``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParsedText:
    """A raw text split into its header facts and its clean body."""

    body: str
    title: str | None = None
    published_at: dt.datetime | None = None
    published_date: dt.date | None = None
    date_precision: str = "unknown"  # second, day, month, year, unknown
    date_basis: str = "none"  # stated, inferred, none
    url: str | None = None
    outlet: str | None = None  # publisher name as the text states it
    agency: str | None = None  # wire agency whose copy it runs, as the text states it
    dateline_day: tuple[int, int] | None = None  # (month, day) of a dateline: "March 4 (Reuters)"
    warnings: tuple[str, ...] = ()  # what in the header was ignored, and why


@dataclass(frozen=True)
class Timex:
    """A time expression, normalised to ISO 8601."""

    start: int
    end: int
    text: str
    value: str | None  # 2024-07-29, 2024-08, 2024, P3Y; None when it cannot be resolved
    timex_type: str  # DATE, DURATION, SET, TIME
    anchor: str  # publication or utterance


@dataclass(frozen=True)
class Mention:
    """A place in the body that names or describes an actor."""

    start: int
    end: int
    text: str
    actor_id: str


@dataclass(frozen=True)
class Citation:
    """A place where the text attributes information to a source."""

    start: int
    end: int
    text: str
    source_id: str


@dataclass(frozen=True)
class Figure:
    """A numeric claim: the number, what it counts, and who it is about and claimed by."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str  # exact, approximately, more_than, less_than, at_least, at_most
    subject_actor_id: str | None = None
    claimant_id: str | None = None


@dataclass(frozen=True)
class Event:
    """Something an actor did (or said it would do) to another, typed in PLOVER."""

    start: int
    end: int
    trigger: str
    event_type: str
    cameo_code: str | None
    source_actor_id: str | None
    target_actor_id: str | None
    status: str  # asserted, negated, hypothetical, planned
    event_date: dt.date | None = None
    date_precision: str = "unknown"
    attributed_to: str | None = None
    target_basis: str | None = None  # stated, inferred (from an earlier sentence)
    source_basis: str | None = None  # stated, inferred (the state an act of state happened in)


@dataclass
class ActorEntry:
    """One actor of the lexicon (or one found by the NER model and typed by it)."""

    actor_id: str
    name: str
    actor_type: str  # person, organization, government, country, group
    country_code: str | None = None
    role: str | None = None
    wikidata_id: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class SourceEntry:
    """One outlet, agency or other source of the sources lexicon."""

    source_id: str
    name: str
    source_type: str  # outlet, news_agency, government, official, organization, person, anonymous
    aliases: list[str] = field(default_factory=list)
