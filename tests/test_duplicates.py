"""Linking texts that repeat or paraphrase an earlier one (pipeline/publish/duplicates.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import pickle
import random
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.extract.sketches import SCHEMA, sketch, sketches_from_arrow, sketches_to_arrow
from pipeline.ingest.documents import parse_text
from pipeline.publish import duplicates
from pipeline.publish.duplicates import DocInfo, find_duplicates

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests" / "gold" / "seeds.json").read_text())
RAW = ROOT / "data" / "raw"

# A made-up story, a rewrite of it that keeps its facts in new sentences, and another article
# on the same dispute with different facts.
ORIGINAL = """Guyana and Venezuela agreed on Thursday to resume talks over the disputed Essequibo \
region at a meeting hosted by Saint Vincent and the Grenadines, officials from both governments \
said.

Guyanese President Irfaan Ali and Venezuelan Foreign Minister Yván Gil spent nearly six hours in \
Kingstown with mediators from the Caribbean Community and Brazil, according to a joint statement \
released late in the evening.

The statement said both sides would refrain from the use of force and would form a joint \
commission of foreign ministers that is to report within 90 days. Ali told reporters that Guyana \
would not give up "a single square inch" of the territory, which holds most of the country's oil \
reserves.

Gil said Caracas remained committed to dialogue but repeated that Venezuela did not recognise the \
jurisdiction of the International Court of Justice, where Guyana filed its case in 2018. \
ExxonMobil, which leads the consortium producing about 640,000 barrels a day off the Guyanese \
coast, declined to comment.

Brazilian adviser Celso Amorim, who attended the meeting, said the two delegations agreed to meet \
again in Brasília before the end of the quarter."""

REWRITE = """Talks on the Essequibo dispute will restart after Guyana and Venezuela reached an \
understanding during a meeting in Kingstown, Saint Vincent and the Grenadines, according to both \
governments.

Irfaan Ali, Guyana's president, met Venezuela's top diplomat Yván Gil for close to six hours, \
with the Caribbean Community and Brazil acting as mediators, a joint statement published that \
night said.

Under the statement, neither country will resort to force, and a commission of the two foreign \
ministers will present a report within 90 days. Ali insisted to journalists that his country \
will keep "a single square inch" of the oil-rich territory.

For Caracas, Gil said dialogue was the priority, though Venezuela still rejects the International \
Court of Justice, where Guyana took the case in 2018. ExxonMobil, whose consortium pumps around \
640,000 barrels a day offshore Guyana, had no comment.

Celso Amorim, the Brazilian adviser at the talks, said the delegations would meet again in \
Brasília before the quarter ends."""

SAME_STORY_OTHER_ARTICLE = """Venezuela's National Assembly approved a law on Tuesday creating a \
new state called Guayana Esequiba, stepping up its claim to the Essequibo territory that Guyana \
administers.

The law, passed unanimously by lawmakers loyal to the government, instructs the electoral \
authority to draw new voting districts and bars maps that omit the claimed territory from being \
published in Venezuela.

Guyana's foreign ministry called the measure a violation of international law and said it would \
raise the matter with the United Nations Security Council and the Organization of American States.

Georgetown has asked the International Court of Justice to confirm an 1899 arbitration award that \
set the border. Venezuela argues that a 1966 agreement signed in Geneva replaced the award and \
requires a negotiated settlement.

Analysts in Caracas said the law was aimed mostly at a domestic audience ahead of a campaign \
season, noting that the government has not moved troops toward the border since the Kingstown \
meeting."""


def _seed_docs() -> list[DocInfo]:
    docs = []
    for entry in GOLD:
        parsed = parse_text((RAW / entry["file"]).read_text(encoding="utf-8"))
        docs.append(
            DocInfo(
                entry["file"],
                entry["file"],
                parsed.body,
                parsed.published_date,
                parsed.published_at,
            )
        )
    return docs


def _background() -> list[DocInfo]:
    """The seeds without dates, so that document frequencies come from real articles."""
    return [DocInfo(d.doc_id, d.source_file, d.body) for d in _seed_docs()]


def _links_among_new(docs: list[DocInfo]) -> dict[str, str]:
    """The links that involve a document other than the seeds."""
    seeds = {e["file"] for e in GOLD}
    return {k: v for k, v in find_duplicates(docs).items() if not {k, v} <= seeds}


# ---- the seeds ----------------------------------------------------------------------------
def test_seed_duplicate_groups_are_linked_and_nothing_else():
    groups = {
        frozenset(e["document"]["duplicate_group"])
        for e in GOLD
        if e["document"].get("duplicate_group")
    }
    links = find_duplicates(_seed_docs())
    linked = {frozenset(pair) for pair in links.items()}
    assert linked == {g for g in groups if len(g) == 2}
    dated = {e["file"] for e in GOLD if e["document"]["published_date"]}
    assert all(target in dated for target in links.values())  # undated copy -> dated original


@pytest.mark.parametrize(
    "thresholds",
    [  # every different pair stays below these, every same pair above them
        {"COPY_COSINE": 0.25, "COPY_SHINGLES": 0.1},
        {"REWRITE_COSINE": 0.38},
    ],
)
def test_seed_links_hold_with_the_thresholds_moved_by_a_margin(monkeypatch, thresholds):
    expected = find_duplicates(_seed_docs())
    assert expected  # the seeds hold duplicate pairs
    for name, value in thresholds.items():
        monkeypatch.setattr(duplicates, name, value)
    assert find_duplicates(_seed_docs()) == expected


# ---- synthetic ----------------------------------------------------------------------------
def test_a_copy_with_other_whitespace_points_at_the_dated_original():
    copy = "\n\n".join("  ".join(p.split(" ")) for p in ORIGINAL.split("\n\n")) + "\n"
    docs = _background() + [
        DocInfo("copy", "b.txt", copy, dt.date(2024, 5, 2)),
        DocInfo("original", "z.txt", ORIGINAL, dt.date(2024, 5, 1)),
    ]
    assert _links_among_new(docs) == {"copy": "original"}


def test_an_undated_rewrite_points_at_the_dated_original():
    docs = _background() + [
        DocInfo("rewrite", "a.txt", REWRITE),
        DocInfo("original", "b.txt", ORIGINAL, None, dt.datetime(2024, 5, 1, 9, 30)),
    ]
    assert _links_among_new(docs) == {"rewrite": "original"}


def test_undated_copies_point_at_the_smaller_source_file():
    docs = _background() + [DocInfo("x", "b.txt", ORIGINAL), DocInfo("y", "a.txt", ORIGINAL)]
    assert _links_among_new(docs) == {"x": "y"}


def test_another_article_on_the_same_story_is_not_linked():
    docs = _background() + [
        DocInfo("original", "a.txt", ORIGINAL, dt.date(2024, 5, 1)),
        DocInfo("other", "b.txt", SAME_STORY_OTHER_ARTICLE, dt.date(2024, 5, 2)),
        DocInfo("rewrite", "c.txt", REWRITE, dt.date(2024, 5, 3)),
    ]
    assert _links_among_new(docs) == {"rewrite": "original"}


def test_an_excerpt_points_at_the_full_text_even_without_capitals():
    excerpt = "\n\n".join(ORIGINAL.split("\n\n")[:3]).lower()  # no names to compare
    docs = _background() + [
        DocInfo("full", "a.txt", ORIGINAL, dt.date(2024, 5, 1)),
        DocInfo("excerpt", "b.txt", excerpt, dt.date(2024, 5, 1)),
    ]
    assert _links_among_new(docs) == {"excerpt": "full"}


def _same_template_about_other_names() -> str:
    names = {
        "Guyanese": "Belizean",
        "Guyana": "Belize",
        "Venezuelan": "Guatemalan",
        "Venezuela": "Guatemala",
        "Essequibo": "Sarstoon",
        "Irfaan Ali": "John Briceño",
        "Ali": "Briceño",
        "Yván Gil": "Carlos Martínez",
        "Gil": "Martínez",
        "Saint Vincent and the Grenadines": "Dominica",
        "Kingstown": "Roseau",
        "Caribbean Community": "Central American Integration System",
        "Brazilian": "Mexican",
        "Brazil": "Mexico",
        "Caracas": "Guatemala City",
        "ExxonMobil": "Perenco",
        "640,000": "12,000",
        "90": "60",
        "2018": "2019",
        "Celso Amorim": "Alicia Bárcena",
        "Brasília": "Mexico City",
    }
    other = ORIGINAL
    for old in sorted(names, key=len, reverse=True):
        other = re.sub(rf"\b{re.escape(old)}\b", names[old], other)
    return other


def test_the_same_template_about_other_names_is_not_linked():
    other = _same_template_about_other_names()
    docs = _background() + [DocInfo("a", "a.txt", ORIGINAL), DocInfo("b", "b.txt", other)]
    assert _links_among_new(docs) == {}


def test_the_same_template_would_be_linked_by_its_wording_alone(monkeypatch):
    """What keeps the template above apart is its names: ignore them and its wording links it."""
    other = _same_template_about_other_names()
    docs = _background() + [DocInfo("a", "a.txt", ORIGINAL), DocInfo("b", "b.txt", other)]
    monkeypatch.setattr(duplicates, "REWRITE_NAMES", 0.0)
    assert _links_among_new(docs) == {"b": "a"}


# ---- scale --------------------------------------------------------------------------------
def _random_corpus(n: int, seed: int = 7) -> list[str]:
    """Texts of sentences drawn from a Zipf-like vocabulary, each with a few made-up names."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(20000)]
    cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))
    names = ["".join(rng.choices(letters, k=6)).capitalize() for _ in range(2000)]
    texts = []
    for _ in range(n):
        sentences = []
        for _ in range(rng.randint(8, 20)):
            words = rng.choices(vocab, cum_weights=cumulative, k=rng.randint(8, 20))
            words.insert(rng.randrange(1, len(words)), rng.choice(names))
            sentences.append(" ".join(words).capitalize() + ".")
        texts.append(" ".join(sentences))
    return texts


@pytest.mark.slow
def test_two_thousand_texts_are_compared_through_few_candidate_pairs(monkeypatch):
    texts = _random_corpus(2000)
    docs = [DocInfo(f"d{i}", f"{i:05d}.txt", t) for i, t in enumerate(texts)]
    shuffled = [". ".join(sorted(t.split(". "), key=len)) for t in texts[:5]]  # reordered copies
    docs += [DocInfo(f"c{i}", f"c{i}.txt", t) for i, t in enumerate(shuffled)]
    scored, score = [], duplicates._scores

    def counted(corpus, first, second):
        scored.append(len(first))
        return score(corpus, first, second)

    monkeypatch.setattr(duplicates, "_scores", counted)
    assert find_duplicates(docs) == {f"c{i}": f"d{i}" for i in range(5)}
    assert 0 < sum(scored) < 5 * len(docs)  # all pairs would be two million


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_corpora(n):
    docs = [DocInfo(f"d{i}", f"{i}.txt", ORIGINAL) for i in range(n)]
    assert find_duplicates(docs) == {}


# ---- sketches -----------------------------------------------------------------------------
def test_sketches_survive_arrow_parquet_and_pickle(tmp_path):
    bodies = [ORIGINAL, REWRITE, "", "Too short.", *_random_corpus(3)]
    sketches = [sketch(b) for b in bodies]
    ids = [f"d{i}" for i in range(len(bodies))]
    table = sketches_to_arrow(ids, sketches)
    assert table.schema == SCHEMA
    pq.write_table(table, tmp_path / "sketches.parquet", row_group_size=3)  # several chunks
    for read in [table, pq.read_table(tmp_path / "sketches.parquet"), table.slice(2)]:
        back_ids, back = sketches_from_arrow(read)
        assert back_ids == ids[len(ids) - read.num_rows :]
        assert back == sketches[len(ids) - read.num_rows :]
    assert pickle.loads(pickle.dumps(sketches)) == sketches


def test_a_sketch_is_the_same_in_another_process():
    code = "import sys; from pipeline.extract.sketches import sketch; s = sketch(sys.argv[1]); "
    code += "print(s.terms.tolist(), s.names.tolist())"
    out = {
        subprocess.run(
            [sys.executable, "-c", code, ORIGINAL],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ["1", "2"]
    }  # fmt: skip
    here = sketch(ORIGINAL)
    assert out == {f"{here.terms.tolist()} {here.names.tolist()}\n"}


def test_given_sketches_give_what_the_bodies_give():
    docs = _seed_docs() + [
        DocInfo("original", "a.txt", ORIGINAL, dt.date(2024, 5, 1)),
        DocInfo("rewrite", "b.txt", REWRITE),
        DocInfo("other", "c.txt", SAME_STORY_OTHER_ARTICLE, dt.date(2024, 5, 2)),
    ]
    table = sketches_to_arrow([d.doc_id for d in docs], [sketch(d.body) for d in docs])
    sketches = sketches_from_arrow(pq.read_table(pa.BufferReader(_parquet(table))))[1]
    bare = [DocInfo(d.doc_id, d.source_file, "", d.published_date, d.published_at) for d in docs]
    assert find_duplicates(bare, sketches) == find_duplicates(docs)
    assert find_duplicates(docs)["rewrite"] == "original"
    with pytest.raises(ValueError):
        find_duplicates(bare, sketches[1:])


def _parquet(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()
