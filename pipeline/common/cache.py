"""Results kept between runs: one pickle per key, under a fingerprint of the code that made them.

A change to any of the named modules or files gives a new fingerprint, so results made by
other code are never read; a key names the input, so a re-run redoes only new inputs. Each
entry starts with a checksum of its bytes: an entry changed on disk (a flipped bit, a partial
copy) reads as a miss and is removed, so it is computed again instead of failing the run or
being published.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
# An entry: this tag, the SHA-256 of the pickle, then the pickle.
_MAGIC = b"actas-cache-1\n"
_HEADER = len(_MAGIC) + hashlib.sha256().digest_size


def code_fingerprint(modules: Iterable[str], files: Iterable[Path] = (), salt: str = "") -> str:
    """A hash of the pipeline modules' source (named as "stage.module"), the files' bytes and
    the salt."""
    digest = hashlib.sha256(f"{__version__}\x1f{salt}".encode())
    root = Path(__file__).parents[1]
    paths = [root.joinpath(*name.split(".")).with_suffix(".py") for name in modules]
    for path in paths + [Path(f) for f in files]:
        digest.update(path.name.encode() + b"\x1f" + path.read_bytes())
    return digest.hexdigest()[:16]


class PickleCache:
    """Values under <folder>/<fingerprint>/<key[:2]>/<key>.pkl, each written atomically."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = Path(folder) / fingerprint

    def drop_other_versions(self) -> None:
        """Delete what code, models or lexicons other than the current ones left: it can never
        be read again, and would otherwise grow with every change."""
        for other in self.folder.parent.glob("*"):
            if other != self.folder and other.is_dir() and _FINGERPRINT.fullmatch(other.name):
                shutil.rmtree(other, ignore_errors=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl"

    def has(self, key: str) -> bool:
        """An entry is there and its bytes are the ones written (not that it loads)."""
        return self._payload(key) is not None

    def get(self, key: str) -> object | None:
        """The value, or None when there is none or it cannot be read back for any reason."""
        payload = self._payload(key)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # any garbling the checksum let through: a miss, never a failure
            self.discard(key)
            return None

    def discard(self, key: str) -> None:
        """Remove an entry that turned out to be unusable (if it can be: a miss either way)."""
        with contextlib.suppress(OSError):
            self._path(key).unlink(missing_ok=True)

    def _payload(self, key: str) -> bytes | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        magic, digest, payload = data[: len(_MAGIC)], data[len(_MAGIC) : _HEADER], data[_HEADER:]
        if magic != _MAGIC or hashlib.sha256(payload).digest() != digest:
            self.discard(key)
            return None
        return payload

    def put(self, key: str, value: object) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload)
        tmp.replace(path)
