"""Golden snapshots of the seed build: one text file per table under tests/snapshots/seeds/.

Each file lists the key columns of its table, one sorted row a line, so that a change in what
the seeds yield is a diff a reviewer reads (which event appeared, which figure lost its
claimant) rather than a count that moved. `counts.txt` holds the rows of every table.

Regenerate after an intended change (it builds the seeds into a temporary folder):

    make snapshots            # .venv/bin/python -m tests.snapshots --update

Without `--update` the command compares and prints the diff (exit status 1 on a change).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import duckdb

from schemas import TABLES

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
REGENERATE = "make snapshots  (.venv/bin/python -m tests.snapshots --update)"

# Tables counted in counts.txt but not listed row by row (their rows are the seeds' text).
COUNTED_ONLY = {"sentences"}

# A document is named by its file and a sentence by its number in it: row ids are hashes a
# reader cannot place. Sentence texts are not repeated here, only the words a row
# was extracted from (trigger, figure, time expression, mention).
_FILE = "(select source_file from read_parquet('documents.parquet') d where d.doc_id = t.doc_id)"
_WHERE = f"{_FILE} as file, t.sentence_id as sentence"
QUERIES = {
    "documents": """
        select source_file, title, published_date, date_basis, date_precision, outlet_id,
               language, n_words,
               (select source_file from read_parquet('documents.parquet') o
                where o.doc_id = t.duplicate_of) as duplicate_of
        from read_parquet('documents.parquet') t""",
    "actors": """
        select actor_id, name, actor_type, country_code, role, wikidata_id, n_mentions,
               n_documents
        from read_parquet('actors.parquet') t""",
    "actor_mentions": f"""
        select {_WHERE}, actor_id, text
        from read_parquet('actor_mentions.parquet') t""",
    "events": f"""
        select {_WHERE}, event_type, cameo_code, source_actor_id,
               target_actor_id, status, attributed_to, trigger, event_date, date_precision
        from read_parquet('events.parquet') t""",
    "figures": f"""
        select {_WHERE}, text, value, unit, qualifier, subject_actor_id,
               claimant_id
        from read_parquet('figures.parquet') t""",
    "sources": "select source_id, name, source_type from read_parquet('sources.parquet') t",
    "citations": f"""
        select {_WHERE}, source_id, text from read_parquet('citations.parquet') t""",
    "time_expressions": f"""
        select {_WHERE}, text, value, timex_type, anchor
        from read_parquet('time_expressions.parquet') t""",
    "rejected_inputs": """
        select source_file, reason from read_parquet('rejected_inputs.parquet') t""",
}


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value).replace("\n", " ")


def _listing(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    result = con.execute(sql)
    header = [column[0] for column in result.description]
    rows = sorted(result.fetchall(), key=lambda row: [(v is None, v) for v in row])
    lines = [" | ".join(_cell(v) for v in row) for row in rows]
    return "\n".join([" | ".join(header), *lines]) + "\n"


def describe(published: Path) -> dict[str, str]:
    """The snapshot files' text for a published folder: {file name: text}."""
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{published}'")
    count = "select count(*) from read_parquet('{}.parquet')"
    counts = [f"{table} | {con.execute(count.format(table)).fetchone()[0]}" for table in TABLES]
    files = {"counts.txt": "table | rows\n" + "\n".join(counts) + "\n"}
    files |= {f"{table}.txt": _listing(con, sql) for table, sql in QUERIES.items()}
    return files


def stored(folder: Path = SEEDS) -> dict[str, str]:
    """The snapshot files as committed: {file name: text}."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def diff(expected: dict[str, str], actual: dict[str, str]) -> str:
    """A unified diff per file that differs (a missing file diffs against nothing)."""
    out = []
    for name in sorted(expected.keys() | actual.keys()):
        old, new = expected.get(name, ""), actual.get(name, "")
        if old != new:
            out += difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                f"tests/snapshots/seeds/{name} (committed)", f"{name} (this build)",
            )  # fmt: skip
    return "".join(out)


def write(files: dict[str, str], folder: Path = SEEDS) -> list[str]:
    """Write the snapshot files (removing any no table gives now); return the names changed."""
    folder.mkdir(parents=True, exist_ok=True)
    before = stored(folder)
    for name in before.keys() - files.keys():
        (folder / name).unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(n for n in before.keys() | files.keys() if before.get(n) != files.get(n))


def build_seeds(base: Path) -> Path:
    """Build data/raw into base/published (as the `built` fixture does) and return it."""
    from assets.build import build
    from tests.conftest import RAW

    report = build(RAW, base / "published", base / "work", log_level="WARNING")
    if not report.success:
        raise SystemExit(f"the seed build failed: {report.failed_checks or report.failed_steps}")
    return base / "published"
