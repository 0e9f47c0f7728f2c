"""The raw texts in a fixed number of buckets: the unit of work the orchestrator schedules.

A text belongs to the bucket its path hashes to, so a changed text stays in its bucket and a
new one touches one bucket. Each bucket is decoded, parsed and analysed on its own (in any
process, on any machine) and written to its own folder with a manifest of what it was made
from: the bytes of each of its files and a fingerprint of the code, model and lexicons. A
bucket whose manifest matches its files is fresh: it need not run again. The steps that need
every document read every bucket's folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.ingest.files import Rejection, scan_raw_folder, source_name

DEFAULT_BUCKETS = 8
MAX_BUCKETS = 256
MANIFEST = "manifest.json"
FOLDER = "buckets"  # under the work folder


def configured_count() -> int:
    """The number of buckets ACTAS_BUCKETS sets (DEFAULT_BUCKETS if it is unset)."""
    return bucket_count(os.environ.get("ACTAS_BUCKETS"))


def bucket_count(value: str | int | None) -> int:
    """The number of buckets from a setting (ACTAS_BUCKETS), or a one-line error."""
    if value in (None, ""):
        return DEFAULT_BUCKETS
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_BUCKETS:
        raise ValueError(f"the number of buckets must be a whole number from 1 to {MAX_BUCKETS}, "
                         f"not {value!r} (ACTAS_BUCKETS)")  # fmt: skip
    return count


def bucket_name(index: int) -> str:
    return f"bucket_{index:02d}"


def bucket_of(source_file: str, n_buckets: int) -> int:
    """The bucket of a raw file, from its path relative to the raw folder: the same on every
    machine and in every run."""
    digest = hashlib.sha256(source_file.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % n_buckets


def bucket_folder(work_dir: Path, index: int) -> Path:
    return Path(work_dir) / FOLDER / bucket_name(index)


@dataclass(frozen=True)
class BucketFolder:
    """A bucket's folder: what passes between the step that makes it and the one that merges
    every bucket."""

    path: Path


Item = Path | Rejection  # a text file to read, or a link or folder rejected while listing


def item_name(raw_dir: Path, item: Item) -> str:
    return item.source_file if isinstance(item, Rejection) else source_name(raw_dir, item)


def split(raw_dir: Path, n_buckets: int) -> list[list[Item]]:
    """The raw folder's items (see `scan_raw_folder`), bucket by bucket, each in folder order."""
    buckets: list[list[Item]] = [[] for _ in range(n_buckets)]
    for item in scan_raw_folder(raw_dir):
        buckets[bucket_of(item_name(raw_dir, item), n_buckets)].append(item)
    return buckets


def digests(raw_dir: Path, items: Iterable[Item], max_bytes: int) -> dict[str, str]:
    """What each item of a bucket is, to tell whether it changed: the SHA-256 of a file's
    bytes (as far as ingest reads them), or why a link or folder was rejected."""
    found = {}
    for item in items:
        name = item_name(raw_dir, item)
        if isinstance(item, Rejection):
            found[name] = f"{item.reason}: {item.detail}"
            continue
        try:
            with item.open("rb") as f:
                found[name] = hashlib.sha256(f.read(max_bytes + 1)).hexdigest()
        except OSError as err:
            found[name] = f"unreadable: {err.strerror}"
    return found


@dataclass(frozen=True)
class Manifest:
    """What a bucket's folder was made from."""

    fingerprint: str  # code, model, lexicons, settings: see `assets` for what goes in
    files: dict[str, str]  # source_file -> digest (see `digests`)
    documents: int = 0
    rejected: int = 0

    def matches(self, fingerprint: str, files: dict[str, str]) -> bool:
        return self.fingerprint == fingerprint and self.files == files

    def changed(self, fingerprint: str, files: dict[str, str]) -> int:
        return len(self.to_read(fingerprint, files))

    def to_read(self, fingerprint: str, files: dict[str, str]) -> list[str]:
        """The files that must be read again: every one under another fingerprint, else those
        that are new or differ."""
        if self.fingerprint != fingerprint:
            return list(files)
        return [name for name, digest in files.items() if self.files.get(name) != digest]

    def added(self, fingerprint: str, files: dict[str, str]) -> list[str]:
        """The files new since the folder was made, if nothing else changed; else none."""
        if self.fingerprint != fingerprint or any(
            files.get(name) != digest for name, digest in self.files.items()
        ):
            return []
        return [name for name in files if name not in self.files]


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest, or None if there is none or it cannot be read (a folder left
    half-written by a killed run has none: the manifest is written last)."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
        return Manifest(data["fingerprint"], dict(data["files"]), int(data["documents"]),
                        int(data["rejected"]))  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_manifest(folder: Path, manifest: Manifest) -> None:
    path = Path(folder) / MANIFEST
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(manifest), indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


@dataclass(frozen=True)
class Plan:
    """Which buckets must run again, and which of their files must be read again."""

    to_read: dict[int, tuple[Item, ...]]  # stale bucket -> its new or changed files
    n_buckets: int
    items: dict[int, tuple[Item, ...]] = field(default_factory=dict)  # stale bucket -> all files

    @property
    def stale(self) -> dict[int, int]:
        """Stale bucket -> how many files it must read again."""
        return {index: len(items) for index, items in self.to_read.items()}

    @property
    def changed_files(self) -> int:
        return sum(self.stale.values())

    def bytes_to_read(self) -> dict[int, int]:
        """Stale bucket -> the bytes of the files it must read again: roughly what it costs, as
        parsing takes about the same time per byte of text."""
        return {index: sum(map(_size, items)) for index, items in self.to_read.items()}


def _size(item: Item) -> int:
    if isinstance(item, Rejection):
        return 0
    try:
        return item.stat().st_size
    except OSError:
        return 0


def plan(
    raw_dir: Path, work_dir: Path, n_buckets: int, fingerprint: str | None, max_bytes: int
) -> Plan:
    """The buckets whose folder is missing or was made from other files or other code. With
    no fingerprint, a guess that needs no code loaded: each folder counts as made by this
    code, so only new and changed files are found."""
    to_read, stale = {}, {}
    for index, items in enumerate(split(raw_dir, n_buckets)):
        manifest = read_manifest(bucket_folder(work_dir, index))
        if manifest is None:
            to_read[index] = stale[index] = tuple(items)
            continue
        files = digests(raw_dir, items, max_bytes)
        current = manifest.fingerprint if fingerprint is None else fingerprint
        if not manifest.matches(current, files):
            names = set(manifest.to_read(current, files))
            to_read[index] = tuple(item for item in items if item_name(raw_dir, item) in names)
            stale[index] = tuple(items)
    return Plan(to_read, n_buckets, stale)


def replace(staged: Path, folder: Path) -> None:
    """Put a bucket's freshly written folder in place of its old one. The old one is moved
    aside first and removed after, so a reader never sees a mix of the two; a run killed in
    between leaves no manifest in place, so the bucket is simply made again."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    staged.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def staging(folder: Path) -> Path:
    """A fresh folder beside a bucket's folder to write its next version in, after removing
    what killed runs left there for this bucket (its staging, old and ahead folders only)."""
    for path in folder.parent.glob(f".{folder.name}.*"):
        if path.is_dir() and any(f".{kind}" in path.name for kind in ("old-", "staging-", "ahead")):
            shutil.rmtree(path, ignore_errors=True)
    staged = folder.with_name(f".{folder.name}.staging-{os.getpid()}")
    staged.mkdir(parents=True)
    return staged


def ahead(folder: Path) -> Path:
    """Where a bucket's next version is made ahead of its step (pipeline/publish/bucketing.py)."""
    return folder.with_name(f".{folder.name}.ahead")


def clear_ahead(folder: Path) -> None:
    """Remove what was made ahead for a bucket: whole, or half-written by a killed process."""
    for path in folder.parent.glob(f"{ahead(folder).name}*"):
        shutil.rmtree(path, ignore_errors=True)


def discard(staged: Path) -> None:
    """Remove a staging folder that was not put in place (the run failed)."""
    if staged.exists():
        shutil.rmtree(staged, ignore_errors=True)


def sweep(work_dir: Path, n_buckets: int) -> None:
    """Remove the folders of buckets beyond the current count (left by a run with more)."""
    root = Path(work_dir) / FOLDER
    keep = {bucket_name(i) for i in range(n_buckets)}
    for path in root.glob("bucket_*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
