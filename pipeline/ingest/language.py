"""Which language a text is in, with lingua (75 languages, models shipped in its wheel).

The detector runs in lingua's low-accuracy mode: it reads letter trigrams only, which is
reliable for the few hundred characters a news text has at the least, loads about 55 MB
(half a second) once per process and keeps them, and never loads the larger models that its
high-accuracy mode builds for short snippets (about 1 GB for all languages). Names read as any
language, so a short text is judged by its lower-case words only, and taken as English unless
they are clearly not.
"""

from __future__ import annotations

import re
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_LETTERS = 120  # below this lingua's trigram mode is unreliable (its own documented limit)
MIN_CONFIDENCE = 0.5  # a text whose likeliest language has less shows no language clearly
SHORT_TEXT_CONFIDENCE = 0.99  # a few English words can score up to ~0.95 as French or Latvian
SAMPLE_CHARS = 1000  # about 150 words: ample for trigrams; 3000 took twice as long


@cache
def _detector() -> LanguageDetector:
    """The detector; its models load as texts need them (all of them by a few English texts)."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> str | None:
    """ISO 639-1 code of the likeliest language, or None when no language is evident."""
    sample = text[:sample_chars]
    letters = len(_LETTERS.findall(sample))
    if not letters:
        return None
    if letters < MIN_LETTERS:
        return _short_text_language(sample)
    best = _detector().compute_language_confidence_values(sample)[0]
    if best.value < MIN_CONFIDENCE:
        return None
    return best.language.iso_code_639_1.name.lower()


def _short_text_language(sample: str) -> str:
    words = " ".join(w for w in _WORDS.findall(sample) if w[0].islower())
    if not words:
        return "en"
    best = _detector().compute_language_confidence_values(words)[0]
    if best.value < SHORT_TEXT_CONFIDENCE:
        return "en"
    return best.language.iso_code_639_1.name.lower()


def language_name(code: str | None) -> str:
    """The English name of an ISO 639-1 code ("es" -> "Spanish"), for messages."""
    iso = getattr(IsoCode639_1, (code or "").upper(), None)
    return Language.from_iso_code_639_1(iso).name.title() if iso else code or "no known language"
