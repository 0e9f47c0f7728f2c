"""Numeric figures: the number, what it counts, who it is about and who states it.

Candidates are runs of number-like tokens (digits, spelled numbers, fractions, vague counts such
as "thousands of"). Dates, clock times, ordinals, durations, compound adjectives ("15-nation")
and numbers inside names are dropped, and so are lines of headlines of other stories. The unit
comes from the noun the number modifies (or its ``of`` object); counts of people are unit
``person`` whatever the noun. The subject comes from the syntax around the figure, the claimant
from the speaker of the reported speech, an "according to" source or a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc, Span, Token

from pipeline.common.ids import fold
from pipeline.common.records import Citation, Figure, Mention
from pipeline.common.vocabulary import (
    ANYONE_NOUNS,
    DEPLOY_VERBS,
    FORCE_NOUNS,
    MONTHS,
    NUMBER_WORDS,
    PERSON_EVENT_NOUNS,
    PERSON_NOUNS,
    PROTEST_NOUNS,
    PROTESTER_NOUNS,
    REPORTING_VERBS,
)
from pipeline.extract.countries import demonym_country as _demonym
from pipeline.extract.doctext import text_of
from pipeline.extract.lexicon import Lexicon

# Hand-parsed: text2num reads only whole spelled cardinals (not "a dozen", "two-thirds",
# "dozens", "5.1 million") and quantulum3 misreads news forms ("$25m", "10.5m", "half a
# million") at 40-90 times the time; measured on seeds, dev set and tests, both score lower.
UNITS = NUMBER_WORDS
SCALES = {
    "dozen": 12, "hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9,
    "trillion": 10**12, "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9,
    "b": 10**9, "tn": 10**12,
}
ABBREVIATED_SCALES = {"k", "m", "mn", "mln", "bn", "b", "tn"}
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}
# Vague counts give their lower bound: a plural of a counting word is at least two of it
# ("dozens" >= 24), a plural scale word at least the scale ("hundreds" >= 100, as
# "thousands of dissidents" >= 1,000 in the contract).
VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "tens": 10,
}
# "a few dozen", "several thousand", "a couple of hundred": the least each word can mean.
FEW = {"few": 3, "several": 3, "couple": 2}
A_NUMBERS = {"dozen", "hundred", "thousand", "million", "billion", "trillion"}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "r$": "BRL", "bs": "VES"}
CURRENCY_WORDS = {
    "dollar": "USD", "usd": "USD", "euro": "EUR", "eur": "EUR", "bolívar": "VES",
    "bolivar": "VES", "bolivare": "VES", "bolívare": "VES", "bolivares": "VES",
    "bolívares": "VES", "ves": "VES", "sterling": "GBP", "yuan": "CNY", "rouble": "RUB",
    "ruble": "RUB",
}
PERCENT_WORDS = {"%", "percent", "pct"}
# A count over nouns of one class ("400 rifles and pistols") takes the class as its unit.
WEAPON_NOUNS = {
    "weapon", "rifle", "pistol", "gun", "handgun", "shotgun", "firearm", "revolver",
    "grenade", "launcher", "machine gun",
}
# Nouns that make the number a duration or a multiplier, not a figure.
NOT_COUNTED = {
    "year", "month", "week", "day", "hour", "minute", "decade", "century", "fold",
    "percentile", "am", "pm", "o'clock",
}
# Words after a number that make it a clock time ("1300 GMT", "10.00 a.m.").
CLOCK_WORDS = {
    "am", "pm", "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet",
    "cest", "bst", "hrs", "o'clock",
}
# Nouns that a number gives the size of: 'the number of arrests rose to 300'.
COUNT_NOUNS = {"number", "toll", "count", "tally", "total"}
# Groups of people counted by an 'of' phrase: 'a crowd of several thousand'.
GATHERINGS = {
    "crowd", "group", "delegation", "team", "force", "contingent", "army", "mob", "gathering",
    "march", "rally", "caravan", "protest", "demonstration", "workforce", "staff",
}
# Verbs after which a bare number is a share of votes ("X received 4,210").
VOTE_VERBS = {"receive", "get", "obtain", "garner", "win", "poll", "take", "secure", "collect"}
# What a candidate claims when claiming to have won ('claimed victory with 67%').
WIN_NOUNS = {"victory", "win", "triumph", "lead", "majority"}
VOTE_WORDS = {"vote", "ballot", "election", "poll", "voter", "referendum", "runoff", "primary"}
# Prepositions that set the scene of a speech, not its content.
SCENE_PREPOSITIONS = {
    "at", "in", "during", "after", "before", "since", "until", "outside", "inside", "near",
    "among", "amid", "from", "throughout", "while",
}
# Sums that are set on someone ('a bounty on X', 'a reward for X').
VALUE_NOUNS = {"bounty", "reward", "prize", "ransom", "fine", "bail"}
# Official acts that list what they count: their issuer states the figure.
OFFICIAL_ACTS = {"sanction", "designate", "designation", "blacklist", "indict", "indictment"}
# Participles that tie what is counted to an actor ("30 tons of cocaine linked to X").
RELATION_VERBS = {"link", "tie", "belong", "attribute", "connect", "associate", "own", "relate"}
QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "past": "more_than", "above": "more_than",
    "exceeding": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "just over": "more_than", "well over": "more_than", "beyond": "more_than",
    "little more than": "more_than", "fewer than": "less_than", "less than": "less_than",
    "under": "less_than", "below": "less_than", "nearly": "less_than", "almost": "less_than",
    "just under": "less_than", "just below": "less_than", "short of": "less_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "at most": "at_most", "up to": "at_most",
    "no more than": "at_most", "as many as": "at_most", "a maximum of": "at_most",
    "about": "approximately", "around": "approximately", "roughly": "approximately",
    "some": "approximately", "approximately": "approximately", "an estimated": "approximately",
    "estimated": "approximately", "approx.": "approximately", "circa": "approximately",
    "close to": "approximately", "~": "approximately", "between": "at_least",
}
QUOTES = {'"', "“", "”"}
JOINERS = {"to", "and", "-", "–", "or", "in"}
CONTRAST_HEADS = {"versus", "vs", "vs.", "against", "than"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
             "NORP", "LANGUAGE"}
SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
ID_MARKERS = {
    "no", "no.", "number", "#", "id", "code", "nr", "nº", "page", "chapter", "article",
    "section", "paragraph", "clause", "line", "room", "flight", "route", "item", "resolution",
    "part", "title", "order", "decree", "law", "act", "bill",
}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
_DIGITS = re.compile(r"^(\d[\d,]*(?:\.\d+)?|\.\d+)([a-z]*)$")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$|^(first|second|third|fourth|fifth|sixth|seventh|"
                      r"eighth|ninth|tenth|eleventh|twelfth|twentieth|hundredth)$")
_YEAR = re.compile(r"^(19|20)\d\d$|^2100$")
_PEOPLE = PERSON_NOUNS | PERSON_EVENT_NOUNS
_QUOTATION = re.compile(r"“[^“”]*?(?:”|(?=\n\n))|\"[^\"]*?(?:\"|(?=\n\n))")
# An embedded post signed "— Name (@handle) date", as news pages print tweets.
_SIGNATURE = re.compile(r"[—–]\s*([^—–()\n]{2,80}?)\s*\(@\w+\)")
_FINAL_PUNCTUATION = re.compile(r"[.!?:;\"”’)\]…]\s*$")


@dataclass
class _Candidate:
    start: int  # first token of the words that state the figure (qualifier included)
    end: int  # token after the figure's text
    root: Token
    value: float
    unit: str | None
    qualifier: str
    counted: Token | None  # the noun that says what is counted


def parse_number(text: str) -> tuple[float, str | None] | None:
    """Parse a number phrase; return (value, unit hint) or None when it is not a number."""
    text = " ".join(text.lower().replace("–", "-").split()).removesuffix(".")
    hint = None
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if text.startswith(symbol) and text[len(symbol):].lstrip()[:1].isdigit():
            hint, text = CURRENCY_SYMBOLS[symbol], text[len(symbol):].strip()
            break
    for marker in ("%", " percent", " per cent", " pct", "percent"):
        if text.endswith(marker):
            hint, text = "percent", text[: -len(marker)].strip()
            break
    scaled = _parse_scaled_fraction(text)
    if scaled is not None:
        return scaled, hint
    fraction = _parse_fraction(text)
    if fraction is not None:
        return fraction, "fraction"
    value = _parse_vague(text)
    if value is None:
        value = _parse_amount(text)
    return None if value is None else (value, hint)


def _parse_fraction(text: str) -> float | None:
    value = _fraction_value(text.replace("-", " ").split())
    return None if value is None else round(value, 4)


def _fraction_value(words: list[str]) -> float | None:
    """'half', 'a third', 'two thirds', 'three quarters'."""
    if not words or words[-1] not in FRACTIONS:
        return None
    denominator = FRACTIONS[words[-1]]
    numerator = _parse_amount(" ".join(words[:-1])) if len(words) > 1 else 1.0
    if numerator is None or (len(words) == 1 and words[0] != "half"):
        return None
    return numerator / denominator


def _parse_scaled_fraction(text: str) -> float | None:
    """A fraction of a scale word: 'a quarter of a million', 'half a billion', 'two-thirds
    of a million', 'one and a half million'."""
    words = text.replace("-", " ").split()
    if len(words) < 2 or words[-1] not in A_NUMBERS or words[-1] == "dozen":
        return None
    scale, words = SCALES[words[-1]], words[:-1]
    if words[-1] in ("a", "an", "one"):
        words = words[:-1]
    if words and words[-1] == "of":
        words = words[:-1]
    if len(words) >= 4 and words[-3:] == ["and", "a", "half"]:
        whole = _parse_amount(" ".join(words[:-3]))
        return None if whole is None else (whole + 0.5) * scale
    fraction = _fraction_value(words)
    return None if fraction is None else round(fraction * scale, 2)


def _parse_vague(text: str) -> float | None:
    """'thousands', 'tens of thousands', 'a few dozen', 'several hundred'."""
    words = [w for w in text.split() if w not in ("of", "a")]
    if len(words) == 2 and words[0] in FEW and words[1] in A_NUMBERS:
        return float(FEW[words[0]] * SCALES[words[1]])
    if not words or any(w not in VAGUE for w in words):
        return None
    value = 1.0
    for word in words:
        value *= VAGUE[word]
    return value


def _parse_amount(text: str) -> float | None:
    """Digits or spelled numbers with scale words: '5.1 million', 'two hundred', '3bn'."""
    total, current, seen = Decimal(0), Decimal(0), False  # Decimal: 8.3 billion is exact
    for word in text.replace("-", " ").split():
        digits = _DIGITS.match(word)
        if digits and digits.group(2) in ("", *ABBREVIATED_SCALES):
            current += Decimal(digits.group(1).replace(",", ""))
            current *= SCALES.get(digits.group(2), 1)
        elif word in UNITS and not (word in ("a", "an") and seen):
            current += UNITS[word]
        elif word in SCALES and seen:
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, Decimal(0)
        elif word != "and" or not seen:
            return None
        seen = True
    return float(total + current) if seen else None


def _is_number_token(token: Token) -> bool:
    text = token.lower_
    digits = _DIGITS.match(text)
    if digits and digits.group(2) in ABBREVIATED_SCALES:
        return True  # '3bn': the tagger often calls it an ordinal
    if token.ent_type_ in SKIP_ENTS or _ORDINAL.match(text):
        return False
    if digits:
        return digits.group(2) == ""
    return text in UNITS and text not in ("a", "an") or (text in SCALES and len(text) > 2)


def _is_fraction_word(token: Token) -> bool:
    """'half', or 'third(s)'/'quarter(s)' after 'a', 'one', 'two', ... ('a third of voters')."""
    if token.lower_ not in FRACTIONS or token.ent_type_ in ("DATE", "TIME"):
        return False
    if token.lower_ in ("half", "halves"):
        return True
    following = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    if token.pos_ != "NOUN" and following != "of":
        return False  # 'a third term'
    before = token.nbor(-1) if token.i > token.sent.start else None
    if before is not None and before.text == "-" and token.i - 2 >= token.sent.start:
        before = token.nbor(-2)
    return before is not None and (before.lower_ in UNITS or bool(_DIGITS.match(before.text)))


def _number_runs(sent: Span) -> list[tuple[int, int, int | None]]:
    """Token ranges [start, end) that spell one number, with its currency sign or percent;
    the third item is the joining word of a range ('2 to 3 million'), else None."""
    runs: list[tuple[int, int, int | None]] = []
    i, doc = sent.start, sent.doc
    while i < sent.end:
        end = _run_end(doc, i, sent.end)
        if end == i:
            i += 1
            continue
        after = end + _joiner_size(doc, end, sent.end)
        more = _run_end(doc, after, sent.end) if end < after < sent.end else after
        if more > after and _parse_joined(doc, i, more, end) is not None:
            runs.append((i, more, end))
            i = more
        else:
            runs.append((i, end, None))
            i = end
    return runs


def _joiner_size(doc: Doc, i: int, limit: int) -> int:
    """Words joining two numbers into a range ('to', '-') or a ratio ('in', 'out of')."""
    if i >= limit:
        return 0
    if doc[i].lower_ == "out" and i + 1 < limit and doc[i + 1].lower_ == "of":
        return 2
    return 1 if doc[i].lower_ in JOINERS else 0


def _parse_joined(doc: Doc, start: int, end: int, joint: int) -> tuple[float, str | None] | None:
    """A range gives its low end, with the high end's scale and sign ('2 to 3 million',
    'between 5 and 10%'); a ratio gives a fraction ('one in five'). A 'range' that falls
    ('309 to 201') is a tally of two figures, not a range."""
    word = doc[joint].lower_
    if word == "and" and (start == 0 or doc[start - 1].lower_ != "between"):
        return None
    low = parse_number(_run_text(doc, start, joint))
    high = parse_number(_run_text(doc, joint + _joiner_size(doc, joint, end), end))
    if low is None or high is None or low[1] == "fraction" or high[1] == "fraction":
        return None
    if word in ("in", "out"):
        ok = high[1] is None and 0 < low[0] < high[0]
        return (round(low[0] / high[0], 4), "fraction") if ok else None
    scale = doc[end - 1].lower_
    scaled = scale in SCALES and not any(t.lower_ in SCALES for t in doc[start:joint])
    value = float(Decimal(str(low[0])) * (SCALES[scale] if scaled else 1))
    return (value, low[1] or high[1]) if value <= high[0] else None


# The words a number run can start with (see the branches of _run_end); a token that is none
# of them and has no digits starts none, which spares the checks for most tokens.
_RUN_STARTS = {"a", "an", "one", *UNITS, *FRACTIONS, *FEW, *VAGUE, *CURRENCY_SYMBOLS, *SCALES}


def _run_end(doc: Doc, i: int, limit: int) -> int:
    """End of the number run starting at token i, or i when no run starts there."""
    token = doc[i]
    start = i
    lower = token.lower_
    if lower not in _RUN_STARTS and not _DIGITS.match(lower) and not _DIGITS.match(token.text):
        return i
    special = _scaled_fraction_end(doc, i, limit) or _few_end(doc, i, limit)
    if special:
        return special
    if _vague_start(doc, i, limit):
        return _vague_end(doc, i, limit)
    if token.lower_ in ("a", "one") and i + 1 < limit and _is_fraction_word(doc[i + 1]):
        return i + 2
    if i + 1 < limit and _is_prefix(token, doc[i + 1]):
        i += 1
    if not (_is_number_token(doc[i]) or _is_fraction_word(doc[i])):
        return start
    i += 1
    while i < limit:
        nxt = doc[i]
        if nxt.text == "-" and i + 1 < limit and _continues_number(doc[i + 1]):
            i += 2
        elif _continues_number(nxt) or nxt.lower_ in PERCENT_WORDS:
            i += 1
        elif nxt.lower_ == "per" and i + 1 < limit and doc[i + 1].lower_ == "cent":
            i += 2
        else:
            break
    return i


def _scaled_fraction_end(doc: Doc, i: int, limit: int) -> int:
    """End of 'a quarter of a million', 'half a billion', 'two-thirds of a million', 'one
    and a half million' starting at i, else 0 (the tagger often calls these dates)."""
    j = i
    if doc[j].lower_ in ("a", "an", "one") or _DIGITS.match(doc[j].text) or (
        doc[j].lower_ in UNITS and doc[j].lower_ not in FRACTIONS
    ):
        if j + 3 < limit and [t.lower_ for t in doc[j + 1:j + 4]] == ["and", "a", "half"]:
            j += 4
            return j + 1 if j < limit and doc[j].lower_ in A_NUMBERS - {"dozen"} else 0
        j += 1
        if j + 1 < limit and doc[j].text == "-":
            j += 1
    if j >= limit or doc[j].lower_ not in FRACTIONS:
        return 0
    if doc[j].lower_ not in ("half", "halves") and j == i:
        return 0  # 'quarter of a million' needs its 'a' or numerator
    j += 1
    if j < limit and doc[j].lower_ == "of":
        j += 1
    if j < limit and doc[j].lower_ in ("a", "an", "one"):
        j += 1
    return j + 1 if j < limit and doc[j].lower_ in A_NUMBERS - {"dozen"} else 0


def _few_end(doc: Doc, i: int, limit: int) -> int:
    """End of 'a few dozen', 'several hundred', 'a couple of thousand' starting at i, else 0."""
    j = i + 1 if doc[i].lower_ == "a" else i
    if j >= limit or doc[j].lower_ not in FEW or (doc[j].lower_ != "several" and j == i):
        return 0
    j += 1
    if j < limit and doc[j].lower_ == "of":
        j += 1
    return j + 1 if j < limit and doc[j].lower_ in A_NUMBERS else 0


def _is_prefix(token: Token, nxt: Token) -> bool:
    """A currency sign before digits ('$ 1.5'), or 'a' before 'dozen', 'million' ..."""
    if token.lower_ in CURRENCY_SYMBOLS:
        return _is_number_token(nxt)
    return token.lower_ in ("a", "an") and nxt.lower_ in A_NUMBERS


def _continues_number(token: Token) -> bool:
    text = token.lower_
    if text.rstrip(".") in ABBREVIATED_SCALES:  # 'm.' ends a sentence: '... at $2m.'
        text = text.rstrip(".")
        # '$40 m': a bare letter is a scale only after a currency sign and digits, or glued
        # to the digits ('10.5m', split by the tokenizer)
        before = token.doc[max(token.i - 2, 0)].lower_
        glued = not token.doc[token.i - 1].whitespace_
        return len(text) > 1 or before in CURRENCY_SYMBOLS or glued
    return (_is_number_token(token) and not _DIGITS.match(text)) or text in FRACTIONS


def _vague_start(doc: Doc, i: int, limit: int) -> bool:
    """'thousands of', 'tens of thousands of', 'dozens of' ...; or 'thousands' standing for
    people as a subject ('Thousands fled')."""
    if doc[i].lower_ not in VAGUE:
        return False
    if i + 1 < limit and doc[i + 1].lower_ == "of":
        return True
    return doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].lower_ not in ("millions", "billions")


def _vague_end(doc: Doc, i: int, limit: int) -> int:
    end = i + 1
    while end + 1 < limit and doc[end].lower_ == "of" and doc[end + 1].lower_ in VAGUE:
        end += 2
    return end


def _run_root(doc: Doc, start: int, end: int) -> Token:
    """The token of the run whose head lies outside it (the run's syntactic head)."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head == token:
            return token
    return doc[end - 1]


def _excluded(doc: Doc, start: int, end: int, root: Token) -> bool:
    """Dates, years, clock times, names ('Group of 20', 'Article 233'), IDs, compound
    adjectives ('15-nation'), the pronoun 'one'."""
    tokens = doc[start:end]
    if any(t.ent_type_ in NAME_ENTS for t in tokens):
        return True
    if tokens.text.lower() == "one":
        return True
    if len(tokens) == 1 and _YEAR.match(tokens.text) and not _counts_plural_noun(root):
        return True
    return (
        _glued(doc, start, end)
        or _after_name(doc, start, root) and not _gapped_amount(doc, start, end, root)
        or _in_title(doc, start)
        or _is_date(doc, start, end)
        or _is_clock(doc, start, end)
        or _compound_adjective(doc, end)
    )


def _is_date(doc: Doc, start: int, end: int) -> bool:
    """A day next to a month name: '13 February', 'Feb. 13'."""
    if not _DIGITS.match(doc[start].text) or end - start != 1:
        return False
    neighbours = [doc[i] for i in (start - 1, end) if 0 <= i < len(doc)]
    if start >= 2 and doc[start - 1].text == ".":
        neighbours.append(doc[start - 2])
    return any(_is_month(t) for t in neighbours)


def _is_month(token: Token) -> bool:
    return token.text[:1].isupper() and token.lower_.rstrip(".") in MONTHS


def _is_clock(doc: Doc, start: int, end: int) -> bool:
    """'1300 GMT', '10.00 a.m.', '8:00'."""
    if any(":" in t.text for t in doc[start:end]):
        return True
    after = doc[end] if end < len(doc) else None
    return after is not None and after.lower_.replace(".", "") in CLOCK_WORDS


def _compound_adjective(doc: Doc, end: int) -> bool:
    """A number hyphenated to a noun that modifies another noun: 'the 15-nation bloc', 'a
    five-question ballot'; not an amount ('a $50-million fund') or a share ('a 20-percent
    stake') or the size of a group ('a 5,000-strong crowd')."""
    if end + 2 >= len(doc) or doc[end].text not in ("-", "–") or doc[end - 1].whitespace_:
        return False
    word, following = doc[end + 1], doc[end + 2]
    if word.lower_ in SCALES or word.lower_ in PERCENT_WORDS or word.lower_ == "strong":
        return False
    return word.tag_ in ("NN", "NNP") and following.pos_ in ("NOUN", "PROPN", "ADJ")


def _in_title(doc: Doc, start: int) -> bool:
    """Inside a short quoted title: 'the report "Venezuela 2030: 10 Years Lost"'."""
    sent = doc[start].sent
    quotes = [t.i for t in sent if t.text in QUOTES]
    opening = [i for i in quotes if i < start]
    closing = [i for i in quotes if i > start]
    if len(opening) % 2 == 0 or not closing:
        return False
    inside = [t for t in doc[opening[-1] + 1:closing[0]] if t.is_alpha and len(t) > 3]
    return len(inside) <= 8 and all(t.text[:1].isupper() for t in inside)


def _glued(doc: Doc, start: int, end: int) -> bool:
    """Digits written together with letters are a name or a code: '5G', 'G 7' split by the
    tokenizer from 'G7'."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.is_alpha and not before.whitespace_:
        return True
    if after is not None and after.lower_ in ABBREVIATED_SCALES:
        return False  # '10.5m' is glued to its scale, not a code
    return after is not None and after.is_alpha and not doc[end - 1].whitespace_


def _counts_plural_noun(root: Token) -> bool:
    return root.dep_ == "nummod" and root.head.tag_ in ("NNS", "NNPS")


def _after_name(doc: Doc, start: int, root: Token) -> bool:
    """A number right after a title-case name or an ID marker: 'Article 233', 'Group of 20'."""
    prev = start - 1
    if prev >= 0 and doc[prev].lower_ in ("of", "-", "."):
        prev -= 1
    if prev < 0 or prev < root.sent.start:
        return False
    before = doc[prev]
    if before.lower_ in ID_MARKERS and doc[prev + 1].lower_ != "of":
        return True
    attached = root.head == before or (root.head.head == before and root.dep_ == "pobj")
    named = before.pos_ == "PROPN" and before.text[:1].isupper()
    return attached and named and not _DIGITS.match(before.text)


def _gapped_amount(doc: Doc, start: int, end: int, root: Token) -> bool:
    """'X had 3.1 million votes and Y 2.9 million', 'X won 52% and Y 44%': an amount after
    a name whose verb the sentence left out, not a number that is part of a name."""
    amount = any(t.lower_ in SCALES or t.lower_ in PERCENT_WORDS for t in doc[start:end])
    before = doc[start - 1] if start > root.sent.start else None
    coordinated = before is not None and before.dep_ in ("conj", "npadvmod", "appos")
    return amount and coordinated and root.head == before


def _gapped_subject(root: Token, res: _Resolver) -> str | None:
    """The name an amount stands after when the verb is left out ('and Y 2.9 million')."""
    head = root.head
    if root.dep_ not in ("nummod", "appos") or head.pos_ != "PROPN" or head.i > root.i:
        return None
    return res.covering(head)


def _qualifier(doc: Doc, start: int, sent_start: int) -> tuple[str, int]:
    """The qualifier words right before a number, and where they start."""
    for size in (3, 2, 1):
        if start - size < sent_start:
            continue
        words = " ".join(t.lower_ for t in doc[start - size:start])
        if words == "past" and start - 2 >= sent_start and doc[start - 2].dep_ in ("det", "poss"):
            continue  # 'its past two victories': 'past' means earlier
        if words in QUALIFIERS:
            return QUALIFIERS[words], start - size
    return "exact", start


def _counted_noun(root: Token, end: int) -> Token | None:
    """The noun the number counts: its head ('5 million votes') or its 'of' object; not a
    noun that another number stands before ('$40m and 3bn euros'), nor a name when a common
    noun follows it ('seven Canadian Navy ships')."""
    doc = root.doc
    head = root.head
    modifies = root.dep_ in ("nummod", "quantmod", "compound", "amod") and head.i >= end
    modifies = modifies and not any(_is_number_token(t) for t in doc[end:head.i])
    if modifies and head.pos_ in ("NOUN", "PROPN"):
        if head.ent_type_ in NAME_ENTS and head.pos_ == "PROPN":
            return _noun_after_name(head) or head
        return head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    if doc[end - 1].lower_ in SCALES:
        return _noun_after_amount(doc, end)  # '10.5m votes', '$25m (£20m) reward': misparsed
    return None


def _noun_after_amount(doc: Doc, i: int) -> Token | None:
    """The noun right after an amount, past a restatement in parentheses or its end."""
    if i < len(doc) and doc[i].text == "(":
        close = next((t.i for t in doc[i:i + 8] if t.text == ")"), None)
        i = close + 1 if close is not None else i
    elif i < len(doc) and doc[i].text == ")":
        i += 1
    return doc[i] if i < len(doc) and doc[i].pos_ == "NOUN" else None


def _noun_after_name(name: Token) -> Token | None:
    """The common noun right after a name that modifies it: 'United States warships'."""
    i = name.i + 1
    doc = name.doc
    while i < len(doc) and doc[i].ent_iob_ == "I":
        i += 1
    return doc[i] if i < len(doc) and doc[i].pos_ == "NOUN" else None


def _unit_of_noun(noun: Token, demonyms: dict[str, str]) -> str:
    lemma = fold(noun.lemma_)
    text = fold(noun.text)
    if lemma in CURRENCY_WORDS or text in CURRENCY_WORDS:
        return CURRENCY_WORDS.get(lemma) or CURRENCY_WORDS[text]
    if _is_person_noun(noun, demonyms):
        return "person"
    words = [lemma]
    left = noun.i - 1
    while left >= 0 and noun.doc[left].head == noun and noun.doc[left].dep_ == "compound":
        if noun.doc[left].pos_ != "NOUN" or noun.doc[left].lower_ in SCALES:
            break
        words.insert(0, noun.doc[left].lower_)
        left -= 1
    return " ".join(words)


def _is_person_noun(noun: Token, demonyms: dict[str, str]) -> bool:
    """Whether the noun names people: 'aides', 'monitors', 'Venezuelans', 'deaths',
    'opposition figures'."""
    lemma, text = fold(noun.lemma_), fold(noun.text)
    if _demonym(noun, demonyms) or {lemma, text} & _PEOPLE:
        return True
    modified = any(c.dep_ in ("compound", "amod") for c in noun.children)
    return lemma == "figure" and modified  # 'opposition figures', not 'six figures'


def _class_unit(units: list[str]) -> str | None:
    """The unit shared by coordinated nouns: 'rifles and pistols' -> 'weapon'."""
    if all(u == "person" for u in units):
        return "person"
    if all(u in WEAPON_NOUNS for u in units):
        return "weapon"
    return None


def _demonym_country(noun: Token, demonyms: dict[str, str]) -> str | None:
    """'Venezuelans' -> the id of Venezuela; also 'Venezuelan migrants'."""
    for token in (noun, *[c for c in noun.children if c.dep_ in ("amod", "compound")]):
        if _demonym(token, demonyms):
            return _demonym(token, demonyms)
    return None


def _candidate(doc: Doc, start: int, end: int, joint: int | None,
               demonyms: dict[str, str]) -> _Candidate | None:
    root = _run_root(doc, start, end)
    if _excluded(doc, start, end, root):
        return None
    if joint is None:
        parsed = parse_number(_run_text(doc, start, end))
    else:
        parsed = _parse_joined(doc, start, end, joint)
    if parsed is None:
        return None
    value, unit = parsed
    qualifier, text_start = _qualifier(doc, start, root.sent.start)
    is_range = joint is not None and unit != "fraction"
    vague = doc[start].lower_ in VAGUE or _few_end(doc, start, end)
    if (vague or is_range) and qualifier == "exact":
        qualifier = "at_least"  # vague counts and ranges give their lower bound
    counted = _counted_noun(root, end)
    if counted is None and joint is not None:
        counted = _counted_noun(_run_root(doc, joint + _joiner_size(doc, joint, end), end), end)
    if counted is not None and fold(counted.lemma_) in NOT_COUNTED:
        return None
    if _is_multiplier(doc, end) or _labels(counted):
        return None
    adjacent = counted is not None and not any(t.is_punct for t in doc[end:counted.i])
    text_end = counted.i + 1 if adjacent and counted.i >= end else end
    if unit is None and _strong(doc, end):
        unit, counted, text_end = "person", None, end + 2  # 'a 5,000-strong crowd'
    if unit is None and counted is not None:
        unit = _unit_of_noun(counted, demonyms)
        others = [c for c in counted.conjuncts if c.i > counted.i and c.pos_ == "NOUN"
                  and not any(n.dep_ == "nummod" for n in c.children)]
        shared = _class_unit([unit, *(_unit_of_noun(c, demonyms) for c in others)])
        if others and shared:
            unit, text_end = shared, others[-1].i + 1
    if unit is None:
        unit = _unit_without_noun(doc, root, end)
    return _Candidate(text_start, text_end, root, value, unit, qualifier, counted)


def _is_multiplier(doc: Doc, end: int) -> bool:
    """'three times as many', 'five times higher', 'four times a year': a ratio or a rate,
    not a count of occasions ('voted three times')."""
    if end + 1 >= len(doc) or doc[end].lower_ != "times":
        return False
    after = doc[end + 1]
    return after.tag_ in ("JJR", "RBR") or after.lower_ in ("as", "the", "a", "per", "each",
                                                             "every", "over")


def _labels(counted: Token | None) -> bool:
    """The 'counted' noun is an ID marker followed by its number: '31 CFR part 591'."""
    if counted is None or counted.i + 1 >= len(counted.doc):
        return False
    return counted.lower_ in ID_MARKERS and bool(_DIGITS.match(counted.nbor().text))


def _strong(doc: Doc, end: int) -> bool:
    """'a 5,000-strong crowd', 'a tens of thousands-strong march': a count of people."""
    return end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ == "strong"


def _unit_without_noun(doc: Doc, root: Token, end: int) -> str | None:
    """Units that the context gives: 'Thousands fled' (people), 'a vote of 309 to 201'
    (votes), 'X received 4,210' (votes)."""
    if doc[end - 1].lower_ in VAGUE and root.dep_ in ("nsubj", "nsubjpass"):
        return "person"
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in GATHERINGS:
        return "person"  # 'a crowd of several thousand'
    for noun in _nouns_valued(root):  # 'put the number of its citizens at 400'
        if noun.lemma_ in COUNT_NOUNS:
            counted = [o for p in noun.children if p.lower_ == "of" for o in p.children
                       if o.dep_ == "pobj" and o.pos_ == "NOUN"]
            if counted:
                return _unit_of_noun(counted[0], {})
            if noun.lemma_ == "toll":
                return "person"  # 'the death toll rose to 50'
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in ("vote", "ballot"):
        return head.head.lemma_
    verb = head if head.pos_ in ("VERB", "AUX") else None
    voting = verb is not None and (
        verb.lemma_ in VOTE_VERBS and root.dep_ == "dobj"
        or verb.lemma_ == "go" and root.dep_ == "nsubj"
        and any(c.lower_ == "to" for c in verb.children)
    )
    return "vote" if voting and _about_votes(root.sent) else None


def _about_votes(sent: Span) -> bool:
    """The sentence or the one before it speaks of votes."""
    doc = sent.doc
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    return any(t.lemma_.lower() in VOTE_WORDS for t in doc[start:sent.end])


def _run_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.text for t in doc[start:end]).replace(" - ", "-")


def _inherit_units(candidates: list[_Candidate]) -> None:
    """A bare number takes the unit of the nearest figure before it in the sentence
    ('5.1 million votes, versus more than 4.4 million'), else of a later one it is
    syntactically tied to ('between 2 and 3 million people')."""
    for i, cand in enumerate(candidates):
        if cand.unit is not None or _partitive(cand.root):
            continue
        before = [c for c in candidates[:i] if _inheritable(c) and _same_clause(c, cand)]
        after = [c for c in candidates[i + 1:] if _inheritable(c) and _tied(c, cand)]
        source = before[-1] if before else (after[0] if after else None)
        if source is not None:
            cand.unit = source.unit
            if cand.counted is None and _parallel(source, cand):
                cand.counted = source.counted  # 'three suspects from X, two from Y'


def _inheritable(cand: _Candidate) -> bool:
    return cand.unit is not None and cand.unit not in ("percent", "fraction")


def _parallel(a: _Candidate, b: _Candidate) -> bool:
    return b.root.dep_ == "conj" and b.root.head.i in (a.root.i, getattr(a.counted, "i", -1))


def _partitive(root: Token) -> bool:
    """'two of them': the count is of what 'of' names, even when that is a pronoun."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children)


def _same_clause(a: _Candidate, b: _Candidate) -> bool:
    """No verb with a subject of its own stands between the two figures."""
    between = a.root.doc[a.end:b.start]
    return not any(_has_own_subject(t, a) for t in between)


def _has_own_subject(verb: Token, figure: _Candidate) -> bool:
    """The verb has a subject, and it is not the figure itself ('300 people marched, and
    40 were arrested' keeps one clause for the unit)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(not figure.start <= c.i < figure.end for c in subjects)


def _tied(a: _Candidate, b: _Candidate) -> bool:
    return a.root.is_ancestor(b.root) or b.root.is_ancestor(a.root)


class _Resolver:
    """Maps tokens to actor ids (mentions) or source ids (citations) by character span."""

    def __init__(self, mentions: list[Mention], citations: list[Citation],
                 demonyms: dict[str, str], forces: dict[str, str] | None = None) -> None:
        self.mentions = [(m.start, m.end, m.actor_id, m.text) for m in mentions]
        self.citations = [(c.start, c.end, c.source_id, c.text) for c in citations]
        self.demonyms = demonyms
        self.forces = forces or {}
        self.topic: str | None = None  # the actor the previous sentence was about
        self.actor_ids = {m.actor_id for m in mentions}
        self._covering: dict[tuple[int, bool], str | None] = {}  # (token.i, with_citations)

    def armed_forces(self, actor_id: str) -> str:
        """A country's armed forces, when the text names them; else the actor itself."""
        forces = self.forces.get(actor_id)
        return forces if forces in self.actor_ids else actor_id

    def covering(self, token: Token, with_citations: bool = False) -> str | None:
        # the same tokens are asked about again and again (subjects, claimants, actors)
        key = (token.i, with_citations)
        if key not in self._covering:
            self._covering[key] = self._first_covering(token, with_citations)
        return self._covering[key]

    def _first_covering(self, token: Token, with_citations: bool) -> str | None:
        spans = self.mentions + (self.citations if with_citations else [])
        start_char = token.idx
        end_char = start_char + len(token.text)
        for start, end, ident, _ in spans:
            if start <= start_char and end_char <= end:
                return ident
        return None

    def actor(self, token: Token, with_citations: bool = False, depth: int = 0) -> str | None:
        """The actor a noun phrase names: the token itself, an apposition, a compound, the
        name it is called by ('a gang called X'), or the antecedent of a relative pronoun."""
        found = self.covering(token, with_citations)
        if found or depth > 3:
            return found
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.actor(token.head.head, with_citations, depth + 1)
        for child in token.children:
            if child.dep_ in ("appos", "compound", "nmod"):
                found = self.actor(child, with_citations, depth + 1)
                if found:
                    return found
            if child.dep_ == "acl" and child.lemma_ in ("call", "name", "know"):
                found = self.first_in(child, with_citations)
                if found:
                    return found
        return None

    def first_in(self, token: Token, with_citations: bool = False) -> str | None:
        """First mention (or citation) inside the token's phrase."""
        for sub in token.subtree:
            found = self.covering(sub, with_citations)
            if found:
                return found
        return None

    def antecedent(self, pronoun: Token) -> str | None:
        """'X said it owns 50%', '21 of its 34 members': a personal or possessive pronoun
        stands for the nearest actor named before it in its sentence, else for the actor the
        sentence before was about ('X won the vote. She secured 2 million votes')."""
        if pronoun.lower_ not in ("it", "he", "she", "its", "his", "her"):
            return None
        before = [m for m in self.mentions
                  if pronoun.sent.start_char <= m[0] and m[1] <= pronoun.idx]
        return before[-1][2] if before else self.topic

    def country(self, actor_id: str | None) -> str | None:
        """The country's actor, when the document names it."""
        return actor_id if actor_id in self.actor_ids else None

    def named_by(self, nouns: frozenset[str]) -> str | None:
        """The first actor the text names by one of these nouns ('the protesters')."""
        for _, _, ident, text in self.mentions:
            last = fold(text).split()[-1] if text.strip() else ""
            if last in nouns or last.removesuffix("s") in nouns:
                return ident
        return None

    def sentence_has_mention(self, sent: Span) -> bool:
        return any(sent.start_char <= s < sent.end_char for s, _, _, _ in self.mentions)


def _subject(cand: _Candidate, res: _Resolver) -> str | None:
    """Whom the figure is about, by syntax."""
    nouns = [t for t in (cand.counted, cand.root) if t is not None]
    if cand.counted is not None and cand.counted.i < cand.root.i:
        nouns.reverse()  # 'three suspects from X and two from Y': the second's own phrase first
    for noun in nouns:
        found = res.covering(noun)
        if found:
            return found
    found = _force_owner(cand.counted, res) or _gapped_subject(cand.root, res)
    if found:
        return found
    if cand.unit == "person":
        return _people_subject(cand, nouns, res)
    if _is_share_of_people(cand, res.demonyms):  # '40% of Peruvian voters'
        found = _people_subject(cand, [cand.counted], res)
        if found:
            return found
    for noun in _valued_nouns(cand):
        found = res.actor(noun) if noun.dep_ == "dobj" else None
        if found:
            return found  # 'a poll put X at 52%'
    for noun in [*nouns, *_of_objects(nouns), *_valued_nouns(cand)]:
        for child in noun.children:
            found = _subject_from_child(child, res)
            if found:
                return found
    found = _earlier_value_subject(cand, res)
    if found or _contrasted(cand.root):
        return found
    return _tally_subject(cand, res) or _verb_subject(cand.root, res)


def _force_owner(noun: Token | None, res: _Resolver) -> str | None:
    """Troops and warships count their country's armed forces: whose they are by their noun
    phrase ('Seven Peruvian warships', 'Chile's four frigates') or by the subject of a verb
    that places them ('X deployed 3,000 troops')."""
    if noun is None or noun.lemma_.lower() not in FORCE_NOUNS:
        return None
    owner = None
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss"):
            owner = res.first_in(child) or res.antecedent(child)
            owner = owner or res.country(_demonym(child, res.demonyms))
            if owner:
                break
    if owner is None and noun.dep_ == "dobj" and noun.head.lemma_ in DEPLOY_VERBS:
        subject = _clause_subject(noun.head)
        owner = res.actor(subject) if subject is not None else None
    return res.armed_forces(owner) if owner else None


def _is_share_of_people(cand: _Candidate, demonyms: dict[str, str]) -> bool:
    counted = cand.counted
    share = cand.unit in ("percent", "fraction") and counted is not None
    return share and counted.i > cand.root.i and _is_person_noun(counted, demonyms)


def _earlier_value_subject(cand: _Candidate, res: _Resolver) -> str | None:
    """'The previous bounty was set at $25m': a bounty or reward named before ('its bounty
    on X') is about the same actor."""
    nouns = [n for n in [cand.counted, *_valued_nouns(cand)] if n is not None]
    nouns = [n for n in nouns if n.lemma_ in VALUE_NOUNS]
    doc = cand.root.doc
    for noun in nouns:
        for token in reversed(doc[max(cand.root.sent.start - 200, 0):cand.root.sent.start]):
            if token.lemma_ != noun.lemma_:
                continue
            owners = [token, token.head] if token.dep_ == "dobj" else [token]
            for child in (c for o in owners for c in o.children):  # 'raised its bounty on X'
                found = _subject_from_child(child, res) if child.dep_ == "prep" else None
                if found:
                    return found
    return None


def _people_subject(cand: _Candidate, nouns: list[Token], res: _Resolver) -> str | None:
    """Whom a count of people is about: the actor its noun phrase names ('three U.S.
    nationals', 'members of the armed forces', 'two from Spain', 'Ruiz's aides'), else the
    country of its demonym ('15 Venezuelan officials'). People counted as the object of a
    verb are not about its subject ('X jailed 150 journalists')."""
    for noun in nouns:
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss"):
                found = res.first_in(child) or res.antecedent(child)
            elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
                found = _object_actor(child, res)
            else:
                continue
            if found:
                return found
    for noun in nouns:
        country = res.country(_demonym_country(noun, res.demonyms))
        if country:
            return country
    return _protesters(nouns, res)


def _protesters(nouns: list[Token], res: _Resolver) -> str | None:
    """People counted in a protest ('300 people were detained during the protests', 'arrests
    at the rally') are the protesters the text names elsewhere; not the officers or troops
    counted there."""
    for noun in nouns:
        number = _is_number_token(noun) or noun.lower_ in VAGUE or noun.lower_ in SCALES
        if not number and fold(noun.lemma_) not in ANYONE_NOUNS:
            return None
        verb = _verb_above(noun)
        owners = [noun, *([verb] if verb is not None else [])]
        owners += [c for c in noun.children if c.dep_ in ("acl", "relcl")]
        for owner in owners:
            for prep in (c for c in owner.children if c.dep_ == "prep"):
                if any(t.lemma_.lower() in PROTEST_NOUNS for t in prep.subtree):
                    return res.named_by(PROTESTER_NOUNS)
    return None


def _object_actor(prep: Token, res: _Resolver) -> str | None:
    """The actor a preposition's object names; without an object (a misparse), a mention
    starting right after the preposition."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects:
        return res.actor(objects[0]) or res.first_in(objects[0])
    name = []
    for token in prep.doc[prep.i + 1:prep.i + 7]:
        if token.pos_ != "PROPN":
            break
        name.append(token)
    return next(filter(None, map(res.covering, reversed(name))), None)  # the name's head first


def _of_objects(nouns: list[Token]) -> list[Token]:
    """'30 tons of cocaine linked to X': what the measured noun is of."""
    preps = [c for n in nouns for c in n.children if c.dep_ == "prep" and c.lower_ == "of"]
    return [o for p in preps for o in p.children if o.dep_ == "pobj"]


def _valued_nouns(cand: _Candidate) -> list[Token]:
    counted = cand.counted  # 'X's tally of 4.4 million votes': the votes are the value
    of_counted = counted is not None and counted == cand.root.head
    return _nouns_valued(cand.root) + (_nouns_valued(counted) if of_counted else [])


def _nouns_valued(root: Token) -> list[Token]:
    """Nouns whose value the figure states: 'a reward of $5m', 'raised its bounty to $10m'
    (the verb and its object), 'the bounty was set at $25m', 'the toll rose to 50' (the
    subject of a verb without object)."""
    head = root.head
    if root.dep_ != "pobj":
        return []
    owner = head.head
    if head.lower_ == "of" and owner.pos_ == "NOUN":
        return [owner]
    if head.lower_ in ("to", "at") and owner.pos_ == "VERB":
        objects = [c for c in owner.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objects:
            objects = [c for c in owner.children if c.dep_ == "nsubj"]
        if owner.dep_ == "acl":
            objects.append(owner.head)  # 'put the number of X stranded at 400'
        return [owner, *objects]
    return []


def _contrasted(root: Token) -> bool:
    """'versus 4.4 million', 'compared with 2.7 million': the figure is set against another."""
    head = root.head
    return head.lower_ in CONTRAST_HEADS or "compare" in (head.lemma_, head.head.lemma_)


def _subject_from_child(child: Token, res: _Resolver) -> str | None:
    """'Ruiz's 300,000 signatures', '2.9 million for Ruiz', 'a bounty on X', 'a reward for
    information leading to the arrest of X', '30 tons linked to X'."""
    if child.dep_ == "poss":
        return res.actor(child)
    if child.dep_ == "prep" and child.lower_ in ("for", "on"):
        return _object_actor(child, res)
    if child.dep_ == "acl" and child.lemma_ in RELATION_VERBS:
        for prep in child.children:
            if prep.dep_ in ("prep", "agent"):
                found = _object_actor(prep, res)
                if found:
                    return found
    return None


def _tally_subject(cand: _Candidate, res: _Resolver) -> str | None:
    """Votes and shares of the vote: '61,200 went to X', 'declared X the winner with 51%'."""
    if cand.unit not in ("vote", "ballot", "percent"):
        return None
    verb = _verb_above(cand.root)
    if verb is None:
        return None
    if verb.lemma_ == "go":
        for prep in verb.children:
            if prep.lower_ == "to":
                return _object_actor(prep, res)
    if verb.lemma_ in ("declare", "proclaim", "name", "certify"):
        for obj in verb.children:
            if obj.dep_ == "dobj":
                return res.actor(obj)
    if verb.lemma_ in ("give", "award", "credit", "hand") and cand.root.dep_ == "dobj":
        for obj in verb.children:  # 'the count gave X 51%'
            if obj.dep_ == "dative":
                return res.actor(obj)
    return None


def _verb_subject(token: Token, res: _Resolver) -> str | None:
    """The actor that is the subject of the verb governing the figure (not a reporting verb,
    though the subject a reporting verb shares with its infinitive counts: 'X claimed to
    have ended eight wars')."""
    verb = _verb_above(token)
    while verb is not None and (verb.lemma_ not in REPORTING_VERBS or _claims_a_win(verb)):
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            agent = _clause_subject(verb)
            if verb.lemma_ == "follow" and agent is not None:
                return res.actor(agent)  # '..., followed by Y with 44%': Y comes next
            # a reduced relative ('the primaries organized by X with 90%'): a phrase hung on
            # it usually belongs to the clause above, so its agent is not the subject
            verb = _verb_above(verb)
            continue
        subject = _clause_subject(verb) or _passive_subject(verb)
        if subject is not None:
            return res.actor(subject) or res.antecedent(subject)
        if verb.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "acl") or verb.head == verb:
            return None
        controlled = verb.dep_ == "xcomp"
        verb = _verb_above(verb)
        controller = _object(verb) if controlled and verb is not None else None
        if controller is not None:  # 'X urged voters to back ...': the voters act, not X
            return res.actor(controller) or res.antecedent(controller)
        if controlled and verb is not None and verb.lemma_ in REPORTING_VERBS:
            subject = _clause_subject(verb)
            return res.actor(subject) if subject is not None else None
    passive = _passive_subject(verb) if verb is not None else None
    return res.actor(passive) if passive is not None else None  # 'X was declared winner'


def _claims_a_win(verb: Token) -> bool:
    """'X claimed victory with 67%': claiming a win is an act, not a report."""
    obj = _object(verb)
    return verb.lemma_ == "claim" and obj is not None and obj.lemma_ in WIN_NOUNS


def _runner_up(first: _Candidate, second: _Candidate, res: _Resolver) -> str | None:
    """'X beat Y 52% to 44%', 'X led Y by 5.1 million votes to 4.4 million': the lower
    score of a pair is the beaten one's, the object of the verb."""
    doc = second.root.doc
    paired = second.start == first.end + 1 and doc[first.end].lower_ in ("to", "-", "–")
    if not paired or first.value < second.value or first.unit != second.unit:
        return None
    verb = _verb_above(first.root) or _verb_above(second.root)
    obj = _object(verb) if verb is not None else None
    return res.actor(obj) if obj is not None else None


def _object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _verb_above(token: Token) -> Token | None:
    """The nearest verb among the token's heads, not the token itself (timex.governing_verb
    also answers the token, and stops after eight steps)."""
    current = token
    while current.head != current:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _clause_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    return None


def _passive_subject(verb: Token) -> Token | None:
    """'X was declared the winner after earning 90%': who the passive clause is about."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _speaker(verb: Token) -> Token | None:
    """The subject of a reporting verb, or of the verb a participle of it or a coordinated
    verb hangs on ('X cheered the deal, saying ...', 'X arrived and said ...')."""
    for _ in range(3):
        subject = _clause_subject(verb)
        shares = verb.dep_ == "conj" or verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG"
        if subject is not None or not shares or verb.head == verb:
            return subject
        verb = verb.head
    return None


class _Speakers:
    """Who spoke last: 'He added ...' continues the speech of the last named speaker."""

    def __init__(self, res: _Resolver) -> None:
        self.res = res
        self.last: str | None = None

    def actor(self, subject: Token, with_citations: bool = False) -> str | None:
        found = self.res.actor(subject, with_citations)
        if found is None and subject.lower_ in ("he", "she"):
            return self.last
        return found

    def heard(self, sent: Span) -> None:
        """Remember the named speaker of a reporting verb in the sentence."""
        for token in sent:
            if token.lemma_ in REPORTING_VERBS and token.pos_ == "VERB":
                subject = _speaker(token)
                found = self.res.actor(subject) if subject is not None else None
                if found:
                    self.last = found


def _claimant(cand: _Candidate, speakers: _Speakers, quotes: list[tuple[int, int]]) -> str | None:
    """Who states the figure: the speaker of the reported speech (the outermost reporting
    verb whose subject names an actor; a medium that reports the speech is not its
    speaker), else 'according to X', else a reporting source, else the speaker of the
    quotation the figure is in, else the issuer of an official act that counts it ('X
    sanctioned 15 officials'). A medium that merely carried the scene is not a claimant."""
    res, sent = speakers.res, cand.root.sent
    subjects = [s for s in map(_speaker, _reporting_verbs(cand.root)) if s is not None]
    for subject in subjects:
        found = speakers.actor(subject)
        if found:
            return found
    for token in sent:
        if token.lower_ == "according":
            found = _according_to(token, res)
            if found:
                return found
    for subject in subjects:
        found = res.actor(subject, with_citations=True)
        if found:
            return found
    return _quotation_speaker(cand.root, res, quotes) or _issuer(cand.root, res)


def _issuer(root: Token, res: _Resolver) -> str | None:
    """'The bloc sanctioned 15 officials', 'X issued sanctions on 15 officials': the actor
    whose official act lists what is counted states the count."""
    for token in root.ancestors:
        if token.lemma_ in OFFICIAL_ACTS:
            verb = token if token.pos_ == "VERB" else _verb_above(token)
            subject = _clause_subject(verb) if verb is not None else None
            return res.actor(subject) if subject is not None else None
        if token.pos_ == "VERB":
            return None
    return None


def _reporting_verbs(root: Token) -> list[Token]:
    """Reporting verbs whose speech holds the figure, outermost first: trailing ones ('...,
    X said') and those above it."""
    above = [t for t in root.ancestors
             if t.lemma_ in REPORTING_VERBS and t.pos_ == "VERB" and _in_content(root, t)]
    trailing = [t for t in root.sent if t.i > root.i and _is_trailing_attribution(t)]
    return list(dict.fromkeys([*trailing, *reversed(above)]))


def _in_content(token: Token, verb: Token) -> bool:
    """Whether the token is in what the verb reports, not in a scene set around a verb on
    the way ('At a rally with dozens of supporters, X spoke')."""
    node = token
    while node != verb and node.head != node:
        scene = node.dep_ == "prep" and node.lower_ in SCENE_PREPOSITIONS
        if scene and node.head.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return True


def _is_trailing_attribution(token: Token) -> bool:
    """'..., the board announced.' / '..., said the board.': a reporting verb after a comma
    with no complement of its own (the parser often hangs it on the wrong word)."""
    if token.lemma_ not in REPORTING_VERBS or token.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    addressee = ("dobj", "dative") if token.lemma_ == "tell" else ("dative",)  # 'X told Reuters'
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "mark") and c.dep_ not in addressee
           for c in token.children):
        return False
    first = token.left_edge.i
    return first > token.sent.start and token.doc[first - 1].text in (",", "”", '"')


def _quotation_speaker(root: Token, res: _Resolver, quotes: list[tuple[int, int]]) -> str | None:
    """A figure inside quotation marks is stated by whoever the text says spoke the words:
    a reporting verb outside the marks in a sentence the quotation touches or in the
    sentence just before or after it, or the signature of an embedded post ('— Name
    (@handle)')."""
    doc, pos = root.doc, root.idx
    quote = next(((s, e) for s, e in quotes if s <= pos < e), None)
    if quote is None:
        return _signature(root, res)
    sents = list(doc.sents)
    touched = [i for i, s in enumerate(sents)
               if s.end_char >= quote[0] and s.start_char <= quote[1]]
    near = [i for i in (touched[0] - 1, touched[-1] + 1) if 0 <= i < len(sents)]
    for i in [*touched, *near]:
        for token in sents[i]:
            quoted = any(s <= token.idx < e for s, e in quotes)
            if quoted or token.lemma_ not in REPORTING_VERBS or token.pos_ != "VERB":
                continue
            subject = _speaker(token)
            found = res.actor(subject, with_citations=True) if subject is not None else None
            if found:
                return found
    return None


def _signature(root: Token, res: _Resolver) -> str | None:
    text = text_of(root.doc)
    start = text.rfind("\n", 0, root.idx) + 1
    end = text.find("\n", root.idx)
    match = _SIGNATURE.search(text, root.idx, end if end >= 0 else len(text))
    if match is None or match.start() < start:
        return None
    span = root.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
    return None if span is None else next(filter(None, map(res.covering, span)), None)


def _according_to(token: Token, res: _Resolver) -> str | None:
    for prep in [*token.children, *token.head.children]:
        if prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = res.actor(obj, with_citations=True) or res.first_in(obj, True)
                    if found:
                        return found
    return None


def _topic(sent: Span, res: _Resolver) -> str | None:
    """The actor the sentence is about: the subject of its main verb (not the speaker of a
    reporting verb, who is its source)."""
    if sent.root.lemma_ in REPORTING_VERBS:
        return None
    subject = _clause_subject(sent.root)
    return res.actor(subject) or res.antecedent(subject) if subject is not None else None


def _is_statistic(unit: str | None) -> bool:
    """Percentages, fractions and sums of money: the figures a sentence can state about the
    actor of the sentence before ('Inflation soared past 7,000%')."""
    return unit in ("percent", "fraction") or bool(unit and re.fullmatch(r"[A-Z]{3}", unit))


def _headline_lines(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of lines that are headlines of other stories: runs of two or more
    short lines standing alone without final punctuation ('Most read' link lists), not the
    lines of a paragraph wrapped by hand (the next line goes on in lower case)."""
    lines, pos = [], 0
    for line in text_of(doc).split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    headline = [
        _headline_like(text) and (i + 1 == len(lines) or not lines[i + 1][2][0].islower())
        for i, (_, _, text) in enumerate(lines)
    ]
    return [
        (start, end) for i, (start, end, _) in enumerate(lines)
        if headline[i] and any(headline[j] for j in (i - 1, i + 1) if 0 <= j < len(lines))
    ]


def _headline_like(text: str) -> bool:
    words = text.split()
    starts = text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"
    ends = _FINAL_PUNCTUATION.search(text) or text.endswith(",")
    return 0 < len(words) <= 20 and starts and not ends


class _Counts:
    """The subjects of the exact counts seen so far: a count repeated refers back to the same
    group ('six Peruvian nationals ... the six men'), when it is definite ('the six', 'these
    six', 'all six') or comes within a few sentences and is not a mere pair."""

    WINDOW = 3  # sentences

    def __init__(self) -> None:
        self.seen: dict[tuple[float, str], tuple[str, int]] = {}

    def refer(self, cand: _Candidate, subject: str | None, sent_number: int) -> str | None:
        if not _is_count(cand):
            return subject
        key = (cand.value, str(cand.unit))
        if subject is None and key in self.seen:
            earlier, at = self.seen[key]
            near = sent_number - at <= self.WINDOW and cand.value >= 3
            subject = earlier if near or _after_definite_word(cand) else None
        if subject:
            self.seen[key] = (subject, sent_number)
        return subject


def _after_definite_word(cand: _Candidate) -> bool:
    """ "the six men", "all three": the words that refer back to a count already given."""
    doc = cand.root.doc
    before = doc[cand.start - 1].lower_ if cand.start > 0 else ""
    return before in ("the", "these", "those", "all", "both")


def _is_count(cand: _Candidate) -> bool:
    """An exact count of people or things, which a text repeats to refer back to the same
    ones ('the six men'); not a vague count ('dozens'), a share or a sum of money."""
    words = {t.lower_ for t in cand.root.doc[cand.start:cand.end]}
    vague = bool(words & (VAGUE.keys() | FEW.keys()))
    return not vague and not _is_statistic(cand.unit) and cand.value >= 2


def _to_figure(doc: Doc, cand: _Candidate, subject: str | None, claimant: str | None) -> Figure:
    span = doc[cand.start:cand.end]
    return Figure(span.start_char, span.end_char, span.text, float(cand.value),
                  str(cand.unit), cand.qualifier, subject, claimant)


def armed_forces(lexicon: Lexicon) -> dict[str, str]:
    """Each country's actor id -> the actor id of its armed forces (the lexicon entry that is
    the country's `generic: military`)."""
    military = lexicon.generic_instances.get("military", {})
    return {a.actor_id: military[a.country_code] for a in lexicon.actors
            if a.actor_type == "country" and a.country_code in military}


def extract_figures(doc: Doc, mentions: list[Mention], citations: list[Citation],
                    demonyms: dict[str, str] | None = None,
                    forces: dict[str, str] | None = None) -> list[Figure]:
    """Every numeric figure in the doc, with its unit, qualifier, subject and claimant.

    ``demonyms`` maps folded demonyms ("venezuelan") to the country's actor id (the actors
    lexicon's ``demonyms``): "15 Venezuelan officials" are about Venezuela. ``forces`` maps a
    country's actor id to its armed forces' (see ``armed_forces``): "seven Venezuelan
    warships" are about Venezuela's military when the text names it.
    """
    res = _Resolver(mentions, citations, demonyms or {}, forces)
    speakers = _Speakers(res)
    quotes = [m.span() for m in _QUOTATION.finditer(text_of(doc))]
    headlines = _headline_lines(doc)
    figures: list[Figure] = []
    previous_topic = None
    counts = _Counts()
    for number, sent in enumerate(doc.sents):
        runs = [r for r in _number_runs(sent)
                if not any(s <= doc[r[0]].idx < e for s, e in headlines)]
        candidates = [c for c in (_candidate(doc, *run, res.demonyms) for run in runs) if c]
        _inherit_units(candidates)
        for i, cand in enumerate(candidates):
            if cand.unit is None:
                continue
            beaten = _runner_up(candidates[i - 1], cand, res) if i else None
            subject = beaten or _subject(cand, res)
            # A statistic in a sentence naming no actor (inflation, a budget) is about the
            # actor the previous sentence was about.
            if subject is None and _is_statistic(cand.unit) and not res.sentence_has_mention(sent):
                subject = previous_topic
            subject = counts.refer(cand, subject, number)
            figures.append(_to_figure(doc, cand, subject, _claimant(cand, speakers, quotes)))
        previous_topic = res.topic = _topic(sent, res)
        speakers.heard(sent)
    return figures
