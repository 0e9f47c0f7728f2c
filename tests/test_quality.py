"""The extraction quality bars on the seed gold: a change that drops a score below its bar fails.

The seed gold is a development set; the same bars are checked on held-out articles elsewhere.
"""

import pytest

from pipeline.evaluate.scores import evaluate
from tests.conftest import GOLD
from tests.scores import current_column, readme_column

F1_BARS = {
    "actors": 0.90,
    "figures": 0.95,
    "events_strict": 0.60,
    "events_relaxed": 0.75,
    "citations": 1.0,
}


@pytest.fixture(scope="module")
def report(built):
    return evaluate(built, GOLD)


@pytest.mark.parametrize(("category", "bar"), sorted(F1_BARS.items()))
def test_f1_at_or_above_its_bar(report, category, bar):
    assert report[category]["f1"] >= bar, report[category]


def test_figures_subject_and_claimant_right_for_most(report):
    assert report["figures"]["subject_claimant_both"] >= 0.80


@pytest.mark.parametrize("check", ["dates", "titles", "bodies"])
def test_every_document_right(report, check):
    result = report["documents"][check]
    assert result["right"] == result["n"] == 5, result


def test_the_duplicate_group_is_linked_with_no_false_links(report):
    duplicates = report["documents"]["duplicates"]
    assert duplicates["groups_linked"] == duplicates["groups"] == 1
    assert duplicates["false_links"] == 0


def test_time_expressions_recall(report):
    assert report["timexes"]["tp"] >= 8


def test_the_readme_score_block_shows_these_seed_scores(report, built):
    stated = evaluate(built, GOLD, stated_targets_only=True)
    assert readme_column("seeds") == current_column(report, stated), (
        "the README's scores are stale: run `.venv/bin/actas eval --readme`"
    )
