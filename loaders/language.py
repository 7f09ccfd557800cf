"""Which language pack reads an article: its front matter's `language`, else its script."""
from __future__ import annotations

import re

_ARABIC = re.compile(r"[\u0600-\u06FF]+")
_LATIN = re.compile(r"[A-Za-z]+")


def detect_language(text: str, front_matter_language: str | None = None) -> str:
    """The article's language code: the front matter's `language` when given (lower-cased,
    "en-GB" → "en"), else "en" when Latin letters outnumber Arabic ones, else "ar".

    >>> detect_language("قتل 5 مدنيين"), detect_language("Five civilians were killed"), detect_language("x", "EN-gb")
    ('ar', 'en', 'en')
    """
    if front_matter_language and str(front_matter_language).strip():
        return re.split(r"[-_]", str(front_matter_language).strip().lower())[0]
    # (counted as what a deletion removes: no list of one-letter strings)
    arabic = len(text) - len(_ARABIC.sub("", text))
    latin = len(text) - len(_LATIN.sub("", text))
    return "en" if latin > arabic else "ar"
