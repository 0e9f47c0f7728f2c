"""`dagster dev -w workspace.yaml` loads the code location and a run launched there publishes.

This drives the same GraphQL API the UI's "Materialize all" button uses.
"""

import pytest

from schemas import TABLES
from tests.conftest import RAW
from tests.dagster_server import LOCATIONS, graphql, run_deadline, running_dagster_dev, wait

pytestmark = pytest.mark.ui

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


@pytest.fixture
def dagster_dev(tmp_path):
    with running_dagster_dev(tmp_path, RAW) as port:
        yield port, tmp_path


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
    warnings = {"inferred_target_share", "events_per_document", "documents_without_events_share",
                "rejected_share"}  # fmt: skip
    assert {name for name, blocking in checks.items() if not blocking} == warnings
    assert checks["keys_resolve"]

    launched = graphql(port, LAUNCH, {"loc": entries[0]["name"]})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    def finished():
        status = graphql(port, STATUS, {"id": run_id})["runOrError"]["status"]
        return status if status in ("SUCCESS", "FAILURE", "CANCELED") else None

    assert wait(finished, run_deadline(), "the run to finish") == "SUCCESS"
    assert (tmp_path / "published" / "events.parquet").exists()
    assert (tmp_path / "published" / "actas.duckdb").exists()
