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
normalised body. Nothing compares all pairs, and a text is kept only as a compact sketch
(a few KB), so 50,000 texts fit in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class DocInfo:
    """What duplicate detection needs of a document."""

    doc_id: str
    source_file: str
    body: str
    published_date: dt.date | None = None
    published_at: dt.datetime | None = None


@dataclass(frozen=True)
class Similarity:
    cosine: float
    names: float
    shingles: float


# A link is a copy or a rewrite. On the seeds the rewrite pair scores cosine 0.43, names 0.87;
# the eight pairs of different articles at most cosine 0.17 and names 0.55.
COPY_SHINGLES = 0.5
COPY_COSINE = 0.8
REWRITE_COSINE = 0.32
REWRITE_NAMES = 0.6
MIN_NAMES = 4  # fewer names than this say nothing about shared facts
MIN_SHINGLES = 20  # a shorter text is a copy only by its cosine

_TOP_TERMS = 12  # distinctive terms per text used to find candidates
_CANDIDATE_SHINGLES = 8  # smallest word 5-gram hashes per text used to find candidates
_SHINGLE_SKETCH = 256  # smallest 3-gram hashes kept per text to estimate overlaps
_MAX_POSTINGS = 64  # a term in more texts' top lists than this does not pick candidates
_MAX_SHINGLE_POSTINGS = 100  # a 5-gram in more texts than this is boilerplate
_MAX_CANDIDATES_PER_TEXT = 20  # best-supported partners scored per text

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_NAME = re.compile(r"[A-ZÀ-Þ][\w'’.-]*\w|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:\"“”]\s*|\n)\s*$")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_STOPWORDS = frozenset(
    " ".join([
        "a an the and or but if of at by for with about against between into through during",
        "before after above below to from up down in out on off over under again further then",
        "once here there when where why how all any both each few more most other some such no",
        "nor not only own same so than too very can will just should now is are was were be been",
        "being have has had having do does did doing this that these those it its i me my we our",
        "you your he him his she her they them their what which who whom as us also yet ever",
        "never would could may might must shall said says say told tell according one two three",
        "new last first while since because however although though whether including per via",
        "mr mrs ms",
    ]).split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def find_duplicates(docs: list[DocInfo]) -> dict[str, str]:
    """doc_id -> doc_id of the earlier document it repeats or paraphrases.

    Earlier means: a stated date before no date; then the earlier date (and time, where both
    have one); then the smaller source_file. Each text points at the earliest text it is itself
    linked to, so links never chain through a third text.
    """
    order = sorted(range(len(docs)), key=lambda i: _order_key(docs[i]))
    rank = {i: r for r, i in enumerate(order)}
    earliest: dict[int, int] = {}
    for (a, b), sim in score_pairs(docs).items():
        if not is_duplicate(sim):
            continue
        first, later = (a, b) if rank[a] < rank[b] else (b, a)
        if later not in earliest or rank[first] < rank[earliest[later]]:
            earliest[later] = first
    return {docs[later].doc_id: docs[first].doc_id for later, first in earliest.items()}


def is_duplicate(sim: Similarity) -> bool:
    """A copy or light edit, or a rewrite that keeps the content and the names."""
    if sim.shingles >= COPY_SHINGLES or sim.cosine >= COPY_COSINE:
        return True
    return sim.cosine >= REWRITE_COSINE and sim.names >= REWRITE_NAMES


def score_pairs(docs: list[DocInfo], pairs: Iterable[tuple[int, int]] | None = None,
                ) -> dict[tuple[int, int], Similarity]:
    """The signals for index pairs of ``docs`` (default: the candidate pairs), with document
    frequencies counted over ``docs``."""
    corpus = _Corpus([d.body for d in docs])
    chosen = corpus.candidates() if pairs is None else pairs
    return {(a, b): corpus.similarity(a, b) for a, b in chosen}


def candidate_pairs(docs: list[DocInfo]) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth scoring: shared distinctive terms, shingles or bodies."""
    return _Corpus([d.body for d in docs]).candidates()


# ---------------------------------------------------------------------------------------------
# One text, sketched
# ---------------------------------------------------------------------------------------------
@dataclass
class _Sketch:
    term_ids: array  # sorted ids of its content terms
    weights: array  # their counts, then their L2-normalised TF-IDF weights
    names: frozenset[str]
    shingles: array  # smallest content 3-gram hashes, ascending
    n_shingles: int
    keys: array  # smallest hashes of word 5-grams: rare passages, for finding candidates
    fingerprint: bytes


def _sketch(body: str, vocabulary: dict[str, int]) -> _Sketch:
    words = _WORD.findall(_fold(body))
    content = [_stem(w) for w in words
               if w not in _STOPWORDS and len(w) > 2 and not w[0].isdigit()]
    counts = Counter(vocabulary.setdefault(t, len(vocabulary)) for t in content)
    ids = sorted(counts)
    hashes = {zlib.crc32(" ".join(content[i:i + 3]).encode()) for i in range(len(content) - 2)}
    fives = {zlib.crc32(" ".join(words[i:i + 5]).encode()) for i in range(len(words) - 4)}
    return _Sketch(
        term_ids=array("I", ids),
        weights=array("f", (counts[i] for i in ids)),
        names=frozenset(_names(body)),
        shingles=array("I", sorted(hashes)[:_SHINGLE_SKETCH]),
        n_shingles=len(hashes),
        keys=array("I", sorted(fives)[:_CANDIDATE_SHINGLES]),
        fingerprint=hashlib.blake2b(" ".join(words).encode(), digest_size=12).digest(),
    )


def _fold(text: str) -> str:
    """Lower-case, diacritics dropped (fast; unlike ``ids.fold`` not length-preserving)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower().translate(_APOSTROPHES)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _names(body: str) -> Iterable[str]:
    """Proper nouns (capitalised, not opening a sentence) and numbers."""
    for m in _NAME.finditer(body):
        word = m.group()
        if word[0].isdigit():
            yield word.replace(",", "")
        elif not _SENTENCE_END.search(body[max(0, m.start() - 3):m.start()]):
            word = re.sub(r"['’]s$", "", word).replace(".", "")
            key = word if word.isupper() else _fold(word)  # "US" is not "us"
            if key not in _STOPWORDS:
                yield key


# ---------------------------------------------------------------------------------------------
# The corpus: document frequencies, candidates, similarity
# ---------------------------------------------------------------------------------------------
class _Corpus:
    def __init__(self, bodies: list[str]) -> None:
        vocabulary: dict[str, int] = {}
        self.sketches = [_sketch(b, vocabulary) for b in bodies]
        self.df = array("I", [0]) * len(vocabulary)
        for s in self.sketches:
            for i in s.term_ids:
                self.df[i] += 1
        n = len(bodies)
        idf = [_idf(k, n) for k in self.df]
        for s in self.sketches:
            weights = [(1 + math.log(c)) * idf[i] for i, c in zip(s.term_ids, s.weights,
                                                                   strict=True)]
            norm = math.sqrt(sum(w * w for w in weights)) or 1.0
            s.weights = array("f", (w / norm for w in weights))
        name_df = Counter(name for s in self.sketches for name in s.names)
        self.name_idf = {name: _idf(k, n) for name, k in name_df.items()}

    def candidates(self) -> set[tuple[int, int]]:
        top = _postings(self._top_terms(s) for s in self.sketches)
        evidence = Counter(_pairs_from_postings(top, _MAX_POSTINGS))
        evidence = Counter({p: n for p, n in evidence.items() if n >= 2})
        smallest = _postings(s.keys for s in self.sketches)
        evidence.update(_pairs_from_postings(smallest, _MAX_SHINGLE_POSTINGS))
        same = _postings([s.fingerprint] for s in self.sketches)
        exact = set(_pairs_from_postings(same, len(self.sketches)))
        return exact | _best_per_text(evidence, _MAX_CANDIDATES_PER_TEXT)

    def _top_terms(self, s: _Sketch) -> list[int]:
        shared = [(w, t) for t, w in zip(s.term_ids, s.weights, strict=True) if self.df[t] > 1]
        return [t for _, t in sorted(shared, reverse=True)[:_TOP_TERMS]]

    def similarity(self, a: int, b: int) -> Similarity:
        sa, sb = self.sketches[a], self.sketches[b]
        vector = dict(zip(sa.term_ids, sa.weights, strict=True))
        cosine = sum(w * vector.get(t, 0.0) for t, w in zip(sb.term_ids, sb.weights,
                                                            strict=True))
        names = 0.0
        if min(len(sa.names), len(sb.names)) >= MIN_NAMES:
            names = self._name_overlap(sa.names, sb.names)
        shingles = 0.0
        if min(sa.n_shingles, sb.n_shingles) >= MIN_SHINGLES:
            shingles = _shingle_overlap(sa, sb)
        return Similarity(round(cosine, 4), round(names, 4), round(shingles, 4))

    def _name_overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        def mass(names: Iterable[str]) -> float:
            return sum(self.name_idf.get(x, 1.0) for x in names)

        return mass(a & b) / min(mass(a), mass(b))


def _best_per_text(evidence: Counter, k: int) -> set[tuple[int, int]]:
    """The pairs among each text's k best-supported partners: a cluster of many similar texts
    (a wire story and its copies) costs k scores per text, not one per pair."""
    partners: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for pair, n in evidence.items():
        for i in pair:
            partners.setdefault(i, []).append((n, pair))
    kept: set[tuple[int, int]] = set()
    for ranked in partners.values():
        kept.update(pair for _, pair in sorted(ranked, key=lambda x: (-x[0], x[1]))[:k])
    return kept


def _idf(df: int, n: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1


def _shingle_overlap(a: _Sketch, b: _Sketch) -> float:
    """|A & B| / min(|A|, |B|) of the 3-gram sets, from their bottom-k sketches.

    The k smallest hashes of A | B are the k smallest of both sketches together; the share of
    them that both sketches hold estimates the Jaccard index J, and |A & B| = J (|A| + |B|) /
    (1 + J).
    """
    in_a, in_b = set(a.shingles), set(b.shingles)
    union = sorted(in_a | in_b)[:_SHINGLE_SKETCH]
    jaccard = sum(h in in_a and h in in_b for h in union) / len(union)
    common = jaccard * (a.n_shingles + b.n_shingles) / (1 + jaccard)
    return min(1.0, common / min(a.n_shingles, b.n_shingles))


def _postings(keys_per_doc: Iterable[Iterable[object]]) -> dict[object, list[int]]:
    postings: dict[object, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_per_doc):
        for key in set(keys):
            postings[key].append(i)
    return postings


def _pairs_from_postings(postings: dict[object, list[int]],
                         max_len: int) -> Iterable[tuple[int, int]]:
    for docs in postings.values():
        if 1 < len(docs) <= max_len:
            for x, a in enumerate(docs):
                for b in docs[x + 1:]:
                    yield a, b


def _order_key(doc: DocInfo) -> tuple:
    day = doc.published_date or (doc.published_at.date() if doc.published_at else None)
    time = doc.published_at.time() if doc.published_at else dt.time.max
    return (day is None, day or dt.date.max, time, doc.source_file, doc.doc_id)
