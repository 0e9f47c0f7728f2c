"""Score a published dataset folder against hand-made gold annotations (``actas eval``).

The published folder holds ``<table>.parquet`` files (see DATASET.md); the gold file is a
JSON list in the format of ``tests/gold/README.md``. Documents are joined to gold on
``documents.source_file`` == gold ``file`` (falling back to the file's base name); a gold file
without a document counts all its items as missed. Published documents without gold are not
scored.

Names are folded before comparison: NFKD with combining marks dropped, case folded, curly
quotes and dashes made straight, full stops dropped (``U.S.`` = ``US``), whitespace collapsed,
a leading ``the`` and leading honorifics (Mr, Dr, President, Senator, Sen., Gen., ...)
dropped. Two name sets match when any folded form is shared. A gold name used as an event
side, figure subject or claimant, or citation is expanded to that gold actor's aliases
(looked up in the same document first, then in any document).

Per document, predicted and gold items are matched one-to-one by a maximum bipartite
matching (augmenting paths) that first matches as many required gold items as possible
(these are TP, required gold left over are FN) and then as many optional ones as it can
(predictions matched to them are neither TP nor FP); predictions left over are FP. Gold
actors of type ``location`` are optional. Counts are summed over documents (micro
average); precision is 1.0 when nothing was predicted and nothing was expected, 0.0 when
nothing was predicted but something was expected (recall likewise).

Categories:
- actors: every actors row with at least one actor_mentions row in the document.
- events: distinct (event_type, source actor, target actor) triples of the document, actor
  ids resolved to name + aliases. A side *agrees* with a gold side when the gold lists names
  and the predicted actor matches one of them, or the gold is ``[]`` (none named) and the
  prediction is null. ``events_strict``: type in the gold types and both sides agree.
  ``events_relaxed``: type in the gold types and at least one side agrees.
- figures: value within 1% relative of the gold value and unit equal (case folded,
  singular). Over matched figures, ``subject_accuracy`` and ``claimant_accuracy`` count a
  prediction right when its actor (claimant: actor or source) matches the gold name, or both
  are null.
- citations: distinct sources of type ``outlet`` or ``news_agency`` cited in the document,
  matched on name/aliases against the gold source names.
- timexes: distinct (text, value) pairs; a match needs equal values and texts that are
  fold-equal or overlap (one, as whole words, inside the other).

Document checks (k of n right): ``dates`` (a gold date must be equalled; with no gold date
but an ``inferred_window``, an ``inferred`` date inside the window is right; with neither, a
null date is right), ``titles`` (equal after whitespace/quote normalisation; null must be
null), ``bodies`` (no ``not_in_body`` string survives), ``duplicates`` (gold groups whose
members the predicted ``duplicate_of`` links connect, and links between gold files that
share no gold group).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

TABLES = (
    "documents", "actors", "actor_mentions", "events", "figures", "sources", "citations",
    "time_expressions", "sentences",
)
CATEGORIES = ("actors", "events_strict", "events_relaxed", "figures", "citations", "timexes")
CITED_SOURCE_TYPES = frozenset({"outlet", "news_agency"})
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "president", "vice",
    "senator", "sen", "gen", "general", "rep", "gov", "governor", "lt", "col", "capt", "adm",
    "maj", "sgt", "rev", "hon",
})
PUNCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ",
})
EDGE_PUNCTUATION = " \t\n'\"`,;:()[]{}"
RELATIVE_TOLERANCE = 0.01

Names = frozenset[str]


# ---------------------------------------------------------------- folding


def fold_text(text: str | None) -> str:
    """Case, diacritics, quotes, full stops and whitespace folded: for comparing texts."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.translate(PUNCTUATION).casefold().replace(".", "")
    return " ".join(plain.strip(EDGE_PUNCTUATION).split()).strip(EDGE_PUNCTUATION)


def fold_name(name: str | None) -> str:
    """A name folded for matching: fold_text without a leading article or honorifics."""
    words = fold_text(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def fold_names(names: Iterable[str | None]) -> Names:
    """The set of non-empty folded forms of some names."""
    return frozenset(f for f in (fold_name(n) for n in names if n) if f)


def fold_unit(unit: str | None) -> str:
    """A unit folded to lower-case singular: ``Votes`` -> ``vote``, ``%`` -> ``percent``."""
    text = fold_text(unit)
    text = {"%": "percent", "per cent": "percent", "people": "person"}.get(text, text)
    if text.endswith("ies") and len(text) > 4:
        return text[:-3] + "y"
    if text.endswith("s") and not text.endswith("ss") and len(text) > 3:
        return text[:-1]
    return text


def normalise_title(title: str | None) -> str:
    """A title with straight quotes and single spaces; '' for none."""
    return " ".join((title or "").translate(PUNCTUATION).split())


def _iso_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10] if value else None


# ---------------------------------------------------------------- the published tables


@dataclass
class Published:
    """The published tables, indexed for scoring."""

    documents: list[dict]
    by_file: dict[str, dict]
    actors: dict[str, tuple[str, Names]]
    sources: dict[str, tuple[str, Names, str]]
    by_doc: dict[str, dict[str, list[dict]]]

    def rows(self, table: str, doc_id: str | None) -> list[dict]:
        return self.by_doc[table].get(doc_id, []) if doc_id else []

    def doc(self, file: str) -> dict | None:
        return self.by_file.get(file) or self.by_file.get(Path(file).name)


def _read_table(folder: Path, table: str) -> list[dict]:
    path = folder / f"{table}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def _names_of(row: dict) -> Names:
    return fold_names([row.get("name"), *(row.get("aliases") or [])])


def _by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row.get("doc_id"), []).append(row)
    return grouped


def load_published(folder: Path, stated_targets_only: bool = False) -> Published:
    """Read every table of a published folder (a missing table reads as empty); with
    stated_targets_only, events whose target was inferred are left out."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no published folder at {folder}")
    tables = {t: _read_table(folder, t) for t in TABLES}
    if stated_targets_only:
        tables["events"] = [e for e in tables["events"] if e.get("target_basis") != "inferred"]
    by_file: dict[str, dict] = {}
    for row in tables["documents"]:
        by_file.setdefault(row["source_file"], row)
        by_file.setdefault(Path(row["source_file"]).name, row)
    actors = {r["actor_id"]: (r["name"], _names_of(r)) for r in tables["actors"]}
    sources = {
        r["source_id"]: (r["name"], _names_of(r), r.get("source_type") or "")
        for r in tables["sources"]
    }
    by_doc = {t: _by_doc(tables[t]) for t in TABLES if t not in ("actors", "sources")}
    return Published(tables["documents"], by_file, actors, sources, by_doc)


def _actor(pub: Published, actor_id: str | None) -> tuple[str, Names] | None:
    if actor_id is None:
        return None
    return pub.actors.get(actor_id) or (actor_id, fold_names([actor_id.replace("-", " ")]))


def _claimant(pub: Published, claimant_id: str | None) -> tuple[str, Names] | None:
    if claimant_id is None:
        return None
    found = [e[:2] for e in (pub.actors.get(claimant_id), pub.sources.get(claimant_id)) if e]
    if not found:
        return claimant_id, fold_names([claimant_id.replace("-", " ")])
    return found[0][0], frozenset().union(*(names for _, names in found))


# ---------------------------------------------------------------- gold names


@dataclass
class GoldNames:
    """Canonical gold names expanded to the aliases of the gold actor bearing them."""

    local: dict[str, Names]
    everywhere: dict[str, Names]

    def resolve(self, name: str | None) -> Names | None:
        if not name:
            return None
        key = fold_name(name)
        return self.local.get(key) or self.everywhere.get(key) or frozenset({key})


def _alias_index(actors: list[dict]) -> dict[str, Names]:
    index: dict[str, Names] = {}
    for actor in actors:
        key = fold_name(actor["name"])
        index[key] = index.get(key, frozenset()) | _names_of(actor)
    return index


# ---------------------------------------------------------------- matching


@dataclass
class Item:
    """One predicted or gold item: a label for people, data for matching."""

    label: str
    data: Any
    optional: bool = False


@dataclass
class Outcome:
    """How the items of one category in one document matched."""

    pairs: list[tuple[Item, Item]] = field(default_factory=list)
    missed: list[Item] = field(default_factory=list)
    spurious: list[Item] = field(default_factory=list)


Match = Callable[[Item, Item], bool]


def max_matching(adjacency: list[list[int]]) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths: left index -> right index."""
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in adjacency[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(adjacency)):
        augment(left, set())
    return {left: right for right, left in owner.items()}


def _candidates(gold: Item, preds: list[Item], ok: Match, rank: Match | None) -> list[int]:
    found = [i for i, p in enumerate(preds) if ok(p, gold)]
    return sorted(found, key=lambda i: not rank(preds[i], gold)) if rank else found


def match_items(
    preds: list[Item], golds: list[Item], ok: Match, rank: Match | None = None
) -> Outcome:
    """One-to-one match of predictions to gold, most required gold first, then most in all.

    Gold items are augmented in order, required before optional; augmenting paths never
    unmatch a matched gold item, so the required ones keep a maximum matching while optional
    ones absorb what predictions they can. ``rank`` marks preferred pairs, tried first.
    """
    required = [g for g in golds if not g.optional]
    ordered = required + [g for g in golds if g.optional]
    matched = max_matching([_candidates(g, preds, ok, rank) for g in ordered])
    used = set(matched.values())
    return Outcome(
        pairs=[(preds[matched[j]], g) for j, g in enumerate(required) if j in matched],
        missed=[g for j, g in enumerate(required) if j not in matched],
        spurious=[p for i, p in enumerate(preds) if i not in used],
    )


def _names_match(a: Names | None, b: Names | None) -> bool:
    return bool(a and b and a & b)


def _same_or_both_null(pred: Names | None, gold: Names | None) -> bool:
    return pred is None if gold is None else _names_match(pred, gold)


# ---------------------------------------------------------------- actors


def actor_preds(pub: Published, doc_id: str | None) -> list[Item]:
    """Actors with at least one mention in the document."""
    ids = sorted({m["actor_id"] for m in pub.rows("actor_mentions", doc_id)})
    return [Item(label, names) for label, names in (_actor(pub, i) for i in ids)]


def actor_golds(entry: dict) -> list[Item]:
    return [
        Item(a["name"], _names_of(a), bool(a.get("optional")) or a.get("type") == "location")
        for a in entry.get("actors") or []
    ]


def _actor_ok(p: Item, g: Item) -> bool:
    return _names_match(p.data, g.data)


# ---------------------------------------------------------------- events


def _label(side: tuple[str, Names] | None) -> str:
    return side[0] if side else "-"


def event_preds(pub: Published, doc_id: str | None) -> list[Item]:
    """Distinct (type, source, target) triples of the document."""
    triples = {
        (str(e["event_type"]).upper(), e.get("source_actor_id"), e.get("target_actor_id"))
        for e in pub.rows("events", doc_id)
    }
    items = []
    for kind, src_id, tgt_id in sorted(triples, key=lambda t: tuple(v or "" for v in t)):
        src, tgt = _actor(pub, src_id), _actor(pub, tgt_id)
        data = (kind, src[1] if src else None, tgt[1] if tgt else None)
        items.append(Item(f"{kind}: {_label(src)} -> {_label(tgt)}", data))
    return items


def _either(names: list[str]) -> str:
    return " | ".join(names) or "-"


def event_golds(entry: dict, names: GoldNames) -> list[Item]:
    items = []
    for e in entry.get("events") or []:
        sources, targets = e.get("sources") or [], e.get("targets") or []
        label = f"{'/'.join(e['types'])}: {_either(sources)} -> {_either(targets)}"
        data = (
            frozenset(t.upper() for t in e["types"]),
            [names.resolve(s) for s in sources],
            [names.resolve(t) for t in targets],
        )
        items.append(Item(label, data, bool(e.get("optional"))))
    return items


def _side_agrees(pred: Names | None, gold: list[Names]) -> bool:
    if not gold:
        return pred is None
    return any(_names_match(pred, g) for g in gold)


def _event_strict(p: Item, g: Item) -> bool:
    kind, src, tgt = p.data
    kinds, g_src, g_tgt = g.data
    return kind in kinds and _side_agrees(src, g_src) and _side_agrees(tgt, g_tgt)


def _event_relaxed(p: Item, g: Item) -> bool:
    kind, src, tgt = p.data
    kinds, g_src, g_tgt = g.data
    return kind in kinds and (_side_agrees(src, g_src) or _side_agrees(tgt, g_tgt))


# ---------------------------------------------------------------- figures


def figure_preds(pub: Published, doc_id: str | None) -> list[Item]:
    items = []
    for f in (f for f in pub.rows("figures", doc_id) if f.get("value") is not None):
        subject = _actor(pub, f.get("subject_actor_id"))
        claimant = _claimant(pub, f.get("claimant_id"))
        data = (
            float(f["value"]), fold_unit(f.get("unit")),
            subject[1] if subject else None, claimant[1] if claimant else None,
            _label(subject), _label(claimant),
        )
        items.append(Item(f"{f['value']:g} {f.get('unit')} «{f.get('text')}»", data))
    return items


def figure_golds(entry: dict, names: GoldNames) -> list[Item]:
    items = []
    for f in entry.get("figures") or []:
        data = (
            float(f["value"]), fold_unit(f.get("unit")),
            names.resolve(f.get("subject")), names.resolve(f.get("claimant")),
            f.get("subject") or "-", f.get("claimant") or "-",
        )
        label = f"{f['value']:g} {f.get('unit')} «{f.get('text')}»"
        items.append(Item(label, data, bool(f.get("optional"))))
    return items


def _figure_ok(p: Item, g: Item) -> bool:
    value, unit, gold_value, gold_unit = p.data[0], p.data[1], g.data[0], g.data[1]
    return unit == gold_unit and abs(value - gold_value) <= RELATIVE_TOLERANCE * abs(gold_value)


def _subject_ok(p: Item, g: Item) -> bool:
    return _same_or_both_null(p.data[2], g.data[2])


def _claimant_ok(p: Item, g: Item) -> bool:
    return _same_or_both_null(p.data[3], g.data[3])


def _attribution_right(p: Item, g: Item) -> bool:
    return _subject_ok(p, g) and _claimant_ok(p, g)


# ---------------------------------------------------------------- citations and timexes


def citation_preds(pub: Published, doc_id: str | None) -> list[Item]:
    """Distinct outlets and news agencies cited in the document."""
    ids = sorted({c["source_id"] for c in pub.rows("citations", doc_id)})
    entries = [pub.sources[i] for i in ids if i in pub.sources]
    return [Item(name, names) for name, names, kind in entries if kind in CITED_SOURCE_TYPES]


def citation_golds(entry: dict, names: GoldNames) -> list[Item]:
    return [Item(name, names.resolve(name)) for name in entry.get("citations") or []]


def timex_preds(pub: Published, doc_id: str | None) -> list[Item]:
    """Distinct (folded text, value) pairs of the document."""
    seen: dict[tuple[str, str | None], str] = {}
    for t in pub.rows("time_expressions", doc_id):
        seen.setdefault((fold_text(t.get("text")), t.get("value")), t.get("text") or "")
    return [Item(f"{text} = {key[1]}", key) for key, text in sorted(seen.items(), key=str)]


def timex_golds(entry: dict) -> list[Item]:
    return [
        Item(f"{t['text']} = {t['value']}", (fold_text(t["text"]), t["value"]),
             bool(t.get("optional")))
        for t in entry.get("timexes") or []
    ]


def _timex_ok(p: Item, g: Item) -> bool:
    (text, value), (gold_text, gold_value) = p.data, g.data
    if value is None or value != gold_value:
        return False
    return text == gold_text or f" {text} " in f" {gold_text} " or f" {gold_text} " in f" {text} "


# ---------------------------------------------------------------- document checks


def date_right(gold_doc: dict, row: dict | None) -> bool:
    """Whether the predicted publication date is right (see the module docstring)."""
    if row is None:
        return False
    predicted = _iso_date(row.get("published_date"))
    if gold_doc.get("published_date"):
        return predicted == _iso_date(gold_doc["published_date"])
    window = gold_doc.get("inferred_window")
    if window:
        inferred = row.get("date_basis") == "inferred" and predicted is not None
        return inferred and window[0] <= predicted <= window[1]
    return predicted is None


def title_right(gold_doc: dict, row: dict | None) -> bool:
    return row is not None and normalise_title(row.get("title")) == normalise_title(
        gold_doc.get("title")
    )


def body_leaks(gold_doc: dict, row: dict | None) -> list[str]:
    """The ``not_in_body`` strings found in the predicted body."""
    body = (row or {}).get("body") or ""
    spaced = " ".join(body.split())
    strings = gold_doc.get("not_in_body") or []
    return [s for s in strings if s in body or " ".join(s.split()) in spaced]


def _root(parent: dict[str, str], node: str) -> str:
    while parent.get(node, node) != node:
        node = parent[node]
    return node


def duplicates(gold: list[dict], pub: Published) -> dict:
    """Gold duplicate groups connected by predicted links, and links gold does not have."""
    ids = {e["file"]: (pub.doc(e["file"]) or {}).get("doc_id") for e in gold}
    file_of = {doc_id: file for file, doc_id in ids.items() if doc_id}
    groups = {frozenset(e["document"].get("duplicate_group") or []) for e in gold}
    groups = [g for g in groups if len(g) > 1]
    links = [(r["doc_id"], r["duplicate_of"]) for r in pub.documents if r.get("duplicate_of")]
    parent: dict[str, str] = {}
    for a, b in links:
        parent[_root(parent, a)] = _root(parent, b)
    linked = [
        g for g in groups
        if all(ids.get(f) for f in g) and len({_root(parent, ids[f]) for f in g}) == 1
    ]
    judged = [(file_of[a], file_of[b]) for a, b in links if a in file_of and b in file_of]
    false = [[a, b] for a, b in judged if not any({a, b} <= g for g in groups)]
    return {
        "groups": len(groups), "groups_linked": len(linked), "links_judged": len(judged),
        "false_links": len(false), "false_link_pairs": false,
    }


# ---------------------------------------------------------------- scoring


def prf(tp: int, fp: int, fn: int) -> dict:
    """Counts with precision, recall and F1 (1.0 when nothing was due and nothing given)."""
    precision = tp / (tp + fp) if tp + fp else float(fn == 0)
    recall = tp / (tp + fn) if tp + fn else float(fp == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp, "fp": fp, "fn": fn,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
    }


def score_document(entry: dict, pub: Published, everywhere: dict[str, Names]) -> dict:
    """Every category's outcome for one gold document."""
    row = pub.doc(entry["file"])
    doc_id = row.get("doc_id") if row else None
    names = GoldNames(_alias_index(entry.get("actors") or []), everywhere)
    events_pred, events_gold = event_preds(pub, doc_id), event_golds(entry, names)
    return {
        "actors": match_items(actor_preds(pub, doc_id), actor_golds(entry), _actor_ok),
        "events_strict": match_items(events_pred, events_gold, _event_strict),
        "events_relaxed": match_items(events_pred, events_gold, _event_relaxed, _event_strict),
        "figures": match_items(
            figure_preds(pub, doc_id), figure_golds(entry, names), _figure_ok, _attribution_right
        ),
        "citations": match_items(
            citation_preds(pub, doc_id), citation_golds(entry, names), _actor_ok
        ),
        "timexes": match_items(timex_preds(pub, doc_id), timex_golds(entry), _timex_ok),
    }


def _counts(outcome: Outcome) -> tuple[int, int, int]:
    return len(outcome.pairs), len(outcome.spurious), len(outcome.missed)


def _attribution(pairs: list[tuple[Item, Item]]) -> dict:
    n = len(pairs)
    subject = sum(_subject_ok(p, g) for p, g in pairs)
    claimant = sum(_claimant_ok(p, g) for p, g in pairs)
    both = sum(_attribution_right(p, g) for p, g in pairs)
    return {
        "matched": n, "subject_right": subject, "claimant_right": claimant, "both_right": both,
        "subject_accuracy": round(subject / n, 4) if n else 0.0,
        "claimant_accuracy": round(claimant / n, 4) if n else 0.0,
        "subject_claimant_both": round(both / n, 4) if n else 0.0,
    }


def _attribution_errors(file: str, pairs: list[tuple[Item, Item]]) -> list[dict]:
    return [
        {
            "file": file, "figure": g.label,
            "subject": {"gold": g.data[4], "predicted": p.data[4], "right": _subject_ok(p, g)},
            "claimant": {"gold": g.data[5], "predicted": p.data[5], "right": _claimant_ok(p, g)},
        }
        for p, g in pairs if not _attribution_right(p, g)
    ]


def _document_checks(entry: dict, row: dict | None) -> dict:
    gold_doc = entry.get("document") or {}
    return {
        "date_right": date_right(gold_doc, row),
        "gold_date": _iso_date(gold_doc.get("published_date")),
        "inferred_window": gold_doc.get("inferred_window"),
        "predicted_date": _iso_date((row or {}).get("published_date")),
        "predicted_date_basis": (row or {}).get("date_basis"),
        "title_right": title_right(gold_doc, row),
        "gold_title": gold_doc.get("title"),
        "predicted_title": (row or {}).get("title"),
        "body_right": row is not None and not body_leaks(gold_doc, row),
        "body_leaks": body_leaks(gold_doc, row),
    }


def _k_of_n(per_document: list[dict], key: str) -> dict:
    return {"right": sum(d[key] for d in per_document), "n": len(per_document)}


def _document_report(entry: dict, pub: Published, everywhere: dict[str, Names]) -> dict:
    """One gold document's scores and checks, with its outcomes under ``_outcomes``."""
    row = pub.doc(entry["file"])
    outcomes = score_document(entry, pub, everywhere)
    doc = {"file": entry["file"], "doc_id": (row or {}).get("doc_id"), "found": row is not None}
    doc |= {cat: prf(*_counts(outcome)) for cat, outcome in outcomes.items()}
    return doc | _document_checks(entry, row) | {"_outcomes": outcomes}


def _listed(docs: list[dict], cat: str, kind: str) -> list[dict]:
    return [
        {"file": d["file"], "item": item.label}
        for d in docs for item in getattr(d["_outcomes"][cat], kind)
    ]


def _total(docs: list[dict], cat: str) -> dict:
    return prf(*(sum(d[cat][k] for d in docs) for k in ("tp", "fp", "fn")))


def evaluate(published_dir: Path, gold_path: Path, stated_targets_only: bool = False) -> dict:
    """Score the published folder against the gold file; a JSON-serialisable report."""
    gold = read_gold(Path(gold_path))
    pub = load_published(Path(published_dir), stated_targets_only)
    everywhere = _alias_index([a for e in gold for a in e.get("actors") or []])
    docs = [_document_report(entry, pub, everywhere) for entry in gold]
    report: dict[str, Any] = {cat: _total(docs, cat) for cat in CATEGORIES}
    report["figures"] |= _attribution([p for d in docs for p in d["_outcomes"]["figures"].pairs])
    tx = report["timexes"]
    tx["recalled"] = f"{tx['tp']} of {tx['tp'] + tx['fn']}"
    report["documents"] = {
        "n": len(docs), "found": sum(d["found"] for d in docs),
        "dates": _k_of_n(docs, "date_right"),
        "titles": _k_of_n(docs, "title_right"),
        "bodies": _k_of_n(docs, "body_right"),
        "duplicates": duplicates(gold, pub),
    }
    return report | {
        "per_document": [{k: v for k, v in d.items() if k != "_outcomes"} for d in docs],
        "missed": {cat: _listed(docs, cat, "missed") for cat in CATEGORIES},
        "spurious": {cat: _listed(docs, cat, "spurious") for cat in CATEGORIES},
        "attribution_errors": [
            e for d in docs for e in _attribution_errors(d["file"], d["_outcomes"]["figures"].pairs)
        ],
    }


# ---------------------------------------------------------------- reading the gold

# Each gold list and what every item of it must be: (type, required keys and their types).
_GOLD_LISTS: dict[str, tuple[type, dict[str, type | tuple[type, ...]]]] = {
    "actors": (dict, {"name": str}),
    "events": (dict, {"types": list}),
    "figures": (dict, {"value": (int, float)}),
    "citations": (str, {}),
    "timexes": (dict, {}),
}


def read_gold(path: Path) -> list[dict]:
    """The gold file's entries; ValueError says in one line what is wrong and where."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError(f"{path} is not a JSON gold file: {err}") from None
    if not isinstance(gold, list):
        raise ValueError(f"{path} is not a list of gold entries (see tests/gold/README.md)")
    for i, entry in enumerate(gold, 1):
        problem = _gold_problem(entry)
        if problem:
            raise ValueError(f"{path}: gold entry {i} {problem} (see tests/gold/README.md)")
    return gold


def _gold_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "is not an object"
    if not isinstance(entry.get("file"), str):
        return "has no 'file' name"
    if not isinstance(entry.get("document"), dict):
        return "has no 'document' object"
    for key, (kind, fields) in _GOLD_LISTS.items():
        items = entry.get(key) or []
        if not isinstance(items, list):
            return f"has '{key}' that is not a list"
        for j, item in enumerate(items, 1):
            if not isinstance(item, kind):
                return f"has '{key}' item {j} that is not a {kind.__name__}"
            for field_name, field_type in fields.items():
                value = item.get(field_name)
                if not isinstance(value, field_type) or isinstance(value, bool):
                    return f"has '{key}' item {j} without a valid '{field_name}'"
    return None


# ---------------------------------------------------------------- formatting


def _score_lines(report: dict) -> list[str]:
    lines = [f"{'category':<16}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}{'f1':>8}"]
    for cat in CATEGORIES:
        s = report[cat]
        lines.append(
            f"{cat:<16}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
            f"{s['precision']:>11.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
        )
    return lines


def _summary_lines(report: dict) -> list[str]:
    f, docs = report["figures"], report["documents"]
    dup = docs["duplicates"]
    n = f["matched"]
    return [
        f"figures matched {n}: subject {f['subject_right']}/{n}, claimant "
        f"{f['claimant_right']}/{n}, both {f['both_right']}/{n}",
        f"timexes: {report['timexes']['recalled']} recalled",
        f"documents found {docs['found']}/{docs['n']}: dates {docs['dates']['right']}/"
        f"{docs['dates']['n']}, titles {docs['titles']['right']}/{docs['titles']['n']}, "
        f"bodies {docs['bodies']['right']}/{docs['bodies']['n']}",
        f"duplicates: groups linked {dup['groups_linked']}/{dup['groups']}, "
        f"false links {dup['false_links']}/{dup['links_judged']}",
    ]


def _ok(flag: bool) -> str:
    return "ok" if flag else "FAIL"


def _document_lines(report: dict) -> list[str]:
    short = ("actors", "ev_s", "ev_r", "fig", "cit", "tmx")
    width = max([len(d["file"]) for d in report["per_document"]] + [4]) + 2
    head = f"{'file':<{width}}{'found':>6}" + "".join(f"{s:>8}" for s in short)
    lines = [head + f"{'date':>6}{'title':>6}{'body':>6}   (F1 per category)"]
    for d in report["per_document"]:
        f1s = "".join(f"{d[c]['f1']:>8.2f}" for c in CATEGORIES)
        flags = "".join(f"{_ok(d[k]):>6}" for k in ("date_right", "title_right", "body_right"))
        lines.append(f"{d['file']:<{width}}{'yes' if d['found'] else 'NO':>6}{f1s}{flags}")
    return lines


def _item_lines(report: dict) -> list[str]:
    lines = []
    for kind in ("missed", "spurious"):
        for cat in CATEGORIES:
            items = report[kind][cat]
            if items:
                lines.append(f"{kind} {cat} ({len(items)}):")
                lines += [f"  {i['file']}: {i['item']}" for i in items]
    for e in report["attribution_errors"]:
        s, c = e["subject"], e["claimant"]
        lines.append(
            f"attribution {e['file']}: {e['figure']} subject {s['predicted']} (gold {s['gold']}),"
            f" claimant {c['predicted']} (gold {c['gold']})"
        )
    return lines


def format_report(report: dict) -> str:
    """The report as fixed-width text: scores, document checks, per document, and the misses."""
    sections = [
        _score_lines(report), _summary_lines(report), _document_lines(report),
        _item_lines(report),
    ]
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n"



# ---------------------------------------------------------------- several sets side by side


def _k(report: dict, check: str) -> str:
    result = report["documents"][check]
    return f"{result['right']}/{result['n']}"


def _f1_pr(s: dict) -> str:
    return f"{s['f1']:.3f} ({s['precision']:.2f} / {s['recall']:.2f})"


def _attributed(report: dict, key: str) -> str:
    return f"{report['figures'][key]}/{report['figures']['matched']}"


# One row per measure: its label, and how to read it from (report, stated-targets report).
SIDE_BY_SIDE: list[tuple[str, Callable[[dict, dict], str]]] = [
    ("actors F1", lambda r, _: f"{r['actors']['f1']:.3f}"),
    ("events strict F1 (P / R)", lambda r, _: _f1_pr(r["events_strict"])),
    ("events strict F1, stated targets only", lambda _, s: _f1_pr(s["events_strict"])),
    ("events relaxed F1", lambda r, _: f"{r['events_relaxed']['f1']:.3f}"),
    ("figures F1", lambda r, _: f"{r['figures']['f1']:.3f}"),
    ("figure subject right", lambda r, _: _attributed(r, "subject_right")),
    ("figure claimant right", lambda r, _: _attributed(r, "claimant_right")),
    ("citations F1", lambda r, _: f"{r['citations']['f1']:.3f}"),
    ("dates right", lambda r, _: _k(r, "dates")),
    ("titles right", lambda r, _: _k(r, "titles")),
    ("clean bodies", lambda r, _: _k(r, "bodies")),
    ("time expressions recalled", lambda r, _: r["timexes"]["recalled"].replace(" of ", "/")),
]


def side_by_side(columns: dict[str, tuple[dict, dict]]) -> list[list[str]]:
    """Rows of [measure, value per set] from each set's (report, stated-targets report)."""
    return [[label, *(read(*reports) for reports in columns.values())]
            for label, read in SIDE_BY_SIDE]  # fmt: skip


def format_side_by_side(columns: dict[str, tuple[dict, dict]], headers: list[str]) -> str:
    """A Markdown table: one row per measure, one column per evaluation set."""
    rows = [["measure", *headers], *side_by_side(columns)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(rows[0]), rule, *(line(r) for r in rows[1:])]) + "\n"
