from pandera.typing import Series

from schemas._fields import InBody, column


class Sentences(InBody):
    """One row per sentence of a document's body."""

    kind: Series[str] = column(
        "VARCHAR",
        "body, quote (mostly a direct quotation) or caption (a photo caption).",
        isin=("body", "quote", "caption"),
    )

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "sentence_id"]
