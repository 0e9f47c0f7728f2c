"""Every checked table -> the published dataset: Parquet, datapackage.json, DuckDB views."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from assets.resources import PublishFolder
from pipeline.publish import dataset as publishing
from schemas import TABLES

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
    specs=[published_tables.replace_attributes(deps=list(TABLES)), datapackage, duckdb_database],
    ins={name: dg.AssetIn(name, input_manager_key="table_files") for name in TABLES},
)
def publish(
    context: dg.AssetExecutionContext, publish_folder: PublishFolder, **tables: Path
) -> Iterator[dg.MaterializeResult]:
    """Copy every checked table's file to a staging folder, then swap it in for the published
    one at once."""
    result = publishing.publish(tables, publish_folder.folder)
    context.log.info(f"published {sum(result.rows.values())} rows to {result.folder}")
    if publish_folder.upload_url:
        files = publishing.upload(result.folder, publish_folder.upload_url)
        context.log.info(f"uploaded {len(files)} files to {publish_folder.upload_url}")
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
