"""The visual report: drawn from the published tables, deterministic, bundled, and it renders."""

import json
import shutil
import zipfile
from datetime import date

import dagster as dg
import pytest

from assets.cli import connect
from assets.definitions import build_defs, folder_resources
from pipeline.publish.dataset import EXAMPLE_QUERIES
from pipeline.publish.download import download
from pipeline.publish.release import build_release
from pipeline.publish.report import (
    CHARTS,
    COUNTED_TABLES,
    REPORT_FILES,
    REPORT_HTML,
    ReportData,
    Result,
    binned,
    build_report,
    circle_layout,
    contested_png,
    network_png,
    period_of,
    render_html,
    report_version,
    short_number,
    timeline_png,
)
from tests.chromium import chromium_page, screenshot

PNG = b"\x89PNG\r\n\x1a\n"


def _version(folder) -> str:
    return json.loads((folder / "datapackage.json").read_text())["version"]


def test_the_build_publishes_the_report_beside_the_tables(built):
    for name in REPORT_FILES:
        assert (built / name).is_file(), name
    for name in CHARTS.values():
        assert (built / name).read_bytes().startswith(PNG), name
    page = (built / REPORT_HTML).read_text()
    assert report_version(page) == _version(built)
    for name in CHARTS.values():
        assert f'src="{name}"' in page


@pytest.mark.ui
def test_the_report_renders_in_chromium_and_its_numbers_are_the_tables(built, tmp_path):
    problems = []
    with chromium_page(tmp_path / "profile", width=1100) as page:
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.goto((built / REPORT_HTML).as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate(
            "() => Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth])"
        )
        counts = page.evaluate(
            "() => Object.fromEntries(Array.from(document.querySelectorAll('[data-count]'))"
            ".map(e => [e.dataset.count, Number(e.textContent)]))"
        )
        contested_rows = page.locator("#contested table tbody tr").count()
        timeline = page.locator("#timeline table tbody tr td:last-child").all_text_contents()
        screenshot(page, "report.png", full_page=True)
    assert problems == []
    assert sorted(src for src, _ in images) == sorted(CHARTS.values())
    assert all(width > 0 for _, width in images), images

    con = connect(built)  # the CLI's own views, not the report's queries
    for table in COUNTED_TABLES:
        assert counts[table] == con.sql(f"select count(*) from {table}").fetchall()[0][0], table
    assert counts["events"] > 0 and sum(int(n) for n in timeline) == counts["events"]
    contested = con.sql(EXAMPLE_QUERIES[0].sql).fetchall()
    assert contested and contested_rows == len(contested)


def test_the_same_tables_give_the_same_report_bytes(built, tmp_path):
    for copy in ("a", "b"):
        shutil.copytree(built, tmp_path / copy)
        for name in REPORT_FILES:
            (tmp_path / copy / name).unlink()
        build_report(tmp_path / copy)
    for name in REPORT_FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), name
        assert first == (built / name).read_bytes(), name  # as the Dagster run drew it


def test_the_release_carries_the_report_and_download_unpacks_it(built, tmp_path):
    index = json.loads((built.parent / "published.releases" / "releases.json").read_text())
    bundle = built.parent / "published.releases" / index["releases"][-1]["file"]
    with zipfile.ZipFile(bundle) as zf:
        for name in REPORT_FILES:
            assert zf.read(name) == (built / name).read_bytes(), name
    got = download(str(bundle), tmp_path / "dataset")
    for name in REPORT_FILES:
        assert (got.folder / name).read_bytes() == (built / name).read_bytes(), name


def test_the_report_and_release_job_needs_only_the_published_folder(built, tmp_path):
    published = tmp_path / "published"
    shutil.copytree(built, published)
    for name in REPORT_FILES:
        (published / name).unlink()
    defs = build_defs(folder_resources(tmp_path / "no-raw", published, tmp_path / "no-work"))
    result = defs.resolve_job_def("report_and_release").execute_in_process(
        instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    done = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert done == {"report", "release"}
    assert not (tmp_path / "no-work").exists()  # nothing was extracted again
    for name in REPORT_FILES:
        assert (published / name).read_bytes() == (built / name).read_bytes(), name
    releases = tmp_path / "published.releases"  # beside a published folder not the default
    index = json.loads((releases / "releases.json").read_text())
    with zipfile.ZipFile(releases / index["releases"][-1]["file"]) as zf:
        assert set(REPORT_FILES) <= set(zf.namelist())


def test_a_report_of_other_tables_or_with_a_chart_missing_is_not_released(built, tmp_path):
    stale = tmp_path / "stale"
    shutil.copytree(built, stale)
    page = (stale / REPORT_HTML).read_text()
    (stale / REPORT_HTML).write_text(page.replace(_version(built), "1.0.0+00000000"))
    with pytest.raises(ValueError, match="report asset again"):
        build_release(stale, tmp_path / "releases")

    partial = tmp_path / "partial"
    shutil.copytree(built, partial)
    (partial / CHARTS["network"]).unlink()
    with pytest.raises(FileNotFoundError, match=CHARTS["network"]):
        build_release(partial, tmp_path / "releases")
    assert not (tmp_path / "releases" / "releases.json").exists()


def test_empty_tables_still_give_pictures_and_a_page():
    empty = Result(["a", "b", "c"], [])
    assert timeline_png(empty).startswith(PNG)
    assert network_png(empty).startswith(PNG)
    assert contested_png(Result(["about", "unit", "by", "q", "value", "text"], [])).startswith(PNG)
    data = ReportData("1.0.0+abcdef12", dict.fromkeys(COUNTED_TABLES, 0), *[empty] * 4)
    page = render_html(data)
    assert report_version(page) == "1.0.0+abcdef12"
    assert 'data-count="events">0<' in page


def test_names_in_the_tables_are_escaped_in_the_page():
    rows = Result(["source", "target", "events"], [("<b>A & B</b>", "C", 1)])
    empty = Result(["a"], [])
    data = ReportData("1.0.0+abcdef12", {}, empty, rows, empty, empty)
    page = render_html(data)
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in page and "<b>A" not in page


def test_dots_are_binned_by_a_period_that_fits_the_span():
    assert period_of(date(2024, 7, 1), date(2024, 8, 15)) == "day"
    assert period_of(date(2024, 1, 1), date(2024, 8, 15)) == "week"
    assert period_of(date(2020, 1, 1), date(2024, 8, 15)) == "month"
    rows = [("CONSULT", date(2024, 7, 29), 2), ("CONSULT", date(2024, 8, 1), 3)]
    assert binned(rows, "week") == [("CONSULT", date(2024, 7, 29), 5)]
    assert binned(rows, "month") == [
        ("CONSULT", date(2024, 7, 1), 2),
        ("CONSULT", date(2024, 8, 1), 3),
    ]
    assert binned(rows, "day") == rows


def test_the_network_layout_puts_every_actor_on_its_own_place_of_the_circle():
    for n in (1, 2, 3, 7, 20, 24):
        nodes = [f"actor {i}" for i in range(n)]
        position = circle_layout(nodes)
        assert position[nodes[0]] == pytest.approx((0.0, 1.0))  # the busiest at the top
        points = {(round(x, 6), round(y, 6)) for x, y in position.values()}
        assert len(points) == n
        assert all(x * x + y * y == pytest.approx(1.0) for x, y in points)


def test_short_numbers():
    assert short_number(6_200_000) == "6.2M"
    assert short_number(1500) == "1.5k"
    assert short_number(0.6667) == "0.667"
    assert short_number(2_000_000_000) == "2B"


def test_the_contested_figures_come_in_one_order_whatever_the_order_of_the_rows():
    import duckdb

    from pipeline.publish.report import CONTESTED_SQL

    figures = [  # two claims tie on the value, made by different claimants in other words
        ("f1", "a", "votes", "council", "exact", 5.0, "5 votes"),
        ("f2", "a", "votes", "party", "exact", 5.0, "five votes"),
        ("f3", "a", "votes", None, "about", 3.0, "some 3 votes"),
        ("f4", "a", "votes", "party", "exact", 3.0, "3 votes"),
    ]
    results = []
    for rows in (figures, figures[::-1]):
        con = duckdb.connect()
        con.execute("create table figures (figure_id varchar, subject_actor_id varchar, "
                    "unit varchar, claimant_id varchar, qualifier varchar, value double, "
                    "text varchar)")  # fmt: skip
        con.executemany("insert into figures values (?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("create table actors as select * from (values ('a', 'A'), "
                    "('council', 'Council')) t(actor_id, name)")  # fmt: skip
        con.execute("create table sources as select * from (values ('party', 'Party')) "
                    "t(source_id, name)")  # fmt: skip
        results.append(con.sql(CONTESTED_SQL).fetchall())
    assert results[0] == results[1]
    assert [row[2] for row in results[0]] == ["Council", "Party", "(unattributed)", "Party"]


def test_a_redraw_keeps_the_charts_whose_rows_did_not_change(built, tmp_path, monkeypatch):
    from pipeline.publish import report

    published = tmp_path / "published"
    shutil.copytree(built, published)
    drawn = []

    def counted(name, draw):
        return lambda rows: drawn.append(name) or draw(rows)

    for name in CHARTS:
        monkeypatch.setattr(report, f"{name}_png", counted(name, getattr(report, f"{name}_png")))
    build_report(published)
    assert drawn == []  # the same tables: every chart the build drew is kept
    # A chart file drawn from other rows (here another chart's) is drawn again, as it was.
    shutil.copy(published / CHARTS["network"], published / CHARTS["timeline"])
    build_report(published)
    assert drawn == ["timeline"]
    for name in REPORT_FILES:
        assert (published / name).read_bytes() == (built / name).read_bytes(), name
    rows = Result(["event_type", "day", "events"], [("PROTEST", date(2024, 7, 29), 3)])
    more = Result(rows.columns, [*rows.rows, ("ASSAULT", date(2024, 7, 30), 1)])
    assert report.chart_key("timeline", rows) != report.chart_key("timeline", more)
    assert report.chart_key("timeline", rows) != report.chart_key("coverage", rows)


def test_a_chart_drawn_by_a_helper_process_is_the_same_and_one_it_fails_is_drawn_here(
    built, tmp_path
):
    import multiprocessing
    from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor

    asked = []

    class Helper:
        def __init__(self, name, pool=None):
            self.name, self.pool = name, pool

        def submit(self, *args):
            asked.append(self.name)
            if self.pool:
                return self.pool.submit(*args)
            future = Future()  # its process died
            future.set_exception(BrokenExecutor("the helper's process died"))
            return future

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        for helper in (Helper("process", pool), Helper("dying")):
            shutil.copytree(built, tmp_path / helper.name)
            for file in REPORT_FILES:
                (tmp_path / helper.name / file).unlink()
            build_report(tmp_path / helper.name, helper)
    assert asked == ["process"] * len(CHARTS) + ["dying"] * len(CHARTS)  # every chart
    for name in asked:
        for file in REPORT_FILES:
            assert (tmp_path / name / file).read_bytes() == (built / file).read_bytes(), file
