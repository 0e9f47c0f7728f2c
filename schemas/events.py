import pandera.pandas as pa
from pandera.typing import Series

from schemas._fields import DATE_PRECISIONS, PLOVER_TYPES, column


class Events(pa.DataFrameModel):
    """One row per event reported in a sentence."""

    event_id: Series[str] = column("VARCHAR", "Stable ID of the event.", unique=True)
    doc_id: Series[str] = column("VARCHAR", "The document that reports it (documents.doc_id).")
    sentence_id: Series[int] = column(
        "INTEGER", "The sentence that reports it (sentences.sentence_id).", ge=0
    )
    event_type: Series[str] = column("VARCHAR", "PLOVER event type.", isin=PLOVER_TYPES)
    cameo_code: Series[str] = column(
        "VARCHAR",
        "CAMEO code, root (10) or finer (1041).",
        nullable=True,
        str_matches=r"^[0-9]{2,4}$",
    )
    source_actor_id: Series[str] = column("VARCHAR", "Who acts (actors.actor_id).", nullable=True)
    target_actor_id: Series[str] = column("VARCHAR", "At whom (actors.actor_id).", nullable=True)
    event_date: Series[pa.Date] = column(
        "DATE",
        "When it happened, resolved against the publication (or utterance) date.",
        nullable=True,
    )
    date_precision: Series[str] = column(
        "VARCHAR",
        "Precision of event_date: second, day, month, year or unknown.",
        isin=DATE_PRECISIONS,
    )
    status: Series[str] = column(
        "VARCHAR",
        "asserted, negated, hypothetical (considered, possible, conditional) or planned.",
        isin=("asserted", "negated", "hypothetical", "planned"),
    )
    attributed_to: Series[str] = column(
        "VARCHAR", "Who reports it (sources.source_id), e.g. a Bloomberg report.", nullable=True
    )
    trigger: Series[str] = column("VARCHAR", "The words that express the event.")
    target_basis: Series[str] = column(
        "VARCHAR",
        "stated (the sentence names the target) or inferred (the target an earlier sentence"
        " gave the same source for the same kind of event); null when there is no target.",
        nullable=True,
        isin=("stated", "inferred"),
    )
    source_basis: Series[str] = column(
        "VARCHAR",
        "stated (the sentence names the source) or inferred (an act only a state does,"
        " reported without its agent: the state the text places it in); null when there is"
        " no source.",
        nullable=True,
        isin=("stated", "inferred"),
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(name="target_basis_set_iff_target")
    def target_basis_iff_target(cls, df):
        return df["target_basis"].isna() == df["target_actor_id"].isna()

    @pa.dataframe_check(name="source_basis_set_iff_source")
    def source_basis_iff_source(cls, df):
        return df["source_basis"].isna() == df["source_actor_id"].isna()
