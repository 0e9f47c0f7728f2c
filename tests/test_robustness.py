"""Bad input never breaks a run or loses data; a failed run leaves the last dataset intact."""

import shutil

import duckdb
import pytest

import pipeline.extract.analyse
import pipeline.publish.dataset
from assets.build import ConfigError, build
from pipeline.extract.lexicon import LexiconError
from pipeline.ingest.files import RawFolderError
from tests.conftest import RAW, ROOT

BAD = ROOT / "tests" / "corpus" / "bad"
# Every bad file of the corpus and the reason it must be rejected with.
EXPECTED_REJECTIONS = {
    "empty.txt": "empty",
    "whitespace.txt": "empty",
    "nul_bytes.txt": "binary",
    "scan.txt": "binary",
    "photo.md": "binary",
    "undecodable.txt": "undecodable",
    "nav_only.html": "html_without_article",
    "spanish.txt": "not_english",
    "too_large.txt": "too_large",
    "utf16_bom.txt": "duplicate",
}
# Good texts in awkward encodings and formats: accepted, with this text in their body.
EXPECTED_ACCEPTED = {
    "utf16_nobom.txt": "Colombia's foreign minister",
    "windows1252.txt": "Mexico’s president said the “electoral records”",
    "mojibake.txt": "Brazil’s president said the election’s results",
    "page.html": "recalled its ambassador from Venezuela",
    "copy_of_utf16_bom.txt": "Venezuela's opposition said on Tuesday",
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    base = tmp_path_factory.mktemp("messy")
    raw = base / "raw"
    shutil.copytree(RAW, raw / "seeds")
    shutil.copytree(BAD, raw / "bad")
    _add_odd_files(raw / "odd", base / "private")
    report = build(raw, base / "published", base / "work", max_bytes=5000)
    return report, base / "published"


ODD_STORY = (
    "The port authority of Lorvik said on Tuesday that the northern ferry line would reopen "
    "in spring, after a dispute between the operator and the regional council over fuel costs."
)
# Files, links and headers a user's folder may hold, and the reason each must be rejected with.
ODD_REJECTIONS = {"odd/leak.txt": "outside_folder", "odd/dangling.txt": "unreadable"}


def _add_odd_files(odd, private):
    import os

    odd.mkdir()
    private.mkdir()
    (private / "notes.txt").write_text("My private notes. " + ODD_STORY)
    (odd / "leak.txt").symlink_to(private / "notes.txt")
    (odd / "dangling.txt").symlink_to(odd / "removed.txt")
    (odd / os.fsdecode(b"caf\xe9.txt")).write_text("A cafe owner said. " + ODD_STORY)
    (odd / "year_zero.txt").write_text(f"Published: 0001-01-01T00:00+01:00\n\n{ODD_STORY}")


def _query(folder, sql):
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{folder}'")
    return con.execute(sql).fetchall()


@pytest.mark.slow
def test_a_messy_folder_publishes_every_good_document(messy):
    report, out = messy
    assert report.success, (report.failed_checks, report.failed_steps)
    files = {f for (f,) in _query(out, "select source_file from read_parquet('documents.parquet')")}
    assert {f"seeds/{p.name}" for p in RAW.glob("*.txt")} <= files
    assert {f"bad/{name}" for name in EXPECTED_ACCEPTED} <= files


@pytest.mark.slow
def test_every_bad_file_is_listed_with_its_reason(messy):
    _, out = messy
    rows = _query(
        out, "select source_file, reason, detail from read_parquet('rejected_inputs.parquet')"
    )
    rejected = {f.removeprefix("bad/"): reason for f, reason, _ in rows if f.startswith("bad/")}
    assert rejected == EXPECTED_REJECTIONS
    assert all(detail for _, _, detail in rows)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text"), sorted(EXPECTED_ACCEPTED.items()))
def test_awkward_encodings_are_decoded(messy, name, text):
    _, out = messy
    (body,) = _query(
        out, f"select body from read_parquet('documents.parquet') where source_file = 'bad/{name}'"
    )[0]
    assert text in body


@pytest.mark.slow
def test_links_odd_names_and_impossible_dates_neither_stop_the_run_nor_leak(messy):
    report, out = messy
    assert report.success, (report.failed_checks, report.failed_steps)
    rows = _query(out, "select source_file, reason from read_parquet('rejected_inputs.parquet')"
                       " where source_file like 'odd/%'")  # fmt: skip
    assert dict(rows) == ODD_REJECTIONS
    docs = dict(_query(out, "select source_file, date_basis from read_parquet("
                            "'documents.parquet') where source_file like 'odd/%'"))  # fmt: skip
    assert docs.keys() == {"odd/caf\\xe9.txt", "odd/year_zero.txt"}
    assert docs["odd/year_zero.txt"] != "stated"
    leaked = _query(out, "select count(*) from read_parquet('documents.parquet') "
                         "where body like '%private notes%'")  # fmt: skip
    assert leaked == [(0,)]


@pytest.mark.slow
def test_one_document_failing_in_a_stage_does_not_stop_the_run(tmp_path, monkeypatch):
    real = pipeline.extract.analyse.extract_figures
    calls = {"n": 0}

    def flaky(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("a bug met a strange sentence")
        return real(*args)

    monkeypatch.setattr(pipeline.extract.analyse, "extract_figures", flaky)
    report = build(RAW, tmp_path / "published", tmp_path / "work")
    assert report.success
    assert report.failed_documents == {"figures": 1}
    docs = _query(tmp_path / "published", "select count(*) from read_parquet('documents.parquet')")
    assert docs == [(len(list(RAW.glob("*.txt"))),)]  # the failing one too


def test_a_failure_while_publishing_leaves_the_last_dataset_intact(built, tmp_path, monkeypatch):
    out = tmp_path / "published"
    shutil.copytree(built, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline.publish.dataset, "write_database", crash)
    report = build(RAW, out, tmp_path / "work")
    assert not report.success and "publish" in report.failed_steps
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    leftovers = [p.name for p in tmp_path.iterdir() if "staging" in p.name or ".old" in p.name]
    assert leftovers == []


def test_a_killed_run_leaves_the_dataset_and_its_debris_is_swept(built, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "published"
    shutil.copytree(built, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    child = subprocess.Popen(
        [sys.executable, "-m", "assets.cli", "build", "--raw", str(RAW), "--out", str(out),
         "--work", str(tmp_path / "work"), "--quiet"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    parsed = tmp_path / "work" / "figures.parquet"
    deadline = time.monotonic() + 120
    while not parsed.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)  # analysis is done, publishing is not
    child.wait()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    (tmp_path / ".published.staging-99999").mkdir()  # as a run killed while publishing leaves
    assert build(RAW, out, tmp_path / "work").success
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_missing_raw_folder_fails_before_any_work(tmp_path):
    with pytest.raises(RawFolderError, match="--raw"):
        build(tmp_path / "nowhere", tmp_path / "out", tmp_path / "work")


def test_bad_lexicon_yaml_names_the_file(tmp_path):
    lexicons = tmp_path / "lexicons"
    shutil.copytree(ROOT / "data" / "lexicons", lexicons)
    (lexicons / "actors.yaml").write_text("- id: x\n  name: [unclosed\n")
    with pytest.raises(LexiconError, match="actors.yaml"):
        build(RAW, tmp_path / "out", tmp_path / "work", lexicon_dir=lexicons)


def test_an_unwritable_output_fails_with_the_option_to_change(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="--out"):
        build(RAW, blocker / "published", tmp_path / "work")


def test_a_second_concurrent_publisher_is_refused_clearly(built, tmp_path):
    from pipeline.publish.locks import FolderBusy, exclusive

    out = tmp_path / "published"
    shutil.copytree(built, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with exclusive(out, "publish elsewhere"):  # as a first run in the middle of publishing
        report = build(RAW, out, tmp_path / "work")
    assert not report.success
    assert "is in use by actas (pid" in report.failed_steps["publish"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    with pytest.raises(FolderBusy, match="--work"), exclusive(tmp_path / "work", "x"):
        build(RAW, out, tmp_path / "work")


def test_changing_one_input_changes_only_its_rows(built, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    changed = sorted(raw.glob("*.txt"))[-1]
    changed.write_text(changed.read_text() + "\n\nChile recalled its ambassador on Friday.\n")
    assert build(raw, tmp_path / "published", tmp_path / "work").success
    for table in ("documents", "sentences", "actor_mentions", "events", "figures",
                  "time_expressions", "citations"):  # fmt: skip
        old, new = (
            set(_query(folder, f"""
                select * from read_parquet('{table}.parquet') where doc_id not in (
                    select doc_id from read_parquet('documents.parquet')
                    where source_file = '{changed.name}')"""))
            for folder in (built, tmp_path / "published")
        )  # fmt: skip
        assert old == new, table


@pytest.mark.parametrize(
    ("roots", "key_modules"),
    [
        (["extract.analyse"], "pipeline.extract.analyse:ANALYSIS_MODULES"),
        (
            ["ingest.files", "ingest.documents", "common.cache", "common.records"],
            "pipeline.publish.tables:INGEST_MODULES",
        ),
    ],
)
def test_a_cache_key_covers_every_module_its_results_come_from(roots, key_modules):
    import ast
    import importlib

    module_name, attribute = key_modules.split(":")
    covered = set(getattr(importlib.import_module(module_name), attribute))

    def imported(module: str) -> set[str]:
        tree = ast.parse(path_of(module).read_text())
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        froms = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        names += [f"{n.module}.{a.name}" for n in froms if n.module.startswith("pipeline")
                  for a in n.names]  # fmt: skip
        modules = {name.removeprefix("pipeline.") for name in names if name.startswith("pipeline.")}
        return {m for m in modules if path_of(m).exists()}

    def path_of(module: str):
        return ROOT.joinpath("pipeline", *module.split(".")).with_suffix(".py")

    seen, todo = set(), list(roots)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += imported(module)
    assert seen - {"__init__"} <= covered
