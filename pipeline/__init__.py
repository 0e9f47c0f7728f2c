"""actas: raw news texts to events, actors, figures and their sources (plain Python engine)."""

__version__ = "0.1.0"
