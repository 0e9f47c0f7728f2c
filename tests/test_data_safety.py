"""Never delete what is not ours: which folders a build replaces, how it replaces them, where
it writes, and what it says when it stops half-way (issue #7, items 1, 3, 5, 13 and 17)."""

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.publish.dataset
import pipeline.publish.release
from assets.cli import main
from pipeline.publish.dataset import publish
from pipeline.publish.folders import MARKER, NotADataset, exchange, refusal
from schemas import TABLES
from tests.conftest import RAW, ROOT


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under folder by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _tables(built: Path) -> dict[str, Path]:
    return {name: built / f"{name}.parquet" for name in TABLES}


def _work(built: Path, tmp_path: Path) -> Path:
    """A copy of the shared build's work folder, so that a build here re-analyses nothing."""
    work = tmp_path / "work"
    shutil.copytree(built.parent / "work", work, ignore=shutil.ignore_patterns("*.lock"))
    return work


# 1. A build replaces only an absent or empty folder or an actas dataset


def _thesis(folder: Path) -> Path:
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    (folder / "thesis.txt").write_text("three years of work")
    return folder


def test_build_refuses_an_out_folder_of_someone_elses_files(tmp_path, capsys):
    out = _thesis(tmp_path / "F")
    before = _files(out)
    assert main(["build", "--raw", str(RAW), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "holds files actas did not write (photos/, thesis.txt)" in err
    assert "Choose another --out, or move those files away" in err
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["F"]  # nothing written beside it


def test_publishing_itself_refuses_a_folder_actas_did_not_write(built, tmp_path):
    """The Dagster UI publishes without the CLI's checks: the publish step refuses too."""
    out = _thesis(tmp_path / "F")
    before = _files(out)
    with pytest.raises(NotADataset, match="thesis.txt"):
        publish(_tables(built), out)
    assert _files(out) == before


@pytest.mark.parametrize(
    ("raw", "out", "message"),
    [
        ("data/raw", "data", "--raw {raw} is inside --out {out}"),
        ("corpus", "corpus", "--out {out} is the --raw folder"),
        ("corpus", "corpus/published", "--out {out} is inside --raw {raw}"),
    ],
)
def test_out_and_raw_inside_each_other_are_refused(tmp_path, capsys, raw, out, message):
    shutil.copytree(RAW, tmp_path / raw)
    before = _files(tmp_path)
    raw_dir, out_dir = tmp_path / raw, tmp_path / out
    assert main(["build", "--raw", str(raw_dir), "--out", str(out_dir), "--quiet"]) == 2
    assert message.format(raw=raw_dir, out=out_dir) in capsys.readouterr().err
    assert _files(tmp_path) == before


def test_a_folder_published_before_markers_is_recognised_and_nothing_else(built, tmp_path):
    legacy = tmp_path / "legacy"
    shutil.copytree(built, legacy)
    (legacy / MARKER).unlink()  # as the previous release of actas published it
    assert refusal(legacy) is None
    publish(_tables(built), legacy)
    assert (legacy / MARKER).is_file()

    own = tmp_path / "own"
    own.mkdir()
    (own / "README.md").write_text("my notes")  # a name actas writes, but not actas's
    assert "no .actas-dataset.json marker" in refusal(own)
    (own / "datapackage.json").write_text('{"name": "my-survey"}')
    assert "no .actas-dataset.json marker" in refusal(own)
    with pytest.raises(NotADataset):
        publish(_tables(built), own)
    assert sorted(p.name for p in own.iterdir()) == ["README.md", "datapackage.json"]


# 3. The swap is atomic, and a run killed half-way loses nothing

_KILLED_PUBLISH = """
import os, signal, sys
from pathlib import Path

WHEN = sys.argv[3]
try:
    import pipeline.publish.folders
    real_exchange = pipeline.publish.folders.exchange

    def exchange(a, b):
        if WHEN == "between-renames":
            return False  # as on a system without renameat2: two renames
        done = real_exchange(a, b)
        os.kill(os.getpid(), signal.SIGKILL)  # right after the exchange
        return done

    pipeline.publish.folders.exchange = exchange
except ImportError:  # before pipeline.publish.folders: the kill below still lands
    pass
real_rename = Path.rename


def rename(self, target):
    done = real_rename(self, target)
    if ".old-" in Path(target).name:
        os.kill(os.getpid(), signal.SIGKILL)  # between the two renames
    return done


Path.rename = rename
from pipeline.publish.dataset import publish
from schemas import TABLES

built, out = Path(sys.argv[1]), Path(sys.argv[2])
publish({name: built / f"{name}.parquet" for name in TABLES}, out)
"""


def _publish_killed(built: Path, out: Path, when: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_PUBLISH, str(built), str(out), when],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr


def test_a_publish_killed_between_two_renames_is_restored_by_the_next_run(
    built, tmp_path, monkeypatch
):
    out = tmp_path / "published"
    shutil.copytree(built, out)
    before = _files(out)
    _publish_killed(built, out, "between-renames")
    assert not out.exists()  # the moment of the issue: no published folder at all

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline.publish.dataset, "write_database", crash)
    with pytest.raises(RuntimeError, match="disk full"):  # the next run fails, even so:
        publish(_tables(built), out)
    assert _files(out) == before  # the old dataset was put back first
    assert sorted(p.name for p in tmp_path.iterdir()) == [".published.lock", "published"]


def test_a_publish_killed_right_after_the_exchange_leaves_the_new_dataset_whole(built, tmp_path):
    out = tmp_path / "published"
    shutil.copytree(built, out)
    _publish_killed(built, out, "after-exchange")
    assert not (out / "report.html").exists()  # the new folder: publishing draws no report
    assert {f"{name}.parquet" for name in TABLES} | {"datapackage.json", MARKER} <= set(
        p.name for p in out.iterdir()
    )
    assert [p.name for p in tmp_path.glob(".published.staging-*")]  # the old one, to sweep
    publish(_tables(built), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".published.lock", "published"]


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    assert exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["x"]
    assert not any((tmp_path / "a").iterdir())


def test_publishing_sweeps_what_killed_downloads_left_and_only_that(built, tmp_path):
    out = tmp_path / "published"
    (tmp_path / ".published.download-k3j_x9").write_bytes(b"PK")
    (tmp_path / ".published.unpack-a1b2").mkdir()
    (tmp_path / ".published.unpack-a1b2" / "events.parquet").write_bytes(b"PAR1")
    (tmp_path / ".published.mine").write_text("a user's file that only looks similar")
    publish(_tables(built), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".published.lock", ".published.mine", "published"
    ]  # fmt: skip


# 5 and 13. With --out in a folder of its own, and a ' in the path, a build writes nowhere
# else, and publishing, the report and `actas sql` all work


def test_a_build_writes_only_beside_its_out_even_with_a_quote_in_the_path(built, tmp_path, capsys):
    home = tmp_path / "o'brien"
    out, work = home / "x", _work(built, tmp_path)
    argv = ["build", "--raw", str(RAW), "--out", str(out), "--work", str(work), "--quiet"]
    assert main(argv) == 0, capsys.readouterr().err
    assert sorted(p.name for p in home.iterdir()) == [".x.lock", "x", "x.releases"]
    assert not (tmp_path / "releases").exists() and not (home / "releases").exists()
    index = json.loads((home / "x.releases" / "releases.json").read_text())
    assert (home / "x.releases" / index["releases"][-1]["file"]).is_file()
    assert (out / "report.html").is_file()
    capsys.readouterr()
    query = "select count(*) as n from documents"
    assert main(["sql", query, "--out", str(out), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": len(list(RAW.glob("*.txt")))}]


# 17. A build that fails after publishing says exactly what was published


def test_a_release_that_fails_after_publishing_is_reported_as_such(
    built, tmp_path, capsys, monkeypatch
):
    def fail(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(pipeline.publish.release, "build_release", fail)
    out, work = tmp_path / "published", _work(built, tmp_path)
    argv = ["build", "--raw", str(RAW), "--out", str(out), "--work", str(work), "--quiet"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    version = json.loads((out / "datapackage.json").read_text())["version"]
    assert "step failed: release: " in err and "no space left on device" in err
    assert f"tables:  PUBLISHED, version {version} (there were none)" in err
    assert "report:  drawn from these tables" in err
    assert "release: NOT bundled" in err
    assert "nothing was published" not in err


def test_a_build_that_fails_before_publishing_says_nothing_changed(
    built, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "published"
    shutil.copytree(built, out)
    before = _files(out)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline.publish.dataset, "write_database", crash)
    argv = ["build", "--raw", str(RAW), "--out", str(out), "--work", str(_work(built, tmp_path))]
    assert main([*argv, "--quiet"]) == 1
    assert f"nothing was published; {out} is unchanged" in capsys.readouterr().err
    assert _files(out) == before
