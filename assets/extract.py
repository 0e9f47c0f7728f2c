"""parsed documents -> time expressions, actors, sources and citations, events, figures."""

import dagster as dg
import pandas as pd

from assets.checks import contract_check, output_metadata, table_metadata
from assets.resources import Lexicons, SpacyModel
from pipeline import tables


def _out(table: str, description: str) -> dg.AssetOut:
    return dg.AssetOut(description=description, metadata=table_metadata(table))


@dg.asset(group_name="extract", metadata=table_metadata("time_expressions"))
def time_expressions(
    ingested_documents: pd.DataFrame, parsed_documents: bytes, spacy_model: SpacyModel
) -> dg.Output[pd.DataFrame]:
    """Dates, durations and times, resolved against the publication (or utterance) date."""
    failures = tables.Failures()
    df = tables.build_time_expressions(
        ingested_documents, spacy_model.load_docs(parsed_documents), failures
    )
    return dg.Output(df, metadata=output_metadata(df, failures))


@dg.multi_asset(
    outs={
        "actors": _out("actors", "One row per canonical actor across all documents."),
        "actor_mentions": _out("actor_mentions", "Every place a body names or describes an actor."),
    },
    group_name="extract",
)
def actor_tables(
    ingested_documents: pd.DataFrame,
    parsed_documents: bytes,
    spacy_model: SpacyModel,
    lexicons: Lexicons,
) -> tuple[dg.Output[pd.DataFrame], dg.Output[pd.DataFrame]]:
    """Actors from the lexicon (names and descriptions) and new ones the NER model finds."""
    failures = tables.Failures()
    actors, mentions = tables.build_actor_tables(
        ingested_documents, spacy_model.load_docs(parsed_documents), lexicons.load(), failures
    )
    return (
        dg.Output(actors, metadata=output_metadata(actors)),
        dg.Output(mentions, metadata=output_metadata(mentions, failures)),
    )


@dg.multi_asset(
    outs={
        "sources": _out("sources", "Outlets, agencies and others that information is credited to."),
        "citations": _out("citations", "Every place a text attributes information to a source."),
    },
    group_name="extract",
)
def source_tables(
    ingested_documents: pd.DataFrame,
    parsed_documents: bytes,
    spacy_model: SpacyModel,
    lexicons: Lexicons,
) -> tuple[dg.Output[pd.DataFrame], dg.Output[pd.DataFrame]]:
    """Citations of the sources lexicon's outlets and of anonymous sources."""
    failures = tables.Failures()
    sources, citations = tables.build_source_tables(
        ingested_documents, spacy_model.load_docs(parsed_documents), lexicons.load(), failures
    )
    return (
        dg.Output(sources, metadata=output_metadata(sources)),
        dg.Output(citations, metadata=output_metadata(citations, failures)),
    )


@dg.asset(group_name="extract", metadata=table_metadata("events"))
def events(
    ingested_documents: pd.DataFrame,
    parsed_documents: bytes,
    actors: pd.DataFrame,
    actor_mentions: pd.DataFrame,
    time_expressions: pd.DataFrame,
    citations: pd.DataFrame,
    spacy_model: SpacyModel,
    lexicons: Lexicons,
) -> dg.Output[pd.DataFrame]:
    """PLOVER events with canonical source and target actors, date, status and attribution."""
    failures = tables.Failures()
    df = tables.build_events(
        ingested_documents,
        spacy_model.load_docs(parsed_documents),
        actors,
        actor_mentions,
        time_expressions,
        citations,
        lexicons.load(),
        failures,
    )
    return dg.Output(df, metadata=output_metadata(df, failures))


@dg.asset(group_name="extract", metadata=table_metadata("figures"))
def figures(
    ingested_documents: pd.DataFrame,
    parsed_documents: bytes,
    actor_mentions: pd.DataFrame,
    citations: pd.DataFrame,
    spacy_model: SpacyModel,
) -> dg.Output[pd.DataFrame]:
    """Numeric claims with value, unit, qualifier, whom they are about and who claims them."""
    failures = tables.Failures()
    df = tables.build_figures(
        ingested_documents,
        spacy_model.load_docs(parsed_documents),
        actor_mentions,
        citations,
        failures,
    )
    return dg.Output(df, metadata=output_metadata(df, failures))


time_expressions_check = contract_check("time_expressions")
actors_check = contract_check("actors")
actor_mentions_check = contract_check("actor_mentions")
sources_check = contract_check("sources")
citations_check = contract_check("citations")
events_check = contract_check("events")
figures_check = contract_check("figures")
