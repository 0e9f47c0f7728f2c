"""The extraction bars on the development set of real articles (`../shared/dev/`).

Its texts are third-party material, obtained locally into data/dev/ and never committed, so
this module skips where they are not all present (as in CI); the seed bars in test_quality.py
always run.
"""

import pytest

from pipeline.evaluate import evalsets
from pipeline.evaluate.scores import evaluate
from tests.scores import current_column, readme_column

DEV = next((s for s in evalsets.default_sets() if s.name == "dev"), None)
PRESENT = evalsets.presence(DEV) if DEV else None
pytestmark = [
    pytest.mark.slow,  # builds the 24 dev articles
    pytest.mark.skipif(
        PRESENT is None or not PRESENT.complete,
        reason="dev set not scored: "
        + (f"{PRESENT.describe()} in {DEV.raw}" if PRESENT else "no dev gold found")
        + " (README: Evaluation)",
    ),
]

F1_BARS = {"actors": 0.92, "events_strict": 0.50, "events_relaxed": 0.65, "figures": 0.85,
           "citations": 0.90}  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from assets.build import build

    base = tmp_path_factory.mktemp("dev")
    report = build(DEV.raw, base / "published", base / "work", log_level="WARNING")
    assert report.success, (report.failed_checks, report.failed_steps)
    return base / "published"


@pytest.fixture(scope="module")
def report(published):
    return evaluate(published, DEV.gold)


@pytest.mark.parametrize(("category", "bar"), sorted(F1_BARS.items()))
def test_f1_at_or_above_its_bar(report, category, bar):
    assert report[category]["f1"] >= bar, report[category]


def test_events_precision_first(report):
    assert report["events_strict"]["precision"] >= 0.65, report["events_strict"]


@pytest.mark.parametrize("key", ["subject_accuracy", "claimant_accuracy"])
def test_figures_attributed_right_for_most(report, key):
    assert report["figures"][key] >= 0.70, report["figures"]


@pytest.mark.parametrize(("check", "bar"), [("dates", 22), ("titles", 23), ("bodies", 21)])
def test_documents_right(report, check, bar):
    assert report["documents"][check]["right"] >= bar, report["documents"][check]


def test_time_expressions_recall(report):
    timexes = report["timexes"]
    assert timexes["tp"] >= 0.90 * (timexes["tp"] + timexes["fn"]), timexes


def test_the_readme_score_block_shows_these_dev_scores(report, published):
    stated = evaluate(published, DEV.gold, stated_targets_only=True)
    assert readme_column("dev") == current_column(report, stated), (
        "the README's scores are stale: run `.venv/bin/actas eval --readme`"
    )
