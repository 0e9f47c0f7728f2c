"""Word lists that several stages share, each kept in one place.

Lemmas are lower-case spaCy lemmas. A stage that needs a narrower list says so where it
uses this one instead of keeping a copy of its own.
"""

from __future__ import annotations

# Verbs whose subject states what the clause (or a quotation) says: "X said", "X told",
# "X estimated", "X accused Y of ...", "X documented 1,200 arrests". Citations and figure
# claimants read attribution from them.
REPORTING_VERBS: frozenset[str] = frozenset({
    "accuse", "acknowledge", "add", "admit", "allege", "announce", "argue", "assert", "break",
    "calculate", "certify", "cite", "claim", "comment", "confirm", "contend", "count",
    "declare", "document", "emphasise", "emphasize", "estimate", "explain", "find",
    "indicate", "insist", "learn", "maintain", "note", "obtain", "post", "predict", "proclaim",
    "publish", "put", "quote", "record", "register", "remark", "reply", "report", "reveal",
    "say", "show", "speak", "state", "stress", "suggest", "talk", "tally", "tell", "testify",
    "tweet", "verify", "warn", "write",
})  # fmt: skip

# Every verb of speaking, also those that ask, deny or promise rather than state ("X urged",
# "X vowed"): the dating of quoted words reads when such a statement was made.
SPEECH_VERBS: frozenset[str] = REPORTING_VERBS | {
    "ask", "deny", "pledge", "promise", "respond", "urge", "vow",
}  # fmt: skip

# Spelled cardinal numbers ("a"/"an" as one: "a dozen", "a year ago").
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip

MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip

# Month names and their usual abbreviations ("sept" too), lower-case, to the month's number.
MONTHS: dict[str, int] = {
    **{name: i + 1 for i, name in enumerate(MONTH_NAMES)},
    **{name[:3]: i + 1 for i, name in enumerate(MONTH_NAMES)},
    "sept": 9,
}

WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip

# Nouns (lemmas) that name people, so that a number counting them counts persons: "twelve
# election monitors", "four aides", "2,229 terrorists". Collective nouns that take a
# count of their members ("200 staff", "thousands of police", "11 crew") are included.
PERSON_NOUNS: frozenset[str] = frozenset({
    # people in general, by age, sex or family
    "person", "people", "individual", "human", "adult", "child", "kid", "minor", "teenager",
    "teen", "youth", "youngster", "boy", "girl", "man", "woman", "baby",
    "infant", "newborn", "elder", "pensioner", "retiree", "relative", "parent", "mother",
    "father", "son", "daughter", "sibling", "brother", "sister", "husband", "wife", "widow",
    "orphan", "friend", "neighbour", "neighbor", "colleague",
    # where people belong or go
    "citizen", "national", "resident", "inhabitant", "civilian", "native", "local",
    "migrant", "emigrant", "immigrant", "refugee", "seeker", "deportee", "evacuee",
    "exile", "expatriate", "expat", "returnee", "tourist", "visitor", "passenger", "traveller",
    "traveler", "pilgrim",
    # politics and civic life
    "voter", "elector", "member", "supporter", "follower", "sympathiser", "sympathizer",
    "activist", "campaigner", "protester", "protestor", "demonstrator", "marcher",
    "dissident", "opponent", "critic", "candidate", "politician", "leader", "aide",
    "adviser", "advisor", "staffer", "staff", "official", "officeholder", "minister",
    "lawmaker", "legislator", "parliamentarian", "deputy", "congressman", "congresswoman",
    "senator", "representative", "delegate", "diplomat", "ambassador", "envoy", "consul",
    "mayor", "governor", "councillor", "councilor", "judge", "magistrate", "justice",
    "prosecutor", "lawyer", "attorney", "observer", "monitor", "inspector", "mediator",
    "negotiator", "participant", "attendee", "signatory", "volunteer", "organiser",
    "organizer", "witness", "whistleblower",
    # force, crime and detention
    "soldier", "troop", "serviceman", "servicewoman", "officer",
    "policeman", "policewoman", "police", "cop", "agent", "guard",
    "marine", "sailor", "airman", "pilot", "recruit", "conscript", "reservist", "veteran",
    "commander", "general", "militiaman", "fighter", "combatant",
    "rebel", "insurgent", "guerrilla", "militant", "gunman", "attacker", "assailant",
    "terrorist", "narcoterrorist", "mercenary", "spy", "informant", "smuggler", "trafficker",
    "dealer", "criminal", "gangster", "bandit", "looter", "rioter",
    "prisoner", "detainee", "inmate", "hostage", "captive", "convict", "suspect",
    "defendant", "accused", "victim", "casualty", "fatality", "survivor", "crew",
    "crewman",
    # work and professions
    "employee", "worker", "labourer", "laborer", "miner", "farmer", "peasant", "fisherman",
    "driver", "trucker", "doctor", "nurse", "physician", "medic", "paramedic", "teacher",
    "professor", "student", "pupil", "graduate", "journalist", "reporter", "correspondent",
    "photographer", "editor", "expert", "analyst", "economist", "scientist", "researcher",
    "academic", "priest", "bishop", "cleric", "nun", "pastor", "worshipper", "executive",
    "director", "manager", "businessman", "businesswoman", "entrepreneur", "investor",
    "shareholder", "owner", "contractor", "engineer", "technician", "athlete", "player",
    "fan", "patient", "beneficiary", "recipient", "applicant", "striker",
})  # fmt: skip

# Nouns that count people through what happened to them: "24 civilian deaths" are 24 people.
PERSON_EVENT_NOUNS: frozenset[str] = frozenset({
    "death", "arrest", "detention", "killing", "execution", "disappearance", "deportation",
    "abduction", "kidnapping", "murder", "homicide", "casualty", "fatality", "injury",
})  # fmt: skip

# Gatherings of protest, and what the people taking part in them are called: "300 people
# were detained during the protests" counts protesters.
PROTEST_NOUNS: frozenset[str] = frozenset({
    "protest", "demonstration", "rally", "march", "riot", "unrest", "uprising", "sit-in",
    "blockade", "mobilisation", "mobilization",
})  # fmt: skip
PROTESTER_NOUNS: frozenset[str] = frozenset({
    "protester", "protestor", "demonstrator", "marcher", "rioter",
})  # fmt: skip
# Nouns that count whoever was there, not a side that a protest faces ("officers", "troops"):
# people counted by them in a protest can be its protesters.
ANYONE_NOUNS: frozenset[str] = PROTESTER_NOUNS | PERSON_EVENT_NOUNS | {
    "person", "people", "individual", "man", "woman", "youth", "teenager", "teen", "minor",
    "child", "kid", "boy", "girl", "adult", "student", "civilian", "resident", "citizen",
    "detainee", "prisoner", "arrestee",
}  # fmt: skip

# Nouns that count a country's armed forces, and verbs by which their owner places them:
# "Seven Peruvian warships", "X deployed 3,000 troops" count X's military.
FORCE_NOUNS: frozenset[str] = frozenset({
    "troop", "soldier", "marine", "paratrooper", "warship", "destroyer", "frigate", "cruiser",
    "corvette", "submarine", "warplane", "bomber", "tank",
})  # fmt: skip
DEPLOY_VERBS: frozenset[str] = frozenset({
    "deploy", "send", "dispatch", "station", "mobilise", "mobilize", "mass", "amass",
    "position", "commit", "withdraw",
})  # fmt: skip
