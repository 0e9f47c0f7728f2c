"""The data path as functions from tables to tables; the Dagster assets are thin wrappers.

raw files -> ingested documents (ingest_folder; cached by file bytes)
          -> one analysis per document, on all cores, cached (pipeline/analyse.py)
          -> the per-document tables and sketches, streamed to Parquet (collect)
          -> actors, sources, finished documents: the steps that need every document
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.analyse import Analysis, Cache, Job, Setup, analyse_all, fingerprint
from pipeline.cache import PickleCache, code_fingerprint
from pipeline.citations import ANONYMOUS
from pipeline.documents import parse_text
from pipeline.duplicates import DocInfo, find_duplicates
from pipeline.ids import fold, slugify, stable_id
from pipeline.ingest import RawText, Rejection, decode_file, library_versions, read_raw_folder
from pipeline.lexicon import Lexicon
from pipeline.parquet import TableFile, TableWriter, sort_rows
from pipeline.records import ActorEntry, ParsedText, SourceEntry
from pipeline.sketches import SCHEMA as SKETCH_SCHEMA
from pipeline.sketches import Sketch, sketch, sketches_from_arrow, sketches_to_arrow
from schemas import TABLES

Progress = Callable[[str], None]
# Tables every document contributes rows to, as analysed.
PER_DOCUMENT = ("sentences", "time_expressions", "actor_mentions", "citations", "events",
                "figures")  # fmt: skip


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in TABLES[table].to_schema().columns})


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    columns = list(TABLES[table].to_schema().columns)
    return pd.DataFrame(rows, columns=columns) if rows else empty(table)


# raw files -> ingested documents --------------------------------------------------------


# What shapes a raw file's decoding and header parsing: a change to any invalidates the cache.
INGEST_MODULES = ("cache", "documents", "html", "ids", "ingest", "language", "records",
                  "vocabulary")  # fmt: skip


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
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """The accepted documents as their headers state them, the rejected files, and what was
    ignored in the headers of accepted ones ({source_file, warning}: impossible dates).
    ``datelines``, if given, receives doc_id -> (month, day) of each undated document whose
    dateline gives a day without a year ("March 4 (Reuters) -"), for dating it later.

    Each file is decoded and parsed as it is read and only its row is kept, turned into a
    compact frame a few thousand at a time. Dates are inferred and duplicates linked later,
    once the bodies are analysed (see finish_documents)."""
    outlets = _source_forms(lexicon.sources)
    parts, rows, rejected, warnings = [], [], [], []
    for item in read_raw_folder(raw_dir, max_bytes, cache.decode if cache else None):
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

    def failed(self, stage: str) -> list[dict]:
        return [f for f in self.failures if f["stage"] == stage]


def analyse(
    documents: pd.DataFrame,
    setup: Setup,
    cache_dir: Path | None,
    out_dir: Path,
    n_process: int = 1,
    progress: Progress = lambda message: None,
    batch_size: int = 32,
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
    result = collect(analyse_all(jobs, setup, cache, n_process, batch_size, progress), out_dir)
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
    new_actors: dict[str, ActorEntry] = {}
    inferred, failures = {}, []
    for a in analyses:
        for name, writer in writers.items():
            writer.add(sort_rows(name, getattr(a, name)))
        if a.sketch is not None:
            sketches.add([(a.doc_id, a.sketch)])
        for actor in a.new_actors:
            merged = new_actors.setdefault(actor.actor_id, dataclasses.replace(actor))
            merged.aliases = list(dict.fromkeys([*merged.aliases, *actor.aliases]))
        if a.inferred_date is not None:
            inferred[a.doc_id] = a.inferred_date
        failures += a.failures
    tables = {name: writer.close() for name, writer in writers.items()}
    return Analysed(tables, sketches.close(), new_actors, inferred, failures)


def _sketch_table(items: list[tuple[str, Sketch]]) -> pa.Table:
    return sketches_to_arrow([doc_id for doc_id, _ in items], [s for _, s in items])


def read_sketches(path: Path) -> dict[str, Sketch]:
    doc_ids, sketches = sketches_from_arrow(pq.read_table(path))
    return dict(zip(doc_ids, sketches, strict=True))


# every document -> actors, sources, finished documents ---------------------------------------


def build_actors(
    actor_mentions: pd.DataFrame, new_actors: dict[str, ActorEntry], lexicon: Lexicon
) -> pd.DataFrame:
    """One row per actor mentioned anywhere, with every form seen or known."""
    known = {**new_actors, **{a.actor_id: a for a in lexicon.actors}}
    n_mentions = Counter(actor_mentions["actor_id"])
    n_docs = actor_mentions.groupby("actor_id")["doc_id"].nunique().to_dict()
    seen = defaultdict(list)
    for actor_id, text in zip(actor_mentions["actor_id"], actor_mentions["text"], strict=True):
        seen[actor_id].append(text)
    rows = []
    for actor_id in sorted(n_mentions):
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
    for i, doc_id in enumerate(out["doc_id"]):
        if doc_id in inferred and out.at[i, "date_basis"] == "none":
            out.at[i, "published_date"], out.at[i, "date_precision"] = inferred[doc_id]
            out.at[i, "date_basis"] = "inferred"
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
    return pd.DataFrame(
        [dataclasses.asdict(a) for a in actors.values()],
        columns=[f.name for f in dataclasses.fields(ActorEntry)],
    )


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
