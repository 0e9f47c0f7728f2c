"""Streamed tables (pipeline/publish/parquet.py): the same rows give the same file as one write."""

from __future__ import annotations

import random

import pyarrow.parquet as pq
import pytest

from pipeline.publish import parquet
from pipeline.publish.parquet import TableWriter, sort_rows, write_parquet


@pytest.fixture
def small_row_groups(monkeypatch):
    monkeypatch.setattr(parquet, "ROW_GROUP", 7)


def test_a_streamed_table_is_byte_identical_to_the_whole_table(built, tmp_path,
                                                              small_row_groups):  # fmt: skip
    rows = pq.read_table(built / "actor_mentions.parquet").to_pylist()
    assert len(rows) > 3 * parquet.ROW_GROUP
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    writer = TableWriter.for_table("actor_mentions", tmp_path / "streamed.parquet",
                                   convert_every=5)
    for doc_id in sorted(by_doc):
        shuffled = by_doc[doc_id][:]
        random.Random(doc_id).shuffle(shuffled)
        writer.add(sort_rows("actor_mentions", shuffled))
    written = writer.close()

    write_parquet(pq.read_table(built / "actor_mentions.parquet").to_pandas(), "actor_mentions",
                  tmp_path / "whole.parquet")  # fmt: skip
    assert written.rows == len(rows)
    assert pq.ParquetFile(written.path).metadata.num_row_groups == -(-len(rows) // 7)
    assert written.path.read_bytes() == (tmp_path / "whole.parquet").read_bytes()


def test_missing_values_sort_last_within_a_document():
    rows = [{"doc_id": "d", "start": None, "end": 3}, {"doc_id": "d", "start": 5, "end": 9},
            {"doc_id": "d", "start": 1, "end": 2}]  # fmt: skip
    assert [r["start"] for r in sort_rows("actor_mentions", rows)] == [1, 5, None]


def test_an_empty_stream_is_a_valid_empty_table(tmp_path):
    written = TableWriter.for_table("events", tmp_path / "events.parquet").close()
    assert written.rows == 0
    assert pq.read_table(written.path).num_rows == 0
    assert written.head().empty
