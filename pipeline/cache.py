"""Results kept between runs: one pickle per key, under a fingerprint of the code that made them.

A change to any of the named modules or files gives a new fingerprint, so results made by
other code are never read; a key names the input, so a re-run redoes only new inputs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def code_fingerprint(modules: Iterable[str], files: Iterable[Path] = (), salt: str = "") -> str:
    """A hash of the pipeline modules' source, the files' bytes and the salt."""
    digest = hashlib.sha256(f"{__version__}\x1f{salt}".encode())
    here = Path(__file__).parent
    for path in [here / f"{name}.py" for name in modules] + [Path(f) for f in files]:
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
        return self._path(key).is_file()

    def get(self, key: str) -> object | None:
        try:
            with self._path(key).open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def put(self, key: str, value: object) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
