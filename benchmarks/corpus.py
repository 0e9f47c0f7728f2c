"""A realistic benchmark corpus of new, unique articles, half of them recombined from the
sentences of the raw texts and half generated English news text.

Every article gets a headline and one of the header styles the pipeline meets in the wild. A
recombined article holds 8 to 24 sentences drawn (with a fixed seed) from the bodies of the
texts in the raw folder. A generated one is written from the templates and word lists below on
one of ten topics: names built from syllables of several naming styles, the countries, capitals
and demonyms of `pipeline.extract.countries`, the event verbs of data/lexicons/event_verbs.yaml,
numbers written in many ways, quotations, datelines, and sentences from two words to well over
sixty; one article in fifty runs to 150 sentences or more. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.extract.countries import load_countries
from pipeline.ingest.documents import parse_text

_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
HEADERS = (
    "# {title}\n\nPublished :`{date} 09:{minute:02d}:00`\n\n---\n\n",
    " date {date} ",
    "{title}\n\n",
    "",
)
GENERATED_SHARE = 0.5  # of the articles; the rest are recombined from the raw texts
LONG_EVERY = 50  # one article in LONG_EVERY is a long generated one (150 sentences or more)
EVENT_VERBS = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "event_verbs.yaml"


def sentences_of(raw_dir: Path) -> list[str]:
    sentences = []
    for path in sorted(raw_dir.glob("*.txt")) + sorted(raw_dir.glob("*.md")):
        body = parse_text(path.read_text(encoding="utf-8")).body
        for paragraph in body.split("\n\n"):
            sentences += [s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) > 4]
    return sentences


def make_corpus(
    raw_dir: Path,
    out_dir: Path,
    n_docs: int,
    seed: int = 7,
    prefix: str = "",
    *,
    share: float = GENERATED_SHARE,
) -> list[Path]:
    """Write n_docs articles to out_dir and return their paths; `share` of them generated
    (spread evenly), the others recombined from the sentences of the raw texts."""
    rng = random.Random(seed)
    pool = sentences_of(raw_dir) if share < 1 else []
    out_dir.mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 1, 1)
    paths = []
    for i in range(n_docs):
        date = start + dt.timedelta(days=rng.randint(0, 500))
        if int((i + 1) * share) > int(i * share):  # spreads the generated share evenly
            long = i % LONG_EVERY == LONG_EVERY - 1
            title, paragraphs = generated_article(rng, date, long)
        else:
            picked = rng.sample(pool, k=min(len(pool), rng.randint(8, 24)))
            paragraphs = [" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3)]
            title = picked[0].split(",")[0][:70].rstrip(".")
        header = rng.choice(HEADERS).format(title=f"{title} ({prefix}{i})", date=date,
                                            minute=i % 60)  # fmt: skip
        path = out_dir / f"{prefix}{i:06d}.txt"
        path.write_text(header + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# --- names ---------------------------------------------------------------------------------
# Naming styles: (given-name syllables, surname syllables, surname endings). A name is two or
# three syllables and an ending, so it is new, yet reads as a name of one tradition.
STYLES = (
    (("Ma", "Lu", "Ra", "Ve", "Sil", "Cor", "Ed", "Ro", "Fe", "Ji"),
     ("ri", "na", "ci", "le", "to"),
     ("Bar", "Sal", "Mon", "Quin", "Val", "Cas", "Fer", "Tor", "Pa"),
     ("ez", "ado", "ino", "eira", "es")),
    (("Dmi", "Ole", "Vla", "Bo", "Mi", "Ka", "Sve", "Yu", "Ta"),
     ("tri", "na", "ra", "sla", "lya"),
     ("Kor", "Pet", "Vol", "Bar", "Sok", "Zha", "Lis", "Mor"),
     ("ov", "ova", "enko", "ski", "ić")),
    (("A", "O", "Ade", "Chi", "Ngo", "Ku", "Ba", "Se", "Ama", "Tu"),
     ("la", "ye", "nde", "mi", "ko"),
     ("Oka", "Mba", "Nya", "Ade", "Ko", "Wa", "Osei", "Eze"),
     ("for", "mbe", "nji", "wu", "yo", "ro")),
    (("Sig", "Ing", "Hal", "Ast", "Bjo", "Kar", "Li", "Ev", "Ul"),
     ("rid", "a", "vor", "ne", "ar"),
     ("Lind", "Berg", "Holm", "Dahl", "Strand", "Fal", "Ny"),
     ("sen", "son", "qvist", "gaard", "strom")),
    (("Jin", "Hae", "Min", "Tae", "Wen", "Hiro", "Yuki", "Ken", "Mei", "So"),
     ("", "ra", "ko", "jun"),
     ("Ta", "Na", "Ho", "Ki", "Mu", "Sa", "Cho", "Wa"),
     ("naka", "ra", "shi", "ng", "moto", "da")),
    (("Ka", "Ha", "Na", "Fa", "Sa", "Ra", "Za", "Yas"),
     ("rim", "mid", "sir", "rah", "mal", "ra"),
     ("Al-Ha", "Ab", "Kha", "Far", "Ra", "Tah", "Qa"),
     ("shimi", "dullah", "zadeh", "ani", "iri")),
)  # fmt: skip
TOWN_ENDS = ("", "ville", "burg", "abad", "pur", "polis", "stad", "ton", "a", "o", " Springs")
TOWN_STARTS = ("", "", "", "San ", "Port ", "Nova ", "Lake ", "Fort ", "Santa ", "New ")
ROLES = {
    "elections": ("opposition leader", "presidential candidate", "party chairman",
                  "electoral commissioner", "campaign manager", "lawmaker"),
    "protests": ("student leader", "union organiser", "police chief", "activist",
                 "interior minister", "rights lawyer"),
    "economy": ("finance minister", "central bank governor", "economist", "chief executive",
                "trade minister", "analyst"),
    "courts": ("judge", "chief prosecutor", "defence lawyer", "justice minister",
               "attorney general", "court spokesperson"),
    "health": ("health minister", "epidemiologist", "hospital director", "doctor",
               "nurses' union leader", "public health official"),
    "disasters": ("governor", "rescue coordinator", "relief official", "mayor",
                  "meteorologist", "aid worker"),
    "sport": ("coach", "captain", "striker", "goalkeeper", "federation president", "referee"),
    "diplomacy": ("foreign minister", "ambassador", "envoy", "prime minister", "president",
                  "defence minister"),
    "conflict": ("army spokesman", "rebel commander", "defence minister", "general",
                 "militia leader", "UN monitor"),
    "environment": ("environment minister", "energy minister", "climate scientist",
                    "campaigner", "mining executive", "forestry official"),
}
TOPICS = tuple(ROLES)
ORG_WORDS = {
    "elections": (("National", "Democratic", "Popular", "United", "Progressive", "Social"),
                  ("Renewal Party", "Alliance", "Front", "Movement", "Congress", "Reform Party")),
    "protests": (("Students'", "Teachers'", "Dockworkers'", "Farmers'", "Nurses'", "Citizens'"),
                 ("Federation", "Union", "Collective", "Assembly", "Coalition")),
    "economy": (("", "", "Consolidated", "Pacific", "Northern"),
                ("Holdings", "Mining", "Bank", "Textiles", "Energy", "Logistics")),
    "courts": (("Supreme", "Constitutional", "High", "Appeals", "District"), ("Court",)),
    "health": (("National", "General", "Regional", "Children's"),
               ("Health Institute", "Hospital", "Medical Association", "Laboratory")),
    "disasters": (("National", "Provincial", "Civil"),
                  ("Disaster Management Agency", "Emergency Service", "Red Cross", "Relief Fund")),
    "sport": (("", "Real", "Athletic", "Sporting"),
              ("United", "Rovers", "City", "Wanderers", "FC")),
    "diplomacy": (("Foreign", "Defence", "Trade"), ("Ministry",)),
    "conflict": (("Liberation", "Patriotic", "Revolutionary", "People's"),
                 ("Front", "Army", "Brigades", "Movement")),
    "environment": (("Green", "Clean", "National"), ("Energy Agency", "Climate Council", "Trust")),
}
THINGS = {
    "elections": ("the results", "the vote count", "the runoff", "the new electoral law",
                  "the voter register", "the ballot", "the campaign finance rules"),
    "protests": ("the fuel price rise", "the curfew", "the ban on demonstrations",
                 "the new labour code", "the pension reform", "the university fees"),
    "economy": ("the budget", "the tax reform", "the trade deal", "the loan agreement",
                "the import tariffs", "the subsidy cuts", "the wage freeze"),
    "courts": ("the ruling", "the indictment", "the appeal", "the verdict", "the sentence",
               "the extradition request", "the bail conditions"),
    "health": ("the vaccination campaign", "the outbreak", "the quarantine rules",
               "the hospital budget", "the emergency plan", "the drug shortage"),
    "disasters": ("the evacuation order", "the relief effort", "the flood warning",
                  "the reconstruction plan", "the search operation", "the emergency fund"),
    "sport": ("the transfer", "the suspension", "the final", "the title race",
              "the doping inquiry", "the new stadium"),
    "diplomacy": ("the treaty", "the ceasefire proposal", "the sanctions", "the summit",
                  "the border agreement", "the visa rules", "the peace plan"),
    "conflict": ("the ceasefire", "the offensive", "the blockade", "the truce",
                 "the prisoner exchange", "the withdrawal plan"),
    "environment": ("the mining licence", "the emissions target", "the dam project",
                    "the logging ban", "the carbon tax", "the pipeline"),
}
COUNTED = {
    "elections": ("votes", "polling stations", "seats", "voters", "candidates"),
    "protests": ("protesters", "people", "demonstrators", "students", "workers"),
    "economy": ("jobs", "companies", "households", "workers", "tonnes of grain"),
    "courts": ("defendants", "witnesses", "cases", "people", "pages of evidence"),
    "health": ("cases", "patients", "deaths", "doses", "hospital beds"),
    "disasters": ("people", "homes", "families", "villages", "hectares"),
    "sport": ("spectators", "fans", "points", "goals", "matches"),
    "diplomacy": ("diplomats", "delegates", "troops", "refugees", "prisoners"),
    "conflict": ("soldiers", "civilians", "fighters", "people", "families"),
    "environment": ("hectares", "tonnes of carbon", "species", "wells", "trees"),
}
TYPES = {
    "elections": ("ACCUSE", "REJECT", "SUPPORT", "REQUEST", "PROTEST"),
    "protests": ("PROTEST", "COERCE", "MOBILIZE", "REQUEST", "THREATEN"),
    "economy": ("AGREE", "REJECT", "REQUEST", "COOPERATE", "SANCTION"),
    "courts": ("ACCUSE", "COERCE", "CONCEDE", "REJECT"),
    "health": ("AID", "REQUEST", "COOPERATE", "ACCUSE"),
    "disasters": ("AID", "REQUEST", "COOPERATE", "SUPPORT"),
    "sport": ("SUPPORT", "ACCUSE", "CONSULT", "REJECT"),
    "diplomacy": ("CONSULT", "AGREE", "SANCTION", "COOPERATE", "THREATEN"),
    "conflict": ("ASSAULT", "RETREAT", "THREATEN", "COERCE", "MOBILIZE"),
    "environment": ("PROTEST", "REJECT", "AGREE", "SANCTION", "REQUEST"),
}
# Event verbs that take a thing, not an actor, for object; and intransitive ones, with the
# preposition they take. Any other verb of the lexicon takes an actor.
THING_OBJECT = {
    "declare", "proclaim", "promise", "pledge", "vow", "offer", "deny", "ratify", "sign",
    "veto", "cancel", "impose", "reimpose", "lift", "suspend", "revoke", "waive", "uphold",
    "validate", "certify", "contest", "dispute", "reject", "accept", "endorse", "boycott",
    "breach", "violate", "flout", "sabotage", "seize", "confiscate", "nationalize",
    "expropriate", "freeze", "censor", "donate", "guarantee", "request", "demand", "seek",
    "investigate", "probe", "extend", "swap", "amass", "repudiate", "disavow", "relinquish",
    "cede", "ease", "sever", "annex", "occupy", "blockade", "protest", "oppose", "decry",
    "deplore", "welcome", "applaud", "question", "defend", "support", "block",
}
INTRANSITIVE = {
    "resign": "over", "riot": "over", "march": "against", "relent": "on", "retreat": "from",
    "surrender": "to", "demonstrate": "against", "clash": "with", "rally": "against",
    "complain": "about", "apologise": "for", "apologize": "for", "cooperate": "with",
    "collaborate": "with", "consent": "to", "accede": "to", "insist": "on", "agree": "to",
    "renege": "on", "partner": "with", "side": "with", "stand": "with",
}
IRREGULAR = {
    "break": "broke", "cut": "cut", "forgive": "forgave", "freeze": "froze", "meet": "met",
    "seek": "sought", "send": "sent", "shoot": "shot", "shut": "shut", "sit": "sat",
    "speak": "spoke", "stand": "stood", "withdraw": "withdrew", "write": "wrote",
    "hand": "handed", "lock": "locked", "round": "rounded", "crack": "cracked",
}
DOUBLED = {"ban", "bar", "commit", "expel", "strip", "swap", "kidnap", "dub", "slam", "patrol",
           "cancel", "step", "label", "plan", "rebel", "compel", "control", "equip"}  # fmt: skip
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "last week", "earlier this month", "late on Tuesday", "overnight",
        "on Friday evening", "this morning", "two days ago")  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")  # fmt: skip
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
CURRENCIES = ("pesos", "shillings", "rupees", "naira", "dinars", "kroner", "rand", "reais")
SAID = ("said", "told reporters", "said in a statement", "told a news conference",
        "wrote on social media", "said in an interview", "added", "warned")  # fmt: skip


@dataclass
class Verb:
    past: str  # "accused", "called on", "clashed with"
    lemma: str
    objects: tuple[str, ...]  # the lexicon's object nouns ("ambassador"), "actor" for an actor


def past(lemma: str) -> str:
    """The past tense of a regular or listed irregular verb."""
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    if lemma in DOUBLED:
        return lemma + lemma[-1] + "ed"
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


@lru_cache(maxsize=2)
def verbs_by_type(path: Path = EVENT_VERBS) -> dict[str, tuple[Verb, ...]]:
    """The lexicon's event verbs by PLOVER type, each in the past tense with its particle."""
    out: dict[str, list[Verb]] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["events"]:
        if entry.get("pos") != "VERB" or " " in entry["lemma"]:
            continue
        lemma = entry["lemma"]
        particle = (entry.get("with") or [INTRANSITIVE.get(lemma, "")])[0]
        words = f"{past(lemma)} {particle}".strip()
        objects = tuple(str(o) for o in entry.get("objects") or [])
        out.setdefault(entry["type"], []).append(Verb(words, lemma, objects))
    return {t: tuple(v) for t, v in out.items()}


@lru_cache(maxsize=1)
def countries() -> tuple:
    """(name, capital, demonym) of every country that has a capital and a demonym."""
    return tuple((c.name, c.capitals[0], c.demonyms[0])
                 for _, c in sorted(load_countries().items())
                 if c.capitals and c.demonyms)  # fmt: skip


def plural(noun: str) -> str:
    if noun in ("people", "police", "military", "personnel", "staff", "aid", "help", "food"):
        return noun
    if noun == "person":
        return "people"
    if noun.endswith(("s", "sh", "ch")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def cap(text: str) -> str:
    """The text with its first letter in capitals (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


class Writer:
    """Writes one article on one topic, set in one country, with its own cast."""

    def __init__(self, rng: random.Random, topic: str, date: dt.date) -> None:
        self.rng, self.topic, self.date = rng, topic, date
        self.country, self.capital, self.demonym = rng.choice(countries())
        self.neighbour = rng.choice(countries())
        self.style = rng.choice(STYLES)
        self.cast = [self.person() for _ in range(rng.randint(2, 6))]
        self.orgs = [self.org() for _ in range(rng.randint(1, 3))]
        self.towns = [self.town() for _ in range(rng.randint(1, 3))]

    # names and places
    def word(self, first: tuple, middle: tuple, end: tuple = ("",)) -> str:
        r = self.rng
        return r.choice(first) + r.choice(middle) * r.randint(0, 1) + r.choice(end)

    def person(self) -> tuple[str, str]:
        """(full name, role) of a new person, mostly of the article's naming style."""
        r = self.rng
        given, given2, sur, ends = self.style if r.random() < 0.8 else r.choice(STYLES)
        first = self.word(given, given2)
        last = self.word(sur, given2, ends)
        if r.random() < 0.15:
            last += "-" + self.word(sur, given2, ends)
        if r.random() < 0.1:
            first += f" {r.choice('ABCDEFGHJKLMNPRST')}."
        return f"{first} {last}", r.choice(ROLES[self.topic])

    def org(self) -> str:
        r = self.rng
        adjectives, nouns = ORG_WORDS[self.topic]
        kind = r.random()
        if kind < 0.3:
            head = self.demonym
        elif kind < 0.5:
            head = self.word(*self.style[2:4])
        else:
            head = r.choice(adjectives)
        if self.topic == "sport" and r.random() < 0.5:
            head = self.town()
        return f"{head} {r.choice(nouns)}".strip()

    def town(self) -> str:
        r = self.rng
        return (r.choice(TOWN_STARTS) + self.word(self.style[2], self.style[1], TOWN_ENDS)).strip()

    def actor(self) -> str:
        """Someone or something that acts, in one of the ways news writing names it."""
        r = self.rng
        name, role = r.choice(self.cast)
        surname = name.split()[-1]
        return r.choice((
            name, surname, f"{role.capitalize()} {name}", f"{name}, the {role},",
            f"the {self.demonym} government", f"the {r.choice(self.orgs)}", self.capital,
            f"{self.country}", f"the {role}", f"{self.neighbour[2]} officials",
            f"the authorities in {self.capital}", f"{surname}'s allies",
        ))  # fmt: skip

    def plain_actor(self) -> str:
        return self.actor().rstrip(",")

    # numbers in many forms
    def spelled(self, n: int) -> str:
        if n < 20:
            return ONES[n]
        if n < 100:
            return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
        rest = n % 100
        return f"{ONES[n // 100]} hundred" + (f" and {self.spelled(rest)}" if rest else "")

    def count(self) -> str:
        r = self.rng
        n = int(10 ** r.uniform(0.5, 5.5))
        return r.choice((
            f"{n:,}", self.spelled(min(n, 999)), f"about {n:,}", f"more than {n:,}",
            f"{r.uniform(1.1, 9.9):.1f} million", f"between {n:,} and {n * 2:,}",
            f"{n % 900 + 2}-{n % 900 + r.randint(5, 50)}", "hundreds of", "dozens of", "a dozen",
            f"nearly {self.spelled(r.randint(2, 99))}", f"at least {n:,}",
        ))  # fmt: skip

    def share(self) -> str:
        r = self.rng
        x = r.uniform(0.5, 95)
        return r.choice((f"{x:.1f}%", f"{x:.0f} percent", f"{x:.1f} per cent", "nearly a third",
                         f"{x:.0f}% to {x + r.uniform(1, 4):.0f}%", "about half",
                         f"{self.spelled(int(x))} percent"))  # fmt: skip

    def money(self) -> str:
        r = self.rng
        x = r.uniform(1.2, 950)
        return r.choice((f"${x:.1f} billion", f"€{x:.0f} million", f"US${x:.2f} million",
                         f"{x:.1f} billion {r.choice(CURRENCIES)}", f"£{int(x * 1000):,}",
                         f"{int(x):,} million {r.choice(CURRENCIES)}",
                         f"between ${int(x):,} million and ${int(x * 1.5):,} million"))  # fmt: skip

    def when(self) -> str:
        r = self.rng
        return r.choice((*DAYS, f"on {r.choice(MONTHS)} {r.randint(1, 28)}",
                         f"on {r.randint(1, 28)} {r.choice(MONTHS)} {self.date.year}",
                         f"in {r.choice(MONTHS)}", f"in {r.randint(1990, self.date.year)}"))

    # clauses and sentences
    def event(self) -> str:
        """An event clause: an actor, a verb of the lexicon, what it is done to."""
        r = self.rng
        verb = r.choice(verbs_by_type()[r.choice(TYPES[self.topic])])
        if verb.objects and verb.objects != ("actor",):
            noun = r.choice([o for o in verb.objects if o != "actor"] or ["measure"])
            target = f"the {noun}" if r.random() < 0.5 else f"its {plural(noun)}"
        elif verb.lemma in THING_OBJECT or (
            verb.lemma in INTRANSITIVE and verb.past.split()[-1] not in ("with", "to")
        ):
            target = r.choice(THINGS[self.topic])
        else:
            target = self.plain_actor()
        if verb.past.endswith(" of"):  # "stripped X of its powers"
            return f"{self.actor()} {verb.past[:-3]} {target} of {r.choice(THINGS[self.topic])}"
        return f"{self.actor()} {verb.past} {target}"

    def figure(self) -> str:
        r = self.rng
        what = r.choice(COUNTED[self.topic])
        thing = r.choice(THINGS[self.topic])
        return r.choice((
            f"{self.count()} {what} were affected",
            f"the number of {what} rose by {self.share()}",
            f"{thing} would cost {self.money()}",
            f"{self.count()} {what} had been counted by the end of {r.choice(MONTHS)}",
            f"{self.share()} of those asked backed {thing}",
            f"the {r.choice(self.orgs)} put the number of {what} at {self.count()}",
            f"{thing} had already cost {self.money()} and {self.count()} {what}",
            f"turnout was {self.share()}",
        ))  # fmt: skip

    def clause(self) -> str:
        return self.event() if self.rng.random() < 0.6 else self.figure()

    def short(self) -> str:
        r = self.rng
        name = r.choice(self.cast)[0].split()[-1]
        return r.choice((f"{name} declined to comment.", "Nobody was hurt.",
                         f"The talks resume {r.choice(DAYS)}.", "It was not the first time.",
                         f"Turnout was {self.share()}.", "Calm returned.", f"{name} denied it.",
                         f"{cap(self.count())} people attended.", "Talks failed."))

    def quote(self) -> str:
        r = self.rng
        name, role = r.choice(self.cast)
        thing = r.choice(THINGS[self.topic])
        said = r.choice(SAID)
        words = r.choice((f"We will not accept {thing}", f"This is about {thing}, nothing else",
                          f"Nobody here trusts {thing} any more",
                          f"The people of {self.country} deserve better than this",
                          f"We expected {self.count()} and got far more"))  # fmt: skip
        return r.choice((f"“{words},” {name}, the {role}, {said}.",
                         f'"{words}," said {name}.',
                         f"{name} {said} that {self.clause()}.",
                         f"“{words}. {cap(self.clause())},” the {role} {said}."))

    def long(self) -> str:
        """A sentence of 60 words or more: subordinate clauses, a relative clause, a list."""
        r = self.rng
        parts = [self.clause()]
        while len(" ".join(parts).split()) < r.randint(60, 90):
            parts.append(r.choice((
                f"after {self.clause()}", f"although {self.clause()}", f"while {self.clause()}",
                f"which came {r.choice(DAYS)} as {self.clause()}",
                f"because {self.clause()}", f"in {self.town()}, where {self.clause()}",
                "with " + ", ".join(self.plain_actor() for _ in range(r.randint(2, 4)))
                + f" and {self.plain_actor()} among those present",
                f"according to {r.choice(self.orgs)}, which said that {self.clause()}",
            )))  # fmt: skip
        return cap(", ".join(parts)) + "."

    def sentence(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.12:
            return self.short()
        if kind < 0.3:
            return self.quote()
        if kind < 0.36:
            return self.long()
        text = self.clause() + r.choice(("", f" {self.when()}", f" in {self.town()}",
                                         f", {self.plain_actor()} said"))
        return cap(text) + "."

    def dateline(self) -> str:
        r = self.rng
        place = r.choice((self.capital.upper(), self.capital, r.choice(self.towns)))
        agency = self.word(*self.style[2:4]) + " " + r.choice(("News", "Press", "Wire"))
        return r.choice((f"{place} ({agency}) — ", f"{place}, {self.date:%B} {self.date.day} — ",
                         f"{place}: ", ""))  # fmt: skip

    def headline(self) -> str:
        return cap(self.event()).rstrip(",")[:90]


def generated_article(rng: random.Random, date: dt.date, long: bool) -> tuple[str, list[str]]:
    """A headline and the paragraphs of a new article on a random topic."""
    writer = Writer(rng, rng.choice(TOPICS), date)
    n = rng.randint(150, 220) if long else rng.randint(6, 30)
    sentences = [writer.sentence() for _ in range(n)]
    paragraphs, i = [], 0
    while i < n:
        step = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[i : i + step]))
        i += step
    paragraphs[0] = writer.dateline() + paragraphs[0]
    return writer.headline(), paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--raw", type=Path, default=Path("data/raw"))
    parser.add_argument("--share", type=float, default=GENERATED_SHARE,
                        help="share of generated articles (0: all recombined, 1: all generated)")
    args = parser.parse_args()
    paths = make_corpus(args.raw, args.out, args.docs, share=args.share)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
