"""Materialise every asset in-process through Dagster, as `actas build` and the tests do."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from assets.definitions import all_assets, all_checks, resources


@dataclass
class BuildReport:
    success: bool
    failed_checks: dict[str, list[str]] = field(default_factory=dict)  # check -> failed rules
    failed_steps: list[str] = field(default_factory=list)
    result: dg.ExecuteInProcessResult | None = None


def build(
    raw_dir: Path,
    publish_dir: Path,
    work_dir: Path,
    lexicon_dir: Path | None = None,
    n_process: int = 1,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
) -> BuildReport:
    """Run every asset and check once; the dataset is published only if every check passes."""
    # Dagster's own step events are DEBUG; INFO leaves the stages' progress lines.
    logging.getLogger("dagster").setLevel(log_level)
    result = dg.materialize(
        [*all_assets(), *all_checks()],
        resources=resources(
            str(raw_dir),
            str(publish_dir),
            str(work_dir),
            str(lexicon_dir) if lexicon_dir else None,
            n_process,
        ),
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )
    failed_checks = {
        e.check_name: list(e.metadata.get("failed_rules", dg.TextMetadataValue("")).value or [])
        for e in result.get_asset_check_evaluations()
        if not e.passed
    }
    failed_steps = [
        ev.step_key for ev in result.all_events if ev.event_type_value == "STEP_FAILURE"
    ]
    return BuildReport(result.success and not failed_checks, failed_checks, failed_steps, result)
