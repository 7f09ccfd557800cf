"""Arabic normalisation: one function per phenomenon, composed into normalize()."""
from __future__ import annotations

import pytest

from loaders.normalize import (Text, hide_diacritics, key, normalize, normalize_alef,
                               normalize_alef_maqsura, normalize_digits, normalize_hamza_seats,
                               normalize_persian_letters, normalize_teh_marbuta)


@pytest.mark.parametrize("fn, text, expected", [
    # alef forms
    (normalize_alef, "أبو كمال", "ابو كمال"),
    (normalize_alef, "إدلب آذار ٱلميادين", "ادلب اذار الميادين"),
    # taa marbuta
    (normalize_teh_marbuta, "السوسة", "السوسه"),
    # alef maqsura
    (normalize_alef_maqsura, "قتلى", "قتلي"),
    # Persian/Urdu letters in official releases: تقییماً، کانون، ھجین
    (normalize_persian_letters, "تقییماً کانون ھجین", "تقييماً كانون هجين"),
    # hamza seats
    (normalize_hamza_seats, "مئة مسؤول", "مية مسوول"),
    # Arabic-Indic and Persian digits, Arabic thousands separator
    (normalize_digits, "١٨ تشرين ٢٠١٨ و۳۴٬۵۰۲", "18 تشرين 2018 و34,502"),
])
def test_one_normalisation(fn, text, expected):
    assert fn(text) == expected


def test_diacritics_and_tatweel_are_hidden_without_moving_offsets():
    text = "هَجِين الـ 48"
    hidden = hide_diacritics(text)
    assert len(hidden) == len(text)
    assert hidden.replace("\u200b", "") == "هجين ال 48"


@pytest.mark.parametrize("text", ["أعماق: مقتل ٤٠ مدنيًا في البقعان", "تقییماً ھجین «الشعفة»",
                                  "قُتل ١٢ مدنياً، بينهم إمرأة"])
def test_normalize_is_the_composition_of_the_parts(text):
    composed = text
    for fn in (normalize_alef, normalize_teh_marbuta, normalize_alef_maqsura,
               normalize_persian_letters, normalize_hamza_seats, normalize_digits,
               hide_diacritics):
        composed = fn(composed)
    assert normalize(text) == composed.translate(str.maketrans("«»“”", '""""'))


@pytest.mark.parametrize("variant", ["هجين", "هَجِين", "هـجـين", "ھجین"])
def test_spelling_variants_share_one_key(variant):
    assert key(variant) == "هجين"


def test_text_maps_normalised_spans_back_to_the_original():
    t = Text("قصف على البُقعانِ أمس")
    start = t.norm.index("البقعان")
    a, b = t.orig_span(start, start + len("البقعان"))
    assert t.original[a:b] == "البُقعان"
