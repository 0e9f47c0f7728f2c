import codecs

import pytest

from pipeline.ingest.files import RawFolderError, RawText, Rejection, decode_file, read_raw_folder
from pipeline.ingest.language import detect_language


def test_utf8_bom_and_utf16_decode_to_the_same_text():
    text = "Nicolás Maduro said “no”."
    for data in (text.encode(), codecs.BOM_UTF8 + text.encode(), text.encode("utf-16")):
        result = decode_file("a.txt", data)
        assert isinstance(result, RawText) and result.text == text


def test_legacy_windows_text_decodes():
    result = decode_file("a.txt", "Petro’s café".encode("cp1252"))
    assert isinstance(result, RawText) and result.text == "Petro’s café"


@pytest.mark.parametrize(
    ("mangled", "text"),
    [
        ("The cafÃ© owner said itâ€™s closed.", "The café owner said it’s closed."),
        # part of the text mangled beside correct curly quotes and dashes
        ("The cafÃ© owner said it’s shut — for now.", "The café owner said it’s shut — for now."),
        ("SÃ£o Paulo and BogotÃ¡ sent “observers”.", "São Paulo and Bogotá sent “observers”."),
        ("Ã‰lysÃ©e officials met at 5Â°C.", "Élysée officials met at 5°C."),
    ],
)
def test_mojibake_is_repaired_even_beside_correct_characters(mangled, text):
    result = decode_file("a.txt", mangled.encode())
    assert isinstance(result, RawText) and result.text == text


def test_correct_text_with_accents_and_curly_quotes_is_left_as_it_is():
    text = "Naïve résumés, a façade, “quotes”, ’apostrophes’ – from ÂNGELO in SÃO JOÃO."
    result = decode_file("a.txt", text.encode())
    assert isinstance(result, RawText) and result.text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"%PDF-1.4\x00\x01\x02", "binary"),
        (b"x" * 50, "too_large"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(data, reason):
    result = decode_file("bad.txt", data, max_bytes=40)
    assert isinstance(result, Rejection) and result.reason == reason and result.detail


def test_exact_duplicates_are_rejected_naming_the_first(tmp_path):
    (tmp_path / "a.txt").write_text("Same story.")
    (tmp_path / "b.md").write_text("Same story.")
    (tmp_path / "notes.csv").write_text("ignored")
    results = list(read_raw_folder(tmp_path))
    assert [type(r) for r in results] == [RawText, Rejection]
    assert results[1].reason == "duplicate" and "a.txt" in results[1].detail


def test_missing_folder_fails_with_the_fix():
    with pytest.raises(RawFolderError, match="--raw"):
        list(read_raw_folder(__import__("pathlib").Path("/nonexistent/raw")))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("El presidente dijo que la elección fue limpia y que los resultados se publicarán.", "es"),
        # languages beyond the six a list of function words covered, short and long
        ("Правительство отозвало своего посла из Каракаса после выборов.", "ru"),
        ("Rząd odwołał swojego ambasadora z Caracas po wyborach prezydenckich.", "pl"),
        ("Hükümet seçimlerden sonra Karakas büyükelçisini geri çağırdı ve protesto etti.", "tr"),
        ("De regering heeft haar ambassadeur uit Caracas teruggeroepen na de verkiezingen.", "nl"),
        ("Le gouvernement a rappelé son ambassadeur à Caracas après le scrutin.", "fr"),
        # English with few function words, and English quoting another language
        (
            "Cold wave alert issued Tuesday. Temperatures drop below freezing across northern "
            "provinces Wednesday morning; heavy snow expected overnight, with strong winds "
            "along coastal areas.",
            "en",
        ),
        (
            "The minister told reporters that “la lucha sigue” and that protests would go on "
            "until the full count was published, adding that the council had no right to hide "
            "the tally sheets from the public.",
            "en",
        ),
        # names and datelines read as any language: a short text of them is English
        ("María Corina Machado, Edmundo González Urrutia and Nicolás Maduro.", "en"),
        ("Caracas, Venezuela — August 2, 2024", "en"),
        ("THE OF AND TO IN", "en"),  # function words count whatever their case
        ("in in in in in", "en"),  # a tie (English, German, Italian) goes to English
        ("Maduro won.", "en"),  # too short to tell: English
        (" ".join(["Maduro"] * 50), None),  # long, but no function word at all
        ("1234 5678", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_a_rejected_text_names_its_language():
    text = "Die Regierung hat ihren Botschafter aus Caracas nach der Wahl zurückgerufen."
    result = decode_file("de.txt", text.encode())
    assert isinstance(result, Rejection) and result.reason == "not_english"
    assert "German (de)" in result.detail


def test_language_detection_needs_no_download(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = "<html><head><title>T</title></head><body><article><p>{}</p></article></body></html>"
    german = "Der Präsident hat die Wahl gewonnen und seine Gegner kritisiert."
    for text in (german, page.format("The council said on Monday that turnout was high again.")):
        assert isinstance(decode_file("x.html", text.encode()), (RawText, Rejection))


def test_the_ingest_cache_gives_what_decoding_gives_under_each_files_own_name(tmp_path):
    from pathlib import Path

    from pipeline.ingest.documents import parse_text
    from pipeline.publish.tables import IngestCache

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    data = next(p for p in sorted(raw.iterdir()) if p.suffix == ".txt").read_bytes()
    first = IngestCache(tmp_path).decode("a.txt", data, 10**6)
    assert first == decode_file("a.txt", data, 10**6)
    assert len(list(tmp_path.rglob("*.pkl"))) == 1
    reused = IngestCache(tmp_path)  # a later run: read from disk, not decoded again
    assert reused.decode("sub/b.txt", data, 10**6) == decode_file("sub/b.txt", data, 10**6)
    assert reused.parse(first) == parse_text(first.text)
    assert reused.decode("big.txt", data, 10) == decode_file("big.txt", data, 10)
    assert reused.decode("e.txt", b"  ", 10**6) == decode_file("e.txt", b"  ", 10**6)


# the raw folder as a hostile user fills it ------------------------------------------------

STORY = (
    "The harbour authority of Port Elwin said on Monday that the new ferry line would open in "
    "May, after two years of delays and a long dispute over the price of fuel.\n\n"
    "Local traders welcomed the decision and said the line would bring more visitors to town."
)


def _ingest(raw, cache_dir=None):
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.publish.tables import IngestCache, ingest_folder

    cache = IngestCache(cache_dir) if cache_dir else None
    return ingest_folder(raw, 10**6, load_lexicon(), cache)


@pytest.mark.parametrize("cached", [False, True])
def test_an_impossible_header_date_is_a_warning_not_a_failed_ingest(tmp_path, cached):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(f"Published: 0001-01-01T00:00+01:00\n\n{STORY}")
    (raw / "b.txt").write_text(f"Published: May 0000\n\nA second story. {STORY}")
    documents, rejected, warnings = _ingest(raw, tmp_path / "cache" if cached else None)
    assert sorted(documents["source_file"]) == ["a.txt", "b.txt"] and rejected.empty
    assert documents["published_date"].isna().all()
    assert sorted(w["source_file"] for w in warnings) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("cached", [False, True])
def test_an_error_in_header_parsing_rejects_only_that_file(tmp_path, monkeypatch, cached):
    import pipeline.publish.tables

    real = pipeline.publish.tables.parse_text

    def fragile(text):
        if "Harbour" in text:
            raise OverflowError("date value out of range")
        return real(text)

    monkeypatch.setattr(pipeline.publish.tables, "parse_text", fragile)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(STORY)
    (raw / "b.txt").write_text(STORY.replace("harbour", "Harbour"))
    documents, rejected = _ingest(raw, tmp_path / "cache" if cached else None)[:2]
    assert list(documents["source_file"]) == ["a.txt"]
    assert list(rejected["reason"]) == ["failed"] and "OverflowError" in rejected["detail"][0]


def test_a_file_name_that_is_not_utf8_is_read_and_stored_escaped(tmp_path):
    import os

    import pyarrow as pa

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / os.fsdecode(b"caf\xe9.txt")).write_text(STORY)
    documents, rejected = _ingest(raw)[:2]  # once: UnicodeEncodeError when stored
    assert list(documents["source_file"]) == ["caf\\xe9.txt"] and rejected.empty
    pa.array(documents["source_file"])  # storable: valid UTF-8


def _rejections(raw):
    return {r.source_file: r.reason for r in read_raw_folder(raw) if isinstance(r, Rejection)}


def test_links_out_of_the_raw_folder_are_rejected_not_followed(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "private"
    raw.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes on a story. " + STORY)
    (raw / "in.txt").write_text(STORY)
    (raw / "leak.txt").symlink_to(outside / "secret.txt")
    (raw / "folder").symlink_to(outside)
    (raw / "same.txt").symlink_to(raw / "in.txt")  # inside: read, and a duplicate
    results = list(read_raw_folder(raw))
    accepted = [r.source_file for r in results if isinstance(r, RawText)]
    assert accepted == ["in.txt"]
    assert not any("Private notes" in r.text for r in results if isinstance(r, RawText))
    assert _rejections(raw) == {
        "folder": "outside_folder", "leak.txt": "outside_folder", "same.txt": "duplicate"
    }  # fmt: skip


def test_broken_links_and_unreadable_folders_each_get_a_row(tmp_path, monkeypatch):
    import os

    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "locked" / "x.txt").write_text(STORY)
    (raw / "ok.txt").write_text(STORY)
    (raw / "dangling.txt").symlink_to(raw / "gone.txt")
    (raw / "loop_a").symlink_to(raw / "loop_b")
    (raw / "loop_b").symlink_to(raw / "loop_a")
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, for whom chmod 000 hides nothing
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rejected = {r.source_file: r for r in read_raw_folder(raw) if isinstance(r, Rejection)}
    assert {name: r.reason for name, r in rejected.items()} == {
        "dangling.txt": "unreadable", "locked/": "unreadable",
        "loop_a": "unreadable", "loop_b": "unreadable",
    }  # fmt: skip
    assert "loop" in rejected["loop_a"].detail
    assert "does not exist" in rejected["dangling.txt"].detail
    assert "Permission denied" in rejected["locked/"].detail


def test_the_outlet_and_the_agency_are_recorded_apart(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(f"LORVIK (Reuters) - {STORY}")
    (raw / "b.txt").write_text(f"LORVIK (AP) - A second story. {STORY}\n\n© 2025 CNN")
    (raw / "c.txt").write_text(f"A third story. {STORY}")
    documents = _ingest(raw)[0].set_index("source_file")
    assert documents.loc["a.txt", ["outlet_id", "agency_id"]].tolist() == ["reuters", "reuters"]
    assert documents.loc["b.txt", ["outlet_id", "agency_id"]].tolist() == [
        "cnn", "associated-press"
    ]  # fmt: skip
    assert documents.loc["c.txt", ["outlet_id", "agency_id"]].isna().all()


def test_the_ingest_cache_is_keyed_by_the_decoding_libraries_versions(tmp_path, monkeypatch):
    import pipeline.ingest.files
    from pipeline.publish.tables import IngestCache

    before = IngestCache(tmp_path).store
    monkeypatch.setattr(pipeline.ingest.files, "version", lambda name: "0.0.0")
    after = IngestCache(tmp_path).store
    assert before.folder != after.folder
