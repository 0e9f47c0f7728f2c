"""The published dataset -> a versioned release bundle and the releases.json index."""

import dagster as dg

from assets.io_manager import require_no_failed_steps
from assets.publish import datapackage, duckdb_database, published_tables
from assets.report import report
from assets.resources import PublishFolder, ReleaseFolder
from pipeline.publish import release as releasing


@dg.asset(
    group_name="publish",
    deps=[published_tables, datapackage, duckdb_database, report],
    kinds={"zip"},
)
def release(
    context: dg.AssetExecutionContext, publish_folder: PublishFolder, release_folder: ReleaseFolder
) -> dg.MaterializeResult:
    """actas-<version>.zip: the tables, datapackage.json, codebook, views.sql, the report and
    SHA256SUMS.

    The version is the contract's plus a hash of the tables, and the same tables give the
    same bytes. `actas download` fetches, verifies and unpacks it.
    """
    require_no_failed_steps(context, "the release was")
    releases = release_folder.folder_for(publish_folder.folder)
    bundle = releasing.build_release(publish_folder.folder, releases)
    context.log.info(f"released {bundle.version} as {bundle.path}")
    return dg.MaterializeResult(
        metadata={
            "version": bundle.version,
            "path": str(bundle.path.resolve()),
            "bytes": bundle.bytes,
            "sha256": bundle.sha256,
            "index": str((releases / releasing.INDEX).resolve()),
        },
        data_version=dg.DataVersion(bundle.sha256),
    )
