"""Article text out of a saved HTML page, with the standard library's parser.

The title comes from the first <h1> (else <title>) and becomes a markdown `# ` line; the body is
the text of <p> elements inside <article> or <main> when the page has one, else of every <p>
outside navigation, headers, footers, asides, forms, scripts and styles.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article)", re.IGNORECASE)
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
         "figure", "button", "iframe"}  # fmt: skip
_CONTAINERS = {"article", "main"}
_BLOCKS = {"p", "h1", "h2", "h3", "li", "blockquote"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"}


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1000]))


def extract_article(html: str) -> str:
    """Markdown-ish article text of a page: `# title`, then paragraphs; empty if none."""
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    paragraphs = parser.paragraphs(inside_container=parser.saw_container)
    if not paragraphs:
        return ""
    title = parser.h1 or parser.title
    head = [f"# {title}"] if title and title != paragraphs[0] else []
    return "\n\n".join(head + paragraphs)


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.blocks: list[tuple[bool, str]] = []  # (inside article/main, text)
        self.current: list[str] | None = None
        self.title = ""
        self.h1 = ""
        self.saw_container = False
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag in _CONTAINERS:
            self.saw_container = True
        if tag == "title":
            self._in_title = True
        elif tag in _BLOCKS and not self._skipping():
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "title":
            self._in_title = False
        elif tag in _BLOCKS and self.current is not None:
            text = " ".join("".join(self.current).split())
            if text and tag == "h1" and not self.h1:
                self.h1 = text
            elif text and tag != "h1":
                self.blocks.append((self._inside_container(), text))
            self.current = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += " ".join(data.split())
        elif self.current is not None and not self._skipping():
            self.current.append(data)

    def _skipping(self) -> bool:
        return any(tag in _SKIP for tag in self.stack)

    def _inside_container(self) -> bool:
        return any(tag in _CONTAINERS for tag in self.stack)

    def paragraphs(self, inside_container: bool) -> list[str]:
        return [text for inside, text in self.blocks if inside or not inside_container]
