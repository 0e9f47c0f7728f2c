"""Download a release bundle, verify every checksum and unpack it into place at once.

SOURCE is an `http(s)://` URL, a `file://` URL or a local path, naming either a bundle
(`actas-<version>.zip`), a `releases.json` index, or a folder (base URL) that holds one. With
an index, `version` picks the release: a full version (`1.0.0+3f2a9c1e`), a contract version
(`1.0.0`: its latest release) or None (the index's latest).

Everything happens under the destination's lock, the one `actas build` takes to publish
there. The bundle goes to a temporary file beside the destination; its files are unpacked
into a temporary folder beside it, each checked against `SHA256SUMS` and `datapackage.json`
and capped in size, and the version's content hash is recomputed from the tables; only then
does that folder replace the destination, at once (`pipeline.publish.folders`). On any failure the
temporaries are removed and the destination is as it was; what a killed download leaves is
swept by the next download or build. Transient network errors are retried with backoff
within an overall deadline; a 404 or a checksum mismatch is not retried.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import shutil
import socket
import ssl
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO
from urllib.error import HTTPError, URLError

from pipeline.publish.dataset import dataset_version, write_database
from pipeline.publish.folders import (
    NotADataset,
    check_replaceable,
    prepare,
    printable,
    replace_folder,
    temporary,
    write_marker,
)
from pipeline.publish.locks import FolderBusy, exclusive
from pipeline.publish.release import (
    CHECKSUMS,
    INDEX,
    SAFE_NAME,
    VIEWS,
    check_index,
    package_resources,
    parse_sha256sums,
    table_files,
)
from pipeline.publish.report import REPORT_FILES

CHUNK = 1 << 16
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
DEFAULT_DEADLINE = 1800.0  # seconds for the whole download, retries included
MAX_BYTES = 8 << 30  # no bundle, and nothing unpacked from one, may exceed this in all
MAX_INDEX_BYTES = 16 << 20
MAX_SMALL_FILE_BYTES = 64 << 20  # each file that is not a table: descriptor, codebook, report
DESCRIPTORS = ("datapackage.json", "README.md", VIEWS, CHECKSUMS)


class DownloadError(Exception):
    """Why a download was refused or failed; the destination was left as it was."""


class _Transient(Exception):
    """A failure worth another attempt: a dropped connection, a timeout, a 5xx."""


# url, where to write, whether to show progress, most bytes accepted
Fetch = Callable[[str, BinaryIO, bool, int], None]


@dataclass(frozen=True)
class Bundle:
    url: str
    version: str | None  # as the index names it; None when SOURCE names the file itself
    sha256: str | None  # of the zip file, when an index gives it
    bytes: int | None  # of the zip file, when an index gives it


@dataclass(frozen=True)
class Downloaded:
    folder: Path
    version: str
    rows: dict[str, int]


class _Deadline:
    """The time left of the whole download."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise DownloadError(
                f"gave up: the download took longer than its deadline of {self.seconds:g}s "
                "(--deadline)"
            )
        return left


def download(
    source: str,
    dest: Path,
    version: str | None = None,
    *,
    progress: TextIO | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> Downloaded:
    """Fetch, verify and unpack the bundle SOURCE names into dest, replacing it at once.

    `timeout` bounds each network read, `deadline` the whole download. Progress and retries
    are reported to `progress` (e.g. sys.stderr) when given.
    """
    dest = Path(os.path.realpath(dest))
    try:
        check_replaceable(dest, "--dest")  # before any network traffic
        with exclusive(dest, "download somewhere else (--dest)"):
            for line in prepare(dest):
                _say(progress, line)
            check_replaceable(dest, "--dest")
            fetch = _fetcher(progress, retries, backoff, timeout, _Deadline(deadline))
            bundle = resolve(source, version, fetch)
            return _download(bundle, dest, version, fetch, max_bytes)
    except (NotADataset, FolderBusy) as err:
        raise DownloadError(str(err)) from err


def _download(
    bundle: Bundle, dest: Path, version: str | None, fetch: Fetch, max_bytes: int
) -> Downloaded:
    fd, name = tempfile.mkstemp(prefix=temporary(dest, "download", "").name, dir=dest.parent)
    zip_path = Path(name)
    staging = None
    try:
        with os.fdopen(fd, "wb") as out:
            fetch(bundle.url, out, True, bundle.bytes or max_bytes)
        if bundle.sha256 and _file_sha256(zip_path) != bundle.sha256:
            raise DownloadError(f"{bundle.url} does not match the sha256 its index gives")
        staging = Path(tempfile.mkdtemp(prefix=temporary(dest, "unpack", "").name, dir=dest.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; it becomes the dataset folder
        result = unpack(zip_path, staging, max_bytes)
        if bundle.version and result.version != bundle.version:
            raise DownloadError(
                f"{bundle.url} holds version {result.version}, its index says {bundle.version}"
            )
        if version and not version_matches(result.version, version):
            raise DownloadError(f"{bundle.url} holds version {result.version}, not {version}")
        write_database(staging)
        write_marker(staging)
        replace_folder(staging, dest)  # staging now holds the earlier dataset, if any
        return Downloaded(dest, result.version, result.rows)
    finally:
        zip_path.unlink(missing_ok=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def version_matches(version: str, wanted: str) -> bool:
    """1.0.0+3f2a9c1e matches itself and its contract version 1.0.0."""
    return wanted in (version, version.split("+")[0])


# Where the bundle is


def resolve(source: str, version: str | None, fetch: Fetch) -> Bundle:
    """The bundle SOURCE names, reading an index where SOURCE is one or holds one."""
    url = to_url(source)
    path = urllib.parse.urlparse(url).path
    if path.endswith(".zip"):
        return Bundle(url, None, None, None)
    if not path.endswith(".json"):
        url = url.rstrip("/") + "/" + INDEX
    index = _read_index(url, fetch)
    entry = choose(index, version, url)
    file_url = urllib.parse.urljoin(url, urllib.parse.quote(entry["file"]))
    return Bundle(file_url, entry["version"], entry.get("sha256"), entry.get("bytes"))


def to_url(source: str) -> str:
    """An http(s) or file URL for SOURCE, which may be a local path."""
    scheme = urllib.parse.urlparse(source).scheme.lower()
    if scheme in ("http", "https", "file"):
        return source
    if scheme and len(scheme) > 1:  # one letter is a Windows drive
        raise DownloadError(f"{source}: only https://, http://, file:// or a local path")
    return Path(source).resolve().as_uri()


def _read_index(url: str, fetch: Fetch) -> dict:
    buffer = io.BytesIO()
    fetch(url, buffer, False, MAX_INDEX_BYTES)
    try:
        return check_index(json.loads(buffer.getvalue().decode("utf-8")), printable(url))
    except (ValueError, UnicodeDecodeError) as err:
        raise DownloadError(f"{printable(url)} is not a usable releases index: {err}") from err


def choose(index: dict, version: str | None, url: str = INDEX) -> dict:
    """The index entry for version: exact, the latest of a contract version, or the latest."""
    try:
        releases = check_index(index, printable(url)).get("releases") or []
    except ValueError as err:
        raise DownloadError(str(err)) from err
    wanted = version or index.get("latest")
    matching = [r for r in releases if wanted and version_matches(r["version"], wanted)]
    if not matching:
        known = ", ".join(r["version"] for r in releases) or "none"
        raise DownloadError(
            f"{printable(url)} has no release {printable(wanted or '(latest)')}; it has: {known}"
        )
    return matching[-1]


# Fetching, with retries, progress and a deadline


def _fetcher(
    progress: TextIO | None, retries: int, backoff: float, timeout: float, deadline: _Deadline
) -> Fetch:
    def fetch(url: str, out: BinaryIO, show: bool, limit: int) -> None:
        attempts = 1 if url.startswith("file:") else retries + 1
        for attempt in range(1, attempts + 1):
            out.seek(0)
            out.truncate()
            try:
                return _fetch_once(url, out, progress if show else None, timeout, deadline, limit)
            except _Transient as err:
                if attempt == attempts:
                    raise DownloadError(
                        f"{printable(url)}: {err} (gave up after {attempts} tries)"
                    ) from err
                wait = min(backoff * 2 ** (attempt - 1), deadline.left())
                _say(progress, f"{printable(url)}: {err}; retrying in {wait:g}s")
                time.sleep(wait)

    return fetch


def _fetch_once(
    url: str,
    out: BinaryIO,
    progress: TextIO | None,
    timeout: float,
    deadline: _Deadline,
    limit: int,
) -> None:
    name = printable(urllib.parse.unquote(urllib.parse.urlparse(url).path.rsplit("/", 1)[-1]))
    try:
        with urllib.request.urlopen(url, timeout=min(timeout, deadline.left())) as response:
            total = _content_length(response)
            if total is not None and total > limit:
                raise DownloadError(f"{printable(url)} is {total} bytes, more than {limit}")
            done = 0
            shown = _Progress(progress, name, total)
            while True:
                _limit_wait(response, min(timeout, deadline.left()))
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                done += len(chunk)
                if done > limit:
                    raise DownloadError(f"{printable(url)} sends more than {limit} bytes")
                out.write(chunk)
                shown.update(done)
            shown.finish(done)
    except HTTPError as err:
        if err.code in RETRY_STATUS:
            raise _Transient(f"HTTP {err.code} {printable(err.reason)}") from err
        raise DownloadError(f"{printable(url)}: HTTP {err.code} {printable(err.reason)}") from err
    except URLError as err:
        if url.startswith("file:") or isinstance(err.reason, ssl.SSLError):
            raise DownloadError(f"{printable(url)}: {printable(err.reason)}") from err
        raise _Transient(f"cannot connect: {printable(err.reason)}") from err
    except (TimeoutError, ConnectionError, http.client.HTTPException) as err:
        deadline.left()  # a read cut short by the deadline says so
        raise _Transient(f"{type(err).__name__}: {printable(err)}") from err
    if total is not None and done != total:
        raise _Transient(f"connection closed after {done} of {total} bytes")


def _limit_wait(response: object, seconds: float) -> None:
    """Let the next read wait at most `seconds` (the socket's timeout, for HTTP)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))


def _content_length(response: http.client.HTTPResponse) -> int | None:
    value = response.headers.get("Content-Length")
    return int(value) if value and value.isdigit() else None


class _Progress:
    """Progress on stderr: a line per 10% (or per 10 MB when the size is unknown)."""

    def __init__(self, out: TextIO | None, name: str, total: int | None) -> None:
        self.out, self.name, self.total = out, name, total
        self.step = self.shown = -1

    def update(self, done: int) -> None:
        step = done * 10 // self.total if self.total else done // 10_000_000
        if step != self.step:
            self.step, self.shown = step, done
            self._show(done)

    def finish(self, done: int) -> None:
        if self.shown != done:
            self._show(done)

    def _show(self, done: int) -> None:
        size = _size(done)
        if self.total:
            size = f"{done * 100 // self.total:3d}% of {_size(self.total)}"
        _say(self.out, f"downloading {self.name}: {size}")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _say(out: TextIO | None, line: str) -> None:
    if out is not None:
        print(line, file=out, flush=True)


# Verifying and unpacking


@dataclass(frozen=True)
class Unpacked:
    version: str
    rows: dict[str, int]


def unpack(zip_path: Path, into: Path, max_bytes: int = MAX_BYTES) -> Unpacked:
    """Extract the bundle into an empty folder. Every file must be one datapackage.json
    names (or the codebook, views, checksums and report that go with it), match SHA256SUMS
    and the descriptor, and stay within its size; the version must be the tables' hash."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            sums = _checksums(zf)
            version, sizes, rows = _descriptor(zf, sums)
            budget = max_bytes
            for name, digest in sums.items():
                cap = min(sizes.get(name, MAX_SMALL_FILE_BYTES), budget)
                digest_found, size = _extract(zf, name, into / name, cap)
                if digest_found != digest:
                    raise DownloadError(f"checksum mismatch: {name} is not what {CHECKSUMS} says")
                if name in sizes and size != sizes[name]:
                    raise DownloadError(f"size mismatch: {name} is not what datapackage.json says")
                budget -= size
            _extract(zf, CHECKSUMS, into / CHECKSUMS, MAX_SMALL_FILE_BYTES)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as err:
        raise DownloadError(f"not a readable zip bundle (damaged or truncated): {err}") from err
    return Unpacked(version, rows)


def _checksums(zf: zipfile.ZipFile) -> dict[str, str]:
    names = zf.namelist()
    unsafe = [n for n in names if not SAFE_NAME.match(n)]
    if unsafe or len(set(names)) != len(names):
        raise DownloadError(
            f"the bundle holds unsafe or repeated names: {printable(unsafe or names)}"
        )
    allowed = {*table_files(), *DESCRIPTORS, *REPORT_FILES}
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise DownloadError(
            f"the bundle holds files its datapackage.json does not name: {printable(unknown)}"
        )
    if CHECKSUMS not in names:
        raise DownloadError(f"the bundle has no {CHECKSUMS} file")
    try:
        sums = parse_sha256sums(_read_small(zf, CHECKSUMS).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise DownloadError(f"the bundle's {CHECKSUMS} is unreadable: {printable(err)}") from err
    listed, present = set(sums), set(names) - {CHECKSUMS}
    if listed != present:
        raise DownloadError(
            f"{CHECKSUMS} does not match the bundle: missing {printable(sorted(listed - present))}"
            f", unlisted {sorted(present - listed)}"
        )
    required = {*table_files(), *DESCRIPTORS} - {CHECKSUMS}
    if required - present:
        raise DownloadError(f"the bundle lacks {sorted(required - present)}")
    return sums


def _descriptor(
    zf: zipfile.ZipFile, sums: dict[str, str]
) -> tuple[str, dict[str, int], dict[str, int]]:
    """The version, table sizes and row counts datapackage.json gives, once it is checked
    against SHA256SUMS and the version is shown to be the hash of these very tables."""
    data = _read_small(zf, "datapackage.json")
    if hashlib.sha256(data).hexdigest() != sums["datapackage.json"]:
        raise DownloadError(f"checksum mismatch: datapackage.json is not what {CHECKSUMS} says")
    try:
        version, resources = package_resources(json.loads(data.decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as err:
        raise DownloadError(f"the bundle's datapackage.json is unusable: {err}") from err
    for r in resources:
        if r.sha256 != sums[r.path]:
            raise DownloadError(f"checksum mismatch: {r.path} is not what datapackage.json says")
    tables = dataset_version({r.path: {"sha256": r.sha256} for r in resources})
    if tables != version:
        raise DownloadError(
            f"the bundle calls itself version {version}, but its tables are version {tables}: "
            "they were changed after it was released"
        )
    return version, {r.path: r.bytes for r in resources}, {r.name: r.rows for r in resources}


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as src:
        data = src.read(MAX_SMALL_FILE_BYTES + 1)
    if len(data) > MAX_SMALL_FILE_BYTES:
        raise DownloadError(f"the bundle's {name} is larger than {MAX_SMALL_FILE_BYTES} bytes")
    return data


def _extract(zf: zipfile.ZipFile, name: str, path: Path, cap: int) -> tuple[str, int]:
    """Write one member to path, stopping as soon as it outgrows cap; its sha256 and size."""
    digest, size = hashlib.sha256(), 0
    with zf.open(name) as src, path.open("wb") as out:
        while chunk := src.read(CHUNK):
            size += len(chunk)
            if size > cap:
                raise DownloadError(f"the bundle's {name} unpacks to more than {cap} bytes")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
