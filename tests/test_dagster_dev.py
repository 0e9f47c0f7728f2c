"""`dagster dev -w workspace.yaml` loads the code location and a run launched there publishes.

This drives the same GraphQL API the UI's "Materialize all" button uses.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from schemas import TABLES
from tests.conftest import ROOT
from tests.dagster_server import free_port, graphql, wait

ASSETS_AND_CHECKS = """
{ assetNodes { assetKey { path }
    assetChecksOrError { ... on AssetChecks { checks { name blocking } } } } }
"""
LAUNCH = """
mutation($loc: String!) { launchRun(executionParams: {
    selector: {repositoryLocationName: $loc, repositoryName: "__repository__",
               jobName: "build_everything"}, runConfigData: {}}) {
  __typename ... on LaunchRunSuccess { run { runId } }
  ... on PythonError { message } ... on InvalidSubsetError { message } } }
"""
STATUS = """
query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }
"""
LOCATIONS = """
{ workspaceOrError { ... on Workspace { locationEntries { name
    locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


@pytest.fixture
def dagster_dev(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "ACTAS_PUBLISH_DIR": str(tmp_path / "published"),
        "ACTAS_WORK_DIR": str(tmp_path / "work"),
    }
    (tmp_path / "home").mkdir()
    log = (tmp_path / "dagster-dev.log").open("w")
    dagster = Path(sys.executable).with_name("dagster")
    process = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait(
            lambda: graphql(port, LOCATIONS)["workspaceOrError"]["locationEntries"],
            120,
            "dagster dev to serve its workspace",
        )
        yield port, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_ui_lists_every_asset_and_check_and_materialises_all(dagster_dev):
    port, tmp_path = dagster_dev
    entries = graphql(port, LOCATIONS)["workspaceOrError"]["locationEntries"]
    assert [e["locationOrLoadError"]["__typename"] for e in entries] == ["RepositoryLocation"]

    nodes = graphql(port, ASSETS_AND_CHECKS)["assetNodes"]
    keys = {n["assetKey"]["path"][-1] for n in nodes}
    assert set(TABLES) | {"raw_files", "ingested_documents", "published_tables"} <= keys
    checks = {
        c["name"]: c["blocking"]
        for n in nodes
        for c in (n["assetChecksOrError"] or {}).get("checks", [])
    }
    assert {f"{t}_matches_contract" for t in TABLES} <= set(checks)
    assert all(checks.values())

    launched = graphql(port, LAUNCH, {"loc": entries[0]["name"]})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    def finished():
        status = graphql(port, STATUS, {"id": run_id})["runOrError"]["status"]
        return status if status in ("SUCCESS", "FAILURE", "CANCELED") else None

    assert wait(finished, 300, "the run to finish") == "SUCCESS"
    assert (tmp_path / "published" / "events.parquet").exists()
    assert (tmp_path / "published" / "actas.duckdb").exists()
