"""The project's lexicons (data/lexicons/*.yaml), loaded and checked once per build.

A malformed file fails fast with the file, the entry and the field named, and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.ids import fold
from pipeline.records import ActorEntry, SourceEntry

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
ACTOR_TYPES = {"person", "organization", "government", "country", "group"}
SOURCE_TYPES = {
    "outlet",
    "news_agency",
    "government",
    "official",
    "organization",
    "person",
    "anonymous",
}
PLOVER = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Forms generated from a country's demonyms and name: these name its state, not its people.
_COUNTRY_FORMS = (
    "{d} government",
    "{d} authorities",
    "{d} regime",
    "{d} state",
    "{d} administration",
    "government of {n}",
    "{n}'s government",
    "{n}'s authorities",
    "{n}'s regime",
)


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

    def __post_init__(self) -> None:
        self.actors_by_id = {a.actor_id: a for a in self.actors}
        self.sources_by_id = {s.source_id: s for s in self.sources}


@lru_cache(maxsize=8)
def load_lexicon(directory: Path = DEFAULT_DIR) -> Lexicon:
    directory = Path(directory)
    actors, descriptions, demonyms, capitals = _load_actors(directory / "actors.yaml")
    verbs, cues = _load_event_verbs(directory / "event_verbs.yaml")
    sources = _load_sources(directory / "sources.yaml")
    return Lexicon(actors, sources, verbs, cues, descriptions, demonyms, capitals)


# libyaml's parser where PyYAML was built with it: the same documents, ten times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> object:
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found (see data/lexicons/README.md)")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as err:
        raise LexiconError(f"{path}: not valid YAML: {err}. Fix the line it names.") from err


def _require(path: Path, i: int, entry: dict, key: str, allowed: set[str] | None = None) -> str:
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


def _load_actors(
    path: Path,
) -> tuple[list[ActorEntry], dict[str, list[str]], dict[str, str], dict[str, list[str]]]:
    actors, descriptions, demonyms, capitals, seen = [], {}, {}, {}, set()
    for i, e in enumerate(_entries(path, _read_yaml(path))):
        slug = _slug(path, i, e, seen)
        name = _require(path, i, e, "name")
        kind = _require(path, i, e, "type", ACTOR_TYPES)
        aliases = _strings(e, "aliases")
        if kind == "country":
            demonyms.update({fold(d): slug for d in _strings(e, "demonyms")})
            aliases += [
                f.format(d=d, n=name) for d in _strings(e, "demonyms") for f in _COUNTRY_FORMS
            ]
            aliases += [f.format(d=name, n=name) for f in _COUNTRY_FORMS[:1]]
            capitals[slug] = _strings(e, "capitals")
        actors.append(
            ActorEntry(
                slug,
                name,
                kind,
                e.get("country"),
                e.get("role"),
                e.get("wikidata"),
                _dedupe(aliases),
            )
        )
        descriptions[slug] = _strings(e, "descriptions")
    return actors, descriptions, demonyms, capitals


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


def _load_event_verbs(path: Path) -> tuple[list[EventVerb], dict[str, list[str]]]:
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
                event_type=_require(path, i, e, "type", PLOVER),
                cameo=str(e["cameo"]) if e.get("cameo") is not None else None,
                with_=tuple(_strings(e, "with")),
                objects=tuple(x.lower() for x in _strings(e, "objects")),
                complements=tuple(x.lower() for x in _strings(e, "complements")),
                dyadic=bool(e.get("dyadic", True)),
                state=bool(e.get("state", False)),
                of=_choice(path, i, e, "of", {"source", "target"}),
                negated=_choice(path, i, e, "negated", PLOVER),
            )
        )
    cues = data.get("status") or {}
    return verbs, {k: [str(v).lower() for v in vs] for k, vs in cues.items()}


def _choice(path: Path, i: int, entry: dict, key: str, allowed: set[str]) -> str | None:
    return _require(path, i, entry, key, allowed) if entry.get(key) is not None else None


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
