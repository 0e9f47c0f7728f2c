"""A sensor on the raw folder: when its texts change, a run of `build_everything` starts.

The sensor lists the RawFolder's text files every SENSOR_INTERVAL seconds and keeps a digest
of their (relative path, size, modification time) in its cursor. When the digest changes it
requests one run of `build_everything`; that run reuses the per-document work of unchanged
texts, so in effect it processes the new or changed ones (and drops removed ones).

It runs by default, which is safe because:
- its first look only records what is there, so starting `dagster dev` starts no run;
- it waits while any run is queued or in progress, so its run never races another run for
  the published folder, and while a file was modified in the last SETTLE_SECONDS, so a text
  still being copied is not read half-written;
- one change gives one run (the run key counts the runs it requested).
Stop it in the UI (Automation) to build only by hand.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import dagster as dg

from assets.resources import RawFolder
from pipeline.ingest.files import RawFolderError, list_raw_files

SENSOR_INTERVAL = 15
SETTLE_SECONDS = 5
BUSY = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]

Listing = list[tuple[str, int, int]]  # relative path, bytes, modification time in ns


def raw_listing(raw_dir: Path) -> Listing:
    """The folder's text files, as ingest sees them, with their sizes and times."""
    listing = []
    for path in list_raw_files(raw_dir):
        stat = path.stat()
        listing.append((path.relative_to(raw_dir).as_posix(), stat.st_size, stat.st_mtime_ns))
    return listing


def listing_digest(listing: Listing) -> str:
    return hashlib.sha256(json.dumps(sorted(listing)).encode()).hexdigest()[:16]


def settling(listing: Listing, now_ns: int) -> bool:
    """Whether some file changed so recently that it may still be being written (a time in
    the future, from a skewed clock, does not count, or the sensor would wait forever)."""
    return any(0 <= now_ns - mtime < SETTLE_SECONDS * 1_000_000_000 for _, _, mtime in listing)


def read_cursor(cursor: str | None) -> tuple[str | None, int]:
    """The digest the sensor last acted on and how many runs it has requested."""
    if not cursor:
        return None, 0
    state = json.loads(cursor)
    return state["digest"], state["runs"]


def write_cursor(digest: str, runs: int) -> str:
    return json.dumps({"digest": digest, "runs": runs})


def _run_in_progress(instance: dg.DagsterInstance) -> str | None:
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=BUSY), limit=1)
    return records[0].dagster_run.run_id if records else None


@dg.sensor(
    job_name="build_everything",
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts build_everything when a text is added to, changed in or removed from "
    "the raw folder (RawFolder resource, ACTAS_RAW_DIR). Unchanged texts reuse their earlier "
    "work. The first look only records the folder; runs wait for other runs to finish.",
)
def raw_folder_sensor(
    context: dg.SensorEvaluationContext, raw_folder: RawFolder
) -> dg.SensorResult | dg.SkipReason:
    try:
        listing = raw_listing(raw_folder.folder)
    except RawFolderError as err:
        return dg.SkipReason(str(err))
    digest = listing_digest(listing)
    seen, runs = read_cursor(context.cursor)
    where = f"{len(listing)} text file(s) in {raw_folder.folder}"
    if seen is None:
        return dg.SensorResult(
            skip_reason=f"watching {where}; a run starts when they change",
            cursor=write_cursor(digest, runs),
        )
    if digest == seen:
        return dg.SkipReason(f"no change in {where}")
    if settling(listing, time.time_ns()):
        return dg.SkipReason(f"a file changed less than {SETTLE_SECONDS}s ago; waiting")
    busy = _run_in_progress(context.instance)
    if busy:
        return dg.SkipReason(f"run {busy} is in progress; the change is built after it")
    context.log.info(f"{where} changed: requesting build_everything")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=f"{runs + 1}:{digest}", tags={"actas/raw_files": str(len(listing))}
            )
        ],
        cursor=write_cursor(digest, runs + 1),
    )
