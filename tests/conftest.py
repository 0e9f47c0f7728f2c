from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "gold" / "seeds.json"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One full in-process materialisation of the seeds, shared by the tests that read it."""
    from assets.build import build

    base = tmp_path_factory.mktemp("build")
    report = build(RAW, base / "published", base / "work")
    assert report.success, (report.failed_checks, report.failed_steps)
    return base / "published"
