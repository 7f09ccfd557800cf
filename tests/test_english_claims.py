"""Claims from short English bodies (the English pack, one engine with the Arabic one).

Each row: a body of one to three sentences in the style of English wire copy, monitor and
coalition releases (our own sentences, other villages and numbers than the development set),
the publication date, and every claim expected, in order, with the fields that matter:
claimant, stance, perpetrator, civilians (min, max), killed (min, max), wounded (min, max),
place (place id), date (start, end), kind.
"""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import extract_claims
from loaders.language import detect_language

SUN = dt.date(2018, 11, 18)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


_PAIRS = {"civilians": ("civilians_min", "civilians_max"), "killed": ("killed_min", "killed_max"),
          "wounded": ("wounded_min", "wounded_max"), "date": ("date_start", "date_end")}


def _view(claim, wanted: dict) -> dict:
    return {k: (tuple(getattr(claim, f) for f in _PAIRS[k]) if k in _PAIRS
                else claim.place_id if k == "place" else getattr(claim, k)) for k in wanted}


def _check(body, published, expected, voice=None):
    claims = extract_claims(body, "t", published, language="en", voice=voice)
    assert [_view(c, e) for c, e in zip(claims, expected)] == expected
    assert len(claims) == len(expected), [(c.claimant, c.civilians_min) for c in claims]


@pytest.mark.parametrize("body, published, expected", [
    # speakers: a speech verb after or before the name, an attribution, an unnamed monitor
    ("Jets killed 12 civilians in Susah on Saturday, the Syrian Observatory for Human Rights said.", SUN,
     [{"claimant": "sohr", "stance": "alleges", "civilians": (12, 12), "place": "susah",
       "date": (d("2018-11-17"), d("2018-11-17"))}]),
    ("Seven civilians died when jets struck al-Shaafa, according to local activists.", SUN,
     [{"claimant": "local", "civilians": (7, 7), "place": "shafah"}]),
    ("Nine civilians were killed in a raid on Gharanij, a monitor said. The Syrian Observatory for "
     "Human Rights said the dead included four children.", SUN,
     [{"claimant": "sohr", "civilians": (9, 9), "place": "gharanij"}]),
    ("Eleven civilians were killed in a raid on Dhiban, a local monitoring group said.", SUN,
     [{"claimant": "local", "civilians": (11, 11), "place": "dhiban"}]),     # no source named after it
    ("Airstrikes killed six civilians in Baghouz. The strike was carried out by coalition jets, the "
     "Britain-based monitor said.", SUN,
     [{"claimant": "sohr", "civilians": (6, 6), "perpetrator": "coalition"}]),
    # stance: denials, assessments, admissions, disputes of a figure
    ("The coalition denied carrying out any raids near Hajin.", SUN,
     [{"claimant": "coalition", "stance": "denies", "civilians": (0, 0), "place": "hajin_vicinity"}]),
    ("The coalition said it was looking into the reports of civilian deaths in Susah.", SUN,
     [{"claimant": "coalition", "stance": "assessing", "civilians": (None, None)}]),
    ("CJTF-OIR said two civilians were unintentionally killed in a coalition strike near Mayadin.", SUN,
     [{"claimant": "coalition", "stance": "acknowledges", "civilians": (2, 2), "perpetrator": "coalition"}]),
    ("The report of 30 civilian deaths in Abu Kamal was assessed to be non-credible, CJTF-OIR said.", SUN,
     [{"claimant": "coalition", "stance": "denies", "civilians": (0, 0)}]),
    ("The coalition dismissed the activists' figure as grossly inaccurate.", SUN,
     [{"claimant": "coalition", "stance": "denies", "civilians": (None, None)}]),
    # numbers: words, ranges, hedges, vague amounts, shares of a total
    ("Activists said forty-three civilians were killed in Busayrah on Friday.", SUN,
     [{"claimant": "local", "civilians": (43, 43), "place": "busayrah"}]),
    ("Between 20 and 30 civilians were killed in Abu Kamal, activists said.", SUN,
     [{"civilians": (20, 30), "hedge": "range"}]),
    ("Dozens of civilians were killed in strikes on Hajin, activists said.", SUN,
     [{"civilians": (20, 99), "hedge": "vague"}]),
    ("At least 14 civilians, including five children, were killed in Dhiban, activists said.", SUN,
     [{"civilians": (14, 14), "hedge": "at_least"}]),
    ("Russian strikes killed 11 people and wounded 25 others in Mayadeen, the Syrian Observatory said.", SUN,
     [{"claimant": "sohr", "perpetrator": "russia", "killed": (11, 11), "wounded": (25, 25),
       "civilians": (None, None)}]),
    ("Local activists said the raids killed nine people from one family in Gharanij.", SUN,
     [{"claimant": "local", "civilians": (9, 9), "killed": (None, None)}]),
    ("The death toll from Friday's strike on a bakery in Hajin rose to 31, the Observatory said.", SUN,
     [{"claimant": "sohr", "killed": (31, 31), "civilians": (None, None), "date": (d("2018-11-16"), d("2018-11-16"))}]),
    # a lone victim: "killed a shepherd" is one civilian, "a man" one person
    ("Activists said a coalition strike killed a shepherd near Susah.", SUN,
     [{"claimant": "local", "civilians": (1, 1), "perpetrator": "coalition", "place": "susah_vicinity"}]),
    ("Residents said a drone strike killed a man in Shaafa on Friday.", SUN,
     [{"claimant": "local", "civilians": (None, None), "killed": (1, 1)}]),
    # perpetrators
    ("According to SANA, the US-led coalition's aircraft struck Hajin, killing 14 civilians.", SUN,
     [{"claimant": "sana", "perpetrator": "coalition", "civilians": (14, 14)}]),
    ("Amaq said 40 civilians were killed in American raids on Susah.", SUN,
     [{"claimant": "amaq", "perpetrator": "coalition", "civilians": (40, 40)}]),
    ("Syrian state media said coalition jets killed 12 civilians in the village of al-Bahra.", SUN,
     [{"claimant": "sana", "perpetrator": "coalition", "civilians": (12, 12), "place": "bahrah"}]),
    # killed or wounded is never a toll
    ("Activists said 60 civilians were killed or wounded in the raids on Hajin.", SUN,
     [{"claimant": "local", "civilians": (None, None), "killed": (None, None)}]),
    # landmarks: "which is between X and Y" says where a village lies, not where the strike
    # fell; "in the village" is the village just named
    ("Jets struck the village of Gharanij on Saturday. Local activists said eight civilians were "
     "killed in the village, which lies between the towns of al-Mayadin and Abu Kamal.", SUN,
     [{"claimant": "local", "civilians": (8, 8), "place": "gharanij"}]),
    ("Six civilians were killed in Dhiban, located between al-Mayadin and al-Susah, activists said.", SUN,
     [{"claimant": "local", "civilians": (6, 6), "place": "dhiban"}]),
    ("Nine civilians were killed in a raid between Abu Kamal and al-Susah, activists said.", SUN,
     [{"claimant": "local", "civilians": (9, 9), "place": "abu_kamal_vicinity"}]),    # "between" alone: near the first
    # tallies: a window before publication, a campaign since its start
    ("At least 90 civilians were killed in Deir Ezzor over the past 72 hours, the Syrian Observatory said.", SUN,
     [{"civilians": (90, 90), "date": (d("2018-11-15"), SUN)}]),
    ("CJTF-OIR assesses that at least 900 civilians have been unintentionally killed by Coalition strikes "
     "since the start of Operation Inherent Resolve.", SUN,
     [{"claimant": "coalition", "stance": "acknowledges", "civilians": (900, 900), "kind": "tally",
       "date": (d("2014-08-08"), SUN)}]),
])
def test_english_claims(body, published, expected):
    _check(body, published, expected)


# the article's own voice: a toll with no source is the outlet's, or the voice's the article speaks for
@pytest.mark.parametrize("body, voice, expected", [
    ("Five civilians were killed in a coalition raid on Susah on Saturday.", None,
     [{"claimant": "outlet", "civilians": (5, 5), "perpetrator": "coalition"}]),
    ("Five civilians were killed in a coalition raid on Susah on Saturday.", "sana",
     [{"claimant": "sana", "civilians": (5, 5)}]),
])
def test_english_article_voice(body, voice, expected):
    _check(body, SUN, expected, voice=voice)


@pytest.mark.parametrize("text, front_matter, language", [
    ("Jets killed five civilians in Hajin.", None, "en"),
    ("قتل خمسة مدنيين في هجين", None, "ar"),
    ("قال المرصد إن CJTF-OIR لم ترد على الأسئلة حول الغارة", None, "ar"),
    ("Jets killed five civilians.", "ar", "ar"),
    ("Des avions ont tué cinq civils.", "fr", "fr"),
])
def test_detect_language(text, front_matter, language):
    assert detect_language(text, front_matter) == language


# one claimant's different tolls stay apart when they are two events
@pytest.mark.parametrize("body, expected", [
    # a total for an area and a smaller toll for a town inside it
    ("Coalition raids killed 30 civilians in rural Deir Ezzor on Friday. Twelve other civilians were "
     "killed in similar raids on the town of Busayrah.",
     [{"claimant": "outlet", "civilians": (30, 30), "place": "dez_countryside"},
      {"claimant": "outlet", "civilians": (12, 12), "place": "busayrah"}]),
    # two days
    ("A Russian strike killed 25 civilians in Susah on Saturday, the Syrian Observatory said. On Thursday, "
     "the Observatory said, a strike on Hajin killed 9 civilians.",
     [{"claimant": "sohr", "civilians": (25, 25), "date": (d("2018-11-17"), d("2018-11-17"))},
      {"claimant": "sohr", "civilians": (9, 9), "date": (d("2018-11-15"), d("2018-11-15"))}]),
    # "a day after": the day before the event just dated; "the monitor" is the monitor named before
    ("Russian jets killed 16 civilians in Dhiban on Friday, the Syrian Observatory for Human Rights said. "
     "The raid came a day after the monitor said Russian strikes killed 21 civilians in Busayrah.",
     [{"claimant": "sohr", "civilians": (16, 16), "date": (d("2018-11-16"), d("2018-11-16"))},
      {"claimant": "sohr", "civilians": (21, 21), "date": (d("2018-11-15"), d("2018-11-15"))}]),
])
def test_english_tolls_of_two_events(body, expected):
    _check(body, SUN, expected)


# photo captions show, they do not report
def test_english_captions_are_no_claims():
    body = ("Jets killed nine civilians in Hajin on Saturday, activists said.\n"
            "The ruins of a market in Hajin after a strike that killed 40 people. © Jane Doe/Rights Group\n"
            "Rescuers search the rubble in Susah, where 12 people died. / AP\n")
    claims = extract_claims(body, "t", SUN, language="en")
    assert [(c.claimant, c.civilians_min, c.killed_min) for c in claims] == [("local", 9, None)]
