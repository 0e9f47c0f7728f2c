from pandera.typing import Series

from schemas._fields import InBody, column


class ActorMentions(InBody):
    """One row per place in a body that names or describes an actor."""

    actor_id: Series[str] = column("VARCHAR", "The actor named or described (actors.actor_id).")

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "start", "end"]
