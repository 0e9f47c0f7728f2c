"""A process of the analysis that dies never hangs the run, and costs a retry of its bucket
(pipeline/extract/analyse.py: Journal; assets/parse.py: the bucket's retry policy).

Each attempt at a bucket runs in a process forked from this one, which has built the stages
once, so that an attempt starts at once; it is given a deadline, so that a hang fails the
test instead of hanging the suite. The orchestrator's part (a step process that dies is
retried, in a fresh process, by the multiprocess executor and by the Dask executor) is
tested in tests/test_distributed.py.
"""

import json
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from pipeline.extract.analyse import (
    KILL_MARKER,
    Cache,
    Job,
    Journal,
    Setup,
    analyse_all,
    stages_for,
)
from pipeline.extract.lexicon import DEFAULT_DIR
from pipeline.extract.nlp import DEFAULT_MODEL, ModelNotInstalled

SETUP = Setup(DEFAULT_MODEL, DEFAULT_DIR)
DEADLINE = 60  # seconds for one attempt at six short texts
POISON = "xq-this-text-kills-its-process-qx"
BODIES = [
    "Chile recalled its ambassador from Lima on Friday.",
    "Peru's president said on Monday that talks with Bolivia would resume in March.",
    "Police arrested 12 protesters in Quito on Saturday, the interior minister said.",
    "The central bank raised its main rate to 9 percent on Thursday.",
    "Farmers blocked two highways near Cochabamba for a third day.",
    "Ecuador and Colombia agreed to reopen their border crossing next week.",
]
STAGES = ("sentences", "time_expressions", "actor_mentions", "citations", "events", "figures",
          "duplicates")  # fmt: skip


def _jobs(poisoned: int | None = None) -> list[Job]:
    return [Job(f"doc{i}", body + (f" {POISON}" if i == poisoned else ""), None, False)
            for i, body in enumerate(BODIES)]  # fmt: skip


def _attempt(jobs: list[Job], cache_dir: Path, journal: Path, out: Path, marker: bool) -> None:
    """One attempt at a bucket, in a child process: its results' summary to `out`."""
    if marker:
        os.environ[KILL_MARKER] = POISON
    messages: list[str] = []
    cache = Cache(cache_dir, "0123456789abcdef")
    results = list(analyse_all(jobs, SETUP, cache, chunk=4, progress=messages.append,
                               journal=Journal(journal, "run-1")))  # fmt: skip
    summary = {"ids": [r.doc_id for r in results],
               "sentences": [len(r.sentences) for r in results],
               "failures": [f for r in results for f in r.failures], "messages": messages}
    out.write_text(json.dumps(summary))


def _retried(tmp_path: Path, jobs: list[Job], marked: list[bool]) -> tuple[list[int], dict]:
    """Attempts one after another, as the orchestrator retries a step whose process died,
    until one finishes: the exit code of each, and the summary of the last."""
    stages_for(SETUP)  # built here once: each forked attempt has them from its start
    context = multiprocessing.get_context("fork")
    out = tmp_path / "summary.json"
    codes = []
    for marker in marked:
        args = (jobs, tmp_path / "cache", tmp_path / "journal", out, marker)
        child = context.Process(target=_attempt, args=args)
        child.start()
        child.join(DEADLINE)
        if child.is_alive():
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            pytest.fail(f"an attempt hung: no result within {DEADLINE} s")
        codes.append(child.exitcode)
        if child.exitcode == 0:
            break
    return codes, json.loads(out.read_text()) if out.exists() else {}


def test_a_process_killed_mid_bucket_costs_a_retry_not_a_hang_or_a_document(tmp_path):
    # Killed once (as by the kernel's OOM killer) while analysing doc5's batch, then not.
    codes, run = _retried(tmp_path, _jobs(poisoned=5), [True, False])
    assert codes == [-signal.SIGKILL, 0]
    assert run["ids"] == [f"doc{i}" for i in range(6)]
    assert all(run["sentences"]) and not run["failures"]
    assert any("process died" in m for m in run["messages"]), run["messages"]
    # The batch finished before the death was cached, and not analysed again.
    assert "4 of 6 documents already analysed (cache)" in run["messages"]


def test_a_text_that_kills_every_process_is_recorded_as_failed_and_the_bucket_goes_on(tmp_path):
    codes, run = _retried(tmp_path, _jobs(poisoned=3), [True] * 4)
    # Died in its batch, then alone; the third attempt knows it and skips it.
    assert codes == [-signal.SIGKILL, -signal.SIGKILL, 0]
    assert run["ids"] == [f"doc{i}" for i in range(6)]
    assert [n == 0 for n in run["sentences"]] == [i == 3 for i in range(6)]
    assert {(f["doc_id"], f["stage"]) for f in run["failures"]} == {("doc3", s) for s in STAGES}
    assert any("doc3" in m and m.startswith("warning:") for m in run["messages"])


def test_a_journal_of_another_run_is_ignored(tmp_path):
    path = tmp_path / "journal"
    path.write_text(json.dumps({"attempt": "run-0", "careful": True, "current": "doc3",
                                "lost": ["doc1"]}))  # fmt: skip
    journal = Journal(path, "run-1")
    journal.start()
    assert not journal.careful and journal.lost == []


def test_a_model_that_is_not_installed_raises_its_own_error():
    with pytest.raises(ModelNotInstalled, match="no_such_spacy_model"):
        list(analyse_all(_jobs(), Setup("no_such_spacy_model", DEFAULT_DIR), None))
