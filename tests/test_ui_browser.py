"""The Dagster UI as a user sees it, in headless Chromium, with screenshots.

One `dagster dev -w workspace.yaml` on 127.0.0.1 serves every test here, with a temporary
DAGSTER_HOME and temporary raw, work and publish folders. The browser opens the asset graph,
presses "Materialize all" and follows the run to "Success"; asset pages show row counts,
columns and passed checks; then a text dropped into the raw folder makes the sensor start a
run that builds it. GraphQL polling bounds every wait. Screenshots go to
test-artifacts/ui-*.png, with the server's log as test-artifacts/ui-dagster-dev.log.
At the end the server gets Ctrl-C, then whatever is left of it is killed, and no process may
remain that runs for its DAGSTER_HOME.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pipeline.ingest.files import list_raw_files
from schemas import TABLES
from schemas.contract import columns
from tests.chromium import ARTIFACTS, chromium_page, require_chromium, screenshot
from tests.conftest import RAW
from tests.dagster_server import (
    LOCATIONS,
    graphql,
    run_deadline,
    running_dagster_dev,
    start_deadline,
    wait,
)
from tests.pace import deadline

pytestmark = pytest.mark.ui

# Every wait is drawn from this machine's pace (tests/pace.py), measured before the server
# starts: for the server, for a run, for the sensor's first tick, for a page to show a thing.
# A new text, not one of the seeds; written here so that the test owns it.
NEW_TEXT = "\n\n".join(
    [
        "# Election observers ask Venezuela to publish every tally sheet",
        "Published: 2024-08-05",
        "CARACAS, Venezuela (AP) — A group of regional election observers on Monday urged "
        "Venezuela's National Electoral Council to publish the tally sheets from every polling "
        "station, saying the official count could not be checked without them.",
        "The observers said opposition volunteers had collected copies of more than 80% of the "
        "tally sheets. The National Electoral Council declared President Nicolás Maduro the "
        "winner last week but has not released a breakdown by precinct.",
        "Brazil and Colombia asked the government to allow an independent audit, while the "
        'United States said it had seen "overwhelming evidence" that opposition candidate '
        "Edmundo González won the most votes.",
    ]
)

RUN = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status jobName } } }"
CHECKS = """
{ assetNodes { assetKey { path } assetChecksOrError { ... on AssetChecks { checks {
    name executionForLatestMaterialization { runId status } } } } } }
"""
SENSOR = """
query($sel: SensorSelector!) { sensorOrError(sensorSelector: $sel) { __typename
  ... on Sensor { sensorState { status ticks(limit: 50) { status skipReason runIds } } } } }
"""
SENSOR_RUNS = """
{ runsOrError(filter: {tags: [{key: "dagster/sensor_name", value: "raw_folder_sensor"}]}) {
    ... on Runs { results { runId status jobName } } } }
"""
LOGS = """
query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events {
    ... on MessageEvent { message } } } } }
"""
FINISHED = ("SUCCESS", "FAILURE", "CANCELED")


@dataclass(frozen=True)
class Ui:
    port: int
    location: str
    home: Path
    raw: Path
    published: Path
    page: Page

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        return graphql(self.port, query, variables)


@pytest.fixture(scope="module")
def ui(tmp_path_factory) -> Iterator[Ui]:
    require_chromium()
    base = tmp_path_factory.mktemp("ui")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    start = start_deadline()  # calibrates before the server competes for the cores
    with (
        running_dagster_dev(base, raw, start, ARTIFACTS / "ui-dagster-dev.log") as port,
        chromium_page(base / "profile", timeout_ms=page_deadline().ms) as page,
    ):
        # Dagster's "join the community" dialog covers the page on a first visit.
        skip = page.get_by_role("button", name="Skip")
        page.add_locator_handler(skip, lambda: skip.click())
        entries = graphql(port, LOCATIONS)["workspaceOrError"]["locationEntries"]
        assert [e["locationOrLoadError"]["__typename"] for e in entries] == ["RepositoryLocation"]
        yield Ui(port, entries[0]["name"], base / "home", raw, base / "published", page)


def page_deadline():
    """For a page to show what the test looks for (a few seconds once the run has ended)."""
    return deadline(factor=6, floor=30)


def _shown(locator: Locator) -> bool:
    """Whether the locator shows within the page's deadline (no exception: the caller asserts)."""
    with suppress(PlaywrightTimeout):
        locator.wait_for()
    return locator.is_visible()


def _run_status(ui: Ui, run_id: str) -> str | None:
    status = ui.graphql(RUN, {"id": run_id})["runOrError"]["status"]
    return status if status in FINISHED else None


@pytest.fixture(scope="module")
def ui_run(ui: Ui) -> str:
    """Materialize all from the asset graph, as a user would; the run's id once it ends."""
    page = ui.page
    page.goto(f"{ui.url}/asset-groups")
    button = page.get_by_role("button", name="Materialize all")
    button.wait_for()
    page.wait_for_timeout(1500)  # let the graph lay itself out for the picture
    screenshot(page, "ui-1-asset-graph.png")
    button.click()
    launched = page.locator("a[href^='/runs/']", has_text="View").first
    launched.wait_for()
    run_id = launched.get_attribute("href").rsplit("/", 1)[-1]
    page.goto(f"{ui.url}/runs/{run_id}")
    wait(lambda: _run_status(ui, run_id), run_deadline(), f"run {run_id} to finish")
    page.reload()
    page.get_by_text(re.compile(r"^(Success|Failure|Canceled)$")).first.wait_for()
    page.wait_for_timeout(1000)
    screenshot(page, "ui-2-run.png")
    return run_id


def test_materialize_all_succeeds_and_every_check_passes(ui, ui_run):
    assert _run_status(ui, ui_run) == "SUCCESS"
    assert ui.page.get_by_text("Success", exact=True).first.is_visible()  # in the picture

    nodes = ui.graphql(CHECKS)["assetNodes"]
    checks = {
        c["name"]: c["executionForLatestMaterialization"]
        for n in nodes
        for c in (n["assetChecksOrError"] or {}).get("checks", [])
    }
    across_tables = {"keys_resolve", "inferred_target_share", "events_per_document",
                     "documents_without_events_share", "rejected_share"}  # fmt: skip
    assert set(checks) == {f"{t}_matches_contract" for t in TABLES} | across_tables
    assert {name: e and (e["status"], e["runId"]) for name, e in checks.items()} == {
        name: ("SUCCEEDED", ui_run) for name in checks
    }
    assert (ui.published / "report.html").is_file()


def test_an_asset_page_shows_its_row_count_and_column_schema(ui, ui_run):
    rows = pq.read_metadata(ui.published / "events.parquet").num_rows
    page = ui.page
    page.goto(f"{ui.url}/assets/events")
    page.get_by_text("Row count", exact=True).first.wait_for()
    page.get_by_text("Columns", exact=True).first.wait_for()
    text = page.locator("body").inner_text()
    assert re.search(rf"Row count\s+{rows:,}\b", text), f"no row count {rows} on the page"
    schema = page.locator("table").filter(has_text="Column name")
    for column in columns(TABLES["events"]):
        assert schema.get_by_text(column.name, exact=True).count() == 1, column.name
    screenshot(page, "ui-3-asset-events.png")


def test_the_checks_tab_shows_the_contract_check_passed(ui, ui_run):
    page = ui.page
    page.goto(f"{ui.url}/assets/events?view=checks")
    shown = f"shown on the checks tab within {page_deadline()}"
    assert _shown(page.get_by_text("events_matches_contract").first), f"check not {shown}"
    assert _shown(page.get_by_text("Passed", exact=True).first), f"no 'Passed' {shown}"
    screenshot(page, "ui-4-asset-checks.png")


def test_the_checks_tab_shows_the_key_check_and_the_warnings(ui, ui_run):
    blocking = {"inferred_target_share": False, "events_per_document": False,
                "documents_without_events_share": False, "rejected_share": False,
                "keys_resolve": True}  # fmt: skip
    query = """query($key: AssetKeyInput!) { assetNodeOrError(assetKey: $key) {
      ... on AssetNode { assetChecksOrError { ... on AssetChecks { checks { name blocking
        description executionForLatestMaterialization { runId status evaluation { severity
          metadataEntries { label ... on FloatMetadataEntry { floatValue } } } } } } } } } }"""
    node = ui.graphql(query, {"key": {"path": ["all_tables"]}})["assetNodeOrError"]
    checks = {c["name"]: c for c in node["assetChecksOrError"]["checks"]}
    assert {name: c["blocking"] for name, c in checks.items()} == blocking
    for name, check in checks.items():
        execution = check["executionForLatestMaterialization"]
        assert (execution["status"], execution["runId"]) == ("SUCCEEDED", ui_run), name
        if not blocking[name]:  # a warning shows its value and its threshold
            entries = {e["label"]: e.get("floatValue") for e in
                       execution["evaluation"]["metadataEntries"]}  # fmt: skip
            assert {"value", "threshold"} <= set(entries), (name, entries)

    page = ui.page
    page.goto(f"{ui.url}/assets/all_tables?view=checks")
    page.get_by_text(f"Checks ({len(blocking)})", exact=True).wait_for(timeout=60_000)
    search = page.get_by_placeholder("Filter checks")
    for name, blocks in blocking.items():
        search.fill(name)  # long names are cut short in the list: pick the one left
        page.get_by_text("Succeeded", exact=True).first.click()
        opening = re.split(r" \(|\. ", checks[name]["description"])[0]
        about = page.get_by_text(opening).first
        about.wait_for(timeout=60_000)  # the check's own page, with its description
        assert about.is_visible(), name
        assert page.get_by_text("Passed", exact=True).first.is_visible(), name
        said = page.get_by_text("This is a blocking asset check").count() > 0
        assert said == blocks, name
        if not blocks:
            assert page.get_by_text("threshold", exact=True).first.is_visible(), name
        if name == "events_per_document":
            screenshot(page, "ui-4-check-events_per_document.png")
    screenshot(page, "ui-4-check-keys_resolve.png")


def test_a_text_dropped_into_the_raw_folder_is_built_by_the_sensor(ui, ui_run):
    selector = {
        "repositoryName": "__repository__",
        "repositoryLocationName": ui.location,
        "sensorName": "raw_folder_sensor",
    }

    def ticks() -> list[dict]:
        state = ui.graphql(SENSOR, {"sel": selector})["sensorOrError"]["sensorState"]
        assert state["status"] == "RUNNING"  # on by default
        return state["ticks"]

    wait(ticks, deadline(factor=15, floor=60), "the sensor's first look at the raw folder")
    assert ui.graphql(SENSOR_RUNS)["runsOrError"]["results"] == []  # it starts nothing by itself
    seeds = len(list_raw_files(ui.raw))
    hidden = ui.raw / ".observers.txt.partial"  # the ingest skips dot files: no half texts
    hidden.write_text(NEW_TEXT, encoding="utf-8")
    hidden.rename(ui.raw / "observers.txt")

    def sensor_run() -> dict | None:
        runs = ui.graphql(SENSOR_RUNS)["runsOrError"]["results"]
        return runs[0] if runs and runs[0]["status"] in FINISHED else None

    run = wait(sensor_run, run_deadline(), "the sensor's run to finish")
    assert (run["jobName"], run["status"]) == ("build_everything", "SUCCESS")
    assert len(ui.graphql(SENSOR_RUNS)["runsOrError"]["results"]) == 1

    documents = pq.read_table(ui.published / "documents.parquet").to_pylist()
    assert len(documents) == seeds + 1
    assert "observers.txt" in {d["source_file"] for d in documents}
    events = ui.graphql(LOGS, {"id": run["runId"]})["logsForRun"]["events"]
    messages = [e["message"] for e in events if e.get("message")]
    # Only the new text was parsed: one bucket ran its analysis, the others were reused.
    parsed = [m for m in messages if m.startswith("analysed ") and "new documents" in m]
    assert parsed == ["analysed 1/1 new documents"], [m for m in messages if "analysed" in m]

    ui.page.goto(f"{ui.url}/locations/{ui.location}/sensors/raw_folder_sensor")
    ui.page.get_by_text("1 run requested").first.wait_for()
    screenshot(ui.page, "ui-5-sensor.png")
