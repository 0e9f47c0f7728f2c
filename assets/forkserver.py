"""The fork server that the step processes of a run on the multiprocess executor are forked
from: it imports Dagster and the code and loads the model once (assets/preload.py), which
takes seconds. `actas build` starts it first thing, before it imports Dagster itself, so that
the loading runs on another core while the build imports and works out which buckets are
stale (assets/build.py). This module imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.extract.analyse import Setup
    from pipeline.ingest.buckets import Plan

# Below this many new or changed files, the buckets run in the run's own process: starting
# the step processes' fork server (importing Dagster and the code, loading the model) costs
# about as much as analysing this many texts on one core.
MIN_FILES_FOR_PROCESSES = 40
# What the fork server of the multiprocess executor imports before it forks a step process.
PRELOAD = ["assets.preload"]
# What it imports when it forks only processes that make the buckets of a few texts.
ANALYSIS_PRELOAD = ["assets.preload_analysis"]
# The longest a build waits for the processes that make the buckets of a few new texts.
AHEAD_SECONDS = 600
BUCKET_COST = 2  # see `_shares`

_serving: list[str] = []  # the preload of the fork server this process started, if any
_helpers: list[Executor] = []  # the pool of `helpers`, while its block runs
_ahead: dict[int, Callable[[], None]] = {}  # bucket -> waits for it, while `buckets_ahead` runs
_starts: list[Callable[[], None]] = []  # starts the processes of `helpers`, if they wait


def start_if_useful(raw_dir: Path, work_dir: Path, n_process: int, n_buckets: int,
                    max_bytes: int) -> None:  # fmt: skip
    """Start the fork server, unless it runs, if the build may use it: when more than one
    process is allowed and the raw folder holds at least MIN_FILES_FOR_PROCESSES files. If
    only a few of them look new or changed, it loads just the model, for `buckets_ahead`: in
    half the time, as it need not import Dagster. `actas build` calls this before it imports
    Dagster itself, and `build` again."""
    from pipeline.ingest import buckets
    from pipeline.ingest.files import list_raw_files

    n_process = n_process or os.cpu_count() or 1
    if running() or n_process < 2:
        return
    try:
        if len(list_raw_files(raw_dir)) < MIN_FILES_FOR_PROCESSES:
            return
        # A guess, made before the code is loaded: the build's own plan has the last word.
        guess = buckets.plan(raw_dir, work_dir, n_buckets, None, max_bytes).changed_files
    except (OSError, ValueError):  # the build reports what is wrong with the folders
        return
    start_fork_server(ANALYSIS_PRELOAD if 0 < guess < MIN_FILES_FOR_PROCESSES else None)


def start_fork_server(preload: list[str] | None = None) -> None:
    """Start the fork server now, with what the multiprocess executor would give it (or only
    `preload`), so that it imports the code and loads the model while this process works out
    which buckets are stale; the executor then finds it running."""
    modules = preload or ["dagster._core.executor.multiprocess", *PRELOAD]
    with fork_server_environment():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(modules)
        multiprocessing.forkserver.ensure_running()
    _serving[:] = modules


def running() -> bool:
    """Whether the fork server of this process runs."""
    return multiprocessing.forkserver._forkserver._forkserver_pid is not None


def serve_steps() -> None:
    """Make the running fork server, if any, one that step processes can start from: one that
    loaded only the model (the guess of `start_if_useful` found few new files, but the build
    must analyse more) is replaced by one that imports Dagster and the code too."""
    if running() and _serving == ANALYSIS_PRELOAD:
        stop_fork_server()
        start_fork_server()


def stop_fork_server() -> None:
    """Stop the fork server, if one runs: it holds the model and the code's imports, and would
    otherwise live as long as this process. It is killed, not asked to exit: it has no work
    left, and exiting (freeing the model) takes it a second or more. (The standard library has
    no public call for this; the next run starts a new server.)"""
    server = multiprocessing.forkserver._forkserver
    with contextlib.suppress(Exception):
        if server._forkserver_pid is not None:
            os.kill(server._forkserver_pid, signal.SIGKILL)
        server._stop()
    _serving.clear()


@contextlib.contextmanager
def helpers(n: int, prepare: Callable[[], object]) -> Iterator[None]:
    """Start up to `n` processes forked from the running fork server, each of which first
    runs `prepare` (imports, say) while this process goes on; `helper_pool` hands them to
    the steps that run here until the block ends. Nothing if no server runs. While processes
    make buckets ahead of their steps (`buckets_ahead`), which keeps every core busy, they
    start only once the last of those steps has its bucket (or when given work). Never forked
    from this process: it runs threads, and drawing in a process forked from it crashed
    once."""
    if not running() or n < 1:
        yield
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=prepare) as pool:
        _helpers[:] = [pool]
        # A pool starts a process when work comes and none is idle.
        _starts[:] = [lambda: [pool.submit(int) for _ in range(n)]]
        if not _ahead:
            _start_helpers()
        try:
            yield
        finally:
            _helpers.clear()
            _starts.clear()


def _start_helpers() -> None:
    while _starts:
        _starts.pop()()


def helper_pool() -> Executor | None:
    """The processes `helpers` started, while its block runs; else None."""
    return _helpers[0] if _helpers else None


@contextlib.contextmanager
def buckets_ahead(
    raw_dir: Path,
    work_dir: Path,
    plan: Plan,
    max_bytes: int,
    setup: Setup,
    cache_dir: Path | None,
    n_process: int,
) -> Iterator[None]:
    """Make the stale buckets of a plan that holds a few new or changed files ahead of their
    steps (`bucketing.make_ahead`; the analyses go to the cache too), in up to `n_process`
    processes forked from the running fork server, which has loaded the model: while this
    process starts the run, and without it loading the model. While the block runs, a
    bucket's step waits for its folder (`wait_for_ahead`, at most AHEAD_SECONDS from the
    start) and takes it; processes still running at the end are stopped. Does nothing unless
    the fork server runs, there is a cache, and the files are few (more run in the steps,
    which report their progress)."""
    few = 0 < plan.changed_files < MIN_FILES_FOR_PROCESSES
    if cache_dir is None or not few or not running():
        yield
        return
    from pipeline.ingest.buckets import ahead, bucket_folder, clear_ahead

    shares = _shares(plan, n_process)
    for index in plan.stale:  # left by an earlier build: a step must not wait for those
        clear_ahead(bucket_folder(work_dir, index))
    context = multiprocessing.get_context("forkserver")
    workers = [
        context.Process(target=_warm, args=(raw_dir, work_dir, share, plan.n_buckets, max_bytes,
                                            setup, cache_dir), daemon=True)  # fmt: skip
        for share in shares
    ]
    # A start waits for the server to finish loading: this process goes on meanwhile.
    starting = threading.Thread(target=lambda: [w.start() for w in workers], daemon=True)
    starting.start()
    deadline = time.monotonic() + AHEAD_SECONDS
    for share, worker in zip(shares, workers, strict=True):
        for index, _ in share:
            target = ahead(bucket_folder(work_dir, index))
            _ahead[index] = functools.partial(_wait_for, worker, target, starting, deadline)
    try:
        yield
    finally:
        _ahead.clear()
        starting.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:
            if worker.pid is not None and worker.is_alive():
                worker.kill()
                worker.join()


def wait_for_ahead(index: int) -> None:
    """If a process of `buckets_ahead` is making this bucket, wait until it has made it, or
    ended, or run out of time (then it is stopped, and the step makes the bucket itself)."""
    waiter = _ahead.pop(index, None)
    if waiter is not None:
        waiter()
        if not _ahead:
            _start_helpers()


def _wait_for(worker: multiprocessing.process.BaseProcess, target: Path,
              starting: threading.Thread, deadline: float) -> None:  # fmt: skip
    while not target.exists():
        started = worker.pid is not None
        if not (worker.is_alive() if started else starting.is_alive()):
            return
        if time.monotonic() > deadline:
            if started:
                worker.kill()
                worker.join()
            return
        time.sleep(0.01)


def _shares(plan: Plan, n_process: int) -> list[list[tuple[int, tuple]]]:
    """The stale buckets (index, files) dealt out to at most n_process processes: each bucket,
    costliest first, to the process with the least work so far; each process's buckets in
    the order their steps run. Merging a bucket's old rows with its new ones costs about as
    much as analysing BUCKET_COST texts."""
    shares: list[list[tuple[int, tuple]]] = [[] for _ in range(min(n_process, len(plan.stale)))]
    loads = [0] * len(shares)
    for index in sorted(plan.stale, key=lambda i: (-plan.stale[i], i)):
        least = loads.index(min(loads))
        shares[least].append((index, plan.items[index]))
        loads[least] += plan.stale[index] + BUCKET_COST
    return [sorted(share, key=lambda job: job[0]) for share in shares]


def _warm(raw_dir: Path, work_dir: Path, share: list, n_buckets: int, max_bytes: int,
          setup: Setup, cache_dir: Path) -> None:  # fmt: skip
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.ingest.buckets import bucket_folder
    from pipeline.publish.bucketing import make_ahead
    from pipeline.publish.tables import bucket_fingerprint

    lexicon = load_lexicon(setup.lexicon_dir)
    fingerprint = bucket_fingerprint(setup, max_bytes, n_buckets)
    for index, items in share:
        with contextlib.suppress(Exception):  # the bucket's step makes it, and reports why not
            make_ahead(raw_dir, items, bucket_folder(work_dir, index), fingerprint, max_bytes,
                       lexicon, setup, cache_dir)  # fmt: skip


@contextlib.contextmanager
def fork_server_environment() -> Iterator[None]:
    """The environment the step processes' fork server starts with: this process's module
    path, and not the working directory. Python 3.11 ignores the path it sends the server,
    which searches the working directory first, and would import from there a package named
    like ours (a Dagster project's own `assets`, say) instead of ours."""
    settings = {
        "PYTHONPATH": os.pathsep.join(entry or os.getcwd() for entry in sys.path),
        "PYTHONSAFEPATH": "1",
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
