"""raw files -> buckets -> ingested documents and every per-document table.

The raw texts are split into a fixed number of buckets by a hash of their path (see
pipeline/ingest/buckets.py). Each bucket is an asset of its own, so each is a step of its own: the
executor runs them side by side (on the cores of this machine, or on the workers of a
cluster), a bucket that fails shows red and can be materialised again alone, and a changed
text makes only its bucket stale. A bucket decodes its files, parses each text once with the
spaCy model and runs every per-document stage on it (see pipeline/extract/analyse.py), caching each
file's decoding and each document's analysis by content. A bucket whose only change is new
files keeps its folder and adds them to it (pipeline/publish/tables.extend_bucket). `collect`
then merges the buckets into the corpus's tables, each checked against its contract in the
same step.
"""

import functools
import tempfile
from pathlib import Path

import dagster as dg
import pandas as pd

from assets import forkserver
from assets.checks import contract_check_spec, contract_result, output_metadata, table_metadata
from assets.ingest import raw_files
from assets.resources import AnalysisCache, Lexicons, RawFolder, SpacyModel, WorkFolder
from pipeline.extract.analyse import MAX_LOST_DOCUMENTS, Journal, Setup
from pipeline.ingest import buckets
from pipeline.publish import bucketing, tables
from pipeline.publish.parquet import TableFile

# A step process that dies is retried in a fresh one: once to go one document at a time,
# then once more for each document found to kill its process (see pipeline/analyse.Journal),
# and a last time to stop with their names.
RETRIES = MAX_LOST_DOCUMENTS + 2

_DESCRIPTIONS = {
    "sentences": "One row per sentence, with its offsets in the body and its kind.",
    "time_expressions": "Dates, durations and times, resolved against the publication (or "
    "utterance) date.",
    "actor_mentions": "Every place a body names or describes an actor.",
    "citations": "Every place a text attributes information to a source.",
    "events": "PLOVER events with canonical source and target actors, date, status and "
    "attribution.",
    "figures": "Numeric claims with value, unit, qualifier, whom they are about and who "
    "claims them.",
}


def bucket_asset(index: int, n_buckets: int) -> dg.AssetsDefinition:
    """The asset of one bucket: its raw files decoded, parsed and analysed, in its folder."""
    name = buckets.bucket_name(index)

    @dg.asset(
        name=name,
        deps=[raw_files],
        group_name="buckets",
        kinds={"spacy"},
        retry_policy=dg.RetryPolicy(max_retries=RETRIES),
        description=f"The raw texts whose path hashes to bucket {index} of {n_buckets}: "
        "decoded, parsed once with the spaCy model and analysed by every per-document stage, "
        "in a folder of Parquet files under the work folder. Unchanged since its last run, it "
        "is reused as it is.",
    )
    def _bucket(
        context: dg.AssetExecutionContext,
        raw_folder: RawFolder,
        work_folder: WorkFolder,
        spacy_model: SpacyModel,
        lexicons: Lexicons,
        analysis_cache: AnalysisCache,
    ) -> dg.Output[buckets.BucketFolder]:
        try:
            return _make_bucket(context, index, n_buckets, raw_folder, work_folder,
                                spacy_model, lexicons, analysis_cache)  # fmt: skip
        except Exception as err:  # a real error: retrying in a fresh process will not help
            raise dg.Failure(f"{name}: {type(err).__name__}: {err}", allow_retries=False) from err

    return _bucket


@functools.lru_cache(maxsize=2)
def _buckets_of_run(run_id: str, raw: Path, n_buckets: int) -> tuple[tuple[buckets.Item, ...], ...]:
    """The raw folder split into buckets once per run in a process, not once per bucket step:
    each split lists the whole folder (0.09 s at 2,000 texts, for each of 8 buckets)."""
    return tuple(tuple(items) for items in buckets.split(raw, n_buckets))


def _make_bucket(
    context: dg.AssetExecutionContext,
    index: int,
    n_buckets: int,
    raw_folder: RawFolder,
    work_folder: WorkFolder,
    spacy_model: SpacyModel,
    lexicons: Lexicons,
    analysis_cache: AnalysisCache,
) -> dg.Output[buckets.BucketFolder]:
    raw, max_bytes = raw_folder.folder, raw_folder.max_bytes
    setup = Setup(spacy_model.name, lexicons.folder)
    items = list(_buckets_of_run(context.run.run_id, raw, n_buckets)[index])
    files = buckets.digests(raw, items, max_bytes)
    fingerprint = tables.bucket_fingerprint(setup, max_bytes, n_buckets)
    folder = buckets.bucket_folder(work_folder.folder, index)
    manifest = buckets.read_manifest(folder)
    if manifest and manifest.matches(fingerprint, files):
        context.log.info(f"{len(files)} files unchanged since this bucket was made: reused")
        return _output(folder, manifest, reused=True)
    forkserver.wait_for_ahead(index)
    taken = bucketing.take_ahead(folder, fingerprint, files)
    if taken:
        context.log.info(f"{len(files)} files: made ahead of this step by the build")
        manifest, made = taken
    else:
        staged = buckets.staging(folder)
        journal = Journal(folder.with_name(f".{folder.name}.journal"), context.run.run_id)
        try:
            manifest, made = bucketing.make(
                raw, items, folder, fingerprint, files, max_bytes, lexicons.load(), setup,
                analysis_cache.folder, staged, progress=context.log.info,
                batch_size=spacy_model.batch_size, journal=journal,
            )
            buckets.replace(staged, folder)
        finally:
            buckets.discard(staged)
    for warning in made.warnings:
        context.log.warning(f"{warning['source_file']}: {warning['warning']}")
    failed = {f["doc_id"] for f in made.failures}
    return _output(folder, manifest, reused=False, failed=len(failed), ahead=bool(taken))


def _output(folder: Path, manifest: buckets.Manifest, reused: bool, failed: int = 0,
            ahead: bool = False):  # fmt: skip
    metadata = {"documents": manifest.documents, "rejected": manifest.rejected,
                "files": len(manifest.files), "reused": reused}  # fmt: skip
    if ahead:
        metadata["made_ahead"] = True
    if failed:
        metadata["documents_with_failed_stages"] = failed
    return dg.Output(buckets.BucketFolder(folder), metadata=metadata)


def collect_asset(n_buckets: int) -> dg.AssetsDefinition:
    """The asset that merges every bucket into the corpus's tables."""
    names = [buckets.bucket_name(i) for i in range(n_buckets)]

    @dg.multi_asset(
        outs={
            "ingested_documents": dg.AssetOut(
                description="One row per accepted text, with what its header states: title, "
                "outlet, url, publication date, and the clean body.",
                metadata=table_metadata("documents"),
                group_name="ingest",
            ),
            "rejected_inputs": dg.AssetOut(
                description="Every raw file that was not accepted, and why.",
                metadata=table_metadata("rejected_inputs"),
                group_name="ingest",
            ),
            **{
                name: dg.AssetOut(description=text, metadata=table_metadata(name),
                                  group_name="analyse")  # fmt: skip
                for name, text in _DESCRIPTIONS.items()
            },
            "new_actors": dg.AssetOut(
                description="Actors the lexicon does not know, found by the NER model.",
                group_name="analyse",
            ),
            "inferred_dates": dg.AssetOut(
                description="Publication dates inferred from the content of undated documents.",
                group_name="analyse",
            ),
            "text_sketches": dg.AssetOut(
                description="Per document, what duplicate detection compares: hashes of its "
                "content words, names and word n-grams (see pipeline/extract/sketches.py).",
                group_name="analyse",
            ),
        },
        ins={name: dg.AssetIn(name) for name in names},
        check_specs=[contract_check_spec(t) for t in ("rejected_inputs", *_DESCRIPTIONS)],
        name="collect",
    )
    def collect(context: dg.AssetExecutionContext, work_folder: WorkFolder, **folders):
        """Merge every bucket into the corpus: documents in file order, a text that repeats
        an earlier file's rejected as a duplicate, each per-document table in doc_id order."""
        paths = [folders[name].path for name in names]
        work = work_folder.folder
        work.mkdir(parents=True, exist_ok=True)
        # The tables are written here, then moved into the work folder by TableStore.
        with tempfile.TemporaryDirectory(prefix=".collecting-", dir=work) as staging:
            merged = tables.merge_buckets(paths, Path(staging))
            yield from _collected(context, merged)
        buckets.sweep(work, n_buckets)

    return collect


def _collected(context: dg.AssetExecutionContext, merged: tables.Merged):
    documents, rejected, result = merged.documents, merged.rejected, merged.analysed
    context.log.info(f"{len(documents)} documents accepted, {len(rejected)} rejected")
    metadata = output_metadata(documents.drop(columns="body"))
    if merged.warnings:
        metadata["header_warnings"] = len(merged.warnings)
        metadata["header_warnings_list"] = dg.MetadataValue.md(
            pd.DataFrame(merged.warnings).head(50).to_markdown(index=False)
        )
    yield dg.Output(documents, output_name="ingested_documents", metadata=metadata)
    yield dg.Output(rejected, output_name="rejected_inputs", metadata=output_metadata(rejected))
    yield contract_result("rejected_inputs", rejected)
    for name in _DESCRIPTIONS:
        table: TableFile = result.tables[name]
        check = contract_result(name, table)  # before TableStore moves the file
        yield dg.Output(table, output_name=name,
                        metadata=output_metadata(table, result.failed(name)))  # fmt: skip
        yield check
    sketched = {"dagster/row_count": result.sketches.rows, **_failed(result, "duplicates")}
    yield dg.Output(result.sketches, output_name="text_sketches", metadata=sketched)
    yield dg.Output(tables.new_actor_frame(result.new_actors), output_name="new_actors")
    dates = pd.DataFrame(
        [(doc_id, date, precision) for doc_id, (date, precision) in result.inferred_dates.items()],
        columns=["doc_id", "published_date", "date_precision"],
    )
    yield dg.Output(dates, output_name="inferred_dates", metadata=_failed(result, "documents"))


def _failed(result: tables.Analysed, stage: str) -> dict:
    """How many documents the stage skipped, if any."""
    failed = result.failed(stage)
    return {"documents_failed": len(failed)} if failed else {}
