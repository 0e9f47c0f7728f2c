"""Download a release bundle, verify every checksum and unpack it into place at once.

SOURCE is an `http(s)://` URL, a `file://` URL or a local path, naming either a bundle
(`actas-<version>.zip`), a `releases.json` index, or a folder (base URL) that holds one. With
an index, `version` picks the release: a full version (`1.0.0+3f2a9c1e`), a contract version
(`1.0.0`: its latest release) or None (the index's latest).

The bundle goes to a temporary file beside the destination; its files are unpacked into a
temporary folder beside it and checked against `SHA256SUMS` and `datapackage.json`; only
then does that folder replace the destination, by rename. On any failure the temporaries
are removed and the destination is as it was. Transient network errors are retried with
backoff; a 404 or a checksum mismatch is not.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
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
from typing import TextIO
from urllib.error import HTTPError, URLError

from pipeline.publish import write_database
from pipeline.release import CHECKSUMS, INDEX, VIEWS, parse_sha256sums, table_files

CHUNK = 1 << 16
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")  # a bundle is flat: no folders
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


Fetch = Callable[[str, Path, bool], None]  # url, file to write, whether to show progress


class DownloadError(Exception):
    """Why a download was refused or failed; the destination was left as it was."""


class _Transient(Exception):
    """A failure worth another attempt: a dropped connection, a timeout, a 5xx."""


@dataclass(frozen=True)
class Bundle:
    url: str
    version: str | None  # as the index names it; None when SOURCE names the file itself
    sha256: str | None  # of the zip file, when an index gives it


@dataclass(frozen=True)
class Downloaded:
    folder: Path
    version: str
    rows: dict[str, int]


def download(
    source: str,
    dest: Path,
    version: str | None = None,
    *,
    progress: TextIO | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
) -> Downloaded:
    """Fetch, verify and unpack the bundle SOURCE names into dest, replacing it at once.

    Progress and retries are reported to `progress` (e.g. sys.stderr) when given.
    """
    dest = Path(dest)
    _check_destination(dest)
    fetch = _fetcher(progress, retries, backoff, timeout)
    bundle = resolve(source, version, fetch)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, zip_name = tempfile.mkstemp(prefix=f".{dest.name}.download-", dir=dest.parent)
    os.close(fd)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.unpack-", dir=dest.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; it becomes the dataset folder
        fetch(bundle.url, Path(zip_name), True)
        if bundle.sha256 and _file_sha256(Path(zip_name)) != bundle.sha256:
            raise DownloadError(f"{bundle.url} does not match the sha256 its index gives")
        result = unpack(Path(zip_name), staging)
        if version and not version_matches(result.version, version):
            raise DownloadError(f"{bundle.url} holds version {result.version}, not {version}")
        write_database(staging)
        _swap(staging, dest)
        return Downloaded(dest, result.version, result.rows)
    finally:
        Path(zip_name).unlink(missing_ok=True)
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
        return Bundle(url, None, None)
    if not path.endswith(".json"):
        url = url.rstrip("/") + "/" + INDEX
    index = _read_index(url, fetch)
    entry = choose(index, version, url)
    file_url = urllib.parse.urljoin(url, urllib.parse.quote(entry["file"]))
    return Bundle(file_url, entry["version"], entry.get("sha256"))


def to_url(source: str) -> str:
    """An http(s) or file URL for SOURCE, which may be a local path."""
    scheme = urllib.parse.urlparse(source).scheme.lower()
    if scheme in ("http", "https", "file"):
        return source
    if scheme and len(scheme) > 1:  # one letter is a Windows drive
        raise DownloadError(f"{source}: only https://, http://, file:// or a local path")
    return Path(source).resolve().as_uri()


def _read_index(url: str, fetch: Fetch) -> dict:
    fd, name = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        fetch(url, Path(name), False)
        return json.loads(Path(name).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise DownloadError(f"{url} is not a releases index: {err}") from err
    finally:
        Path(name).unlink(missing_ok=True)


def choose(index: dict, version: str | None, url: str = INDEX) -> dict:
    """The index entry for version: exact, the latest of a contract version, or the latest."""
    releases = index.get("releases") or []
    wanted = version or index.get("latest")
    matching = [r for r in releases if wanted and version_matches(r["version"], wanted)]
    if not matching:
        known = ", ".join(r["version"] for r in releases) or "none"
        raise DownloadError(f"{url} has no release {wanted or '(latest)'}; it has: {known}")
    entry = matching[-1]
    if not SAFE_NAME.match(entry["file"]):
        raise DownloadError(f"{url} names an unsafe bundle file: {entry['file']!r}")
    return entry


# Fetching, with retries and progress


def _fetcher(progress: TextIO | None, retries: int, backoff: float, timeout: float) -> Fetch:
    def fetch(url: str, path: Path, show: bool) -> None:
        attempts = 1 if url.startswith("file:") else retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return _fetch_once(url, path, progress if show else None, timeout)
            except _Transient as err:
                if attempt == attempts:
                    raise DownloadError(f"{url}: {err} (gave up after {attempts} tries)") from err
                wait = backoff * 2 ** (attempt - 1)
                _say(progress, f"{url}: {err}; retrying in {wait:g}s")
                time.sleep(wait)

    return fetch


def _fetch_once(url: str, path: Path, progress: TextIO | None, timeout: float) -> None:
    name = urllib.parse.unquote(urllib.parse.urlparse(url).path.rsplit("/", 1)[-1])
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, path.open("wb") as out:
            total = _content_length(response)
            done = 0
            shown = _Progress(progress, name, total)
            while chunk := response.read(CHUNK):
                out.write(chunk)
                done += len(chunk)
                shown.update(done)
            shown.finish(done)
    except HTTPError as err:
        if err.code in RETRY_STATUS:
            raise _Transient(f"HTTP {err.code} {err.reason}") from err
        raise DownloadError(f"{url}: HTTP {err.code} {err.reason}") from err
    except URLError as err:
        if url.startswith("file:") or isinstance(err.reason, ssl.SSLError):
            raise DownloadError(f"{url}: {err.reason}") from err
        raise _Transient(f"cannot connect: {err.reason}") from err
    except (TimeoutError, ConnectionError, http.client.HTTPException) as err:
        raise _Transient(f"{type(err).__name__}: {err}") from err
    if total is not None and done != total:
        raise _Transient(f"connection closed after {done} of {total} bytes")


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


def unpack(zip_path: Path, into: Path) -> Unpacked:
    """Extract the bundle into an empty folder, checking every file against SHA256SUMS."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            sums = _checksums(zf)
            for name, digest in sums.items():
                if _extract(zf, name, into / name) != digest:
                    raise DownloadError(f"checksum mismatch: {name} is not what {CHECKSUMS} says")
            _extract(zf, CHECKSUMS, into / CHECKSUMS)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as err:
        raise DownloadError(f"not a readable zip bundle (damaged or truncated): {err}") from err
    return _check_package(into, sums)


def _checksums(zf: zipfile.ZipFile) -> dict[str, str]:
    names = zf.namelist()
    unsafe = [n for n in names if not SAFE_NAME.match(n)]
    if unsafe or len(set(names)) != len(names):
        raise DownloadError(f"the bundle holds unsafe or repeated names: {unsafe or names}")
    if CHECKSUMS not in names:
        raise DownloadError(f"the bundle has no {CHECKSUMS} file")
    try:
        sums = parse_sha256sums(zf.read(CHECKSUMS).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise DownloadError(f"the bundle's {CHECKSUMS} is unreadable: {err}") from err
    listed, present = set(sums), set(names) - {CHECKSUMS}
    if listed != present:
        raise DownloadError(
            f"{CHECKSUMS} does not match the bundle: missing {sorted(listed - present)}, "
            f"unlisted {sorted(present - listed)}"
        )
    required = {*table_files(), "datapackage.json", "README.md", VIEWS}
    if required - present:
        raise DownloadError(f"the bundle lacks {sorted(required - present)}")
    return sums


def _extract(zf: zipfile.ZipFile, name: str, path: Path) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as src, path.open("wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _check_package(folder: Path, sums: dict[str, str]) -> Unpacked:
    """datapackage.json must describe the files as they arrived."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        resources = package["resources"]
        version = package["version"]
    except (ValueError, KeyError, TypeError) as err:
        raise DownloadError(f"the bundle's datapackage.json is unreadable: {err}") from err
    for r in resources:
        path = r.get("path")
        if path not in sums or r.get("hash") != f"sha256:{sums[path]}":
            raise DownloadError(f"checksum mismatch: {path} is not what datapackage.json says")
        if r.get("bytes") != (folder / path).stat().st_size:
            raise DownloadError(f"size mismatch: {path} is not what datapackage.json says")
    return Unpacked(version, {r["name"]: r.get("x-rows", 0) for r in resources})


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# Putting it in place


def _check_destination(dest: Path) -> None:
    """Replace only an empty folder or an actas dataset, never someone's other files."""
    if not dest.exists():
        return
    if not dest.is_dir():
        raise DownloadError(f"{dest} exists and is not a folder")
    if any(dest.iterdir()) and not (dest / "datapackage.json").is_file():
        raise DownloadError(f"{dest} holds files that are not an actas dataset; choose --dest")


def _swap(staging: Path, dest: Path) -> None:
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    try:
        staging.rename(dest)
    except OSError:
        if old.exists():
            old.rename(dest)
        raise
    shutil.rmtree(old, ignore_errors=True)
