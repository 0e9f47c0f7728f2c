"""Field helpers shared by the table models: each field states its contract type once."""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
DATE_PRECISIONS = ("second", "day", "month", "year", "unknown")
ACTOR_TYPES = ("person", "organization", "government", "country", "group")
SOURCE_TYPES = (
    "outlet",
    "news_agency",
    "government",
    "official",
    "organization",
    "person",
    "anonymous",
)
# Why a raw file was not accepted (rejected_inputs.reason); a new reason is an additive change.
REJECT_REASONS = (
    "too_large",
    "empty",
    "binary",
    "undecodable",
    "html_without_article",
    "not_english",
    "duplicate",
    "unreadable",
    "outside_folder",
    "failed",
)


def column(sql: str, description: str, *, nullable: bool = False, **checks: Any) -> Any:
    """A pandera field carrying its SQL type (for Parquet, DuckDB, datapackage) and meaning."""
    return pa.Field(description=description, nullable=nullable, metadata={"sql": sql}, **checks)


class InBody(pa.DataFrameModel):
    """Columns of every row that points at a stretch of a document's body."""

    doc_id: pa.typing.Series[str] = column("VARCHAR", "The document (documents.doc_id).")
    sentence_id: pa.typing.Series[int] = column(
        "INTEGER", "The sentence (sentences.sentence_id within the document).", ge=0
    )
    start: pa.typing.Series[int] = column(
        "INTEGER", "Offset of the first character in documents.body.", ge=0
    )
    end: pa.typing.Series[int] = column(
        "INTEGER", "Offset after the last character in documents.body.", ge=0
    )
    text: pa.typing.Series[str] = column("VARCHAR", "The exact words, as they stand in body.")

    @pa.dataframe_check(name="span_is_not_empty")
    def span_is_not_empty(cls, df):
        return df["end"] > df["start"]

    @pa.dataframe_check(name="text_length_matches_span")
    def text_matches_span(cls, df):
        return df["text"].str.len() == df["end"] - df["start"]
