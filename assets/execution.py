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
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import dagster as dg
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._core.execution.plan.step import ExecutionStep
from dagster._core.storage.tags import PRIORITY_TAG

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


def costliest_first(execution_plan: ExecutionPlan, costs: Mapping[str, int]) -> ExecutionPlan:
    """The plan with its bucket steps ranked by cost (`buckets.Plan.bytes_to_read`), so that a
    process that frees up takes the costliest bucket left. Dealt in key order, a long bucket
    may start last and leave the other processes idle until it ends; dealt longest first, the
    processes end within about one short bucket of each other."""
    ranked = sorted(costs, key=lambda key: (-costs[key], key))
    priority = {key: str(len(ranked) - rank) for rank, key in enumerate(ranked)}

    def ranked_step(step):
        if not isinstance(step, ExecutionStep) or step.key not in priority:
            return step
        return step._replace(tags={**step.tags, PRIORITY_TAG: priority[step.key]})

    steps = {handle: ranked_step(step) for handle, step in execution_plan.step_dict.items()}
    by_key = {step.key: step for step in steps.values()}
    return execution_plan._replace(step_dict=steps, step_dict_by_key=by_key)


# From a run's configuration and step keys: None to run every step in the run's own process,
# else the cost of each bucket step, to run them in processes costliest first.
Schedule = Callable[[dict, list[str]], "dict[str, int] | None"]


class AdaptiveExecutor(dg.Executor):
    """The multiprocess executor for a run whose stale buckets hold enough new work (see
    `use_processes`), costliest bucket first; else the in-process executor."""

    def __init__(self, single: dg.Executor, multiple: dg.Executor, schedule: Schedule):
        self.single, self.multiple, self.schedule = single, multiple, schedule

    @property
    def retries(self):
        return self.multiple.retries

    def execute(self, plan_context, execution_plan) -> Iterator:
        steps = list(execution_plan.step_keys_to_execute)
        costs = self.schedule(dict(plan_context.run_config), steps)
        if costs is None:
            yield from self.single.execute(plan_context, execution_plan)
            return
        with fork_server_environment():
            yield from self.multiple.execute(plan_context, costliest_first(execution_plan, costs))


def _run_plan(run_config: dict) -> buckets.Plan:
    """The bucket plan of the folders, model and lexicons a run is configured with."""
    from assets.definitions import N_BUCKETS, default_resources

    given = run_config.get("resources") or {}
    res = default_resources()

    def configured(key: str):
        """The resource as this run configures it (its defaults, then the run's config)."""
        config = (given.get(key) or {}).get("config") or {}
        fields = {name: getattr(res[key], name) for name in type(res[key]).model_fields}
        return type(res[key])(**{**fields, **config})

    raw, work = configured("raw_folder"), configured("work_folder")
    setup = Setup(configured("spacy_model").name, configured("lexicons").folder)
    return bucket_plan(raw.folder, work.folder, N_BUCKETS, setup, raw.max_bytes)


def _stale_among(steps: list[str], plan: buckets.Plan) -> tuple[buckets.Plan, dict[str, int]]:
    """The part of the plan for the buckets among a run's steps, and each one's cost."""
    chosen = [i for i in plan.to_read if buckets.bucket_name(i) in steps]
    stale = buckets.Plan({i: plan.to_read[i] for i in chosen}, plan.n_buckets)
    return stale, bucket_costs(stale)


def bucket_costs(plan: buckets.Plan) -> dict[str, int]:
    """The step of each stale bucket, and its cost (see `costliest_first`)."""
    return {buckets.bucket_name(i): n for i, n in plan.bytes_to_read().items()}


_BUCKET_STEPS = {buckets.bucket_name(i) for i in range(buckets.MAX_BUCKETS)}


def _scheduled(mode: str, max_concurrent: int, given: dict[str, int] | None) -> Schedule:
    """How each mode of the executor schedules a run (see `adaptive_executor`)."""

    def auto(run_config: dict, steps: list[str]) -> dict[str, int] | None:
        if len(set(steps) & _BUCKET_STEPS) < 2:  # no need to read the raw folder to know
            return None
        try:
            stale, costs = _stale_among(steps, _run_plan(run_config))
        except Exception:  # the steps themselves report what is wrong (a missing folder)
            return None
        n_process = max_concurrent or os.cpu_count() or 1
        return costs if use_processes(stale, n_process) else None

    def processes(run_config: dict, steps: list[str]) -> dict[str, int]:
        if given is not None:
            return given
        try:
            return _stale_among(steps, _run_plan(run_config))[1]
        except Exception:  # as above; the buckets then go in key order
            return {}

    return {"auto": auto, "processes": processes, "in_process": lambda *_: None}[mode]


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
        "bucket_costs": dg.Field(
            dg.Map(str, int), is_required=False,
            description="The cost of each bucket step, to run the costliest first (default: "
            "the bytes of the texts it must read)",
        ),
    },  # fmt: skip
    requirements=dg.multiple_process_executor_requirements(),
)
def adaptive_executor(init_context: dg.InitExecutorContext) -> dg.Executor:
    """Runs the stale buckets side by side, each in its own process and the costliest first,
    when they hold enough new texts; otherwise every step in the run's own process, where a
    step costs no process start."""
    max_concurrent = int(init_context.executor_config["max_concurrent"])
    mode = init_context.executor_config["mode"]
    costs = init_context.executor_config.get("bucket_costs")

    def made(definition: dg.ExecutorDefinition, config: dict) -> dg.Executor:
        return definition.executor_creation_fn(
            dg.InitExecutorContext(init_context.job, definition, config, init_context.instance)
        )

    return AdaptiveExecutor(
        made(dg.in_process_executor, {"retries": {"enabled": {}}}),
        made(dg.multiprocess_executor, multiprocess_config(max_concurrent)),
        _scheduled(mode, max_concurrent, costs),
    )


def dask_executor(address: str) -> dg.ExecutorDefinition:
    """The Dask executor on an existing scheduler: each step a task on the cluster's workers,
    which must see the same raw, work and publish folders (shared storage)."""
    from dagster_dask import dask_executor as dask

    return dask.configured({"cluster": {"existing": {"address": address}}}, name="actas_dask")
