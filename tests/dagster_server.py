"""Talking to a `dagster dev` that a test started: a free port, GraphQL, bounded waits."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from collections.abc import Callable
from contextlib import suppress

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    assert "errors" not in body, body["errors"]
    return body["data"]


def wait(predicate: Callable[[], object], seconds: float, what: str):
    """The predicate's first truthy value, polled each second; a failed test after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError):
            value = predicate()
            if value:
                return value
        time.sleep(1)
    pytest.fail(f"timed out after {seconds}s waiting for {what}")
