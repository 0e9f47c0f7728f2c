import pandera.pandas as pa
from pandera.typing import Series

from schemas._fields import REJECT_REASONS, column


class RejectedInputs(pa.DataFrameModel):
    """One row per raw file that was not accepted into documents, and why."""

    source_file: Series[str] = column(
        "VARCHAR", "Path of the raw file relative to the raw-input folder.", unique=True
    )
    reason: Series[str] = column(
        "VARCHAR",
        "Short reason code: " + ", ".join(REJECT_REASONS) + " (outside_folder: a symbolic "
        "link that leads out of the raw folder; failed: an error while reading it).",
        isin=REJECT_REASONS,
    )
    detail: Series[str] = column("VARCHAR", "What a user needs to know to fix or accept it.")

    class Config:
        strict = True
        coerce = True
