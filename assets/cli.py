"""The `actas` command: build the dataset, download a release, query it, score it."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

import duckdb

from pipeline.locks import FolderBusy
from pipeline.publish import DATABASE
from schemas import TABLES

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/published")
DEFAULT_WORK = Path("data/work")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (FileNotFoundError, ValueError, FolderBusy, duckdb.Error) as err:
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
    b.add_argument(
        "--processes",
        type=int,
        default=0,
        help="processes that parse and analyse texts (default 0: all cores)",
    )
    b.add_argument("--upload-url", default=None,
                   help="also copy the published folder to this pyarrow filesystem URL "
                   "(s3://..., gs://..., file://...)")  # fmt: skip
    b.add_argument("--quiet", action="store_true", help="only print the summary")
    b.set_defaults(run=_build)

    s = sub.add_parser("sql", help="run SQL over the published tables with DuckDB")
    s.add_argument("query", help='e.g. "select event_type, count(*) from events group by 1"')
    s.add_argument("--out", type=Path, default=DEFAULT_OUT, help="published dataset folder")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.set_defaults(run=_sql)

    d = sub.add_parser(
        "download",
        help="fetch a release bundle, verify every checksum and unpack it",
        description="SOURCE is an actas-<version>.zip bundle, a releases.json index or a "
        "folder holding one, as an https://, http:// or file:// URL or a local path. "
        "DEST is replaced only once everything is verified; on failure it is left as it was.",
    )
    d.add_argument("source", help="bundle, releases.json, or folder/base URL with releases.json")
    d.add_argument(
        "--dest", type=Path, default=DEFAULT_OUT, help="dataset folder to create or replace"
    )
    d.add_argument(
        "--version",
        default=None,
        help="full version (1.0.0+3f2a9c1e) or contract version (1.0.0, its latest release); "
        "default: the index's latest",
    )
    d.add_argument("--retries", type=int, default=3, help="retries of transient network errors")
    d.add_argument("--quiet", action="store_true", help="no progress on stderr")
    d.set_defaults(run=_download)

    e = sub.add_parser(
        "eval",
        help="score extraction against gold annotations",
        description="With GOLD, score the published folder --out against it. Without, build "
        "and score every evaluation set that is present (the seeds, the development set in "
        "data/dev/, and each --set) and print their scores side by side.",
    )
    e.add_argument("gold", type=Path, nargs="?", help="gold annotations (tests/gold/README.md)")
    e.add_argument("--out", type=Path, default=DEFAULT_OUT, help="published dataset folder")
    e.add_argument("--json", action="store_true", help="print the full report as JSON")
    e.add_argument("--stated-targets-only", action="store_true",
                   help="leave out events whose target was inferred")  # fmt: skip
    e.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=RAW:GOLD",
                   help="another evaluation set: a folder of texts and its gold file")  # fmt: skip
    e.add_argument("--work", type=Path, default=DEFAULT_WORK / "eval",
                   help="where the sets are built (default data/work/eval)")  # fmt: skip
    e.add_argument("--readme", type=Path, nargs="?", const=Path("README.md"), default=None,
                   help="also write the side-by-side table into this README's score block")
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
        upload_url=args.upload_url,
    )
    for asset, n in report.failed_documents.items():
        print(f"warning: {asset}: {n} document(s) skipped by an error; see the asset's "
              "metadata or the log above", file=sys.stderr)  # fmt: skip
    if report.success:
        print(f"published to {args.out}:")
        print(_summary(args.out))
        return 0
    for check, rules in report.failed_checks.items():
        print(f"check failed: {check}: {', '.join(rules) or 'see the run log'}", file=sys.stderr)
    for step, message in report.failed_steps.items():
        print(f"step failed: {step}: {message.splitlines()[-1] if message else ''}",
              file=sys.stderr)  # fmt: skip
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
    reasons = con.execute(
        "select reason, count(*) from rejected_inputs group by 1 order by 2 desc, 1"
    ).fetchall()
    rejected = ", ".join(f"{n} {reason}" for reason, n in reasons)
    lines = [f"  {n:<17} {c:>7} rows" for n, c in counts.items()]
    lines.append(f"accepted {counts['documents']} file(s), rejected {counts['rejected_inputs']}"
                 + (f" ({rejected}): see rejected_inputs" if rejected else ""))  # fmt: skip
    return "\n".join(lines) + (
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


def _download(args: argparse.Namespace) -> int:
    from pipeline.download import DownloadError, download

    try:
        got = download(
            args.source,
            args.dest,
            args.version,
            progress=None if args.quiet else sys.stderr,
            retries=args.retries,
        )
    except (DownloadError, OSError) as err:
        verb = "refused" if isinstance(err, DownloadError) else "failed"
        print(f"actas download: {verb}: {err}", file=sys.stderr)
        print(f"nothing was unpacked; {args.dest} is as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"actas download: interrupted; {args.dest} is as it was", file=sys.stderr)
        return 130
    n_rows = sum(got.rows.values())
    print(f"actas {got.version}: {len(got.rows)} tables, {n_rows} rows, every checksum verified")
    folder = shlex.quote(str(got.folder))
    print(f"unpacked to {got.folder}")
    query = "select event_type, count(*) from events group by 1"
    print(f'query it: actas sql "{query}" --out {folder}')
    print(f"      or: cd {folder} && duckdb {DATABASE}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate, format_report

    if args.gold is None:
        return _eval_sets(args)
    report = evaluate(args.out, args.gold, args.stated_targets_only)
    print(json.dumps(report, indent=2, default=str) if args.json else format_report(report))
    return 0


def _eval_sets(args: argparse.Namespace) -> int:
    """Build each evaluation set whose texts are all present, score it with and without
    inferred targets, and print the scores side by side."""
    from assets.build import build
    from pipeline import evalsets
    from pipeline.evaluate import evaluate, format_side_by_side

    columns, headers = {}, []
    for evalset in evalsets.default_sets() + [evalsets.parse_set(s) for s in args.sets]:
        present = evalsets.presence(evalset)
        print(f"{evalset.name}: {present.describe()} in {evalset.raw}", file=sys.stderr)
        if not present.complete:
            print(f"{evalset.name}: skipped (see README, Evaluation)", file=sys.stderr)
            continue
        out, work = args.work / evalset.name / "published", args.work / evalset.name / "work"
        report = build(evalset.raw, out, work, log_level="WARNING")
        if not report.success:
            print(f"{evalset.name}: the build failed; see `actas build --raw {evalset.raw}`",
                  file=sys.stderr)  # fmt: skip
            return 1
        columns[evalset.name] = (evaluate(out, evalset.gold),
                                 evaluate(out, evalset.gold, stated_targets_only=True))  # fmt: skip
        headers.append(f"{evalset.name} ({len(present.expected)} texts)")
    table = format_side_by_side(columns, headers)
    print(table, end="")
    if args.readme:
        _write_score_block(args.readme, table)
        print(f"wrote the score block of {args.readme}", file=sys.stderr)
    return 0


SCORE_BLOCK = ("<!-- scores:start (generated by `actas eval --readme`) -->", "<!-- scores:end -->")


def _write_score_block(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = SCORE_BLOCK
    head, found, rest = text.partition(start)
    _, found_end, tail = rest.partition(end)
    if not (found and found_end):
        raise ValueError(f"{readme} has no score block: add the lines {start} and {end}")
    readme.write_text(f"{head}{start}\n{table}{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
