"""Raw texts in buckets (pipeline/ingest/buckets.py): a changed text makes only its bucket stale,
and a re-run analyses only that bucket."""

import shutil
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import pytest

from pipeline.ingest import buckets
from tests.conftest import RAW, ROOT

LEXICONS = ROOT / "data" / "lexicons"


def test_a_file_keeps_its_bucket_whatever_else_is_in_the_folder():
    names = [f"{i:03d}.txt" for i in range(200)]
    placed = {name: buckets.bucket_of(name, 8) for name in names}
    assert placed == {name: buckets.bucket_of(name, 8) for name in reversed(names)}
    assert set(placed.values()) == set(range(8))  # a hash spreads them over every bucket


@pytest.mark.parametrize("value", ["0", "-3", "many", "257"])
def test_a_bad_bucket_count_is_a_one_line_error(value):
    with pytest.raises(ValueError, match="ACTAS_BUCKETS"):
        buckets.bucket_count(value)


def test_a_manifest_tells_which_files_changed():
    manifest = buckets.Manifest("f1", {"a.txt": "1", "b.txt": "2"})
    assert manifest.matches("f1", {"a.txt": "1", "b.txt": "2"})
    assert manifest.changed("f1", {"a.txt": "1", "b.txt": "3", "c.txt": "4"}) == 2
    assert manifest.changed("f2", {"a.txt": "1", "b.txt": "2"}) == 2  # other code: all
    assert manifest.to_read("f1", {"a.txt": "1", "b.txt": "3", "c.txt": "4"}) == ["b.txt", "c.txt"]


def test_a_plan_costs_each_stale_bucket_the_bytes_it_must_read_again(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i, size in enumerate((100, 250, 40, 400)):
        (raw / f"{i}.txt").write_bytes(b"x" * size)
    plan = buckets.plan(raw, tmp_path / "work", 2, "f1", 1000)
    where = {i: buckets.bucket_of(f"{i}.txt", 2) for i in range(4)}
    expected = {b: sum(s for i, s in enumerate((100, 250, 40, 400)) if where[i] == b)
                for b in set(where.values())}  # fmt: skip
    assert plan.bytes_to_read() == expected
    # A bucket that must read one changed file again costs that file alone.
    one = buckets.Plan({0: (raw / "1.txt",)}, 2, {0: tuple(sorted(raw.iterdir()))})
    assert one.bytes_to_read() == {0: 250}


def test_a_process_that_frees_up_takes_the_costliest_bucket_left():
    from dagster._core.execution.api import create_execution_plan
    from dagster._core.execution.retries import RetryMode

    from assets.build import build_job
    from assets.execution import costliest_first

    names = [buckets.bucket_name(i) for i in range(4)]
    plan = create_execution_plan(build_job(), step_keys_to_execute=names)
    costs = {names[0]: 10, names[1]: 40, names[2]: 30, names[3]: 40}

    def dealt(execution_plan) -> list[str]:
        """The order the multiprocess executor starts the steps in, one process at a time."""
        order = []
        with execution_plan.start(RetryMode.DISABLED, max_concurrent=1) as active:
            while not active.is_complete:
                (step,) = active.get_steps_to_execute()
                order.append(step.key)
                active.mark_success(step.key)
        return order

    assert dealt(plan) == names  # by key, left to itself
    assert dealt(costliest_first(plan, costs)) == [names[1], names[3], names[2], names[0]]


def test_a_ui_run_puts_its_buckets_in_processes_only_when_they_hold_enough_new_texts(
    tmp_path, monkeypatch
):
    import assets.execution as execution
    from assets.forkserver import MIN_FILES_FOR_PROCESSES

    raw, work = tmp_path / "raw", tmp_path / "work"
    raw.mkdir()
    for i in range(MIN_FILES_FOR_PROCESSES + 5):
        (raw / f"{i:03d}.txt").write_text(f"Headline {i}\n\nThe council met on day {i}.\n")
    config = {"resources": {"raw_folder": {"config": {"path": str(raw)}},
                            "work_folder": {"config": {"path": str(work)}}}}  # fmt: skip
    steps = [buckets.bucket_name(i) for i in range(8)] + ["collect", "report"]
    auto = execution._scheduled("auto", 2, None)
    costs = auto(config, steps)
    assert costs is not None and set(costs) == set(steps[:8])
    assert sum(costs.values()) == sum(f.stat().st_size for f in raw.iterdir())
    for f in sorted(raw.iterdir())[5:]:
        f.unlink()  # five texts: not worth a process start each
    assert auto(config, steps) is None
    # A run of one bucket, or none, stays in its process without reading the raw folder.
    monkeypatch.setattr(execution, "_run_plan", lambda _: pytest.fail("read the raw folder"))
    assert auto(config, ["bucket_03", "collect"]) is None and auto(config, ["report"]) is None
    assert execution._scheduled("in_process", 2, None)(config, steps) is None


@pytest.mark.slow
def test_changing_one_text_reruns_only_its_buckets_analysis(tmp_path):
    from assets.build import build
    from assets.definitions import N_BUCKETS
    from pipeline.ingest.documents import parse_text

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    first = build(raw, tmp_path / "out", tmp_path / "work")
    assert first.success, first.failed_steps
    assert first.stale_buckets == [buckets.bucket_name(i) for i in range(N_BUCKETS)]
    changed = sorted(raw.glob("*.txt"))[2]
    text = changed.read_text(encoding="utf-8")
    anchor = parse_text(text).body.split("\n\n")[1][:40]
    changed.write_text(text.replace(anchor, f"{anchor} The council met again on Tuesday.", 1),
                       encoding="utf-8")  # fmt: skip
    again = build(raw, tmp_path / "out", tmp_path / "work")
    assert again.success, again.failed_steps
    assert again.stale_buckets == [buckets.bucket_name(buckets.bucket_of(changed.name, N_BUCKETS))]
    # Only that bucket's step ran.
    ran = {e.step_key for e in again.result.all_events if e.event_type_value == "STEP_START"}
    assert {k for k in ran if k.startswith("bucket_")} == set(again.stale_buckets)


@pytest.mark.slow
def test_a_run_lists_the_raw_folder_once_for_all_its_buckets(tmp_path, monkeypatch):
    import dagster as dg

    from assets.definitions import build_defs, folder_resources

    listed = []
    split = buckets.split
    monkeypatch.setattr(buckets, "split", lambda raw, n: listed.append(raw) or split(raw, n))
    defs = build_defs(folder_resources(RAW, tmp_path / "out", tmp_path / "work"), n_buckets=2)
    job = defs.resolve_implicit_global_asset_job_def()
    keys = [dg.AssetKey(buckets.bucket_name(i)) for i in range(2)]
    for _ in range(2):
        assert job.execute_in_process(asset_selection=keys).success
    assert len(listed) == 2  # once per run, not once per bucket step


def _bucket_tables(folder) -> dict:
    import pyarrow.parquet as pq

    return {path.name: pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


@pytest.mark.slow
def test_a_bucket_given_new_files_only_holds_what_a_whole_build_of_it_would(tmp_path):
    from pipeline.extract.analyse import Setup
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.extract.nlp import DEFAULT_MODEL
    from pipeline.ingest.files import DEFAULT_MAX_BYTES
    from pipeline.publish import tables

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "b-empty.txt").write_text("", encoding="utf-8")  # a new file that is rejected
    items = buckets.split(raw, 1)[0]
    names = [buckets.item_name(raw, i) for i in items]
    new = {names[1], names[3], "b-empty.txt"}  # among the old ones in folder order
    lexicon, setup = load_lexicon(LEXICONS), Setup(DEFAULT_MODEL, LEXICONS)
    cache = tmp_path / "cache"

    old = [i for i, n in zip(items, names, strict=True) if n not in new]
    added = [i for i, n in zip(items, names, strict=True) if n in new]

    def build(chosen, folder):
        return tables.build_bucket(raw, chosen, DEFAULT_MAX_BYTES, lexicon, setup, cache, folder)

    build(old, tmp_path / "old")
    whole = build(items, tmp_path / "whole")
    extended = tables.extend_bucket(tmp_path / "old", tmp_path / "new", partial(build, added))
    assert (extended.documents, extended.rejected) == (whole.documents, whole.rejected)
    assert _bucket_tables(tmp_path / "new").keys() == _bucket_tables(tmp_path / "whole").keys()
    for name, table in _bucket_tables(tmp_path / "whole").items():
        assert _bucket_tables(tmp_path / "new")[name].equals(table), name
    assert [p.name for p in (tmp_path / "new").iterdir() if p.is_dir()] == []

    # A new file that repeats a text the bucket holds: which one is the repeat depends on the
    # folder order, so the bucket is built whole instead.
    shutil.copy(raw / names[0], raw / "a-copy.txt")
    copy = next(i for i in buckets.split(raw, 1)[0] if buckets.item_name(raw, i) == "a-copy.txt")
    assert tables.extend_bucket(tmp_path / "whole", tmp_path / "repeat",
                                partial(build, [copy])) is None  # fmt: skip
    assert not any((tmp_path / "repeat").glob("*.parquet"))
    # A folder damaged since it was made (a table gone) is built whole too.
    shutil.copytree(tmp_path / "old", tmp_path / "damaged")
    (tmp_path / "damaged" / "events.parquet").unlink()
    assert tables.extend_bucket(tmp_path / "damaged", tmp_path / "from-damaged",
                                partial(build, added)) is None  # fmt: skip


def test_a_bucket_made_ahead_is_taken_only_if_made_from_the_same_files_by_the_same_code(
    tmp_path,
):
    from pipeline.extract.analyse import Setup
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.extract.nlp import DEFAULT_MODEL
    from pipeline.ingest.files import DEFAULT_MAX_BYTES
    from pipeline.publish import bucketing

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    items = buckets.split(raw, 1)[0]
    files = buckets.digests(raw, items, DEFAULT_MAX_BYTES)
    folder = buckets.bucket_folder(tmp_path / "work", 0)
    common = (DEFAULT_MAX_BYTES, load_lexicon(LEXICONS), Setup(DEFAULT_MODEL, LEXICONS),
              tmp_path / "cache")  # fmt: skip

    def ahead(fingerprint):
        bucketing.make_ahead(raw, items, folder, fingerprint, *common)
        return buckets.ahead(folder)

    assert bucketing.take_ahead(folder, "this code", files) is None  # none was made
    assert ahead("other code").is_dir()
    assert bucketing.take_ahead(folder, "this code", files) is None
    assert not buckets.ahead(folder).exists() and not folder.exists()  # removed, not taken
    ahead("this code")
    changed = {**files, buckets.item_name(raw, items[0]): "other bytes"}
    assert bucketing.take_ahead(folder, "this code", changed) is None

    (tmp_path / "here").mkdir()
    made_here, _ = bucketing.make(raw, items, folder, "this code", files, *common,
                                  tmp_path / "here")  # fmt: skip
    ahead("this code")
    manifest, made = bucketing.take_ahead(folder, "this code", files)
    assert manifest == made_here and made.documents == manifest.documents == len(items)
    assert not buckets.ahead(folder).exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in (tmp_path / "here").iterdir())  # what it says it made, and no more
    assert _bucket_tables(folder).keys() == _bucket_tables(tmp_path / "here").keys()
    for name, table in _bucket_tables(tmp_path / "here").items():
        assert _bucket_tables(folder)[name].equals(table), name
    assert list(folder.parent.iterdir()) == [folder]  # nothing left beside it

    (folder.parent / f"{buckets.ahead(folder).name}-999").mkdir()  # left by a killed process
    ahead("this code")
    buckets.clear_ahead(folder)
    assert list(folder.parent.iterdir()) == [folder]


def test_the_buckets_made_ahead_are_dealt_out_by_their_work_each_share_in_step_order():
    from assets.forkserver import BUCKET_COST, _shares

    stale = {0: 1, 2: 9, 3: 1, 5: 2, 6: 1}  # bucket -> files to read
    plan = buckets.Plan({i: ("x",) * n for i, n in stale.items()}, 8,
                        {i: (f"bucket {i}",) for i in stale})  # fmt: skip
    shares = _shares(plan, 2)
    assert [[index for index, _ in share] for share in shares] == [[2], [0, 3, 5, 6]]
    assert all(files == (f"bucket {index}",) for share in shares for index, files in share)
    loads = [sum(stale[i] + BUCKET_COST for i, _ in share) for share in shares]
    assert loads == [11, 13]
    assert len(_shares(plan, 8)) == len(stale)  # no process without a bucket


def test_a_manifest_tells_which_files_were_only_added():
    manifest = buckets.Manifest("f1", {"a.txt": "1", "b.txt": "2"})
    assert manifest.added("f1", {"a.txt": "1", "b.txt": "2", "c.txt": "3"}) == ["c.txt"]
    assert manifest.added("f1", {"a.txt": "1", "b.txt": "9", "c.txt": "3"}) == []  # b changed
    assert manifest.added("f1", {"a.txt": "1", "c.txt": "3"}) == []  # b removed
    assert manifest.added("f2", {"a.txt": "1", "b.txt": "2", "c.txt": "3"}) == []  # other code


@pytest.fixture(scope="module")
def forty_built(tmp_path_factory):
    """Raw, published and work folders of a build of just enough texts for the fork server."""
    from assets.build import build
    from assets.forkserver import MIN_FILES_FOR_PROCESSES
    from benchmarks.corpus import make_corpus

    base = tmp_path_factory.mktemp("forty")
    make_corpus(RAW, base / "raw", MIN_FILES_FOR_PROCESSES)
    assert build(base / "raw", base / "out", base / "work", n_process=2).success
    return base


def _copy(built, tmp_path):
    for name in ("raw", "out", "work"):
        shutil.copytree(built / name, tmp_path / name, symlinks=True)
    return tmp_path / "raw", tmp_path / "out", tmp_path / "work"


@pytest.mark.slow
def test_a_few_new_texts_are_analysed_ahead_by_the_fork_servers_processes(
    forty_built, tmp_path, monkeypatch
):
    from assets import forkserver
    from assets.build import build
    from benchmarks.corpus import make_corpus
    from pipeline.extract import analyse

    raw, out, work = _copy(forty_built, tmp_path)
    make_corpus(RAW, raw, 3, seed=99, prefix="new-")
    started = _record_fork_servers(monkeypatch)

    def refuse(*args, **kwargs):
        raise AssertionError("the build's own process loaded the model")

    monkeypatch.setattr(analyse.Stages, "__init__", refuse)
    helpers = _record_report_helpers(monkeypatch)
    again = build(raw, out, work, n_process=2)
    assert again.success, again.failed_steps
    assert again.bucket_processes == 1  # three new texts: their buckets ran in this process
    assert started == [forkserver.ANALYSIS_PRELOAD]  # a server with the model, not Dagster
    assert len(helpers) == 1 and isinstance(helpers[0], ProcessPoolExecutor)  # drew the charts
    made = {str(m.asset_key.path[-1]): m.materialization.metadata
            for m in again.result.get_asset_materialization_events()}  # fmt: skip
    assert again.stale_buckets and all(made[name]["made_ahead"].value is True
                                       for name in again.stale_buckets)  # fmt: skip
    assert not list((work / buckets.FOLDER).glob(".*"))  # every folder made ahead was taken

    # The same three texts added by the steps themselves, in one process: the same bytes.
    raw2, out2, work2 = _copy(forty_built, tmp_path / "here")
    make_corpus(RAW, raw2, 3, seed=99, prefix="new-")
    monkeypatch.undo()
    here = build(raw2, out2, work2, n_process=1)
    assert here.success and here.stale_buckets == again.stale_buckets
    for path in [*out.glob("*.parquet"), *(work / buckets.FOLDER).glob("*/*.parquet")]:
        twin = out2 / path.relative_to(out) if path.parent == out else (
            work2 / path.relative_to(work))  # fmt: skip
        assert path.read_bytes() == twin.read_bytes(), path


def _record_report_helpers(monkeypatch) -> list:
    """The helpers the report's step is given from now on (None: it draws the charts)."""
    from pipeline.publish import report

    given, draw = [], report.build_report

    def recorded(published, helper=None):
        given.append(helper)
        return draw(published, helper)

    monkeypatch.setattr(report, "build_report", recorded)
    return given


def _record_fork_servers(monkeypatch) -> list:
    """The preloads of the fork servers started from now on (None: the step processes')."""
    from assets import forkserver

    started, start = [], forkserver.start_fork_server

    def recorded(preload=None):
        started.append(preload)
        start(preload)

    monkeypatch.setattr(forkserver, "start_fork_server", recorded)
    return started


@pytest.mark.slow
def test_a_fork_server_started_for_a_few_texts_makes_way_for_the_steps_when_all_are_stale(
    forty_built, tmp_path, monkeypatch
):
    """New code makes every text stale, which the guess made before the code loads cannot
    see: the server that loaded only the model is replaced by one the steps can use."""
    from assets import forkserver
    from assets.build import build
    from benchmarks.corpus import make_corpus

    raw, out, work = _copy(forty_built, tmp_path)
    for path in (work / buckets.FOLDER).glob("*/manifest.json"):
        path.write_text(path.read_text().replace('"fingerprint": "', '"fingerprint": "old-'))
    make_corpus(RAW, raw, 3, seed=99, prefix="new-")
    started = _record_fork_servers(monkeypatch)
    helpers = _record_report_helpers(monkeypatch)
    again = build(raw, out, work, n_process=2)
    assert again.success, again.failed_steps
    assert again.bucket_processes == 2
    assert started == [forkserver.ANALYSIS_PRELOAD, None]
    # The server outlives the buckets' run: the report's charts are drawn in its processes.
    assert len(helpers) == 1 and isinstance(helpers[0], ProcessPoolExecutor)


@pytest.mark.slow
def test_a_quiet_build_prints_no_log_line_of_its_step_processes(forty_built, tmp_path, capfd):
    from assets.cli import main

    raw, out, work = _copy(forty_built, tmp_path)
    for path in (work / buckets.FOLDER).glob("*/manifest.json"):  # every bucket stale
        path.write_text(path.read_text().replace('"fingerprint": "', '"fingerprint": "old-'))
    argv = ["build", "--raw", str(raw), "--out", str(out), "--work", str(work), "--quiet"]
    assert main([*argv, "--processes", "2"]) == 0
    printed = capfd.readouterr()
    assert "in 2 process(es)" in printed.out
    assert " - dagster - " not in printed.out + printed.err


def test_the_fork_server_a_build_starts_depends_on_how_many_texts_look_new(tmp_path, monkeypatch):
    from assets import forkserver
    from benchmarks.corpus import make_corpus

    raw, work = tmp_path / "raw", tmp_path / "work"
    started = []
    monkeypatch.setattr(forkserver, "start_fork_server", started.append)
    monkeypatch.setattr(forkserver, "running", lambda: False)
    guess = partial(forkserver.start_if_useful, raw, work, n_buckets=4, max_bytes=10**6)

    make_corpus(RAW, raw, forkserver.MIN_FILES_FOR_PROCESSES - 1)
    guess(n_process=2)  # too few files to need processes at all
    make_corpus(RAW, raw, 1, seed=5, prefix="more-")
    guess(n_process=1)  # one process allowed
    guess(n_process=2)  # no bucket made yet: every file is new
    for index, items in enumerate(buckets.split(raw, 4)):  # as if a build had made them
        folder = buckets.bucket_folder(work, index)
        folder.mkdir(parents=True)
        files = buckets.digests(raw, items, 10**6)
        buckets.write_manifest(folder, buckets.Manifest("any code", files, len(files)))
    guess(n_process=2)  # nothing new
    make_corpus(RAW, raw, 2, seed=6, prefix="new-")
    guess(n_process=2)  # two new
    assert started == [None, None, forkserver.ANALYSIS_PRELOAD]


def test_without_a_fork_server_no_helpers_start_and_steps_do_the_work_themselves(monkeypatch):
    from assets import forkserver

    monkeypatch.setattr(forkserver, "running", lambda: False)
    with forkserver.helpers(2, int):
        assert forkserver.helper_pool() is None


def test_helpers_start_once_no_bucket_is_being_made_ahead(monkeypatch):
    """Processes making buckets ahead keep every core busy: the report's helpers start after
    the last bucket's step has its folder."""
    from assets import forkserver

    waited = []
    monkeypatch.setattr(forkserver, "running", lambda: True)  # a pool starts its own server
    monkeypatch.setitem(forkserver._ahead, 3, lambda: waited.append(3))
    with forkserver.helpers(2, int):
        pool = forkserver.helper_pool()
        assert isinstance(pool, ProcessPoolExecutor) and not pool._processes
        forkserver.wait_for_ahead(3)
        assert waited == [3] and len(pool._processes) == 2
    with forkserver.helpers(1, int):  # none being made ahead: they start at once
        assert len(forkserver.helper_pool()._processes) == 1
