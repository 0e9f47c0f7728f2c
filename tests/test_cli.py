import json
import shutil

import pytest

from assets.cli import main
from tests.conftest import GOLD, RAW, printed_by_a_fresh_python


def test_sql_answers_from_the_published_files(built, capsys):
    assert (
        main(
            [
                "sql",
                "select event_type, count(*) as n from events group by 1",
                "--out",
                str(built),
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"event_type", "n"} <= set(rows[0])


def test_sql_on_a_folder_without_a_dataset_says_what_to_do(tmp_path, capsys):
    assert main(["sql", "select 1", "--out", str(tmp_path)]) == 2
    assert "actas build" in capsys.readouterr().err


def test_eval_scores_the_build_against_the_gold(built, capsys):
    assert main(["eval", str(GOLD), "--out", str(built), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["actors"]["tp"] > 0
    assert report["documents"]["titles"]["n"] == len(list(RAW.glob("*.txt")))  # every seed


# `actas sql` reads the dataset and nothing else, unless --writable


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("COPY (select * from events) TO '{scratch}/events.csv'", "COPY"),
        ("ATTACH '{out}/actas.duckdb' AS published", "ATTACH"),
        ("DROP VIEW events", "DROP"),
        ("select 1; DROP VIEW events", "DROP"),
        ("CREATE TABLE t AS SELECT 1", "CREATE"),
        ("SET enable_external_access = true", "SET"),
        ("EXPORT DATABASE '{scratch}/all'", "EXPORT"),
    ],
)
def test_sql_refuses_statements_that_write(built, tmp_path, capsys, statement, kind):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = {p.name: p.read_bytes() for p in built.iterdir()}
    query = statement.format(out=built, scratch=scratch)
    assert main(["sql", query, "--out", str(built)]) == 2
    err = capsys.readouterr().err
    assert f"{kind} statements are refused" in err and "--writable" in err
    assert len(err.strip().splitlines()) == 1
    assert not any(scratch.iterdir())
    assert {p.name: p.read_bytes() for p in built.iterdir()} == before


def test_sql_reads_no_file_but_the_tables(built, capsys):
    for query in ["select * from read_csv('/etc/passwd')", "select * from glob('/*')"]:
        assert main(["sql", query, "--out", str(built)]) == 2
        err = capsys.readouterr().err
        assert "reads only the dataset's tables" in err and len(err.strip().splitlines()) == 1


def test_sql_writable_is_a_scratch_session(built, tmp_path, capsys):
    target = tmp_path / "events.csv"
    query = f"COPY (select event_type from events) TO '{target}'"
    assert main(["sql", query, "--out", str(built), "--writable"]) == 0
    assert target.read_text().startswith("event_type")


def test_sql_works_in_a_folder_with_a_quote_in_its_path(built, tmp_path, capsys):
    out = tmp_path / "o'brien"
    shutil.copytree(built, out)
    assert main(["sql", "select count(*) as n from actors", "--out", str(out),
                 "--format", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)[0]["n"] > 0


# `actas eval` refuses a gold file it cannot read, in one line


@pytest.mark.parametrize(
    ("gold", "problem"),
    [
        ({"file": "a.txt"}, "is not a list of gold entries"),
        (["a.txt"], "gold entry 1 is not an object"),
        ([{"document": {}}], "gold entry 1 has no 'file' name"),
        ([{"file": "a.txt", "document": {}, "events": [{"sources": []}]}],
         "gold entry 1 has 'events' item 1 without a valid 'types'"),
        ([{"file": "a.txt", "document": {}, "actors": "Maduro"}],
         "gold entry 1 has 'actors' that is not a list"),
    ],
)  # fmt: skip
def test_eval_refuses_a_gold_file_that_is_not_a_list_of_entries(
    built, tmp_path, capsys, gold, problem
):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    assert main(["eval", str(path), "--out", str(built)]) == 2
    err = capsys.readouterr().err
    assert problem in err and len(err.strip().splitlines()) == 1


def test_the_command_loads_nothing_heavy_before_a_build_starts_its_fork_server():
    """`actas build` starts the fork server that loads the model first thing: every import
    before it delays the buckets. DuckDB, pandas, Dagster and spaCy load later, or in the
    commands that use them."""
    code = (
        "import sys, assets.cli\n"
        "print(*[m in sys.modules for m in ('duckdb', 'pandas', 'dagster', 'spacy')])\n"
    )
    assert printed_by_a_fresh_python(code) == ["False"] * 4
