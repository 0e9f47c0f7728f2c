"""Arbitrary bytes and text through ingest and normalisation: a document or a rejection,
never an exception."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.documents import parse_text
from pipeline.ingest.files import RawText, Rejection, decode_file, repair_mojibake
from pipeline.ingest.html import extract_article
from pipeline.ingest.language import detect_language

pytestmark = pytest.mark.slow  # hundreds of generated inputs per test

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
# Text with the characters news texts and scrapes actually contain, and then some.
_PIECES = list(
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:!?'\"()#-*_`\n\t0123456789"
)
_PIECES += [
    "’",
    "“",
    "”",
    "–",
    "—",
    "é",
    "ñ",
    "Ã",
    "©",
    "\u00a0",
    "\x00",
    "\ufeff",
    "<p>",
    "</p>",
    "<html>",
    "Published :",
    "date 2024-08-01 ",
    "By ",
    "(AP Photo/X)",
    "---",
    "Exit mobile version",
    "# ",
    "2024-07-30 20:14:48",
    "Reply",
    "CARACAS (AP) — ",
]
texty = st.lists(st.sampled_from(_PIECES), max_size=400).map("".join) | st.text(max_size=500)


@SETTINGS
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_document_or_a_rejection(data):
    result = decode_file("x.txt", data)
    assert isinstance(result, (RawText, Rejection))
    if isinstance(result, RawText):
        assert result.text.strip() and "\x00" not in result.text
    else:
        assert result.reason and result.detail


@SETTINGS
@given(texty)
def test_any_text_encoded_any_way_gives_a_document_or_a_rejection(text):
    for encoding in ("utf-8", "utf-16", "utf-8-sig"):
        assert isinstance(decode_file("x.txt", text.encode(encoding)), (RawText, Rejection))


@SETTINGS
@given(texty)
def test_any_text_parses_into_a_trimmed_body_and_consistent_dates(text):
    parsed = parse_text(text)
    assert isinstance(parsed.body, str)
    assert parsed.body == parsed.body.strip()
    assert parsed.date_basis in ("stated", "none")
    assert (parsed.published_date is None) == (parsed.date_basis == "none")


@SETTINGS
@given(texty)
def test_the_helpers_never_raise(text):
    assert isinstance(repair_mojibake(text), str)
    language = detect_language(text)
    assert language is None or (len(language) == 2 and language.isalpha() and language.islower())
    assert isinstance(extract_article(f"<html><body>{text}</body></html>"), str)
