"""Every per-document stage in one pass: parse once, then sentences, time expressions, actor
mentions, citations, events, figures, an inferred publication date and the sketch that
duplicate detection compares.

The pass runs on all cores (one worker process per core, each building the stages once, from
a model loaded once for all of them) and caches each document's result under a key made of
its text, its stated date and a fingerprint of everything that shapes the result: the
pipeline's source, the model, and the lexicons. A re-run parses only texts it has not seen
with this exact setup. A worker that dies (out of memory, a crash in native code, a kill)
costs a retry, never a hung run (see _pooled). Cross-document steps (canonical actors,
sources, duplicates) come after, in tables.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import spacy.util
from spacy.tokens import Doc

from pipeline.actors import ActorMatcher
from pipeline.cache import PickleCache, code_fingerprint
from pipeline.citations import SourceMatcher
from pipeline.dating import Calendar, infer_publication_date, load_calendar
from pipeline.events import EventExtractor
from pipeline.figures import armed_forces, extract_figures
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
                    "timex", "vocabulary")  # fmt: skip
# Below this many new documents per process, a pool costs more than it saves (a worker
# loads the model in about a second, and parses some ten documents a second).
MIN_DOCS_PER_PROCESS = 10
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
        figures = run("figures", lambda: extract_figures(doc, mentions, citations,
                                                         self.lexicon.demonyms, self.forces))
        result.figures = [_with_id(r, "figure_id", ("doc_id", "start", "end", "value", "unit"))
                          for r in rows(figures)]  # fmt: skip
        result.sketch = run("duplicates", lambda: sketch(job.body))
        if job.undated:
            result.inferred_date = run("documents", lambda: infer_publication_date(
                doc, extract_timexes(doc, None), self.calendar, job.dateline_day))  # fmt: skip
        return result

    def analyse_batch(self, jobs: list[Job], batch_size: int = 32) -> list[Analysis]:
        docs = self.parse([j.body for j in jobs], batch_size)
        return [self.analyse(job, doc) for job, doc in zip(jobs, docs, strict=True)]

    def parse(self, bodies: list[str], batch_size: int = 32) -> Iterator[Doc]:
        """One Doc per body, whatever its length: a long body is parsed in pieces and the
        pieces joined into one Doc whose text is the body."""
        split = [pieces(body, min(PIECE_CHARS, self.nlp.max_length)) for body in bodies]
        docs = self.nlp.pipe((piece for parts in split for piece in parts), batch_size=batch_size)
        for parts in split:
            parsed = [next(docs) for _ in parts]
            yield parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)


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

_STAGES: dict[Setup, Stages] = {}  # a worker's stages, built on its first chunk
# Test hook: a worker process that meets a body containing this text kills itself, as the
# kernel's OOM killer would (tests/test_analysis_faults.py).
KILL_MARKER = "ACTAS_TEST_KILL_WORKER_ON"


# How the fork server learns the setup of the run it serves (see _start_fork_server).
_SETUP_VARIABLE = "ACTAS_FORK_SERVER_SETUP"


def preload_stages() -> None:
    """In the fork server: build the stages of the run it serves once, for every worker. On
    any error the workers build their own, and report what fails."""
    with contextlib.suppress(Exception):
        model, lexicon_dir = json.loads(os.environ[_SETUP_VARIABLE])
        setup = Setup(model, Path(lexicon_dir))
        _STAGES[setup] = Stages(setup)


def _work(setup: Setup, jobs: list[Job]) -> list[Analysis]:
    """A chunk, in a worker process. The stages are built here rather than in a pool
    initializer, so that an error building them (a missing model) is raised as itself."""
    marker = os.environ.get(KILL_MARKER)
    if marker and any(marker in job.body for job in jobs):
        os.kill(os.getpid(), signal.SIGKILL)
    if setup not in _STAGES:
        _STAGES[setup] = Stages(setup)
    return _STAGES[setup].analyse_batch(jobs)


class WorkersKeepDying(RuntimeError):
    """Worker processes died on more documents than one bad file explains."""


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
    cached = [bool(cache and cache.has(job)) for job in jobs]  # entries whose checksum holds
    todo = [job for job, hit in zip(jobs, cached, strict=True) if not hit]
    progress(f"{len(jobs) - len(todo)} of {len(jobs)} documents already analysed (cache)")
    fallback: list[Stages] = []
    with _computing(todo, setup, n_process, chunk, progress) as fresh:
        for job, hit in zip(jobs, cached, strict=True):
            result = cache.get(job) if hit and cache else None
            if result is None:
                if hit:  # intact on disk, but unusable after all: analyse it here
                    progress(f"the cached analysis of {job.doc_id} is unusable: analysing again")
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
    parts = _pooled(chunks, setup, n_process, progress)
    try:
        next(parts)  # starts the workers: they parse while the caller reads cached results
        yield _flattened(parts, len(jobs), progress)
    finally:
        parts.close()  # stops the workers, also when the reader stopped early


def _pooled(
    chunks: list[list[Job]], setup: Setup, n_process: int, say: Callable[[str], None]
) -> Iterator[list[Analysis]]:
    """Each chunk's results in order, from n_process worker processes, a few chunks ahead of
    the reader. A worker that dies breaks the pool at once: the chunks not finished then run
    again in a fresh pool, and a chunk caught in two breaks runs one document at a time, so
    that only a document that kills its process alone is lost (recorded as failed). The
    first item, empty, comes as soon as the workers have work."""
    ahead = 2 * n_process + 1
    tries = [0] * len(chunks)
    futures: dict[int, Future] = {}
    lost: list[str] = []

    def fill(i: int) -> None:
        for k in range(i, min(i + ahead, len(chunks))):
            if k not in futures and tries[k] < 2:
                futures[k] = pool.submit(_work, setup, chunks[k])

    pool = _pool(n_process, setup)
    try:
        with contextlib.suppress(BrokenProcessPool):  # met again, and handled, below
            fill(0)
        yield []
        for i in range(len(chunks)):
            while tries[i] < 2:
                try:
                    fill(i)
                    part = _result(futures[i], pool)
                    del futures[i]
                    break
                except BrokenProcessPool:
                    done = wait(futures.values(), timeout=30).done
                    failed = [k for k, f in futures.items()
                              if f not in done or f.exception() is not None]  # fmt: skip
                    for k in failed:
                        del futures[k]
                        tries[k] += 1
                    n_docs = sum(len(chunks[k]) for k in failed)
                    say(f"warning: an analysis worker process died (killed, out of memory or "
                        f"crashed): its {n_docs} unfinished documents run again")  # fmt: skip
                    pool.shutdown(cancel_futures=True)
                    pool = _pool(n_process, setup)
            else:
                part = _one_by_one(chunks[i], setup, say, lost)
            yield part
    finally:
        pool.shutdown(cancel_futures=True)
        _stop_fork_server()


def _one_by_one(
    jobs: list[Job], setup: Setup, say: Callable[[str], None], lost: list[str]
) -> list[Analysis]:
    """Each document of a chunk that broke two pools alone in a worker process: the one that
    kills it is named and recorded as failed in every table; the others are analysed."""
    results = []
    pool = None
    try:
        for job in jobs:
            pool = pool or _pool(1, setup)
            try:
                (result,) = _result(pool.submit(_work, setup, [job]), pool)
            except BrokenProcessPool:
                pool.shutdown()
                pool = None
                lost.append(job.doc_id)
                if len(lost) > MAX_LOST_DOCUMENTS:
                    raise WorkersKeepDying(
                        f"analysis worker processes died on {len(lost)} documents, each alone "
                        f"({', '.join(lost)}): the machine may be out of memory, or the workers "
                        "cannot run here (see the errors above). Run with --processes 1, or move "
                        "these files out of the raw folder"
                    ) from None
                say(f"warning: document {job.doc_id} kills the process that analyses it, even "
                    "alone: it is published without rows in the analysed tables")  # fmt: skip
                result = _lost(job)
            results.append(result)
    finally:
        if pool:
            pool.shutdown()
    return results


def _result(future: Future, pool: ProcessPoolExecutor) -> list[Analysis]:
    """The future's result, or BrokenProcessPool once the pool is broken: also for a future
    submitted just as it broke, which CPython 3.11 can leave pending for ever."""
    while True:
        try:
            return future.result(timeout=5)
        except TimeoutError:
            if getattr(pool, "_broken", False):
                raise BrokenProcessPool("a worker process died") from None


def _lost(job: Job) -> Analysis:
    """A document no process could analyse: a failure in every stage, as a failing stage is
    recorded, so that the asset metadata and the build summary count it."""
    error = "WorkerDied: the process analysing this document died, also with it alone"
    stages = [*TABLES, "duplicates", *(["documents"] if job.undated else [])]
    return Analysis(job.doc_id, failures=[{"doc_id": job.doc_id, "stage": stage, "error": error}
                                          for stage in stages])  # fmt: skip


def _pool(n_process: int, setup: Setup) -> ProcessPoolExecutor:
    """Workers forked from a fork server: a fresh single-threaded process that has imported
    the pipeline and built the stages once (pipeline/preload.py), so that a worker starts at
    once. Forking this process instead, which may run threads, is not safe."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*_main_module(), "pipeline.preload"])
    _start_fork_server(setup)
    return ProcessPoolExecutor(n_process, context)


def _start_fork_server(setup: Setup) -> None:
    """Start the fork server (if it is not running) for this setup, with this process's
    module path: Python 3.11 ignores the path it sends the server, which would search the
    working directory first, and import from there a folder named like one of our packages."""
    settings = {
        "PYTHONPATH": os.pathsep.join(entry or os.getcwd() for entry in sys.path),
        "PYTHONSAFEPATH": "1",
        _SETUP_VARIABLE: json.dumps([setup.model, str(setup.lexicon_dir)]),
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _stop_fork_server() -> None:
    """Stop the fork server and wait for it, once the analysis is done: it holds the model
    and the pipeline's imports, and would otherwise live as long as this process. (The
    standard library has no public call for it; the next pool starts a new one.)"""
    with contextlib.suppress(Exception):
        multiprocessing.forkserver._forkserver._stop()


def _main_module() -> list[str]:
    """The program's main module, which every worker imports again before it starts (a
    script by its path, `python -m name` by name): imported once in the fork server, its
    imports (Dagster, for the CLI) are already there in each worker."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = getattr(spec, "name", None)
    return ["__main__", *([name] if name and not name.endswith("__main__") else [])]


def _flattened(
    parts: Iterator[list[Analysis]], total: int, progress: Callable[[str], None]
) -> Iterator[Analysis]:
    report = _Progress(total, progress)
    done = 0
    for part in parts:
        done += len(part)
        report(done)
        yield from part


class _Progress:
    def __init__(self, total: int, say: Callable[[str], None]):
        self.total, self.say, self.next = total, say, 0

    def __call__(self, done: int) -> None:
        if done >= self.next or done == self.total:
            self.say(f"analysed {done}/{self.total} new documents")
            self.next = done + max(self.total // 10, 1)
