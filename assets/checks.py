"""Blocking pandera checks: a table that breaks the contract stops the run before publishing."""

import dagster as dg
import pandas as pd
import pandera.pandas as pa

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
