"""One text reduced to what duplicate detection compares (see pipeline/publish/duplicates.py).

A sketch depends on its text alone, so it can be computed once per document, in any process,
and cached: terms and names are kept as 64-bit blake2b hashes, not as ids of a vocabulary
shared with other texts. It holds, as numpy arrays:

- ``terms``/``counts``/``first_seen``: the content words (stop words and short words dropped,
  crude stemming), how often each occurs, and the order in which they first occur (which breaks
  ties between equally weighted terms);
- ``names``: proper nouns (capitalised words not opening a sentence) and numbers;
- ``shingles``: the ``_SHINGLE_SKETCH`` smallest crc32 hashes of content-word 3-grams (a bottom-k
  sketch, exact for shorter texts), and ``n_shingles``, how many distinct 3-grams there are;
- ``keys``: the ``_CANDIDATE_SHINGLES`` smallest hashes of word 5-grams (rare passages);
- ``fingerprint``: a hash of the normalised words, equal for texts that differ only in case,
  accents, punctuation or spacing.

Sketches travel between processes pickled, or as an Arrow table with one row per document
(``sketches_to_arrow``/``sketches_from_arrow``). A text is a few KB of sketch.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np
import pyarrow as pa

_CANDIDATE_SHINGLES = 8  # smallest word 5-gram hashes per text used to find candidates
_SHINGLE_SKETCH = 256  # smallest 3-gram hashes kept per text to estimate overlaps

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_NAME = re.compile(r"[A-ZÀ-Þ][\w'’.-]*\w|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:\"“”]\s*|\n)\s*$")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_STOPWORDS = frozenset(
    " ".join(
        [
            "a an the and or but if of at by for with about against between into through during",
            "before after above below to from up down in out on off over under again further then",
            "once here there when where why how all any both each few more most other some such",
            "no nor not only own same so than too very can will just should now is are was were",
            "be been being have has had having do does did doing this that these those it its i",
            "me my we our you your he him his she her they them their what which who whom as us",
            "also yet ever never would could may might must shall said says say told tell",
            "according one two three new last first while since because however although though",
            "whether including per via mr mrs ms",
        ]
    ).split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")

# The Arrow form of sketches: one row per document, a list column per array.
SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("terms", pa.list_(pa.uint64())),
        ("counts", pa.list_(pa.uint32())),
        ("first_seen", pa.list_(pa.uint32())),
        ("names", pa.list_(pa.uint64())),
        ("shingles", pa.list_(pa.uint32())),
        ("n_shingles", pa.int64()),
        ("keys", pa.list_(pa.uint32())),
        ("fingerprint", pa.binary()),
    ]
)
_LISTS = {f.name: f.type.value_type for f in SCHEMA if pa.types.is_list(f.type)}


@dataclass(frozen=True, eq=False)
class Sketch:
    """What duplicate detection keeps of one text: hashes ascending and distinct."""

    terms: np.ndarray  # uint64 hashes of content terms
    counts: np.ndarray  # uint32 occurrences of each term
    first_seen: np.ndarray  # uint32, rank of each term by its first occurrence in the text
    names: np.ndarray  # uint64 hashes of proper nouns and numbers
    shingles: np.ndarray  # uint32, smallest content 3-gram hashes
    n_shingles: int  # distinct content 3-grams in the text
    keys: np.ndarray  # uint32, smallest word 5-gram hashes
    fingerprint: bytes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sketch):
            return NotImplemented
        return all(_same(getattr(self, f.name), getattr(other, f.name)) for f in fields(self))

    __hash__ = None  # type: ignore[assignment]


def sketch(body: str) -> Sketch:
    """The sketch of one text."""
    words = _WORD.findall(_fold(body))
    content = [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 2 and not w[0].isdigit()]
    terms, counts, first_seen = _hash_counts(Counter(content))
    threes = _gram_hashes(content, 3)
    fives = _gram_hashes(words, 5)
    return Sketch(
        terms=terms,
        counts=counts,
        first_seen=first_seen,
        names=np.unique(np.fromiter(map(_hash, set(_names(body))), np.uint64)),
        shingles=_smallest(threes, _SHINGLE_SKETCH),
        n_shingles=len(threes),
        keys=_smallest(fives, _CANDIDATE_SHINGLES),
        fingerprint=hashlib.blake2b(" ".join(words).encode(), digest_size=12).digest(),
    )


def sketches_to_arrow(doc_ids: list[str], sketches: list[Sketch]) -> pa.Table:
    """One row per document, in the columns of ``SCHEMA``."""
    columns: dict[str, pa.Array] = {"doc_id": pa.array(doc_ids, pa.string())}
    for name, item in _LISTS.items():
        parts = [getattr(s, name) for s in sketches]
        offsets = np.zeros(len(parts) + 1, np.int32)
        np.cumsum([len(p) for p in parts], out=offsets[1:])
        values = np.concatenate(parts) if parts else np.zeros(0)
        columns[name] = pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, item))
    columns["n_shingles"] = pa.array([s.n_shingles for s in sketches], pa.int64())
    columns["fingerprint"] = pa.array([s.fingerprint for s in sketches], pa.binary())
    return pa.table(columns).select(SCHEMA.names).cast(SCHEMA)


def sketches_from_arrow(table: pa.Table) -> tuple[list[str], list[Sketch]]:
    """The doc ids and sketches of a table written by ``sketches_to_arrow``."""
    lists = {name: _split(table.column(name), item) for name, item in _LISTS.items()}
    n_shingles = table.column("n_shingles").to_numpy().tolist()
    fingerprints = table.column("fingerprint").to_pylist()
    rows = zip(*lists.values(), n_shingles, fingerprints, strict=True)
    names = [*lists, "n_shingles", "fingerprint"]
    sketches = [Sketch(**dict(zip(names, row, strict=True))) for row in rows]
    return table.column("doc_id").to_pylist(), sketches


# ---------------------------------------------------------------------------------------------
# Words and names
# ---------------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    """Lower-case, diacritics dropped (fast; unlike ``ids.fold`` not length-preserving)."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    return folded.replace("\u2019", "'").replace("\u2018", "'")


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
        elif not _SENTENCE_END.search(body[max(0, m.start() - 3) : m.start()]):
            key = _name_key(word)
            if key not in _STOPWORDS:
                yield key


@lru_cache(maxsize=200_000)
def _name_key(word: str) -> str:
    word = re.sub(r"['’]s$", "", word).replace(".", "")
    return word if word.isupper() else _fold(word)  # "US" is not "us"


def _gram_hashes(words: list[str], n: int) -> set[int]:
    """crc32 of each run of n words joined by spaces (sliced from one joined text: the words
    are ASCII, so characters are bytes)."""
    text = memoryview(" ".join(words).encode())
    starts = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
    return {zlib.crc32(text[a : b - 1]) for a, b in zip(starts, starts[n:], strict=False)}


# ---------------------------------------------------------------------------------------------
# Arrays
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def _hash(key: str) -> int:
    """A 64-bit hash of a string, the same in every process (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def _hash_counts(counts: Counter[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct hashes of the terms, their counts, and their ranks by first occurrence
    (``counts`` is in that order); two terms that share a hash count as one."""
    hashes = np.fromiter(map(_hash, counts), np.uint64, len(counts))
    terms, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    summed = np.zeros(len(terms), np.uint32)
    np.add.at(summed, inverse, np.fromiter(counts.values(), np.uint32, len(counts)))
    return terms, summed, first.astype(np.uint32)


def _smallest(hashes: set[int], k: int) -> np.ndarray:
    return np.sort(np.fromiter(hashes, np.uint32, len(hashes)))[:k]


def _split(column: pa.ChunkedArray, item: pa.DataType) -> list[np.ndarray]:
    """A list column as one numpy array per row, sliced from the column's flat values."""
    lists = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    values = lists.values.cast(item).to_numpy(zero_copy_only=False)
    offsets = lists.offsets.to_numpy()  # index ``values`` (not ``flatten()``) even when sliced
    return [values[start:end] for start, end in zip(offsets[:-1], offsets[1:], strict=True)]


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.asarray(a).dtype == np.asarray(b).dtype and np.array_equal(a, b)
    return a == b
