"""Stores each intermediate table as Parquet (and parsed docs as a spaCy DocBin) on disk."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq

from pipeline.publish import write_parquet

# Intermediate tables that follow a published table's model.
MODEL_OF = {"ingested_documents": "documents"}


class TableStore(dg.ConfigurableIOManager):
    """Intermediate results between assets, one file per asset in `base_dir`."""

    base_dir: str = "data/work"

    def _path(self, context: dg.OutputContext | dg.InputContext, suffix: str) -> Path:
        key = context.asset_key.path[-1]
        return Path(self.base_dir) / f"{key}{suffix}"

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        Path(self.base_dir).mkdir(parents=True, exist_ok=True)
        if isinstance(obj, pd.DataFrame):
            key = context.asset_key.path[-1]
            write_parquet(obj, MODEL_OF.get(key, key), self._path(context, ".parquet"))
        elif isinstance(obj, bytes):
            self._path(context, ".spacy").write_bytes(obj)
        else:
            raise TypeError(f"TableStore stores DataFrames and bytes, not {type(obj).__name__}")

    def load_input(self, context: dg.InputContext) -> object:
        parquet = self._path(context, ".parquet")
        if parquet.exists():
            return pq.read_table(parquet).to_pandas()
        spacy_file = self._path(context, ".spacy")
        if spacy_file.exists():
            return spacy_file.read_bytes()
        raise FileNotFoundError(
            f"{context.asset_key.to_user_string()} has not been materialised into "
            f"{self.base_dir}: materialise it (or everything) first"
        )
