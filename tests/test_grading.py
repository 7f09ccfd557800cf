"""The incident grade (loaders.grading): one row per situation an analyst grades."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from loaders.grading import grade_incident

SIDES = {"coalition": "coalition", "sana": "regime", "syria_mofa": "regime", "russia_mod": "russia",
         "sdf": "coalition", "amaq": "is", "iraq_mod": "iraq"}


def claim(claimant: str, stance: str = "alleges", perpetrator: str = "coalition"):
    return SimpleNamespace(claimant=claimant, stance=stance, perpetrator=perpetrator)


CASES = [
    # ------------------------------------------------------------ confirmed: the accused admits
    ([claim("coalition", "acknowledges")], None, "confirmed"),
    ([claim("sohr"), claim("coalition", "acknowledges")], None, "confirmed"),
    # an admission outranks another source's denial of the same strike
    ([claim("coalition", "acknowledges"), claim("russia_mod", "denies", "russia")], None, "confirmed"),
    # a party "acknowledging" someone else's strike is no admission
    ([claim("sana", "acknowledges", "coalition")], None, "weak"),
    # ------------------------------------------------------------ contested
    ([claim("sohr"), claim("coalition", "denies")], None, "contested"),
    ([claim("sana"), claim("amaq"), claim("coalition", "denies")], None, "contested"),
    # sources blame different attackers
    ([claim("sohr", perpetrator="russia"), claim("local", perpetrator="coalition")], None, "contested"),
    # a denial by a non-party (a monitor disputing a figure) is no belligerent's denial
    ([claim("sohr"), claim("local"), claim("airwars", "denies")], None, "fair"),
    # ------------------------------------------------------------ fair: two independent sources
    ([claim("sohr"), claim("local")], None, "fair"),
    ([claim("sohr"), claim("sana")], None, "fair"),
    ([claim("amaq"), claim("sohr", perpetrator="unknown")], None, "fair"),
    # two voices of one side are one source
    ([claim("sana"), claim("syria_mofa")], None, "weak"),
    # ------------------------------------------------------------ weak: a single source
    ([claim("sohr")], None, "weak"),
    ([claim("sohr"), claim("sohr")], None, "weak"),
    ([claim("coalition", "assessing")], None, "weak"),
    # ------------------------------------------------------------ discounted by the analyst
    ([claim("sohr"), claim("local")], {0: "discounted", 1: "discounted"}, "discounted"),
    # one discounted claim out of two leaves a single source
    ([claim("sohr"), claim("local")], {1: "discounted"}, "weak"),
    # a discounted admission no longer confirms
    ([claim("coalition", "acknowledges"), claim("sohr"), claim("local")], {0: "discounted"}, "fair"),
    # a confirmed claim stays confirmed when reviewed as confirmed
    ([claim("coalition", "acknowledges")], {0: "confirmed"}, "confirmed"),
]


@pytest.mark.parametrize("claims,states,expected", CASES)
def test_grade(claims, states, expected):
    assert grade_incident(claims, SIDES, states) == expected
