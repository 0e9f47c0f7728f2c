"""`build_everything` on a local Dask cluster (dagster-dask over `distributed.LocalCluster`),
in a process of its own, so that a caller can end it, cluster and all, if it ever hangs: for
tests/test_distributed.py and the benchmark. Each run writes BASE/NAME (published),
BASE/NAME.work and BASE/NAME.releases; `NAME:kill` kills (SIGKILL) the worker that runs the
first bucket mid-run. Prints one JSON line per run.

    python -m benchmarks.distributed RAW BASE [--workers 2] NAME[:kill] [NAME[:kill] ...]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import tempfile
import threading
import time
from pathlib import Path

import dagster as dg
import dask
from dask.distributed import Client, LocalCluster

from assets.build import resource_config
from assets.definitions import dask_build_job, default_resources, folder_resources


def _killer(client: Client, work: Path, stop: threading.Event, killed: list) -> None:
    """Kill (SIGKILL) the worker process of the first bucket seen at work (its journal is
    written as its analysis starts), as a crash or the OOM killer would."""
    pids = client.run(os.getpid)  # worker address -> pid
    while not stop.is_set():
        for journal in (work / "buckets").glob(".bucket_*.journal"):
            bucket = journal.name.split(".")[1]
            for address, keys in client.processing().items():
                if any(str(k).endswith(f".{bucket}") for k in keys) and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed.append(bucket)
                    return
        time.sleep(0.05)


# Dask's defaults, changed as the README's "Scale-out" asks of a cluster:
# - the nannies start workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc hand memory
#   back to the system so often that parsing took about a fifth longer (`actas build`'s
#   processes keep glibc's default);
# - each worker samples its task's stack every 10 ms for the dashboard's profile: a tenth of a
#   bucket's time;
# - the scheduler guesses half a second for a task it has never seen finish, and every step is
#   a task of its own name: a worker then queued a second bucket behind a running one while the
#   other worker sat idle, for up to 12 s at a time on 400 texts.
CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.unknown-task-duration": "60s",
}


# Capturing a step's stdout and stderr starts two `tail` processes per step; on a Dask worker
# they may outlive the step, and each is then waited for 30 s before the task returns.
_NO_COMPUTE_LOGS = {"compute_logs": {"module": "dagster._core.storage.noop_compute_log_manager",
                                     "class": "NoOpComputeLogManager"}}  # fmt: skip


def run(client: Client, raw: Path, base: Path, name: str, kill: bool) -> dict:
    res = default_resources() | folder_resources(raw, base / name, base / f"{name}.work",
                                                 releases=base / f"{name}.releases")  # fmt: skip
    config = {
        "execution": {"config": {"cluster": {"existing": {"address": client.scheduler.address}}}},
        "resources": resource_config(res),
    }
    stop, killed = threading.Event(), []
    watcher = threading.Thread(target=_killer, args=(client, base / f"{name}.work", stop, killed),
                               daemon=True)  # fmt: skip
    if kill:
        watcher.start()
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="actas-dagster-") as home,
        dg.DagsterInstance.local_temp(home, overrides=_NO_COMPUTE_LOGS) as instance,
        dg.execute_job(dg.reconstructable(dask_build_job), instance, run_config=config,
                       raise_on_error=False) as result,  # fmt: skip
    ):
        stop.set()
        events = list(result.all_events)
        failed = sorted({e.step_key for e in events if e.event_type_value == "STEP_FAILURE"})
        starts: dict[str, int] = {}
        for record in instance.all_logs(result.run_id, of_type=dg.DagsterEventType.STEP_START):
            key = record.dagster_event.step_key
            starts[key] = starts.get(key, 0) + 1
        return {"name": name, "success": result.success, "failed_steps": failed,
                "killed": killed, "starts": starts,
                "seconds": round(time.monotonic() - started, 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", type=Path)
    parser.add_argument("base", type=Path)
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    raw, base = args.raw, args.base
    with (
        dask.config.set(CLUSTER_CONFIG),
        LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                     dashboard_address=None) as cluster,  # fmt: skip
        Client(cluster) as client,
    ):
        for spec in args.runs:
            name, _, kill = spec.partition(":")
            print(json.dumps(run(client, raw, base, name, kill == "kill")), flush=True)


if __name__ == "__main__":
    main()
