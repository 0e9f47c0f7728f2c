"""Article text, title, date and outlet of a saved HTML page, with trafilatura.

The result is text in the form `pipeline/ingest/documents.py` reads any raw text: a `# title` line,
labelled header lines (`URL:`, `Source:`, `Published:`) and the article's paragraphs separated
by blank lines. Menus, footers and reader comments are left out; the date is only what the
page's markup states (meta tags, structured data, <time>, its URL), never guessed from its text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

# A page without an article is a rejection with a reason; trafilatura's own warnings about it
# ("discarding data") would only repeat that on stderr.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# A page starts with markup, possibly after comments or an XML declaration, and names some of
# the elements every page has.
_LEADING_JUNK = re.compile(r"^(?:\s+|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
_PAGE_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|article|main|div|p)\b",
    re.IGNORECASE,
)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—:-]{1,2}\s+")
_SENTENCE_END = re.compile(r"[a-z][.!?…][\"”’')\]]*(?:\s|$)")
MIN_SENTENCE_WORDS = 6
_HEAD_BLOCKS = 3


def looks_like_html(text: str) -> bool:
    """Whether a decoded file is an HTML page (or a fragment of one) rather than prose."""
    head = _LEADING_JUNK.sub("", text[:20_000], count=1)
    return head.startswith("<") and len(_PAGE_TAG.findall(head)) >= 2


def extract_article(html: str) -> str:
    """`# title`, header lines and the article's paragraphs; empty if the page has none."""
    import trafilatura  # here: a quarter second to import, in every process that imports this

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params=_date_params(),
    )
    blocks = [" ".join(line.split()) for line in (doc.text or "").split("\n")] if doc else []
    blocks = [block for block in blocks if block]
    if not any(_is_sentence(block) for block in blocks):
        return ""
    title = _without_site_name(" ".join((doc.title or "").split()), doc.sitename)
    # the headline repeated at the top of the text, maybe under a section label
    blocks = [b for i, b in enumerate(blocks) if i >= _HEAD_BLOCKS or b != title]
    head = [f"# {title}"] if title else []
    head += [f"URL: {doc.url}"] if doc.url and doc.url.startswith(("http://", "https://")) else []
    head += [f"Source: {doc.sitename}"] if doc.sitename else []
    head += [f"Published: {doc.date}"] if doc.date else []
    return "\n\n".join(head + blocks)


def _without_site_name(title: str, site: str | None) -> str:
    """'Council meets | Example Times' -> 'Council meets' when the site is Example Times."""
    parts = _TITLE_SEPARATOR.split(title)
    if site and len(parts) > 1 and parts[-1].casefold() == site.casefold():
        return title[: title.rfind(parts[-1])].rstrip(" |–—:-")
    return title


def _date_params() -> dict:
    """The page's own original publication date, no later than today, no search of the text."""
    today = dt.date.today().isoformat()
    return {"original_date": True, "extensive_search": False, "max_date": today}


def _is_sentence(block: str) -> bool:
    return len(block.split()) >= MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(block))
