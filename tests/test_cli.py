import json

from assets.cli import main
from tests.conftest import GOLD


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
    assert report["documents"]["titles"]["n"] == 5
