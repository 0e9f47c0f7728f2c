"""Configuration a user sets per run or per deployment, as Dagster resources."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.extract import nlp
from pipeline.extract.lexicon import Lexicon, load_lexicon
from pipeline.ingest.files import DEFAULT_MAX_BYTES


class RawFolder(dg.ConfigurableResource):
    """The folder of raw `.txt`/`.md` news texts to ingest (searched recursively)."""

    path: str = "data/raw"
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def folder(self) -> Path:
        return Path(self.path)


class PublishFolder(dg.ConfigurableResource):
    """Where the published dataset goes: Parquet files, datapackage.json, actas.duckdb.

    upload_url: also copy it there after publishing, e.g. s3://bucket/actas/ or
    file:///srv/actas/ (any pyarrow filesystem URL; credentials come from the environment).
    """

    path: str = "data/published"
    upload_url: str = ""

    @property
    def folder(self) -> Path:
        return Path(self.path)


class SpacyModel(dg.ConfigurableResource):
    """The installed spaCy package that parses texts, and how to run it."""

    name: str = nlp.DEFAULT_MODEL
    batch_size: int = 32  # documents a process parses per spaCy batch


class WorkFolder(dg.ConfigurableResource):
    """Where intermediate results go: each bucket's folder, each asset's table (the IO
    manager's files) and the caches. Every process that runs a step must see it: on a
    cluster, storage that every worker mounts."""

    path: str = "data/work"

    @property
    def folder(self) -> Path:
        return Path(self.path)


class AnalysisCache(dg.ConfigurableResource):
    """Where each raw file's decoding and each document's analysis are kept, so that re-runs
    decode and analyse only new or changed texts. An empty path turns the cache off."""

    path: str = "data/work/cache"

    @property
    def folder(self) -> Path | None:
        return Path(self.path) if self.path else None


class Lexicons(dg.ConfigurableResource):
    """The folder of actor, source and event-verb lexicons (see data/lexicons/README.md)."""

    path: str = "data/lexicons"

    @property
    def folder(self) -> Path:
        return Path(self.path).resolve()

    def load(self) -> Lexicon:
        return load_lexicon(self.folder)
