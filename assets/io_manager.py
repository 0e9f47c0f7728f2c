"""Stores each intermediate table as a Parquet file, one per asset, in the work folder.

An asset returns a DataFrame, or a `TableFile` it has already streamed to disk (a table too
long to hold in memory), which is moved into place. A downstream asset gets a DataFrame, or
only the columns its input's `columns` metadata names; through `TableFiles`, the file itself.
"""

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.parquet import TableFile, write_parquet
from schemas import TABLES

# Intermediate tables that follow a published table's model.
MODEL_OF = {"ingested_documents": "documents"}


class TableStore(dg.ConfigurableIOManager):
    """Intermediate results between assets, one Parquet file per asset in `base_dir`."""

    base_dir: str = "data/work"

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        return Path(self.base_dir) / f"{context.asset_key.path[-1]}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame | TableFile) -> None:
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(obj, TableFile):
            shutil.move(obj.path, path)
            return
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"TableStore stores DataFrames, not {type(obj).__name__}")
        key = context.asset_key.path[-1]
        model = MODEL_OF.get(key, key)
        if model in TABLES:
            write_parquet(obj, model, path)
        else:  # internal tables between assets: no contract, Arrow infers the types
            pq.write_table(pa.Table.from_pandas(obj, preserve_index=False), path)

    def _existing(self, context: dg.InputContext) -> Path:
        path = self._path(context)
        if not path.exists():
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has not been materialised into "
                f"{self.base_dir}: materialise it (or everything) first"
            )
        return path

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        columns = (context.definition_metadata or {}).get("columns")
        return pq.read_table(self._existing(context), columns=columns).to_pandas()


class TableFiles(TableStore):
    """An input manager over the same files that hands a step the file, not its rows: for
    steps that copy tables whole, as publishing does."""

    def load_input(self, context: dg.InputContext) -> Path:
        return self._existing(context)
