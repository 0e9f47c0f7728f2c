"""Every checked table -> the published dataset: Parquet, datapackage.json, DuckDB views."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

from assets.resources import PublishFolder
from pipeline.publish import dataset as publishing
from schemas import TABLES


@dg.asset(
    group_name="publish",
    ins={name: dg.AssetIn(name, input_manager_key="table_files") for name in TABLES},
)
def all_tables(**tables: Path) -> dg.MaterializeResult:
    """The ten tables of the contract together, as they are about to be published. The checks
    across tables run on it (assets/checks.py): keys_resolve blocks publishing when a table
    refers to a row that does not exist; the warnings show figures an analyst should look at."""
    rows = {name: pq.read_metadata(path).num_rows for name, path in tables.items()}
    return dg.MaterializeResult(metadata={f"rows/{name}": n for name, n in rows.items()})

published_tables = dg.AssetSpec(
    "published_tables",
    description="One Parquet file per table in the PublishFolder, with the codebook README.md.",
    group_name="publish",
    kinds={"parquet"},
)
datapackage = dg.AssetSpec(
    "datapackage",
    description="datapackage.json: a Frictionless Data Package of every table, with checksums.",
    group_name="publish",
    deps=[published_tables],
)
duckdb_database = dg.AssetSpec(
    "duckdb_database",
    description="actas.duckdb: a DuckDB database with a view over each Parquet file.",
    group_name="publish",
    kinds={"duckdb"},
    deps=[published_tables],
)


@dg.multi_asset(
    specs=[published_tables.replace_attributes(deps=[*TABLES, "all_tables"]), datapackage,
           duckdb_database],  # fmt: skip
    ins={name: dg.AssetIn(name, input_manager_key="table_files") for name in TABLES},
)
def publish(
    context: dg.AssetExecutionContext, publish_folder: PublishFolder, **tables: Path
) -> Iterator[dg.MaterializeResult]:
    """Copy every checked table's file to a staging folder, then swap it in for the published
    one at once."""
    result = publishing.publish(tables, publish_folder.folder)
    context.log.info(f"published {sum(result.rows.values())} rows to {result.folder}")
    if publish_folder.upload_to:
        files = publishing.upload(result.folder, publish_folder.upload_to)
        context.log.info(f"uploaded {len(files)} files to {publish_folder.upload_to}")
    yield dg.MaterializeResult(
        asset_key="published_tables",
        metadata={
            "folder": str(result.folder.resolve()),
            **{f"rows/{k}": v for k, v in result.rows.items()},
        },
    )
    yield dg.MaterializeResult(
        asset_key="datapackage", metadata={"path": str(result.folder / "datapackage.json")}
    )
    yield dg.MaterializeResult(
        asset_key="duckdb_database", metadata={"path": str(result.folder / publishing.DATABASE)}
    )
