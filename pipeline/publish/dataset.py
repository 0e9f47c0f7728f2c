"""Publishing: Parquet files, datapackage.json, a codebook and a DuckDB database of views.

Everything is written to a staging folder next to the published one and swapped in only when
all of it is written, so readers never see half a dataset. Only a folder that is absent, empty
or an actas dataset is replaced (see `pipeline.publish.folders`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import textwrap
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.publish.folders import (
    check_replaceable,
    prepare,
    replace_folder,
    temporary,
    write_marker,
)
from pipeline.publish.locks import exclusive
from schemas import CONTRACT_VERSION, TABLES
from schemas.contract import columns, frictionless_schema, table_description

DATABASE = "actas.duckdb"
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Published:
    folder: Path
    rows: dict[str, int]
    files: dict[str, dict]  # file name -> {"bytes": n, "sha256": hex}


def publish(tables: dict[str, Path], out_dir: Path) -> Published:
    """Copy every table's Parquet file (as `parquet.write_parquet` or `TableWriter` wrote it)
    and their descriptions to out_dir, replacing what was there at once."""
    out_dir = Path(os.path.realpath(out_dir))  # a symbolic link's target is what is replaced
    with exclusive(out_dir, "publish somewhere else (--out, or the PublishFolder resource)"):
        return _publish(tables, out_dir)


def _publish(tables: dict[str, Path], out_dir: Path) -> Published:
    # Under the lock no other run is writing: what a killed run left behind is ours to tidy.
    prepare(out_dir)
    check_replaceable(out_dir, "--out")
    staging = temporary(out_dir, "staging", os.getpid())
    staging.mkdir()
    try:
        files = {}
        for name in TABLES:
            path = staging / f"{name}.parquet"
            shutil.copyfile(tables[name], path)
            files[path.name] = _file_info(path)
        rows = {name: pq.ParquetFile(staging / f"{name}.parquet").metadata.num_rows
                for name in TABLES}  # fmt: skip
        _write_json(staging / "datapackage.json", datapackage(rows, files))
        (staging / "README.md").write_text(codebook(rows, dataset_version(files)), "utf-8")
        write_database(staging)
        write_marker(staging)
        replace_folder(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Published(out_dir, rows, files)


def upload(folder: Path, url: str, only: list[str] | None = None) -> list[str]:
    """Copy a published folder to a pyarrow/fsspec filesystem URL (s3://, gs://, abfs://,
    hdfs://, file://). datapackage.json goes last: readers can take its arrival, with the
    checksums it lists, as the sign that the tables before it are complete."""
    import pyarrow.fs

    filesystem, base = pyarrow.fs.FileSystem.from_uri(url)
    filesystem.create_dir(base, recursive=True)
    names = sorted(p.name for p in Path(folder).iterdir() if p.is_file())
    if only is not None:
        names = [name for name in names if name in only]
    names.sort(key=lambda name: name == "datapackage.json")
    for name in names:
        with (
            (Path(folder) / name).open("rb") as src,
            filesystem.open_output_stream(f"{base.rstrip('/')}/{name}") as dst,
        ):
            shutil.copyfileobj(src, dst, length=1 << 20)
    return names


def _file_info(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_database(folder: Path) -> None:
    """A DuckDB file of views over the Parquet files, by paths relative to the folder.

    DuckDB resolves them against the working directory, so open it from the folder, or
    set `file_search_path` to the folder (as `actas sql` does).
    """
    path = folder / DATABASE
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(f"SET file_search_path = {sql_string(str(folder.resolve()))}")
        for statement in view_statements():
            con.execute(statement)


def sql_string(text: str) -> str:
    """A SQL string literal of text (for the statements that take no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def view_statements() -> list[str]:
    """The statements that define actas.duckdb: one view per table, by relative path."""
    return [
        f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{name}.parquet');" for name in TABLES
    ]


def content_hash(files: dict[str, dict]) -> str:
    """A short hash of the tables' bytes: it changes exactly when some table changes."""
    lines = "".join(
        f"{files[f'{name}.parquet']['sha256']}  {name}.parquet\n" for name in sorted(TABLES)
    )
    return hashlib.sha256(lines.encode()).hexdigest()[:8]


def dataset_version(files: dict[str, dict]) -> str:
    """The contract's semantic version plus the tables' content hash, e.g. 1.0.0+3f2a9c1e."""
    return f"{CONTRACT_VERSION}+{content_hash(files)}"


def datapackage(rows: dict[str, int], files: dict[str, dict]) -> dict:
    """A Frictionless Data Package (v2) descriptor for the published tables.

    Each file's size and sha256 are `x-bytes` and `x-sha256`, not the standard `bytes` and
    `hash`: frictionless's Parquet reader counts no bytes (so `bytes` fails its validation)
    and checks no hash (so `hash` would look verified when it is not). The version, a hash
    of every table, and a bundle's SHA256SUMS are what pin the bytes.
    """
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "actas",
        "title": "actas: events, actors and contested figures from news texts",
        "version": dataset_version(files),
        "licenses": [LICENSE],
        "resources": [
            {
                "name": name,
                "type": "table",
                "path": f"{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": table_description(model),
                "x-bytes": files[f"{name}.parquet"]["bytes"],
                "x-sha256": files[f"{name}.parquet"]["sha256"],
                "schema": frictionless_schema(model),
                "x-rows": rows[name],
            }
            for name, model in TABLES.items()
        ],
    }


def codebook(rows: dict[str, int], version: str) -> str:
    """The dataset's README: every table and column with its meaning, from the models."""
    lines = [
        "# actas dataset: codebook",
        "",
        f"Version {version}: contract {CONTRACT_VERSION} plus a hash of the tables' content.",
        "Every table is a Parquet file in this folder; `actas.duckdb` holds a view of each.",
        'Open it from this folder: `duckdb actas.duckdb -c "select * from events limit 5"`.',
        "A release bundle carries `views.sql` instead of the database file: `actas download`",
        "creates `actas.duckdb` from it, or run `duckdb actas.duckdb < views.sql` here.",
        "",
        *_how_it_was_made(),
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
    lines += ["## Example queries", ""]
    for query in EXAMPLE_QUERIES:
        lines += [f"{query.title}:", "", "```sql", query.sql, "```", ""]
    return "\n".join(lines + _licence_and_citation(version))


def _how_it_was_made() -> list[str]:
    from pipeline.extract.nlp import DEFAULT_MODEL  # here, so that `actas sql` does not load spaCy

    return [
        "## How it was made",
        "",
        "actas reads raw news texts (plain text, Markdown or HTML pages), rejects repeated",
        "copies (rejected_inputs) and links paraphrases (documents.duplicate_of), splits each",
        "body into sentences with a spaCy model, and extracts actors (from lexicons of known",
        "actors and from named entities), the sources it cites, time expressions, events",
        "(PLOVER types, from a lexicon of event verbs and the sentence's syntax) and numeric",
        "figures with whom they are about and who claims them. Every row points back to its",
        "document and sentence, and every table was checked against its contract before",
        "publishing. Extraction is automatic: expect errors, and read a row's sentence before",
        "relying on it.",
        "",
        "| component | version |",
        "|---|---|",
        f"| table contract | {CONTRACT_VERSION} |",
        f"| actas pipeline | {__version__} |",
        f"| spaCy | {_installed('spacy')} |",
        f"| spaCy model {DEFAULT_MODEL} | {_installed(DEFAULT_MODEL)} |",
        f"| pyarrow (Parquet writer) | {_installed('pyarrow')} |",
        f"| trafilatura (HTML pages to articles) | {_installed('trafilatura')} |",
        f"| ftfy (mojibake repair) | {_installed('ftfy')} |",
        f"| lingua (language detection) | {_installed('lingua-language-detector')} |",
        f"| countryinfo (countries, demonyms, capitals) | {_installed('countryinfo')} |",
        "",
    ]


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _licence_and_citation(version: str) -> list[str]:
    return [
        "## Licence and citation",
        "",
        f"The tables are published under [{LICENSE['name']}]({LICENSE['path']}).",
        "Documents and sentences quote the original articles, whose copyright stays with",
        "their publishers.",
        "",
        "Cite the dataset with its full version, which names these exact tables:",
        "",
        f"> actas: events, actors and contested figures from news texts, version {version}.",
        "",
    ]


@dataclass(frozen=True)
class ExampleQuery:
    title: str
    sql: str


def _sql(text: str) -> str:
    return textwrap.dedent(text).strip()


# The questions users ask, answered in SQL; the README and the codebook show these same queries.
EXAMPLE_QUERIES = [
    ExampleQuery(
        "Contested figures side by side, by claimant (the same count, different numbers)",
        _sql("""
            select s.name as about, f.unit,
                   coalesce(c.name, src.name, '(unattributed)') as claimed_by,
                   f.qualifier, f.value, f.text
            from figures f
            join actors s on s.actor_id = f.subject_actor_id
            left join actors c on c.actor_id = f.claimant_id
            left join sources src on src.source_id = f.claimant_id
            qualify min(f.value) over (partition by f.subject_actor_id, f.unit)
                  < max(f.value) over (partition by f.subject_actor_id, f.unit)
            order by about, f.unit, f.value desc, claimed_by, f.qualifier, f.text, f.figure_id;
        """),
    ),
    ExampleQuery(
        "Events per actor per week (as source or target; undated events take the article's date)",
        _sql("""
            select a.name as actor,
                   date_trunc('week', coalesce(e.event_date, d.published_date))::date as week,
                   count(*) as events
            from events e
            join documents d on d.doc_id = e.doc_id
            join actors a on a.actor_id in (e.source_actor_id, e.target_actor_id)
            where coalesce(e.event_date, d.published_date) is not null
            group by all
            order by week, events desc, actor;
        """),
    ),
    ExampleQuery(
        "Who said or did what about whom, according to whom, in which sentence",
        _sql("""
            select a.name as who, e.event_type as did_what, b.name as about_whom, e.status,
                   src.name as according_to, s.text as sentence
            from events e
            join actors a on a.actor_id = e.source_actor_id
            join actors b on b.actor_id = e.target_actor_id
            left join sources src on src.source_id = e.attributed_to
            join sentences s on s.doc_id = e.doc_id and s.sentence_id = e.sentence_id
            order by e.doc_id, e.sentence_id, e.event_id;
        """),
    ),
    ExampleQuery(
        "Documents per outlet, with the first and last publication day",
        _sql("""
            select coalesce(o.name, '(outlet not stated)') as outlet, count(*) as documents,
                   min(d.published_date) as first_day, max(d.published_date) as last_day
            from documents d
            left join sources o on o.source_id = d.outlet_id
            group by all
            order by documents desc, outlet;
        """),
    ),
]
