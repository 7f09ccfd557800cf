"""Arabic text normalisation: small pure functions composed into `normalize()`.

Every function maps one character to exactly one character (or deletes nothing),
so offsets in normalised text equal offsets in the original. Deletions (diacritics,
tatweel) are done by replacing with a placeholder-free scheme: we keep the length by
mapping them to a zero-width marker and stripping those markers only in `key()`,
which is used for dictionary keys, never for spans.
"""
from __future__ import annotations

import re

# Diacritics (harakat, tanwin, shadda, sukun, dagger alef) and tatweel.
_DIACRITICS = "\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0653\u0654\u0655\u0670"
_TATWEEL = "\u0640"
_MARK = "\u200B"  # zero-width space keeps offsets while hiding a deleted character

_ALEF = str.maketrans({c: "\u0627" for c in "\u0623\u0625\u0622\u0671\u0672\u0673"})
_TEH_MARBUTA = str.maketrans({"\u0629": "\u0647"})
_ALEF_MAQSURA = str.maketrans({"\u0649": "\u064A"})
# Persian/Urdu forms seen in some official releases: ی ک ھ ہ ۀ
_PERSIAN = str.maketrans({"\u06CC": "\u064A", "\u06A9": "\u0643", "\u06BE": "\u0647",
                          "\u06C1": "\u0647", "\u06C0": "\u0647", "\u06D2": "\u064A"})
_HAMZA_SEATS = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064A"})
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)},
                         "\u066B": ".", "\u066C": ",", "\u060C": "،"})
_HIDE = str.maketrans({c: _MARK for c in _DIACRITICS + _TATWEEL})
_QUOTES = str.maketrans({c: '"' for c in "“”«»„‟″"})
# Latin capitals fold to lower case (one character for one), so English text and the
# Latin names in Arabic text match their lexicon keys whatever their case.
_LATIN_CASE = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
# All of the above in one table: one pass over the text instead of eight.
_ALL = {}
for _table in (_ALEF, _TEH_MARBUTA, _ALEF_MAQSURA, _PERSIAN, _HAMZA_SEATS, _DIGITS, _HIDE, _QUOTES):
    _ALL.update(_table)
_ALL_CASED = dict(_ALL)          # for regex sources: "\S" must stay "\S"
_ALL.update(_LATIN_CASE)
_MARK_RE = re.compile(_MARK)
_UNMARKED_RUN = re.compile(f"[^{_MARK}]+")
_SPACE_RE = re.compile(r"\s+")


def normalize_alef(s: str) -> str:
    """أ إ آ ٱ → ا"""
    return s.translate(_ALEF)


def normalize_teh_marbuta(s: str) -> str:
    """ة → ه"""
    return s.translate(_TEH_MARBUTA)


def normalize_alef_maqsura(s: str) -> str:
    """ى → ي"""
    return s.translate(_ALEF_MAQSURA)


def normalize_persian_letters(s: str) -> str:
    """ی → ي, ک → ك, ھ → ه"""
    return s.translate(_PERSIAN)


def normalize_hamza_seats(s: str) -> str:
    """ؤ → و, ئ → ي"""
    return s.translate(_HAMZA_SEATS)


def normalize_digits(s: str) -> str:
    """Arabic-Indic and Persian digits → ASCII; Arabic decimal/thousands marks → . ,"""
    return s.translate(_DIGITS)


def hide_diacritics(s: str) -> str:
    """Replace harakat and tatweel with a zero-width mark (length preserved)."""
    return s.translate(_HIDE)


def normalize(s: str) -> str:
    """Length-preserving normalisation; deleted characters become a zero-width mark.

    >>> len(normalize("هَجِين")) == len("هَجِين")
    True
    """
    return s.translate(_ALL)


def normalize_pattern(rx: str) -> str:
    r"""`normalize()` for a regex source written with Arabic letters: the letters are
    folded like text, Latin letters (escapes such as \S, \W) keep their case.

    >>> normalize_pattern(r"قرية\S+") == "قريه" + r"\S+"
    True
    """
    return rx.translate(_ALL_CASED)


def key(s: str) -> str:
    """Normalised form with deletions applied and spaces folded: for lexicon keys.

    >>> key("الباغُوز  فوقاني")
    'الباغوز فوقاني'
    """
    return _SPACE_RE.sub(" ", _MARK_RE.sub("", normalize(s))).strip()


class Text:
    """An article or sentence normalised for matching, with offsets back to the original.

    `norm` is `key()`-style text (marks removed, spaces kept as they are); `orig(i)`
    maps an index in `norm` to the index in the original string.

    >>> t = Text("قرية البُقعان")
    >>> t.norm
    'قريه البقعان'
    >>> t.original[t.orig(5):t.orig(12)]
    'البُقعان'
    """
    __slots__ = ("original", "norm", "_offsets")

    def __init__(self, original: str, marked: str | None = None):
        """`marked`: `normalize(original)` when the caller has it already (a slice of the
        normalised article: normalisation keeps lengths, so slices agree)."""
        self.original = original
        marked = normalize(original) if marked is None else marked
        if _MARK in marked:
            offsets: list[int] = []
            for run in _UNMARKED_RUN.finditer(marked):     # runs of kept characters
                offsets.extend(range(run.start(), run.end()))
            offsets.append(len(marked))
            self._offsets = offsets
            self.norm = marked.replace(_MARK, "")
        else:
            self._offsets = None
            self.norm = marked

    def orig(self, i: int) -> int:
        return i if self._offsets is None else self._offsets[i]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        if self._offsets is None:
            return start, end
        return self._offsets[start], (self._offsets[end - 1] + 1 if end > start else self._offsets[start])
