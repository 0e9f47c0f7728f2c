from pandera.typing import Series

from schemas._fields import InBody, column


class TimeExpressions(InBody):
    """One row per expression of time, normalised to ISO 8601."""

    value: Series[str] = column(
        "VARCHAR",
        "ISO 8601 value: 2024-07-29, 2024-08, 2024, 2024-W31, P3Y; null if unresolved.",
        nullable=True,
    )
    timex_type: Series[str] = column(
        "VARCHAR", "DATE, DURATION, SET or TIME.", isin=("DATE", "DURATION", "SET", "TIME")
    )
    anchor: Series[str] = column(
        "VARCHAR",
        "What a relative expression was resolved against: publication (the publication date) or"
        " utterance (the day the quoted words were said).",
        isin=("publication", "utterance"),
    )

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "start", "end"]
