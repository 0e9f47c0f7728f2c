import pandera.pandas as pa
from pandera.typing import Series

from schemas._fields import InBody, column


class Figures(InBody):
    """One row per numeric figure stated in a text, with whom it is about and who claims it."""

    figure_id: Series[str] = column("VARCHAR", "Stable ID of the figure.", unique=True)
    value: Series[float] = column(
        "DOUBLE", "The number, scaled: 6200000.0 for 6.2 million; 0.6667 for two-thirds."
    )
    unit: Series[str] = column(
        "VARCHAR",
        "What is counted, singular and lower-case: vote, person, percent, USD, fraction.",
        str_matches=r"^[^A-Z]+$|^[A-Z]{3}$",
    )
    qualifier: Series[str] = column(
        "VARCHAR",
        "exact, approximately, more_than, less_than, at_least or at_most.",
        isin=("exact", "approximately", "more_than", "less_than", "at_least", "at_most"),
    )
    subject_actor_id: Series[str] = column(
        "VARCHAR", "Whom the figure is about (actors.actor_id), e.g. whose votes.", nullable=True
    )
    claimant_id: Series[str] = column(
        "VARCHAR", "Who states it: an actors.actor_id or a sources.source_id.", nullable=True
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("value", name="value_is_finite")
    def value_is_finite(cls, s):
        return s.abs() < float("inf")
