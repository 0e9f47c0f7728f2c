"""Release bundles: the published tables as one versioned, byte-reproducible zip file.

A bundle `actas-<version>.zip` holds, flat and in sorted order, every table's Parquet file,
`datapackage.json`, the codebook `README.md`, `views.sql` (the statements that create
`actas.duckdb`), the visual report (`report.html` and its `report-*.png` charts, when the
folder has one) and `SHA256SUMS` (`sha256sum -c` format, every other file). The DuckDB file
itself is not shipped because DuckDB writes random bytes into every new database file;
`actas download` recreates it from the same statements a local build uses.

Every zip entry has the same timestamp (1980-01-01), permissions (0644) and compression, so
the same tables give the same bundle bytes. The releases folder also holds `releases.json`,
an index of every bundle written there, which `actas download` reads to pick a version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.publish.dataset import dataset_version, view_statements
from pipeline.publish.report import REPORT_FILES, REPORT_HTML, report_version
from schemas import TABLES

CHECKSUMS = "SHA256SUMS"
VIEWS = "views.sql"
INDEX = "releases.json"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
ZIP_MODE = 0o100644  # a regular file, rw-r--r--
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")  # a bundle is flat: no folders
VERSION = re.compile(r"^\d+\.\d+\.\d+\+[0-9a-f]{8}$")  # contract version + content hash
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Release:
    version: str
    path: Path
    bytes: int
    sha256: str


def bundle_name(version: str) -> str:
    return f"actas-{version}.zip"


def table_files() -> list[str]:
    return [f"{name}.parquet" for name in TABLES]


def bundle_entries(published: Path) -> dict[str, bytes]:
    """Every file of the bundle by name, checked against the folder's datapackage.json."""
    published = Path(published)
    names = [*table_files(), "datapackage.json", "README.md"]
    missing = [n for n in names if not (published / n).is_file()]
    if missing:
        raise FileNotFoundError(f"no published dataset in {published}: missing {missing}")
    entries = {name: (published / name).read_bytes() for name in names}
    _check_datapackage(entries)
    entries.update(_report_entries(published, json.loads(entries["datapackage.json"])["version"]))
    entries[VIEWS] = ("\n".join(view_statements()) + "\n").encode()
    entries[CHECKSUMS] = sha256sums(entries).encode()
    return entries


def _check_datapackage(entries: dict[str, bytes]) -> None:
    """Refuse to release a folder whose tables differ from what its descriptor says."""
    try:
        package = json.loads(entries["datapackage.json"])
    except ValueError as err:
        raise ValueError(f"datapackage.json is not JSON: {err}") from None
    version, resources = package_resources(package)
    for resource in resources:
        data = entries[resource.path]
        if resource.sha256 != sha256(data) or resource.bytes != len(data):
            raise ValueError(f"{resource.path} does not match datapackage.json")
    expected = dataset_version(_file_info(entries))
    if version != expected:
        raise ValueError(f"datapackage.json says version {version}, the tables are {expected}")


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    bytes: int
    sha256: str
    rows: int


def package_resources(package: object) -> tuple[str, list[Resource]]:
    """The version and table resources of a datapackage.json, every one checked for shape;
    ValueError names the first thing wrong. Descriptors before x-bytes/x-sha256 gave the
    standard bytes and hash, which are read too."""
    if not isinstance(package, dict):
        raise ValueError("datapackage.json is not a JSON object")
    version, items = package.get("version"), package.get("resources")
    if not isinstance(version, str) or not VERSION.match(version):
        raise ValueError(f"datapackage.json has no valid version: {_shown(version)}")
    if not isinstance(items, list):
        raise ValueError("datapackage.json has no list of resources")
    resources = [_resource(i, item) for i, item in enumerate(items, 1)]
    names = [r.name for r in resources]
    if sorted(names) != sorted(TABLES):
        raise ValueError(
            f"datapackage.json lists the tables {', '.join(_shown(n) for n in names)}, "
            f"not {', '.join(TABLES)}"
        )
    return version, resources


def _resource(i: int, item: object) -> Resource:
    if not isinstance(item, dict):
        raise ValueError(f"datapackage.json: resource {i} is not an object")
    name, path = item.get("name"), item.get("path")
    digest = item.get("x-sha256", str(item.get("hash", "")).removeprefix("sha256:"))
    size, rows = item.get("x-bytes", item.get("bytes")), item.get("x-rows", 0)
    problem = (
        "has no table name" if name not in TABLES
        else f"has path {_shown(path)}, not {name}.parquet" if path != f"{name}.parquet"
        else "has no sha256" if not isinstance(digest, str) or not SHA256.match(digest)
        else "has no byte count" if type(size) is not int or size < 0
        else "has a row count that is not a count" if type(rows) is not int or rows < 0
        else None
    )  # fmt: skip
    if problem:
        raise ValueError(f"datapackage.json: resource {i} ({_shown(name)}) {problem}")
    return Resource(name, path, size, digest, rows)


def _shown(value: object) -> str:
    from pipeline.publish.folders import printable

    return printable(value if isinstance(value, str) else json.dumps(value))[:80]


def _report_entries(published: Path, version: str) -> dict[str, bytes]:
    """The report's files, when the folder has a report; it must show these very tables."""
    if not (published / REPORT_HTML).is_file():
        return {}
    missing = [n for n in REPORT_FILES if not (published / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{published} has {REPORT_HTML} but not {missing}")
    entries = {name: (published / name).read_bytes() for name in REPORT_FILES}
    drawn_from = report_version(entries[REPORT_HTML].decode("utf-8"))
    if drawn_from != version:
        raise ValueError(
            f"{REPORT_HTML} shows version {drawn_from}, the tables are {version}: "
            "materialise the report asset again"
        )
    return entries


def _file_info(entries: dict[str, bytes]) -> dict[str, dict]:
    return {
        name: {"bytes": len(entries[name]), "sha256": sha256(entries[name])}
        for name in table_files()
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256sums(entries: dict[str, bytes]) -> str:
    """`<hex>  <name>` per file, sorted by name, as `sha256sum` writes and `-c` reads."""
    return "".join(
        f"{sha256(data)}  {name}\n" for name, data in sorted(entries.items()) if name != CHECKSUMS
    )


def parse_sha256sums(text: str) -> dict[str, str]:
    """name -> hex digest from a SHA256SUMS file; raises ValueError on a malformed line."""
    sums = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name or name in sums:
            raise ValueError(f"malformed {CHECKSUMS} line: {line!r}")
        sums[name.lstrip("*")] = digest.lower()
    return sums


def write_zip(entries: dict[str, bytes], path: Path) -> None:
    """A zip of the entries in name order with fixed timestamps and permissions."""
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(entries):
            zf.writestr(_zip_info(name), entries[name])


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so that the permissions below are read
    info.external_attr = ZIP_MODE << 16
    return info


def build_release(published: Path, releases: Path) -> Release:
    """Write the bundle of the published folder into the releases folder and index it.

    A releases.json that cannot be read is refused before anything is written."""
    entries = bundle_entries(published)
    version = json.loads(entries["datapackage.json"])["version"]
    releases = Path(releases)
    index = read_index(releases)
    releases.mkdir(parents=True, exist_ok=True)
    path = releases / bundle_name(version)
    _replace(path, lambda tmp: write_zip(entries, tmp))
    data = path.read_bytes()
    release = Release(version, path, len(data), sha256(data))
    text = index_json(index, release)
    _replace(releases / INDEX, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return release


def read_index(releases: Path) -> dict:
    """The releases folder's index, checked (ValueError says what is wrong and where)."""
    path = Path(releases) / INDEX
    if not path.exists():
        return {"name": "actas", "latest": None, "releases": []}
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError(f"{path} is not JSON ({err}): fix or remove it") from None
    return check_index(index, str(path))


def check_index(index: object, where: str) -> dict:
    """A releases index whose every entry has a valid version and a safe file name (and, when
    given, a byte count and sha256); ValueError names the first entry that does not."""
    if not isinstance(index, dict):
        raise ValueError(f"{where} is not a releases index (not a JSON object)")
    entries = index.get("releases", [])
    latest = index.get("latest")
    if not isinstance(entries, list):
        raise ValueError(f"{where}: 'releases' is not a list")
    if latest is not None and not isinstance(latest, str):
        raise ValueError(f"{where}: 'latest' is not a version")
    for i, entry in enumerate(entries, 1):
        problem = _entry_problem(entry)
        if problem:
            raise ValueError(f"{where}: release entry {i} {problem}; fix or remove that entry")
    return index


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "is not an object"
    version, file = entry.get("version"), entry.get("file")
    size, digest = entry.get("bytes", 0), entry.get("sha256", "0" * 64)
    return (
        f"has no valid version ({_shown(version)})" if not isinstance(version, str)
        or not VERSION.match(version)
        else f"has no safe file name ({_shown(file)})" if not isinstance(file, str)
        or not SAFE_NAME.match(file)
        else "has a byte count that is not a count" if type(size) is not int or size < 0
        else "has a sha256 that is not 64 hex digits" if not isinstance(digest, str)
        or not SHA256.match(digest)
        else None
    )  # fmt: skip


def index_json(index: dict, release: Release) -> str:
    """The index with the release added last (replacing an entry of the same version)."""
    entry = {
        "version": release.version,
        "contract_version": release.version.split("+")[0],
        "file": release.path.name,
        "bytes": release.bytes,
        "sha256": release.sha256,
    }
    known = check_index(index, INDEX).get("releases", [])
    others = [r for r in known if r["version"] != release.version]
    updated = {"name": "actas", "latest": release.version, "releases": [*others, entry]}
    return json.dumps(updated, indent=2) + "\n"


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write a file beside path, then rename it over path, so readers never see half of it."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
