"""The published tables' pandera models: the contract of DATASET.md, written once.

``TABLES`` maps each table name to its model, in the order the codebook lists them.
"""

import sys
import types

import pandera.pandas as pa
import pandera.typing

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


def _lookups_without_dask() -> None:
    """The first time pandera builds a model's schema, it collects the dataframe, series and
    index types of every backend installed, and for Dask (installed for the Dask executor)
    that imports `dask.dataframe`: 0.7 s in each process, for types these pandas models never
    use. Fill those lookups (cached for the process) with Dask's typing hidden, then unhide it."""
    if "dask.dataframe" in sys.modules or "pandera.typing.dask" in sys.modules:
        return
    hidden = types.ModuleType("pandera.typing.dask")
    hidden.DASK_INSTALLED = False  # type: ignore[attr-defined]
    sys.modules[hidden.__name__] = hidden
    try:
        pandera.typing.get_dataframe_types()
        pandera.typing.get_series_types()
        pandera.typing.get_index_types()
    finally:
        del sys.modules[hidden.__name__]


def _checks_without_hypothesis() -> None:
    """pandera's built-in checks import its data-generation strategies, which import
    hypothesis when it is installed (for our tests): a quarter of a second in each process
    that checks a table, for strategies actas never uses. Import them with hypothesis hidden;
    pandera then has no strategies in this process, unless hypothesis was imported first."""
    if "hypothesis" in sys.modules or "pandera.backends.pandas.builtin_checks" in sys.modules:
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # importing it raises ImportError
    try:
        import pandera.backends.pandas.builtin_checks  # noqa: F401
    finally:
        del sys.modules["hypothesis"]


_lookups_without_dask()
_checks_without_hypothesis()

__all__ = ["CONTRACT_VERSION", "TABLES"]
