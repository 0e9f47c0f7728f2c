"""The one Definitions object: every asset, check, resource, job and sensor of actas.

Paths default to the repository layout and can be changed with ACTAS_RAW_DIR,
ACTAS_PUBLISH_DIR, ACTAS_WORK_DIR, ACTAS_LEXICON_DIR and ACTAS_RELEASE_DIR. Release bundles go
to data/releases beside the default published folder, and to `<published>.releases` beside any
other, unless ACTAS_RELEASE_DIR says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from assets import extract, ingest, parse, publish, release, report
from assets.io_manager import TableFiles, TableStore
from assets.release import ReleaseFolder
from assets.resources import AnalysisCache, Lexicons, PublishFolder, RawFolder, SpacyModel
from assets.sensors import raw_folder_sensor
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.lexicon import DEFAULT_DIR as LEXICONS
from schemas import CONTRACT_VERSION, TABLES

MODULES = [ingest, parse, extract, publish, report, release]

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
    n_process: int = 0,
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
        "analysis_cache": AnalysisCache(path=str(Path(work_dir) / "cache")),
        "lexicons": Lexicons(path=lexicon_dir or env("ACTAS_LEXICON_DIR", str(LEXICONS))),
        "spacy_model": SpacyModel(n_process=n_process),
    }


def all_assets() -> list:
    # raw_files is a plain AssetSpec (nothing materialises it), which module loading skips.
    assets = [*dg.load_assets_from_modules(MODULES), ingest.raw_files]
    return list(dg.map_asset_specs(_tag_contract_table, assets))


def _tag_contract_table(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Tables of the public contract (DATASET.md) carry its version: filter the catalog by it."""
    if spec.key.to_user_string() not in TABLES:
        return spec
    return spec.merge_attributes(tags={"contract": CONTRACT_VERSION})


def all_checks() -> list:
    return dg.load_asset_checks_from_modules(MODULES)


defs = dg.Definitions(
    assets=all_assets(),
    asset_checks=all_checks(),
    jobs=[build_everything, report_and_release],
    sensors=[raw_folder_sensor],
    resources=resources(),
)
