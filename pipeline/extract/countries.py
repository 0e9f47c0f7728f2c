"""Every country, from one place: ISO 3166-1 alpha-3 code, English name, other names, demonyms
and capital, read from the `countryinfo` package's data, completed and corrected by the
country entries of data/lexicons/actors.yaml (Wikidata IDs, descriptions, forms the package
lacks such as "U.S." or "Argentine").

    from pipeline.extract.countries import load_countries, demonyms
    demonyms()["kenyan"].code   # 'KEN'

The lexicon (pipeline/extract/lexicon.py), the actor matcher and the figures stage all read
countries from here, so a country known to one is known to all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from countryinfo import CountryInfo

from pipeline.common.ids import fold, slugify

if TYPE_CHECKING:
    from spacy.tokens import Token

DEFAULT_ACTORS = Path(__file__).resolve().parents[2] / "data" / "lexicons" / "actors.yaml"
# Codes ISO 3166-1 has withdrawn (Netherlands Antilles 2010, Serbia and Montenegro 2006)
# that the package still lists; they would take "Serbian" from Serbia.
WITHDRAWN = {"ANT", "SCG"}


@dataclass
class Country:
    code: str  # ISO 3166-1 alpha-3
    name: str  # the English short name news writing uses
    aliases: list[str] = field(default_factory=list)  # other names of the state
    demonyms: list[str] = field(default_factory=list)  # "Kenyan": the first is the usual one
    capitals: list[str] = field(default_factory=list)
    population: int = 0
    actor_id: str = ""  # the actors table's id: the lexicon's, else a slug of the name

    def __post_init__(self) -> None:
        self.actor_id = self.actor_id or slugify(self.name)


def library_countries() -> dict[str, Country]:
    """The package's countries by code: one entry per current ISO code (where the package
    lists a code twice, the entry with the larger population)."""
    best: dict[str, dict] = {}
    for data in CountryInfo.all().values():
        code = str((data.get("ISO") or {}).get("alpha3") or "")
        if len(code) != 3 or code in WITHDRAWN:
            continue
        if code not in best or _population(data) > _population(best[code]):
            best[code] = data
    return {code: _country(code, data) for code, data in sorted(best.items())}


def _population(data: dict) -> int:
    value = data.get("population")
    return value if isinstance(value, int) else 0


def _country(code: str, data: dict) -> Country:
    iso = data.get("ISO") or {}
    codes = {code, str(iso.get("alpha2") or ""), str(iso.get("numeric") or "")}
    raw_name = str(data["name"]).strip()
    name = raw_name.removeprefix("The ")
    demonyms = _split(data.get("demonym"))
    aliases = [raw_name] if name != raw_name else []
    for alt in data.get("altSpellings") or []:
        alt = str(alt).strip()
        if alt not in codes and _usable_alias(alt, name, demonyms):
            aliases.append(alt)
    aliases += [_saint(a) for a in [name, *aliases] if a.startswith("Saint ")]
    capital = data.get("capital")
    capitals = [c for c in ([capital] if isinstance(capital, str) else capital or []) if c]
    return Country(code, name, _dedupe(aliases, {fold(name)}), demonyms, capitals,
                   _population(data))  # fmt: skip


def _saint(name: str) -> str:
    """ "Saint Lucia" is written "St. Lucia" as often (the matcher adds "St Lucia")."""
    return "St. " + name.removeprefix("Saint ")


def _split(demonym: object) -> list[str]:
    """ "Antiguan,Barbudan" and "Serbian/Montenegrin" are two demonyms each."""
    text = demonym if isinstance(demonym, str) else ""
    return [d.strip() for d in text.replace("/", ",").split(",") if d.strip()]


def _usable_alias(alt: str, name: str, demonyms: list[str]) -> bool:
    """Other English or Latin-script names of the state, not codes, transliterations of
    non-Latin scripts in lower case, or native words that are English words ("Island")."""
    if not alt or not alt[0].isupper() or "," in alt or "(" in alt or not _latin(alt):
        return False
    if fold(alt) in {fold(d) for d in demonyms}:
        return False
    if " " in alt:
        return True
    if alt.isupper():  # "UAE", "DRC"
        return 3 <= len(alt) <= 5
    # one word: a variant of the name ("Czechia", "Rumania"), not a native name ("Suomi")
    return len(alt) >= 4 and fold(alt)[:3] == fold(name)[:3]


def _latin(text: str) -> bool:
    return all(
        not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text
    )


def _dedupe(items: list[str], taken: set[str] | None = None) -> list[str]:
    seen = set(taken or ())
    out = []
    for item in items:
        if fold(item) not in seen:
            seen.add(fold(item))
            out.append(item)
    return out


def merge(entries: list[dict]) -> dict[str, Country]:
    """The package's countries with the lexicon's country entries laid over them: an entry's
    `name` replaces the package's (kept as an alias), its aliases, demonyms and capitals come
    first, its `id` is the actor id. An entry for a code the package lacks adds a country."""
    countries = library_countries()
    for entry in entries:
        code = entry.get("country")
        if entry.get("type") != "country" or not isinstance(code, str):
            continue
        base = countries.get(code) or Country(code, str(entry.get("name") or code))
        name = str(entry.get("name") or base.name)
        aliases = [*_strings(entry, "aliases"), *base.aliases]
        if fold(base.name) != fold(name):
            aliases.append(base.name)
        countries[code] = Country(
            code=code,
            name=name,
            aliases=_dedupe(aliases, {fold(name)}),
            demonyms=_dedupe([*_strings(entry, "demonyms"), *base.demonyms]),
            capitals=_dedupe([*_strings(entry, "capitals"), *base.capitals]),
            population=base.population,
            actor_id=str(entry.get("id") or ""),
        )
    return countries


def _strings(entry: dict, key: str) -> list[str]:
    return [str(v) for v in entry.get(key) or [] if str(v).strip()]


@lru_cache(maxsize=4)
def load_countries(actors_yaml: Path = DEFAULT_ACTORS) -> dict[str, Country]:
    """Every country by ISO alpha-3 code, the lexicon's entries laid over the package's."""
    data = yaml.safe_load(Path(actors_yaml).read_text(encoding="utf-8")) or []
    return merge([e for e in data if isinstance(e, dict)])


def owners(countries: dict[str, Country], forms: str) -> dict[str, Country]:
    """Folded form -> its country, for `forms` "demonyms" or "capitals". A form several
    countries share ("Dominican", "Kingston") goes to the most populous of them."""
    ranked = sorted(countries.values(), key=lambda c: -c.population)
    out: dict[str, Country] = {}
    for country in ranked:
        for form in getattr(country, forms):
            out.setdefault(fold(form), country)
    return out


def demonyms(actors_yaml: Path = DEFAULT_ACTORS) -> dict[str, Country]:
    """Folded demonym ("venezuelan") -> its country; shared demonyms as in `owners`."""
    return owners(load_countries(actors_yaml), "demonyms")


# Words before a demonym that make it a region's, not a country's: "Latin American".
REGIONS = {"latin", "south", "north", "central", "west", "east", "southeast", "sub-saharan"}


def demonym_country(token: Token, demonyms: dict[str, str]) -> str | None:
    """The country a demonym token names, singular or plural ("Venezuelan", "Venezuelans"),
    from a folded demonym -> actor id map; not "American" in "Latin American"."""
    word = fold(token.text)
    if word in demonyms:
        country = demonyms[word]
    elif word.endswith("s") and token.tag_ in ("NNPS", "NNS"):
        country = demonyms.get(word[:-1])
    else:
        return None
    if country is not None and token.i > 0 and token.doc[token.i - 1].lower_ in REGIONS:
        return None
    return country
