"""Each stage of the data path as a function from tables (and parsed docs) to tables.

The Dagster assets are thin wrappers around these; tests and scripts can call them directly.
Parsed docs always come in the order of the documents table.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from pipeline.actors import ActorMatcher
from pipeline.citations import ANONYMOUS, SourceMatcher
from pipeline.dating import Calendar, infer_publication_date
from pipeline.documents import parse_text
from pipeline.duplicates import DocInfo, find_duplicates
from pipeline.events import EventExtractor
from pipeline.figures import extract_figures
from pipeline.ids import fold, slugify, stable_id
from pipeline.ingest import RawText, Rejection, read_raw_folder
from pipeline.lexicon import Lexicon
from pipeline.nlp import load_model
from pipeline.records import ActorEntry, Citation, Mention, SourceEntry, Timex
from pipeline.sentences import SentenceIndex, sentence_kind, sentence_spans
from pipeline.timex import extract_timexes
from schemas import TABLES

Progress = Callable[[str], None]


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in TABLES[table].to_schema().columns})


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    return (
        pd.DataFrame(rows, columns=list(TABLES[table].to_schema().columns))
        if rows
        else empty(table)
    )


# raw files -> documents ------------------------------------------------------------------


def read_raw(raw_dir: Path, max_bytes: int) -> tuple[list[RawText], pd.DataFrame]:
    accepted, rejected = [], []
    for item in read_raw_folder(raw_dir, max_bytes):
        if isinstance(item, Rejection):
            rejected.append(dataclasses.asdict(item))
        else:
            accepted.append(item)
    return accepted, frame("rejected_inputs", rejected)


def build_ingested_documents(raw: list[RawText], lexicon: Lexicon) -> pd.DataFrame:
    """Documents as their headers state them; dates are inferred and duplicates linked later,
    once the bodies are parsed (see finish_documents)."""
    outlets = _source_forms(lexicon.sources)
    rows = []
    for item in raw:
        parsed = parse_text(item.text)
        rows.append(
            {
                "doc_id": item.content_id,
                "source_file": item.source_file,
                "title": parsed.title,
                "outlet_id": _outlet_id(parsed.outlet, outlets),
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
        )
    return frame("documents", rows).sort_values("source_file", ignore_index=True)


def _source_forms(sources: Iterable[SourceEntry]) -> dict[str, str]:
    return {fold(f): s.source_id for s in sources for f in (s.name, *s.aliases)}


def _outlet_id(outlet: str | None, forms: dict[str, str]) -> str | None:
    if not outlet:
        return None
    return forms.get(fold(outlet)) or slugify(outlet)


def finish_documents(
    documents: pd.DataFrame, docs: list[Doc], calendar: Calendar, failures: Failures | None = None
) -> pd.DataFrame:
    """Undated documents get a date inferred from their content where it supports one, and
    every document that repeats an earlier one points at it."""
    out = documents.copy()
    for i, doc in enumerate(docs):
        if out.at[i, "date_basis"] != "none":
            continue
        try:
            inferred = infer_publication_date(doc, extract_timexes(doc, None), calendar)
        except Exception as err:
            if failures is None:
                raise
            failures.record(out.at[i, "doc_id"], "documents", err)
            continue
        if inferred is not None:
            out.at[i, "published_date"], out.at[i, "date_precision"] = inferred
            out.at[i, "date_basis"] = "inferred"
    # Only stated dates order copies: an inferred date must not make a rewrite the original.
    infos = [
        DocInfo(r.doc_id, r.source_file, r.body,
                _date_or_none(r.published_date) if r.date_basis == "stated" else None,
                None if _na(r.published_at) else r.published_at)
        for r in out.itertuples(index=False)
    ]  # fmt: skip
    out["duplicate_of"] = out["doc_id"].map(find_duplicates(infos))
    return out


# documents -> parsed docs and sentences --------------------------------------------------


def parse_documents(
    documents: pd.DataFrame, model: str, n_process: int, batch_size: int, progress: Progress
) -> list[Doc]:
    from pipeline.nlp import parse

    total = len(documents)
    step = max(total // 10, 1)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            progress(f"parsed {done}/{total} documents")

    return list(parse(documents["body"].tolist(), model, n_process, batch_size, report))


@dataclasses.dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str
    kind: str


def build_sentences(
    documents: pd.DataFrame, docs: list[Doc], failures: Failures | None = None
) -> pd.DataFrame:
    def sentences_of(doc_id: str, doc: Doc) -> list[_Sentence]:
        return [
            _Sentence(start, end, doc.text[start:end],
                      sentence_kind(doc, doc.char_span(start, end, alignment_mode="expand")))
            for start, end in sentence_spans(doc)
        ]  # fmt: skip

    return frame("sentences", _per_document("sentences", documents, docs, sentences_of, failures))


# parsed docs -> time expressions, actors, citations ---------------------------------------


class Failures(list):
    """Documents a stage could not process: {doc_id, stage, error} each. The stage goes on
    without their rows, and the run reports them."""

    def record(self, doc_id: str, stage: str, err: Exception) -> None:
        self.append({"doc_id": doc_id, "stage": stage, "error": f"{type(err).__name__}: {err}"})


def _per_document(
    stage: str,
    documents: pd.DataFrame,
    docs: list[Doc],
    extract: Callable[[str, Doc], Iterable],
    failures: Failures | None,
) -> list[dict]:
    """Rows of every document, each located in its sentence; a document whose extraction
    raises is recorded in failures and skipped."""
    rows = []
    for doc_id, doc in zip(documents["doc_id"], docs, strict=True):
        try:
            index = SentenceIndex(sentence_spans(doc))
            rows.extend(_located(doc_id, index, record) for record in extract(doc_id, doc))
        except Exception as err:
            if failures is None:
                raise
            failures.record(doc_id, stage, err)
    return rows


def _located(doc_id: str, index: SentenceIndex, record: object) -> dict:
    row = dataclasses.asdict(record)
    return {"doc_id": doc_id, "sentence_id": index(row["start"]), **row}


def build_time_expressions(
    documents: pd.DataFrame, docs: list[Doc], failures: Failures | None = None
) -> pd.DataFrame:
    published = dict(zip(documents["doc_id"], documents["published_date"], strict=True))
    rows = _per_document(
        "time_expressions", documents, docs,
        lambda doc_id, doc: extract_timexes(doc, _date_or_none(published[doc_id])),
        failures,
    )  # fmt: skip
    return frame("time_expressions", rows)


def build_actor_tables(
    documents: pd.DataFrame, docs: list[Doc], lexicon: Lexicon, failures: Failures | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors table (one row per actor across documents) and their mentions."""
    outlets = [f for s in lexicon.sources for f in (s.name, *s.aliases)]
    matcher = ActorMatcher(load_model(), lexicon, exclude=outlets)
    known: dict[str, ActorEntry] = {a.actor_id: a for a in lexicon.actors}

    def mentions_of(doc_id: str, doc: Doc) -> list[Mention]:
        found = matcher.find(doc)
        for actor in found.new_actors:
            merged = known.setdefault(actor.actor_id, actor)
            merged.aliases = list(dict.fromkeys([*merged.aliases, *actor.aliases]))
        return found.mentions

    rows = _per_document("actor_mentions", documents, docs, mentions_of, failures)
    mentions = frame("actor_mentions", rows)
    return _actors(mentions, known), mentions


def _actors(mentions: pd.DataFrame, known: dict[str, ActorEntry]) -> pd.DataFrame:
    n_mentions = Counter(mentions["actor_id"])
    n_docs = mentions.groupby("actor_id")["doc_id"].nunique().to_dict() if len(mentions) else {}
    seen = defaultdict(list)
    for actor_id, text in zip(mentions["actor_id"], mentions["text"], strict=True):
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
    return frame("actors", rows)


def build_source_tables(
    documents: pd.DataFrame, docs: list[Doc], lexicon: Lexicon, failures: Failures | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sources cited or publishing, and every citation."""
    matcher = SourceMatcher(load_model(), lexicon)
    rows = _per_document(
        "citations", documents, docs, lambda doc_id, doc: matcher.find(doc), failures
    )
    citations = frame("citations", rows)
    entries = {s.source_id: s for s in [*lexicon.sources, ANONYMOUS]}
    used = set(citations["source_id"]) | set(documents["outlet_id"].dropna())
    sources = [
        entries.get(sid) or SourceEntry(sid, sid.replace("-", " ").title(), "outlet")
        for sid in sorted(used)
    ]
    return frame(
        "sources",
        [
            {
                "source_id": s.source_id,
                "name": s.name,
                "source_type": s.source_type,
                "aliases": list(s.aliases),
            }
            for s in sources
        ],
    ), citations


# everything found so far -> events and figures ---------------------------------------------


def _grouped(df: pd.DataFrame, record: type, fields: list[str]) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for row in df[["doc_id", *fields]].itertuples(index=False):
        values = dict(zip(fields, row[1:], strict=True))
        groups[row[0]].append(record(**{k: (None if _na(v) else v) for k, v in values.items()}))
    return groups


def _na(value: object) -> bool:
    """None, NaN or NaT; never true of a list."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _mentions(actor_mentions: pd.DataFrame) -> dict[str, list[Mention]]:
    return _grouped(actor_mentions, Mention, ["start", "end", "text", "actor_id"])


def _citations(citations: pd.DataFrame) -> dict[str, list[Citation]]:
    return _grouped(citations, Citation, ["start", "end", "text", "source_id"])


def build_events(
    documents: pd.DataFrame,
    docs: list[Doc],
    actors: pd.DataFrame,
    actor_mentions: pd.DataFrame,
    time_expressions: pd.DataFrame,
    citations: pd.DataFrame,
    lexicon: Lexicon,
    failures: Failures | None = None,
) -> pd.DataFrame:
    extractor = EventExtractor(lexicon)
    types = dict(zip(actors["actor_id"], actors["actor_type"], strict=True))
    mentions, cited = _mentions(actor_mentions), _citations(citations)
    timexes = _grouped(
        time_expressions, Timex, ["start", "end", "text", "value", "timex_type", "anchor"]
    )

    def events_of(doc_id: str, doc: Doc) -> list:
        return extractor.find(doc, mentions[doc_id], timexes[doc_id], cited[doc_id], types)

    rows = _per_document("events", documents, docs, events_of, failures)
    for row in rows:
        row["event_id"] = stable_id(row["doc_id"], row["start"], row["event_type"],
                                    row["source_actor_id"], row["target_actor_id"])  # fmt: skip
    return frame("events", rows)


def build_figures(
    documents: pd.DataFrame,
    docs: list[Doc],
    actor_mentions: pd.DataFrame,
    citations: pd.DataFrame,
    failures: Failures | None = None,
) -> pd.DataFrame:
    mentions, cited = _mentions(actor_mentions), _citations(citations)
    rows = _per_document(
        "figures", documents, docs,
        lambda doc_id, doc: extract_figures(doc, mentions[doc_id], cited[doc_id]), failures,
    )  # fmt: skip
    for row in rows:
        row["figure_id"] = stable_id(row["doc_id"], row["start"], row["end"], row["value"],
                                     row["unit"])  # fmt: skip
    return frame("figures", rows)


def _date_or_none(value: object):
    if _na(value) or value is pd.NaT:
        return None
    return value.date() if hasattr(value, "hour") else value
