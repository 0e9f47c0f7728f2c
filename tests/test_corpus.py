"""The benchmark corpus (benchmarks/corpus.py): the same for a seed, varied beyond the seed
texts' sentences, and text the whole pipeline reads without a failure."""

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.corpus import _SENTENCE_END, make_corpus, sentences_of
from pipeline.ingest.documents import parse_text
from tests.conftest import RAW

NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*")


def _sentences(path: Path) -> list[str]:
    body = parse_text(path.read_text(encoding="utf-8")).body
    return [s.strip() for p in body.split("\n\n") for s in _SENTENCE_END.split(p) if s.strip()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return make_corpus(RAW, tmp_path_factory.mktemp("corpus"), 200)


def test_the_corpus_is_the_same_for_a_seed_and_another_for_another_seed(tmp_path, corpus):
    again = make_corpus(RAW, tmp_path / "again", 200)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in corpus]
    other = make_corpus(RAW, tmp_path / "other", 200, seed=8)
    assert sum(a.read_bytes() != b.read_bytes() for a, b in zip(other, corpus, strict=True)) > 190


def test_the_corpus_is_varied_beyond_the_seed_sentences(corpus):
    seed = set(sentences_of(RAW))
    docs = [_sentences(p) for p in corpus]
    generated = [d for d in docs if not seed.intersection(d)]
    sentences = [s for d in docs for s in d]
    lengths = [len(s.split()) for s in sentences]
    names = {n for p in corpus for n in NAME.findall(p.read_text(encoding="utf-8"))}
    # the seeds alone give ~140 names, ~55 sentence lengths and 3 sentences over 60 words
    assert 80 <= len(generated) <= 120, "about half the articles are generated"
    assert len(names) > 1000
    assert len(set(lengths)) > 75 and min(lengths) <= 3
    assert sum(n > 60 for n in lengths) > 50
    assert any(len(d) >= 150 for d in generated), "a long article"
    # well-formed: a sentence starts with a capital, a digit or a quote and ends with a stop
    formed = [s for s in sentences if re.match(r"[A-Z0-9“\"$€£]", s) and s[-1] in ".!?”\""]
    assert len(formed) > 0.97 * len(sentences)


@pytest.mark.slow
def test_actas_builds_a_generated_corpus_without_a_failure(tmp_path):
    from assets.build import build

    make_corpus(RAW, tmp_path / "raw", 30, share=1.0)
    report = build(tmp_path / "raw", tmp_path / "out", tmp_path / "work")
    assert report.success, (report.failed_checks, report.failed_steps)
    assert report.failed_documents == {}
    rows = {t: pq.read_metadata(tmp_path / "out" / f"{t}.parquet").num_rows
            for t in ("documents", "rejected_inputs", "events", "actors")}  # fmt: skip
    assert rows["documents"] == 30 and rows["rejected_inputs"] == 0
    assert rows["events"] > 30 and rows["actors"] > 30
