"""Rules for the tests themselves, read from their source with ast.

No test without an assertion: every test function asserts, expects an exception or a warning
(`pytest.raises`, `pytest.warns`, `pytest.fail`), or calls a helper of the tests package that
does (resolved by name, through helpers that call helpers). A test that only runs code and
relies on an exception from a wait or a library passes whatever that code returns.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import deselects_every_test

TESTS = Path(__file__).resolve().parent
PYTEST_CHECKS = {"raises", "warns", "fail", "deprecated_call"}


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _called_names(function: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


def _checks_itself(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in PYTEST_CHECKS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "pytest"
        ):
            return True
    return False


def asserting_helpers(trees: list[ast.AST]) -> set[str]:
    """Names of the functions in these modules that assert, directly or through each other."""
    calls: dict[str, set[str]] = {}
    checking: set[str] = set()
    for tree in trees:
        for function in _functions(tree):
            calls.setdefault(function.name, set()).update(_called_names(function))
            if _checks_itself(function):
                checking.add(function.name)
    changed = True
    while changed:
        grown = {name for name, called in calls.items() if called & checking}
        changed = not grown <= checking
        checking |= grown
    return checking


def unchecked_tests(paths: list[Path], helper_paths: list[Path]) -> list[str]:
    """`file::test` for every test function in paths that checks nothing."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    helpers = asserting_helpers(
        [*trees.values(), *(ast.parse(p.read_text(encoding="utf-8")) for p in helper_paths)]
    )
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if not node.name.startswith("test"):
                continue
            if _checks_itself(node) or _called_names(node) & helpers:
                continue
            found.append(f"{path.name}::{node.name}")
    return found


def test_every_test_asserts_something():
    paths = sorted(TESTS.glob("test_*.py"))
    helper_paths = [p for p in TESTS.rglob("*.py") if p not in paths and "corpus" not in p.parts]
    assert len(paths) > 40
    offenders = unchecked_tests(paths, helper_paths)
    assert not offenders, f"tests with no assertion: {offenders}"


def test_the_rule_tells_a_test_that_checks_nothing(tmp_path):
    source = """
import pytest

def _expect(x):
    assert x

def _via(x):
    _expect(x)

def test_asserts():
    assert 1

def test_raises():
    with pytest.raises(ValueError):
        int("x")

def test_through_a_helper_of_a_helper():
    _via(1)

def test_only_runs_code():
    int("1")

def test_calls_a_helper_that_checks_nothing():
    _run()

def _run():
    return int("1")
"""
    path = tmp_path / "test_example.py"
    path.write_text(source)
    assert unchecked_tests([path], []) == [
        "test_example.py::test_only_runs_code",
        "test_example.py::test_calls_a_helper_that_checks_nothing",
    ]


def test_a_module_is_left_unimported_only_when_its_markers_deselect_every_test(tmp_path):
    fast = "not slow and not ui and not bench"
    slow = tmp_path / "test_slow.py"
    slow.write_text("import pytest\npytestmark = pytest.mark.slow\ndef test_a():\n    assert 1\n")
    assert deselects_every_test(slow, fast)
    assert not deselects_every_test(slow, "slow")
    assert not deselects_every_test(slow, "not ui")
    mixed = tmp_path / "test_mixed.py"
    mixed.write_text(
        "import pytest\npytestmark = [pytest.mark.ui, pytest.mark.skipif(False, reason='')]\n"
        "@pytest.mark.bench\ndef test_a():\n    assert 1\n"
    )
    assert deselects_every_test(mixed, fast)
    assert not deselects_every_test(mixed, "bench")  # test_a may be selected
    assert not deselects_every_test(mixed, "slow")  # a test using `built` is marked slow
    plain = tmp_path / "test_plain.py"
    plain.write_text("import pytest\n@pytest.mark.slow\ndef test_a():\n    assert 1\n")
    assert not deselects_every_test(plain, fast)  # only -m decides, test by test
