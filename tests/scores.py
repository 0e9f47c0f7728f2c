"""The README's score block (written by `actas eval --readme`), read back for staleness tests."""

from __future__ import annotations

from assets.cli import SCORE_BLOCK
from pipeline.evaluate.scores import side_by_side
from tests.conftest import ROOT


def readme_column(set_name: str) -> dict[str, str]:
    """measure -> value of the README block's column for one evaluation set."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(SCORE_BLOCK[0], 1)[1].split(SCORE_BLOCK[1], 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in block.strip().splitlines() if not line.startswith("|-")]  # fmt: skip
    header, *body = rows
    column = next(i for i, h in enumerate(header) if h.split(" (")[0] == set_name)
    return {row[0]: row[column] for row in body}


def current_column(report: dict, stated: dict) -> dict[str, str]:
    return dict(side_by_side({"now": (report, stated)}))
