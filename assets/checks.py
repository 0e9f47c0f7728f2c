"""The checks: each table's blocking pandera check (a table that breaks the contract stops the
run before publishing), run in the step that makes the table; and the checks across tables on
`all_tables`: the blocking key check, a step of its own, and in one more step the warnings an
analyst reads.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pandas as pd
import pandera.pandas as pa
import pyarrow.parquet as pq

from pipeline.publish import indicators, keys
from pipeline.publish.parquet import TableFile
from schemas import TABLES
from schemas.contract import columns, table_description, to_arrow

MAX_FAILURES_SHOWN = 50


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns as the Dagster UI shows them, from its pandera model."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=c.name,
                type=c.sql,
                description=c.description,
                constraints=dg.TableColumnConstraints(nullable=c.nullable, unique=c.unique),
            )
            for c in columns(TABLES[table])
        ]
    )


def table_metadata(table: str) -> dict:
    return {"dagster/column_schema": column_schema(table)}


def output_metadata(table: pd.DataFrame | TableFile, failures: list[dict] | None = None) -> dict:
    """Row count and a preview; and the documents the stage could not process, if any."""
    preview = table.head(10).map(lambda v: str(v)[:80] if v is not None else "")
    metadata = {
        "dagster/row_count": table.rows if isinstance(table, TableFile) else len(table),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    }
    if failures:
        log = dg.get_dagster_logger()
        for failure in failures:
            log.warning(f"{failure['stage']}: document {failure['doc_id']} skipped: "
                        f"{failure['error']}")  # fmt: skip
        metadata["documents_failed"] = len(failures)
        metadata["failures"] = dg.MetadataValue.md(
            pd.DataFrame(failures).head(MAX_FAILURES_SHOWN).to_markdown(index=False)
        )
    return metadata


def contract_check_spec(table: str, asset: str | None = None) -> dg.AssetCheckSpec:
    """The blocking check that `asset` (by default the table itself) satisfies the table's
    pandera model, run inside the step that makes it (see `contract_result`)."""
    model = TABLES[table]
    return dg.AssetCheckSpec(
        name=f"{table}_matches_contract",
        asset=asset or table,
        blocking=True,
        description=f"Every row of {table} satisfies schemas.{model.__name__}: "
        f"{table_description(model)}",
    )


def contract_result(
    table: str, value: pd.DataFrame | TableFile, asset: str | None = None
) -> dg.AssetCheckResult:
    """The result of the table's contract check on its rows as they are stored (a frame goes
    through the contract's Arrow types, as into its Parquet file): the rules that failed and
    on which rows, if any. Blocking: a failure fails the step, so nothing downstream runs."""
    model = TABLES[table]
    name = f"{table}_matches_contract"
    stored = value.read() if isinstance(value, TableFile) else to_arrow(value, model).to_pandas()
    try:
        model.validate(stored, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        return dg.AssetCheckResult(
            asset_key=asset or table,
            check_name=name,
            passed=False,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "failed_rules": sorted({str(c) for c in cases["check"]}),
                "n_failures": len(cases),
                "failures": dg.MetadataValue.md(
                    cases.head(MAX_FAILURES_SHOWN).astype(str).to_markdown(index=False)
                ),
            },
        )
    return dg.AssetCheckResult(
        asset_key=asset or table, check_name=name, passed=True,
        metadata={"rows_checked": len(stored)},
    )  # fmt: skip


def checked(table: str, df: pd.DataFrame, shown: pd.DataFrame | None = None) -> Iterator:
    """A step's table as its output (metadata from `shown`, the table by default), then the
    table's contract check."""
    yield dg.Output(df, metadata=output_metadata(df if shown is None else shown))
    yield contract_result(table, df)


# ---- checks across tables, on `all_tables` (assets/publish.py): every table, before publishing
_TABLE_FILES = {name: dg.AssetIn(name, input_manager_key="table_files") for name in TABLES}


@dg.asset_check(
    asset="all_tables",
    name="keys_resolve",
    blocking=True,
    additional_ins={name: _TABLE_FILES[name] for name in keys.key_columns()},
    description="Every doc_id, sentence_id, actor_id and source_id that a table refers to "
    "exists in the table it points to (pipeline/publish/keys.py lists the references). "
    "Blocking: a dangling key stops publishing.",
)
def keys_resolve(
    documents: Path, sentences: Path, actors: Path, sources: Path, actor_mentions: Path,
    events: Path, figures: Path, citations: Path, time_expressions: Path,
) -> dg.AssetCheckResult:  # fmt: skip
    files = dict(locals())  # the parameters: each table's file (Dagster wants them named)
    broken = keys.dangling(keys.read_key_columns(files))
    metadata: dict = {"references_checked": len(keys.REFERENCES)}
    if broken:
        table = pd.DataFrame([(b.reference, b.rows, ", ".join(b.examples)) for b in broken],
                             columns=["reference", "rows", "values not found"])  # fmt: skip
        metadata |= {"failed_rules": [b.reference for b in broken],
                     "dangling_rows": sum(b.rows for b in broken),
                     "failures": dg.MetadataValue.md(table.to_markdown(index=False))}  # fmt: skip
    return dg.AssetCheckResult(passed=not broken, severity=dg.AssetCheckSeverity.ERROR,
                               metadata=metadata)  # fmt: skip


def _read(path: Path, *columns: str) -> pd.DataFrame:
    return pq.read_table(path, columns=list(columns)).to_pandas()


def _ins(*tables: str) -> dict[str, dg.AssetIn]:
    return {name: _TABLE_FILES[name] for name in tables}


_WARNING_INPUTS = ("events", "documents", "rejected_inputs")


def _warning_spec(name: str, threshold: float, description: str) -> dg.AssetCheckSpec:
    """A warning check on `all_tables`; its severity and threshold show in the UI."""
    return dg.AssetCheckSpec(name, asset="all_tables", description=description,
                             additional_deps=_WARNING_INPUTS,
                             metadata={"severity": "WARN", "threshold": threshold})  # fmt: skip


_WARNINGS = [
    _warning_spec("inferred_target_share", indicators.MAX_INFERRED_TARGET_SHARE,
                  "Share of events whose target was inferred from an earlier sentence "
                  "(target_basis = 'inferred'). Warns above "
                  f"{indicators.MAX_INFERRED_TARGET_SHARE:g}."),
    _warning_spec("events_per_document", indicators.MIN_EVENTS_PER_DOCUMENT,
                  "Events per accepted document. Warns below "
                  f"{indicators.MIN_EVENTS_PER_DOCUMENT:g}."),
    _warning_spec("documents_without_events_share",
                  indicators.MAX_DOCUMENTS_WITHOUT_EVENTS_SHARE,
                  "Share of accepted documents without any event. Warns above "
                  f"{indicators.MAX_DOCUMENTS_WITHOUT_EVENTS_SHARE:g}."),
    _warning_spec("rejected_share", indicators.MAX_REJECTED_SHARE,
                  "Share of raw files rejected (see rejected_inputs.reason). Warns above "
                  f"{indicators.MAX_REJECTED_SHARE:g}."),
]  # fmt: skip


@dg.multi_asset_check(
    name="table_warnings", specs=_WARNINGS, ins=_ins(*_WARNING_INPUTS)
)
def table_warnings(events: Path, documents: Path, rejected_inputs: Path) -> Iterator:
    """The four warnings in one step, each table's columns read once."""
    found_events = _read(events, "doc_id", "target_basis")
    found_documents = _read(documents, "doc_id")
    for indicator in (
        indicators.inferred_target_share(found_events),
        indicators.events_per_document(found_events, found_documents),
        indicators.documents_without_events_share(found_documents, found_events),
        indicators.rejected_share(_read(rejected_inputs, "reason"), found_documents),
    ):
        yield dg.AssetCheckResult(
            asset_key="all_tables", check_name=indicator.name, passed=indicator.ok,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"value": indicator.value, "threshold": indicator.threshold,
                      "rule": indicator.rule, "counted": indicator.explanation},
        )  # fmt: skip
