"""Deadlines for the tests that wait on a server, a run or a browser, scaled to this machine.

A fixed timeout is too short on a slow or busy machine (a false failure) and needlessly long
on a fast one (a hang that takes many minutes to fail). Instead the pace of the machine is
measured once per session, as it is when the tests run: the wall time of a fresh Python
process that imports the code location and parses a few sentences with the model, which is
the work `dagster dev` and the first steps of a run begin with (9-10 s on this 2-core
machine under a load of about 5). Each wait is a multiple of that baseline, never below a
floor nor above a ceiling, so no wait is endless, and a timeout says what it waited for and
how its deadline was drawn.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache

import pytest

from tests.conftest import ROOT

CALIBRATION = """
import assets.definitions
from pipeline.extract.nlp import load_model
nlp = load_model()
for _ in nlp.pipe(["The council met on Monday and said the count would be published."] * 50):
    pass
"""
CALIBRATION_LIMIT = 600  # seconds: a machine this slow runs no UI test in reasonable time
CEILING = 3600  # seconds: no wait is longer, whatever the baseline


@dataclass(frozen=True)
class Deadline:
    """Seconds to wait, with how they were drawn (for the message on a timeout)."""

    seconds: float
    basis: str

    def __str__(self) -> str:
        return f"{self.seconds:.0f} s ({self.basis})"

    @property
    def ms(self) -> float:
        """The same deadline in milliseconds, as Playwright takes it."""
        return self.seconds * 1000


@cache
def baseline() -> float:
    """Wall seconds of the calibration in a fresh process, measured once per session."""
    start = time.monotonic()
    try:
        subprocess.run(
            [sys.executable, "-c", CALIBRATION],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=CALIBRATION_LIMIT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            "the calibration (import the code location, load the model, parse 50 sentences) "
            f"took over {CALIBRATION_LIMIT} s: no deadline can be drawn"
        )
    except subprocess.CalledProcessError as err:
        pytest.fail(f"the calibration failed: {err.stderr.decode(errors='replace')[-2000:]}")
    return time.monotonic() - start


def deadline(factor: float, floor: float) -> Deadline:
    """`factor` times this machine's baseline, at least `floor` seconds, at most CEILING."""
    measured = baseline()
    seconds = min(CEILING, max(floor, factor * measured))
    basis = f"{factor:g} x this machine's {measured:.1f} s baseline, floor {floor:g} s"
    return Deadline(seconds, basis)
