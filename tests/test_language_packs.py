"""Language packs: one engine, a folder of lexicons per language (data/ for Arabic, data/en/).

An article is read by the pack of its language (front matter, else its script); a language
with no pack is rejected; the English pack's place spellings merge into the one gazetteer;
English and Arabic reports of one strike end up in one incident.
"""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import extract_claims
from loaders.incidents import group_claims
from loaders.lexicon import LexiconError, load_cues, load_gazetteer, pack_dir
from loaders.pipeline import article_from_file


def _article(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return article_from_file(str(p))


@pytest.mark.parametrize("front_matter, body, status, reason, claimants", [
    ("language: en\npublished: 2018-11-18\n", "Jets killed nine civilians in Hajin on Saturday, activists said.",
     "ok", "", ["local"]),
    ("published: 2018-11-18\n", "Jets killed nine civilians in Hajin on Saturday, activists said.",
     "ok", "", ["local"]),                       # no language given: the script says English
    ("language: fr\npublished: 2018-11-18\n", "Des avions ont tué neuf civils à Hajin samedi.",
     "rejected", "language fr: not read", []),
])
def test_an_article_is_read_by_its_language_pack(tmp_path, front_matter, body, status, reason, claimants):
    a = _article(tmp_path, "x.txt", f"---\n{front_matter}---\n{body}\n")
    assert (a.status, a.reason, [c.claimant for c in a.claims]) == (status, reason, claimants)


def test_every_pack_has_the_arabic_sections():
    arabic, english = load_cues(language="ar"), load_cues(language="en")
    assert set(arabic) - {"rules"} <= set(english)
    with pytest.raises(LexiconError, match="language 'xx'"):
        pack_dir("xx")


@pytest.mark.parametrize("spelling, place_id", [
    ("hajeen", "hajin"), ("sousa", "susah"), ("susah", "susah"), ("baghouz", "baghuz"),
    ("baghuz fawqani", "baghuz_fawqani"), ("abu al hassan", "abu_al_hasan"), ("mayadeen", "mayadin"),
    ("deir ezzor", "deir_ez_zor_governorate"), ("city of deir ezzor", "deir_ez_zor"), ("raqa", "raqqa"),
])
def test_latin_spellings_of_gazetteer_places(spelling, place_id):
    assert [p for p, _ in load_gazetteer().latin[spelling]] == [place_id]


@pytest.mark.parametrize("rows, message", [
    ("place_id,name\nnowhere_town,Nowhere\n", "not in the gazetteer"),
    ("place_id,name,match\nhajin,Hajin,sometimes\n", "unknown match mode"),
])
def test_a_bad_place_names_row_names_the_file_and_the_problem(tmp_path, rows, message):
    path = tmp_path / "place_names.csv"
    path.write_text(rows, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_gazetteer(place_names=path)


def test_an_english_and_an_arabic_report_of_one_strike_are_one_incident():
    ar = extract_claims("قال المرصد السوري لحقوق الإنسان إن 7 مدنيين قتلوا بغارة للتحالف على بلدة هجين أمس.",
                        "ar1", dt.date(2018, 11, 18))
    en = extract_claims("Airwars said eight civilians died in a coalition strike on Hajeen on Saturday.",
                        "en1", dt.date(2018, 11, 18), language="en")
    incidents, assignment, _ = group_claims(ar + en, load_gazetteer())
    assert [c.place_id for c in ar + en] == ["hajin", "hajin"]
    assert len({assignment[c.claim_id] for c in ar + en}) == 1
