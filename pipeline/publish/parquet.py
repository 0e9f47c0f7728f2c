"""Contract tables as Parquet files, written whole or streamed in row groups.

A whole table (`write_parquet`) is sorted by its key columns first. A streamed one
(`TableWriter.for_table`) must be given its rows in that order already; it holds at most one
row group in memory, as Arrow, so a table of any length is written in constant memory.
Both cut row groups of the same size, so the same rows give the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES
from schemas.contract import arrow_schema, rows_to_arrow, to_arrow

ROW_GROUP = 100_000
COMPRESSION = "zstd"
# Rows sorted by these so that the same input gives byte-identical files.
SORT_KEYS = {
    "documents": ["source_file"],
    "sentences": ["doc_id", "sentence_id"],
    "actors": ["actor_id"],
    "actor_mentions": ["doc_id", "start", "end"],
    "events": ["doc_id", "sentence_id", "event_id"],
    "figures": ["doc_id", "start", "figure_id"],
    "sources": ["source_id"],
    "citations": ["doc_id", "start", "source_id"],
    "time_expressions": ["doc_id", "start", "end"],
    "rejected_inputs": ["source_file"],
}


@dataclass(frozen=True)
class TableFile:
    """A table already written to a Parquet file: what passes between steps instead of rows
    when a table is too long to hold in memory."""

    path: Path
    rows: int

    def read(self) -> pd.DataFrame:
        return pq.read_table(self.path).to_pandas()

    def head(self, n: int = 10) -> pd.DataFrame:
        with pq.ParquetFile(self.path) as f:
            first = next(f.iter_batches(batch_size=n), None)
            return (first if first is not None else f.schema_arrow.empty_table()).to_pandas()


def sorted_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(SORT_KEYS[name], kind="stable", ignore_index=True)


def write_parquet(df: pd.DataFrame, name: str, path: Path) -> None:
    table = to_arrow(sorted_table(name, df), TABLES[name])
    pq.write_table(table, path, compression=COMPRESSION, row_group_size=ROW_GROUP)


def sort_rows(name: str, rows: list[dict]) -> list[dict]:
    """One document's rows in the table's order (missing values last, as pandas sorts)."""
    keys = SORT_KEYS[name]

    def key(row: dict) -> tuple:
        return tuple((row[k] is None, 0 if row[k] is None else row[k]) for k in keys)

    return sorted(rows, key=key)


class TableWriter:
    """Appends items to a Parquet file, as Arrow every `convert_every` items and in row groups
    of `row_group` rows; `for_table` makes one for a contract table's rows, given in its sort
    order."""

    def __init__(
        self,
        path: Path,
        schema: pa.Schema,
        convert: Callable[[list], pa.Table],
        convert_every: int = 5_000,
        row_group: int | None = None,
    ):
        self.path, self.convert, self.convert_every = Path(path), convert, convert_every
        self.row_group = row_group or ROW_GROUP
        self.rows = 0
        self._items: list = []
        self._arrow: list[pa.Table] = []
        self._pending = 0
        self._writer = pq.ParquetWriter(self.path, schema, compression=COMPRESSION)

    @classmethod
    def for_table(cls, name: str, path: Path, convert_every: int = 5_000) -> TableWriter:
        model = TABLES[name]
        return cls(path, arrow_schema(model), lambda rows: rows_to_arrow(rows, model),
                   convert_every)  # fmt: skip

    def add(self, items: list) -> None:
        self._items += items
        self.rows += len(items)
        if len(self._items) >= self.convert_every:
            self._convert()
        if self._pending >= self.row_group:
            self._write(whole_groups_only=True)

    def close(self) -> TableFile:
        self._convert()
        self._write(whole_groups_only=False)
        self._writer.close()
        return TableFile(self.path, self.rows)

    def _convert(self) -> None:
        """Python items to Arrow, which holds them in a fraction of the memory."""
        if self._items:
            self._arrow.append(self.convert(self._items))
            self._pending += len(self._items)
            self._items = []

    def _write(self, whole_groups_only: bool) -> None:
        if not self._arrow:
            return
        table = pa.concat_tables(self._arrow)
        size = self.row_group
        cut = (len(table) // size) * size if whole_groups_only else len(table)
        if cut:
            self._writer.write_table(table.slice(0, cut), row_group_size=size)
        rest = table.slice(cut)
        self._arrow = [rest] if len(rest) else []
        self._pending = len(rest)
