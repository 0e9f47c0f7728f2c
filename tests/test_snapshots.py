"""The seed build against its golden snapshots (tests/snapshots/seeds/, one file per table):
a change in what the seeds yield fails with the diff, and `make snapshots` accepts it."""

from schemas import TABLES
from tests.snapshots import COUNTED_ONLY, QUERIES, REGENERATE, describe, diff, stored, write


def test_the_seed_build_matches_its_snapshots(built):
    changes = diff(stored(), describe(built))
    assert not changes, (
        f"the seed build differs from tests/snapshots/seeds/:\n{changes}\n"
        f"If the change is meant, regenerate: {REGENERATE}"
    )


def test_every_table_of_the_contract_has_a_snapshot():
    assert set(QUERIES) | COUNTED_ONLY == set(TABLES)
    assert set(stored()) == {"counts.txt"} | {f"{t}.txt" for t in QUERIES}


def test_a_changed_row_reads_as_a_diff_of_its_file():
    before = {"events.txt": "file | event_type\na.txt | CONSULT\nb.txt | ACCUSE\n",
              "counts.txt": "table | rows\nevents | 2\n"}  # fmt: skip
    after = {**before, "events.txt": "file | event_type\na.txt | CONSULT\nb.txt | COERCE\n"}
    changes = diff(before, after)
    assert changes.splitlines() == [
        "--- tests/snapshots/seeds/events.txt (committed)",
        "+++ events.txt (this build)",
        "@@ -1,3 +1,3 @@",
        " file | event_type",
        " a.txt | CONSULT",
        "-b.txt | ACCUSE",
        "+b.txt | COERCE",
    ]
    assert diff(before, before) == ""
    assert "+++ figures.txt (this build)" in diff(before, {**before, "figures.txt": "x\n"})


def test_writing_replaces_the_files_and_names_those_that_changed(tmp_path):
    (tmp_path / "gone.txt").write_text("a table no longer listed\n")
    (tmp_path / "events.txt").write_text("same\n")
    changed = write({"events.txt": "same\n", "figures.txt": "new\n"}, tmp_path)
    assert changed == ["figures.txt", "gone.txt"]
    assert stored(tmp_path) == {"events.txt": "same\n", "figures.txt": "new\n"}
