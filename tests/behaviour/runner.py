"""Run the behavioural suite: sentences written for the tests, each with the events it should
yield, grouped by construction (tests/behaviour/cases/<group>.yaml; format in README.md here).

Each case text is analysed as one document by the pipeline's own per-document stages (the
model and the lexicons are loaded once, texts are parsed with ``nlp.pipe`` in batches). A case
passes when the distinct (type, source, target, status) events produced match the expected
ones one to one, and, for a text about a country other than Venezuela, no Venezuelan actor is
produced that no expected event names.

    .venv/bin/python -m tests.behaviour.runner [--cases DIR] [--group G] [--failures] [--json]
    .venv/bin/python -m tests.behaviour.runner --update-readme   # rewrite README.md's block
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.common.records import ActorEntry
from pipeline.evaluate.scores import fold_name, max_matching
from pipeline.extract.lexicon import DEFAULT_DIR, Lexicon, load_lexicon
from schemas._fields import PLOVER_TYPES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES_DIR = HERE / "cases"
SUITE_ACTORS = HERE / "actors.yaml"
# libyaml's safe loader where PyYAML was built with it: the same data, several times faster
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
README = ROOT / "README.md"
README_START = "<!-- behaviour:start -->"
README_END = "<!-- behaviour:end -->"
STATUSES = ("asserted", "negated", "hypothetical", "planned")
HOME = "VEN"  # the corpus' own country: the one generic descriptions must not default to
NO_EVENT = "(no event)"
_COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")


class CaseError(ValueError):
    """A case file is malformed."""


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Expected:
    """One expected event: acceptable types, names per side (None: no actor), statuses."""

    types: tuple[str, ...]
    sources: tuple[str, ...] | None
    targets: tuple[str, ...] | None
    statuses: tuple[str, ...]

    def label(self) -> str:
        return _event_label("/".join(self.types), _either(self.sources), _either(self.targets),
                            "/".join(self.statuses))  # fmt: skip

    def names(self) -> list[str]:
        return [n for n in (*(self.sources or ()), *(self.targets or ())) if n is not None]


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    text: str
    country: str
    date: dt.date | None
    expect: tuple[Expected, ...]
    file: str

    @property
    def types(self) -> list[str]:
        """The preferred type of each expected event, or NO_EVENT."""
        return sorted({e.types[0] for e in self.expect}) or [NO_EVENT]


def _either(names: tuple[str | None, ...] | None) -> str:
    return " | ".join(n or "-" for n in names) if names else "-"


def _event_label(kind: str, source: str, target: str, status: str) -> str:
    return f"{kind}: {source} -> {target} ({status})"


def _listed(value: object, where: str, key: str, allowed: Iterable[str] | None = None):
    """A string or a non-empty list of strings, as a tuple; None stays None. A list of names
    may hold null too: "this actor, or none"."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    names = [v for v in items if v is not None or allowed is not None]
    if not items or not all(isinstance(v, str) and v.strip() for v in names):
        raise CaseError(f"{where}: `{key}` must be a name, a list of names or null")
    if allowed is not None and (bad := [v for v in items if v not in allowed]):
        raise CaseError(f"{where}: `{key}` {bad} not among {sorted(allowed)}")
    return tuple(items)


def _expected(raw: object, where: str) -> Expected:
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: each expected event is a mapping")
    unknown = set(raw) - {"type", "source", "target", "status"}
    if unknown:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("type", "source", "target", "status"):
        if key not in raw:
            raise CaseError(f"{where}: `{key}` is required (null for no actor)")
    types = _listed(raw["type"], where, "type", set(PLOVER_TYPES))
    statuses = _listed(raw["status"], where, "status", STATUSES)
    if types is None or statuses is None:
        raise CaseError(f"{where}: `type` and `status` may not be null")
    sources = _listed(raw["source"], where, "source")
    targets = _listed(raw["target"], where, "target")
    return Expected(types, sources, targets, statuses)


def _case(raw: object, group: str, file: str, i: int) -> Case:
    where = f"{file}: case {i}"
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: a case is a mapping")
    where = f"{file}: case {raw.get('id', i)}"
    unknown = set(raw) - {"id", "text", "country", "date", "expect", "note"}
    if unknown:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "text", "country"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CaseError(f"{where}: `{key}` is required")
    if not _COUNTRY_CODE.match(raw["country"]):
        raise CaseError(f"{where}: country {raw['country']!r} is not an ISO 3166 alpha-3 code")
    date = raw.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise CaseError(f"{where}: date {date!r} must be YYYY-MM-DD")
    expect = raw.get("expect")
    if not isinstance(expect, list):
        raise CaseError(f"{where}: `expect` must be a list ([] for no event)")
    events = tuple(_expected(e, f"{where}, event {j}") for j, e in enumerate(expect))
    return Case(raw["id"], group, raw["text"].strip(), raw["country"], date, events, file)


def load_cases(folder: Path = CASES_DIR, groups: Iterable[str] | None = None) -> list[Case]:
    """Every case of the folder's *.yaml files (only of the named groups, if given)."""
    files = sorted(Path(folder).glob("*.yaml"))
    if not files:
        raise CaseError(f"{folder}: no case files (*.yaml)")
    wanted = set(groups or ())
    cases = []
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except yaml.YAMLError as err:
            raise CaseError(f"{path.name}: not valid YAML: {err}") from err
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise CaseError(f"{path.name}: expected a mapping with `group:` and `cases:`")
        group = data.get("group")
        if not isinstance(group, str) or not group.strip():
            raise CaseError(f"{path.name}: `group` is required")
        if wanted and group not in wanted:
            continue
        cases += [_case(raw, group, path.name, i) for i, raw in enumerate(data["cases"])]
    if wanted and not cases:
        raise CaseError(f"no cases in group(s) {sorted(wanted)} under {folder}")
    return cases


@dataclass(frozen=True)
class SuiteActor:
    name: str
    actor_type: str
    country: str | None
    entry: str = ""  # the canonical name of the entry this name (or alias) belongs to


def load_suite_actors(path: Path = SUITE_ACTORS) -> list[SuiteActor]:
    """Actors the expectations name that the lexicon does not hold (README.md here)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    except (OSError, yaml.YAMLError) as err:
        raise CaseError(f"{path}: cannot read the suite's actors: {err}") from err
    if not isinstance(data, list):
        raise CaseError(f"{path.name}: expected a list of actors")
    out = []
    for i, e in enumerate(data):
        if not isinstance(e, dict) or not isinstance(e.get("name"), str):
            raise CaseError(f"{path.name}: entry {i} needs a `name`")
        kind, country = str(e.get("type") or ""), e.get("country")
        if country is not None and not _COUNTRY_CODE.match(str(country)):
            raise CaseError(f"{path.name}: {e['name']}: country {country!r} is not ISO alpha-3")
        for name in [e["name"], *(e.get("aliases") or [])]:
            out.append(SuiteActor(str(name), kind, country, str(e["name"])))
    return out


# ---------------------------------------------------------------- names


class Names:
    """Resolves expected names to lexicon actors (canonical name, else an alias only one actor
    has) and compares them with produced actors, folded as ``actas eval`` folds names. A name
    declared in actors.yaml here stands for all the forms its entry declares (its name and
    aliases: "other names a case accepts for the same actor")."""

    def __init__(self, lexicon: Lexicon, suite_actors: Iterable[SuiteActor] = ()):
        self.lexicon = lexicon
        forms: dict[str, set[str]] = {}
        for actor in suite_actors:
            forms.setdefault(actor.entry, set()).add(fold_name(actor.name))
        self.suite_forms = {f: frozenset(fs) for fs in forms.values() for f in fs}
        self.canonical = {fold_name(a.name): a.actor_id for a in lexicon.actors}
        by_alias: dict[str, set[str]] = {}
        for actor in lexicon.actors:
            for alias in actor.aliases:
                by_alias.setdefault(fold_name(alias), set()).add(actor.actor_id)
        self.alias = {k: next(iter(v)) for k, v in by_alias.items() if len(v) == 1}

    def lexicon_id(self, name: str) -> str | None:
        key = fold_name(name)
        return self.canonical.get(key) or self.alias.get(key)

    def entry(self, actor_id: str, new: dict[str, ActorEntry]) -> ActorEntry | None:
        return self.lexicon.actors_by_id.get(actor_id) or new.get(actor_id)

    def label(self, actor_id: str | None, new: dict[str, ActorEntry]) -> str:
        if actor_id is None:
            return "-"
        entry = self.entry(actor_id, new)
        return entry.name if entry else actor_id

    def same(self, actor_id: str, name: str, new: dict[str, ActorEntry]) -> bool:
        """Whether the produced actor is the one the expected name names."""
        known = self.lexicon_id(name)
        if known is not None:
            return actor_id == known
        entry = self.entry(actor_id, new)
        forms = [entry.name, *entry.aliases] if entry else [actor_id.replace("-", " ")]
        wanted = self.suite_forms.get(fold_name(name), {fold_name(name)})
        return not wanted.isdisjoint(fold_name(f) for f in forms)

    def names_outright(self, actor_id: str, text: str, new: dict[str, ActorEntry]) -> bool:
        """Whether a mention's text is the actor's name or a multi-word alias of it."""
        entry = self.entry(actor_id, new)
        if entry is None:
            return False
        key = fold_name(text)
        return key == fold_name(entry.name) or any(
            key == fold_name(a) and len(key.split()) > 1 for a in entry.aliases
        )

    def country(self, actor_id: str, new: dict[str, ActorEntry]) -> str | None:
        entry = self.entry(actor_id, new)
        return entry.country_code if entry else None


# ---------------------------------------------------------------- running


@dataclass(frozen=True)
class Produced:
    event_type: str
    source: str | None
    target: str | None
    status: str
    inferred: bool  # the target was inferred, not stated


@dataclass
class CaseResult:
    case: Case
    produced: list[Produced]
    labels: list[str]  # produced events, readable
    missing: list[str]  # expected events nothing matched
    unexpected: list[str]  # produced events no expected one matched
    home_actors: list[str]  # Venezuelan actors produced for a text about another country
    failures: list[str] = field(default_factory=list)  # stages that failed on the text

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.home_actors or self.failures)


@dataclass(frozen=True)
class Tally:
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class SuiteResult:
    results: list[CaseResult]
    seconds: float

    def _tally(self, results: list[CaseResult]) -> Tally:
        return Tally(sum(r.passed for r in results), len(results))

    @property
    def overall(self) -> Tally:
        return self._tally(self.results)

    def by_group(self) -> dict[str, Tally]:
        groups: dict[str, list[CaseResult]] = {}
        for r in self.results:
            groups.setdefault(r.case.group, []).append(r)
        return {g: self._tally(rs) for g, rs in sorted(groups.items())}

    def by_type(self) -> dict[str, Tally]:
        types: dict[str, list[CaseResult]] = {}
        for r in self.results:
            for kind in r.case.types:
                types.setdefault(kind, []).append(r)
        return {t: self._tally(rs) for t, rs in sorted(types.items())}

    @property
    def foreign_share(self) -> float:
        """The share of cases about a country other than Venezuela."""
        n = len(self.results)
        return sum(r.case.country != HOME for r in self.results) / n if n else 0.0

    def home_violations(self) -> list[CaseResult]:
        return [r for r in self.results if r.home_actors]

    def as_dict(self) -> dict:
        def tallies(d: dict[str, Tally]) -> dict:
            return {k: {"passed": t.passed, "total": t.total, "rate": round(t.rate, 4)}
                    for k, t in d.items()}  # fmt: skip

        return {
            "overall": tallies({"all": self.overall})["all"],
            "groups": tallies(self.by_group()),
            "types": tallies(self.by_type()),
            "foreign_share": round(self.foreign_share, 4),
            "seconds": round(self.seconds, 2),
            "cases": [
                {"id": r.case.id, "group": r.case.group, "passed": r.passed,
                 "expected": [e.label() for e in r.case.expect], "produced": r.labels,
                 "missing": r.missing, "unexpected": r.unexpected,
                 "home_actors": r.home_actors, "failures": r.failures}
                for r in self.results
            ],
        }  # fmt: skip


def load_stages(lexicon_dir: Path = DEFAULT_DIR):
    """The pipeline's per-document stages, built once (the model is the slow part)."""
    from pipeline.extract.analyse import Setup, Stages
    from pipeline.extract.nlp import DEFAULT_MODEL

    return Stages(Setup(DEFAULT_MODEL, Path(lexicon_dir)))


def _side_ok(names: Names, actor_id: str | None, expected: tuple | None, new) -> bool:
    if actor_id is None:
        return expected is None or None in expected
    return expected is not None and any(n and names.same(actor_id, n, new) for n in expected)


def _matches(names: Names, p: Produced, e: Expected, new: dict[str, ActorEntry]) -> bool:
    return (
        p.event_type in e.types
        and p.status in e.statuses
        and _side_ok(names, p.source, e.sources, new)
        and _side_ok(names, p.target, e.targets, new)
    )


def score_case(case: Case, analysis, names: Names) -> CaseResult:
    """Match one case's produced events against its expected ones (see the module doc)."""
    new = {a.actor_id: a for a in analysis.new_actors}
    rows: dict[tuple, bool] = {}  # distinct (type, source, target, status): all inferred?
    for e in analysis.events:
        key = (str(e["event_type"]), e.get("source_actor_id"), e.get("target_actor_id"),
               str(e["status"]))  # fmt: skip
        rows[key] = rows.get(key, True) and e.get("target_basis") == "inferred"
    produced = [Produced(*key, inferred) for key, inferred in rows.items()]
    adjacency = [
        [j for j, p in enumerate(produced) if _matches(names, p, e, new)] for e in case.expect
    ]
    matched = max_matching(adjacency)
    used = set(matched.values())

    def label(p: Produced) -> str:
        text = _event_label(p.event_type, names.label(p.source, new),
                            names.label(p.target, new), p.status)  # fmt: skip
        return text + (" [target inferred]" if p.inferred else "")

    home = _home_actors(case, analysis, produced, names, new) if case.country != HOME else []
    return CaseResult(
        case=case,
        produced=produced,
        labels=[label(p) for p in produced],
        missing=[e.label() for i, e in enumerate(case.expect) if i not in matched],
        unexpected=[label(p) for j, p in enumerate(produced) if j not in used],
        home_actors=home,
        failures=[f"{f['stage']}: {f['error']}" for f in analysis.failures],
    )


def _home_actors(case: Case, analysis, produced: list[Produced], names: Names, new) -> list[str]:
    """Venezuelan actors produced for a text about another country, other than those an
    expected event names or the text names outright (by canonical name or a multi-word
    alias: "Venezuela", "Venezuelan government"; not a surname, not a description such as
    "the opposition")."""
    actors = {m["actor_id"] for m in analysis.actor_mentions}
    actors |= {a for p in produced for a in (p.source, p.target) if a}
    expected = [n for e in case.expect for n in e.names()]
    out = []
    for actor in sorted(actors):
        if names.country(actor, new) != HOME or any(names.same(actor, n, new) for n in expected):
            continue
        if any(m["actor_id"] == actor and names.names_outright(actor, m["text"], new)
               for m in analysis.actor_mentions):  # fmt: skip
            continue
        out.append(names.label(actor, new))
    return out


def run_suite(cases: list[Case], stages=None, batch_size: int = 64) -> SuiteResult:
    """Analyse every case text as one document and score it; the results as data."""
    from pipeline.extract.analyse import Job

    stages = stages or load_stages()
    started = time.perf_counter()
    jobs = [Job(c.id, c.text, c.date, undated=False) for c in cases]
    analyses = stages.analyse_batch(jobs, batch_size=batch_size) if jobs else []
    names = Names(stages.lexicon, load_suite_actors())
    results = [score_case(c, a, names) for c, a in zip(cases, analyses, strict=True)]
    return SuiteResult(results, time.perf_counter() - started)


# ---------------------------------------------------------------- checking the cases


def check_cases(cases: list[Case], lexicon: Lexicon, suite_actors: list[SuiteActor]) -> list[str]:
    """Problems with the cases themselves: duplicate ids, names nobody can check, unknown
    country codes. An expected name is a lexicon actor's canonical name, an actor declared in
    actors.yaml here, or a name the case text itself gives (folded)."""
    problems = []
    seen: set[str] = set()
    canonical = {fold_name(a.name) for a in lexicon.actors}
    aliases = {fold_name(x): a.name for a in lexicon.actors for x in a.aliases}
    declared = {fold_name(a.name) for a in suite_actors}
    codes = {a.country_code for a in lexicon.actors if a.actor_type == "country"}
    codes |= {a.country for a in suite_actors if a.actor_type == "country" and a.country}
    for case in cases:
        if case.id in seen:
            problems.append(f"{case.file}: id {case.id} is used twice")
        seen.add(case.id)
        if case.country not in codes:
            problems.append(f"{case.id}: country {case.country} is neither a lexicon country "
                            "nor declared in tests/behaviour/actors.yaml")  # fmt: skip
        text = f" {_words(case.text)} "
        for name in (n for e in case.expect for n in e.names()):
            key = fold_name(name)
            if key in canonical or key in declared:
                continue
            if key in aliases:
                problems.append(f"{case.id}: {name!r} is an alias: use the lexicon's canonical "
                                f"name {aliases[key]!r}")  # fmt: skip
            elif f" {_words(name)} " not in text:
                problems.append(f"{case.id}: {name!r} is not a lexicon actor, not declared in "
                                "actors.yaml and not in the text")  # fmt: skip
    return problems


def _words(text: str) -> str:
    """Folded words without punctuation or possessive 's: for finding a name in a text."""
    plain = re.sub(r"['\u2019]s\b", "", text)
    return " ".join(re.findall(r"\w+", fold_name(plain)))


# ---------------------------------------------------------------- output


def _table(title: str, tallies: dict[str, Tally], total: Tally | None = None) -> list[str]:
    width = max([len(k) for k in tallies] + [len(title), 3]) + 2
    lines = [f"{title:<{width}}{'cases':>7}{'passed':>8}{'rate':>8}"]
    rows = list(tallies.items()) + ([("all", total)] if total else [])
    for name, t in rows:
        lines.append(f"{name:<{width}}{t.total:>7}{t.passed:>8}{t.rate:>8.1%}")
    return lines


def format_summary(result: SuiteResult) -> str:
    head = (f"behavioural suite: {len(result.results)} cases, "
            f"{result.foreign_share:.0%} about countries other than Venezuela")  # fmt: skip
    home = result.home_violations()
    tail = f"Venezuelan actors produced for texts about other countries: {len(home)} cases"
    sections = [
        [head],
        _table("construction group", result.by_group(), result.overall),
        _table("PLOVER type", result.by_type()),
        [tail],
    ]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"


def format_failures(result: SuiteResult) -> str:
    blocks = []
    for r in (r for r in result.results if not r.passed):
        c = r.case
        lines = [f"FAIL {c.id} [{c.group}] ({c.country})", f"  text: {c.text}"]
        lines += [f"  expected: {e.label()}" for e in c.expect] or ["  expected: no event"]
        lines += [f"  produced: {p}" for p in r.labels] or ["  produced: no event"]
        lines += [f"  missing:    {m}" for m in r.missing]
        lines += [f"  unexpected: {u}" for u in r.unexpected]
        if r.home_actors:
            lines.append(f"  Venezuelan actors in a {c.country} text: {', '.join(r.home_actors)}")
        lines += [f"  stage failed: {f}" for f in r.failures]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def readme_block(result: SuiteResult) -> str:
    """The README's block: pass rate per construction group (no timings: it must not go
    stale by itself)."""
    rows = [f"| {g} | {t.total} | {t.passed} | {t.rate:.0%} |"
            for g, t in result.by_group().items()]  # fmt: skip
    total = result.overall
    home = len(result.home_violations())
    return "\n".join([
        README_START,
        f"{total.total} sentences written for the tests, {result.foreign_share:.0%} of them "
        "about countries other than Venezuela",
        "(`tests/behaviour/cases/`; regenerate this block with",
        "`.venv/bin/python -m tests.behaviour.runner --update-readme`):",
        "",
        "| construction group | cases | passed | pass rate |",
        "|---|---:|---:|---:|",
        *rows,
        f"| **all** | {total.total} | {total.passed} | {total.rate:.0%} |",
        "",
        f"Cases where a Venezuelan actor was produced for a text about another country: {home}.",
        README_END,
    ])  # fmt: skip


def readme_section(text: str) -> str | None:
    """The block as README.md has it now, or None if it has none."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return None
    return text[start : end + len(README_END)]


def update_readme(block: str, path: Path = README) -> bool:
    """Replace the block in README.md; True if the file changed."""
    text = path.read_text(encoding="utf-8")
    old = readme_section(text)
    if old is None:
        raise CaseError(f"{path}: no {README_START} ... {README_END} block to update")
    if old == block:
        return False
    path.write_text(text.replace(old, block), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.behaviour.runner",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--cases", type=Path, default=CASES_DIR, help="folder of case files")
    parser.add_argument("--group", action="append", help="only this group (repeatable)")
    parser.add_argument("--lexicons", type=Path, default=DEFAULT_DIR, help="lexicon folder")
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="rewrite README.md's behavioural-suite block (whole suite only)",
    )
    args = parser.parse_args(argv)
    if args.update_readme and (args.group or args.cases != CASES_DIR):
        parser.error("--update-readme runs the whole suite: drop --group and --cases")
    try:
        cases = load_cases(args.cases, args.group)
        problems = check_cases(cases, load_lexicon(args.lexicons), load_suite_actors())
    except CaseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"analysing {len(cases)} cases ...", file=sys.stderr)
    started = time.perf_counter()
    result = run_suite(cases, load_stages(args.lexicons))
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        if args.failures:
            print(format_failures(result))
        print(format_summary(result), end="")
    print(f"{len(cases)} cases in {seconds:.1f} s ({result.seconds:.1f} s analysing and "
          "scoring, the rest loading the model and lexicons)", file=sys.stderr)  # fmt: skip
    if args.update_readme:
        changed = update_readme(readme_block(result))
        print(f"README.md {'updated' if changed else 'already up to date'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
