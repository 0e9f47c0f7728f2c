"""Saved HTML pages become documents: the article's text, title, stated date, URL and outlet,
without menus, footers or reader comments. Every page here is written for the test."""

import datetime as dt

from pipeline.ingest.documents import parse_text
from pipeline.ingest.files import RawText, Rejection, decode_file
from pipeline.ingest.html import extract_article, looks_like_html

STORY = [
    "The electoral council published the tally sheets from every polling station on Monday.",
    "Observers from three regional bodies said the figures matched the copies they had kept.",
    "The opposition said it would study the sheets before deciding whether to accept them.",
]


def _page(body: str, head: str = "<title>Council publishes tally sheets</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _document(html: str, name: str = "page.html"):
    result = decode_file(name, html.encode())
    assert isinstance(result, RawText), result
    return parse_text(result.text)


def _article(*paragraphs: str, title: str = "Council publishes tally sheets") -> str:
    return f"<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


def test_text_in_unclosed_paragraphs_is_kept():
    body = "<article><h1>Council publishes tally sheets</h1>" + "".join(
        f"<p>{p}" for p in STORY
    ) + "</article>"  # fmt: skip
    doc = _document(_page(body))
    assert all(p in doc.body for p in STORY)


def test_a_page_that_opens_with_a_style_or_meta_tag_is_read_as_html():
    for opening in ("<style>body { color: black; }</style>", '<meta charset="utf-8">'):
        html = opening + "\n<div class='story'>" + _article(*STORY) + "</div>"
        assert looks_like_html(html)
        doc = _document(html)
        assert STORY[0] in doc.body and "<" not in doc.body and "color" not in doc.body


def test_article_text_in_line_broken_divs_is_found_and_read_as_english():
    text = "<br><br>".join(STORY)
    sidebar = "<ul>" + "".join(f"<li><a href='/v{i}'>Video clip {i}</a></li>" for i in range(8))
    content = f"<div id='content'><h1>Council publishes tally sheets</h1><div>{text}</div></div>"
    doc = _document(_page(f"{content}<aside>{sidebar}</ul></aside>"))
    assert all(p in doc.body for p in STORY)
    assert "Video clip" not in doc.body


def test_menus_footers_and_reader_comments_are_left_out():
    nav = (
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World news</a></li></ul></nav>"
    )
    comments = (
        "<section id='comments' class='comments'><h3>Comments</h3>"
        "<div class='comment'><p>This is the worst reporting I have read in a long time.</p></div>"
        "<div class='comment'><p>Totally agree with the council, they did their job.</p></div>"
        "</section>"
    )
    footer = "<footer><p>Copyright 2023 Example Media Group. All rights reserved.</p></footer>"
    doc = _document(_page(nav + _article(*STORY) + comments + footer))
    assert all(p in doc.body for p in STORY)
    for boilerplate in ("World news", "worst reporting", "Totally agree", "Copyright"):
        assert boilerplate not in doc.body


def test_the_pages_title_stated_date_url_and_outlet_reach_the_document():
    head = (
        "<title>Council publishes tally sheets | Example Times</title>"
        '<meta property="og:title" content="Council publishes tally sheets">'
        '<meta property="og:site_name" content="Example Times">'
        '<meta property="article:published_time" content="2024-08-05T09:30:00+00:00">'
        '<link rel="canonical" href="https://news.example.org/2024/council-tally">'
    )
    doc = _document(_page(_article(*STORY), head))
    assert doc.title == "Council publishes tally sheets"
    assert doc.published_date == dt.date(2024, 8, 5) and doc.date_basis == "stated"
    assert doc.url == "https://news.example.org/2024/council-tally"
    assert doc.outlet == "Example Times"
    assert doc.body.startswith(STORY[0])  # the headline is the title, not a paragraph


def test_the_site_name_is_cut_from_the_title():
    for separator in ("|", "-", "–"):
        title = f"Council publishes tally sheets {separator} Example Times"
        head = f'<meta property="og:title" content="{title}">'
        head += '<meta property="og:site_name" content="Example Times">'
        doc = _document(_page(_article(*STORY), head))
        assert doc.title == "Council publishes tally sheets"
        assert doc.body.startswith(STORY[0])


def test_the_headline_repeated_under_a_section_label_is_not_a_paragraph():
    article = "<article><a href='/politics'>Politics</a>" + _article(*STORY)[len("<article>") :]
    doc = _document(_page(article))
    assert doc.title == "Council publishes tally sheets"
    assert "Council publishes tally sheets" not in doc.body and STORY[0] in doc.body


def test_a_year_in_the_footer_or_text_is_not_taken_as_the_publication_date():
    footer = "<footer><p>© 2021 Example Media. All rights reserved.</p></footer>"
    doc = _document(
        _page(_article(*STORY, "The count of 12 March 2019 was never audited.") + footer)
    )
    assert doc.published_date is None and doc.date_basis == "none"


def test_a_page_with_only_navigation_is_rejected_as_without_article():
    html = _page("<nav><a href='/'>Home</a></nav><div>Subscribe now</div><div>Log in</div>")
    result = decode_file("nav.html", html.encode())
    assert isinstance(result, Rejection) and result.reason == "html_without_article"
    assert extract_article(html) == ""


def test_prose_that_mentions_a_tag_is_not_taken_for_html():
    assert not looks_like_html("The page used a <p> tag for every line.\n\nIt was plain text.")
    assert not looks_like_html("<3 to everyone who voted.\n\nThe count goes on.")
