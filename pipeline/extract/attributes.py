"""The model's rule-based stages applied to whole columns: its attribute rules (tag to part
of speech and morphology, and their exceptions) and its lemmatizer. The annotations are
spaCy's own; together the two took a fifth of the model's time and now take a hundredth.

spaCy's ruler runs a `Matcher` of all its rules over every token and then sets each match's
attributes token by token; on news text that costs about a seventh of the model's time. Here
each rule is a test over columns of the whole document (LOWER, TAG, DEP, IS_SPACE), the rules
are applied in the ruler's own order, later ones overriding, and the columns written back at
once. The lemmatizer's lemma is a function of a token's form, part of speech and morphology
(spaCy caches it so); here it is looked up per distinct triple, not per token.

If the model has a rule this module cannot read (a key, operator or attribute other than
those below), the model keeps spaCy's ruler. tests/test_attributes.py compares both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.util import minibatch

_COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
_READ = [LOWER, TAG, DEP, IS_SPACE]
_WRITTEN = (POS, MORPH, LEMMA, TAG, DEP)  # what a rule may set; other attributes fall back

Test = Callable[[np.ndarray, "_Strings"], np.ndarray]  # (columns, strings) -> mask per token


class _Strings:
    """The lower-case form of each token, made only if a rule needs it (a REGEX)."""

    def __init__(self, strings: StringStore, lower: np.ndarray):
        self.strings, self.lower, self._forms = strings, lower, None

    def matching(self, pattern: re.Pattern) -> np.ndarray:
        if self._forms is None:
            unique, inverse = np.unique(self.lower, return_inverse=True)
            self._forms = ([self.strings[int(h)] for h in unique], inverse)
        forms, inverse = self._forms
        return np.array([bool(pattern.search(f)) for f in forms], dtype=bool)[inverse]


def _value_test(column: int, value: object, strings) -> Test | None:
    """A test of one key of a token pattern, or None when this module cannot read it."""
    if column == _COLUMNS["IS_SPACE"]:
        if not isinstance(value, bool):
            return None
        return lambda cols, _: cols[:, column] == int(value)
    if isinstance(value, str):
        wanted = strings.add(value)
        return lambda cols, _: cols[:, column] == wanted
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        wanted = np.array([strings.add(v) for v in arg], dtype=np.uint64)
        inside = op == "IN"
        return lambda cols, _: np.isin(cols[:, column], wanted) == inside
    if op == "REGEX" and isinstance(arg, str) and column == _COLUMNS["LOWER"]:
        pattern = re.compile(arg)
        return lambda _, forms: forms.matching(pattern)
    return None


def _token_test(spec: dict, strings) -> Test | None:
    tests = []
    for key, value in spec.items():
        test = _value_test(_COLUMNS[key], value, strings) if key in _COLUMNS else None
        if test is None:
            return None
        tests.append(test)

    def test(cols: np.ndarray, forms: _Strings) -> np.ndarray:
        mask = np.ones(len(cols), dtype=bool)
        for one in tests:
            mask &= one(cols, forms)
        return mask

    return test


class _Rule:
    """One rule: its patterns as token tests, where it sets its attributes, and what."""

    def __init__(self, patterns: list[list[Test]], index: int, attrs: dict[int, int]):
        self.patterns, self.index, self.attrs = patterns, index, attrs

    def targets(self, cols: np.ndarray, forms: _Strings, doc_of: np.ndarray) -> np.ndarray:
        """Positions of the tokens the rule sets: one per match of any of its patterns. The
        columns may hold several documents (`doc_of` says whose each token is): a match lies
        within one."""
        n, found = len(cols), []
        for tests in self.patterns:
            width = len(tests)
            if width > n:
                continue
            starts = doc_of[: n - width + 1] == doc_of[width - 1 :]
            for offset, test in enumerate(tests):
                starts &= test(cols, forms)[offset:offset + n - width + 1]
            found.append(np.flatnonzero(starts) + self.index % width)
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.intp)


class AttributeRules:
    """Sets the attributes an `AttributeRuler`'s rules set (see the module docstring)."""

    def __init__(self, rules: list[_Rule] | None = None):
        self.rules = rules or []

    @classmethod
    def read(cls, ruler: AttributeRuler) -> AttributeRules | None:
        """The ruler's rules, in its order; None if one of them has a key, an operator or an
        attribute this module does not handle."""
        rules = []
        for number, rule in enumerate(ruler.patterns):
            attrs = dict(ruler.attrs[number])
            tests = [[_token_test(spec, ruler.vocab.strings) for spec in pattern]
                     for pattern in rule["patterns"]]  # fmt: skip
            index = ruler.indices[number]
            readable = all(t is not None for p in tests for t in p) and set(attrs) <= set(_WRITTEN)
            if not tests or not readable or any(not -len(p) <= index < len(p) for p in tests):
                return None
            rules.append(_Rule(tests, index, attrs))
        return cls(rules)

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Documents a batch at a time: one test of each rule per batch, not per document."""
        for batch in minibatch(docs, size=batch_size):
            self._apply(batch)
            yield from batch

    def _apply(self, docs: list[Doc]) -> None:
        docs = [d for d in docs if len(d)]
        if not docs:
            return
        cols = np.concatenate([d.to_array(_READ) for d in docs])
        doc_of = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
        forms = _Strings(docs[0].vocab.strings, cols[:, 0])
        # Every rule's matches are found before any is applied, on the documents as they came.
        found = [(rule, rule.targets(cols, forms, doc_of)) for rule in self.rules]
        written = np.concatenate([d.to_array(list(_WRITTEN)) for d in docs])
        changed: set[int] = set()
        for rule, targets in found:
            if len(targets):
                for attr, value in rule.attrs.items():
                    column = _WRITTEN.index(attr)
                    written[targets, column] = value
                    changed.add(column)
        if not changed:
            return
        order = sorted(changed)
        attrs, start = [_WRITTEN[c] for c in order], 0
        for doc in docs:
            doc.from_array(attrs, written[start:start + len(doc), order])
            start += len(doc)


@Language.factory("actas_attribute_rules")
def make_attribute_rules(nlp: Language, name: str) -> AttributeRules:
    """An empty set of rules: `faster_rules` fills it with the model's own."""
    return AttributeRules()


def faster_rules(nlp: Language) -> Language:
    """The model with its `attribute_ruler` replaced by `AttributeRules` of the same rules, if
    this module can read them all; otherwise unchanged."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    rules = AttributeRules.read(nlp.get_pipe("attribute_ruler"))
    if rules is None:
        return nlp
    position = nlp.pipe_names.index("attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    place = {"before": position} if position < len(nlp.pipe_names) else {"last": True}
    nlp.add_pipe("actas_attribute_rules", **place).rules = rules.rules
    return nlp


class Lemmas:
    """Sets the lemmas a rule-based `Lemmatizer` sets, asking it once per distinct form, part
    of speech and morphology (see the module docstring)."""

    def __init__(self, lemmatizer: Lemmatizer | None = None):
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        strings = doc.vocab.strings
        # The lemmatizer leaves alone a lemma set earlier (by the attribute rules).
        for i in np.flatnonzero(lemmas == 0).tolist():
            key = (int(columns[i, 0]), int(columns[i, 1]), int(columns[i, 2]))
            if key not in self.known:
                self.known[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = self.known[key]
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("actas_lemmas")
def make_lemmas(nlp: Language, name: str) -> Lemmas:
    """No lemmatizer yet: `faster_lemmas` gives it the model's own."""
    return Lemmas()


def faster_lemmas(nlp: Language) -> Language:
    """The model with its rule-based `lemmatizer` (not overwriting earlier lemmas) wrapped in
    `Lemmas`; any other lemmatizer is left as it is."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule" or (
        lemmatizer.overwrite
    ):
        return nlp
    position = nlp.pipe_names.index("lemmatizer")
    nlp.remove_pipe("lemmatizer")
    place = {"before": position} if position < len(nlp.pipe_names) else {"last": True}
    nlp.add_pipe("actas_lemmas", **place).lemmatizer = lemmatizer
    return nlp
