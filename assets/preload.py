"""What the fork server of the multiprocess executor imports before it forks any step process
(see `local_executor` in assets/definitions.py): the code location, the modules a step needs
to open the run's Dagster instance, the model and stages of the default setup, and the
language detector's models for Latin-script text, so that a step process starts in a fraction
of a second with all of them. Not meant to be imported
elsewhere.
"""

import contextlib
import importlib

import assets.definitions  # noqa: F401 - the point is to have it imported
from assets.resources import Lexicons
from pipeline.extract.analyse import Setup, preload_stages
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.nlp import DEFAULT_MODEL
from pipeline.ingest.language import detect_language

# Imported lazily by DagsterInstance.from_ref, which every step process calls (a few seconds).
_STORAGE = (
    "dagster._core.storage.sqlite_storage",
    "dagster._core.storage.event_log.sqlite.sqlite_event_log",
    "dagster._core.storage.runs.sqlite.sqlite_run_storage",
    "dagster._core.storage.schedules.sqlite.sqlite_schedule_storage",
    "alembic.command",
)

for _module in _STORAGE:
    with contextlib.suppress(ImportError):  # a faster start, not a requirement
        importlib.import_module(_module)

_lexicons = Lexicons().folder  # as a step will find them, unless the run configures others
with contextlib.suppress(Exception):  # a step reports what fails, when it loads them itself
    load_lexicon(_lexicons)
preload_stages(Setup(DEFAULT_MODEL, _lexicons))
# Loads the models of every language written in the Latin script (half a second, 55 MB).
detect_language("The electoral council said on Sunday that the count would resume after a "
                "delay, and observers from several countries asked to see the tally sheets.")
