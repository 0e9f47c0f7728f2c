"""The one Definitions object: every asset, check, resource and job of actas.

Paths default to the repository layout and can be changed with ACTAS_RAW_DIR,
ACTAS_PUBLISH_DIR, ACTAS_WORK_DIR, ACTAS_LEXICON_DIR and ACTAS_RELEASE_DIR. Release bundles go
to a `releases` folder beside the published one unless ACTAS_RELEASE_DIR says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from assets import extract, ingest, parse, publish, release
from assets.io_manager import TableStore
from assets.release import ReleaseFolder
from assets.resources import AnalysisCache, Lexicons, PublishFolder, RawFolder, SpacyModel
from pipeline.ingest import DEFAULT_MAX_BYTES

MODULES = [ingest, parse, extract, publish, release]

build_everything = dg.define_asset_job(
    "build_everything",
    selection=dg.AssetSelection.all(),
    description="Ingest every raw text, extract all tables, check them and publish.",
)


def resources(
    raw_dir: str | None = None,
    publish_dir: str | None = None,
    work_dir: str | None = None,
    lexicon_dir: str | None = None,
    n_process: int = 1,
    release_dir: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict:
    env = os.environ.get
    publish_dir = publish_dir or env("ACTAS_PUBLISH_DIR", "data/published")
    work_dir = work_dir or env("ACTAS_WORK_DIR", "data/work")
    release_dir = (
        release_dir or env("ACTAS_RELEASE_DIR") or str(Path(publish_dir).parent / "releases")
    )
    return {
        "raw_folder": RawFolder(
            path=raw_dir or env("ACTAS_RAW_DIR", "data/raw"), max_bytes=max_bytes
        ),
        "publish_folder": PublishFolder(path=publish_dir),
        "release_folder": ReleaseFolder(path=release_dir),
        "io_manager": TableStore(base_dir=work_dir),
        "analysis_cache": AnalysisCache(path=str(Path(work_dir) / "cache")),
        "lexicons": Lexicons(path=lexicon_dir or env("ACTAS_LEXICON_DIR", "data/lexicons")),
        "spacy_model": SpacyModel(n_process=n_process),
    }


def all_assets() -> list:
    return dg.load_assets_from_modules(MODULES)


def all_checks() -> list:
    return dg.load_asset_checks_from_modules(MODULES)


defs = dg.Definitions(
    assets=all_assets(),
    asset_checks=all_checks(),
    jobs=[build_everything],
    resources=resources(),
)
