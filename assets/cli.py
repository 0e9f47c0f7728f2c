"""The `actas` command: build the dataset, query it, score it against gold annotations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from pipeline.publish import DATABASE
from schemas import TABLES

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/published")
DEFAULT_WORK = Path("data/work")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (FileNotFoundError, ValueError, duckdb.Error) as err:
        print(f"actas {args.command}: {err}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="actas", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="materialise every asset through Dagster and publish")
    b.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of raw .txt/.md texts")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="published dataset folder")
    b.add_argument(
        "--work",
        type=Path,
        default=None,
        help="intermediate files (default: data/work, or OUT.work beside --out)",
    )
    b.add_argument("--lexicons", type=Path, default=None, help="lexicon folder")
    b.add_argument("--processes", type=int, default=1, help="spaCy processes for parsing")
    b.add_argument("--quiet", action="store_true", help="only print the summary")
    b.set_defaults(run=_build)

    s = sub.add_parser("sql", help="run SQL over the published tables with DuckDB")
    s.add_argument("query", help='e.g. "select event_type, count(*) from events group by 1"')
    s.add_argument("--out", type=Path, default=DEFAULT_OUT, help="published dataset folder")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.set_defaults(run=_sql)

    e = sub.add_parser("eval", help="score the published tables against a gold file")
    e.add_argument("gold", type=Path, help="gold annotations (tests/gold/seeds.json format)")
    e.add_argument("--out", type=Path, default=DEFAULT_OUT, help="published dataset folder")
    e.add_argument("--json", action="store_true", help="print the full report as JSON")
    e.set_defaults(run=_eval)
    return parser


def _build(args: argparse.Namespace) -> int:
    from assets.build import build  # Dagster loads only for this command

    work = args.work or (
        DEFAULT_WORK if args.out == DEFAULT_OUT else args.out.with_name(args.out.name + ".work")
    )
    print(f"actas build: {args.raw} -> {args.out} (intermediate files in {work})")
    report = build(
        args.raw,
        args.out,
        work,
        args.lexicons,
        args.processes,
        log_level="WARNING" if args.quiet else "INFO",
    )
    if report.success:
        print(f"published to {args.out}:")
        print(_summary(args.out))
        return 0
    for check, rules in report.failed_checks.items():
        print(f"check failed: {check}: {', '.join(rules) or 'see the run log'}", file=sys.stderr)
    for step in report.failed_steps:
        print(f"step failed: {step}", file=sys.stderr)
    print(f"nothing was published; {args.out} is unchanged", file=sys.stderr)
    return 1


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per published table."""
    if not (out / "documents.parquet").exists():
        raise FileNotFoundError(f"no published dataset in {out}: run `actas build` first")
    con = duckdb.connect()
    for name in TABLES:
        path = (out / f"{name}.parquet").resolve()
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    return con


def _summary(out: Path) -> str:
    con = connect(out)
    counts = {n: con.execute(f"select count(*) from {n}").fetchone()[0] for n in TABLES}
    return "\n".join(f"  {n:<17} {c:>7} rows" for n, c in counts.items()) + (
        f'\nquery it: actas sql "select event_type, count(*) from events group by 1"\n'
        f"      or: cd {out} && duckdb {DATABASE}"
    )


def _sql(args: argparse.Namespace) -> int:
    relation = connect(args.out).sql(args.query)
    if relation is None:
        return 0
    if args.format == "table":
        relation.show(max_rows=10_000, max_width=200)
    else:
        df = relation.df()
        print(
            df.to_csv(index=False)
            if args.format == "csv"
            else df.to_json(orient="records", date_format="iso", force_ascii=False)
        )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate, format_report

    report = evaluate(args.out, args.gold)
    print(json.dumps(report, indent=2, default=str) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
