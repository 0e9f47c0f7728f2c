"""The HTML news peer suite (`../shared/peer/html-news/`): 60 real English news pages, each with
strings its article keeps and boilerplate it drops. Its pages are third-party material, read
from there and never copied into the project, so this module skips where the folder is absent.

Each page goes through what a build does to a raw file (decoding, article extraction, language
check, header parsing), so `documents.title`/`body` are what is scored, as the suite's own
`score.py` scores a published folder.
"""

import json
import re

import pytest

from pipeline.ingest.documents import parse_text
from pipeline.ingest.files import RawText, read_raw_folder
from tests.conftest import ROOT

SUITE = ROOT.parent / "shared" / "peer" / "html-news"
MIN_PASSING = 44  # of 60; trafilatura's own extract alone passes 46

pytestmark = [
    pytest.mark.slow,  # 60 pages through article extraction and language detection
    pytest.mark.skipif(
        not (SUITE / "cases.json").is_file(),
        reason=f"HTML peer suite not found at {SUITE} "
        "(it lives beside the project in shared/peer/)",
    ),
]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.fixture(scope="module")
def outcomes() -> dict[str, str]:
    """Per page: 'ok', or what went wrong."""
    cases = json.loads((SUITE / "cases.json").read_text())
    docs = {}
    for item in read_raw_folder(SUITE / "pages"):
        if isinstance(item, RawText):
            parsed = parse_text(item.text)
            docs[item.source_file] = (parsed.title, parsed.body)
        else:
            docs[item.source_file] = item.reason
    result = {}
    for case in cases:
        doc = docs.get(case["file"], "missing")
        if isinstance(doc, str):
            result[case["file"]] = f"not published ({doc})"
            continue
        title, body = doc
        text = _norm(f"{title or ''} {body or ''}")
        missing = [w for w in case["with"] if _norm(w) not in text]
        kept = [w for w in case["without"] if _norm(w) in _norm(body)]
        result[case["file"]] = "ok" if not missing and not kept else (
            f"missing {len(missing)}, kept {len(kept)} boilerplate")  # fmt: skip
    return result


def test_most_pages_keep_their_article_and_drop_their_boilerplate(outcomes):
    passed = sum(outcome == "ok" for outcome in outcomes.values())
    failures = {name: outcome for name, outcome in outcomes.items() if outcome != "ok"}
    assert passed >= MIN_PASSING, f"{passed}/{len(outcomes)} pages pass: {failures}"


def test_every_english_page_is_published(outcomes):
    assert not [name for name, outcome in outcomes.items() if outcome.startswith("not published")]
