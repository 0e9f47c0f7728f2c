"""Every per-document stage in one pass: parse once, then sentences, time expressions, actor
mentions, citations, events, figures, an inferred publication date and the sketch that
duplicate detection compares.

The pass runs in the process that calls it, over the documents of one bucket (see
pipeline/ingest/buckets.py): parallelism comes from the orchestrator, which runs the buckets as
steps of their own. It caches each document's result under a key made of its text, its stated
date and a fingerprint of everything that shapes the result: the pipeline's source, the model,
and the lexicons. A re-run parses only texts it has not seen with this exact setup. A process
that dies (out of memory, a crash in native code, a kill) is retried by the orchestrator in a
fresh one, which finds in a journal what the dead one was doing (see `Journal`), so that a
document that kills every process that reads it is found and recorded as failed instead of
failing its bucket for ever. Cross-document steps (canonical actors, sources, duplicates)
come after, in tables.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy.util
from spacy.tokens import Doc

from pipeline.common.cache import PickleCache, code_fingerprint
from pipeline.common.ids import stable_id
from pipeline.common.records import ActorEntry
from pipeline.extract.actors import ActorMatcher
from pipeline.extract.citations import SourceMatcher
from pipeline.extract.dating import Calendar, infer_publication_date, load_calendar
from pipeline.extract.doctext import known_text, text_of
from pipeline.extract.events import EventExtractor
from pipeline.extract.figures import armed_forces, extract_figures
from pipeline.extract.lexicon import Lexicon, load_lexicon
from pipeline.extract.nlp import load_model
from pipeline.extract.sentences import SentenceIndex, sentence_kind, sentence_spans
from pipeline.extract.sketches import Sketch, sketch
from pipeline.extract.timex import extract_timexes

# The modules whose code shapes a document's analysis: a change to any of them (or to a
# lexicon, or the model) invalidates the cache; a change to publishing or the report does not.
ANALYSIS_MODULES = (
    "common.cache",
    "common.ids",
    "common.records",
    "common.vocabulary",
    "extract.actors",
    "extract.analyse",
    "extract.attributes",
    "extract.citations",
    "extract.countries",
    "extract.dating",
    "extract.doctext",
    "extract.events",
    "extract.figures",
    "extract.lexicon",
    "extract.nlp",
    "extract.sentences",
    "extract.sketches",
    "extract.timex",
)
# spaCy refuses texts over nlp.max_length (a million characters); longer bodies, and long ones
# generally, are parsed in pieces of at most this many characters, cut at paragraph breaks.
PIECE_CHARS = 100_000
# Documents that may each kill their worker process before the run stops: past this, the
# cause is likely the machine (out of memory), not the documents.
MAX_LOST_DOCUMENTS = 3
# Tables a document's rows go to, as analysed (failures of a lost document name each).
TABLES = ("sentences", "time_expressions", "actor_mentions", "citations", "events", "figures")


@dataclass(frozen=True)
class Job:
    doc_id: str
    body: str
    published_date: dt.date | None
    undated: bool
    dateline_day: tuple[int, int] | None = None  # (month, day) of a dateline without a year


@dataclass
class Analysis:
    """What one document yields: rows for each table, located in the body."""

    doc_id: str
    sentences: list[dict] = field(default_factory=list)
    time_expressions: list[dict] = field(default_factory=list)
    actor_mentions: list[dict] = field(default_factory=list)
    new_actors: list[ActorEntry] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    inferred_date: tuple[dt.date, str] | None = None
    sketch: Sketch | None = None  # what duplicate detection compares
    failures: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Setup:
    """What a worker needs to rebuild the stages: names and paths, cheap to send."""

    model: str
    lexicon_dir: Path


class Stages:
    """The loaded model and every stage, built once per process."""

    def __init__(self, setup: Setup):
        self.nlp = load_model(setup.model)
        self.lexicon: Lexicon = load_lexicon(setup.lexicon_dir)
        self.calendar: Calendar = load_calendar(setup.lexicon_dir / "calendar.yaml")
        outlets = [f for s in self.lexicon.sources for f in (s.name, *s.aliases)]
        self.actors = ActorMatcher(self.nlp, self.lexicon, exclude=outlets)
        self.sources = SourceMatcher(self.nlp, self.lexicon)
        self.events = EventExtractor(self.lexicon)
        self.types = {a.actor_id: a.actor_type for a in self.lexicon.actors}
        self.forces = armed_forces(self.lexicon)

    def analyse(self, job: Job, doc: Doc) -> Analysis:
        """Every stage on one parsed document; a stage that fails is recorded, not raised."""
        result = Analysis(job.doc_id)
        spans = sentence_spans(doc)
        index = SentenceIndex(spans)

        def run(stage: str, fn: Callable[[], object]) -> object:
            try:
                return fn()
            except Exception as err:
                result.failures.append({"doc_id": job.doc_id, "stage": stage,
                                        "error": f"{type(err).__name__}: {err}"})  # fmt: skip
                return None

        def rows(records) -> list[dict]:
            return [_located(job.doc_id, index, r) for r in records or []]

        result.sentences = rows(run("sentences", lambda: _sentences(doc, spans)))
        found_timexes = run("time_expressions", lambda: extract_timexes(doc, job.published_date))
        timexes = found_timexes or []
        result.time_expressions = rows(timexes)
        found = run("actor_mentions", lambda: self.actors.find(doc))
        mentions = found.mentions if found else []
        result.actor_mentions = rows(mentions)
        result.new_actors = found.new_actors if found else []
        citations = run("citations", lambda: self.sources.find(doc)) or []
        result.citations = rows(citations)
        types = {**self.types, **{a.actor_id: a.actor_type for a in result.new_actors}}
        events = run("events", lambda: self.events.find(doc, mentions, timexes, citations,
                                                        types, result.new_actors))  # fmt: skip
        result.events = [_with_id(r, "event_id", ("doc_id", "start", "event_type",
                                                  "source_actor_id", "target_actor_id"))
                         for r in rows(events)]  # fmt: skip
        figures = run("figures", lambda: extract_figures(doc, mentions, citations,
                                                         self.lexicon.demonyms, self.forces))
        result.figures = [_with_id(r, "figure_id", ("doc_id", "start", "end", "value", "unit"))
                          for r in rows(figures)]  # fmt: skip
        result.sketch = run("duplicates", lambda: sketch(job.body))
        if job.undated:
            # dating reads the expressions unresolved to any date: those found already, if so
            unanchored = found_timexes if job.published_date is None else None
            result.inferred_date = run("documents", lambda: infer_publication_date(
                doc, extract_timexes(doc, None) if unanchored is None else unanchored,
                self.calendar, job.dateline_day))  # fmt: skip
        return result

    def analyse_batch(self, jobs: list[Job], batch_size: int = 64) -> list[Analysis]:
        docs = self.parse([j.body for j in jobs], batch_size)
        return [self.analyse(job, doc) for job, doc in zip(jobs, docs, strict=True)]

    def parse(self, bodies: list[str], batch_size: int = 64) -> Iterator[Doc]:
        """One Doc per body, whatever its length: a long body is parsed in pieces and the
        pieces joined into one Doc whose text is the body."""
        split = [pieces(body, min(PIECE_CHARS, self.nlp.max_length)) for body in bodies]
        docs = self.nlp.pipe((piece for parts in split for piece in parts), batch_size=batch_size)
        for body, parts in zip(bodies, split, strict=True):
            parsed = [next(docs) for _ in parts]
            doc = parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
            yield known_text(doc, body)


def pieces(text: str, limit: int) -> list[str]:
    """text cut into pieces of at most limit characters that join back into text."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _last_break(window) or limit
        parts.append(window[:cut])
        start += cut
    parts.append(text[start:])
    return parts


def _last_break(window: str) -> int:
    """Where to cut: after the last paragraph break, else line break, sentence end or space."""
    for separator in ("\n\n", "\n", ". ", " "):
        at = window.rfind(separator)
        if at > 0:
            return at + len(separator)
    return 0


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str
    kind: str


def _sentences(doc: Doc, spans: list[tuple[int, int]]) -> list[_Sentence]:
    text = text_of(doc)
    return [
        _Sentence(start, end, text[start:end],
                  sentence_kind(text, doc.char_span(start, end, alignment_mode="expand")))
        for start, end in spans
    ]  # fmt: skip


def _located(doc_id: str, index: SentenceIndex, record: object) -> dict:
    row = _as_row(record)
    return {"doc_id": doc_id, "sentence_id": index(row["start"]), **row}


_PLAIN_VALUES = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _as_row(record: object) -> dict:
    """``dataclasses.asdict(record)``, without its deep copy where every field is a plain
    value (a str, a number, None), as most records' fields are."""
    kind = type(record)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(record))
    row = {name: getattr(record, name) for name in names}
    if all(type(value) in _PLAIN_VALUES for value in row.values()):
        return row
    return dataclasses.asdict(record)


def _with_id(row: dict, key: str, parts: tuple[str, ...]) -> dict:
    return {key: stable_id(*(row[p] for p in parts)), **row}


# The cache ---------------------------------------------------------------------------------


def fingerprint(setup: Setup) -> str:
    """Changes whenever anything that shapes a document's result changes."""
    model_version = spacy.util.get_package_version(setup.model) or "unknown"
    lexicons = sorted(Path(setup.lexicon_dir).glob("*.yaml"))
    return code_fingerprint(ANALYSIS_MODULES, lexicons, f"{setup.model}\x1f{model_version}")


class Cache:
    """Each document's analysis, keyed by its body and stated date (pipeline/common/cache.py)."""

    def __init__(self, folder: Path, fingerprint: str):
        self.store = PickleCache(folder, fingerprint)

    @staticmethod
    def _key(job: Job) -> str:
        return stable_id(job.body, job.published_date, job.undated, job.dateline_day, length=32)

    def has(self, job: Job) -> bool:
        return self.store.has(self._key(job))

    def get(self, job: Job) -> Analysis | None:
        """The cached analysis, or None if there is none or it is not one of this body (the
        checksum passed, yet it does not load, or its rows are not where they say)."""
        key = self._key(job)
        cached = self.store.get(key)
        if cached is None:
            return None
        if not isinstance(cached, Analysis) or not _fits(cached, job.body):
            self.store.discard(key)
            return None
        return dataclasses.replace(cached, doc_id=job.doc_id, **_renamed(cached, job.doc_id))

    def put(self, job: Job, result: Analysis) -> None:
        if not result.failures:  # a failure may be passing: try again next time
            self.store.put(self._key(job), result)


def _fits(result: Analysis, body: str) -> bool:
    """Every row's words stand at its offsets in the body: cheap, and what publishing a wrong
    entry would break."""
    try:
        return all(
            0 <= row["start"] <= row["end"] <= len(body)
            and ("text" not in row or body[row["start"] : row["end"]] == row["text"])
            for name in TABLES
            for row in getattr(result, name)
        )
    except Exception:  # not rows at all
        return False


def _renamed(result: Analysis, doc_id: str) -> dict:
    """The same body can come with another header, so under another doc_id: rows always
    carry the document they are read for."""
    if result.doc_id == doc_id:
        return {}
    return {name: [{**row, "doc_id": doc_id} for row in getattr(result, name)]
            for name in TABLES}  # fmt: skip


# Running it --------------------------------------------------------------------------------

_STAGES: dict[Setup, Stages] = {}  # this process's stages, built once (or preloaded)
# Test hook: a process that meets a body containing this text kills itself, as the kernel's
# OOM killer would (tests/test_analysis_faults.py).
KILL_MARKER = "ACTAS_TEST_KILL_WORKER_ON"


def stages_for(setup: Setup) -> Stages:
    """The stages of a setup, built once per process: a process forked from one that built
    them (a preloading fork server) has them from its start."""
    if setup not in _STAGES:
        _STAGES[setup] = Stages(setup)
    return _STAGES[setup]


def preload_stages(setup: Setup) -> None:
    """Build the stages of a setup now, e.g. in a fork server, so that every process forked
    from it has them. On any error the processes build their own, and report what fails."""
    with contextlib.suppress(Exception):
        stages_for(setup)


class WorkersKeepDying(RuntimeError):
    """Processes died on more documents than one bad file explains."""


class Journal:
    """What an attempt at a bucket is doing, on disk, for the attempt that retries it after
    its process died. A file per bucket holds the attempt's id (the run's), whether it goes
    one document at a time, the document it is analysing then, and the documents already
    found to kill their process. A journal of another run is stale and ignored."""

    def __init__(self, path: Path, attempt: str):
        self.path, self.attempt = Path(path), attempt
        self.careful, self.current, self.lost = False, None, []

    def start(self) -> None:
        """Read what a dead attempt of the same run left: after a death in a batch, go one
        document at a time; after a death with one document alone, that document is lost."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        if isinstance(state, dict) and state.get("attempt") == self.attempt:
            self.careful = True
            self.lost = [str(d) for d in state.get("lost", [])]
            if state.get("careful") and state.get("current"):
                self.lost.append(str(state["current"]))
        if len(self.lost) > MAX_LOST_DOCUMENTS:
            raise WorkersKeepDying(
                f"processes died on {len(self.lost)} documents, each analysed alone "
                f"({', '.join(self.lost)}): the machine may be out of memory, or the analysis "
                "cannot run here (see the errors above). Move these files out of the raw folder"
            )
        self._write(None)

    def analysing(self, doc_id: str | None) -> None:
        if self.careful:
            self._write(doc_id)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)

    def _write(self, current: str | None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        state = {"attempt": self.attempt, "careful": self.careful, "current": current,
                 "lost": self.lost}  # fmt: skip
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(self.path)


def analyse_all(
    jobs: list[Job],
    setup: Setup,
    cache: Cache | None,
    chunk: int = 32,
    progress: Callable[[str], None] = lambda message: None,
    journal: Journal | None = None,
) -> Iterator[Analysis]:
    """Results one at a time, in the order of jobs: from the cache, or computed here. With a
    journal, an attempt after a dead one goes one document at a time, and documents that
    killed their process alone are recorded as failed (see `Journal`)."""
    cached = [bool(cache and cache.has(job)) for job in jobs]  # entries whose checksum holds
    todo = [job for job, hit in zip(jobs, cached, strict=True) if not hit]
    progress(f"{len(jobs) - len(todo)} of {len(jobs)} documents already analysed (cache)")
    if journal:
        journal.start()
        if journal.careful:
            progress("warning: the last attempt's process died (killed, out of memory or "
                     "crashed): analysing one document at a time"
                     + (f"; lost before: {', '.join(journal.lost)}" if journal.lost else ""))
    fresh = _computing(todo, setup, chunk, progress, journal)
    for job, hit in zip(jobs, cached, strict=True):
        result = cache.get(job) if hit and cache else None
        if result is None:
            if hit:  # intact on disk, but unusable after all: analyse it here
                progress(f"the cached analysis of {job.doc_id} is unusable: analysing again")
                result = stages_for(setup).analyse_batch([job])[0]
            else:
                result = next(fresh)
            if cache:
                cache.put(job, result)
        yield result
    if journal:
        journal.finish()


def _computing(
    jobs: list[Job],
    setup: Setup,
    chunk: int,
    progress: Callable[[str], None],
    journal: Journal | None,
) -> Iterator[Analysis]:
    """Each job's analysis, in order: in batches of `chunk`, or one at a time (journaled)
    when an earlier attempt died."""
    if not jobs:
        return
    report = _Progress(len(jobs), progress)
    careful = bool(journal and journal.careful)
    size = 1 if careful else max(1, chunk)
    done = 0
    for i in range(0, len(jobs), size):
        part = jobs[i : i + size]
        if careful and part[0].doc_id in journal.lost:
            progress(f"warning: document {part[0].doc_id} kills the process that analyses it, "
                     "even alone: it is published without rows in the analysed tables")
            results = [_lost(part[0])]
        else:
            if journal:
                journal.analysing(part[0].doc_id)
            _die_on_marker(part)
            results = stages_for(setup).analyse_batch(part)
        done += len(part)
        report(done)
        yield from results
    if journal:
        journal.analysing(None)


def _die_on_marker(jobs: list[Job]) -> None:
    marker = os.environ.get(KILL_MARKER)
    if marker and any(marker in job.body for job in jobs):
        os.kill(os.getpid(), signal.SIGKILL)


def _lost(job: Job) -> Analysis:
    """A document no process could analyse: a failure in every stage, as a failing stage is
    recorded, so that the asset metadata and the build summary count it."""
    error = "WorkerDied: the process analysing this document died, also with it alone"
    stages = [*TABLES, "duplicates", *(["documents"] if job.undated else [])]
    return Analysis(job.doc_id, failures=[{"doc_id": job.doc_id, "stage": stage, "error": error}
                                          for stage in stages])  # fmt: skip


class _Progress:
    def __init__(self, total: int, say: Callable[[str], None]):
        self.total, self.say, self.next = total, say, 0

    def __call__(self, done: int) -> None:
        if done >= self.next or done == self.total:
            self.say(f"analysed {done}/{self.total} new documents")
            self.next = done + max(self.total // 10, 1)
