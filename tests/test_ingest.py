import codecs

import pytest

from pipeline.ingest import RawFolderError, RawText, Rejection, decode_file, read_raw_folder
from pipeline.language import detect_language


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

    from pipeline.documents import parse_text
    from pipeline.tables import IngestCache

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


def test_the_ingest_cache_is_keyed_by_the_decoding_libraries_versions(tmp_path, monkeypatch):
    import pipeline.ingest
    from pipeline.tables import IngestCache

    before = IngestCache(tmp_path).store
    monkeypatch.setattr(pipeline.ingest, "version", lambda name: "0.0.0")
    after = IngestCache(tmp_path).store
    assert before.folder != after.folder


def test_language_models_released_after_reading_a_folder_load_again(tmp_path):
    from pipeline.language import release_models

    text = "Le gouvernement a rappelé son ambassadeur à Caracas après le scrutin de dimanche."
    (tmp_path / "a.txt").write_text(text)
    (result,) = read_raw_folder(tmp_path)  # releases the models at the end
    assert isinstance(result, Rejection) and "French (fr)" in result.detail
    release_models()
    assert detect_language(text) == "fr"
