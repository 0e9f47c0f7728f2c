"""Stores each intermediate table as a Parquet file, one per asset, in the work folder.

An asset returns a DataFrame, or a `TableFile` it has already streamed to disk (a table too
long to hold in memory), which is moved into place. A downstream asset gets a DataFrame, or
only the columns its input's `columns` metadata names; through `TableFiles`, the file itself.
A bucket (see assets/parse.py) is a folder under `buckets/`, which its step puts in place.

No input is loaded from an asset whose step failed earlier in the same run: executors that
run a step once its upstream steps have ended, whether or not they succeeded (the Dask
executor does), would otherwise go on with what an earlier run left there.
"""

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from assets.resources import work_dir
from pipeline.ingest.buckets import FOLDER as BUCKETS
from pipeline.ingest.buckets import BucketFolder, read_manifest
from pipeline.publish.parquet import TableFile, write_parquet
from schemas import TABLES

# Intermediate tables that follow a published table's model.
MODEL_OF = {"ingested_documents": "documents"}


class TableStore(dg.ConfigurableIOManager):
    """Intermediate results between assets, one Parquet file per asset in `base_dir`."""

    base_dir: str = ""  # empty: the work folder (ACTAS_WORK_DIR, else data/work)

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        name = context.asset_key.path[-1]
        if name.startswith("bucket_"):
            return work_dir(self.base_dir) / BUCKETS / name
        return work_dir(self.base_dir) / f"{name}.parquet"

    def handle_output(
        self, context: dg.OutputContext, obj: pd.DataFrame | TableFile | BucketFolder
    ) -> None:
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(obj, BucketFolder):
            if Path(obj.path).resolve() != path.resolve():
                raise ValueError(f"bucket folder {obj.path} is not where TableStore keeps it "
                                 f"({path}): give WorkFolder and TableStore the same path")
            return
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
        _refuse_failed_upstream(context)
        path = self._path(context)
        if not path.exists():
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has not been materialised into "
                f"{work_dir(self.base_dir)}: materialise it (or everything) first"
            )
        return path

    def load_input(self, context: dg.InputContext) -> pd.DataFrame | BucketFolder:
        path = self._existing(context)
        if path.is_dir():
            if read_manifest(path) is None:  # the manifest is written last
                raise FileNotFoundError(f"{path} is not a whole bucket: materialise "
                                        f"{context.asset_key.to_user_string()} again")
            return BucketFolder(path)
        columns = (context.definition_metadata or {}).get("columns")
        return pq.read_table(path, columns=columns).to_pandas()


class TableFiles(TableStore):
    """An input manager over the same files that hands a step the file, not its rows: for
    steps that copy tables whole, as publishing does."""

    def load_input(self, context: dg.InputContext) -> Path:
        return self._existing(context)


class UpstreamFailed(RuntimeError):
    """An input's step failed in this run: what its file holds is from another run."""


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """The steps of a run that failed (after any retries) so far."""
    events = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    return sorted({e.step_key for e in events if e.step_key})


def require_no_failed_steps(context: dg.AssetExecutionContext, what: str) -> None:
    """For a step whose upstream assets pass no data through the IO manager: fail, rather
    than work from what an earlier run left, if a step failed earlier in this run."""
    failed = failed_steps(context.instance, context.run.run_id)
    if failed:
        raise UpstreamFailed(f"{what} not made: step(s) {', '.join(failed)} failed in this run "
                             "(see the errors above)")  # fmt: skip


def _refuse_failed_upstream(context: dg.InputContext) -> None:
    upstream = context.upstream_output
    try:
        run_id = context.step_context.run_id
    except Exception:  # a context built outside a run (unit tests): nothing to compare with
        return
    if upstream is not None and upstream.step_key in failed_steps(context.instance, run_id):
        raise UpstreamFailed(
            f"{context.asset_key.to_user_string()} was not made in this run: step "
            f"{upstream.step_key} failed (see its error above), and what an earlier run left "
            "is not used in its place"
        )
