"""The one Definitions object: every asset, check, resource, job and sensor of actas.

`build_defs` makes it: `defs` below (what `dagster dev` loads), `actas build` and the tests
all call it, the last two with some resources replaced (`folder_resources`). Paths default to
the repository layout and can be changed with ACTAS_RAW_DIR, ACTAS_PUBLISH_DIR,
ACTAS_WORK_DIR, ACTAS_LEXICON_DIR and ACTAS_RELEASE_DIR, read when a run uses them (see
assets/resources.py). ACTAS_BUCKETS sets how many buckets the raw
texts are split into (8 by default; more for more workers). Runs launched from the UI use the
multiprocess executor, its step processes forked from a server that has loaded the code and
the model (assets/preload.py); with ACTAS_DASK_SCHEDULER=tcp://host:8786 they run on that
Dask cluster instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg

from assets import checks, extract, publish, release, report
from assets.execution import adaptive_executor, dask_executor
from assets.ingest import raw_files
from assets.parse import bucket_asset, collect_asset
from assets.resources import (
    AnalysisCache,
    Lexicons,
    PublishFolder,
    RawFolder,
    ReleaseFolder,
    SpacyModel,
    TableFiles,
    TableStore,
    WorkFolder,
)
from assets.sensors import raw_folder_sensor
from pipeline.ingest.buckets import configured_count
from pipeline.ingest.files import DEFAULT_MAX_BYTES
from schemas import CONTRACT_VERSION, TABLES

MODULES = [extract, publish, report, release]
N_BUCKETS = configured_count()

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


def folder_resources(
    raw: Path | str | None = None,
    published: Path | str | None = None,
    work: Path | str | None = None,
    lexicons: Path | str | None = None,
    releases: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    upload_url: str | None = None,
) -> dict[str, dg.ConfigurableResource]:
    """The resource overrides of a build with these folders; what is not given keeps its
    environment variable or default. The work folder holds the IO manager's tables and the
    cache too."""
    text = {name: str(value) if value else "" for name, value in
            {"raw": raw, "published": published, "lexicons": lexicons,
             "releases": releases}.items()}  # fmt: skip
    chosen: dict[str, dg.ConfigurableResource] = {
        "raw_folder": RawFolder(path=text["raw"], max_bytes=max_bytes),
        "publish_folder": PublishFolder(path=text["published"], upload_url=upload_url or ""),
        "release_folder": ReleaseFolder(path=text["releases"]),
        "lexicons": Lexicons(path=text["lexicons"]),
    }
    if work:
        chosen |= {
            "work_folder": WorkFolder(path=str(work)),
            "io_manager": TableStore(base_dir=str(work)),
            "table_files": TableFiles(base_dir=str(work)),
            "analysis_cache": AnalysisCache(path=str(Path(work) / "cache")),
        }
    return chosen


def default_resources() -> dict[str, dg.ConfigurableResource]:
    """Every resource at its defaults: paths from the environment when a step runs, else the
    repository's layout (see assets/resources.py)."""
    return {
        "raw_folder": RawFolder(),
        "publish_folder": PublishFolder(),
        "release_folder": ReleaseFolder(),
        "io_manager": TableStore(),
        "table_files": TableFiles(),
        "work_folder": WorkFolder(),
        "analysis_cache": AnalysisCache(),
        "lexicons": Lexicons(),
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


def all_checks() -> list[dg.AssetChecksDefinition]:
    """The checks that run as steps of their own (assets/checks.py); each table's contract
    check runs inside the step that makes the table."""
    return list(dg.load_asset_checks_from_modules([checks]))


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
    overrides: Mapping[str, Any] | None = None,
    n_buckets: int | None = None,
    executor: dg.ExecutorDefinition | None = None,
) -> dg.Definitions:
    """The Definitions of actas: what `dagster dev` loads (no overrides), and what `actas
    build` and the tests run, with some resources replaced (`folder_resources`)."""
    return dg.Definitions(
        assets=all_assets(n_buckets),
        asset_checks=all_checks(),
        jobs=[build_everything, report_and_release],
        sensors=[raw_folder_sensor],
        resources={**default_resources(), **(overrides or {})},
        executor=executor or default_executor(),
    )


defs = build_defs()


def dask_build_job() -> dg.JobDefinition:
    """build_everything on the Dask executor, the cluster named in the run's configuration
    (`execution: {config: {cluster: {existing: {address: ...}}}}`): what
    `dg.reconstructable` names for a run on Dask (see benchmarks/distributed.py)."""
    from dagster_dask import dask_executor as dask

    return build_defs(executor=dask).resolve_job_def("build_everything")
