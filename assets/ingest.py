"""raw files -> ingested_documents (and rejected_inputs)."""

import dagster as dg
import pandas as pd

from assets.checks import contract_check, output_metadata, table_metadata
from assets.resources import AnalysisCache, Lexicons, RawFolder
from pipeline import tables

raw_files = dg.AssetSpec(
    "raw_files",
    description="The raw news texts (.txt, .md, .html) in the RawFolder resource's folder "
    "(data/raw, or ACTAS_RAW_DIR). raw_folder_sensor watches it and starts build_everything "
    "when a text is added, changed or removed.",
    group_name="ingest",
)


@dg.multi_asset(
    outs={
        "ingested_documents": dg.AssetOut(
            description="One row per accepted text, with what its header states: title, "
            "outlet, url, publication date, and the clean body.",
            metadata=table_metadata("documents"),
        ),
        "rejected_inputs": dg.AssetOut(
            description="Every raw file that was not accepted, and why.",
            metadata=table_metadata("rejected_inputs"),
        ),
        "datelines": dg.AssetOut(
            description="Month and day of each undated document's dateline that gives no "
            "year ('March 4 (Reuters) -'): the publication day, once its content fixes the year."
        ),
    },
    deps=[raw_files],
    group_name="ingest",
)
def ingest(
    context: dg.AssetExecutionContext,
    raw_folder: RawFolder,
    lexicons: Lexicons,
    analysis_cache: AnalysisCache,
) -> tuple[dg.Output[pd.DataFrame], dg.Output[pd.DataFrame], dg.Output[pd.DataFrame]]:
    """Decode each raw file, split its header from its body, or record why it was rejected.
    Files seen before, byte for byte, are not decoded again."""
    cache = tables.IngestCache(analysis_cache.folder) if analysis_cache.folder else None
    datelines: dict[str, tuple[int, int]] = {}
    documents, rejected, warnings = tables.ingest_folder(
        raw_folder.folder, raw_folder.max_bytes, lexicons.load(), cache, datelines
    )
    context.log.info(f"{len(documents)} documents accepted, {len(rejected)} rejected")
    metadata = output_metadata(documents.drop(columns="body"))
    if warnings:
        for w in warnings:
            context.log.warning(f"{w['source_file']}: {w['warning']}")
        metadata["header_warnings"] = len(warnings)
        metadata["header_warnings_list"] = dg.MetadataValue.md(
            pd.DataFrame(warnings).head(50).to_markdown(index=False)
        )
    return (
        dg.Output(documents, metadata=metadata),
        dg.Output(rejected, metadata=output_metadata(rejected)),
        dg.Output(tables.dateline_frame(datelines)),
    )


rejected_inputs_check = contract_check("rejected_inputs")
