"""Results kept between runs (pipeline/common/cache.py)."""

from pipeline.common.cache import PickleCache, code_fingerprint


def test_a_value_comes_back_and_a_damaged_one_is_a_miss(tmp_path):
    cache = PickleCache(tmp_path, "0123456789abcdef")
    cache.put("k1", {"rows": [1, 2]})
    assert cache.has("k1") and cache.get("k1") == {"rows": [1, 2]}
    assert cache.get("missing") is None
    path = next(tmp_path.rglob("k1.pkl"))
    path.write_bytes(path.read_bytes()[:5])
    assert cache.get("k1") is None


def test_the_fingerprint_follows_the_code_and_the_files(tmp_path):
    lexicon = tmp_path / "actors.yaml"
    lexicon.write_text("a: 1\n")
    first = code_fingerprint(["common.ids"], [lexicon])
    assert code_fingerprint(["common.ids"], [lexicon]) == first
    assert code_fingerprint(["common.ids", "common.records"], [lexicon]) != first
    assert code_fingerprint(["common.ids"], [lexicon], salt="model 3.8.1") != first
    lexicon.write_text("a: 2\n")
    assert code_fingerprint(["common.ids"], [lexicon]) != first


def test_only_other_versions_of_the_same_cache_are_dropped(tmp_path):
    old = PickleCache(tmp_path, "aaaaaaaaaaaaaaaa")
    old.put("k", 1)
    current = PickleCache(tmp_path, "bbbbbbbbbbbbbbbb")
    current.put("k", 2)
    keep = [tmp_path / "ingest", tmp_path / ".analysing-x1"]
    for folder in keep:
        folder.mkdir()
    current.drop_other_versions()
    assert not old.has("k") and current.get("k") == 2
    assert all(folder.is_dir() for folder in keep)


def _flip(path, old: bytes, new: bytes) -> None:
    """Change bytes inside a cache file, the way a bad disk or a partial copy would."""
    data = path.read_bytes()
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new))


def test_a_changed_byte_that_still_unpickles_is_a_miss_and_is_removed(tmp_path):
    cache = PickleCache(tmp_path, "0123456789abcdef")
    cache.put("k1", {"name": "Gabriel Boric", "start": 10})
    path = next(tmp_path.rglob("k1.pkl"))
    _flip(path, b"Boric", b"Borie")  # still a valid pickle, of a wrong value
    assert not cache.has("k1")
    assert cache.get("k1") is None
    assert not path.exists()  # recomputed and written again by the caller, not read again


def _explode():
    raise ValueError("cannot be rebuilt")


class _Unloadable:
    """Pickles fine and fails on loading, as an entry can whose bytes are intact."""

    def __reduce__(self):
        return (_explode, ())


def test_an_entry_that_fails_to_load_for_any_reason_is_a_miss(tmp_path):
    cache = PickleCache(tmp_path, "0123456789abcdef")
    cache.put("k1", _Unloadable())
    assert cache.get("k1") is None
    assert not list(tmp_path.rglob("k1.pkl"))


def test_a_garbled_ingest_cache_entry_is_decoded_again(tmp_path):
    from pipeline.publish.tables import IngestCache

    data = (
        b"Chile recalled its ambassador from Peru on Friday, the foreign ministry said, after "
        b"a dispute over the border that has lasted for months.\n"
    )
    first = IngestCache(tmp_path).decode("a.txt", data, 5000)
    assert "ambassador" in first.text
    entry = next(tmp_path.rglob("*.pkl"))
    entry.write_bytes(entry.read_bytes().replace(b"ambassador", b"ambassadar"))
    assert IngestCache(tmp_path).decode("a.txt", data, 5000) == first
