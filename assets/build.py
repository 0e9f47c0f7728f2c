"""Materialise every asset in-process through Dagster, as `actas build` and the tests do."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from assets.definitions import all_assets, all_checks, default_release_dir, resources
from pipeline.dating import load_calendar
from pipeline.folders import nested, refusal
from pipeline.ingest import DEFAULT_MAX_BYTES, list_raw_files
from pipeline.lexicon import DEFAULT_DIR, load_lexicon
from pipeline.locks import exclusive


class ConfigError(ValueError):
    """A build cannot start: the message names the file and the fix."""


@dataclass
class BuildReport:
    success: bool
    failed_checks: dict[str, list[str]] = field(default_factory=dict)  # check -> failed rules
    failed_steps: dict[str, str] = field(default_factory=dict)  # step -> error message
    failed_documents: dict[str, int] = field(default_factory=dict)  # asset -> documents skipped
    result: dg.ExecuteInProcessResult | None = None


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
    lexicons = Path(lexicon_dir or os.environ.get("ACTAS_LEXICON_DIR") or DEFAULT_DIR)
    load_lexicon(lexicons.resolve())
    load_calendar(lexicons.resolve() / "calendar.yaml")
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
    """Run every asset and check once; the dataset is published only if every check passes.

    Release bundles go to release_dir (default: see `assets.definitions.default_release_dir`).
    """
    release_dir = Path(
        release_dir or os.environ.get("ACTAS_RELEASE_DIR") or default_release_dir(str(publish_dir))
    )
    preflight(Path(raw_dir), Path(publish_dir), Path(work_dir), lexicon_dir, release_dir)
    # Dagster's own step events are DEBUG; INFO leaves the stages' progress lines.
    logging.getLogger("dagster").setLevel(log_level)
    paths = (str(raw_dir), str(publish_dir), str(work_dir))
    lexicons = str(lexicon_dir) if lexicon_dir else None
    with exclusive(Path(work_dir), "give this build its own --work folder"):
        result = dg.materialize(
            [*all_assets(), *all_checks()],
            resources=resources(
                *paths,
                lexicons,
                n_process,
                release_dir=str(release_dir),
                max_bytes=max_bytes,
                upload_url=upload_url,
            ),
            instance=instance or _instance(),
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
    return _report(result)


def _instance() -> dg.DagsterInstance:
    """The user's Dagster instance when DAGSTER_HOME is set (so the UI lists CLI runs)."""
    return (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else (dg.DagsterInstance.ephemeral())
    )


def _root_cause(error) -> str:
    """The message of the exception that started it, not Dagster's wrapper around it."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


def _report(result: dg.ExecuteInProcessResult) -> BuildReport:
    failed_checks = {
        e.check_name: list(e.metadata.get("failed_rules", dg.TextMetadataValue("")).value or [])
        for e in result.get_asset_check_evaluations()
        if not e.passed
    }
    failed_steps = {
        ev.step_key: _root_cause(ev.step_failure_data.error)
        for ev in result.all_events
        if ev.event_type_value == "STEP_FAILURE" and ev.step_failure_data.error
    }
    failed_documents = {}
    for ev in result.get_asset_materialization_events():
        materialization = ev.event_specific_data.materialization
        count = materialization.metadata.get("documents_failed")
        if count is not None:
            failed_documents[materialization.asset_key.to_user_string()] = count.value
    success = result.success and not failed_checks
    return BuildReport(success, failed_checks, failed_steps, failed_documents, result)
