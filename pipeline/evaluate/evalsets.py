"""The evaluation sets `actas eval` scores side by side: raw texts plus their gold file.

The seed set ships with the project. The development set is hand-made gold for real
articles whose texts are third-party material: they are obtained locally into `data/dev/`
(git-ignored, see the README's Evaluation section) and may be missing or incomplete on a
new machine, so every set says which of its texts are present before it is scored.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_GOLD_ENV = "ACTAS_DEV_GOLD"


@dataclass(frozen=True)
class EvalSet:
    name: str
    raw: Path  # the folder of texts
    gold: Path  # the gold file (tests/gold/README.md format)


@dataclass(frozen=True)
class Presence:
    """Which of a set's gold files have their text in the raw folder, unaltered."""

    expected: tuple[str, ...]
    missing: tuple[str, ...]
    altered: tuple[str, ...]  # present, but not the word count the set's index gives

    @property
    def complete(self) -> bool:
        return not self.missing and not self.altered

    def describe(self) -> str:
        n, have = len(self.expected), len(self.expected) - len(self.missing)
        text = f"{have} of {n} texts present"
        if self.altered:
            text += f", {len(self.altered)} not as indexed ({', '.join(self.altered[:3])})"
        return text


def default_sets(root: Path = ROOT) -> list[EvalSet]:
    """The seeds, and the development set where its gold is found: $ACTAS_DEV_GOLD, or the
    shared folder beside the project."""
    sets = [EvalSet("seeds", root / "data" / "raw", root / "tests" / "gold" / "seeds.json")]
    dev_gold = Path(os.environ.get(DEV_GOLD_ENV) or root.parent / "shared" / "dev" / "gold.json")
    if dev_gold.is_file():
        sets.append(EvalSet("dev", root / "data" / "dev", dev_gold))
    return sets


def parse_set(spec: str) -> EvalSet:
    """NAME=RAW_DIR:GOLD_FILE, as `actas eval --set` takes it."""
    name, sep, paths = spec.partition("=")
    raw, sep2, gold = paths.rpartition(":")
    if not (sep and sep2 and name and raw and gold):
        raise ValueError(f"--set {spec!r}: expected NAME=RAW_DIR:GOLD_FILE")
    return EvalSet(name, Path(raw), Path(gold))


def presence(evalset: EvalSet) -> Presence:
    """Check the raw folder against the gold's file names and, where the gold folder has an
    `articles.csv` index with word counts, against those counts."""
    gold = json.loads(evalset.gold.read_text(encoding="utf-8"))
    files = tuple(entry["file"] for entry in gold if isinstance(entry, dict) and "file" in entry)
    words = _indexed_words(evalset.gold.parent / "articles.csv")
    missing, altered = [], []
    for name in files:
        path = evalset.raw / name
        if not path.is_file():
            missing.append(name)
        elif name in words and len(path.read_text(encoding="utf-8").split()) != words[name]:
            altered.append(name)
    return Presence(files, tuple(missing), tuple(altered))


def _indexed_words(index: Path) -> dict[str, int]:
    if not index.is_file():
        return {}
    with index.open(encoding="utf-8", newline="") as f:
        return {
            row["file"]: int(row["words"])
            for row in csv.DictReader(f)
            if row.get("file") and (row.get("words") or "").isdigit()
        }
