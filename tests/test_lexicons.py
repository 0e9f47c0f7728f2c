"""Structural checks of the lexicons in data/lexicons (format: data/lexicons/README.md).

Each check is a function that returns a list of problems, so a failure names every bad entry at
once; the last tests feed the checks deliberately broken entries to show they catch them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.countries import library_countries

LEXICONS = Path(__file__).resolve().parents[1] / "data" / "lexicons"

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")
QID = re.compile(r"^Q[0-9]+$")
CAMEO = re.compile(r"^[0-9]{2,4}$")
LEMMA = re.compile(r"^[a-z][a-z'-]*$")

ACTOR_TYPES = {"person", "organization", "government", "country", "group"}
SOURCE_TYPES = {"outlet", "news_agency", "government", "official", "organization", "person"}
POS_TAGS = {"VERB", "NOUN"}
STATUS_KEYS = {"negated", "hypothetical", "planned"}

ACTOR_KEYS = {"id", "name", "type", "country", "role", "wikidata", "aliases", "descriptions"}
COUNTRY_KEYS = {"id", "type", "country", "wikidata"}
SOURCE_KEYS = {"id", "name", "type", "aliases"}
EVENT_KEYS = {"lemma", "pos", "type", "cameo"}

# The CAMEO root codes each PLOVER type may carry (057 "sign formal agreement" is AGREE here,
# 19x blockade and occupation are COERCE, 09x investigations are ACCUSE).
CAMEO_ROOTS = {
    "AGREE": {"03", "05"},
    "CONSULT": {"04"},
    "SUPPORT": {"05"},
    "CONCEDE": {"08"},
    "COOPERATE": {"06"},
    "AID": {"07"},
    "RETREAT": {"08"},
    "REQUEST": {"10"},
    "ACCUSE": {"09", "11"},
    "REJECT": {"12"},
    "THREATEN": {"13"},
    "PROTEST": {"14"},
    "SANCTION": {"16"},
    "MOBILIZE": {"15"},
    "COERCE": {"17", "19"},
    "ASSAULT": {"18", "19", "20"},
}

# Surnames several people legitimately share; the loader resolves them per document by the
# fuller name the document uses. Any other form shared by two actors is an error.
SHARED_SURNAMES = {"rodriguez", "gonzalez", "saab", "murillo", "ortega"}


def load(name: str) -> Any:
    """Parse one lexicon file with the safe loader (libyaml's where PyYAML has it: faster)."""
    with (LEXICONS / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form, as the loader compares names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split())


def is_text(value: Any) -> bool:
    return isinstance(value, str) and value != "" and value == value.strip()


def surface_forms(entry: dict[str, Any]) -> list[str]:
    """The name and every alias and description of an actor or source entry."""
    names = [entry["name"]] if "name" in entry else []
    return [*names, *entry.get("aliases", []), *entry.get("descriptions", [])]


def text_list_problems(label: str, field: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"{label}: {field} is not a list"]
    return [f"{label}: {field} has a bad item {item!r}" for item in value if not is_text(item)]


def field_problems(label: str, entry: dict[str, Any], keys: set[str], optional: set[str]):
    """Missing and unknown fields: when there are any, other checks would only repeat them."""
    problems = [f"{label}: missing {key}" for key in sorted(keys - set(entry))]
    return problems + [
        f"{label}: unknown field {key}" for key in sorted(set(entry) - keys - optional)
    ]


def identity_problems(label: str, entry: dict[str, Any], types: set[str]) -> list[str]:
    """The id, name and type every lexicon entry has."""
    problems = []
    if not (isinstance(entry["id"], str) and SLUG.match(entry["id"])):
        problems.append(f"{label}: id is not a slug")
    if not is_text(entry["name"]):
        problems.append(f"{label}: bad name {entry['name']!r}")
    if entry["type"] not in types:
        problems.append(f"{label}: bad type {entry['type']!r}")
    return problems


def actor_problems(entry: dict[str, Any], country_codes: set[str]) -> list[str]:
    """Problems of one actors.yaml entry, on its own."""
    label = f"actor {entry.get('id')!r}"
    if entry.get("type") == "country":
        return country_problems(label, entry, country_codes)
    problems = field_problems(label, entry, ACTOR_KEYS, {"generic", "seats"})
    if problems:
        return problems
    problems = identity_problems(label, entry, ACTOR_TYPES)
    if "seats" in entry:  # the city an organisation is seated in: "Brussels" for the EU
        problems += text_list_problems(label, "seats", entry["seats"])
    country = entry["country"]
    if country is not None and not (isinstance(country, str) and COUNTRY_CODE.match(country)):
        problems.append(f"{label}: bad country code {country!r}")
    elif country is not None and country not in country_codes:
        problems.append(f"{label}: country {country} has no country entry")
    wikidata = entry["wikidata"]
    if wikidata is not None and not (isinstance(wikidata, str) and QID.match(wikidata)):
        problems.append(f"{label}: bad Wikidata QID {wikidata!r}")
    if entry["role"] is not None and not is_text(entry["role"]):
        problems.append(f"{label}: bad role {entry['role']!r}")
    if entry["type"] == "person" and entry["role"] is None:
        problems.append(f"{label}: a person needs a role")
    if entry["type"] == "government" and country is None:
        problems.append(f"{label}: a government needs a country")
    problems += text_list_problems(label, "aliases", entry["aliases"])
    problems += text_list_problems(label, "descriptions", entry["descriptions"])
    problems += demonym_problems(label, entry)
    return problems or duplicate_form_problems(label, entry)


def demonym_problems(label: str, entry: dict[str, Any]) -> list[str]:
    return [f"{label}: only countries have {key}" for key in ("demonyms", "capitals")
            if key in entry]  # fmt: skip


def country_problems(label: str, entry: dict[str, Any], country_codes: set[str]) -> list[str]:
    """A country entry adds to a country of pipeline/extract/countries.py: its id, code, Wikidata
    ID, and optionally a name, aliases, descriptions, demonyms and capitals the package lacks."""
    optional = {"name", "aliases", "descriptions", "demonyms", "capitals"}
    problems = field_problems(label, entry, COUNTRY_KEYS, optional)
    if problems:
        return problems
    if not (isinstance(entry["id"], str) and SLUG.match(entry["id"])):
        problems.append(f"{label}: id is not a slug")
    code = entry["country"]
    if not (isinstance(code, str) and COUNTRY_CODE.match(code)):
        problems.append(f"{label}: bad country code {code!r}")
    elif code not in country_codes and "name" not in entry:
        problems.append(f"{label}: {code} is no country the package knows: give it a name")
    wikidata = entry["wikidata"]
    if wikidata is not None and not (isinstance(wikidata, str) and QID.match(wikidata)):
        problems.append(f"{label}: bad Wikidata QID {wikidata!r}")
    for key in optional - {"name"}:
        if key in entry:
            problems += text_list_problems(label, key, entry[key])
    return problems or duplicate_form_problems(label, entry)


def duplicate_form_problems(label: str, entry: dict[str, Any]) -> list[str]:
    """Forms listed twice in one entry once case and diacritics are folded."""
    seen: set[str] = set()
    problems = []
    for form in surface_forms(entry):
        if fold(form) in seen:
            problems.append(f"{label}: {form!r} repeats another form up to case/diacritics")
        seen.add(fold(form))
    return problems


def forms_by_entry(entries: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Folded surface form -> ids of the entries that list it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for form in surface_forms(entry):
            owners[fold(form)].add(entry["id"])
    return owners


def shared_form_problems(entries: list[dict[str, Any]], allowed: set[str]) -> list[str]:
    """Forms two entries share, unless an allowed surname shared by people only."""
    types = {entry["id"]: entry["type"] for entry in entries}
    problems = []
    for form, ids in forms_by_entry(entries).items():
        if len(ids) < 2:
            continue
        people_only = all(types[i] == "person" for i in ids)
        if not (form in allowed and people_only):
            problems.append(f"{form!r} is shared by {sorted(ids)}")
    return problems


def duplicate_id_problems(entries: list[dict[str, Any]]) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry["id"]] += 1
    return [f"id {key!r} used {n} times" for key, n in counts.items() if n > 1]


def source_problems(entry: dict[str, Any]) -> list[str]:
    label = f"source {entry.get('id')!r}"
    problems = field_problems(label, entry, SOURCE_KEYS, set())
    if problems:
        return problems
    problems = identity_problems(label, entry, SOURCE_TYPES)
    problems += text_list_problems(label, "aliases", entry["aliases"])
    return problems or duplicate_form_problems(label, entry)


def event_problems(entry: dict[str, Any]) -> list[str]:
    label = f"event {entry.get('lemma')!r}/{entry.get('pos')}"
    keys = set(entry)
    problems = [f"{label}: missing {key}" for key in sorted(EVENT_KEYS - keys)]
    optional = {"with", "objects", "complements", "dyadic", "state", "of", "negated"}
    problems += [f"{label}: unknown field {key}" for key in sorted(keys - EVENT_KEYS - optional)]
    if problems:
        return problems
    if not (isinstance(entry["lemma"], str) and LEMMA.match(entry["lemma"])):
        problems.append(f"{label}: lemma is not one lower-case word")
    if entry["pos"] not in POS_TAGS:
        problems.append(f"{label}: bad pos")
    cameo = entry["cameo"]
    if not (isinstance(cameo, str) and CAMEO.match(cameo)):
        problems.append(f"{label}: cameo {cameo!r} is not a quoted 2-4 digit string")
    elif entry["type"] not in CAMEO_ROOTS:
        problems.append(f"{label}: {entry['type']!r} is not a PLOVER type")
    elif cameo[:2] not in CAMEO_ROOTS[entry["type"]]:
        problems.append(f"{label}: CAMEO {cameo} does not belong to {entry['type']}")
    if "with" in entry:
        particles = entry["with"]
        # YAML reads a bare `on`/`off` as a boolean: the particle must be quoted.
        if not (isinstance(particles, list) and particles) or not all(
            isinstance(p, str) and LEMMA.match(p) for p in particles
        ):
            problems.append(f"{label}: with must be a list of lower-case words, got {particles!r}")
    for field in ("objects", "complements"):
        if field in entry and not all(isinstance(o, str) for o in entry[field]):
            problems.append(f"{label}: {field} must be a list of lemmas")
    for flag in ("dyadic", "state"):
        if flag in entry and not isinstance(entry[flag], bool):
            problems.append(f"{label}: {flag} must be true or false")
    if "of" in entry and entry["of"] not in ("source", "target"):
        problems.append(f"{label}: of must be source or target")
    if "negated" in entry and entry["negated"] not in CAMEO_ROOTS:
        problems.append(f"{label}: negated must be a PLOVER type")
    return problems


def event_key(
    entry: dict[str, Any],
) -> tuple[str, str, frozenset[str], frozenset[str], frozenset[str]]:
    def words(key: str) -> frozenset[str]:
        return frozenset(map(str, entry.get(key, [])))

    return entry["lemma"], entry["pos"], words("with"), words("complements"), words("objects")


def status_problems(status: Any) -> list[str]:
    if not isinstance(status, dict) or set(status) != STATUS_KEYS:
        return [f"status must have exactly the keys {sorted(STATUS_KEYS)}"]
    problems = []
    where: dict[str, list[str]] = defaultdict(list)
    for key, cues in status.items():
        problems += text_list_problems("status", key, cues)
        for cue in cues if isinstance(cues, list) else []:
            where[str(cue).lower()].append(key)
    problems += [f"cue {cue!r} listed in {keys}" for cue, keys in where.items() if len(keys) > 1]
    return problems


@pytest.fixture(scope="module")
def actors() -> list[dict[str, Any]]:
    entries = load("actors.yaml")
    assert isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
    return entries


@pytest.fixture(scope="module")
def sources() -> list[dict[str, Any]]:
    entries = load("sources.yaml")
    assert isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
    return entries


@pytest.fixture(scope="module")
def event_lexicon() -> dict[str, Any]:
    lexicon = load("event_verbs.yaml")
    assert isinstance(lexicon, dict) and set(lexicon) == {"events", "status", "complaints"}
    assert isinstance(lexicon["events"], list)
    return lexicon


def country_codes(entries: list[dict[str, Any]]) -> set[str]:
    """Codes of every country: the package's and the lexicon's own."""
    listed = {e["country"] for e in entries if e.get("type") == "country" and e.get("country")}
    return listed | set(library_countries())


def test_actor_entries_are_well_formed(actors: list[dict[str, Any]]) -> None:
    codes = country_codes(actors)
    problems = [p for entry in actors for p in actor_problems(entry, codes)]
    assert problems == []


def test_actor_ids_are_unique(actors: list[dict[str, Any]]) -> None:
    assert duplicate_id_problems(actors) == []


def test_each_country_appears_once(actors: list[dict[str, Any]]) -> None:
    codes = [e["country"] for e in actors if e["type"] == "country"]
    assert len(codes) == len(set(codes))


def test_wikidata_ids_are_unique(actors: list[dict[str, Any]]) -> None:
    qids = [e["wikidata"] for e in actors if e["wikidata"]]
    assert sorted(q for q in set(qids) if qids.count(q) > 1) == []


def test_no_form_is_shared_except_listed_surnames(actors: list[dict[str, Any]]) -> None:
    assert shared_form_problems(actors, SHARED_SURNAMES) == []


def test_listed_surnames_are_really_shared(actors: list[dict[str, Any]]) -> None:
    owners = forms_by_entry(actors)
    stale = sorted(name for name in SHARED_SURNAMES if len(owners.get(name, set())) < 2)
    assert stale == [], "remove surnames that are no longer shared from SHARED_SURNAMES"


def test_source_entries_are_well_formed(sources: list[dict[str, Any]]) -> None:
    problems = [p for entry in sources for p in source_problems(entry)]
    assert problems == []


def test_source_ids_are_unique(sources: list[dict[str, Any]]) -> None:
    assert duplicate_id_problems(sources) == []


def test_no_form_is_shared_between_sources(sources: list[dict[str, Any]]) -> None:
    assert shared_form_problems(sources, set()) == []


def test_ids_in_both_files_name_the_same_thing(
    actors: list[dict[str, Any]], sources: list[dict[str, Any]]
) -> None:
    actor_names = {e["id"]: e["name"] for e in actors if "name" in e}
    clashes = [
        (e["id"], e["name"], actor_names[e["id"]])
        for e in sources
        if e["id"] in actor_names and fold(e["name"]) != fold(actor_names[e["id"]])
    ]
    assert clashes == []


def test_event_entries_are_well_formed(event_lexicon: dict[str, Any]) -> None:
    problems = [p for entry in event_lexicon["events"] for p in event_problems(entry)]
    assert problems == []


def test_event_entries_are_not_repeated(event_lexicon: dict[str, Any]) -> None:
    keys = [event_key(entry) for entry in event_lexicon["events"]]
    assert sorted({k[:2] for k in keys if keys.count(k) > 1}) == []


def test_every_plover_type_has_triggers(event_lexicon: dict[str, Any]) -> None:
    used = {entry["type"] for entry in event_lexicon["events"]}
    assert sorted(set(CAMEO_ROOTS) - used) == []


def test_complaint_words_are_well_formed(event_lexicon: dict[str, Any]) -> None:
    complaints = event_lexicon["complaints"]
    assert set(complaints) == {"words", "when_negated", "lacking"}
    words = [w for ws in complaints.values() for w in ws]
    assert all(isinstance(w, str) and LEMMA.match(w) for w in words)
    assert len(words) == len(set(words))


def test_status_cues_are_well_formed(event_lexicon: dict[str, Any]) -> None:
    assert status_problems(event_lexicon["status"]) == []


# The checks themselves must catch what they are meant to catch.


def test_actor_check_reports_each_fault() -> None:
    bad = {
        "id": "Bad Slug",
        "name": "Someone",
        "type": "celebrity",
        "country": "ven",
        "role": None,
        "wikidata": "57413",
        "aliases": ["Someone", ""],
        "descriptions": [],
    }
    text = " | ".join(actor_problems(bad, {"VEN"}))
    for fault in ("not a slug", "bad type", "bad country code", "bad Wikidata QID", "bad item"):
        assert fault in text


def test_actor_check_reports_repeated_and_unknown_country() -> None:
    entry = {
        "id": "nicolas-maduro",
        "name": "Nicolás Maduro",
        "type": "person",
        "country": "XYZ",
        "role": "President of Venezuela",
        "wikidata": None,
        "aliases": ["Nicolas Maduro"],
        "descriptions": [],
    }
    assert any("no country entry" in p for p in actor_problems(entry, {"VEN"}))
    entry["country"] = "VEN"
    assert any("repeats another form" in p for p in actor_problems(entry, {"VEN"}))


def test_shared_alias_check_allows_only_listed_surnames() -> None:
    def person(key: str, alias: str) -> dict[str, Any]:
        return {"id": key, "name": key, "type": "person", "aliases": [alias], "descriptions": []}

    pair = [person("a", "Rodríguez"), person("b", "Rodriguez")]
    assert shared_form_problems(pair, {"rodriguez"}) == []
    assert shared_form_problems(pair, set()) != []


def test_event_check_catches_unquoted_particle_and_bad_cameo() -> None:
    entry = yaml.safe_load("{lemma: call, pos: VERB, with: [on], type: REQUEST, cameo: 10}")
    problems = " | ".join(event_problems(entry))
    assert "with must be" in problems and "not a quoted" in problems
    wrong_root = {"lemma": "urge", "pos": "VERB", "type": "REQUEST", "cameo": "111"}
    assert any("does not belong" in p for p in event_problems(wrong_root))


def test_status_check_catches_cue_in_two_lists() -> None:
    status = {"negated": ["not"], "hypothetical": ["if", "not"], "planned": ["will"]}
    assert status_problems(status) != []


# generic_actors.yaml: descriptions resolved to the country a text is about.

GENERIC_KEYS = {"kind", "type"}
GENERIC_OPTIONAL = {"name", "forms", "owned_forms", "otherwise"}


def generic_problems(entry: dict[str, Any]) -> list[str]:
    label = f"generic {entry.get('kind')!r}"
    problems = field_problems(label, entry, GENERIC_KEYS, GENERIC_OPTIONAL)
    if problems:
        return problems
    if not (isinstance(entry["kind"], str) and SLUG.match(entry["kind"])):
        problems.append(f"{label}: kind is not a slug")
    if entry["type"] not in ACTOR_TYPES:
        problems.append(f"{label}: bad type {entry['type']!r}")
    forms = [*entry.get("forms", []), *entry.get("owned_forms", [])]
    if not forms:
        problems.append(f"{label}: needs forms or owned_forms")
    for key in ("forms", "owned_forms"):
        if key in entry:
            problems += text_list_problems(label, key, entry[key])
    problems += [f"{label}: form {f!r} is not lower case" for f in forms
                 if isinstance(f, str) and f != f.lower()]  # fmt: skip
    if entry["type"] == "country" and "name" in entry:
        problems.append(f"{label}: a kind of type country names the state: no name")
    if "otherwise" in entry and "name" in entry:
        problems.append(f"{label}: otherwise is for a kind without a name")
    return problems


@pytest.fixture(scope="module")
def generic_kinds() -> list[dict[str, Any]]:
    entries = load("generic_actors.yaml")
    assert isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
    return entries


def test_generic_entries_are_well_formed(generic_kinds: list[dict[str, Any]]) -> None:
    assert [p for e in generic_kinds for p in generic_problems(e)] == []


def test_generic_forms_belong_to_one_kind(generic_kinds: list[dict[str, Any]]) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for e in generic_kinds:
        for form in [*e.get("forms", []), *e.get("owned_forms", [])]:
            owners[fold(form)].append(e["kind"])
    assert {f: k for f, k in owners.items() if len(k) > 1} == {}


def test_each_actor_is_the_instance_of_a_known_kind_once_per_country(
    actors: list[dict[str, Any]], generic_kinds: list[dict[str, Any]]
) -> None:
    kinds = {e["kind"] for e in generic_kinds}
    instances = [(e["generic"], e["country"]) for e in actors if "generic" in e]
    assert sorted({k for k, _ in instances} - kinds) == []
    assert sorted({x for x in instances if instances.count(x) > 1}) == []


def test_generic_check_reports_each_fault() -> None:
    bad = {"kind": "Bad Kind", "type": "country", "name": "x", "forms": ["Opposition"]}
    text = " | ".join(generic_problems(bad))
    for fault in ("not a slug", "not lower case", "no name"):
        assert fault in text
    assert "needs forms" in " | ".join(generic_problems({"kind": "k", "type": "group"}))


def test_the_loader_names_an_unknown_generic_kind(tmp_path: Path) -> None:
    from pipeline.extract.lexicon import LexiconError, load_lexicon

    for name in ("actors.yaml", "sources.yaml", "event_verbs.yaml", "generic_actors.yaml"):
        (tmp_path / name).write_text((LEXICONS / name).read_text(encoding="utf-8"))
    actors = (tmp_path / "actors.yaml").read_text(encoding="utf-8")
    (tmp_path / "actors.yaml").write_text(
        actors.replace("generic: electoral-body", "generic: electoral-bodies"), encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="electoral-bodies"):
        load_lexicon(tmp_path)
