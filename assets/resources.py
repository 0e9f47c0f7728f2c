"""Configuration a user sets per run or per deployment, as Dagster resources: every resource
class of actas, the IO manager that stores the tables between assets included.

A path left empty is taken from its environment variable when a step uses it (at run time,
never when the code is imported), else from the repository's
layout: ACTAS_RAW_DIR (data/raw), ACTAS_PUBLISH_DIR (data/published), ACTAS_WORK_DIR
(data/work), ACTAS_LEXICON_DIR (data/lexicons), ACTAS_RELEASE_DIR (data/releases beside
data/published, `<published>.releases` beside any other published folder) and
ACTAS_PUBLISH_URL (no upload). A path set here, in the launchpad or by `actas build` wins.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from assets.io_manager import refuse_failed_upstream
from pipeline.extract import nlp
from pipeline.extract.lexicon import Lexicon, lexicon_folder, load_lexicon
from pipeline.ingest.buckets import FOLDER as BUCKETS
from pipeline.ingest.buckets import BucketFolder, read_manifest
from pipeline.ingest.files import DEFAULT_MAX_BYTES
from pipeline.publish.parquet import TableFile, write_parquet
from schemas import TABLES

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
    batch_size: int = 64  # documents a process parses per spaCy batch (64 measured fastest)


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
        return lexicon_folder(self.path)

    def load(self) -> Lexicon:
        return load_lexicon(self.folder)


# Intermediate tables that follow a published table's model.
MODEL_OF = {"ingested_documents": "documents"}


class TableStore(dg.ConfigurableIOManager):
    """Intermediate results between assets, one Parquet file per asset in `base_dir`.

    An asset returns a DataFrame, or a `TableFile` it has already streamed to disk (a table
    too long to hold in memory), which is moved into place. A downstream asset gets a
    DataFrame, or only the columns its input's `columns` metadata names; through
    `TableFiles`, the file itself. A bucket (see assets/parse.py) is a folder under
    `buckets/`, which its step puts in place. An input whose step failed earlier in the same
    run is refused (assets/io_manager.py).
    """

    base_dir: str = ""  # empty: the work folder (ACTAS_WORK_DIR, else data/work)

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        name = context.asset_key.path[-1]
        if name.startswith("bucket_"):
            return work_dir(self.base_dir) / BUCKETS / name
        return work_dir(self.base_dir) / f"{name}.parquet"

    def handle_output(
        self, context: dg.OutputContext, obj: pd.DataFrame | TableFile | BucketFolder
    ) -> None:
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(obj, BucketFolder):
            if Path(obj.path).resolve() != path.resolve():
                raise ValueError(f"bucket folder {obj.path} is not where TableStore keeps it "
                                 f"({path}): give WorkFolder and TableStore the same path")
            return
        if isinstance(obj, TableFile):
            shutil.move(obj.path, path)
            return
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"TableStore stores DataFrames, not {type(obj).__name__}")
        key = context.asset_key.path[-1]
        model = MODEL_OF.get(key, key)
        if model in TABLES:
            write_parquet(obj, model, path)
        else:  # internal tables between assets: no contract, Arrow infers the types
            pq.write_table(pa.Table.from_pandas(obj, preserve_index=False), path)

    def _existing(self, context: dg.InputContext) -> Path:
        refuse_failed_upstream(context)
        path = self._path(context)
        if not path.exists():
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has not been materialised into "
                f"{work_dir(self.base_dir)}: materialise it (or everything) first"
            )
        return path

    def load_input(self, context: dg.InputContext) -> pd.DataFrame | BucketFolder:
        path = self._existing(context)
        if path.is_dir():
            if read_manifest(path) is None:  # the manifest is written last
                raise FileNotFoundError(f"{path} is not a whole bucket: materialise "
                                        f"{context.asset_key.to_user_string()} again")
            return BucketFolder(path)
        columns = (context.definition_metadata or {}).get("columns")
        return pq.read_table(path, columns=columns).to_pandas()


class TableFiles(TableStore):
    """An input manager over the same files that hands a step the file, not its rows: for
    steps that copy tables whole, as publishing does."""

    def load_input(self, context: dg.InputContext) -> Path:
        return self._existing(context)
