"""Publishing: Parquet files, datapackage.json, a codebook and a DuckDB database of views.

Everything is written to a staging folder next to the published one and swapped in only when
all of it is written, so readers never see half a dataset.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from pipeline import __version__
from schemas import CONTRACT_VERSION, TABLES
from schemas.contract import columns, frictionless_schema, table_description, to_arrow

DATABASE = "actas.duckdb"
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
class Published:
    folder: Path
    rows: dict[str, int]
    files: dict[str, dict]  # file name -> {"bytes": n, "sha256": hex}


def sorted_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(SORT_KEYS[name], kind="stable", ignore_index=True)


def write_parquet(df: pd.DataFrame, name: str, path: Path) -> None:
    table = to_arrow(sorted_table(name, df), TABLES[name])
    pq.write_table(table, path, compression="zstd", row_group_size=100_000)


def publish(tables: dict[str, pd.DataFrame], out_dir: Path) -> Published:
    """Write every table and its descriptions to out_dir, replacing what was there at once."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        files = {}
        for name in TABLES:
            path = staging / f"{name}.parquet"
            write_parquet(tables[name], name, path)
            files[path.name] = _file_info(path)
        rows = {name: len(tables[name]) for name in TABLES}
        _write_json(staging / "datapackage.json", datapackage(rows, files))
        (staging / "README.md").write_text(codebook(rows), encoding="utf-8")
        write_database(staging)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Published(out_dir, rows, files)


def _file_info(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _swap(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def write_database(folder: Path) -> None:
    """A DuckDB file of views over the Parquet files, by paths relative to the folder.

    DuckDB resolves them against the working directory, so open it from the folder, or
    set `file_search_path` to the folder (as `actas sql` does).
    """
    path = folder / DATABASE
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(f"SET file_search_path = '{folder.resolve()}'")
        for name in TABLES:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{name}.parquet')")


def datapackage(rows: dict[str, int], files: dict[str, dict]) -> dict:
    """A Frictionless Data Package (v2) descriptor for the published tables."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "actas",
        "title": "actas: events, actors and contested figures from news texts",
        "version": CONTRACT_VERSION,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": name,
                "type": "table",
                "path": f"{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": table_description(model),
                "bytes": files[f"{name}.parquet"]["bytes"],
                "hash": f"sha256:{files[f'{name}.parquet']['sha256']}",
                "schema": frictionless_schema(model),
                "x-rows": rows[name],
            }
            for name, model in TABLES.items()
        ],
    }


def codebook(rows: dict[str, int]) -> str:
    """The dataset's README: every table and column with its meaning, from the models."""
    lines = [
        "# actas dataset: codebook",
        "",
        f"Contract version {CONTRACT_VERSION}; built by actas {__version__}.",
        "Every table is a Parquet file in this folder; `actas.duckdb` holds a view of each.",
        'Open it from this folder: `duckdb actas.duckdb -c "select * from events limit 5"`.',
        "",
    ]
    for name, model in TABLES.items():
        lines += [
            f"## {name} ({rows[name]} rows)",
            "",
            table_description(model),
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        for c in columns(model):
            null = " null" if c.nullable else ""
            lines.append(f"| {c.name} | {c.sql}{null} | {c.description} |")
        lines.append("")
    return "\n".join(lines)
