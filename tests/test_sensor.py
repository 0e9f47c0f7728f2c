"""raw_folder_sensor, evaluated directly against a real (temporary) Dagster instance.

tests/test_ui_browser.py shows the same sensor starting a run under `dagster dev`.
"""

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import build_defs, folder_resources
from assets.sensors import SETTLE_SECONDS, read_cursor, settling

pytestmark = pytest.mark.slow  # each test sets up a Dagster instance (a few seconds)

TEXT = "Venezuela's electoral council has not published the tally sheets.\n"


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance


def _old(path: Path) -> Path:
    """Written a minute ago, so the sensor does not wait for it to settle."""
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def _add(raw: Path, name: str, text: str = TEXT) -> Path:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return _old(path)


def _tick(instance, raw: Path, cursor: str | None):
    defs = build_defs(folder_resources(raw=raw))
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"raw_folder": defs.resources["raw_folder"]}
    )
    result = defs.resolve_sensor_def("raw_folder_sensor")(context)
    if isinstance(result, dg.SkipReason):
        return [], result.skip_message, cursor
    runs = [r.run_key for r in result.run_requests or []]
    skipped = result.skip_reason.skip_message if result.skip_reason else None
    return runs, skipped, result.cursor


def test_the_first_look_records_the_folder_and_starts_nothing(instance, tmp_path):
    _add(tmp_path, "a.txt")
    runs, skipped, cursor = _tick(instance, tmp_path, None)
    assert runs == [] and "watching 1 text file" in skipped
    assert read_cursor(cursor)[1] == 0
    assert _tick(instance, tmp_path, cursor)[:2] == (
        [],
        f"no change in 1 text file(s) in {tmp_path}",
    )


def test_a_new_changed_or_removed_text_starts_one_run_each_time(instance, tmp_path):
    _add(tmp_path, "a.txt")
    cursor = _tick(instance, tmp_path, None)[2]
    keys = []
    for change in [
        lambda: _add(tmp_path, "nested/b.md"),  # new, in a subfolder
        lambda: _add(tmp_path, "a.txt", TEXT + "More.\n"),  # changed
        lambda: (tmp_path / "nested" / "b.md").unlink(),  # removed
        lambda: _add(tmp_path, "nested/b.md"),  # back as before: still a change
    ]:
        change()
        runs, _, cursor = _tick(instance, tmp_path, cursor)
        assert len(runs) == 1
        keys.append(runs[0])
        assert _tick(instance, tmp_path, cursor)[0] == []  # one change, one run
    assert len(set(keys)) == 4  # a run key is never reused, or Dagster would drop the run


def test_files_the_ingest_ignores_do_not_start_runs(instance, tmp_path):
    _add(tmp_path, "a.txt")
    cursor = _tick(instance, tmp_path, None)[2]
    _add(tmp_path, ".a.txt.partial")
    _add(tmp_path, "photo.jpg", "not a text")
    assert _tick(instance, tmp_path, cursor)[0] == []


def test_a_text_still_being_written_is_waited_for(instance, tmp_path):
    _add(tmp_path, "a.txt")
    cursor = _tick(instance, tmp_path, None)[2]
    (tmp_path / "b.txt").write_text(TEXT)  # modified just now
    runs, skipped, same = _tick(instance, tmp_path, cursor)
    assert runs == [] and "waiting" in skipped and same == cursor
    _old(tmp_path / "b.txt")
    assert len(_tick(instance, tmp_path, cursor)[0]) == 1


def test_no_run_starts_while_another_is_in_progress(instance, tmp_path):
    _add(tmp_path, "a.txt")
    cursor = _tick(instance, tmp_path, None)[2]
    _add(tmp_path, "b.txt")
    run = instance.add_run(
        dg.DagsterRun(job_name="__ASSET_JOB", run_id="busy-run", status=dg.DagsterRunStatus.STARTED)
    )
    runs, skipped, same = _tick(instance, tmp_path, cursor)
    assert runs == [] and "busy-run" in skipped and same == cursor
    instance.report_run_failed(run)
    assert len(_tick(instance, tmp_path, cursor)[0]) == 1


def test_a_missing_raw_folder_is_a_skip_with_the_reason(instance, tmp_path):
    runs, skipped, _ = _tick(instance, tmp_path / "absent", None)
    assert runs == [] and "does not exist" in skipped


def test_settling_ignores_times_in_the_future():
    now = time.time_ns()
    second = 1_000_000_000
    assert settling([("a.txt", 1, now - second)], now)
    assert not settling([("a.txt", 1, now - (SETTLE_SECONDS + 1) * second)], now)
    assert not settling([("a.txt", 1, now + 3600 * second)], now)


def test_the_definitions_hold_the_sensor_running_by_default_on_build_everything():
    sensor = build_defs().resolve_sensor_def("raw_folder_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.job_name == "build_everything"
    assert read_cursor('{"digest": "x", "runs": 3}') == ("x", 3)
