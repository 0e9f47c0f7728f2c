"""The analysis pass (pipeline/analyse.py) and its cache."""

import dataclasses

import pytest

from pipeline.analyse import Cache, Job, Setup, Stages, analyse_all
from pipeline.lexicon import DEFAULT_DIR
from pipeline.nlp import DEFAULT_MODEL

SETUP = Setup(DEFAULT_MODEL, DEFAULT_DIR)
BODIES = [
    "Chile recalled its ambassador from Lima on Friday. The foreign ministry said 40 "
    "diplomats would leave within a week.",
    "Peru's president said on Monday that talks with Bolivia would resume in March.",
    "Police arrested 12 protesters in Quito on Saturday, the interior minister said.",
]
JOBS = [Job(f"doc{i}", body, None, False) for i, body in enumerate(BODIES)]


@pytest.fixture(scope="module")
def stages():
    return Stages(SETUP)


def _run(cache, messages):
    return list(analyse_all(JOBS, SETUP, cache, progress=messages.append))


def _rows(results):
    return [(r.doc_id, r.sentences, r.actor_mentions, r.figures) for r in results]


def test_a_garbled_cache_entry_is_analysed_again_and_not_counted_as_cached(tmp_path):
    cache = Cache(tmp_path, "0123456789abcdef")
    first = _run(cache, [])
    # One name changed inside an entry: still a valid pickle, of rows the body does not hold.
    entry = next(p for p in tmp_path.rglob("*.pkl") if b"Bolivia" in p.read_bytes())
    entry.write_bytes(entry.read_bytes().replace(b"Bolivia", b"Bolivie"))
    messages = []
    again = _run(cache, messages)
    assert "2 of 3 documents already analysed (cache)" in messages
    assert _rows(again) == _rows(first)
    assert all(r.sentences for r in again)
    # ... and it was written back whole: the next run takes all three from the cache.
    messages = []
    assert _rows(_run(cache, messages)) == _rows(first)
    assert "3 of 3 documents already analysed (cache)" in messages


def test_an_intact_entry_whose_rows_do_not_fit_the_body_is_not_used(tmp_path, stages):
    cache = Cache(tmp_path, "0123456789abcdef")
    job = JOBS[1]
    other = stages.analyse_batch([dataclasses.replace(JOBS[2], doc_id=job.doc_id)])[0]
    cache.store.put(cache._key(job), other)  # checksum right, content of another body
    assert cache.get(job) is None
    cache.store.put(cache._key(job), ["not", "an", "analysis"])
    assert cache.get(job) is None
    cache.store.put(cache._key(job), other)
    messages = []
    results = _run(cache, messages)
    assert any("doc1 is unusable: analysing again" in m for m in messages)
    assert [s["text"] for s in results[1].sentences] == [BODIES[1]]
