"""The data path as functions from tables to tables; the Dagster assets are thin wrappers.

raw files, bucket by bucket (pipeline/ingest/buckets.py; build_bucket, one process per bucket):
             -> ingested documents (ingest_folder; cached by file bytes)
             -> one analysis per document, cached (pipeline/extract/analyse.py)
             -> the per-document tables and sketches, streamed to Parquet (collect)
             (files added to a built bucket: only they are read, then merged in; extend_bucket)
every bucket -> the corpus's documents and tables, duplicates across buckets dropped
                (merge_buckets)
             -> actors, sources, finished documents: the steps that need every document
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import schemas
from pipeline.common.cache import PickleCache, code_fingerprint
from pipeline.common.ids import fold, slugify, stable_id
from pipeline.common.records import ActorEntry, ParsedText, SourceEntry
from pipeline.extract.analyse import Analysis, Cache, Job, Journal, Setup, analyse_all, fingerprint
from pipeline.extract.citations import ANONYMOUS
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.sketches import SCHEMA as SKETCH_SCHEMA
from pipeline.extract.sketches import Sketch, sketch, sketches_from_arrow, sketches_to_arrow
from pipeline.ingest.documents import parse_text
from pipeline.ingest.files import RawText, Rejection, decode_file, library_versions, read_raw_folder
from pipeline.publish.duplicates import DocInfo, find_duplicates
from pipeline.publish.parquet import (
    COMPRESSION,
    ROW_GROUP,
    TableFile,
    TableWriter,
    sort_rows,
    write_parquet,
)
from schemas import TABLES
from schemas.arrow_strings import is_in
from schemas.contract import arrow_schema

Progress = Callable[[str], None]
# Tables every document contributes rows to, as analysed.
PER_DOCUMENT = ("sentences", "time_expressions", "actor_mentions", "citations", "events",
                "figures")  # fmt: skip


TABLES_ARROW = {name: arrow_schema(model) for name, model in TABLES.items()}
TABLES_ARROW["text_sketches"] = SKETCH_SCHEMA


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in TABLES[table].to_schema().columns})


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    columns = list(TABLES[table].to_schema().columns)
    return pd.DataFrame(rows, columns=columns) if rows else empty(table)


# raw files -> ingested documents --------------------------------------------------------


# What shapes a raw file's decoding and header parsing: a change to any invalidates the cache.
INGEST_MODULES = (
    "common.cache",
    "common.ids",
    "common.records",
    "common.vocabulary",
    "ingest.documents",
    "ingest.files",
    "ingest.html",
    "ingest.language",
)


class IngestCache:
    """Each raw file's decoding and header parsing, kept by a hash of the file's bytes."""

    def __init__(self, folder: Path):
        key = code_fingerprint(INGEST_MODULES, salt=library_versions())
        self.store = PickleCache(Path(folder) / "ingest", key)
        self._last: tuple[str, ParsedText] | None = None

    def decode(self, source_file: str, data: bytes, max_bytes: int) -> RawText | Rejection:
        key = stable_id(hashlib.sha256(data).hexdigest(), max_bytes, length=32)
        hit = self.store.get(key)
        if not isinstance(hit, tuple):
            item = decode_file(source_file, data, max_bytes)
            parsed = parse_or_reject(item) if isinstance(item, RawText) else None
            hit = (parsed, None) if isinstance(parsed, Rejection) else (item, parsed)
            self.store.put(key, hit)
        item, parsed = hit
        self._last = (item.content_id, parsed) if parsed is not None else None
        return dataclasses.replace(item, source_file=source_file)

    def parse(self, item: RawText) -> ParsedText | Rejection:
        """The parse of the text `decode` just gave, kept with it."""
        if self._last and self._last[0] == item.content_id:
            return self._last[1]
        return parse_or_reject(item)


def parse_or_reject(item: RawText) -> ParsedText | Rejection:
    """The text's header facts and body; an error in header parsing rejects the file alone."""
    try:
        return parse_text(item.text)
    except Exception as err:  # noqa: BLE001 - a file must never stop the run
        return Rejection(item.source_file, "failed",
                         f"header parsing failed: {type(err).__name__}: {err}")  # fmt: skip


def ingest_folder(
    raw_dir: Path,
    max_bytes: int,
    lexicon: Lexicon,
    cache: IngestCache | None = None,
    datelines: dict[str, tuple[int, int]] | None = None,
    items: list | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """The accepted documents as their headers state them, the rejected files, and what was
    ignored in the headers of accepted ones ({source_file, warning}: impossible dates): of
    the whole folder, or of the given items of its listing (one bucket's).
    ``datelines``, if given, receives doc_id -> (month, day) of each undated document whose
    dateline gives a day without a year ("March 4 (Reuters) -"), for dating it later.

    Each file is decoded and parsed as it is read and only its row is kept, turned into a
    compact frame a few thousand at a time. Dates are inferred and duplicates linked later,
    once the bodies are analysed (see finish_documents)."""
    outlets = _source_forms(lexicon.sources)
    parts, rows, rejected, warnings = [], [], [], []
    for item in read_raw_folder(raw_dir, max_bytes, cache.decode if cache else None, items):
        parsed = item if isinstance(item, Rejection) else (
            cache.parse(item) if cache else parse_or_reject(item))  # fmt: skip
        if isinstance(parsed, Rejection):
            rejected.append(dataclasses.asdict(parsed))
            continue
        warnings += [{"source_file": item.source_file, "warning": w} for w in parsed.warnings]
        rows.append(_document_row(item, parsed, outlets))
        if datelines is not None and parsed.dateline_day and parsed.published_date is None:
            datelines[item.content_id] = parsed.dateline_day
        if len(rows) == 2_000:
            parts.append(frame("documents", rows))
            rows = []
    if rows or not parts:
        parts.append(frame("documents", rows))
    if cache:
        cache.store.drop_other_versions()
    documents = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    documents = documents.sort_values("source_file", ignore_index=True)
    return documents, frame("rejected_inputs", rejected), warnings


def dateline_frame(datelines: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """doc_id -> (month, day) as a frame, for passing between assets."""
    rows = [(doc_id, m, d) for doc_id, (m, d) in sorted(datelines.items())]
    return pd.DataFrame(rows, columns=["doc_id", "month", "day"]).astype(
        {"month": "int64", "day": "int64"}
    )


def dateline_days(frame: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """The inverse of dateline_frame."""
    return {r.doc_id: (int(r.month), int(r.day)) for r in frame.itertuples(index=False)}


def _document_row(item: RawText, parsed: ParsedText, outlets: dict[str, str]) -> dict:
    agency_id = _outlet_id(parsed.agency, outlets)
    return {
        "doc_id": item.content_id,
        "source_file": item.source_file,
        "title": parsed.title,
        "outlet_id": _outlet_id(parsed.outlet, outlets) or agency_id,
        "agency_id": agency_id,
        "url": parsed.url,
        "published_at": parsed.published_at,
        "published_date": parsed.published_date,
        "date_precision": parsed.date_precision,
        "date_basis": parsed.date_basis,
        "language": "en",
        "n_words": len(parsed.body.split()),
        "body": parsed.body,
        "duplicate_of": None,
    }


def _source_forms(sources: Iterable[SourceEntry]) -> dict[str, str]:
    return {fold(f): s.source_id for s in sources for f in (s.name, *s.aliases)}


def _outlet_id(outlet: str | None, forms: dict[str, str]) -> str | None:
    if not outlet:
        return None
    return forms.get(fold(outlet)) or slugify(outlet)


# ingested documents -> per-document tables -------------------------------------------------


@dataclasses.dataclass
class Analysed:
    """The per-document tables, and what the cross-document steps need besides."""

    tables: dict[str, TableFile]  # each written as it was analysed, in its sort order
    sketches: TableFile  # one row per document: what duplicate detection compares
    new_actors: dict[str, ActorEntry]  # actors the NER model found, merged across documents
    inferred_dates: dict[str, tuple]  # doc_id -> (date, precision)
    failures: list[dict]  # {doc_id, stage, error} of every stage that failed on a document
    found_actors: list[tuple[str, ActorEntry]] = dataclasses.field(default_factory=list)

    def failed(self, stage: str) -> list[dict]:
        return [f for f in self.failures if f["stage"] == stage]


def analyse(
    documents: pd.DataFrame,
    setup: Setup,
    cache_dir: Path | None,
    out_dir: Path,
    progress: Progress = lambda message: None,
    batch_size: int = 64,
    journal: Journal | None = None,
    datelines: dict[str, tuple[int, int]] | None = None,
) -> Analysed:
    """Analyse every document and stream the rows of each per-document table to
    out_dir/<table>.parquet: memory holds one document's rows, not the corpus's.
    ``datelines``: doc_id -> (month, day) of year-less datelines (see ingest_folder)."""
    datelines = datelines or {}
    jobs = sorted(
        (Job(r.doc_id, r.body, _date_or_none(r.published_date), r.date_basis == "none",
             datelines.get(r.doc_id))
         for r in documents.itertuples(index=False)),
        key=lambda job: job.doc_id,
    )  # fmt: skip
    cache = Cache(cache_dir, fingerprint(setup)) if cache_dir else None
    result = collect(analyse_all(jobs, setup, cache, batch_size, progress, journal), out_dir)
    if cache:
        cache.store.drop_other_versions()
    return result


def collect(analyses: Iterable[Analysis], out_dir: Path) -> Analysed:
    """Analyses in doc_id order -> one Parquet file per table, rows in the table's order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = {n: TableWriter.for_table(n, out_dir / f"{n}.parquet") for n in PER_DOCUMENT}
    # A thousand sketches a row group: they are large, and read back whole.
    sketches = TableWriter(out_dir / "text_sketches.parquet", SKETCH_SCHEMA, _sketch_table,
                           convert_every=1_000, row_group=1_000)  # fmt: skip
    found: list[tuple[str, ActorEntry]] = []
    inferred, failures = {}, []
    for a in analyses:
        for name, writer in writers.items():
            writer.add(sort_rows(name, getattr(a, name)))
        if a.sketch is not None:
            sketches.add([(a.doc_id, a.sketch)])
        found += [(a.doc_id, actor) for actor in a.new_actors]
        if a.inferred_date is not None:
            inferred[a.doc_id] = a.inferred_date
        failures += a.failures
    tables = {name: writer.close() for name, writer in writers.items()}
    new_actors = merge_new_actors(actor for _, actor in found)
    return Analysed(tables, sketches.close(), new_actors, inferred, failures, found)


def merge_new_actors(found: Iterable[ActorEntry]) -> dict[str, ActorEntry]:
    """The actors the NER model found, one entry per actor id with every alias, in the order
    the documents (in doc_id order) gave them."""
    merged_actors: dict[str, ActorEntry] = {}
    aliases: dict[str, dict[str, None]] = {}  # an ordered set per actor
    for actor in found:
        if actor.actor_id not in merged_actors:
            merged_actors[actor.actor_id] = dataclasses.replace(actor)
            aliases[actor.actor_id] = {}
        aliases[actor.actor_id].update(dict.fromkeys(actor.aliases))
    for actor_id, merged in merged_actors.items():
        merged.aliases = list(aliases[actor_id])
    return merged_actors


def _actor_row(actor: ActorEntry) -> dict:
    """The entry's fields as a row (`dataclasses.asdict` copies each alias list: slow)."""
    return {name: getattr(actor, name) for name in _ACTOR_FIELDS}


_ACTOR_FIELDS = tuple(f.name for f in dataclasses.fields(ActorEntry))


def _sketch_table(items: list[tuple[str, Sketch]]) -> pa.Table:
    return sketches_to_arrow([doc_id for doc_id, _ in items], [s for _, s in items])


def read_sketches(path: Path) -> dict[str, Sketch]:
    doc_ids, sketches = sketches_from_arrow(pq.read_table(path))
    return dict(zip(doc_ids, sketches, strict=True))


# one bucket -> its folder; every bucket's folder -> the corpus -----------------------------

# Besides the contract tables and the sketches, a bucket's folder holds these small tables.
_SMALL = {
    "new_actors": pa.schema([("doc_id", pa.string()), ("actor_id", pa.string()),
                             ("name", pa.string()), ("actor_type", pa.string()),
                             ("country_code", pa.string()), ("role", pa.string()),
                             ("wikidata_id", pa.string()), ("aliases", pa.list_(pa.string()))]),
    "inferred_dates": pa.schema([("doc_id", pa.string()), ("published_date", pa.date32()),
                                 ("date_precision", pa.string())]),
    "failures": pa.schema([("doc_id", pa.string()), ("stage", pa.string()),
                           ("error", pa.string())]),
    "header_warnings": pa.schema([("source_file", pa.string()), ("warning", pa.string())]),
}  # fmt: skip


def bucket_fingerprint(setup: Setup, max_bytes: int, n_buckets: int) -> str:
    """Changes whenever anything that shapes a bucket's folder changes: the code and libraries
    that decode and analyse a text, the model, the lexicons, the size limit, the number of
    buckets, and the code that writes the folder."""
    models = sorted(Path(schemas.__file__).parent.glob("*.py"))
    layout = code_fingerprint(("ingest.buckets", "publish.parquet", "publish.tables"), models,
                              f"{max_bytes}\x1f{n_buckets}")  # fmt: skip
    ingest = code_fingerprint(INGEST_MODULES, salt=library_versions())
    return stable_id(fingerprint(setup), ingest, layout, length=16)


@dataclasses.dataclass
class Bucket:
    """What one bucket's folder holds, in summary."""

    documents: int
    rejected: int
    failures: list[dict]  # {doc_id, stage, error} of every stage that failed on a document
    warnings: list[dict]  # {source_file, warning}: what was ignored in the headers read


def build_bucket(
    raw_dir: Path,
    items: list,
    max_bytes: int,
    lexicon: Lexicon,
    setup: Setup,
    cache_dir: Path | None,
    folder: Path,
    progress: Progress = lambda message: None,
    batch_size: int = 64,
    journal: Journal | None = None,
) -> Bucket:
    """Decode, parse and analyse one bucket's items of the raw folder into `folder`: its
    documents, its rejected files and every per-document table, each a Parquet file."""
    folder = Path(folder)
    cache = IngestCache(cache_dir) if cache_dir else None
    datelines: dict[str, tuple[int, int]] = {}
    documents, rejected, warnings = ingest_folder(raw_dir, max_bytes, lexicon, cache,
                                                  datelines, items)  # fmt: skip
    progress(f"{len(documents)} documents accepted, {len(rejected)} rejected")
    analysed = analyse(documents, setup, cache_dir, folder, progress, batch_size, journal,
                       datelines)  # fmt: skip
    write_parquet(documents, "documents", folder / "documents.parquet")
    write_parquet(rejected, "rejected_inputs", folder / "rejected_inputs.parquet")
    small = {
        "new_actors": [{"doc_id": d, **_actor_row(a)} for d, a in analysed.found_actors],
        "inferred_dates": [{"doc_id": d, "published_date": date, "date_precision": precision}
                           for d, (date, precision) in analysed.inferred_dates.items()],
        "failures": analysed.failures,
        "header_warnings": warnings,
    }  # fmt: skip
    for name, rows in small.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=_SMALL[name]), folder / f"{name}.parquet")
    return Bucket(len(documents), len(rejected), analysed.failures, warnings)


def extend_bucket(old: Path, folder: Path, build_added: Callable[[Path], Bucket]) -> Bucket | None:
    """The bucket folder `old` with the files added since it was made, which `build_added`
    decodes, parses and analyses into a folder of their own (`build_bucket` with those
    files), written to `folder`: the rows `build_bucket` would write for all the bucket's
    files, without reading the old files again. None, with nothing written, when that cannot
    hold: a new text repeats one the bucket holds (which file is the repeat depends on the
    folder order), or a stage failed on an old document (a full build retries it)."""
    old, folder = Path(old), Path(folder)
    part = folder / ".added"
    try:
        added = build_added(part)
        rows = _with_old_rows(old, part)
    finally:
        shutil.rmtree(part, ignore_errors=True)
    if rows is None:
        return None
    for name, table in rows.items():
        _write(table, folder / name)
    return Bucket(len(rows["documents.parquet"]), len(rows["rejected_inputs.parquet"]),
                  added.failures, added.warnings)  # fmt: skip


def _with_old_rows(old: Path, part: Path) -> dict[str, pa.Table] | None:
    """Each file of the bucket folder `part` with the rows of the same file in `old`, or None
    if `old` cannot take them (see `extend_bucket`, and a folder damaged since it was made:
    then the bucket is built whole)."""
    try:
        if pq.read_metadata(old / "failures.parquet").num_rows:
            return None
        if not _doc_ids(old).isdisjoint(_doc_ids(part)):
            return None
        return {path.name: _merged_rows(old / path.name, path)
                for path in sorted(part.glob("*.parquet"))}  # fmt: skip
    except (OSError, pa.ArrowException):
        return None


def _merged_rows(a: Path, b: Path) -> pa.Table:
    """Two bucket files of one table with no document in common, as one, in the order of
    the table (each document's rows as they were written)."""
    table = pa.concat_tables([pq.read_table(a), pq.read_table(b)])
    key = "source_file" if a.stem in _BY_FILE else "doc_id"
    # Stable: rows with equal keys keep the order they were written in.
    return table.take(pc.sort_indices(table, sort_keys=[(key, "ascending")]))


_BY_FILE = ("documents", "rejected_inputs", "header_warnings")  # a bucket's files in file order


def _doc_ids(folder: Path) -> set[str]:
    return set(pq.read_table(folder / "documents.parquet", columns=["doc_id"])["doc_id"]
               .to_pylist())  # fmt: skip


@dataclasses.dataclass
class Merged:
    """The corpus, from every bucket's folder."""

    documents: pd.DataFrame  # accepted texts as their headers state them, by source_file
    rejected: pd.DataFrame
    warnings: list[dict]  # {source_file, warning} of accepted texts
    analysed: Analysed  # each per-document table a file in doc_id order


def merge_buckets(folders: list[Path], out_dir: Path) -> Merged:
    """Every bucket's folder -> the corpus, written to out_dir: documents in source_file
    order, each per-document table in doc_id order (each document's rows as analysed), and a
    text that repeats an earlier file's (in another bucket: a bucket rejects repeats within
    itself) rejected as a duplicate, its rows dropped. The same files give the same bytes
    however many buckets there are and wherever they ran."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = [pq.read_table(Path(f) / "documents.parquet") for f in folders]
    drops, repeats = _repeats(docs)

    def merged(name: str, schema: pa.Schema | None = None, sort: str = "doc_id") -> pa.Table:
        parts = [_without(pq.read_table(Path(f) / f"{name}.parquet", schema=schema), drop)
                 for f, drop in zip(folders, drops, strict=True)]  # fmt: skip
        table = pa.concat_tables(parts) if parts else (schema or TABLES_ARROW[name]).empty_table()
        # A stable sort: each document's rows keep the order they were written in.
        return table.take(pc.sort_indices(table, sort_keys=[(sort, "ascending")]))

    tables = {name: _write(merged(name, TABLES_ARROW[name]), out_dir / f"{name}.parquet")
              for name in PER_DOCUMENT}  # fmt: skip
    sketches = _write(merged("text_sketches", SKETCH_SCHEMA), out_dir / "text_sketches.parquet",
                      row_group=1_000)  # fmt: skip
    found = [(r.pop("doc_id"), ActorEntry(**r))
             for r in merged("new_actors", _SMALL["new_actors"]).to_pylist()]  # fmt: skip
    inferred = {r["doc_id"]: (r["published_date"], r["date_precision"])
                for r in merged("inferred_dates", _SMALL["inferred_dates"]).to_pylist()}
    failures = merged("failures", _SMALL["failures"]).to_pylist()
    repeated = {r["source_file"] for r in repeats}
    warnings = [w for w in merged("header_warnings", _SMALL["header_warnings"], "source_file")
                .to_pylist() if w["source_file"] not in repeated]  # fmt: skip
    analysed = Analysed(tables, sketches, merge_new_actors(a for _, a in found), inferred,
                        failures, found)  # fmt: skip
    documents = pa.concat_tables([_without(t, d) for t, d in zip(docs, drops, strict=True)])
    documents = _frame_of(documents, "documents").sort_values("source_file", ignore_index=True)
    rejected = pd.concat([_frame_of(pq.read_table(Path(f) / "rejected_inputs.parquet"),
                                    "rejected_inputs") for f in folders]
                         + [frame("rejected_inputs", repeats)], ignore_index=True)  # fmt: skip
    return Merged(documents, rejected, warnings, analysed)


def _repeats(docs: list[pa.Table]) -> tuple[list[set[str]], list[dict]]:
    """Per bucket, the doc_ids whose text an earlier file (in folder order) of another bucket
    holds; and a rejection for each such file."""
    entries = sorted(
        (tuple(source_file.split("/")), source_file, doc_id, bucket)
        for bucket, table in enumerate(docs)
        for source_file, doc_id in zip(table["source_file"].to_pylist(),
                                       table["doc_id"].to_pylist(), strict=True)
    )  # fmt: skip
    first: dict[str, str] = {}
    drops: list[set[str]] = [set() for _ in docs]
    rejections = []
    for _, source_file, doc_id, bucket in entries:
        if doc_id in first:
            drops[bucket].add(doc_id)
            rejections.append({"source_file": source_file, "reason": "duplicate",
                               "detail": f"same text as {first[doc_id]}"})  # fmt: skip
        else:
            first[doc_id] = source_file
    return drops, rejections


def _without(table: pa.Table, doc_ids: set[str]) -> pa.Table:
    if not doc_ids or "doc_id" not in table.column_names:
        return table
    return table.filter(pc.invert(pc.is_in(table["doc_id"], pa.array(sorted(doc_ids)))))


def _write(table: pa.Table, path: Path, row_group: int = ROW_GROUP) -> TableFile:
    """As TableWriter writes it: the same rows give the same bytes."""
    pq.write_table(table, path, compression=COMPRESSION, row_group_size=row_group)
    return TableFile(path, len(table))


def _frame_of(table: pa.Table, name: str) -> pd.DataFrame:
    return table.to_pandas() if len(table) else empty(name)


# every document -> actors, sources, finished documents ---------------------------------------


def actor_references(
    events: pd.DataFrame, figures: pd.DataFrame, source_ids: Iterable[str] = ()
) -> pd.DataFrame:
    """(doc_id, actor_id) of each actor an event or a figure refers to; a claimant among
    source_ids is a source, not an actor."""
    claimants = figures[~is_in(figures["claimant_id"], set(source_ids))]
    columns = [(events, "source_actor_id"), (events, "target_actor_id"),
               (figures, "subject_actor_id"), (claimants, "claimant_id")]  # fmt: skip
    pairs = [table[["doc_id", c]].set_axis(["doc_id", "actor_id"], axis=1) for table, c in columns]
    return pd.concat(pairs, ignore_index=True).dropna().drop_duplicates()


def build_actors(
    actor_mentions: pd.DataFrame,
    new_actors: dict[str, ActorEntry],
    lexicon: Lexicon,
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per actor mentioned anywhere, with every form seen or known; and per actor that
    only an event or a figure names, through a demonym or a capital ("Burkinabe troops"),
    so that every actor a table refers to is a row here."""
    known = {**new_actors, **{a.actor_id: a for a in lexicon.actors}}
    mentioned, texts = actor_mentions["actor_id"].tolist(), actor_mentions["text"].tolist()
    n_mentions = Counter(mentioned)
    n_docs = actor_mentions.groupby("actor_id")["doc_id"].nunique().to_dict()
    if references is not None:
        unmentioned = references[is_in(references["actor_id"], known.keys() - n_mentions.keys())]
        n_docs |= unmentioned.groupby("actor_id")["doc_id"].nunique().to_dict()
    seen = defaultdict(list)
    for actor_id, text in zip(mentioned, texts, strict=True):
        seen[actor_id].append(text)
    rows = []
    for actor_id in sorted(n_docs):
        a = known[actor_id]
        aliases = [x for x in dict.fromkeys([*a.aliases, *seen[actor_id]]) if x != a.name]
        rows.append(
            {
                "actor_id": actor_id,
                "name": a.name,
                "actor_type": a.actor_type,
                "country_code": a.country_code,
                "role": a.role,
                "wikidata_id": a.wikidata_id,
                "aliases": aliases,
                "n_mentions": n_mentions[actor_id],
                "n_documents": n_docs[actor_id],
            }
        )
    return frame("actors", rows)  # fmt: skip


def build_sources(
    citations: pd.DataFrame, documents: pd.DataFrame, lexicon: Lexicon
) -> pd.DataFrame:
    """The sources cited, and the outlets that published a document."""
    entries = {s.source_id: s for s in [*lexicon.sources, ANONYMOUS]}
    agencies = set(documents["agency_id"].dropna())
    used = set(citations["source_id"]) | set(documents["outlet_id"].dropna()) | agencies
    sources = [
        entries.get(sid)
        or SourceEntry(
            sid, sid.replace("-", " ").title(), "news_agency" if sid in agencies else "outlet"
        )  # fmt: skip
        for sid in sorted(used)
    ]
    return frame("sources", [
        {"source_id": s.source_id, "name": s.name, "source_type": s.source_type,
         "aliases": list(s.aliases)}
        for s in sources
    ])  # fmt: skip


def finish_documents(
    documents: pd.DataFrame, inferred: dict[str, tuple], sketches: dict[str, Sketch]
) -> pd.DataFrame:
    """Undated documents get the date their content supports, if any, and every document
    that repeats an earlier one points at it. A document without a sketch is sketched here."""
    out = documents.copy()
    undated = is_in(out["doc_id"], inferred) & (out["date_basis"] == "none")
    if undated.any():
        found = [inferred[doc_id] for doc_id in out.loc[undated, "doc_id"]]
        dates = pd.Series([date for date, _ in found], index=out.index[undated], dtype=object)
        out.loc[undated, "published_date"] = dates
        out.loc[undated, "date_precision"] = [precision for _, precision in found]
        out.loc[undated, "date_basis"] = "inferred"
    # Only stated dates order copies: an inferred date must not make a rewrite the original.
    infos = [
        DocInfo(r.doc_id, r.source_file, "",
                _date_or_none(r.published_date) if r.date_basis == "stated" else None,
                None if _na(r.published_at) else r.published_at)
        for r in out.itertuples(index=False)
    ]  # fmt: skip
    found = [sketches.get(d) or sketch(b) for d, b in zip(out["doc_id"], out["body"], strict=True)]
    out["duplicate_of"] = out["doc_id"].map(find_duplicates(infos, found))
    return out


def new_actor_frame(actors: dict[str, ActorEntry]) -> pd.DataFrame:
    """The NER-found actors as a table, to pass between assets."""
    return pd.DataFrame([_actor_row(a) for a in actors.values()], columns=list(_ACTOR_FIELDS))


def new_actors_from(frame_: pd.DataFrame) -> dict[str, ActorEntry]:
    return {
        row["actor_id"]: ActorEntry(**{**row, "aliases": list(row["aliases"])})
        for row in frame_.astype(object).where(frame_.notna(), None).to_dict("records")
    }


def _na(value: object) -> bool:
    """None, NaN or NaT; never true of a list."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _date_or_none(value: object):
    if _na(value):
        return None
    return value.date() if hasattr(value, "hour") else value
