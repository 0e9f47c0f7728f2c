"""What the fork server of the multiprocess executor imports before it forks any step process
(see `local_executor` in assets/definitions.py): the code location, the modules a step needs
to open the run's Dagster instance, and what assets/preload_analysis.py loads (the model, the
stages, the language detector), so that a step process starts in a fraction of a second with
all of them. Not meant to be imported elsewhere.
"""

import contextlib
import importlib

import assets.definitions  # noqa: F401 - the point is to have them imported
import assets.preload_analysis  # noqa: F401

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
