"""The deadlines of the waiting tests (tests/pace.py) and the wait that uses them."""

import pytest

import tests.pace
from tests.dagster_server import wait
from tests.pace import CEILING, Deadline, deadline


def test_a_deadline_is_a_multiple_of_the_baseline_between_floor_and_ceiling(monkeypatch):
    monkeypatch.setattr(tests.pace, "baseline", lambda: 8.0)
    assert deadline(factor=20, floor=60).seconds == 160
    assert deadline(factor=2, floor=60).seconds == 60  # a fast machine: the floor
    assert deadline(factor=10_000, floor=60).seconds == CEILING  # never endless
    assert str(deadline(factor=20, floor=60)) == (
        "160 s (20 x this machine's 8.0 s baseline, floor 60 s)"
    )
    assert deadline(factor=20, floor=60).ms == 160_000


@pytest.mark.slow  # a fresh process that loads the model
def test_the_baseline_is_measured_once_and_is_a_time():
    first = tests.pace.baseline()
    assert 0 < first < tests.pace.CALIBRATION_LIMIT
    assert tests.pace.baseline() == first


def test_wait_returns_the_first_truthy_answer():
    answers = iter([None, OSError("not up yet"), {"ok": 1}])

    def predicate():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert wait(predicate, 30, "the answers") == {"ok": 1}


def test_a_timeout_says_what_was_awaited_how_long_and_the_last_answer():
    with pytest.raises(pytest.fail.Exception) as failed:
        wait(lambda: [], Deadline(0.01, "a test's basis"), "an empty list to fill")
    assert str(failed.value) == (
        "timed out after 0 s (a test's basis) waiting for an empty list to fill; last answer: []"
    )
