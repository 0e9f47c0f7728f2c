"""A `dagster dev` for tests: started on a free port, talked to by GraphQL, always stopped."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.pace import Deadline, deadline


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    assert "errors" not in body, body["errors"]
    return body["data"]


def wait(predicate: Callable[[], object], seconds: float | Deadline, what: str):
    """The predicate's first truthy value, polled each second; a failed test that names what it
    waited for, how long and the last answer once `seconds` (tests/pace.py) have passed."""
    limit = seconds.seconds if isinstance(seconds, Deadline) else seconds
    end = time.monotonic() + limit
    last: object = "no answer yet"
    while time.monotonic() < end:
        try:
            value = predicate()
        except OSError as err:  # the server is not (or no longer) answering
            last = err
        else:
            if value:
                return value
            last = value
        time.sleep(1)
    waited = seconds if isinstance(seconds, Deadline) else f"{limit:g} s"
    pytest.fail(f"timed out after {waited} waiting for {what}; last answer: {last!r:.300}")


ROOT = Path(__file__).resolve().parent.parent
LOCATIONS = """
{ workspaceOrError { ... on Workspace { locationEntries { name
    locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


def _default_signals() -> None:
    # A shell may start pytest with SIGINT ignored; dagster dev must still obey Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _processes_of(home: Path) -> list[int]:
    """Processes whose command line or environment names this DAGSTER_HOME."""
    marker = str(home).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with suppress(OSError):
            if (
                marker in (entry / "cmdline").read_bytes()
                or marker in (entry / "environ").read_bytes()
            ):
                found.append(int(entry.name))
    return found


def _stop(process: subprocess.Popen, home: Path) -> None:
    """Ctrl-C, as a user would; then kill what is left of the group, and any stragglers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    time.sleep(0.5)
    left = _processes_of(home)
    for pid in left:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"processes still running for {home} after dagster dev stopped: {left}"


# Measured on 2026-11-26 on the 2-core machine under a load of about 5: baseline 9-10 s,
# dagster dev serving its workspace 29 s, a run of the seeds 37-60 s (about 3 and 4-6
# baselines). The factors leave room for the load to rise after the calibration.
def start_deadline() -> Deadline:
    """For `dagster dev` to serve its workspace."""
    return deadline(factor=15, floor=60)


def run_deadline() -> Deadline:
    """For a run of the seeds (or of the seeds and one more text) to finish."""
    return deadline(factor=40, floor=120)


@contextmanager
def running_dagster_dev(
    base: Path, raw: Path, start: Deadline | None = None, keep_log: Path | None = None
) -> Iterator[int]:
    """`dagster dev -w workspace.yaml` on a free port of 127.0.0.1, with its home, work and
    publish folders under `base`; yields the port once the workspace is served (within
    `start`, by default start_deadline()), and stops every process it started, even when the
    test fails."""
    start = start or start_deadline()
    port = free_port()
    home = base / "home"
    home.mkdir()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ACTAS_RAW_DIR": str(raw),
        "ACTAS_PUBLISH_DIR": str(base / "published"),
        "ACTAS_WORK_DIR": str(base / "work"),
    }
    env.pop("ACTAS_RELEASE_DIR", None)
    log_path = base / "dagster-dev.log"
    dagster = Path(sys.executable).with_name("dagster")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_default_signals,
        )
        try:
            wait(
                lambda: graphql(port, LOCATIONS)["workspaceOrError"]["locationEntries"],
                start,
                f"dagster dev to serve its workspace (its log: {log_path})",
            )
            yield port
        finally:
            try:
                _stop(process, home)
            finally:
                if keep_log is not None:
                    keep_log.parent.mkdir(exist_ok=True)
                    shutil.copy(log_path, keep_log)
