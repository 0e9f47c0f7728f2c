"""One bucket's folder made for its files as they are now: the old folder with the files added
since (`tables.extend_bucket`), if nothing else changed, else built whole (`tables.build_bucket`),
with its manifest written last (pipeline/ingest/buckets.py).

A bucket's step makes it (assets/parse.py). When a build finds only a few new texts, processes
that have the model loaded make their buckets just before the run (`make_ahead`, called by
assets/forkserver.buckets_ahead), so that the build's own process need not; the step then takes
that folder (`take_ahead`) if it was made from the same files by the same code, and otherwise
makes the bucket itself.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from pipeline.extract.analyse import Journal, Setup
from pipeline.extract.lexicon import Lexicon
from pipeline.ingest import buckets
from pipeline.publish.tables import Bucket, Progress, build_bucket, extend_bucket

MADE = "made.json"  # in a folder made ahead: what `make` returned, for the step to report


def make(
    raw_dir: Path,
    items: Sequence[buckets.Item],
    folder: Path,
    fingerprint: str,
    files: dict[str, str],
    max_bytes: int,
    lexicon: Lexicon,
    setup: Setup,
    cache_dir: Path | None,
    staged: Path,
    progress: Progress = lambda message: None,
    batch_size: int = 64,
    journal: Journal | None = None,
) -> tuple[buckets.Manifest, Bucket]:
    """Write the next version of the bucket `folder`, made of `items` (whose digests are
    `files`), into `staged`; its manifest last."""
    old = buckets.read_manifest(folder)
    added = set(old.added(fingerprint, files)) if old else set()
    common = (max_bytes, lexicon, setup, cache_dir)
    options = {"progress": progress, "batch_size": batch_size, "journal": journal}
    made = None
    if old and added:  # and nothing else changed: the old folder is kept, the new files added
        progress(f"{len(added)} files added since this bucket was made: adding them to its "
                 f"{len(old.files)}")  # fmt: skip
        new = [item for item in items if buckets.item_name(raw_dir, item) in added]
        made = extend_bucket(folder, staged, lambda part: build_bucket(
            raw_dir, new, *common, part, **options))  # fmt: skip
    made = made or build_bucket(raw_dir, items, *common, staged, **options)
    manifest = buckets.Manifest(fingerprint, files, made.documents, made.rejected)
    buckets.write_manifest(staged, manifest)
    return manifest, made


def make_ahead(
    raw_dir: Path,
    items: Sequence[buckets.Item],
    folder: Path,
    fingerprint: str,
    max_bytes: int,
    lexicon: Lexicon,
    setup: Setup,
    cache_dir: Path | None,
) -> None:
    """Make the bucket `folder` as its step would, beside it (`buckets.ahead`), for the step
    to take. Written under another name first: a process killed meanwhile leaves nothing the
    step could take."""
    folder = Path(folder)
    target = buckets.ahead(folder)
    staged = folder.with_name(f"{target.name}-{os.getpid()}")
    staged.mkdir(parents=True)
    try:
        files = buckets.digests(raw_dir, items, max_bytes)
        _, made = make(raw_dir, items, folder, fingerprint, files, max_bytes, lexicon, setup,
                       cache_dir, staged)  # fmt: skip
        (staged / MADE).write_text(json.dumps(dataclasses.asdict(made)), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        staged.rename(target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def take_ahead(
    folder: Path, fingerprint: str, files: dict[str, str]
) -> tuple[buckets.Manifest, Bucket] | None:
    """Put in place of the bucket `folder` the one made ahead for it (`make_ahead`) if that
    was made from these files by this code; else None, and any folder made ahead is removed."""
    target = buckets.ahead(Path(folder))
    manifest = buckets.read_manifest(target)
    made = _made(target) if manifest and manifest.matches(fingerprint, files) else None
    if manifest is None or made is None:
        shutil.rmtree(target, ignore_errors=True)
        return None
    buckets.replace(target, Path(folder))
    return manifest, made


def _made(folder: Path) -> Bucket | None:
    """What `make` returned for the folder made ahead, taken out of it."""
    path = folder / MADE
    try:
        made = Bucket(**json.loads(path.read_text(encoding="utf-8")))
        path.unlink()
    except (OSError, ValueError, TypeError):
        return None
    return made
