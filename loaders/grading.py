"""How well an incident is attested: a grade per incident, adapted from Airwars' scale.

The grade is computed from the incident's claims (and, once an analyst has reviewed them,
their review states) by the first rule that holds, in this order:

1. `discounted`  every claim of the incident was discounted by an analyst;
2. `confirmed`   the accused belligerent acknowledges the harm (a party to the fighting
                 admits civilian harm from its own strikes);
3. `contested`   a belligerent denies harm that another source alleges, or the sources
                 blame different perpetrators ("Russian jets" against "the coalition");
4. `fair`        two or more independent sources allege harm: different claimants, not
                 all speaking for the same side (SANA and the Syrian foreign ministry are
                 one voice; SOHR and SANA are two);
5. `weak`        a single source alleges harm (or nobody alleges it outright).

Discounted claims are left out of rules 2–5. An analyst's own grade (with a note) always
takes precedence over the rule; the store records which one applies (`grade_source`).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Protocol

GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
_HARM = ("alleges", "acknowledges")
_UNNAMED = ("", "unknown", "other")


class _ClaimLike(Protocol):
    claimant: str
    stance: str
    perpetrator: str


def grade_incident(claims: Iterable[_ClaimLike], side_of: Mapping[str, str],
                   review_state: Mapping[int, str] | None = None) -> str:
    """The grade of one incident from its claims.

    `side_of` maps a claimant to the party it speaks for (data/claimants.csv `side`);
    `review_state` maps a claim's position in `claims` to its review state, when reviewed.

    >>> from types import SimpleNamespace as C
    >>> sides = {"coalition": "coalition", "sana": "regime", "syria_mofa": "regime"}
    >>> grade_incident([C(claimant="sohr", stance="alleges", perpetrator="coalition"),
    ...                 C(claimant="coalition", stance="denies", perpetrator="coalition")], sides)
    'contested'
    >>> grade_incident([C(claimant="sana", stance="alleges", perpetrator="coalition"),
    ...                 C(claimant="syria_mofa", stance="alleges", perpetrator="coalition")], sides)
    'weak'
    """
    claims = list(claims)
    states = review_state or {}
    live = [c for i, c in enumerate(claims) if states.get(i) != "discounted"]
    if claims and not live:
        return "discounted"
    if any(c.stance == "acknowledges" and side_of.get(c.claimant)
           and side_of.get(c.claimant) == c.perpetrator for c in live):
        return "confirmed"
    harm = [c for c in live if c.stance in _HARM]
    deniers = [c for c in live if c.stance == "denies" and side_of.get(c.claimant)]
    if deniers and any(c.claimant not in {d.claimant for d in deniers} for c in harm):
        return "contested"
    blamed = {c.perpetrator for c in harm if c.perpetrator not in _UNNAMED}
    if len(blamed) > 1:
        return "contested"
    sources = {c.claimant for c in harm}
    if len(sources) >= 2:
        sides = {side_of.get(s) or f"independent:{s}" for s in sources}
        if len(sides) >= 2:
            return "fair"
    return "weak"
