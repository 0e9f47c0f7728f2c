"""The published tables' pandera models: the contract of DATASET.md, written once.

``TABLES`` maps each table name to its model, in the order the codebook lists them.
"""

import pandera.pandas as pa

from schemas.actor_mentions import ActorMentions
from schemas.actors import Actors
from schemas.citations import Citations
from schemas.documents import Documents
from schemas.events import Events
from schemas.figures import Figures
from schemas.rejected_inputs import RejectedInputs
from schemas.sentences import Sentences
from schemas.sources import Sources
from schemas.time_expressions import TimeExpressions

TABLES: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "sentences": Sentences,
    "actors": Actors,
    "actor_mentions": ActorMentions,
    "events": Events,
    "figures": Figures,
    "sources": Sources,
    "citations": Citations,
    "time_expressions": TimeExpressions,
    "rejected_inputs": RejectedInputs,
}

CONTRACT_VERSION = "1.0.0"

__all__ = ["CONTRACT_VERSION", "TABLES"]
