"""Headless Chromium for the browser tests: Debian's package, driven by Playwright.

Nothing is downloaded: Playwright is pointed at /usr/bin/chromium (`apt-get install chromium`;
`.ci/run` installs it). Without it the browser tests skip locally and fail under CI=true.
Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import ROOT
from tests.pace import deadline

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying hosts this sandbox cannot reach.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"no {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium_page(
    profile: Path, width: int = 1400, height: int = 900, timeout_ms: float | None = None
) -> Iterator[Page]:
    """A page in a new headless Chromium with an empty profile, closed on exit. Its waits time
    out after `timeout_ms`, by default 3 of this machine's baselines (tests/pace.py)."""
    if timeout_ms is None:
        timeout_ms = deadline(factor=3, floor=30).ms
    require_chromium()
    shutil.rmtree(profile, ignore_errors=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            yield page
        finally:
            context.close()


def screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path
