import codecs

import pytest

from pipeline.ingest import RawFolderError, RawText, Rejection, decode_file, read_raw_folder


def test_utf8_bom_and_utf16_decode_to_the_same_text():
    text = "Nicolás Maduro said “no”."
    for data in (text.encode(), codecs.BOM_UTF8 + text.encode(), text.encode("utf-16")):
        result = decode_file("a.txt", data)
        assert isinstance(result, RawText) and result.text == text


def test_legacy_windows_text_decodes():
    result = decode_file("a.txt", "Petro’s café".encode("cp1252"))
    assert isinstance(result, RawText) and result.text == "Petro’s café"


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
