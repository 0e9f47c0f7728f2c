"""The Definitions against their snapshot, tests/snapshots/definitions.txt: a change to the
asset graph, a check or a job is a diff a reviewer reads. If the change is meant, regenerate:

    .venv/bin/python -m assets.snapshot > tests/snapshots/definitions.txt
"""

import difflib
from pathlib import Path

from assets.definitions import build_defs
from assets.snapshot import default_snapshot, describe

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "definitions.txt"
REGENERATE = ".venv/bin/python -m assets.snapshot > tests/snapshots/definitions.txt"


def _diff(expected: str, actual: str) -> str:
    lines = expected.splitlines(keepends=True), actual.splitlines(keepends=True)
    return "".join(difflib.unified_diff(*lines, "tests/snapshots/definitions.txt", "build_defs()"))


def test_the_definitions_match_their_snapshot():
    diff = _diff(SNAPSHOT.read_text(encoding="utf-8"), default_snapshot())
    assert not diff, f"the Definitions changed:\n{diff}\nIf that is meant, run: {REGENERATE}"


def test_the_snapshot_names_every_check_with_whether_it_blocks():
    text = SNAPSHOT.read_text(encoding="utf-8")
    assert "    check keys_resolve: blocking, ERROR\n" in text
    assert "    check events_per_document: non-blocking, WARN, threshold 1\n" in text
    assert "    check events_matches_contract: blocking, ERROR\n" in text


def test_another_graph_gives_a_diff():
    diff = _diff(default_snapshot(), describe(build_defs(n_buckets=3)))
    assert "-asset bucket_07\n" in diff and "+    deps: bucket_00, bucket_01, bucket_02\n" in diff
