"""`actas download` against a real HTTP server on 127.0.0.1, local paths and file:// URLs."""

import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from assets.cli import main
from pipeline.download import DownloadError, download
from pipeline.publish import EXAMPLE_QUERIES
from pipeline.release import CHECKSUMS, INDEX, write_zip


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
    """Every file under folder (and beside it) with its bytes and modification time."""
    return {
        str(p.relative_to(folder.parent)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.parent.rglob("*"))
        if p.is_file()
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
    assert sorted(p.name for p in dest.parent.iterdir()) == ["published"]  # no temporaries


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["served"]


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
    assert not list(tmp_path.glob(".*"))  # no temporaries left


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
    assert "not an actas dataset" in capsys.readouterr().err
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
