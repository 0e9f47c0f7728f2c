"""Stable identifiers: the same content gives the same ID on any machine and any run."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache


def stable_id(*parts: object, length: int = 16) -> str:
    """A hex digest of the parts, joined unambiguously."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def fold(text: str) -> str:
    """Lower-case, diacritics dropped, typographic quotes made plain; same length as the input.

    Keeping the length lets offsets found in folded text index the original.
    """
    if text.isascii():  # the common case, and what _fold_char gives for each ASCII letter
        return text.lower()
    return "".join(_fold_char(c) for c in text)


_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


@cache
def _fold_char(c: str) -> str:
    c = c.translate(_QUOTES)
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    low = base.lower()
    if len(low) == 1:
        return low
    low = c.lower()
    return low if len(low) == 1 else c


def slugify(name: str) -> str:
    """`Nicolás Maduro` -> `nicolas-maduro`."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or stable_id(name, length=8)
