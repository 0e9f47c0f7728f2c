"""Texts that repeat or paraphrase an earlier text of the corpus.

Two texts are one story told twice when they share what makes it that story, not merely its
topic. Three signals, each computed over the given corpus:

- ``cosine``: TF-IDF cosine of content words (stop words dropped, crude stemming; document
  frequency counted over the corpus, so words every article on the topic uses weigh little);
- ``names``: IDF-weighted overlap of the sets of proper nouns and numbers (capitalised words
  not opening a sentence, figures): the facts a rewrite keeps even when it changes every
  sentence;
- ``shingles``: overlap of content-word 3-grams, which copies and light edits keep (estimated
  from a bottom-k sketch of 3-gram hashes; exact for texts of up to ``_SHINGLE_SKETCH`` 3-grams).

Overlaps are |A & B| / min(|A|, |B|), so that a short summary of a long text still scores high.
A pair is linked when it is a copy (``shingles`` or ``cosine`` very high) or a rewrite (both
``cosine`` and ``names`` well above what different articles on one story reach).

Only candidate pairs are scored: texts that share at least two of their most distinctive terms
(each text's top terms by TF-IDF, through an inverted index that skips terms too common to
discriminate), or one of the few word 5-grams each text is sketched by, or an identical
normalised body. Nothing compares all pairs.

What a text contributes is its sketch (pipeline/extract/sketches.py), which depends on that text
alone and so is computed and cached per document. This module does what needs the whole corpus:
document frequencies, candidates and scores, over the sketches' arrays laid end to end (a few
KB per text, no Python object per term), so 50,000 texts fit in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from pipeline.extract.sketches import _SHINGLE_SKETCH, Sketch, sketch


@dataclass(frozen=True)
class DocInfo:
    """What duplicate detection needs of a document (``body`` may be "" given its sketch)."""

    doc_id: str
    source_file: str
    body: str
    published_date: dt.date | None = None
    published_at: dt.datetime | None = None


# A link is a copy or a rewrite. On the seeds the rewrite pair scores cosine 0.43, names 0.87;
# the eight pairs of different articles at most cosine 0.17 and names 0.55.
COPY_SHINGLES = 0.5
COPY_COSINE = 0.8
REWRITE_COSINE = 0.32
REWRITE_NAMES = 0.6
MIN_NAMES = 4  # fewer names than this say nothing about shared facts
MIN_SHINGLES = 20  # a shorter text is a copy only by its cosine

_TOP_TERMS = 12  # distinctive terms per text used to find candidates
_MAX_POSTINGS = 64  # a term in more texts' top lists than this does not pick candidates
_MAX_SHINGLE_POSTINGS = 100  # a 5-gram in more texts than this is boilerplate
_MAX_CANDIDATES_PER_TEXT = 20  # best-supported partners scored per text


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def find_duplicates(docs: list[DocInfo], sketches: list[Sketch] | None = None) -> dict[str, str]:
    """doc_id -> doc_id of the earlier document it repeats or paraphrases.

    Earlier means: a stated date before no date; then the earlier date (and time, where both
    have one); then the smaller source_file. Each text points at the earliest text it is itself
    linked to, so links never chain through a third text. ``sketches``, aligned with ``docs``,
    are computed from the bodies when not given.
    """
    corpus = _corpus(_sketches(docs, sketches))
    first, second = np.divmod(_candidates(corpus), max(len(docs), 1))
    linked = _linked(*_scores(corpus, first, second).T)
    rank = np.empty(len(docs), np.int64)
    rank[sorted(range(len(docs)), key=lambda i: _order_key(docs[i]))] = np.arange(len(docs))
    a, b = first[linked], second[linked]
    earlier = np.where(rank[a] < rank[b], a, b)
    later = np.where(rank[a] < rank[b], b, a)
    order = np.lexsort((rank[earlier], later))
    earliest = order[_rank_in_runs(later[order]) == 0]
    return {docs[later[i]].doc_id: docs[earlier[i]].doc_id for i in earliest}


def _sketches(docs: list[DocInfo], sketches: list[Sketch] | None) -> list[Sketch]:
    if sketches is None:
        return [sketch(d.body) for d in docs]
    if len(sketches) != len(docs):
        raise ValueError(f"{len(sketches)} sketches for {len(docs)} documents")
    return sketches


def _linked(cosine, names, shingles):  # floats or arrays alike
    copy = (shingles >= COPY_SHINGLES) | (cosine >= COPY_COSINE)
    return copy | ((cosine >= REWRITE_COSINE) & (names >= REWRITE_NAMES))


def _order_key(doc: DocInfo) -> tuple:
    day = doc.published_date or (doc.published_at.date() if doc.published_at else None)
    time = doc.published_at.time() if doc.published_at else dt.time.max
    return (day is None, day or dt.date.max, time, doc.source_file, doc.doc_id)


# ---------------------------------------------------------------------------------------------
# The corpus: the sketches end to end, with document frequencies
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Ragged:
    """One array per document, laid end to end: row i is values[starts[i]:][:lengths[i]]."""

    values: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray

    def row(self, i: int) -> slice:
        return slice(self.starts[i], self.starts[i] + self.lengths[i])

    def items(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the items of ``rows``, and the index in ``rows`` each belongs to."""
        lengths = self.lengths[rows]
        return _ranges(self.starts[rows], lengths), np.repeat(np.arange(len(rows)), lengths)

    def docs(self) -> np.ndarray:
        """The document of each item."""
        return np.repeat(np.arange(len(self.lengths)), self.lengths)


@dataclass(frozen=True)
class _Corpus:
    n: int
    terms: _Ragged  # index into the corpus vocabulary (ascending within a row)
    weights: np.ndarray  # L2-normalised TF-IDF weight of each term of ``terms``
    df: np.ndarray  # document frequency of each vocabulary term
    met: np.ndarray  # vocabulary terms numbered as first met, reading the texts in order
    names: _Ragged  # index into the corpus's names
    name_idf: np.ndarray
    name_mass: np.ndarray  # summed name IDF per document
    shingles: _Ragged  # index into the corpus's 3-gram hashes, ascending within a row
    n_shingles: np.ndarray
    keys: _Ragged  # 5-gram hashes
    fingerprints: np.ndarray  # equal numbers for equal fingerprints


def _corpus(sketches: list[Sketch]) -> _Corpus:
    n = len(sketches)
    terms, df, first = _indexed([s.terms for s in sketches], np.uint64)
    counts = _ragged([s.counts for s in sketches], np.float64).values
    weights = (1 + np.log(counts)) * _idf(df, n)[terms.values]
    docs = terms.docs()
    seen = _ragged([s.first_seen for s in sketches], np.uint32).values[first].astype(np.int64)
    norms = np.sqrt(np.bincount(docs, weights * weights, minlength=n))
    weights /= np.where(norms > 0, norms, 1.0)[docs]
    names, name_df, _ = _indexed([s.names for s in sketches], np.uint64)
    name_idf = _idf(name_df, n)
    groups: dict[bytes, int] = {}
    return _Corpus(
        n=n,
        terms=terms,
        weights=weights,
        df=df,
        met=(docs[first] << 32) | seen,
        names=names,
        name_idf=name_idf,
        name_mass=np.bincount(names.docs(), name_idf[names.values], minlength=n),
        shingles=_indexed([s.shingles for s in sketches], np.uint32)[0],
        n_shingles=np.array([s.n_shingles for s in sketches], np.int64),
        keys=_ragged([s.keys for s in sketches], np.uint32),
        fingerprints=np.array(
            [groups.setdefault(s.fingerprint, len(groups)) for s in sketches], np.int64
        ),
    )


def _ragged(parts: list[np.ndarray], dtype: type) -> _Ragged:
    lengths = np.array([len(p) for p in parts], np.int64)
    values = np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)
    return _Ragged(values, np.cumsum(lengths) - lengths, lengths)


def _indexed(parts: list[np.ndarray], dtype: type) -> tuple[_Ragged, np.ndarray, np.ndarray]:
    """Hashes as indices into the corpus's sorted distinct hashes; how many texts hold each
    distinct hash, and the first item that holds it."""
    hashes = _ragged(parts, dtype)
    order = np.argsort(hashes.values)
    starts, sizes = _runs(hashes.values[order])
    index = np.empty(len(order), np.int32)
    index[order] = np.repeat(np.arange(len(starts), dtype=np.int32), sizes)
    first = np.minimum.reduceat(order, starts) if len(order) else order
    return _Ragged(index, hashes.starts, hashes.lengths), sizes, first


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log((1 + n) / (1 + df)) + 1


# ---------------------------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------------------------
def _candidates(c: _Corpus) -> np.ndarray:
    """Candidate pairs (i < j) as ascending codes i * n + j."""
    top_docs, top_terms = _top_terms(c)
    shared, support = np.unique(
        _posting_pairs(top_terms, top_docs, _MAX_POSTINGS, c.n), return_counts=True
    )
    passages = _posting_pairs(c.keys.values, c.keys.docs(), _MAX_SHINGLE_POSTINGS, c.n)
    pairs, where = np.unique(np.concatenate([shared[support >= 2], passages]), return_inverse=True)
    evidence = np.bincount(where, np.concatenate([support[support >= 2], np.ones(len(passages))]))
    exact = _posting_pairs(c.fingerprints, np.arange(c.n), c.n, c.n)
    best = _best_per_text(pairs, evidence.astype(np.int64), c.n, _MAX_CANDIDATES_PER_TEXT)
    return np.union1d(exact, best)


def _top_terms(c: _Corpus) -> tuple[np.ndarray, np.ndarray]:
    """(document, term) of each text's ``_TOP_TERMS`` heaviest terms found in other texts too."""
    docs, terms = c.terms.docs(), c.terms.values
    shared = c.df[terms] > 1
    docs, terms, weights = docs[shared], terms[shared], c.weights[shared]
    near = _near_top(docs, weights, _TOP_TERMS)
    docs, terms, weights = docs[near], terms[near], weights[near]
    order = np.lexsort((-c.met[terms], -weights, docs))  # equal weights: the later met first
    docs, terms = docs[order], terms[order]
    top = _rank_in_runs(docs) < _TOP_TERMS
    return docs[top], terms[top]


def _near_top(docs: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """Which items weigh as much as their document's k-th heaviest or more (and a few tied with
    it by rounding), for ``docs`` ascending and weights in (0, 1]: one fast sort, by a key that
    keeps documents apart and orders each one's items heaviest first."""
    rough = 4.0 * docs - weights
    starts, sizes = _runs(docs)
    cut = np.full(len(starts), np.inf)
    full = sizes >= k
    cut[full] = np.sort(rough)[starts[full] + k - 1]
    return rough <= np.repeat(cut, sizes)


def _posting_pairs(keys: np.ndarray, docs: np.ndarray, max_len: int, n: int) -> np.ndarray:
    """Codes of the pairs of documents that share a key held by 2 to ``max_len`` documents."""
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    starts, sizes = _runs(keys)
    keep = (sizes > 1) & (sizes <= max_len)
    starts, sizes = starts[keep], sizes[keep]
    items = _ranges(starts, sizes)  # each pairs with the items after it in its run
    after = np.repeat(starts + sizes, sizes) - items - 1
    first = np.repeat(items, after)
    second = first + 1 + _ranges(np.zeros(len(after), np.int64), after)
    return docs[first].astype(np.int64) * n + docs[second]


def _best_per_text(pairs: np.ndarray, evidence: np.ndarray, n: int, k: int) -> np.ndarray:
    """The pairs among each text's k best-supported partners: a cluster of many similar texts
    (a wire story and its copies) costs k scores per text, not one per pair."""
    texts = np.concatenate(np.divmod(pairs, max(n, 1)))
    pairs, evidence = np.tile(pairs, 2), np.tile(evidence, 2)
    order = np.lexsort((pairs, -evidence, texts))
    return np.unique(pairs[order][_rank_in_runs(texts[order]) < k])


# ---------------------------------------------------------------------------------------------
# Similarity
# ---------------------------------------------------------------------------------------------
def _scores(c: _Corpus, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """cosine, names, shingles (columns, rounded to 4 places) of the pairs first[i], second[i].

    The pairs are scored a text at a time against all its partners: the text's weights (names,
    3-grams) are spread over a vector as long as the vocabulary, which its partners' terms
    index.
    """
    out = np.zeros((len(first), 3))
    dense_terms = np.zeros(len(c.df))
    dense_names = np.zeros(len(c.name_idf))
    dense_shingles = np.zeros(c.shingles.values.max(initial=-1) + 1, np.int32)
    order = np.argsort(first, kind="stable")
    for start, size in zip(*_runs(first[order]), strict=True):
        rows = order[start : start + size]
        text, partners = first[rows[0]], second[rows]
        out[rows, 0] = _cosines(c, text, partners, dense_terms)
        out[rows, 1] = _name_overlaps(c, text, partners, dense_names)
        out[rows, 2] = _shingle_overlaps(c, text, partners, dense_shingles)
    return np.round(out, 4)


def _cosines(c: _Corpus, text: int, partners: np.ndarray, dense: np.ndarray) -> np.ndarray:
    own = c.terms.row(text)
    dense[c.terms.values[own]] = c.weights[own]
    items, which = c.terms.items(partners)
    products = dense[c.terms.values[items]] * c.weights[items]
    dense[c.terms.values[own]] = 0.0
    return np.bincount(which, products, minlength=len(partners))


def _name_overlaps(c: _Corpus, text: int, partners: np.ndarray, dense: np.ndarray) -> np.ndarray:
    out = np.zeros(len(partners))
    scored = np.minimum(c.names.lengths[text], c.names.lengths[partners]) >= MIN_NAMES
    if not scored.any():
        return out
    own = c.names.values[c.names.row(text)]
    dense[own] = c.name_idf[own]
    items, which = c.names.items(partners[scored])
    shared = np.bincount(which, dense[c.names.values[items]], minlength=scored.sum())
    dense[own] = 0.0
    out[scored] = shared / np.minimum(c.name_mass[text], c.name_mass[partners[scored]])
    return out


def _shingle_overlaps(c: _Corpus, text: int, partners: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """|A & B| / min(|A|, |B|) of the 3-gram sets, from their bottom-k sketches.

    The k smallest hashes of A | B are the k smallest of both sketches together; the share of
    them that both sketches hold estimates the Jaccard index J, and |A & B| = J (|A| + |B|) /
    (1 + J).
    """
    out = np.zeros(len(partners))
    scored = np.minimum(c.n_shingles[text], c.n_shingles[partners]) >= MIN_SHINGLES
    if not scored.any():
        return out
    partners, lengths = partners[scored], c.shingles.lengths[partners[scored]]
    own = c.shingles.values[c.shingles.row(text)]
    dense[own] = np.arange(1, len(own) + 1)
    at = dense[c.shingles.values[_ranges(c.shingles.starts[partners], lengths)]]
    dense[own] = 0
    common = np.flatnonzero(at)  # at: 1 + the position in the text's sketch, or 0
    starts = np.cumsum(lengths) - lengths
    partner = np.searchsorted(starts, common, side="right") - 1
    n_common = np.bincount(partner, minlength=len(partners))
    # A common hash's rank in the union: the smaller hashes of the partner, plus those of the
    # text, less the common ones (counted twice).
    shared_before = np.arange(len(common)) - (np.cumsum(n_common) - n_common)[partner]
    rank = common - starts[partner] + at[common] - 1 - shared_before
    in_union = np.bincount(partner, rank < _SHINGLE_SKETCH, minlength=len(partners))
    union = np.minimum(_SHINGLE_SKETCH, len(own) + lengths - n_common)
    jaccard = in_union / union
    n_a, n_b = c.n_shingles[text], c.n_shingles[partners]
    estimate = jaccard * (n_a + n_b) / (1 + jaccard)
    out[scored] = np.minimum(1.0, estimate / np.minimum(n_a, n_b))
    return out


# ---------------------------------------------------------------------------------------------
# Arrays
# ---------------------------------------------------------------------------------------------
def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The ranges [start, start + length) end to end."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - ends + lengths, lengths)


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal keys of a sorted array starts, and its length."""
    starts = np.flatnonzero(np.append(True, keys[1:] != keys[:-1])) if len(keys) else keys[:0]
    return starts.astype(np.int64), np.diff(np.append(starts, len(keys))).astype(np.int64)


def _rank_in_runs(keys: np.ndarray) -> np.ndarray:
    """The position of each item within its run of equal keys of a sorted array."""
    starts, sizes = _runs(keys)
    return np.arange(len(keys)) - np.repeat(starts, sizes)
