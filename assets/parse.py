"""ingested_documents -> every per-document table, parsed and analysed in one pass on all cores.

Parsing is the expensive step, so it happens once per document and per setup: the spaCy
model and every per-document stage run together in worker processes, and each document's
result is cached by content (see pipeline/analyse.py). The tables come out as assets of
their own, so the lineage shows what each holds.
"""

import tempfile
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.checks import contract_check, output_metadata, table_metadata
from assets.resources import AnalysisCache, Lexicons, SpacyModel
from pipeline import tables
from pipeline.analyse import Setup

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


@dg.multi_asset(
    outs={
        **{
            name: dg.AssetOut(description=text, metadata=table_metadata(name))
            for name, text in _DESCRIPTIONS.items()
        },
        "new_actors": dg.AssetOut(
            description="Actors the lexicon does not know, found by the NER model."
        ),
        "inferred_dates": dg.AssetOut(
            description="Publication dates inferred from the content of undated documents."
        ),
        "text_sketches": dg.AssetOut(
            description="Per document, what duplicate detection compares: hashes of its "
            "content words, names and word n-grams (see pipeline/sketches.py)."
        ),
    },
    group_name="analyse",
    compute_kind="spacy",
)
def analyse(
    context: dg.AssetExecutionContext,
    ingested_documents: pd.DataFrame,
    datelines: pd.DataFrame,
    spacy_model: SpacyModel,
    lexicons: Lexicons,
    analysis_cache: AnalysisCache,
):
    """Parse every body once with the spaCy model and run each per-document stage on it."""
    setup = Setup(spacy_model.name, lexicons.folder)
    cache = analysis_cache.folder
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    # The tables are streamed to files here, then moved into the work folder by TableStore.
    with tempfile.TemporaryDirectory(prefix=".analysing-", dir=cache) as staging:
        result = tables.analyse(
            ingested_documents, setup, cache, Path(staging), spacy_model.n_process,
            progress=context.log.info, batch_size=spacy_model.batch_size,
            datelines=tables.dateline_days(datelines),
        )  # fmt: skip
        for name in _DESCRIPTIONS:
            table = result.tables[name]
            metadata = output_metadata(table, result.failed(name))
            yield dg.Output(table, output_name=name, metadata=metadata)
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


sentences_check = contract_check("sentences")
time_expressions_check = contract_check("time_expressions")
actor_mentions_check = contract_check("actor_mentions")
citations_check = contract_check("citations")
events_check = contract_check("events")
figures_check = contract_check("figures")
