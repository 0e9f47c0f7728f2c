"""Configuration a user sets per run or per deployment, as Dagster resources: every resource
class of actas but the IO manager (assets/io_manager.py, which stores the tables).

A path left empty is taken from its environment variable when a step uses it (through
`dg.EnvVar`, so at run time, never when the code is imported), else from the repository's
layout: ACTAS_RAW_DIR (data/raw), ACTAS_PUBLISH_DIR (data/published), ACTAS_WORK_DIR
(data/work), ACTAS_LEXICON_DIR (data/lexicons), ACTAS_RELEASE_DIR (data/releases beside
data/published, `<published>.releases` beside any other published folder) and
ACTAS_PUBLISH_URL (no upload). A path set here, in the launchpad or by `actas build` wins.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.extract import nlp
from pipeline.extract.lexicon import DEFAULT_DIR as LEXICONS
from pipeline.extract.lexicon import Lexicon, load_lexicon
from pipeline.ingest.files import DEFAULT_MAX_BYTES

DEFAULT_RAW_DIR = "data/raw"
DEFAULT_PUBLISH_DIR = "data/published"
DEFAULT_WORK_DIR = "data/work"
DEFAULT_RELEASE_DIR = "data/releases"


def setting(given: str, variable: str, default: str) -> str:
    """A resource's setting: as given, else the environment variable, else the default."""
    return given or dg.EnvVar(variable).get_value() or default


def work_dir(given: str = "") -> Path:
    """The work folder (shared by WorkFolder, AnalysisCache and the IO manager)."""
    return Path(setting(given, "ACTAS_WORK_DIR", DEFAULT_WORK_DIR))


class RawFolder(dg.ConfigurableResource):
    """The folder of raw `.txt`/`.md`/`.html` news texts to ingest (searched recursively)."""

    path: str = ""  # empty: ACTAS_RAW_DIR, else data/raw
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def folder(self) -> Path:
        return Path(setting(self.path, "ACTAS_RAW_DIR", DEFAULT_RAW_DIR))


class PublishFolder(dg.ConfigurableResource):
    """Where the published dataset goes: Parquet files, datapackage.json, actas.duckdb.

    upload_url: also copy it there after publishing, e.g. s3://bucket/actas/ or
    file:///srv/actas/ (any pyarrow filesystem URL; credentials come from the environment).
    """

    path: str = ""  # empty: ACTAS_PUBLISH_DIR, else data/published
    upload_url: str = ""  # empty: ACTAS_PUBLISH_URL, else no upload

    @property
    def folder(self) -> Path:
        return Path(setting(self.path, "ACTAS_PUBLISH_DIR", DEFAULT_PUBLISH_DIR))

    @property
    def upload_to(self) -> str:
        return setting(self.upload_url, "ACTAS_PUBLISH_URL", "")


class ReleaseFolder(dg.ConfigurableResource):
    """Where release bundles go: actas-<version>.zip files and their releases.json index."""

    path: str = ""  # empty: ACTAS_RELEASE_DIR, else beside the published folder

    def folder_for(self, published: Path) -> Path:
        """The folder, given the published folder: data/releases for data/published, and
        `<published>.releases` beside any other, so a build with --out /tmp/x writes
        /tmp/x.releases and nothing else outside."""
        if Path(published).resolve() == Path(DEFAULT_PUBLISH_DIR).resolve():
            beside = DEFAULT_RELEASE_DIR
        else:
            beside = str(Path(published).with_name(Path(published).name + ".releases"))
        return Path(setting(self.path, "ACTAS_RELEASE_DIR", beside))


class SpacyModel(dg.ConfigurableResource):
    """The installed spaCy package that parses texts, and how to run it."""

    name: str = nlp.DEFAULT_MODEL
    batch_size: int = 32  # documents a process parses per spaCy batch


class WorkFolder(dg.ConfigurableResource):
    """Where intermediate results go: each bucket's folder, each asset's table (the IO
    manager's files) and the caches. Every process that runs a step must see it: on a
    cluster, storage that every worker mounts."""

    path: str = ""  # empty: ACTAS_WORK_DIR, else data/work

    @property
    def folder(self) -> Path:
        return work_dir(self.path)


class AnalysisCache(dg.ConfigurableResource):
    """Where each raw file's decoding and each document's analysis are kept, so that re-runs
    decode and analyse only new or changed texts. `enabled: false` turns the cache off."""

    path: str = ""  # empty: `cache` in the work folder
    enabled: bool = True

    @property
    def folder(self) -> Path | None:
        if not self.enabled:
            return None
        return Path(self.path) if self.path else work_dir() / "cache"


class Lexicons(dg.ConfigurableResource):
    """The folder of actor, source and event-verb lexicons (see data/lexicons/README.md)."""

    path: str = ""  # empty: ACTAS_LEXICON_DIR, else data/lexicons

    @property
    def folder(self) -> Path:
        return Path(setting(self.path, "ACTAS_LEXICON_DIR", str(LEXICONS))).resolve()

    def load(self) -> Lexicon:
        return load_lexicon(self.folder)
