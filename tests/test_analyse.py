"""The analysis pass (pipeline/extract/analyse.py): its cache, and bodies of any length."""

import dataclasses

import pytest

from pipeline.extract.analyse import Cache, Job, Setup, Stages, analyse_all, pieces
from pipeline.extract.lexicon import DEFAULT_DIR
from pipeline.extract.nlp import DEFAULT_MODEL

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


def _long_body(n_paragraphs: int) -> str:
    paragraphs = [f"{BODIES[i % 3]} It was report number {i}." for i in range(n_paragraphs)]
    return "\n\n".join(paragraphs) + "\n"


def test_a_body_longer_than_the_model_accepts_is_analysed_in_pieces(stages, monkeypatch):
    body = _long_body(40)
    whole = stages.analyse_batch([Job("long", body, None, False)])[0]
    # Lowered so that the test runs in a second; a million characters in production.
    monkeypatch.setattr(stages.nlp, "max_length", 1_000)
    assert len(body) > 4 * stages.nlp.max_length
    split = stages.analyse_batch([Job("long", body, None, False)])[0]
    assert not split.failures
    assert split.sentences == whole.sentences
    for name in ("sentences", "actor_mentions", "figures", "time_expressions"):
        rows = getattr(split, name)
        assert rows and all(body[r["start"] : r["end"]] == r["text"] for r in rows), name
    assert max(m["start"] for m in split.actor_mentions) > 4_000  # offsets in the whole body


def test_pieces_of_a_text_of_1_2_million_characters_cut_at_paragraph_breaks():
    body = _long_body(12_000)
    assert len(body) > 1_200_000
    parts = pieces(body, 100_000)
    assert "".join(parts) == body
    assert all(99_000 < len(p) <= 100_000 for p in parts[:-1])  # cut late, within the limit
    assert all(p.endswith("\n\n") for p in parts[:-1])


def test_a_paragraph_longer_than_a_piece_is_cut_at_a_line_break_or_space():
    assert pieces("a" * 10, 4) == ["aaaa", "aaaa", "aa"]
    assert pieces("one two three four", 9) == ["one two ", "three ", "four"]
    assert pieces("one\ntwo three", 9) == ["one\n", "two three"]
    assert pieces("short", 9) == ["short"]
