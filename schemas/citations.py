from pandera.typing import Series

from schemas._fields import InBody, column


class Citations(InBody):
    """One row per place a text attributes information to a source."""

    source_id: Series[str] = column("VARCHAR", "The source cited (sources.source_id).")

    class Config:
        strict = True
        coerce = True
