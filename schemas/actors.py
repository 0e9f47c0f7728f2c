import pandera.pandas as pa
from pandera.typing import Series

from schemas._fields import ACTOR_TYPES, column


class Actors(pa.DataFrameModel):
    """One row per real-world actor, across all documents."""

    actor_id: Series[str] = column(
        "VARCHAR", "Stable slug of the actor.", unique=True, str_matches=r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )
    name: Series[str] = column("VARCHAR", "Canonical name, with its proper diacritics.")
    actor_type: Series[str] = column(
        "VARCHAR", "person, organization, government, country or group.", isin=ACTOR_TYPES
    )
    country_code: Series[str] = column(
        "VARCHAR",
        "ISO 3166-1 alpha-3 code of the country the actor belongs to or is.",
        nullable=True,
        str_matches=r"^[A-Z]{3}$",
    )
    role: Series[str] = column(
        "VARCHAR", "Role in the coverage, e.g. President of Venezuela.", nullable=True
    )
    wikidata_id: Series[str] = column(
        "VARCHAR", "Wikidata QID, e.g. Q57413.", nullable=True, str_matches=r"^Q[0-9]+$"
    )
    aliases: Series[object] = column("VARCHAR[]", "Every surface form seen or known for the actor.")
    n_mentions: Series[int] = column(
        "INTEGER", "Mentions across all documents; 0 for an actor that only an event or a figure "
        "names, through a demonym or a capital ('Burkinabe troops').", ge=0,
    )  # fmt: skip
    n_documents: Series[int] = column(
        "INTEGER", "Documents that mention the actor (or, at 0 mentions, refer to it).", ge=1
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("aliases", name="aliases_are_lists_of_text")
    def aliases_are_lists(cls, s):
        return s.map(lambda v: hasattr(v, "__iter__") and all(isinstance(a, str) for a in v))
