"""Figures of a built corpus an analyst wants to see before trusting its tables, each with the
threshold past which it deserves a look. None of them stops publishing: a corpus may be odd
and right. They are shown as warning checks in the Dagster UI (assets/checks.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from schemas.arrow_strings import is_in


@dataclass(frozen=True)
class Indicator:
    name: str
    value: float
    threshold: float
    high_is_bad: bool  # warn above the threshold (else below it)
    explanation: str

    @property
    def ok(self) -> bool:
        return self.value <= self.threshold if self.high_is_bad else self.value >= self.threshold

    @property
    def rule(self) -> str:
        return f"{self.name} {'<=' if self.high_is_bad else '>='} {self.threshold:g}"


# An inferred target is the target an earlier sentence gave the same source for the same kind
# of event: a reasoned guess. Past a quarter of all events the target column rests on guesses.
MAX_INFERRED_TARGET_SHARE = 0.25
# News about politics reports several events per text; under one per text the event
# lexicon does not fit the corpus (another language of events, or texts that are not news).
MIN_EVENTS_PER_DOCUMENT = 1.0
# A text without any event is a list, a notice or a story the lexicon misses; a quarter is a lot.
MAX_DOCUMENTS_WITHOUT_EVENTS_SHARE = 0.25
# Past a tenth of the raw files rejected, the raw folder holds the wrong files or a decoder
# misreads them: see rejected_inputs.reason.
MAX_REJECTED_SHARE = 0.1


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def inferred_target_share(events: pd.DataFrame) -> Indicator:
    """Share of events whose target was inferred (events.target_basis = 'inferred')."""
    inferred = int((events["target_basis"] == "inferred").sum())
    return Indicator("inferred_target_share", _share(inferred, len(events)),
                     MAX_INFERRED_TARGET_SHARE, True,
                     f"{inferred} of {len(events)} events have an inferred target")  # fmt: skip


def events_per_document(events: pd.DataFrame, documents: pd.DataFrame) -> Indicator:
    """Events per accepted document (an empty corpus has none)."""
    value = round(len(events) / len(documents), 4) if len(documents) else 0.0
    return Indicator("events_per_document", value, MIN_EVENTS_PER_DOCUMENT, False,
                     f"{len(events)} events in {len(documents)} documents")  # fmt: skip


def documents_without_events_share(documents: pd.DataFrame, events: pd.DataFrame) -> Indicator:
    """Share of accepted documents that no event comes from."""
    without = int((~is_in(documents["doc_id"], events["doc_id"])).sum())
    return Indicator("documents_without_events_share", _share(without, len(documents)),
                     MAX_DOCUMENTS_WITHOUT_EVENTS_SHARE, True,
                     f"{without} of {len(documents)} documents have no event")  # fmt: skip


def rejected_share(rejected: pd.DataFrame, documents: pd.DataFrame) -> Indicator:
    """Share of raw files rejected (rejected_inputs) among all raw files read."""
    files = len(rejected) + len(documents)
    return Indicator("rejected_share", _share(len(rejected), files), MAX_REJECTED_SHARE, True,
                     f"{len(rejected)} of {files} raw files rejected")  # fmt: skip
