"""The buckets on a real distributed engine and on Dagster's multiprocess executor.

Dask: `build_everything` on a `distributed.LocalCluster` of two worker processes (through
dagster-dask, every step a task on the cluster), in a process of its own with a deadline
(benchmarks/distributed.py), so that a hang fails the test and is ended with everything it
started. Once as it is, once with the worker that runs a bucket killed (SIGKILL) mid-run.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import RAW, ROOT

pytestmark = pytest.mark.slow  # Dask clusters and multiprocess builds of the seeds

DEADLINE = 900  # seconds for both runs; about two minutes on an idle 2-core machine
BUCKETS = "2"  # fewer steps, each a task that loads the job: the merge is the same for any


def _tables(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def dask_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "ACTAS_BUCKETS": BUCKETS}
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.distributed", str(RAW), str(base), "plain",
         "killed:kill"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = child.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail(f"a run on the Dask cluster hung: no result within {DEADLINE} s")
    assert child.returncode == 0, err[-3000:]
    runs = {r["name"]: r for r in map(json.loads, out.splitlines()[-2:])}
    return base, runs


def test_a_run_on_a_dask_cluster_publishes_the_tables_of_the_local_build(built, dask_runs):
    base, runs = dask_runs
    run = runs["plain"]
    assert run["success"] and not run["failed_steps"], run
    # Every bucket ran, each once, on the cluster.
    assert {k: n for k, n in run["starts"].items() if k.startswith("bucket_")} == {
        f"bucket_{i:02d}": 1 for i in range(int(BUCKETS))
    }
    local, distributed = _tables(built), _tables(base / "plain")
    assert local and distributed.keys() == local.keys()
    assert [n for n in local if distributed[n] != local[n]] == []


def test_killing_a_dask_worker_mid_bucket_retries_that_bucket_and_never_hangs(built, dask_runs):
    base, runs = dask_runs
    run = runs["killed"]
    (bucket,) = run["killed"]
    assert run["success"] and not run["failed_steps"], run
    # The killed worker's bucket ran again on a live worker; no other bucket did.
    assert run["starts"][bucket] == 2
    assert all(n == 1 for k, n in run["starts"].items() if k != bucket), run["starts"]
    assert _tables(base / "killed") == _tables(built)


def test_a_bucket_whose_step_process_dies_is_retried_in_a_fresh_one(tmp_path, monkeypatch):
    """On the multiprocess executor (what `actas build` uses for enough new texts): a text
    that kills every process that reads it costs its bucket two retries, is published
    without rows, and the build succeeds; run from a folder holding packages named like
    ours, which the step processes must not import."""
    from assets import execution
    from assets.build import build
    from pipeline.extract.analyse import KILL_MARKER
    from pipeline.ingest.documents import parse_text

    poison = "xq-this-text-kills-its-process-qx"
    raw = tmp_path / "raw"
    raw.mkdir()
    seeds = sorted(RAW.glob("*.txt"))
    for path in seeds:
        (raw / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = seeds[0].read_text(encoding="utf-8")
    anchor = parse_text(text).body.split("\n\n")[1][:40]
    poisoned = text.replace(anchor, f"{anchor} {poison}", 1)
    assert poison in parse_text(poisoned).body
    (raw / seeds[0].name).write_text(poisoned, encoding="utf-8")
    monkeypatch.setenv(KILL_MARKER, poison)
    monkeypatch.setattr(execution, "MIN_FILES_FOR_PROCESSES", 1)  # processes for five texts
    elsewhere = tmp_path / "elsewhere"
    for package in ("assets", "pipeline"):
        (elsewhere / package).mkdir(parents=True)
        (elsewhere / package / "__init__.py").write_text("raise ImportError('not ours')\n")
    monkeypatch.chdir(elsewhere)
    report = build(raw, tmp_path / "out", tmp_path / "work", n_process=2)
    assert report.success, (report.failed_steps, report.failed_checks)
    assert report.bucket_processes == 2
    assert report.failed_documents.get("sentences") == 1
