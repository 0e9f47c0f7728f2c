"""How runs execute: the buckets side by side in processes when that pays, else everything in
the run's own process; or on a Dask cluster.

A process that runs a step costs a fork from a server that first imports Dagster and the
code and loads the model (several seconds), then a fraction of a second per step. It pays
for the buckets when they hold enough new texts; for a re-run of a few changed texts, or for
the cheap steps, one process is faster. `use_processes` decides, from the buckets that are
stale (pipeline/ingest/buckets.py): `actas build` (assets/build.py) and the executor of runs
launched from the UI (`adaptive_executor`) both ask it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg

from assets.forkserver import MIN_FILES_FOR_PROCESSES, PRELOAD, fork_server_environment
from pipeline.extract.analyse import Setup
from pipeline.ingest import buckets
from pipeline.publish.tables import bucket_fingerprint


def use_processes(plan: buckets.Plan, n_process: int) -> bool:
    """Whether the stale buckets should run in `n_process` processes at once."""
    return (n_process > 1 and len(plan.stale) > 1
            and plan.changed_files >= MIN_FILES_FOR_PROCESSES)  # fmt: skip


def bucket_plan(
    raw_dir: Path, work_dir: Path, n_buckets: int, setup: Setup, max_bytes: int
) -> buckets.Plan:
    fingerprint = bucket_fingerprint(setup, max_bytes, n_buckets)
    return buckets.plan(Path(raw_dir), Path(work_dir), n_buckets, fingerprint, max_bytes)


def multiprocess_config(max_concurrent: int = 0) -> dict:
    """The multiprocess executor's configuration: each step in a process forked from a
    server that has imported the code and loaded the model (assets/preload.py)."""
    config: dict = {
        "retries": {"enabled": {}},
        "start_method": {"forkserver": {"preload_modules": PRELOAD}},
    }
    if max_concurrent:
        config["max_concurrent"] = max_concurrent
    return config


class AdaptiveExecutor(dg.Executor):
    """The multiprocess executor for a run whose stale buckets hold enough new work (see
    `use_processes`), else the in-process executor."""

    def __init__(
        self,
        single: dg.Executor,
        multiple: dg.Executor,
        worthwhile: Callable[[dict, list[str]], bool],
    ):
        self.single, self.multiple, self.worthwhile = single, multiple, worthwhile

    @property
    def retries(self):
        return self.multiple.retries

    def execute(self, plan_context, execution_plan) -> Iterator:
        steps = list(execution_plan.step_keys_to_execute)
        try:
            parallel = self.worthwhile(dict(plan_context.run_config), steps)
        except Exception:  # the steps themselves report what is wrong (a missing folder)
            parallel = False
        if not parallel:
            yield from self.single.execute(plan_context, execution_plan)
            return
        with fork_server_environment():
            yield from self.multiple.execute(plan_context, execution_plan)


def _worthwhile(max_concurrent: int) -> Callable[[dict, list[str]], bool]:
    def worthwhile(run_config: dict, steps: list[str]) -> bool:
        from assets.definitions import N_BUCKETS, default_resources

        names = [buckets.bucket_name(i) for i in range(N_BUCKETS)]
        chosen = [i for i, name in enumerate(names) if name in steps]
        if len(chosen) < 2:
            return False
        given = run_config.get("resources") or {}
        res = default_resources()

        def configured(key: str):
            """The resource as this run configures it (its defaults, then the run's config)."""
            config = (given.get(key) or {}).get("config") or {}
            fields = {name: getattr(res[key], name) for name in type(res[key]).model_fields}
            return type(res[key])(**{**fields, **config})

        raw, work = configured("raw_folder"), configured("work_folder")
        setup = Setup(configured("spacy_model").name, configured("lexicons").folder)
        plan = bucket_plan(raw.folder, work.folder, N_BUCKETS, setup, raw.max_bytes)
        stale = {i: items for i, items in plan.to_read.items() if i in chosen}
        n_process = max_concurrent or os.cpu_count() or 1
        return use_processes(buckets.Plan(stale, N_BUCKETS), n_process)

    return worthwhile


@dg.executor(
    name="actas",
    config_schema={
        "max_concurrent": dg.Field(
            int, default_value=0,
            description="Buckets at a time, each in its own process (0: one per core)",
        ),
        "mode": dg.Field(
            dg.Enum("mode", [dg.EnumValue("auto"), dg.EnumValue("processes"),
                             dg.EnumValue("in_process")]),
            default_value="auto",
            description="auto: the buckets in processes when they hold enough new texts; "
            "processes: always; in_process: every step in the run's own process",
        ),
    },  # fmt: skip
    requirements=dg.multiple_process_executor_requirements(),
)
def adaptive_executor(init_context: dg.InitExecutorContext) -> dg.Executor:
    """Runs the stale buckets side by side, each in its own process, when they hold enough new
    texts; otherwise every step in the run's own process, where a step costs no process start.
    """
    max_concurrent = int(init_context.executor_config["max_concurrent"])
    mode = init_context.executor_config["mode"]

    def made(definition: dg.ExecutorDefinition, config: dict) -> dg.Executor:
        return definition.executor_creation_fn(
            dg.InitExecutorContext(init_context.job, definition, config, init_context.instance)
        )

    return AdaptiveExecutor(
        made(dg.in_process_executor, {"retries": {"enabled": {}}}),
        made(dg.multiprocess_executor, multiprocess_config(max_concurrent)),
        {"auto": _worthwhile(max_concurrent), "processes": lambda *_: True,
         "in_process": lambda *_: False}[mode],
    )  # fmt: skip


def dask_executor(address: str) -> dg.ExecutorDefinition:
    """The Dask executor on an existing scheduler: each step a task on the cluster's workers,
    which must see the same raw, work and publish folders (shared storage)."""
    from dagster_dask import dask_executor as dask

    return dask.configured({"cluster": {"existing": {"address": address}}}, name="actas_dask")
