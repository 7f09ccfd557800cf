"""Latin spellings of claimants inside Arabic reports ("CJTF-OIR", "SOHR"), read by one trie."""
import datetime as dt
import re

import pytest

from loaders.claims import default_lexicons, extract_claims

SAT = dt.date(2018, 11, 18)


@pytest.mark.parametrize("sentence, expected", [
    ("وقالت قوة المهام المشتركة (CJTF-OIR) في بيان إن غارة قتلت 4 مدنيين قرب هجين يوم السبت.",
     [("coalition", 4)]),
    ("وأفاد Syrian Observatory for Human Rights بمقتل 9 مدنيين في الشعفة أمس.", [("sohr", 9)]),
])
def test_a_latin_name_in_an_arabic_sentence_is_its_claimant(sentence, expected):
    assert [(c.claimant, c.civilians_min) for c in extract_claims(sentence, "x", SAT)] == expected


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_latin_trie_matches_what_the_flat_list_of_names_matched(language):
    # The flat alternation, longest name first, is what the trie replaced: the same names
    # at the same places, in any case and with spaces, hyphens or nothing between words.
    lex = default_lexicons(language)
    names = sorted((a for a in lex.alias_of if a.isascii()), key=len, reverse=True)
    flat = re.compile(r"(?<![A-Za-z@])(?P<la>" + "|".join(
        re.escape(a).replace(r"\ ", r"[\s\-–]*") for a in names) + r")(?![A-Za-z])", re.I)
    text = " ".join(f"{a.upper()} قال، {a.replace(' ', '-')}. {a.title()}s {a.replace(' ', '')} x{a}"
                    for a in names)
    found = [m.span("la") for m in lex.latin_rx.finditer(text)]
    assert found == [m.span("la") for m in flat.finditer(text)]
    assert len(found) >= 3 * len(names)     # upper, hyphenated, unspaced: each found


def test_latin_names_are_found_in_any_case_and_hyphenation():
    lex = default_lexicons("ar")
    text = "the US-led international coalition and CJTF OIR, sohr."
    assert [m.group("la") for m in lex.latin_rx.finditer(text)] == [
        "US-led international coalition", "CJTF OIR", "sohr"]
