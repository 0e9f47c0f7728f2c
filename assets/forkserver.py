"""The fork server that the step processes of a run on the multiprocess executor are forked
from: it imports Dagster and the code and loads the model once (assets/preload.py), which
takes seconds. `actas build` starts it first thing, before it imports Dagster itself, so that
the loading runs on another core while the build imports and works out which buckets are
stale (assets/build.py). This module imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

# Below this many new or changed files, the buckets run in the run's own process: starting
# the step processes' fork server (importing Dagster and the code, loading the model) costs
# about as much as analysing this many texts on one core.
MIN_FILES_FOR_PROCESSES = 40
# What the fork server of the multiprocess executor imports before it forks a step process.
PRELOAD = ["assets.preload"]


def may_need_processes(raw_dir: Path, n_process: int) -> bool:
    """Whether a build may run its buckets in processes: more than one allowed, and the raw
    folder holds enough files for that to pay if they are new."""
    from pipeline.ingest.files import list_raw_files

    n_process = n_process or os.cpu_count() or 1
    try:
        return n_process > 1 and len(list_raw_files(raw_dir)) >= MIN_FILES_FOR_PROCESSES
    except (OSError, ValueError):  # the build reports what is wrong with the folder
        return False


def start_if_useful(raw_dir: Path, n_process: int) -> None:
    """Start the fork server if the build may use it (see `may_need_processes`) and it does
    not run yet; `actas build` calls this before importing Dagster, `build` again."""
    if multiprocessing.forkserver._forkserver._forkserver_pid is None and may_need_processes(
        raw_dir, n_process
    ):
        start_fork_server()


def start_fork_server() -> None:
    """Start the step processes' fork server now, with what the multiprocess executor would
    give it, so that it imports the code and loads the model while this process works out
    which buckets are stale; the executor then finds it running."""
    with fork_server_environment():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["dagster._core.executor.multiprocess", *PRELOAD])
        multiprocessing.forkserver.ensure_running()


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


