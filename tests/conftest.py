import ast
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


def _marks(path: Path) -> tuple[set[str], set[str]]:
    """The markers a test module's `pytestmark` gives every test in it, and all it names."""
    tree = ast.parse(path.read_bytes())
    module_wide = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets)
    ]
    return _mark_names(ast.Module(module_wide, [])), _mark_names(tree)


def _mark_names(tree: ast.AST) -> set[str]:
    """X of every `pytest.mark.X` (or `mark.X`) in the tree."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute | ast.Name)
        if getattr(node.value, "attr", getattr(node.value, "id", None)) == "mark"
    }


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m`, a module whose module-wide markers deselect every test it can hold is not
    even imported (`make test-fast` then loads no browser driver, Hypothesis or benchmark)."""
    expression = config.getoption("markexpr")
    if not expression or not collection_path.name.startswith("test_"):
        return None
    if collection_path.suffix != ".py":
        return None
    return True if deselects_every_test(collection_path, expression) else None


def deselects_every_test(path: Path, expression: str) -> bool:
    """Whether `-m expression` deselects every test the module can hold, whatever markers a
    test adds to the module's own (`pytestmark`) among those the module names."""
    always, named = _marks(path)
    if not always:
        return False
    try:
        from _pytest.mark.expression import Expression  # the parser of `-m` itself

        selects = Expression.compile(expression).evaluate
    except (ImportError, SyntaxError):
        return False
    maybe = sorted((named | {"slow"}) - always)  # a test may add these (slow: BUILDING_FIXTURES)
    subsets = (
        always | {m for i, m in enumerate(maybe) if n >> i & 1} for n in range(2 ** len(maybe))
    )
    return not any(selects(_has(marks)) for marks in subsets)


def _has(marks: set[str]):
    return lambda name, /, **kwargs: not kwargs and name in marks


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


def printed_by_a_fresh_python(code: str) -> list[str]:
    """What `code` prints, split into words, run by a new interpreter in the project folder
    (what a module imports shows only in a process that has imported nothing yet)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout.split()
