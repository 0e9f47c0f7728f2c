"""The one Definitions object: every asset, check, resource, job and sensor of actas.

Paths default to the repository layout and can be changed with ACTAS_RAW_DIR,
ACTAS_PUBLISH_DIR, ACTAS_WORK_DIR, ACTAS_LEXICON_DIR and ACTAS_RELEASE_DIR. Release bundles go
to data/releases beside the default published folder, and to `<published>.releases` beside any
other, unless ACTAS_RELEASE_DIR says otherwise. ACTAS_BUCKETS sets how many buckets the raw
texts are split into (8 by default; more for more workers). Runs launched from the UI use the
multiprocess executor, its step processes forked from a server that has loaded the code and
the model (assets/preload.py); with ACTAS_DASK_SCHEDULER=tcp://host:8786 they run on that
Dask cluster instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from assets import extract, publish, release, report
from assets.execution import adaptive_executor, dask_executor
from assets.ingest import raw_files
from assets.io_manager import TableFiles, TableStore
from assets.parse import bucket_asset, collect_asset
from assets.release import ReleaseFolder
from assets.resources import (
    AnalysisCache,
    Lexicons,
    PublishFolder,
    RawFolder,
    SpacyModel,
    WorkFolder,
)
from assets.sensors import raw_folder_sensor
from pipeline.extract.lexicon import DEFAULT_DIR as LEXICONS
from pipeline.ingest.buckets import bucket_count
from pipeline.ingest.files import DEFAULT_MAX_BYTES
from schemas import CONTRACT_VERSION, TABLES

MODULES = [extract, publish, report, release]
N_BUCKETS = bucket_count(os.environ.get("ACTAS_BUCKETS"))

build_everything = dg.define_asset_job(
    "build_everything",
    selection=dg.AssetSelection.all(),
    description="Ingest every raw text, extract all tables, check them, publish them, draw the "
    "report and bundle a release. Texts that did not change reuse their earlier work.",
)
report_and_release = dg.define_asset_job(
    "report_and_release",
    selection=dg.AssetSelection.assets("report", "release"),
    description="Redraw the report and bundle a release from the tables already published, "
    "without extracting anything again.",
)


DEFAULT_PUBLISH_DIR = "data/published"
DEFAULT_RELEASE_DIR = "data/releases"


def default_release_dir(publish_dir: str) -> str:
    """data/releases for data/published; `<publish_dir>.releases` beside any other published
    folder, so a build with --out /tmp/x writes /tmp/x.releases and nothing else outside."""
    if Path(publish_dir).resolve() == Path(DEFAULT_PUBLISH_DIR).resolve():
        return DEFAULT_RELEASE_DIR
    return str(Path(publish_dir).with_name(Path(publish_dir).name + ".releases"))


def resources(
    raw_dir: str | None = None,
    publish_dir: str | None = None,
    work_dir: str | None = None,
    lexicon_dir: str | None = None,
    release_dir: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    upload_url: str | None = None,
) -> dict:
    env = os.environ.get
    publish_dir = publish_dir or env("ACTAS_PUBLISH_DIR", DEFAULT_PUBLISH_DIR)
    work_dir = work_dir or env("ACTAS_WORK_DIR", "data/work")
    release_dir = release_dir or env("ACTAS_RELEASE_DIR") or default_release_dir(publish_dir)
    return {
        "raw_folder": RawFolder(
            path=raw_dir or env("ACTAS_RAW_DIR", "data/raw"), max_bytes=max_bytes
        ),
        "publish_folder": PublishFolder(
            path=publish_dir, upload_url=upload_url or env("ACTAS_PUBLISH_URL", "")
        ),
        "release_folder": ReleaseFolder(path=release_dir),
        "io_manager": TableStore(base_dir=work_dir),
        "table_files": TableFiles(base_dir=work_dir),
        "work_folder": WorkFolder(path=work_dir),
        "analysis_cache": AnalysisCache(path=str(Path(work_dir) / "cache")),
        "lexicons": Lexicons(path=lexicon_dir or env("ACTAS_LEXICON_DIR", str(LEXICONS))),
        "spacy_model": SpacyModel(),
    }


def all_assets(n_buckets: int | None = None) -> list:
    """Every asset, with `n_buckets` buckets (default ACTAS_BUCKETS, else 8)."""
    n_buckets = n_buckets or N_BUCKETS
    # raw_files is a plain AssetSpec (nothing materialises it), which module loading skips.
    assets = [
        raw_files,
        *(bucket_asset(i, n_buckets) for i in range(n_buckets)),
        collect_asset(n_buckets),
        *dg.load_assets_from_modules(MODULES),
    ]
    return list(dg.map_asset_specs(_tag_contract_table, assets))


def _tag_contract_table(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Tables of the public contract (DATASET.md) carry its version: filter the catalog by it."""
    if spec.key.to_user_string() not in TABLES:
        return spec
    return spec.merge_attributes(tags={"contract": CONTRACT_VERSION})


def default_executor() -> dg.ExecutorDefinition:
    """The adaptive executor (assets/execution.py), or the Dask executor on the scheduler
    that ACTAS_DASK_SCHEDULER names."""
    scheduler = os.environ.get("ACTAS_DASK_SCHEDULER")
    return dask_executor(scheduler) if scheduler else adaptive_executor


def build_defs(
    n_buckets: int | None = None,
    executor: dg.ExecutorDefinition | None = None,
    resource_overrides: dict | None = None,
) -> dg.Definitions:
    """The Definitions of actas: what `dagster dev` loads, and what the CLI and the tests
    build with other settings."""
    return dg.Definitions(
        assets=all_assets(n_buckets),
        jobs=[build_everything, report_and_release],
        sensors=[raw_folder_sensor],
        resources={**resources(), **(resource_overrides or {})},
        executor=executor or default_executor(),
    )


defs = build_defs()


def dask_build_job() -> dg.JobDefinition:
    """build_everything on the Dask executor, the cluster named in the run's configuration
    (`execution: {config: {cluster: {existing: {address: ...}}}}`): what
    `dg.reconstructable` names for a run on Dask (see benchmarks/distributed.py)."""
    from dagster_dask import dask_executor as dask

    return build_defs(executor=dask).resolve_job_def("build_everything")
