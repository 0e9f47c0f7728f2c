"""The steps that need every document: canonical actors, sources, and finished documents."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.checks import checked, contract_check_spec, table_metadata
from assets.resources import Lexicons
from pipeline.publish import tables


@dg.asset(
    group_name="extract",
    metadata=table_metadata("actors"),
    check_specs=[contract_check_spec("actors")],
    ins={
        "actor_mentions": dg.AssetIn(metadata={"columns": ["doc_id", "actor_id", "text"]}),
        "events": dg.AssetIn(
            metadata={"columns": ["doc_id", "source_actor_id", "target_actor_id"]}
        ),
        "figures": dg.AssetIn(metadata={"columns": ["doc_id", "subject_actor_id", "claimant_id"]}),
    },
)
def actors(
    actor_mentions: pd.DataFrame,
    events: pd.DataFrame,
    figures: pd.DataFrame,
    new_actors: pd.DataFrame,
    lexicons: Lexicons,
) -> Iterator:
    """One row per canonical actor across all documents: lexicon actors and those the NER
    model found, each with every form seen or known, and every actor an event or a figure
    refers to."""
    lexicon = lexicons.load()
    sources = [s.source_id for s in lexicon.sources]
    references = tables.actor_references(events, figures, sources)
    new = tables.new_actors_from(new_actors)
    df = tables.build_actors(actor_mentions, new, lexicon, references)
    yield from checked("actors", df)


@dg.asset(
    group_name="extract",
    metadata=table_metadata("sources"),
    check_specs=[contract_check_spec("sources")],
)
def sources(
    citations: pd.DataFrame, ingested_documents: pd.DataFrame, lexicons: Lexicons
) -> Iterator:
    """Outlets, agencies and others that information is credited to, or that published."""
    df = tables.build_sources(citations, ingested_documents, lexicons.load())
    yield from checked("sources", df)


@dg.asset(
    group_name="extract",
    metadata=table_metadata("documents"),
    check_specs=[contract_check_spec("documents")],
    ins={"text_sketches": dg.AssetIn(input_manager_key="table_files")},
)
def documents(
    ingested_documents: pd.DataFrame, inferred_dates: pd.DataFrame, text_sketches: Path
) -> Iterator:
    """One row per accepted text: title, outlet, dates (stated, or inferred from the content),
    the clean body, and the earlier document it repeats, if any."""
    inferred = {
        r.doc_id: (r.published_date, r.date_precision)
        for r in inferred_dates.itertuples(index=False)
    }
    df = tables.finish_documents(ingested_documents, inferred, tables.read_sketches(text_sketches))
    yield from checked("documents", df, shown=df.drop(columns="body"))
