"""The `actas` command: build the dataset, download a release, query it, score it."""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.publish.locks import FolderBusy

if TYPE_CHECKING:
    import duckdb

# The tables' modules (pandas, pandera, DuckDB) load in the commands that use them: `actas
# build` starts its fork server before it imports anything heavy.

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/published")
DEFAULT_WORK = Path("data/work")
# What `actas sql` runs unless --writable: queries, never statements that change anything.
READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except Exception as err:
        if not _for_the_user(err):
            raise
        print(f"actas {args.command}: {err}", file=sys.stderr)
        return 2


def _for_the_user(err: Exception) -> bool:
    """An error whose message tells the user what to fix: bad input, a busy folder, or a
    query DuckDB refused (DuckDB is imported only by the commands that query)."""
    duckdb = sys.modules.get("duckdb")
    return isinstance(err, (FileNotFoundError, ValueError, FolderBusy)) or (
        duckdb is not None and isinstance(err, duckdb.Error)
    )


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
    b.add_argument(
        "--releases",
        type=Path,
        default=None,
        help="release bundles and releases.json (default: data/releases, or OUT.releases "
        "beside --out)",
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
    s.add_argument(
        "--writable",
        action="store_true",
        help="a scratch session: allow COPY, ATTACH, CREATE and the rest, and files outside "
        "the dataset folder (by default only queries run, reading only the dataset's tables)",
    )
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
    d.add_argument(
        "--deadline",
        type=float,
        default=None,
        help="seconds the whole download may take, retries included (default 1800); each "
        "network read also times out after 30 s",
    )
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
    from assets.forkserver import start_if_useful
    from pipeline.ingest.buckets import configured_count
    from pipeline.ingest.files import DEFAULT_MAX_BYTES

    same = args.out.resolve() == DEFAULT_OUT.resolve()
    work = args.work or (DEFAULT_WORK if same else args.out.with_name(args.out.name + ".work"))
    # It loads the model while Dagster is imported.
    start_if_useful(args.raw, work, args.processes, configured_count(), DEFAULT_MAX_BYTES)
    from assets.build import build  # Dagster loads only for this command
    from assets.resources import ReleaseFolder

    releases = ReleaseFolder(path=str(args.releases or "")).folder_for(args.out)
    print(f"actas build: {args.raw} -> {args.out} (intermediate files in {work}, "
          f"release bundles in {releases})")  # fmt: skip
    before = _published_state(args.out, releases)
    report = build(
        args.raw,
        args.out,
        work,
        args.lexicons,
        args.processes,
        log_level="WARNING" if args.quiet else "INFO",
        upload_url=args.upload_url,
        release_dir=releases,
    )
    ran = report.stale_buckets
    print(f"buckets run: {len(ran)}" + (f" ({', '.join(ran)}), in {report.bucket_processes} "
                                        "process(es)" if ran else ", all reused"))  # fmt: skip
    for check, why in report.warnings.items():
        print(f"warning: check {check}: {why}", file=sys.stderr)
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
    after = _published_state(args.out, releases)
    if after == before:
        print(f"nothing was published; {args.out} is unchanged", file=sys.stderr)
    else:
        print(_partly_published(args.out, releases, before, after), file=sys.stderr)
    return 1


def _published_state(out: Path, releases: Path) -> dict[str, str | None]:
    """What a build may have changed: the tables' version, the version the report was drawn
    from, and whether the releases index has a bundle of the tables' version."""
    from pipeline.publish.release import INDEX, bundle_name
    from pipeline.publish.report import REPORT_HTML, report_version

    def read(path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    try:
        tables = json.loads(read(out / "datapackage.json") or "null")
        index = json.loads(read(releases / INDEX) or "null")
    except ValueError:
        tables = index = None
    version = tables.get("version") if isinstance(tables, dict) else None
    page = read(out / REPORT_HTML)
    released = (
        isinstance(index, dict)
        and isinstance(version, str)
        and index.get("latest") == version
        and (releases / bundle_name(version)).is_file()
    )
    return {
        "tables": version,
        "report": report_version(page) if page else None,
        "release": version if released else None,
    }


def _partly_published(out: Path, releases: Path, before: dict, after: dict) -> str:
    """Exactly what a build that failed after publishing did and did not publish."""
    version = after["tables"]
    lines = [f"the build stopped part-way; this is what {out} and {releases} now hold:"]
    if version is None:
        lines.append(f"  tables:  none published (was version {before['tables']})")
    elif version != before["tables"]:
        was = f"was {before['tables']}" if before["tables"] else "there were none"
        lines.append(f"  tables:  PUBLISHED, version {version} ({was})")
    else:
        lines.append(f"  tables:  unchanged, version {version}")
    if after["report"] and after["report"] == version:
        lines.append("  report:  drawn from these tables")
    else:
        lines.append("  report:  NOT drawn for these tables (report.html missing or older)")
    if after["release"]:
        lines.append(f"  release: bundled, {releases / f'actas-{version}.zip'}")
    else:
        lines.append(f"  release: NOT bundled; {releases} has no release of these tables")
    lines.append("run the same `actas build` again to finish: unchanged texts are not re-analysed")
    return "\n".join(lines)


def connect(out: Path, writable: bool = True) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per published table.

    Unless writable, the session is locked down before it is returned: it may read the
    table files and nothing else (`enable_external_access` off, `allowed_paths` the tables),
    and its configuration is locked, so no SET can undo that. `run_query` adds the rest.
    """
    import duckdb

    from pipeline.publish.dataset import sql_string
    from schemas import TABLES

    if not (out / "documents.parquet").exists():
        raise FileNotFoundError(f"no published dataset in {out}: run `actas build` first")
    con = duckdb.connect()
    paths = [str((out / f"{name}.parquet").resolve()) for name in TABLES]
    for name, path in zip(TABLES, paths, strict=True):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({sql_string(path)})")
    if not writable:
        con.execute(f"SET allowed_paths = [{', '.join(sql_string(p) for p in paths)}]")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def run_query(con: duckdb.DuckDBPyConnection, query: str, writable: bool = False):
    """The relation of the query's last statement. Unless writable, every statement must be
    a query (SELECT, or EXPLAIN of one): COPY, ATTACH, CREATE, DROP, SET... are refused."""
    import duckdb

    if not writable:
        for statement in duckdb.extract_statements(query):
            kind = statement.type.name
            if kind not in READ_ONLY_STATEMENTS:
                raise ValueError(
                    f"{kind} statements are refused: actas sql only reads the dataset "
                    "(SELECT). Add --writable for a scratch session that may write files"
                )
    return con.sql(query)


def _summary(out: Path) -> str:
    from pipeline.publish.dataset import DATABASE
    from schemas import TABLES

    con = connect(out, writable=False)
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
    import duckdb

    try:
        relation = run_query(connect(args.out, args.writable), args.query, args.writable)
    except duckdb.PermissionException as err:
        first = str(err).splitlines()[0]
        raise ValueError(
            f"{first}: actas sql reads only the dataset's tables; add --writable to read or "
            "write other files"
        ) from None
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
    from pipeline.publish.dataset import DATABASE
    from pipeline.publish.download import DEFAULT_DEADLINE, DownloadError, download
    from pipeline.publish.folders import printable

    signal.signal(signal.SIGTERM, _interrupted)  # so that temporaries are removed on the way
    signal.signal(signal.SIGHUP, _interrupted)
    try:
        got = download(
            args.source,
            args.dest,
            args.version,
            progress=None if args.quiet else sys.stderr,
            retries=args.retries,
            deadline=args.deadline or DEFAULT_DEADLINE,
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
    print(f"actas {printable(got.version)}: {len(got.rows)} tables, {n_rows} rows, "
          "every checksum and the version's content hash verified")  # fmt: skip
    folder = shlex.quote(str(got.folder))
    print(f"unpacked to {got.folder}")
    query = "select event_type, count(*) from events group by 1"
    print(f'query it: actas sql "{query}" --out {folder}')
    print(f"      or: cd {folder} && duckdb {DATABASE}")
    return 0


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate.scores import evaluate, format_report

    if args.gold is None:
        return _eval_sets(args)
    report = evaluate(args.out, args.gold, args.stated_targets_only)
    print(json.dumps(report, indent=2, default=str) if args.json else format_report(report))
    return 0


def _eval_sets(args: argparse.Namespace) -> int:
    """Build each evaluation set whose texts are all present, score it with and without
    inferred targets, and print the scores side by side."""
    from assets.build import build
    from pipeline.evaluate import evalsets
    from pipeline.evaluate.scores import evaluate, format_side_by_side

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


def run() -> None:
    """The `actas` command: `main`, then an exit that skips tearing down the interpreter. With
    Dagster, spaCy and the model loaded, freeing every object one by one took 1.4 s after
    the work was done; the exit handlers still run and the output is flushed first."""
    code = main()
    atexit._run_exitfuncs()  # noqa: SLF001 - what a normal exit runs, then the quick exit
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
