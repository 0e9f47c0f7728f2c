"""Evaluation sets: which texts are present, and `--set` specs."""

import json
from pathlib import Path

import pytest

from pipeline.evaluate.evalsets import EvalSet, parse_set, presence


@pytest.fixture
def evalset(tmp_path):
    gold = tmp_path / "gold" / "gold.json"
    gold.parent.mkdir()
    gold.write_text(json.dumps([{"file": "a.txt"}, {"file": "b.txt"}, {"file": "c.txt"}]))
    (gold.parent / "articles.csv").write_text("file,words\na.txt,3\nb.txt,2\nc.txt,4\n")
    raw = tmp_path / "raw"
    raw.mkdir()
    return EvalSet("dev", raw, gold)


def test_missing_and_altered_texts_are_named(evalset):
    (evalset.raw / "a.txt").write_text("one two three")
    (evalset.raw / "b.txt").write_text("one two three")  # the index says two words
    found = presence(evalset)
    assert (found.missing, found.altered, found.complete) == (("c.txt",), ("b.txt",), False)
    assert found.describe().startswith("2 of 3 texts present, 1 not as indexed")


def test_a_set_with_every_text_as_indexed_is_complete(evalset):
    for name, text in {"a.txt": "x y z", "b.txt": "x y", "c.txt": "w x y z"}.items():
        (evalset.raw / name).write_text(text)
    assert presence(evalset).complete


def test_set_specs():
    expected = EvalSet("held", Path("data/held"), Path("gold/held.json"))
    assert parse_set("held=data/held:gold/held.json") == expected
    with pytest.raises(ValueError, match="NAME=RAW_DIR:GOLD_FILE"):
        parse_set("held")
