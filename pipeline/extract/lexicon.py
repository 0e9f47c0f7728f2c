"""The project's lexicons (data/lexicons/*.yaml), loaded and checked once per build.

A malformed file fails fast with the file, the entry and the field named, and what to do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.common.ids import fold
from pipeline.common.records import ActorEntry, SourceEntry
from pipeline.extract.countries import Country, merge, owners
from schemas._fields import ACTOR_TYPES, PLOVER_TYPES, SOURCE_TYPES

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicons"


def lexicon_folder(given: str | Path = "") -> Path:
    """The lexicon folder: as given, else ACTAS_LEXICON_DIR, else data/lexicons."""
    return Path(given or os.environ.get("ACTAS_LEXICON_DIR") or DEFAULT_DIR).resolve()
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


@dataclass
class EventVerb:
    lemma: str
    pos: str
    event_type: str
    cameo: str | None
    with_: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()  # lemmas the direct object must have; "actor": any actor
    complements: tuple[str, ...] = ()  # what it must call its object ("called X a dictator")
    dyadic: bool = True  # False: the event has no target ("resign")
    state: bool = False  # only a state does it: without an agent, the state is inferred
    of: str | None = None  # a noun's "of" object is its "source" or "target" (None: by type)
    negated: str | None = None  # the type it takes when negated ("did not recognise": REJECT)


@dataclass(frozen=True)
class GenericKind:
    """A description that names an institution or group of whichever country the text is
    about ("the opposition", "the electoral commission"): see generic_actors.yaml."""

    kind: str
    actor_type: str  # "country": the description names the state itself
    name: str | None  # a new actor is "<demonym> <name>"; None: only the lexicon's entries
    forms: tuple[str, ...]  # resolve to their owner, else to the document's country
    owned_forms: tuple[str, ...] = ()  # name an actor only with an owner ("Kenyan troops")
    otherwise: str | None = None  # for a country without an entry: this group of no country


@dataclass
class Lexicon:
    actors: list[ActorEntry]
    sources: list[SourceEntry]
    event_verbs: list[EventVerb]
    status_cues: dict[str, list[str]] = field(default_factory=dict)
    # actor_id -> descriptive phrases, matched like aliases but not published as names
    descriptions: dict[str, list[str]] = field(default_factory=dict)
    # folded demonym ("brazilian") -> the country's actor_id
    demonyms: dict[str, str] = field(default_factory=dict)
    # actor_id -> capital cities that stand for the country when they act ("Caracas said")
    capitals: dict[str, list[str]] = field(default_factory=dict)
    # ISO alpha-3 -> the country (names, demonyms), for every country
    countries: dict[str, Country] = field(default_factory=dict)
    generic_kinds: dict[str, GenericKind] = field(default_factory=dict)
    # kind -> {country code -> the lexicon actor that is that country's instance of it}
    generic_instances: dict[str, dict[str, str]] = field(default_factory=dict)
    # words that make a statement a complaint: "words", "when_negated", "lacking"
    complaints: dict[str, list[str]] = field(default_factory=dict)
    # actor_id -> cities that stand for an organisation seated there when they act
    # ("Brussels extended its sanctions": the EU); they are no country's capital here
    seats: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.actors_by_id = {a.actor_id: a for a in self.actors}
        self.sources_by_id = {s.source_id: s for s in self.sources}
        # actors that are news media: a citation, never a party to an event
        self.outlets = {
            s.source_id for s in self.sources
            if s.source_type in ("outlet", "news_agency") and s.source_id in self.actors_by_id
        }  # fmt: skip


@lru_cache(maxsize=8)
def load_lexicon(directory: Path = DEFAULT_DIR) -> Lexicon:
    directory = Path(directory)
    loaded = _load_actors(directory / "actors.yaml")
    kinds = _load_generic_kinds(directory / "generic_actors.yaml")
    instances = _generic_instances(directory / "actors.yaml", loaded.generic, loaded.actors, kinds)
    verbs, cues, complaints = _load_event_verbs(directory / "event_verbs.yaml")
    sources = _load_sources(directory / "sources.yaml")
    return Lexicon(loaded.actors, sources, verbs, cues, loaded.descriptions, loaded.demonyms,
                   loaded.capitals, loaded.countries, kinds, instances,
                   complaints=complaints, seats=loaded.seats)  # fmt: skip


# libyaml's parser where PyYAML was built with it: the same documents, ten times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> object:
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found (see data/lexicons/README.md)")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as err:
        raise LexiconError(f"{path}: not valid YAML: {err}. Fix the line it names.") from err


def _require(
    path: Path, i: int, entry: dict, key: str, allowed: Collection[str] | None = None
) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{path}: entry {i} ({entry.get('id', '?')}): `{key}` is required")
    if allowed is not None and value not in allowed:
        raise LexiconError(
            f"{path}: entry {i} ({entry.get('id', '?')}): `{key}: {value}` must be one of "
            f"{sorted(allowed)}"
        )
    return value


def _entries(path: Path, data: object) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise LexiconError(f"{path}: expected a list of entries (mappings)")
    return data


def _slug(path: Path, i: int, entry: dict, seen: set[str]) -> str:
    slug = _require(path, i, entry, "id")
    if not _SLUG.match(slug):
        raise LexiconError(f"{path}: entry {i}: id {slug!r} must be a lower-case-hyphen slug")
    if slug in seen:
        raise LexiconError(f"{path}: entry {i}: id {slug!r} is used twice")
    seen.add(slug)
    return slug


def _strings(entry: dict, key: str) -> list[str]:
    return [str(v) for v in entry.get(key) or [] if str(v).strip()]


@dataclass
class _Actors:
    actors: list[ActorEntry]
    descriptions: dict[str, list[str]]
    demonyms: dict[str, str]
    capitals: dict[str, list[str]]
    countries: dict[str, Country]
    generic: dict[str, str]  # actor_id -> the generic kind it is its country's instance of
    seats: dict[str, list[str]]


def _load_actors(path: Path) -> _Actors:
    """Actors of the file, and every country: the file's country entries laid over the
    country data of pipeline/extract/countries.py (a country entry needs only its id and code)."""
    entries = _entries(path, _read_yaml(path))
    actors, descriptions, seen = [], {}, set()
    countries, generic, seats = {}, {}, {}
    for i, e in enumerate(entries):
        slug = _slug(path, i, e, seen)
        kind = _require(path, i, e, "type", ACTOR_TYPES)
        if e.get("generic") is not None:
            generic[slug] = str(e["generic"])
        if kind == "country":
            countries[_require(path, i, e, "country")] = e
            descriptions[slug] = _strings(e, "descriptions")
            continue
        actors.append(
            ActorEntry(
                slug,
                _require(path, i, e, "name"),
                kind,
                e.get("country"),
                e.get("role"),
                e.get("wikidata"),
                _dedupe(_strings(e, "aliases")),
            )
        )
        descriptions[slug] = _strings(e, "descriptions")
        if _strings(e, "seats"):
            seats[slug] = _strings(e, "seats")
    merged = merge(list(countries.values()))
    seated = {fold(city) for cities in seats.values() for city in cities}
    demonyms = {fold(d): c.actor_id for d, c in owners(merged, "demonyms").items()}
    city_owner = owners(merged, "capitals")  # "Kingston" is Jamaica's, not Norfolk Island's
    capitals = {
        c.actor_id: [x for x in c.capitals if city_owner[fold(x)] is c and fold(x) not in seated]
        for c in merged.values()
    }
    taken = {a.actor_id for a in actors}
    country_actors = []
    for code in [*countries, *(c for c in merged if c not in countries)]:
        country, entry = merged[code], countries.get(code, {})
        if country.actor_id in taken:
            raise LexiconError(f"{path}: id {country.actor_id!r} names a country and an actor")
        country_actors.append(
            ActorEntry(
                country.actor_id,
                country.name,
                "country",
                code,
                entry.get("role"),
                entry.get("wikidata"),
                _dedupe(country.aliases),
            )
        )
        descriptions.setdefault(country.actor_id, [])
    return _Actors(country_actors + actors, descriptions, demonyms, capitals,
                   {c.code: c for c in merged.values()}, generic, seats)  # fmt: skip


def _load_generic_kinds(path: Path) -> dict[str, GenericKind]:
    kinds: dict[str, GenericKind] = {}
    for i, e in enumerate(_entries(path, _read_yaml(path))):
        kind = _require(path, i, {"id": e.get("kind"), **e}, "kind")
        if kind in kinds:
            raise LexiconError(f"{path}: entry {i}: kind {kind!r} is used twice")
        actor_type = _require(path, i, {"id": kind, **e}, "type", ACTOR_TYPES)
        forms = tuple(_strings(e, "forms"))
        if not forms and not _strings(e, "owned_forms"):
            raise LexiconError(f"{path}: entry {i} ({kind}): `forms` or `owned_forms` needed")
        name = e.get("name")
        if name is not None and (not isinstance(name, str) or actor_type == "country"):
            raise LexiconError(f"{path}: entry {i} ({kind}): `name` must be text, and a kind "
                               "of type country names the state itself: give it no name")
        otherwise = e.get("otherwise")
        if otherwise is not None and (not isinstance(otherwise, str) or name is not None):
            raise LexiconError(f"{path}: entry {i} ({kind}): `otherwise` is a name, for a kind "
                               "without `name`")  # fmt: skip
        kinds[kind] = GenericKind(kind, actor_type, name, forms,
                                  tuple(_strings(e, "owned_forms")), otherwise)  # fmt: skip
    return kinds


def _generic_instances(
    path: Path, generic: dict[str, str], actors: list[ActorEntry], kinds: dict[str, GenericKind]
) -> dict[str, dict[str, str]]:
    """kind -> {country -> actor}: which lexicon actor is which country's electoral body."""
    by_id = {a.actor_id: a for a in actors}
    out: dict[str, dict[str, str]] = {}
    for actor_id, kind in generic.items():
        actor = by_id[actor_id]
        if kind not in kinds:
            raise LexiconError(f"{path}: {actor_id}: `generic: {kind}` is no kind of "
                               "generic_actors.yaml")  # fmt: skip
        if not actor.country_code:
            raise LexiconError(f"{path}: {actor_id}: `generic` needs a `country`")
        if actor.country_code in out.get(kind, {}):
            raise LexiconError(f"{path}: {actor_id}: {actor.country_code} already has a "
                               f"`generic: {kind}` ({out[kind][actor.country_code]})")
        out.setdefault(kind, {})[actor.country_code] = actor_id
    return out


def _load_sources(path: Path) -> list[SourceEntry]:
    sources, seen = [], set()
    for i, e in enumerate(_entries(path, _read_yaml(path))):
        slug = _slug(path, i, e, seen)
        sources.append(
            SourceEntry(
                slug,
                _require(path, i, e, "name"),
                _require(path, i, e, "type", SOURCE_TYPES),
                _strings(e, "aliases"),
            )
        )
    return sources


def _load_event_verbs(
    path: Path,
) -> tuple[list[EventVerb], dict[str, list[str]], dict[str, list[str]]]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or "events" not in data:
        raise LexiconError(f"{path}: expected a mapping with `events:` and `status:`")
    verbs = []
    for i, e in enumerate(_entries(path, data["events"])):
        e.setdefault("id", e.get("lemma"))
        verbs.append(
            EventVerb(
                lemma=_require(path, i, e, "lemma").lower(),
                pos=_require(path, i, e, "pos", {"VERB", "NOUN"}),
                event_type=_require(path, i, e, "type", PLOVER_TYPES),
                cameo=str(e["cameo"]) if e.get("cameo") is not None else None,
                with_=tuple(_strings(e, "with")),
                objects=tuple(x.lower() for x in _strings(e, "objects")),
                complements=tuple(x.lower() for x in _strings(e, "complements")),
                dyadic=bool(e.get("dyadic", True)),
                state=bool(e.get("state", False)),
                of=_choice(path, i, e, "of", {"source", "target"}),
                negated=_choice(path, i, e, "negated", set(PLOVER_TYPES)),
            )
        )
    cues = data.get("status") or {}
    complaints = data.get("complaints") or {}
    return (
        verbs,
        {k: [str(v).lower() for v in vs] for k, vs in cues.items()},
        {k: [str(v).lower() for v in vs or []] for k, vs in complaints.items()},
    )


def _choice(path: Path, i: int, entry: dict, key: str, allowed: set[str]) -> str | None:
    return _require(path, i, entry, key, allowed) if entry.get(key) is not None else None


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
