"""Grouping rules of loaders.incidents on hand-made claims (README "Incidents")."""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import default_lexicons
from loaders.incidents import group_claims
from loaders.records import Claim

GAZ = default_lexicons().gazetteer
D = dt.date


def claim(cid, article, claimant="sohr", civ=None, start=None, end=None, place=None, kind="event",
          role="event", stance="alleges", place_text="", date_text=""):
    return Claim(claim_id=cid, article_id=article, claimant=claimant, stance=stance,
                 perpetrator="coalition", civilians_min=civ, civilians_max=civ,
                 date_start=start, date_end=end or start, date_role=role if start else "",
                 date_precision="day" if start else "", place_id=place, kind=kind, seq=0,
                 place_text=place_text, date_text=date_text)


def together(claims) -> list[set[str]]:
    _, assignment, _ = group_claims(claims, GAZ)
    groups: dict[str, set[str]] = {}
    for cid, inc in assignment.items():
        groups.setdefault(inc, set()).add(cid)
    return sorted(groups.values(), key=sorted)


CASES = [
    # undated reports of one village in two articles, figures within a factor of two: one
    ([claim("a", "x", civ=22, place="shafah"), claim("b", "y", "sana", civ=14, place="shafah")],
     [{"a", "b"}]),
    # ... figures three times apart: two
    ([claim("a", "x", civ=30, place="shafah"), claim("b", "y", "sana", civ=9, place="shafah")],
     [{"a"}, {"b"}]),
    # undated reports at a region never meet
    ([claim("a", "x", civ=12, place="eastern_dez_countryside"),
      claim("b", "y", civ=12, place="eastern_dez_countryside")], [{"a"}, {"b"}]),
    # a tally never joins an event of the same days and place
    ([claim("a", "x", civ=5, start=D(2018, 11, 17), place="hajin"),
      claim("b", "x", "srg", civ=300, start=D(2018, 11, 1), end=D(2018, 11, 30), place="hajin", kind="tally")],
     [{"a"}, {"b"}]),
    # daily reports at one town do not chain into a week-long event
    ([claim("a", "x", civ=5, start=D(2018, 11, 15), place="hajin"),
      claim("b", "y", civ=5, start=D(2018, 11, 16), place="hajin"),
      claim("c", "z", civ=5, start=D(2018, 11, 18), place="hajin"),
      claim("d", "w", civ=5, start=D(2018, 11, 20), place="hajin")],
     [{"a", "b"}, {"c"}, {"d"}]),
    # a claim dated only by the days before publication joins its own village's incident …
    ([claim("a", "x", civ=8, start=D(2017, 9, 26), place="shuhayl"),
      claim("b", "y", "local", civ=8, start=D(2017, 9, 25), end=D(2017, 9, 27), place="shuhayl", role="reported")],
     [{"a", "b"}]),
    # … never one at a neighbouring town
    ([claim("a", "x", civ=8, start=D(2017, 9, 26), place="mayadin"),
      claim("b", "y", "local", civ=5, start=D(2017, 9, 25), end=D(2017, 9, 27), place="shuhayl", role="reported")],
     [{"a"}, {"b"}]),
]


@pytest.mark.parametrize("claims,expected", CASES)
def test_grouping(claims, expected):
    assert together(claims) == sorted(expected, key=sorted)
