"""Cross-table keys: every ID a published table refers to exists in the table it points to.

The arrows of DATASET.md (`→ actors`, `→ sources`, ...) and the `doc_id`/`sentence_id` that
place each row in its sentence, as data: `dangling` lists the references that do not hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


@dataclass(frozen=True)
class Reference:
    """`table.columns` (a row whose columns are all set) must be a key of some target."""

    table: str
    columns: tuple[str, ...]
    targets: tuple[tuple[str, tuple[str, ...]], ...]  # (table, its key columns), any of them

    def __str__(self) -> str:
        into = " or ".join(f"{t}.{'+'.join(c)}" for t, c in self.targets)
        return f"{self.table}.{'+'.join(self.columns)} -> {into}"


_DOC = (("documents", ("doc_id",)),)
_SENTENCE = (("sentences", ("doc_id", "sentence_id")),)
_ACTOR = (("actors", ("actor_id",)),)
_SOURCE = (("sources", ("source_id",)),)
_PLACED = ("sentences", "actor_mentions", "events", "figures", "citations", "time_expressions")

REFERENCES: tuple[Reference, ...] = (
    *(Reference(t, ("doc_id",), _DOC) for t in _PLACED),
    *(Reference(t, ("doc_id", "sentence_id"), _SENTENCE) for t in _PLACED[1:]),
    Reference("actor_mentions", ("actor_id",), _ACTOR),
    Reference("events", ("source_actor_id",), _ACTOR),
    Reference("events", ("target_actor_id",), _ACTOR),
    Reference("events", ("attributed_to",), _SOURCE),
    Reference("figures", ("subject_actor_id",), _ACTOR),
    Reference("figures", ("claimant_id",), _ACTOR + _SOURCE),
    Reference("citations", ("source_id",), _SOURCE),
    Reference("documents", ("outlet_id",), _SOURCE),
    Reference("documents", ("agency_id",), _SOURCE),
    Reference("documents", ("duplicate_of",), _DOC),
)


@dataclass(frozen=True)
class Dangling:
    """A reference that does not hold: how many rows break it, and a few of their values."""

    reference: str
    rows: int
    examples: tuple[str, ...]


def key_columns(references: tuple[Reference, ...] = REFERENCES) -> dict[str, list[str]]:
    """The columns of each table that the references read."""
    needed: dict[str, set[str]] = {}
    for ref in references:
        needed.setdefault(ref.table, set()).update(ref.columns)
        for table, columns in ref.targets:
            needed.setdefault(table, set()).update(columns)
    return {table: sorted(columns) for table, columns in needed.items()}


def read_key_columns(files: Mapping[str, Path]) -> dict[str, pa.Table]:
    """Only the key columns of each table's Parquet file."""
    return {t: pq.read_table(files[t], columns=c) for t, c in key_columns().items()}


def dangling(
    tables: Mapping[str, pa.Table | pd.DataFrame],
    references: tuple[Reference, ...] = REFERENCES,
    examples: int = 5,
) -> list[Dangling]:
    """The references some row breaks: a value (all columns set) found in no target's key."""
    arrow = {name: _arrow(table) for name, table in tables.items()}
    broken = []
    for ref in references:
        columns = list(ref.columns)
        rows = arrow[ref.table].select(columns).drop_null()
        for table, key in ref.targets:
            if rows.num_rows:
                rows = rows.join(_keys(arrow[table], list(key), rows.schema), columns,
                                 join_type="left anti")  # fmt: skip
        if rows.num_rows:
            values = zip(*(rows[c].to_pylist() for c in columns), strict=True)
            shown = sorted({"/".join(map(str, v)) for v in values})[:examples]
            broken.append(Dangling(str(ref), rows.num_rows, tuple(shown)))
    return broken


def _arrow(table: pa.Table | pd.DataFrame) -> pa.Table:
    if isinstance(table, pa.Table):
        return table
    return pa.Table.from_pandas(table, preserve_index=False)


def _keys(table: pa.Table, columns: list[str], like: pa.Schema) -> pa.Table:
    """A target's distinct keys, named and typed as the referring columns (`like`)."""
    keys = table.select(columns).rename_columns(like.names).drop_null()
    return keys.cast(like).group_by(like.names).aggregate([])
