"""Tests of pipeline.ingest.documents: header facts and clean bodies of raw news texts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pipeline.ingest.documents import parse_text

HERE = Path(__file__).parent
RAW = HERE.parent / "data" / "raw"
GOLD = json.loads((HERE / "gold" / "seeds.json").read_text(encoding="utf-8"))
SEEDS = [pytest.param(entry, id=entry["file"]) for entry in GOLD]

ARTICLE = (
    "The United States called on Venezuela's electoral council to publish detailed results.\n\n"
    "Officials in Washington said the data was needed to judge the vote, and that Nicolás "
    "Maduro's government had not yet answered.\n\n"
    "Brazil, Colombia and Mexico have also asked for the tallies, according to diplomats.\n\n"
    "The opposition says its own count shows Edmundo González won by a wide margin."
)
FIRST = "The United States called on Venezuela's electoral council to publish detailed results."
LAST = "The opposition says its own count shows Edmundo González won by a wide margin."


def _prose_lines(raw: str) -> list[str]:
    """Raw lines that are clearly article prose: long and ending a sentence."""
    lines = [ln.strip() for ln in raw.splitlines()]
    return [ln for ln in lines if len(ln.split()) >= 12 and re.search(r"[.!?”\"]$", ln)]


# seeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", SEEDS)
def test_seed_header(entry: dict) -> None:
    gold = entry["document"]
    parsed = parse_text((RAW / entry["file"]).read_text(encoding="utf-8"))
    assert parsed.title == gold["title"]
    want_date = gold["published_date"]
    assert parsed.published_date == (dt.date.fromisoformat(want_date) if want_date else None)
    assert parsed.date_basis == gold["date_basis"]
    if gold.get("published_at"):
        assert parsed.published_at == dt.datetime.fromisoformat(gold["published_at"])


@pytest.mark.parametrize("entry", SEEDS)
def test_seed_body(entry: dict) -> None:
    raw = (RAW / entry["file"]).read_text(encoding="utf-8")
    body = parse_text(raw).body
    for text in entry["document"]["not_in_body"]:
        assert text not in body
    pars = body.split("\n\n")
    prose = _prose_lines(raw)
    # The first paragraph is the first prose line (minus any header cut from its start) and
    # the last paragraph is the last prose line.
    assert prose[0].endswith(pars[0]) and len(pars[0].split()) >= 12
    assert pars[-1] == prose[-1]
    assert body == body.strip() and "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.split("\n"))


@pytest.mark.parametrize("entry", SEEDS)
def test_seed_body_keeps_gold_evidence(entry: dict) -> None:
    raw = (RAW / entry["file"]).read_text(encoding="utf-8")
    body = parse_text(raw).body
    for event in entry["events"]:
        if event["evidence"] in raw:
            assert event["evidence"] in body


# headers ------------------------------------------------------------------------------------


def test_markdown_title_and_backtick_published_line() -> None:
    text = f"# Maduro declared winner\n\nPublished :`2024-07-30 20:14:48`\n\n---\n\n{ARTICLE}"
    parsed = parse_text(text)
    assert parsed.title == "Maduro declared winner"
    assert parsed.published_at == dt.datetime(2024, 7, 30, 20, 14, 48)
    assert parsed.published_date == dt.date(2024, 7, 30)
    assert parsed.date_precision == "second"
    assert parsed.date_basis == "stated"
    assert parsed.body.startswith(FIRST) and parsed.body.endswith(LAST)


def test_published_line_without_space_before_colon() -> None:
    parsed = parse_text(f"Published:`2024-07-30 20:14`\n\n{ARTICLE}")
    assert parsed.published_at == dt.datetime(2024, 7, 30, 20, 14)
    assert parsed.date_precision == "second"
    assert "Published" not in parsed.body


def test_first_line_headline_before_blank_line() -> None:
    parsed = parse_text(f"Venezuela's opposition rejects official results\n\n{ARTICLE}")
    assert parsed.title == "Venezuela's opposition rejects official results"
    assert parsed.body.startswith(FIRST)


def test_first_line_headline_directly_followed_by_article() -> None:
    parsed = parse_text("US weighs new sanctions on Caracas\n" + ARTICLE)
    assert parsed.title == "US weighs new sanctions on Caracas"
    assert parsed.body.startswith(FIRST)


def test_first_sentence_is_not_a_title() -> None:
    parsed = parse_text(ARTICLE)
    assert parsed.title is None
    assert parsed.body == ARTICLE


def test_date_prefix_running_into_first_sentence() -> None:
    parsed = parse_text(f" date 2024-08-01 {ARTICLE}")
    assert parsed.published_date == dt.date(2024, 8, 1)
    assert parsed.published_at is None
    assert parsed.date_precision == "day"
    assert parsed.body.startswith(FIRST)


def test_prose_starting_with_date_word_is_kept() -> None:
    text = "Date palms grew near the polling station.\n\n" + ARTICLE
    parsed = parse_text(text)
    assert parsed.published_date is None
    assert parsed.body.startswith("Date palms")


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("Published: July 30, 2024", dt.date(2024, 7, 30)),
        ("Published: Jul. 30, 2024", dt.date(2024, 7, 30)),
        ("30 July 2024", dt.date(2024, 7, 30)),
        ("Tuesday, 30th July 2024", dt.date(2024, 7, 30)),
        ("**Date:** 2024/07/30", dt.date(2024, 7, 30)),
    ],
)
def test_day_headers(header: str, day: dt.date) -> None:
    parsed = parse_text(f"{header}\n\n{ARTICLE}")
    assert parsed.published_date == day
    assert parsed.published_at is None
    assert parsed.date_precision == "day"
    assert parsed.body == ARTICLE


def test_month_header() -> None:
    parsed = parse_text(f"Published: August 2024\n\n{ARTICLE}")
    assert parsed.published_date == dt.date(2024, 8, 1)
    assert parsed.date_precision == "month"


def test_updated_line_with_time_zone_is_converted_to_utc() -> None:
    parsed = parse_text(f"Updated 3:45 PM EDT, Tue July 30, 2024\n\n{ARTICLE}")
    assert parsed.published_at == dt.datetime(2024, 7, 30, 19, 45)
    assert parsed.published_date == dt.date(2024, 7, 30)
    assert parsed.date_precision == "second"
    assert parsed.body == ARTICLE


@pytest.mark.parametrize(
    ("stamp", "utc"),
    [
        ("2024-07-30T20:14:48Z", dt.datetime(2024, 7, 30, 20, 14, 48)),
        ("2024-07-30T20:14:48+02:00", dt.datetime(2024, 7, 30, 18, 14, 48)),
        ("2024-07-30T22:30:00-04:00", dt.datetime(2024, 7, 31, 2, 30)),
        ("July 30, 2024 at 8:14 p.m. ET", dt.datetime(2024, 7, 31, 0, 14)),
    ],
)
def test_timestamps_with_time_zone(stamp: str, utc: dt.datetime) -> None:
    parsed = parse_text(f"Published: {stamp}\n\n{ARTICLE}")
    assert parsed.published_at == utc
    assert parsed.published_date == dt.date(2024, 7, 30)  # the day as stated


@pytest.mark.parametrize(
    "header",
    [
        "Published: May 0000",
        "Date: Dec 0000",
        "Published: 0001-01-01T00:00+01:00",
        "By John Smith | 0001-01-01 00:10 CEST",
        "Posted: 0000-00-00",
    ],
)
def test_an_impossible_header_date_is_ignored_with_a_warning(header: str) -> None:
    parsed = parse_text(f"{header}\n\n{ARTICLE}")  # once: ValueError or OverflowError
    assert (parsed.published_date, parsed.published_at, parsed.date_basis) == (None, None, "none")
    assert parsed.body == ARTICLE
    assert len(parsed.warnings) == 1 and "impossible date" in parsed.warnings[0]


def test_an_impossible_utc_offset_keeps_the_day_and_drops_the_time() -> None:
    parsed = parse_text(f"Posted: 2024-07-30T10:00+99:99\n\n{ARTICLE}")  # once: 4 days off
    assert parsed.published_date == dt.date(2024, 7, 30)
    assert (parsed.published_at, parsed.date_precision) == (None, "day")
    assert parsed.warnings and "UTC offset" in parsed.warnings[0]


def test_an_impossible_date_does_not_hide_a_possible_one() -> None:
    parsed = parse_text(f"Published: May 0000\nUpdated: July 31, 2024\n\n{ARTICLE}")
    assert parsed.published_date == dt.date(2024, 7, 31)
    assert parsed.warnings


def test_published_beats_updated() -> None:
    text = f"Updated: August 2, 2024\nPublished: July 30, 2024\n\n{ARTICLE}"
    assert parse_text(text).published_date == dt.date(2024, 7, 30)


def test_prose_with_date_is_not_a_header() -> None:
    text = "Updated figures released on July 30, 2024 show a wider gap.\n\n" + ARTICLE
    parsed = parse_text(text)
    assert parsed.published_date is None
    assert parsed.body.startswith("Updated figures")


def test_no_date() -> None:
    parsed = parse_text(ARTICLE)
    assert (parsed.published_date, parsed.published_at) == (None, None)
    assert (parsed.date_precision, parsed.date_basis) == ("unknown", "none")


def test_bylines() -> None:
    assert parse_text(f"By Jane Doe\n\n{ARTICLE}").body == ARTICLE
    parsed = parse_text(f"Headline about the vote count\n\nBy Jane Doe, Reuters\n\n{ARTICLE}")
    assert parsed.outlet == "Reuters"
    assert parsed.body == ARTICLE
    parsed = parse_text(f"By Jane Doe and John Roe | July 30, 2024\n\n{ARTICLE}")
    assert parsed.outlet is None
    assert parsed.published_date == dt.date(2024, 7, 30)


def test_prose_starting_with_by_is_kept() -> None:
    text = "By Monday, the council had not released results.\n\n" + ARTICLE
    assert parse_text(text).body.startswith("By Monday")


def test_source_and_url_lines() -> None:
    text = f"Source: Reuters\nURL: https://example.com/news/1\n\n{ARTICLE}"
    parsed = parse_text(text)
    assert parsed.outlet == "Reuters"
    assert parsed.url == "https://example.com/news/1"
    assert parsed.body == ARTICLE
    parsed = parse_text(f"{ARTICLE}\n\nSource URL: https://example.com/a?id=2")
    assert parsed.url == "https://example.com/a?id=2"
    assert parsed.body == ARTICLE


# datelines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("CARACAS, Venezuela (AP) — ", "AP"),
        ("CARACAS (Reuters) - ", "Reuters"),
        ("WASHINGTON, July 30 (Reuters) - ", "Reuters"),
        ("BOGOTÁ, Colombia — ", None),
        ("Caracas, Venezuela (AFP) – ", "AFP"),
        ("CARACAS: ", None),
    ],
)
def test_dateline_is_cut_and_its_agency_kept(dateline: str, outlet: str | None) -> None:
    parsed = parse_text(dateline + ARTICLE)
    assert parsed.body == ARTICLE
    assert parsed.agency == outlet


def test_stated_outlet_beats_dateline_agency() -> None:
    parsed = parse_text(f"Source: El Pitazo\n\nCARACAS (AP) — {ARTICLE}")
    assert parsed.outlet == "El Pitazo"


@pytest.mark.parametrize(
    "first", ["NATO — the alliance — had no comment on the vote.", "UN: Venezuela must publish."]
)
def test_sentence_starting_with_acronym_is_not_a_dateline(first: str) -> None:
    assert parse_text(f"{first}\n\n{ARTICLE}").body.startswith(first)


# boilerplate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    [
        "Exit mobile version",
        "Skip to content",
        "Share this:",
        "Advertisement",
        "Subscribe to our newsletter for daily updates",
        "Read more: Maduro claims victory",
        "Related: Opposition calls for protests",
        "Follow us on Twitter",
        "We use cookies to improve your browsing experience. Accept all",
        "---",
        "***",
        "___",
    ],
)
def test_site_chrome_is_removed(chrome: str) -> None:
    pars = ARTICLE.split("\n\n")
    text = "\n\n".join([chrome, pars[0], chrome, *pars[1:], chrome])
    assert parse_text(text).body == ARTICLE


@pytest.mark.parametrize(
    ("caption", "kept"),
    [
        ("Protesters in Bogota (AP Photo/Ivan Valencia, File)", "Protesters in Bogota"),
        ("Police in Caracas (Reuters/Leonardo Fernandez Viloria)", "Police in Caracas"),
        ("Maduro speaks in Caracas. Photo: Jane Doe/AFP", "Maduro speaks in Caracas."),
        ("Voters queue in Maracaibo. Credit: John Roe", "Voters queue in Maracaibo."),
        ("Maduro at a rally. Federico Parra/AFP via Getty Images", "Maduro at a rally."),
        ("Machado waves to supporters | Getty Images", "Machado waves to supporters"),
    ],
)
def test_photo_credits_are_stripped(caption: str, kept: str) -> None:
    pars = ARTICLE.split("\n\n")
    parsed = parse_text("\n\n".join([pars[0], caption, *pars[1:]]))
    assert parsed.body.split("\n\n")[1] == kept


@pytest.mark.parametrize(
    "credit",
    ["Photo: Jane Doe", "photos by Jane Doe", "PHOTO: Jane Doe", "Photograph by Jane Doe",
     "Foto: Jane Doe", "Image: Jane Doe", "Picture: Jane Doe", "Illustration: Jane Doe",
     "video by Jane Doe", "Credit: Jane Doe", "CREDIT: Jane Doe", "Photo credit: Jane Doe",
     "AP Photo/Jane Doe", "Jane Doe/AFP", "Jane Doe / Getty Images"],
)  # fmt: skip
def test_every_credit_word_is_stripped(credit: str) -> None:
    pars = ARTICLE.split("\n\n")
    parsed = parse_text("\n\n".join([pars[0], f"Maduro speaks in Caracas. {credit}", *pars[1:]]))
    assert parsed.body.split("\n\n")[1] == "Maduro speaks in Caracas."


def test_credit_only_lines_are_removed() -> None:
    pars = ARTICLE.split("\n\n")
    text = "\n\n".join([pars[0], "(AP Photo/Matias Delacroix)", "Photo: Reuters", *pars[1:]])
    assert parse_text(text).body == ARTICLE


def test_parenthesis_in_prose_is_kept() -> None:
    text = ARTICLE + "\n\nA poll by Datincorp (a Caracas firm) found similar numbers."
    assert parse_text(text).body.endswith("(a Caracas firm) found similar numbers.")


# reader comments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "comments",
    [
        "3 Comments\n\nThis is a disgrace.\n\nReply",
        "Leave a Reply\n\nYour email address will not be published.",
        "Carlos Perez says:\nJuly 31, 2024 at 3:00 pm\nMaduro must go! 100% fraud.",
        "Comments\n\nanna_k: finally someone says it",
        "Reply",
    ],
)
def test_comment_sections_are_cut(comments: str) -> None:
    assert parse_text(f"{ARTICLE}\n\n{comments}").body == ARTICLE


def test_short_trailing_remark_is_cut() -> None:
    assert parse_text(f"{ARTICLE}\n\nThe pot calling the kettle black.").body == ARTICLE
    assert parse_text(f"{ARTICLE}\nWhat a joke").body == ARTICLE


@pytest.mark.parametrize(
    "last",
    [
        "Maduro has not answered.",
        "González is in hiding.",
        "He declined to comment.",
        "“We will not give up,” she said.",
        "Turnout was 59%.",
        "The talks resume in Mexico on Monday.",
    ],
)
def test_genuine_short_last_paragraph_is_kept(last: str) -> None:
    assert parse_text(f"{ARTICLE}\n\n{last}").body == f"{ARTICLE}\n\n{last}"


def test_comment_word_inside_article_does_not_cut() -> None:
    text = "Comments\n\n" + ARTICLE
    assert parse_text(text).body.endswith(LAST)


# layout -------------------------------------------------------------------------------------


def test_body_normalisation() -> None:
    text = "\r\n\r\n  " + ARTICLE.replace("\n\n", "  \r\n\r\n\r\n") + "   \r\n"
    assert parse_text(text).body == ARTICLE


def test_curly_quotes_are_kept() -> None:
    text = "“We won,” Maduro said on Monday, calling the vote “clean and fair.”"
    assert parse_text(text).body == text


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "The United States called on Venezuela's electoral council to\n"
        "publish detailed results from Sunday's vote, officials in Washington\n"
        "said, adding that Nicolás Maduro's government had not yet answered."
    )
    parsed = parse_text(text)
    assert parsed.title is None
    assert parsed.body == text.replace("\n", " ")


def test_single_newline_paragraphs_are_split() -> None:
    text = ARTICLE.replace("\n\n", "\n")
    assert parse_text(text).body == ARTICLE


def test_dateline_on_short_lines_of_its_own() -> None:
    parsed = parse_text(f"Caracas, Venezuela\nCNN\n —\n\n{ARTICLE}")
    assert parsed.body == ARTICLE
    assert parsed.agency == "CNN"


def test_quote_introduced_by_says_is_not_a_comment() -> None:
    quote = "“The people have spoken and we will defend them.”"
    text = f"{ARTICLE}\n\nPresident Maduro says:\n\n{quote}"
    assert parse_text(text).body == text


def test_source_line_mid_article_is_not_the_outlet() -> None:
    pars = ARTICLE.split("\n\n")
    chart = "Source: National Electoral Council"
    text = "\n\n".join([*pars[:2], chart, *pars[2:], *pars])
    parsed = parse_text(text)
    assert parsed.outlet is None
    assert chart in parsed.body


def test_short_last_paragraph_sharing_a_lead_word_is_kept() -> None:
    text = f"{ARTICLE}\n\nThe electoral council stayed silent."
    assert parse_text(text).body == text


# real sites' date lines, chrome, datelines and sources (issue 8) ---------------------------
# Invented outlets, towns and stories, in the forms real pages print them.

STORY = (
    "The port authority of Lorvik said on Monday that the northern ferry line would reopen in "
    "the spring, after a long dispute with the regional council.\n\n"
    "Council members said the operator had agreed to lower its fares for residents.\n\n"
    "The first crossing is planned for the second week of April, the authority said."
)
STORY_FIRST = STORY.split("\n\n", 1)[0]
HEADLINE = "Lorvik ferry line to reopen in spring"


@pytest.mark.parametrize(
    ("line", "day", "at"),
    [
        ("Updated: 09:15 | 3 March 2025", dt.date(2025, 3, 3), dt.datetime(2025, 3, 3, 9, 15)),
        ("12 Mar, 2025 @ 08:40", dt.date(2025, 3, 12), dt.datetime(2025, 3, 12, 8, 40)),
        ("[March 12, 2025]", dt.date(2025, 3, 12), None),
        ("WORLD | 03-12-2025 16:27", dt.date(2025, 12, 3), dt.datetime(2025, 12, 3, 16, 27)),
        ("BUSINESS · 15.02.2024", dt.date(2024, 2, 15), None),
        ("17/11/2024", dt.date(2024, 11, 17), None),
        ("11/17/2024", dt.date(2024, 11, 17), None),  # cannot be day first
    ],
)
def test_date_lines_as_sites_print_them(line: str, day: dt.date, at: dt.datetime | None) -> None:
    parsed = parse_text(f"{HEADLINE}\n\n{line}\n\n{STORY}")
    assert (parsed.published_date, parsed.published_at) == (day, at)
    assert parsed.title == HEADLINE and parsed.body == STORY


def test_the_pages_current_day_gives_way_to_the_articles_date_line() -> None:
    text = f"Tuesday, June 3, 2025\n\nWORLD | 30-05-2025 16:27\n\n{HEADLINE}\n\n{STORY}"
    parsed = parse_text(text)
    assert parsed.published_date == dt.date(2025, 5, 30)
    assert parsed.title == HEADLINE and parsed.body == STORY


def test_the_pages_current_day_gives_way_to_a_dated_dateline() -> None:
    text = f"Tuesday, June 3, 2025\n\n{HEADLINE}\n\nLORVIK, May 30 (Reuters) - {STORY}"
    parsed = parse_text(text)
    assert (parsed.published_date, parsed.date_precision) == (dt.date(2025, 5, 30), "day")
    assert parsed.body == STORY and parsed.agency == "Reuters"


def test_a_weekday_date_line_alone_is_the_articles_date() -> None:
    parsed = parse_text(f"Tuesday, June 3, 2025\n\n{HEADLINE}\n\n{STORY}")
    assert parsed.published_date == dt.date(2025, 6, 3)


@pytest.mark.parametrize(
    ("dateline", "agency"),
    [
        ("LORVIK, Jan 31 (Reuters) - ", "Reuters"),
        ("NORTHPORT/LORVIK, Jan 31 (Reuters) - ", "Reuters"),
        ("LORVIK, Norland, Nov 17, (AP): ", "AP"),
        ("LORVIK, (Reuters) – ", "Reuters"),
        ("March 16 (UPI) — ", "UPI"),
        ("(Tribune News Service) — ", "Tribune News Service"),
        ("LORVIK, March 3. /TASS/. ", "TASS"),
        ("Lorvik, Norland — ", None),
        ("Lorvik City - ", None),
        ("[BBC] ", "BBC"),
    ],
)
def test_datelines_and_source_tags_are_cut(dateline: str, agency: str | None) -> None:
    parsed = parse_text(f"{HEADLINE}\n\n{dateline}{STORY}")
    assert parsed.body == STORY
    assert parsed.agency == agency


@pytest.mark.parametrize(
    "first",
    [
        "The council — and the operator — had no comment.",
        "President Alma Lorne - Lorvik's mayor since 2019 - welcomed the deal.",
        "[VIDEO] Footage shows the new ferry leaving the harbour.",
    ],
)
def test_prose_that_opens_like_a_dateline_is_kept(first: str) -> None:
    assert parse_text(f"{first}\n\n{STORY}").body.startswith(first)


def test_a_wire_agency_alone_on_a_line_credits_the_copy() -> None:
    parsed = parse_text(f"{HEADLINE}\n\nReuters\n\n{STORY}")
    assert parsed.agency == "Reuters" and parsed.body == STORY


def test_a_closing_source_credit_names_the_agency() -> None:
    parsed = parse_text(f"{STORY}\n\nKL (according to Xinhua)")
    assert parsed.agency == "Xinhua" and parsed.body == STORY


@pytest.mark.parametrize(
    "line",
    [
        "© 2025 The Lorvik Courier. All rights reserved.",
        "Copyright 2024-2025 The Lorvik Courier",
        "Read more on The Lorvik Courier",
    ],
)
def test_a_copyright_or_read_more_line_names_the_outlet(line: str) -> None:
    parsed = parse_text(f"{STORY}\n\n{line}")
    assert parsed.outlet == "The Lorvik Courier" and parsed.body == STORY


def test_page_chrome_is_removed() -> None:
    text = "\n\n".join([
        "Skip to navigation", "Home | News | World | Business | Sport", HEADLINE,
        "By: Staff Writer", "Share on Facebook", STORY, "Image: A ferry in Lorvik harbour.",
        "Most read",
        "Mayor opens new bridge in Northport", "Storm closes schools across the coast",
        "Five things to know about the fishing season",
    ])  # fmt: skip
    parsed = parse_text(text)
    assert parsed.title == HEADLINE
    assert parsed.body == STORY


def test_a_menu_of_single_words_above_the_headline_is_removed() -> None:
    parsed = parse_text(f"News\n\nWorld\n\nEurope\n\n{HEADLINE}\n\n{STORY}")
    assert parsed.title == HEADLINE and parsed.body == STORY


def test_a_wire_editors_note_is_removed() -> None:
    parsed = parse_text(f"{HEADLINE}\n\n(Recasts with council statement)\n\n{STORY}")
    assert parsed.body == STORY


def test_photo_credits_naming_an_agency_or_a_picture_desk() -> None:
    caption = "Ferries wait in Lorvik harbour on Monday"
    for credit in ("(Reuters photo)", "(Port Authority Photo)", "(Photo)"):
        parsed = parse_text(f"{HEADLINE}\n\n{caption} {credit}\n\n{STORY}")
        assert parsed.body == f"{caption}\n\n{STORY}"


def test_a_caption_run_into_the_next_paragraph_is_cut() -> None:
    glued = f"ferrylorvikFerries wait in the harbour (Port Authority Photo){STORY_FIRST}"
    parsed = parse_text(STORY.replace(STORY_FIRST, glued))
    assert parsed.body == STORY


def test_an_image_tag_glued_to_its_caption_is_cut() -> None:
    caption = "Harbour Lorvik NorlandFerries wait in the harbour. (Photo: Port Authority/X)"
    parsed = parse_text(f"{HEADLINE}\n\n{caption}\n\n{STORY}")
    assert parsed.body == f"Ferries wait in the harbour.\n\n{STORY}"


def test_a_repeated_caption_and_an_alt_text_before_it_are_removed() -> None:
    alt = "Ferries wait in Lorvik harbour"
    caption = f"{alt} as the strike enters its third week. (Jane Roe, AFP, Getty Images)"
    parsed = parse_text(f"{alt}\n\n{caption}\n\n{caption}\n\n{STORY}")
    assert parsed.title is None
    assert parsed.body == f"{alt} as the strike enters its third week.\n\n{STORY}"


def test_summary_bullets_are_not_the_title_and_wrapped_lines_are_joined() -> None:
    wrapped = (
        "*\nFerry line to reopen in April\n*\nFares lowered for residents\n"
        "By Jane Roe\n"
        "LORVIK, Jan 31 (Reuters) - The port authority of Lorvik said\n"
        "on Monday that the northern ferry line would reopen in the\n"
        "spring, after a dispute with the council.\n"
        "Council members said the operator had agreed to lower its\n"
        "fares for residents, and that the first crossing was planned\n"
        "for the second week of April.\n"
        "The authority did not give the new prices.\n"
    )
    parsed = parse_text(wrapped)
    assert parsed.title is None and parsed.agency == "Reuters"
    pars = parsed.body.split("\n\n")
    assert pars[:2] == ["* Ferry line to reopen in April", "* Fares lowered for residents"]
    assert pars[2].startswith("The port authority") and pars[2].endswith("with the council.")
    assert pars[3].endswith("second week of April.")
    assert pars[4] == "The authority did not give the new prices."


@pytest.mark.parametrize(
    "last", ["Both sides agreed to meet again.", "The talks were adjourned until Friday."]
)
def test_a_real_closing_sentence_is_kept(last: str) -> None:
    assert parse_text(f"{STORY}\n\n{last}").body == f"{STORY}\n\n{last}"
