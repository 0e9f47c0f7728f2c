"""One writer at a time: an exclusive lock beside a folder, with a clear message for the second."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class FolderBusy(RuntimeError):
    """Another process holds the folder's lock."""


@contextmanager
def exclusive(folder: Path, purpose: str) -> Iterator[None]:
    """Hold `.<folder>.lock` beside the folder; fail at once if another process holds it."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock_path = folder.with_name(f".{folder.name}.lock")
    with lock_path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise FolderBusy(
                f"{folder} is in use by {holder}: wait for it to finish, or {purpose}"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"actas (pid {os.getpid()})")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
