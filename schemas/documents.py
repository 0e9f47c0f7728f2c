import pandera.pandas as pa
from pandera.typing import Series

from schemas._fields import DATE_PRECISIONS, column
from schemas.arrow_strings import is_in


class Documents(pa.DataFrameModel):
    """One row per accepted input text."""

    doc_id: Series[str] = column(
        "VARCHAR", "Stable ID derived from the text's content, not its file name.", unique=True
    )
    source_file: Series[str] = column(
        "VARCHAR", "Path of the raw file relative to the raw-input folder.", unique=True
    )
    title: Series[str] = column("VARCHAR", "Headline, if the text has one.", nullable=True)
    outlet_id: Series[str] = column(
        "VARCHAR",
        "The publisher (sources.source_id), where the text says it; for agency copy that names"
        " no other publisher, the agency.",
        nullable=True,
    )
    agency_id: Series[str] = column(
        "VARCHAR",
        "The news agency whose copy the text runs (sources.source_id), where the text says so:"
        " an agency tag in the dateline, a source label or credit line.",
        nullable=True,
    )
    url: Series[str] = column("VARCHAR", "Where the text came from, if known.", nullable=True)
    published_at: Series[pa.DateTime] = column(
        "TIMESTAMP", "Publication time, when the text states one.", nullable=True
    )
    published_date: Series[pa.Date] = column(
        "DATE",
        "Publication day: stated, or inferred from the content (see date_basis).",
        nullable=True,
    )
    date_precision: Series[str] = column(
        "VARCHAR",
        "Precision of published_date: second, day, month, year or unknown.",
        isin=DATE_PRECISIONS,
    )
    date_basis: Series[str] = column(
        "VARCHAR",
        "stated (a header or dateline), inferred (reasoned from the content) or none.",
        isin=("stated", "inferred", "none"),
    )
    language: Series[str] = column("VARCHAR", "ISO 639-1 language code.", str_length=2)
    n_words: Series[int] = column("INTEGER", "Words in body.", ge=0)
    body: Series[str] = column(
        "VARCHAR",
        "Article text without headers, datelines, credits, site boilerplate and reader comments;"
        " all character offsets in other tables index into it.",
        str_length={"min_value": 1},
    )
    duplicate_of: Series[str] = column(
        "VARCHAR", "The earlier document this one repeats or paraphrases, if any.", nullable=True
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(name="date_basis_none_iff_no_date")
    def date_basis_matches_date(cls, df):
        return (df["date_basis"] == "none") == df["published_date"].isna()

    @pa.dataframe_check(name="duplicate_of_is_another_document")
    def duplicate_of_known(cls, df):
        dup = df["duplicate_of"]
        return dup.isna() | (is_in(dup, df["doc_id"]) & (dup != df["doc_id"]))
