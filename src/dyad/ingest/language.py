"""Detect a document's language, so that only English text is analysed.

py3langid ships its model inside the package (nothing is fetched) and
classifies a page in well under a millisecond.
"""

from __future__ import annotations

from functools import cache
from typing import Any

UNDETERMINED = "und"


@cache
def _identifier() -> Any:
    """Load the language model once per process, with normalised probabilities."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_letters: int = 40) -> str:
    """Return an ISO 639-1 code, or `und` when the text is too short to tell."""
    letters = sum(1 for ch in text[:5000] if ch.isalpha())
    if letters < min_letters:
        return UNDETERMINED
    lang, _prob = _identifier().classify(text[:5000])
    return str(lang)
