import pandera.pandas as pa
from pandera.typing import Series

from schemas._fields import SOURCE_TYPES, column


class Sources(pa.DataFrameModel):
    """One row per source information is attributed to: outlets, agencies, officials."""

    source_id: Series[str] = column(
        "VARCHAR",
        "Stable slug of the source.",
        unique=True,
        str_matches=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    )
    name: Series[str] = column("VARCHAR", "Canonical name, e.g. The Associated Press.")
    source_type: Series[str] = column(
        "VARCHAR",
        "outlet, news_agency, government, official, organization, person or anonymous.",
        isin=SOURCE_TYPES,
    )
    aliases: Series[object] = column(
        "VARCHAR[]", "Other names of the source: AP, Associated Press."
    )

    class Config:
        strict = True
        coerce = True
