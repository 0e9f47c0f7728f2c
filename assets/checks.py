"""The checks: each table's blocking pandera check (a table that breaks the contract stops the
run before publishing), run in the step that makes the table; and the checks across tables on
`all_tables`, each a step of its own: the blocking key check and the warnings an analyst reads.
"""

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


def _warns(threshold: float) -> dict:
    """A warning check's definition metadata: its severity and threshold, shown in the UI."""
    return {"severity": "WARN", "threshold": threshold}


def _warning(found: indicators.Indicator) -> dg.AssetCheckResult:
    """A warning check's result: the value, its threshold and what it counts."""
    return dg.AssetCheckResult(
        passed=found.ok,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"value": found.value, "threshold": found.threshold, "rule": found.rule,
                  "counted": found.explanation},  # fmt: skip
    )


def _read(path: Path, *columns: str) -> pd.DataFrame:
    return pq.read_table(path, columns=list(columns)).to_pandas()


def _ins(*tables: str) -> dict[str, dg.AssetIn]:
    return {name: _TABLE_FILES[name] for name in tables}


@dg.asset_check(
    asset="all_tables",
    name="inferred_target_share",
    metadata=_warns(indicators.MAX_INFERRED_TARGET_SHARE),
    additional_ins=_ins("events"),
    description="Share of events whose target was inferred from an earlier sentence "
    f"(target_basis = 'inferred'). Warns above {indicators.MAX_INFERRED_TARGET_SHARE:g}.",
)
def inferred_target_share(events: Path) -> dg.AssetCheckResult:
    return _warning(indicators.inferred_target_share(_read(events, "target_basis")))


@dg.asset_check(
    asset="all_tables",
    name="events_per_document",
    metadata=_warns(indicators.MIN_EVENTS_PER_DOCUMENT),
    additional_ins=_ins("events", "documents"),
    description="Events per accepted document. Warns below "
    f"{indicators.MIN_EVENTS_PER_DOCUMENT:g}.",
)
def events_per_document(events: Path, documents: Path) -> dg.AssetCheckResult:
    return _warning(indicators.events_per_document(_read(events, "doc_id"),
                                                   _read(documents, "doc_id")))  # fmt: skip


@dg.asset_check(
    asset="all_tables",
    name="documents_without_events_share",
    metadata=_warns(indicators.MAX_DOCUMENTS_WITHOUT_EVENTS_SHARE),
    additional_ins=_ins("events", "documents"),
    description="Share of accepted documents without any event. Warns above "
    f"{indicators.MAX_DOCUMENTS_WITHOUT_EVENTS_SHARE:g}.",
)
def documents_without_events_share(events: Path, documents: Path) -> dg.AssetCheckResult:
    return _warning(indicators.documents_without_events_share(_read(documents, "doc_id"),
                                                              _read(events, "doc_id")))  # fmt: skip


@dg.asset_check(
    asset="all_tables",
    name="rejected_share",
    metadata=_warns(indicators.MAX_REJECTED_SHARE),
    additional_ins=_ins("rejected_inputs", "documents"),
    description="Share of raw files rejected (see rejected_inputs.reason). Warns above "
    f"{indicators.MAX_REJECTED_SHARE:g}.",
)
def rejected_share(rejected_inputs: Path, documents: Path) -> dg.AssetCheckResult:
    return _warning(indicators.rejected_share(_read(rejected_inputs, "reason"),
                                              _read(documents, "doc_id")))  # fmt: skip
