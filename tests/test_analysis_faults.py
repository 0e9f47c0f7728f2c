"""A worker process of the analysis that dies never hangs the run (pipeline/analyse.py).

The analysis runs in a child interpreter with a deadline, so that a hang fails the test
instead of hanging the suite: 24 texts on 2 worker processes, once with one worker killed
from outside (kill -9) mid-run, once with a text that kills every worker that reads it, once
with a model that is not installed; all from a working directory that holds a package named
like one of ours.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from benchmarks.corpus import make_corpus
from pipeline.analyse import KILL_MARKER
from tests.conftest import RAW

DEADLINE = 300  # seconds; a run takes well under a minute, even on a busy 2-core machine
POISON = "xq-this-text-kills-its-worker-qx"

SCRIPT = r"""
import json, os, signal, sys
from pathlib import Path
from pipeline.analyse import Job, Setup, analyse_all
from pipeline.documents import parse_text
from pipeline.lexicon import DEFAULT_DIR
from pipeline.nlp import DEFAULT_MODEL

def children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return found

def workers():
    # The pool's workers: processes below this one with no children of their own (the
    # fork server has some), other than multiprocessing's resource tracker.
    todo, leaves = children(os.getpid()), []
    while todo:
        pid = todo.pop()
        below = children(pid)
        if below:
            todo += below
        elif b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            leaves.append(pid)
    return leaves

def run(jobs, setup, kill=False):
    messages, results = [], []
    try:
        for result in analyse_all(jobs, setup, None, n_process=2, progress=messages.append):
            results.append(result)
            if kill and len(results) == 1:
                os.kill(workers()[0], signal.SIGKILL)
    except Exception as err:
        messages.append(f"raised {type(err).__name__}: {err}")
    return {"ids": [r.doc_id for r in results], "sentences": [len(r.sentences) for r in results],
            "failures": [f for r in results for f in r.failures], "messages": messages}

def main():
    corpus, poison = Path(sys.argv[1]), sys.argv[2]
    jobs = [Job(p.stem, parse_text(p.read_text()).body, None, False)
            for p in sorted(corpus.glob("*.txt"))]
    setup = Setup(DEFAULT_MODEL, DEFAULT_DIR)
    out = {"killed": run(jobs, setup, kill=True)}
    jobs[10] = Job(jobs[10].doc_id, jobs[10].body + " " + poison, None, False)
    out["poisoned"] = run(jobs, setup)
    out["no_model"] = run(jobs, Setup("no_such_spacy_model", DEFAULT_DIR))
    print(json.dumps(out))

if __name__ == "__main__":
    main()
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    make_corpus(RAW, base / "corpus", 24)
    script = base / "scripts" / "analyse_24.py"
    script.parent.mkdir()
    script.write_text(SCRIPT)
    # The working directory holds a package named like ours, as a user's project may: the
    # workers must still run the installed pipeline.
    elsewhere = base / "elsewhere"
    (elsewhere / "pipeline").mkdir(parents=True)
    (elsewhere / "pipeline" / "__init__.py").write_text("")
    env = {**os.environ, KILL_MARKER: POISON}
    # A session of its own, so that a hang is ended with every process it started.
    child = subprocess.Popen(
        [sys.executable, str(script), str(base / "corpus"), POISON], cwd=elsewhere, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = child.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail(f"the analysis hung: no result within {DEADLINE} s")
    assert child.returncode == 0, err[-3000:]
    return json.loads(out.splitlines()[-1])


IDS = [f"{i:06d}" for i in range(24)]


def test_a_worker_killed_mid_run_costs_a_retry_not_a_hang(runs):
    run = runs["killed"]
    assert run["ids"] == IDS
    assert all(run["sentences"]) and not run["failures"]
    assert any("worker process died" in m for m in run["messages"]), run["messages"]


def test_a_text_that_kills_every_worker_is_recorded_as_failed_and_the_run_goes_on(runs):
    run = runs["poisoned"]
    assert run["ids"] == IDS
    assert [n == 0 for n in run["sentences"]] == [i == 10 for i in range(24)]
    failed = {(f["doc_id"], f["stage"]) for f in run["failures"]}
    assert failed == {(IDS[10], stage) for stage in (
        "sentences", "time_expressions", "actor_mentions", "citations", "events", "figures",
        "duplicates")}  # fmt: skip
    assert any(IDS[10] in m and m.startswith("warning:") for m in run["messages"])


def test_a_worker_that_cannot_start_raises_its_own_error(runs):
    raised = [m for m in runs["no_model"]["messages"] if m.startswith("raised ")]
    assert raised and "ModelNotInstalled" in raised[0] and "no_such_spacy_model" in raised[0]


def test_workers_run_our_pipeline_whatever_the_working_directory_holds(runs):
    # Python 3.11's fork server searches the working directory first, where a `pipeline`
    # package of the user's own would be found instead of ours (see _start_fork_server).
    run = runs["killed"]
    assert run["ids"] == IDS and all(run["sentences"]) and not run["failures"]
