"""The dataset folder: which folder actas may replace, and replacing it at once.

`actas build --out DIR` and `actas download --dest DIR` replace DIR with a new dataset. They
replace it only when it is absent, empty, or provably an actas dataset: every entry is a file
actas writes there, and the folder carries the marker `.actas-dataset.json` that publishing
and downloading write (a folder published before markers existed passes with a
`datapackage.json` naming actas instead). Anything else is refused with a message that says
how to proceed, so a user's own files are never deleted.

The new folder is built beside DIR and exchanged with it by one `renameat2(RENAME_EXCHANGE)`
where the kernel has it (Linux): there is no moment without a dataset. Elsewhere it falls back
to two renames; a run killed between them leaves `.DIR.old-<pid>`, which the next run restores
before anything else (`prepare`). Temporaries of either command are named
`.DIR.<kind>-<suffix>` beside DIR and are swept by the next run, under DIR's lock.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import sys
from pathlib import Path

from schemas import CONTRACT_VERSION, TABLES

MARKER = ".actas-dataset.json"
DATASET_NAME = "actas"
TEMPORARY_KINDS = ("staging", "old", "download", "unpack")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class NotADataset(ValueError):
    """The folder holds something actas did not write: it will not replace it."""


def marker() -> dict:
    """What the marker file says: whose dataset this is, under which contract."""
    return {"dataset": DATASET_NAME, "contract_version": CONTRACT_VERSION}


def write_marker(folder: Path) -> None:
    (Path(folder) / MARKER).write_text(json.dumps(marker()) + "\n", encoding="utf-8")


def dataset_files() -> frozenset[str]:
    """Every name actas writes into a dataset folder (by `actas build` or `actas download`)."""
    from pipeline.publish.dataset import DATABASE
    from pipeline.publish.release import CHECKSUMS, VIEWS
    from pipeline.publish.report import REPORT_FILES

    tables = {f"{name}.parquet" for name in TABLES}
    return frozenset(
        {*tables, "datapackage.json", "README.md", DATABASE, f"{DATABASE}.wal", *REPORT_FILES,
         CHECKSUMS, VIEWS, MARKER}
    )  # fmt: skip


def _is_ours(name: str, known: frozenset[str]) -> bool:
    """A file actas writes, or the temporary it writes before renaming it into place."""
    if name in known:
        return True
    found = re.fullmatch(r"\.(.+)\.tmp-\d+", name)
    return bool(found and found.group(1) in known)


def refusal(folder: Path) -> str | None:
    """Why folder may not be replaced, or None when it may (absent, empty or actas's)."""
    folder = Path(folder)
    if not os.path.lexists(folder):
        return None
    if folder.is_symlink() or not folder.is_dir():
        return f"{folder} is not a folder"
    known = dataset_files()
    with os.scandir(folder) as entries:
        foreign = sorted(
            e.name + ("/" if e.is_dir(follow_symlinks=False) else "")
            for e in entries
            if not (e.is_file(follow_symlinks=False) and _is_ours(e.name, known))
        )
    names = os.listdir(folder)
    if foreign:
        shown = ", ".join(printable(n) for n in foreign[:5])
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        return f"{folder} holds files actas did not write ({shown}{more})"
    if names and not (_has_marker(folder) or _names_actas(folder / "datapackage.json")):
        return f"{folder} has no {MARKER} marker nor a datapackage.json of actas"
    return None


def check_replaceable(folder: Path, option: str) -> None:
    """Raise NotADataset, saying how to proceed, unless actas may replace folder."""
    why = refusal(folder)
    if why:
        raise NotADataset(
            f"{why}: actas replaces only a folder that is absent, empty or an actas dataset. "
            f"Choose another {option}, or move those files away first"
        )


def is_dataset(folder: Path) -> bool:
    """A folder actas wrote (and may replace), not merely an empty or absent one."""
    folder = Path(folder)
    return folder.is_dir() and any(folder.iterdir()) and refusal(folder) is None


def _has_marker(folder: Path) -> bool:
    try:
        found = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and found.get("dataset") == DATASET_NAME


def _names_actas(path: Path) -> bool:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and found.get("name") == DATASET_NAME


def temporary(folder: Path, kind: str, suffix: str | int) -> Path:
    """The name of a temporary of folder: `.NAME.<kind>-<suffix>` beside it."""
    assert kind in TEMPORARY_KINDS, kind
    folder = Path(folder)
    return folder.with_name(f".{folder.name}.{kind}-{suffix}")


def _temporaries(folder: Path) -> list[Path]:
    pattern = re.compile(
        rf"\.{re.escape(folder.name)}\.({'|'.join(TEMPORARY_KINDS)})-[A-Za-z0-9_]+(\.json)?"
    )
    if not folder.parent.is_dir():
        return []
    return sorted(p for p in folder.parent.iterdir() if pattern.fullmatch(p.name))


def prepare(folder: Path) -> list[str]:
    """Before replacing folder, under its lock: put back a dataset a killed run had moved
    aside, then remove what killed runs left. Returns what it did, for the log."""
    folder = Path(folder)
    done = []
    if not os.path.lexists(folder):
        olds = [p for p in _temporaries(folder) if ".old-" in p.name and is_dataset(p)]
        if olds:
            newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
            newest.rename(folder)
            done.append(f"restored {folder} from {newest.name}, left by a killed run")
    for leftover in _temporaries(folder):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
        done.append(f"removed {leftover.name}, left by a killed run")
    return done


def replace_folder(new: Path, folder: Path) -> None:
    """Put the folder `new` in place of `folder` at once; the old one ends up at `new`'s path
    (gone when there was none), for the caller to remove."""
    new, folder = Path(new), Path(folder)
    if not os.path.lexists(folder):
        new.rename(folder)
        return
    if exchange(new, folder):
        return
    old = temporary(folder, "old", os.getpid())
    folder.rename(old)
    try:
        new.rename(folder)
    except OSError:
        old.rename(folder)
        raise
    old.rename(new)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system
    or file system cannot, so the caller falls back to two renames."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]  # fmt: skip
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def printable(text: object) -> str:
    """Text from outside (a bundle, an index, a file name) with control characters escaped,
    so that printing it cannot move the cursor, clear the screen or forge a line."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in str(text)
    )


def nested(a: Path, b: Path) -> bool:
    """Whether a is b or inside it (after resolving symbolic links)."""
    a, b = Path(a).resolve(), Path(b).resolve()
    return a == b or b in a.parents
