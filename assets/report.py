"""The published tables -> report.html and its charts, beside the tables."""

import dagster as dg

from assets.forkserver import helper_pool
from assets.io_manager import require_no_failed_steps
from assets.publish import datapackage, published_tables
from assets.resources import PublishFolder
from pipeline.publish import report as reporting
from pipeline.publish.dataset import upload


@dg.asset(group_name="publish", deps=[published_tables, datapackage], kinds={"html"})
def report(
    context: dg.AssetExecutionContext, publish_folder: PublishFolder
) -> dg.MaterializeResult:
    """report.html: events over time by type, who acts on whom, the contested figures side by
    side by claimant, and document coverage by date and outlet, as PNG charts with the numbers
    and the DuckDB query behind each. It sits in the published folder and in the release
    bundle, and opens offline in any browser."""
    require_no_failed_steps(context, "the report was")
    made = reporting.build_report(publish_folder.folder, helper_pool())
    context.log.info(f"report of {made.version} written to {made.path}")
    if publish_folder.upload_to:  # the tables went up when they were published
        upload(publish_folder.folder, publish_folder.upload_to, only=list(made.files))
    path = made.path.resolve()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "version": made.version,
            **{f"bytes/{name}": size for name, size in made.files.items()},
        }
    )
