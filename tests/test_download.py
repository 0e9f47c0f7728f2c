"""`actas download` against a real HTTP server on 127.0.0.1, local paths and file:// URLs."""

import contextlib
import functools
import hashlib
import http.server
import io
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

import pipeline.publish.download
from assets.cli import main
from pipeline.publish.dataset import EXAMPLE_QUERIES
from pipeline.publish.download import DownloadError, download
from pipeline.publish.locks import exclusive
from pipeline.publish.release import CHECKSUMS, INDEX, sha256sums, write_zip
from tests.conftest import RAW, ROOT


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path, handler: type = _Quiet) -> Iterator[str]:
    """Serve folder over HTTP on a free port of 127.0.0.1; yield the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def releases(built, tmp_path) -> Path:
    """A copy of the releases folder the build wrote, for a test to serve or spoil."""
    folder = tmp_path / "served"
    shutil.copytree(built.parent / "published.releases", folder)
    return folder


def _bundle(releases: Path) -> Path:
    return releases / json.loads((releases / INDEX).read_text())["releases"][-1]["file"]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder (and beside it, but for its lock file) with its bytes and
    modification time."""
    return {
        str(p.relative_to(folder.parent)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.parent.rglob("*"))
        if p.is_file() and p.suffix != ".lock"
    }


def _sql_json(query: str, out: Path, capsys) -> list[dict]:
    assert main(["sql", query, "--out", str(out), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_download_over_http_then_the_example_queries_answer_as_on_the_build(
    built, releases, tmp_path, capsys
):
    dest = tmp_path / "data" / "published"
    with serve(releases) as url:
        assert main(["download", url + "/", "--dest", str(dest)]) == 0
    out, err = capsys.readouterr()
    assert f"--out {dest}" in out and "actas sql" in out
    assert "downloading actas-" in err and "100%" in err
    for query in EXAMPLE_QUERIES:
        rows = _sql_json(query.sql, dest, capsys)
        assert rows, query.title
        assert rows == _sql_json(query.sql, built, capsys), query.title
    left = sorted(p.name for p in dest.parent.iterdir())
    assert left == [".published.lock", "published"]  # the lock stays, no temporaries


def test_the_downloaded_duckdb_database_answers_from_its_folder(built, releases, tmp_path):
    dest = tmp_path / "dataset"
    with serve(releases) as url:
        download(url, dest, progress=None)
    query = "select event_type, count(*) from events group by 1 order by 1"
    with duckdb.connect(str(built / "actas.duckdb"), read_only=True) as con:
        con.execute(f"SET file_search_path = '{built}'")
        expected = con.execute(query).fetchall()
    with duckdb.connect(str(dest / "actas.duckdb"), read_only=True) as con:
        con.execute(f"SET file_search_path = '{dest}'")
        assert con.execute(query).fetchall() == expected


def test_a_direct_bundle_url_a_local_path_and_a_file_url_all_work(releases, tmp_path, capsys):
    bundle = _bundle(releases)
    version = bundle.name.removeprefix("actas-").removesuffix(".zip")
    contract = version.split("+")[0]
    with serve(releases) as url:
        got = download(f"{url}/{bundle.name.replace('+', '%2B')}", tmp_path / "a", contract)
    assert got.version == version
    assert download(str(bundle), tmp_path / "b", progress=None).version == version
    assert download(releases.as_uri(), tmp_path / "c", version, progress=None).version == version
    for name in ["a", "b", "c"]:
        assert (tmp_path / name / "actas.duckdb").exists()


def test_an_unknown_version_is_refused_with_the_versions_there_are(releases, tmp_path, capsys):
    assert main(["download", str(releases), "--dest", str(tmp_path / "d"), "--version", "9"]) == 1
    err = capsys.readouterr().err
    assert "no release 9" in err and _bundle(releases).name.removeprefix("actas-")[:5] in err
    assert not (tmp_path / "d").exists()


def _corrupt(bundle: Path, member: str) -> None:
    """Change one file of the bundle but keep its SHA256SUMS, as a damaged copy would."""
    with zipfile.ZipFile(bundle) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    entries[member] = entries[member][:-1] + bytes([entries[member][-1] ^ 1])
    write_zip(entries, bundle)
    index = json.loads((bundle.parent / INDEX).read_text())
    index["releases"][-1]["sha256"] = hashlib.sha256(bundle.read_bytes()).hexdigest()
    (bundle.parent / INDEX).write_text(json.dumps(index))


def test_a_corrupted_bundle_is_refused_and_the_destination_is_untouched(
    built, releases, tmp_path, capsys
):
    _corrupt(_bundle(releases), "events.parquet")
    dest = tmp_path / "data" / "published"
    shutil.copytree(built, dest)  # an earlier dataset that must survive
    before = _snapshot(dest)
    with serve(releases) as url:
        assert main(["download", url, "--dest", str(dest)]) == 1
    err = capsys.readouterr().err
    assert "checksum mismatch: events.parquet" in err and "is as it was" in err
    assert _snapshot(dest) == before


def test_a_bundle_that_differs_from_its_index_is_refused(releases, tmp_path):
    index = json.loads((releases / INDEX).read_text())
    index["releases"][-1]["sha256"] = "0" * 64
    (releases / INDEX).write_text(json.dumps(index))
    with serve(releases) as url, pytest.raises(DownloadError, match="sha256 its index gives"):
        download(url, tmp_path / "dest", progress=None)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == ["served"]


def test_a_truncated_or_tampered_zip_is_refused(releases, tmp_path):
    bundle = _bundle(releases)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    with pytest.raises(DownloadError, match="zip"):
        download(str(cut), tmp_path / "a", progress=None)
    with zipfile.ZipFile(bundle) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    del entries[CHECKSUMS]
    unlisted = tmp_path / "no-sums.zip"
    write_zip(entries, unlisted)
    with pytest.raises(DownloadError, match=CHECKSUMS):
        download(str(unlisted), tmp_path / "b", progress=None)
    entries["../escape.txt"] = b"x"
    unsafe = tmp_path / "unsafe.zip"
    write_zip(entries, unsafe)
    with pytest.raises(DownloadError, match="unsafe"):
        download(str(unsafe), tmp_path / "c", progress=None)
    assert not any((tmp_path / n).exists() for n in ["a", "b", "c", "escape.txt"])
    assert not [p for p in tmp_path.glob(".*") if p.suffix != ".lock"]  # no temporaries left


def _flaky(failures: int, status: int, calls: list[str]) -> type:
    class Flaky(_Quiet):
        def do_GET(self) -> None:
            calls.append(self.path)
            if len(calls) <= failures:
                self.send_error(status)
            else:
                super().do_GET()

    return Flaky


def test_transient_errors_are_retried_with_backoff(releases, tmp_path):
    calls: list[str] = []
    bundle = _bundle(releases)
    with serve(releases, _flaky(2, 503, calls)) as url:
        got = download(f"{url}/{bundle.name}", tmp_path / "d", progress=None, backoff=0.01)
    assert len(calls) == 3
    assert (tmp_path / "d" / "datapackage.json").exists() and got.version


def test_a_404_is_not_retried_and_says_so(releases, tmp_path, capsys):
    calls: list[str] = []
    with serve(releases, _flaky(100, 404, calls)) as url:
        assert main(["download", f"{url}/actas-0.0.0.zip", "--dest", str(tmp_path / "d")]) == 1
    assert len(calls) == 1
    assert "HTTP 404" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


class _Truncating(_Quiet):
    """Promises the whole file, sends a tenth of it and hangs up."""

    def do_GET(self) -> None:
        data = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 10])
        self.close_connection = True


def test_an_interrupted_transfer_is_retried_then_refused_leaving_nothing(built, releases, tmp_path):
    dest = tmp_path / "data" / "published"
    shutil.copytree(built, dest)
    before = _snapshot(dest)
    with (
        serve(releases, _Truncating) as url,
        pytest.raises(
            DownloadError, match=r"closed after \d+ of \d+ bytes \(gave up after 3 tries\)"
        ),
    ):
        download(f"{url}/{_bundle(releases).name}", dest, progress=None, retries=2, backoff=0.01)
    assert _snapshot(dest) == before


def test_a_folder_of_other_files_is_never_replaced(releases, tmp_path, capsys):
    dest = tmp_path / "home"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    assert main(["download", str(releases), "--dest", str(dest)]) == 1
    assert "holds files actas did not write (notes.txt)" in capsys.readouterr().err
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]


# Data loss: a destination that is not an actas dataset, a destination another run holds


def test_a_folder_with_its_own_datapackage_and_subfolders_is_never_replaced(
    releases, tmp_path, capsys
):
    dest = tmp_path / "survey"
    (dest / "interviews").mkdir(parents=True)
    (dest / "interviews" / "one.txt").write_text("mine")
    (dest / "datapackage.json").write_text('{"name": "my-survey", "resources": []}')
    before = _snapshot(dest)
    assert main(["download", str(releases), "--dest", str(dest)]) == 1
    err = capsys.readouterr().err
    assert "holds files actas did not write (interviews/)" in err and "--dest" in err
    assert _snapshot(dest) == before


def test_download_takes_the_publish_lock_a_build_holds(built, releases, tmp_path, capsys):
    dest = tmp_path / "data" / "published"
    shutil.copytree(built, dest)
    before = _snapshot(dest)
    with exclusive(dest, "publish elsewhere"):  # as `actas build` holds it while publishing
        assert main(["download", str(releases), "--dest", str(dest)]) == 1
    err = capsys.readouterr().err
    assert "is in use by actas (pid" in err and "is as it was" in err
    assert _snapshot(dest) == before


# Hangs and leftovers: a server that trickles, a download that is killed


class _Trickling(_Quiet):
    """Promises the whole file, then sends one byte every half second."""

    def do_GET(self) -> None:
        size = (Path(self.directory) / self.path.lstrip("/")).stat().st_size
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        try:
            for _ in range(240):
                self.wfile.write(b"P")
                self.wfile.flush()
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*") if p.suffix != ".lock")


def test_a_trickling_server_is_given_up_at_the_deadline_leaving_nothing(releases, tmp_path, capsys):
    dest = tmp_path / "d"
    started = time.monotonic()
    with serve(releases, _Trickling) as url:
        argv = ["download", f"{url}/{_bundle(releases).name}", "--dest", str(dest)]
        assert main([*argv, "--deadline", "2", "--quiet"]) == 1
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert "deadline of 2s" in err and "is as it was" in err
    assert not dest.exists() and _temporaries(tmp_path) == []


def _download_in_a_child(source: str, dest: Path) -> subprocess.Popen:
    """`actas download` in its own process, once its temporary file has appeared."""
    child = subprocess.Popen(
        [sys.executable, "-m", "assets.cli", "download", source, "--dest", str(dest), "--quiet"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(dest.parent.glob(f".{dest.name}.download-*")) and child.poll() is None:
        assert time.monotonic() < deadline, "the download never started"
        time.sleep(0.05)
    return child


def test_a_terminated_download_removes_its_temporaries(releases, tmp_path):
    dest = tmp_path / "d"
    with serve(releases, _Trickling) as url:
        child = _download_in_a_child(f"{url}/{_bundle(releases).name}", dest)
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=30)
    assert child.returncode == 130 and "interrupted" in err
    assert not dest.exists() and _temporaries(tmp_path) == []


def test_what_a_killed_download_leaves_is_swept_by_the_next_one(releases, tmp_path):
    dest = tmp_path / "d"
    with serve(releases, _Trickling) as url:
        child = _download_in_a_child(f"{url}/{_bundle(releases).name}", dest)
        child.kill()  # SIGKILL: no clean-up can run
        child.wait(timeout=30)
    assert _temporaries(tmp_path)  # the partial download is still there
    (tmp_path / f".{dest.name}.unpack-x1y2").mkdir()  # as one killed while unpacking leaves
    (tmp_path / ".d.notes").write_text("not ours: its name is no temporary of actas")
    got = download(str(releases), dest)
    assert got.folder == dest.resolve()
    assert _temporaries(tmp_path) == [".d.notes"]


# Integrity: the version pins the rows, nothing unnamed, sizes capped, text escaped


def _respin(releases: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Rewrite the latest bundle with `change` applied to its files, every checksum (its
    SHA256SUMS, the index's sha256 and bytes) made to agree, as a forger would."""
    bundle = _bundle(releases)
    with zipfile.ZipFile(bundle) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    change(entries)
    entries[CHECKSUMS] = sha256sums(entries).encode()
    write_zip(entries, bundle)
    index = json.loads((releases / INDEX).read_text())
    index["releases"][-1]["sha256"] = hashlib.sha256(bundle.read_bytes()).hexdigest()
    index["releases"][-1]["bytes"] = bundle.stat().st_size
    (releases / INDEX).write_text(json.dumps(index))
    return bundle


def _cut_events(entries: dict[str, bytes]) -> None:
    """Keep 3 rows of events, with datapackage.json's sizes and hashes updated to match."""
    table = pq.read_table(io.BytesIO(entries["events.parquet"])).slice(0, 3)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    entries["events.parquet"] = data = buffer.getvalue()
    package = json.loads(entries["datapackage.json"])
    for resource in package["resources"]:
        if resource["name"] == "events":
            digest = hashlib.sha256(data).hexdigest()
            for key, value in [
                ("x-sha256", digest),
                ("hash", f"sha256:{digest}"),
                ("x-bytes", len(data)),
                ("bytes", len(data)),
                ("x-rows", 3),
            ]:
                if key in resource:
                    resource[key] = value  # fmt: skip
    entries["datapackage.json"] = json.dumps(package).encode()


def test_a_bundle_whose_tables_changed_after_release_is_refused(releases, tmp_path, capsys):
    _respin(releases, _cut_events)
    assert main(["download", str(releases), "--dest", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "but its tables are version" in err and "is as it was" in err
    assert not (tmp_path / "d").exists() and _temporaries(tmp_path) == []


def test_files_the_datapackage_does_not_name_are_refused(releases, tmp_path, capsys):
    _respin(releases, lambda entries: entries.__setitem__("extra.bin", bytes(1 << 20)))
    assert main(["download", str(releases), "--dest", str(tmp_path / "d")]) == 1
    assert "files its datapackage.json does not name: ['extra.bin']" in capsys.readouterr().err
    assert not (tmp_path / "d").exists() and _temporaries(tmp_path) == []


def test_unpacked_sizes_are_capped_per_file_and_in_all(releases, tmp_path, monkeypatch):
    bundle = _respin(releases, lambda e: e.__setitem__("report-timeline.png", bytes(5 << 20)))
    assert bundle.stat().st_size < 1 << 20  # zeros pack small: a zip bomb in miniature
    monkeypatch.setattr(pipeline.publish.download, "MAX_SMALL_FILE_BYTES", 1 << 20)
    with pytest.raises(DownloadError, match="report-timeline.png unpacks to more than"):
        download(str(releases), tmp_path / "d")
    monkeypatch.undo()
    _respin(releases, lambda e: e.__setitem__("report-timeline.png", b"png"))
    with pytest.raises(DownloadError, match="unpacks to more than"):
        download(str(releases), tmp_path / "d", max_bytes=20_000)
    assert not (tmp_path / "d").exists() and _temporaries(tmp_path) == []


def test_control_characters_from_an_index_are_printed_escaped(releases, tmp_path, capsys):
    index = json.loads((releases / INDEX).read_text())
    forged = index["releases"][-1] | {"version": "1.0.0+aaaaaaaa\x1b[2J\rok"}
    index["releases"].append(forged)
    (releases / INDEX).write_text(json.dumps(index))
    dest = str(tmp_path / "d")
    assert main(["download", str(releases), "--dest", dest, "--version", "9"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\r" not in err.replace("\r\n", "")
    assert "entry 2 has no valid version (1.0.0+aaaaaaaa\\x1b[2J\\rok)" in err


# Malformed inputs: a one-line refusal, nothing touched


@pytest.mark.parametrize(
    ("index", "problem"),
    [
        ({"releases": [{"file": "actas-1.0.0+aaaaaaaa.zip"}]}, "entry 1 has no valid version"),
        ({"releases": [{"version": "1.0.0+aaaaaaaa", "file": 123}]}, "no safe file name (123)"),
        ({"latest": "1.0.0+aaaaaaaa", "releases": [[1, 2]]}, "entry 1 is not an object"),
        ([{"version": "1.0.0+aaaaaaaa"}], "not a JSON object"),
    ],
)
def test_a_malformed_index_is_refused_in_one_line(built, tmp_path, capsys, index, problem):
    served = tmp_path / "served"
    served.mkdir()
    (served / INDEX).write_text(json.dumps(index))
    dest = tmp_path / "data" / "published"
    shutil.copytree(built, dest)
    before = _snapshot(dest)
    assert main(["download", str(served), "--dest", str(dest)]) == 1
    refusal = capsys.readouterr().err.splitlines()
    assert problem in refusal[0] and refusal[0].startswith("actas download: refused")
    assert refusal[1:] == [f"nothing was unpacked; {dest} is as it was"]
    assert _snapshot(dest) == before


def test_a_malformed_datapackage_in_a_bundle_is_refused_in_one_line(releases, tmp_path, capsys):
    def spoil(entries: dict[str, bytes]) -> None:
        package = json.loads(entries["datapackage.json"])
        package["resources"][1] = "sentences.parquet"
        entries["datapackage.json"] = json.dumps(package).encode()

    _respin(releases, spoil)
    assert main(["download", str(releases), "--dest", str(tmp_path / "d"), "--quiet"]) == 1
    refusal = capsys.readouterr().err.splitlines()[0]
    assert "datapackage.json: resource 2 is not an object" in refusal
    assert not (tmp_path / "d").exists()


# Quoting: a destination with a ' in its path


def test_a_destination_with_a_quote_in_its_path_works(releases, tmp_path, capsys, monkeypatch):
    dest = tmp_path / "o'brien" / "actas"
    assert main(["download", str(releases), "--dest", str(dest), "--quiet"]) == 0
    capsys.readouterr()
    seeds = len(list(RAW.glob("*.txt")))
    rows = _sql_json("select count(*) as n from documents", dest, capsys)
    assert rows == [{"n": seeds}]
    monkeypatch.chdir(dest)  # the database's views read the tables relative to its folder
    with duckdb.connect("actas.duckdb", read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone() == (seeds,)
