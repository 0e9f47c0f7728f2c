from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "gold" / "seeds.json"
# Fixtures that build the seeds (tens of seconds): every test that needs one, directly or
# through another fixture, is an integration test and gets the `slow` marker.
BUILDING_FIXTURES = frozenset({"built"})


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One full in-process materialisation of the seeds, shared by the tests that read it."""
    from assets.build import build

    base = tmp_path_factory.mktemp("build")
    report = build(RAW, base / "published", base / "work")
    assert report.success, (report.failed_checks, report.failed_steps)
    return base / "published"


@pytest.fixture(scope="session")
def find():
    """The actor mentions of a sentence, through the real model and the project's lexicons."""
    from pipeline.extract.actors import ActorMatcher
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.extract.nlp import load_model

    nlp, lexicon = load_model(), load_lexicon()
    matcher = ActorMatcher(nlp, lexicon, exclude=["Reuters"])
    return lambda text: matcher.find(nlp(text))
