"""Typed records that flow through the loaders.

Each record keeps its evidence (article id, sentence, character span) and its
precision, so every fact shown in the dashboard can be traced back to a quote.
Records become DataFrames / SQL rows only in `loaders.store`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Place:
    """A gazetteer entry. `precision` is the contract's geo_precision."""
    place_id: str
    name_en: str
    name_ar: str
    kind: str
    lat: float | None
    lon: float | None
    admin2: str
    precision: str               # site | town | district | governorate | country
    radius_km: float | None = None  # area a coarse place covers
    governorate: str = ""        # administrative hierarchy (English names, data/gazetteer.md)
    district: str = ""
    subdistrict: str = ""


@dataclass(frozen=True, kw_only=True)
class DateMention:
    """A date expression found in text and resolved against the publication date.

    `start`/`end` are None when the expression is relative and the article is
    undated: the mention is kept (with its text) but stays unresolved.
    """
    text: str
    span: tuple[int, int]
    start: dt.date | None
    end: dt.date | None
    precision: str               # day | range | month | year
    relative: bool = False       # needed the publication date to resolve
    open_start: bool = False     # "until April 2019": start unknown
    anaphoric: bool = False      # "during this period": refers to an earlier date


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A number attached to a noun: killed, civilians, strikes, wounded ..."""
    category: str                # killed | civilians | strikes | wounded | casualties | other
    low: int | None
    high: int | None
    hedge: str                   # exact | about | at_least | more_than | at_most | vague | denial
    text: str
    span: tuple[int, int]
    actor: str | None = None     # who carried out counted strikes, when the clause says
    part_of: bool = False        # "بينهم 36 مدنياً", "بين القتلى أربعة أطفال": a share of a total


@dataclass(frozen=True, kw_only=True)
class PlaceMention:
    place: Place
    text: str
    span: tuple[int, int]


@dataclass(frozen=True, kw_only=True)
class Claim:
    claim_id: str
    article_id: str
    claimant: str
    stance: str
    perpetrator: str
    perpetrators: str = ""       # every attacker a claim names, "|"-joined ("coalition|iraq" for
                                 # "قوات التحالف … أو العراق"); `perpetrator` is the first
    civilians_min: int | None = None
    civilians_max: int | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None
    strikes: int | None = None
    hedge: str = ""
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = ""
    date_text: str = ""
    date_role: str = ""          # event | statement (the day the claim was made) | window (a
                                 # relative window such as "the past 48 hours")
    place_id: str | None = None
    geo_precision: str = ""
    place_text: str = ""
    kind: str = "event"          # event | tally (the claim's own reading)
    scope: str = ""              # countries a tally counts, "|"-joined ("iraq|syria")
    quote: str = ""
    quote_start: int = 0
    quote_end: int = 0
    seq: int = 0                 # order of the claim inside its article
    incident_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Article:
    article_id: str
    path: str
    sha256: str
    status: str                  # ok | undated | rejected | missing (loaded before, now not found)
    reason: str = ""
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    published_from: str = ""     # front_matter | text | ""
    language: str = ""           # ar | en | ... (front matter, else the script of the text)
    missing_since: str = ""      # when the store first found none of its files (UTC, ISO)
    text: str = ""
    size: int = 0
    mtime_ns: int = 0
    claims: tuple[Claim, ...] = field(default=())


@dataclass(frozen=True, kw_only=True)
class Incident:
    incident_id: str
    kind: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    place_id: str | None
    place_name_en: str
    place_name_ar: str
    lat: float | None
    lon: float | None
    geo_precision: str
    civilians_min: int | None
    civilians_max: int | None
    n_claims: int
    n_sources: int
    n_articles: int
    contested: bool
    scope: str = ""              # for a tally: the countries its total covers ("iraq|syria")
    grade: str = ""              # confirmed | fair | weak | contested | discounted (loaders.grading)
    grade_source: str = "rule"   # rule | analyst
