"""Numeric figures: the number, what it counts, who it is about and who states it.

Candidates are runs of number-like tokens (digits, spelled numbers, fractions, vague counts such
as "thousands of"). Dates, times, ordinals, durations and numbers inside names are dropped. The
unit comes from the noun the number modifies (or its ``of`` object), the subject from the
syntax around the figure, the claimant from the nearest reporting verb or a citation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc, Span, Token

from pipeline.records import Citation, Figure, Mention

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
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
VAGUE = {
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "tens": 10,
}
A_NUMBERS = {"dozen", "hundred", "thousand", "million", "billion", "trillion"}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "r$": "BRL", "bs": "VES"}
CURRENCY_WORDS = {
    "dollar": "USD", "usd": "USD", "euro": "EUR", "eur": "EUR", "bolívar": "VES",
    "bolivar": "VES", "bolivare": "VES", "bolívare": "VES", "bolivares": "VES",
    "bolívares": "VES", "ves": "VES", "sterling": "GBP", "yuan": "CNY", "rouble": "RUB",
    "ruble": "RUB",
}
PERCENT_WORDS = {"%", "percent", "pct"}
PERSON_NOUNS = {
    "person", "people", "citizen", "migrant", "emigrant", "immigrant", "refugee", "voter",
    "resident", "civilian", "protester", "protestor", "demonstrator", "dissident", "prisoner",
    "detainee", "child", "woman", "man", "adult", "student", "worker", "supporter", "activist",
    "journalist", "soldier", "troop", "officer", "victim", "exile", "opponent", "individual",
    "inhabitant", "national", "population", "member", "volunteer",
    "observer", "official", "leader", "lawmaker", "legislator", "deputy", "delegate",
    "candidate", "politician",
}
# Nouns that make the number a duration or a multiplier, not a figure.
NOT_COUNTED = {
    "year", "month", "week", "day", "hour", "minute", "decade", "century", "time", "fold",
    "percentile", "am", "pm", "o'clock",
}
DEMONYMS = {
    "venezuelan": "Venezuela", "brazilian": "Brazil", "colombian": "Colombia",
    "mexican": "Mexico", "american": "United States", "cuban": "Cuba",
    "argentine": "Argentina", "argentinian": "Argentina", "chilean": "Chile",
    "peruvian": "Peru", "ecuadorian": "Ecuador", "bolivian": "Bolivia", "panamanian": "Panama",
    "spanish": "Spain", "spaniard": "Spain", "russian": "Russia", "chinese": "China",
    "iranian": "Iran", "nicaraguan": "Nicaragua", "guyanese": "Guyana", "uruguayan": "Uruguay",
    "paraguayan": "Paraguay", "dominican": "Dominican Republic", "canadian": "Canada",
    "haitian": "Haiti", "guatemalan": "Guatemala",
    "honduran": "Honduras", "salvadoran": "El Salvador", "trinidadian": "Trinidad and Tobago",
}
QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "past": "more_than", "above": "more_than",
    "exceeding": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "just over": "more_than", "well over": "more_than", "beyond": "more_than",
    "fewer than": "less_than", "less than": "less_than", "under": "less_than",
    "below": "less_than", "nearly": "less_than", "almost": "less_than",
    "just under": "less_than", "just below": "less_than", "short of": "less_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "at most": "at_most", "up to": "at_most",
    "no more than": "at_most", "as many as": "at_most", "a maximum of": "at_most",
    "about": "approximately", "around": "approximately", "roughly": "approximately",
    "some": "approximately", "approximately": "approximately", "an estimated": "approximately",
    "estimated": "approximately", "approx.": "approximately", "circa": "approximately",
    "close to": "approximately", "~": "approximately", "between": "at_least",
}
REPORTING_VERBS = {
    "say", "tell", "report", "announce", "claim", "show", "state", "add", "note", "insist",
    "argue", "estimate", "indicate", "confirm", "reveal", "declare", "allege", "assert",
    "write", "tweet", "post", "publish", "calculate", "suggest", "find", "count", "tally",
    "put", "acknowledge", "admit", "explain", "maintain", "contend", "warn", "testify",
    "proclaim", "certify",
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
}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
_DIGITS = re.compile(r"^(\d[\d,]*(?:\.\d+)?|\.\d+)([a-z]*)$")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$|^(first|second|third|fourth|fifth|sixth|seventh|"
                      r"eighth|ninth|tenth|eleventh|twelfth|twentieth|hundredth)$")
_YEAR = re.compile(r"^(19|20)\d\d$|^2100$")


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
    text = " ".join(text.lower().replace("–", "-").split())
    hint = None
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if text.startswith(symbol) and text[len(symbol):].lstrip()[:1].isdigit():
            hint, text = CURRENCY_SYMBOLS[symbol], text[len(symbol):].strip()
            break
    for marker in ("%", " percent", " per cent", " pct", "percent"):
        if text.endswith(marker):
            hint, text = "percent", text[: -len(marker)].strip()
            break
    fraction = _parse_fraction(text)
    if fraction is not None:
        return fraction, "fraction"
    value = _parse_vague(text)
    if value is None:
        value = _parse_amount(text)
    return None if value is None else (value, hint)


def _parse_fraction(text: str) -> float | None:
    words = text.replace("-", " ").split()
    if not words or words[-1] not in FRACTIONS:
        return None
    denominator = FRACTIONS[words[-1]]
    numerator = _parse_amount(" ".join(words[:-1])) if len(words) > 1 else 1.0
    if numerator is None or (len(words) == 1 and words[0] != "half"):
        return None
    return round(numerator / denominator, 4)


def _parse_vague(text: str) -> float | None:
    words = [w for w in text.split() if w != "of"]
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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


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
    'between 5 and 10%'); a ratio gives a fraction ('one in five')."""
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


def _run_end(doc: Doc, i: int, limit: int) -> int:
    """End of the number run starting at token i, or i when no run starts there."""
    token = doc[i]
    start = i
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


def _is_prefix(token: Token, nxt: Token) -> bool:
    """A currency sign before digits ('$ 1.5'), or 'a' before 'dozen', 'million' ..."""
    if token.lower_ in CURRENCY_SYMBOLS:
        return _is_number_token(nxt)
    return token.lower_ in ("a", "an") and nxt.lower_ in A_NUMBERS


def _continues_number(token: Token) -> bool:
    text = token.lower_
    if text in ABBREVIATED_SCALES:
        # '$40 m': a bare letter is a scale only after a currency sign and digits
        before = token.doc[max(token.i - 2, 0)].lower_
        return len(text) > 1 or before in CURRENCY_SYMBOLS
    return (_is_number_token(token) and not _DIGITS.match(text)) or text in FRACTIONS


def _vague_start(doc: Doc, i: int, limit: int) -> bool:
    """'thousands of', 'tens of thousands of', 'dozens of' ..."""
    return doc[i].lower_ in VAGUE and i + 1 < limit and doc[i + 1].lower_ == "of"


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
    """Dates, years, names ('Group of 20', 'Article 233'), IDs, the pronoun 'one'."""
    tokens = doc[start:end]
    if any(t.ent_type_ in NAME_ENTS for t in tokens):
        return True
    if tokens.text.lower() == "one":
        return True
    if len(tokens) == 1 and _YEAR.match(tokens.text) and not _counts_plural_noun(root):
        return True
    return _glued(doc, start, end) or _after_name(doc, start, root) or _in_title(doc, start)


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
    if before.lower_ in ID_MARKERS:
        return True
    attached = root.head == before or (root.head.head == before and root.dep_ == "pobj")
    named = before.pos_ == "PROPN" and before.text[:1].isupper()
    return attached and named and not _DIGITS.match(before.text)


def _qualifier(doc: Doc, start: int, sent_start: int) -> tuple[str, int]:
    """The qualifier words right before a number, and where they start."""
    for size in (3, 2, 1):
        if start - size < sent_start:
            continue
        words = " ".join(t.lower_ for t in doc[start - size:start])
        if words in QUALIFIERS:
            return QUALIFIERS[words], start - size
    return "exact", start


def _counted_noun(root: Token, end: int) -> Token | None:
    """The noun the number counts: its head ('5 million votes') or its 'of' object; not a
    noun that another number stands before ('$40m and 3bn euros')."""
    head = root.head
    modifies = root.dep_ in ("nummod", "quantmod", "compound", "amod") and head.i >= end
    modifies = modifies and not any(_is_number_token(t) for t in root.doc[end:head.i])
    if modifies and head.pos_ in ("NOUN", "PROPN"):
        return head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return None


def _unit_of_noun(noun: Token) -> str:
    lemma = _fold(noun.lemma_)
    text = _fold(noun.text)
    if lemma in CURRENCY_WORDS or text in CURRENCY_WORDS:
        return CURRENCY_WORDS.get(lemma) or CURRENCY_WORDS[text]
    if _demonym(noun) or lemma in PERSON_NOUNS or text in PERSON_NOUNS:
        return "person"
    words = [lemma]
    left = noun.i - 1
    while left >= 0 and noun.doc[left].head == noun and noun.doc[left].dep_ == "compound":
        if noun.doc[left].pos_ != "NOUN":
            break
        words.insert(0, noun.doc[left].lower_)
        left -= 1
    return " ".join(words)


def _demonym(token: Token) -> str | None:
    word = _fold(token.text)
    return DEMONYMS.get(word) or DEMONYMS.get(word.removesuffix("s"))


def _demonym_country(noun: Token) -> str | None:
    """'Venezuelans' -> 'Venezuela'; also 'Venezuelan migrants'."""
    for token in (noun, *[c for c in noun.children if c.dep_ == "amod"]):
        if _demonym(token):
            return _demonym(token)
    return None


def _candidate(doc: Doc, start: int, end: int, joint: int | None) -> _Candidate | None:
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
    if (doc[start].lower_ in VAGUE or is_range) and qualifier == "exact":
        qualifier = "at_least"  # vague counts and ranges give their lower bound
    counted = _counted_noun(root, end)
    if counted is None and joint is not None:
        counted = _counted_noun(_run_root(doc, joint + _joiner_size(doc, joint, end), end), end)
    if counted is not None and _fold(counted.lemma_) in NOT_COUNTED:
        return None
    if unit is None and counted is not None:
        unit = _unit_of_noun(counted)
    text_end = max(end, counted.i + 1) if counted is not None else end
    return _Candidate(text_start, text_end, root, value, unit, qualifier, counted)


def _run_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.text for t in doc[start:end]).replace(" - ", "-")


def _inherit_units(candidates: list[_Candidate]) -> None:
    """A bare number takes the unit of the nearest figure before it in the sentence
    ('5.1 million votes, versus more than 4.4 million'), else of a later one it is
    syntactically tied to ('between 2 and 3 million people')."""
    for i, cand in enumerate(candidates):
        if cand.unit is not None or _partitive(cand.root):
            continue
        before = [c.unit for c in candidates[:i] if _inheritable(c) and _same_clause(c, cand)]
        after = [c.unit for c in candidates[i + 1:] if _inheritable(c) and _tied(c, cand)]
        cand.unit = before[-1] if before else (after[0] if after else None)


def _inheritable(cand: _Candidate) -> bool:
    return cand.unit is not None and cand.unit not in ("percent", "fraction")


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

    def __init__(self, mentions: list[Mention], citations: list[Citation]) -> None:
        self.mentions = [(m.start, m.end, m.actor_id, m.text) for m in mentions]
        self.citations = [(c.start, c.end, c.source_id, c.text) for c in citations]

    def covering(self, token: Token, with_citations: bool = False) -> str | None:
        spans = self.mentions + (self.citations if with_citations else [])
        for start, end, ident, _ in spans:
            if start <= token.idx and token.idx + len(token.text) <= end:
                return ident
        return None

    def actor(self, token: Token, with_citations: bool = False, depth: int = 0) -> str | None:
        """The actor a noun phrase names: the token itself, an apposition, a compound, or
        the antecedent of a relative pronoun."""
        found = self.covering(token, with_citations)
        if found or depth > 3:
            return found
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.actor(token.head.head, with_citations, depth + 1)
        for child in token.children:
            if child.dep_ in ("appos", "compound"):
                found = self.actor(child, with_citations, depth + 1)
                if found:
                    return found
        return None

    def country(self, name: str) -> str | None:
        """The actor of a mention whose text (or id) is the country's name."""
        target = _fold(name)
        for _, _, ident, text in self.mentions:
            forms = {_fold(text).removeprefix("the "), _fold(ident).replace("-", " ")}
            if target in forms:
                return ident
        return None

    def sentence_has_mention(self, sent: Span) -> bool:
        return any(sent.start_char <= s < sent.end_char for s, _, _, _ in self.mentions)


def _subject(cand: _Candidate, res: _Resolver) -> str | None:
    """Whom the figure is about, by syntax."""
    nouns = [t for t in (cand.counted, cand.root) if t is not None]
    for noun in nouns:
        found = res.covering(noun)
        if found:
            return found
    for noun in nouns:
        for child in noun.children:
            found = _subject_from_child(child, res)
            if found:
                return found
    country = _demonym_country(cand.counted) if cand.counted is not None else None
    if country:
        return res.country(country)
    if _contrasted(cand.root) or cand.unit == "person":
        # people counted as the object of a verb are not about its subject ('X jailed 150
        # journalists')
        return None
    return _verb_subject(cand.root, res)


def _contrasted(root: Token) -> bool:
    """'versus 4.4 million', 'compared with 2.7 million': the figure is set against another."""
    head = root.head
    return head.lower_ in CONTRAST_HEADS or "compare" in (head.lemma_, head.head.lemma_)


def _subject_from_child(child: Token, res: _Resolver) -> str | None:
    if child.dep_ == "poss":
        return res.actor(child)
    if child.dep_ == "prep" and child.lower_ == "for":
        objects = [c for c in child.children if c.dep_ == "pobj"]
        return res.actor(objects[0]) if objects else None
    return None


def _verb_subject(token: Token, res: _Resolver) -> str | None:
    """The actor that is the subject of the verb governing the figure (not a reporting verb)."""
    verb = _governing_verb(token)
    while verb is not None and verb.lemma_ not in REPORTING_VERBS:
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            # a reduced relative ('the primaries organized by X with 90%'): a phrase hung on
            # it usually belongs to the clause above, so its agent is not the subject
            verb = _governing_verb(verb)
            continue
        subject = _clause_subject(verb)
        if subject is not None:
            return res.actor(subject)
        if verb.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "acl") or verb.head == verb:
            return None
        verb = _governing_verb(verb)
    return None


def _governing_verb(token: Token) -> Token | None:
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


def _claimant(cand: _Candidate, res: _Resolver) -> str | None:
    """Who states the figure: the subject of a governing reporting verb, else 'according to
    X', else a citation in the sentence."""
    sent = cand.root.sent
    for verb in _reporting_verbs(cand.root):
        subject = _clause_subject(verb)
        found = res.actor(subject, with_citations=True) if subject is not None else None
        if found:
            return found
    for token in sent:
        if token.lower_ == "according":
            found = _according_to(token, res)
            if found:
                return found
    for start, end, ident, _ in res.citations:
        if sent.start_char <= start and end <= sent.end_char:
            return ident
    return None


def _reporting_verbs(root: Token) -> list[Token]:
    """Reporting verbs above the figure, then ones hanging off its clause ('..., X said')."""
    above = [t for t in root.ancestors if t.lemma_ in REPORTING_VERBS and t.pos_ == "VERB"]
    trailing = [t for t in root.sent if t.i > root.i and _is_trailing_attribution(t)]
    return above + trailing


def _is_trailing_attribution(token: Token) -> bool:
    """'..., the board announced.' / '..., said the board.': a reporting verb after a comma
    with no complement of its own (the parser often hangs it on the wrong word)."""
    if token.lemma_ not in REPORTING_VERBS or token.pos_ != "VERB":
        return False
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "mark") for c in token.children):
        return False
    first = token.left_edge.i
    return first > token.sent.start and token.doc[first - 1].text == ","


def _according_to(token: Token, res: _Resolver) -> str | None:
    for prep in [*token.children, *token.head.children]:
        if prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = res.actor(obj, with_citations=True) or _phrase_actor(obj, res)
                    if found:
                        return found
    return None


def _phrase_actor(token: Token, res: _Resolver) -> str | None:
    """First mention or citation inside a phrase ('a report by The Wall Street Journal')."""
    for sub in token.subtree:
        found = res.covering(sub, with_citations=True)
        if found:
            return found
    return None


def _topic(sent: Span, res: _Resolver) -> str | None:
    """The actor the sentence is about: the subject of its main verb."""
    subject = _clause_subject(sent.root)
    return res.actor(subject) if subject is not None else None


def _to_figure(doc: Doc, cand: _Candidate, subject: str | None, claimant: str | None) -> Figure:
    span = doc[cand.start:cand.end]
    return Figure(span.start_char, span.end_char, span.text, float(cand.value),
                  str(cand.unit), cand.qualifier, subject, claimant)


def extract_figures(doc: Doc, mentions: list[Mention], citations: list[Citation]) -> list[Figure]:
    """Every numeric figure in the doc, with its unit, qualifier, subject and claimant."""
    res = _Resolver(mentions, citations)
    figures: list[Figure] = []
    previous_topic = None
    for sent in doc.sents:
        runs = _number_runs(sent)
        candidates = [c for c in (_candidate(doc, *run) for run in runs) if c is not None]
        _inherit_units(candidates)
        for cand in candidates:
            if cand.unit is None:
                continue
            subject = _subject(cand, res)
            # A figure in a sentence naming no actor (an economic statistic) is about the
            # actor the previous sentence was about; counts of people are about those people.
            if subject is None and cand.unit != "person" and not res.sentence_has_mention(sent):
                subject = previous_topic
            figures.append(_to_figure(doc, cand, subject, _claimant(cand, res)))
        previous_topic = _topic(sent, res)
    return figures
