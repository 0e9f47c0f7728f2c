"""Every per-document stage in one pass: parse once, then sentences, time expressions, actor
mentions, citations, events, figures, an inferred publication date and the sketch that
duplicate detection compares.

The pass runs on all cores (one worker process per core, each loading the model and the
lexicons once) and caches each document's result under a key made of its text, its stated
date and a fingerprint of everything that shapes the result: the pipeline's source, the
model, and the lexicons. A re-run parses only texts it has not seen with this exact setup.
Cross-document steps (canonical actors, sources, duplicates) come after, in tables.py.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy.util
from spacy.tokens import Doc

from pipeline.actors import ActorMatcher
from pipeline.cache import PickleCache, code_fingerprint
from pipeline.citations import SourceMatcher
from pipeline.dating import Calendar, infer_publication_date, load_calendar
from pipeline.events import EventExtractor
from pipeline.figures import extract_figures
from pipeline.ids import stable_id
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.nlp import load_model
from pipeline.records import ActorEntry
from pipeline.sentences import SentenceIndex, sentence_kind, sentence_spans
from pipeline.sketches import Sketch, sketch
from pipeline.timex import extract_timexes

# The modules whose code shapes a document's analysis: a change to any of them (or to a
# lexicon, or the model) invalidates the cache; a change to publishing or the report does not.
ANALYSIS_MODULES = ("analyse", "actors", "cache", "citations", "countries", "dating", "events",
                    "figures", "ids", "lexicon", "nlp", "records", "sentences", "sketches",
                    "timex")  # fmt: skip
# Below this many new documents per process, a pool costs more than it saves (a worker
# loads the model in about a second, and parses some ten documents a second).
MIN_DOCS_PER_PROCESS = 10


@dataclass(frozen=True)
class Job:
    doc_id: str
    body: str
    published_date: dt.date | None
    undated: bool


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
        timexes = run("time_expressions", lambda: extract_timexes(doc, job.published_date)) or []
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
        figures = run("figures", lambda: extract_figures(doc, mentions, citations))
        result.figures = [_with_id(r, "figure_id", ("doc_id", "start", "end", "value", "unit"))
                          for r in rows(figures)]  # fmt: skip
        result.sketch = run("duplicates", lambda: sketch(job.body))
        if job.undated:
            result.inferred_date = run("documents", lambda: infer_publication_date(
                doc, extract_timexes(doc, None), self.calendar))  # fmt: skip
        return result

    def analyse_batch(self, jobs: list[Job], batch_size: int = 32) -> list[Analysis]:
        docs = self.nlp.pipe((j.body for j in jobs), batch_size=batch_size)
        return [self.analyse(job, doc) for job, doc in zip(jobs, docs, strict=True)]


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str
    kind: str


def _sentences(doc: Doc, spans: list[tuple[int, int]]) -> list[_Sentence]:
    return [
        _Sentence(start, end, doc.text[start:end],
                  sentence_kind(doc, doc.char_span(start, end, alignment_mode="expand")))
        for start, end in spans
    ]  # fmt: skip


def _located(doc_id: str, index: SentenceIndex, record: object) -> dict:
    row = dataclasses.asdict(record)
    return {"doc_id": doc_id, "sentence_id": index(row["start"]), **row}


def _with_id(row: dict, key: str, parts: tuple[str, ...]) -> dict:
    return {key: stable_id(*(row[p] for p in parts)), **row}


# The cache ---------------------------------------------------------------------------------


def fingerprint(setup: Setup) -> str:
    """Changes whenever anything that shapes a document's result changes."""
    model_version = spacy.util.get_package_version(setup.model) or "unknown"
    lexicons = sorted(Path(setup.lexicon_dir).glob("*.yaml"))
    return code_fingerprint(ANALYSIS_MODULES, lexicons, f"{setup.model}\x1f{model_version}")


class Cache:
    """Each document's analysis, keyed by its body and stated date (see pipeline/cache.py)."""

    def __init__(self, folder: Path, fingerprint: str):
        self.store = PickleCache(folder, fingerprint)

    @staticmethod
    def _key(job: Job) -> str:
        return stable_id(job.body, job.published_date, job.undated, length=32)

    def has(self, job: Job) -> bool:
        return self.store.has(self._key(job))

    def get(self, job: Job) -> Analysis | None:
        cached = self.store.get(self._key(job))
        if not isinstance(cached, Analysis):
            return None
        return dataclasses.replace(cached, doc_id=job.doc_id, **_renamed(cached, job.doc_id))

    def put(self, job: Job, result: Analysis) -> None:
        if not result.failures:  # a failure may be passing: try again next time
            self.store.put(self._key(job), result)


def _renamed(result: Analysis, doc_id: str) -> dict:
    """The same body can come with another header, so under another doc_id: rows always
    carry the document they are read for."""
    if result.doc_id == doc_id:
        return {}
    return {name: [{**row, "doc_id": doc_id} for row in getattr(result, name)]
            for name in ("sentences", "time_expressions", "actor_mentions", "citations",
                         "events", "figures")}  # fmt: skip


# Running it --------------------------------------------------------------------------------

_STAGES: Stages | None = None


def _init_worker(setup: Setup) -> None:
    global _STAGES
    _STAGES = Stages(setup)


def _work(jobs: list[Job]) -> list[Analysis]:
    assert _STAGES is not None
    return _STAGES.analyse_batch(jobs)


def analyse_all(
    jobs: list[Job],
    setup: Setup,
    cache: Cache | None,
    n_process: int = 1,
    chunk: int = 32,
    progress: Callable[[str], None] = lambda message: None,
) -> Iterator[Analysis]:
    """Results one at a time, in the order of jobs: from the cache, or computed on n_process
    cores. Nothing is held beyond what the workers have finished ahead of the reader."""
    cached = [bool(cache and cache.has(job)) for job in jobs]
    todo = [job for job, hit in zip(jobs, cached, strict=True) if not hit]
    progress(f"{len(jobs) - len(todo)} of {len(jobs)} documents already analysed (cache)")
    fallback: list[Stages] = []
    with _computing(todo, setup, n_process, chunk, progress) as fresh:
        for job, hit in zip(jobs, cached, strict=True):
            result = cache.get(job) if hit and cache else None
            if result is None:
                if hit:  # in the cache but unreadable after all: analyse it here
                    fallback = fallback or [Stages(setup)]
                result = fallback[0].analyse_batch([job])[0] if hit else next(fresh)
                if cache:
                    cache.put(job, result)
            yield result


@contextlib.contextmanager
def _computing(
    jobs: list[Job], setup: Setup, n_process: int, chunk: int, progress: Callable[[str], None]
) -> Iterator[Iterator[Analysis]]:
    """Results in the order of jobs. With more than one process the workers start at once, so
    they parse while the caller reads cached results; they stop when the block ends."""
    if not jobs:
        yield iter(())
        return
    n_process = n_process or os.cpu_count() or 1  # 0: every core
    n_process = max(1, min(n_process, len(jobs) // MIN_DOCS_PER_PROCESS or 1))
    # Chunks small enough that a few new texts still reach every core, and arrive early.
    chunk = max(1, min(chunk, -(-len(jobs) // (4 * n_process))))
    chunks = [jobs[i : i + chunk] for i in range(0, len(jobs), chunk)]
    if n_process == 1:
        yield _flattened(map(Stages(setup).analyse_batch, chunks), len(jobs), progress)
        return
    # fork shares the parent's imported modules; each worker still builds its own stages
    _release_free_memory()
    pool = multiprocessing.get_context("fork").Pool(
        n_process, initializer=_init_worker, initargs=(setup,)
    )
    try:
        yield _flattened(pool.imap(_work, chunks), len(jobs), progress)
    finally:
        pool.terminate()
        pool.join()


def _flattened(
    parts: Iterator[list[Analysis]], total: int, progress: Callable[[str], None]
) -> Iterator[Analysis]:
    report = _Progress(total, progress)
    done = 0
    for part in parts:
        yield from part
        done += len(part)
        report(done)


def _release_free_memory() -> None:
    """Give the system back what the process has freed (glibc keeps it), so that forked
    workers do not start out holding it too."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class _Progress:
    def __init__(self, total: int, say: Callable[[str], None]):
        self.total, self.say, self.next = total, say, 0

    def __call__(self, done: int) -> None:
        if done >= self.next or done == self.total:
            self.say(f"analysed {done}/{self.total} new documents")
            self.next = done + max(self.total // 10, 1)
