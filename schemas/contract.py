"""Views of the table models for the places that need them: Arrow, Frictionless, the codebook."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
import pyarrow as pyarrow

from schemas.arrow_strings import as_arrow, held_by_arrow

_ARROW_TYPES = {
    "VARCHAR": pyarrow.string(),
    "INTEGER": pyarrow.int32(),
    "BIGINT": pyarrow.int64(),
    "DOUBLE": pyarrow.float64(),
    "DATE": pyarrow.date32(),
    "TIMESTAMP": pyarrow.timestamp("s"),
    "VARCHAR[]": pyarrow.list_(pyarrow.string()),
}
# Frictionless Table Schema types. A list column is `any`: the standard's `array` and `list`
# types take JSON or delimited text, and frictionless reads a Parquet list as neither, so
# `frictionless validate` would flag every row. `x-sqlType` keeps the exact type.
_FRICTIONLESS_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "number",
    "DATE": "date",
    "TIMESTAMP": "datetime",
    "VARCHAR[]": "any",
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    sql: str
    description: str
    nullable: bool
    unique: bool


def columns(model: type[pa.DataFrameModel]) -> list[ColumnSpec]:
    """The model's columns in order, with their contract type and meaning."""
    schema = model.to_schema()
    return [
        ColumnSpec(
            name=name,
            sql=col.metadata["sql"],
            description=col.description or "",
            nullable=col.nullable,
            unique=col.unique,
        )
        for name, col in schema.columns.items()
    ]


def table_description(model: type[pa.DataFrameModel]) -> str:
    return (model.__doc__ or "").strip()


def arrow_schema(model: type[pa.DataFrameModel]) -> pyarrow.Schema:
    return pyarrow.schema(
        [
            pyarrow.field(c.name, _ARROW_TYPES[c.sql], nullable=c.nullable or c.sql == "VARCHAR[]")
            for c in columns(model)
        ]
    )


def to_arrow(df: pd.DataFrame, model: type[pa.DataFrameModel]) -> pyarrow.Table:
    """The frame as an Arrow table with exactly the contract's columns and types."""
    schema = arrow_schema(model)
    frame = df.reindex(columns=schema.names)
    arrays = [_to_array(frame[f.name], f.type) for f in schema]
    return pyarrow.Table.from_arrays(arrays, schema=schema)


def rows_to_arrow(rows: list[dict], model: type[pa.DataFrameModel]) -> pyarrow.Table:
    """Rows of plain Python values (None where missing) as `to_arrow` makes them, faster."""
    schema = arrow_schema(model)
    lists = [f.name for f in schema if pyarrow.types.is_list(f.type)]
    if lists:
        rows = [{**r, **{k: [] for k in lists if r.get(k) is None}} for r in rows]
    return pyarrow.Table.from_pylist(rows, schema=schema)


def _to_array(series: pd.Series, typ: pyarrow.DataType) -> pyarrow.Array:
    if pyarrow.types.is_string(typ) and held_by_arrow(series):
        return as_arrow(series)
    values = [None if _is_missing(v) else v for v in series.tolist()]
    if pyarrow.types.is_list(typ):
        values = [list(v) if v is not None else [] for v in values]
    elif pyarrow.types.is_date32(typ):
        values = [v.date() if hasattr(v, "date") and callable(v.date) else v for v in values]
    elif pyarrow.types.is_timestamp(typ):
        values = [pd.Timestamp(v).to_pydatetime() if v is not None else None for v in values]
    return pyarrow.array(values, type=typ)


def _is_missing(value: object) -> bool:
    if type(value) is str:  # most values: answered without pandas
        return False
    if isinstance(value, (list, tuple)) or hasattr(value, "__array__"):
        return False
    return value is None or bool(pd.isna(value))


def frictionless_schema(model: type[pa.DataFrameModel]) -> dict:
    """A Frictionless Table Schema for the table."""
    fields = []
    keys = []
    for c in columns(model):
        field = {"name": c.name, "type": _FRICTIONLESS_TYPES[c.sql], "description": c.description}
        if field["type"] == "any":
            field["x-sqlType"] = c.sql
        if not c.nullable and c.sql != "VARCHAR[]":
            field["constraints"] = {"required": True}
        if c.unique:
            keys.append(c.name)
        fields.append(field)
    schema: dict = {"fields": fields}
    if len(keys) == 1:
        schema["primaryKey"] = keys
    return schema
