"""Stores each intermediate table as a Parquet file, one per asset, in the work folder."""

from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish import write_parquet
from schemas import TABLES

# Intermediate tables that follow a published table's model.
MODEL_OF = {"ingested_documents": "documents"}


class TableStore(dg.ConfigurableIOManager):
    """Intermediate results between assets, one Parquet file per asset in `base_dir`."""

    base_dir: str = "data/work"

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        return Path(self.base_dir) / f"{context.asset_key.path[-1]}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"TableStore stores DataFrames, not {type(obj).__name__}")
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        key = context.asset_key.path[-1]
        model = MODEL_OF.get(key, key)
        if model in TABLES:
            write_parquet(obj, model, path)
        else:  # internal tables between assets: no contract, Arrow infers the types
            pq.write_table(pa.Table.from_pandas(obj, preserve_index=False), path)

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        path = self._path(context)
        if not path.exists():
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has not been materialised into "
                f"{self.base_dir}: materialise it (or everything) first"
            )
        return pq.read_table(path).to_pandas()
