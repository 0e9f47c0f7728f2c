"""Materialise every asset through Dagster, as `actas build` and the tests do.

Before the run, the buckets are compared with the raw files (pipeline/ingest/buckets.py): only stale
buckets run. When they hold enough new work and more than one process may be used (see
assets/execution.py), they run as one Dagster run on the multiprocess executor, side by
side, each in a process forked from a server that has loaded the code and the model;
everything else (merging the buckets, the steps that need every document, publishing) then
runs in this process, where a step costs no process start. Otherwise a single run does all
of it in this process; when the fork server runs, processes forked from it make the buckets of
the few new texts while the run starts (see `forkserver.buckets_ahead`), and each bucket's
step takes its folder, so that this process need not load the model.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from assets.definitions import N_BUCKETS, build_defs, defs, folder_resources
from assets.execution import bucket_costs, bucket_plan, use_processes
from assets.forkserver import (
    buckets_ahead,
    helpers,
    serve_steps,
    start_if_useful,
    stop_fork_server,
)
from assets.resources import Lexicons, ReleaseFolder
from pipeline.extract.analyse import Setup
from pipeline.extract.dating import load_calendar
from pipeline.extract.lexicon import load_lexicon
from pipeline.ingest import buckets
from pipeline.ingest.files import DEFAULT_MAX_BYTES, list_raw_files
from pipeline.publish.folders import nested, refusal
from pipeline.publish.locks import exclusive
from pipeline.publish.report import CHARTS, prepare_drawing


class ConfigError(ValueError):
    """A build cannot start: the message names the file and the fix."""


@dataclass
class BuildReport:
    success: bool
    failed_checks: dict[str, list[str]] = field(default_factory=dict)  # check -> failed rules
    warnings: dict[str, str] = field(default_factory=dict)  # warning check -> rule not met
    failed_steps: dict[str, str] = field(default_factory=dict)  # step -> error message
    failed_documents: dict[str, int] = field(default_factory=dict)  # asset -> documents skipped
    result: dg.ExecuteInProcessResult | None = None  # of the run in this process, if any
    stale_buckets: list[str] = field(default_factory=list)  # the buckets this build ran
    bucket_processes: int = 1  # how many processes ran them at once


def preflight(
    raw_dir: Path,
    publish_dir: Path,
    work_dir: Path,
    lexicon_dir: Path | None,
    release_dir: Path | None = None,
) -> None:
    """Fail before any work on what would fail later: folders inside each other, an --out
    that holds something else than an actas dataset, the raw folder, the lexicons, and the
    folders the build writes to."""
    check_folders(raw_dir, publish_dir, work_dir, release_dir)
    list_raw_files(raw_dir)
    lexicons = Lexicons(path=str(lexicon_dir or "")).folder
    load_lexicon(lexicons)
    load_calendar(lexicons / "calendar.yaml")
    writes = [(publish_dir.parent, "--out"), (work_dir.parent, "--work")]
    if release_dir is not None:
        writes.append((release_dir.parent, "--releases"))
    for folder, what in writes:
        _check_writable(folder, what)


def check_folders(raw: Path, out: Path, work: Path, releases: Path | None = None) -> None:
    """Publishing replaces --out as a whole: it must not hold, or sit in, the raw texts or
    the build's other folders, and it must be absent, empty or an earlier actas dataset."""
    if nested(out, raw) and nested(raw, out):
        raise ConfigError(
            f"--out {out} is the --raw folder: publishing would replace the raw texts. "
            "Choose an --out outside --raw, e.g. --out data/published"
        )
    if nested(raw, out):
        raise ConfigError(
            f"--raw {raw} is inside --out {out}: publishing replaces --out, raw texts and "
            "all. Choose an --out that does not hold --raw"
        )
    if nested(out, raw):
        raise ConfigError(
            f"--out {out} is inside --raw {raw}: the next build would read the published "
            "files as raw texts. Choose an --out outside --raw"
        )
    for folder, option in ((work, "--work"), (releases, "--releases")):
        if folder is not None and nested(folder, out):
            raise ConfigError(
                f"{option} {folder} is inside --out {out}: publishing replaces --out as a "
                f"whole. Choose a {option} outside --out"
            )
    why = refusal(out)
    if why:
        raise ConfigError(
            f"{why}: actas publishes only into a folder that is absent, empty or an earlier "
            "actas dataset, which it replaces. Choose another --out, or move those files away"
        )


def _check_writable(folder: Path, option: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise ConfigError(
            f"cannot write in {folder}: {err.strerror}; choose a writable folder with {option}"
        ) from err


def build(
    raw_dir: Path,
    publish_dir: Path,
    work_dir: Path,
    lexicon_dir: Path | None = None,
    n_process: int = 1,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
    max_bytes: int = DEFAULT_MAX_BYTES,
    upload_url: str | None = None,
    release_dir: Path | None = None,
) -> BuildReport:
    """Run every stale bucket, then every other asset and check, once; the dataset is
    published only if every check passes. Buckets run in `n_process` processes at once (0:
    one per core; 1: all in this process).

    Release bundles go to release_dir (default: see `ReleaseFolder.folder_for`).
    """
    release_dir = ReleaseFolder(path=str(release_dir or "")).folder_for(Path(publish_dir))
    preflight(Path(raw_dir), Path(publish_dir), Path(work_dir), lexicon_dir, release_dir)
    # Dagster's own step events are DEBUG; INFO leaves the stages' progress lines.
    logging.getLogger("dagster").setLevel(log_level)
    definitions = build_defs(folder_resources(raw_dir, publish_dir, work_dir, lexicon_dir,
                                              release_dir, max_bytes, upload_url))  # fmt: skip
    res = dict(definitions.resources or {})
    logs = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    n_process = n_process or os.cpu_count() or 1
    with (
        exclusive(Path(work_dir), "give this build its own --work folder"),
        _early_fork_server(Path(raw_dir), Path(work_dir), n_process, max_bytes),
    ):
        setup = Setup(res["spacy_model"].name, res["lexicons"].folder)
        plan = bucket_plan(Path(raw_dir), Path(work_dir), N_BUCKETS, setup, max_bytes)
        stale = [dg.AssetKey(buckets.bucket_name(i)) for i in sorted(plan.stale)]
        parallel = use_processes(plan, n_process)
        if parallel:
            serve_steps()
        # Processes that make the stale buckets of a few new texts while the run starts here.
        ahead = contextlib.nullcontext() if parallel else buckets_ahead(
            Path(raw_dir), Path(work_dir), plan, max_bytes, setup, res["analysis_cache"].folder,
            n_process)  # fmt: skip
        rest = [key for a in definitions.assets or [] if not isinstance(a, dg.AssetSpec)
                for key in a.keys if key not in _bucket_keys()]  # fmt: skip
        job = definitions.resolve_implicit_global_asset_job_def()
        with ahead, _instance(instance, on_disk=parallel, log_level=log_level) as inst:
            results = []
            if parallel:
                results.append(_run_buckets(inst, plan, res, n_process, logs))
            if not results or results[0].success:
                # Processes to draw the report's charts, started while the steps run here.
                with helpers(min(n_process, len(CHARTS)), prepare_drawing):
                    results.append(job.execute_in_process(
                        run_config=logs, instance=_in_process(instance, inst),
                        raise_on_error=False, asset_selection=rest + ([] if parallel else stale),
                    ))  # fmt: skip
            report = _report(results)
    report.stale_buckets = [k.to_user_string() for k in stale]
    report.bucket_processes = min(n_process, len(stale)) if parallel else 1
    return report


@contextlib.contextmanager
def _early_fork_server(
    raw_dir: Path, work_dir: Path, n_process: int, max_bytes: int
) -> Iterator[None]:
    """When the buckets may run in processes, their fork server starts before the plan is
    made (it takes seconds to load the model), and is stopped when the build ends."""
    start_if_useful(raw_dir, work_dir, n_process, N_BUCKETS, max_bytes)
    try:
        yield
    finally:
        stop_fork_server()


def _in_process(given: dg.DagsterInstance | None, used: dg.DagsterInstance) -> dg.DagsterInstance:
    """The instance of the run in this process: the one the buckets' run used, unless that is
    a temporary one on disk, which only step processes need (in memory, each event costs no
    write to SQLite)."""
    if given is None and not os.environ.get("DAGSTER_HOME") and not used.is_ephemeral:
        return dg.DagsterInstance.ephemeral()
    return used


def _bucket_keys() -> set[dg.AssetKey]:
    return {dg.AssetKey(buckets.bucket_name(i)) for i in range(N_BUCKETS)}


def build_job() -> dg.JobDefinition:
    """The job whose steps a build runs in other processes (see `_run_buckets`): importable,
    so that a step process can load it by name."""
    return defs.resolve_job_def("build_everything")


def _run_buckets(
    instance: dg.DagsterInstance, plan: buckets.Plan, res: dict, n_process: int, logs: dict
):
    """The stale buckets as one run on the multiprocess executor, n_process at a time and the
    costliest first. The step processes build their resources from this run's configuration."""
    costs = bucket_costs(plan)
    stale = [dg.AssetKey(name) for name in sorted(costs)]
    execution = {"max_concurrent": n_process, "mode": "processes", "bucket_costs": costs}
    config = {
        **logs,
        "execution": {"config": execution},
        "resources": resource_config(res, _BUCKET_RESOURCES),
    }
    with dg.execute_job(dg.reconstructable(build_job), instance, run_config=config,
                        asset_selection=stale, raise_on_error=False) as result:  # fmt: skip
        return _Finished(result, [key.to_user_string() for key in stale])


# What a bucket's step uses, configured for this build in the run's configuration.
_BUCKET_RESOURCES = ("raw_folder", "work_folder", "spacy_model", "lexicons", "analysis_cache",
                     "io_manager")  # fmt: skip


def resource_config(res: dict, keys: tuple[str, ...] | None = None) -> dict:
    """The run configuration of these resources (all, or those named): what a step that
    runs in another process, or on another machine, builds its resources from."""
    return {key: {"config": _fields(res[key])} for key in keys or res}


def _fields(resource: dg.ConfigurableResource | dg.ConfigurableIOManager) -> dict:
    return {name: getattr(resource, name) for name in type(resource).model_fields}


@dataclass
class _Finished:
    """What the report needs of a run that ran in other processes, read before it closes."""

    success: bool
    all_events: list
    check_evaluations: list
    steps: list[str]  # the steps the run was to execute

    def __init__(self, result: dg.ExecuteJobResult, steps: list[str]):
        self.success, self.steps = result.success, steps
        self.all_events = list(result.all_events)
        self.check_evaluations = list(result.get_asset_check_evaluations())

    def get_asset_check_evaluations(self) -> list:
        return self.check_evaluations

    def get_asset_materialization_events(self) -> list:
        return [e for e in self.all_events if e.event_type_value == "ASSET_MATERIALIZATION"]


@contextlib.contextmanager
def _instance(
    given: dg.DagsterInstance | None, on_disk: bool, log_level: str
) -> Iterator[dg.DagsterInstance]:
    """The given instance, else the user's (DAGSTER_HOME, so that the UI lists CLI runs),
    else a temporary one: in memory, or on disk when step processes must open it too (which
    then log at `log_level`)."""
    if given is not None:
        yield given
    elif os.environ.get("DAGSTER_HOME"):
        with dg.DagsterInstance.get() as found:
            yield found
    elif not on_disk:
        yield dg.DagsterInstance.ephemeral()
    else:
        with (
            tempfile.TemporaryDirectory(prefix="actas-dagster-") as home,
            dg.DagsterInstance.local_temp(home, overrides=_step_logs(log_level)) as temporary,
        ):
            yield temporary


def _step_logs(log_level: str) -> dict:
    """What a temporary instance tells step processes about their output. Not captured: the
    files would be deleted with the instance, and capturing starts four processes (`tail`,
    and a watcher) per step. Logged at the build's level: a step process logs its start
    through the instance's loggers, not the run's, at DEBUG unless told otherwise."""
    return {
        "compute_logs": {
            "module": "dagster._core.storage.noop_compute_log_manager",
            "class": "NoOpComputeLogManager",
        },
        "python_logs": {"python_log_level": log_level},
    }


def _root_cause(error) -> str:
    """The message of the exception that started it, not Dagster's wrapper around it."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


def _text(metadata: dict, key: str) -> str:
    return str(metadata[key].value) if key in metadata else "see the check's metadata"


def _report(results: list) -> BuildReport:
    evaluations = [e for result in results for e in result.get_asset_check_evaluations()]
    failed_checks = {
        e.check_name: list(e.metadata.get("failed_rules", dg.TextMetadataValue("")).value or [])
        for e in evaluations
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    }
    warnings = {
        e.check_name: _text(e.metadata, "counted") + f" (expected {_text(e.metadata, 'rule')})"
        for e in evaluations
        if not e.passed and e.severity == dg.AssetCheckSeverity.WARN
    }
    failed_steps = {
        ev.step_key: _root_cause(ev.step_failure_data.error)
        for result in results
        for ev in result.all_events
        if ev.event_type_value == "STEP_FAILURE" and ev.step_failure_data.error
    }
    # A step process that could not start its step (it could not import the code, say)
    # leaves no failure event, only the executor's log line that the step gave no result.
    for result in results:
        done = {ev.step_key for ev in result.all_events if ev.event_type_value == "STEP_SUCCESS"}
        for key in getattr(result, "steps", []) if not result.success else []:
            if key not in done:
                failed_steps.setdefault(key, "its step process ended without a result "
                                             "(see the log above)")  # fmt: skip
    failed_documents = {}
    for result in results:
        for ev in result.get_asset_materialization_events():
            materialization = ev.event_specific_data.materialization
            count = materialization.metadata.get("documents_failed")
            if count is not None:
                failed_documents[materialization.asset_key.to_user_string()] = count.value
    success = all(r.success for r in results) and not failed_checks
    in_process = [r for r in results if isinstance(r, dg.ExecuteInProcessResult)]
    return BuildReport(success, failed_checks, warnings, failed_steps, failed_documents,
                       in_process[-1] if in_process else None)  # fmt: skip
