"""The five sample articles end to end, through the CLI, against tests/gold/sample_corpus.yaml."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml

GOLD = yaml.safe_load((Path(__file__).parent / "gold" / "sample_corpus.yaml").read_text("utf-8"))


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _same(actual: str, expected) -> bool:
    if isinstance(expected, bool):
        return actual == ("true" if expected else "false")
    if isinstance(expected, (dt.date, int)):
        return actual == str(expected)
    return actual == expected


@pytest.fixture(scope="module")
def tables(sample_tables):
    return {name: _rows(sample_tables / f"{name}.csv") for name in ("articles", "claims", "incidents")}


@pytest.mark.parametrize("article_id", sorted(GOLD["articles"]))
def test_article_status_and_date(tables, article_id):
    row = next(r for r in tables["articles"] if r["article_id"] == article_id)
    for field, expected in GOLD["articles"][article_id].items():
        assert _same(row[field], expected), (article_id, field, row[field], expected)


def _find_incident(tables, find: dict) -> dict:
    matches = [r for r in tables["incidents"] if all(_same(r[k], v) for k, v in find.items())]
    assert len(matches) == 1, f"expected one incident with {find}, found {len(matches)}"
    return matches[0]


@pytest.mark.parametrize("name", sorted(GOLD["incidents"]))
def test_incident_and_its_claims(tables, name):
    spec = GOLD["incidents"][name]
    incident = _find_incident(tables, spec["find"])
    for field, expected in spec.get("expect", {}).items():
        assert _same(incident[field], expected), (name, field, incident[field], expected)
    claims = [c for c in tables["claims"] if c["incident_id"] == incident["incident_id"]]
    if "articles" in spec:
        assert sorted({c["article_id"] for c in claims}) == sorted(spec["articles"])
    for wanted in spec["claims"]:
        hits = [c for c in claims if all(_same(c[k], v) for k, v in wanted.items())]
        assert hits, f"{name}: no claim matching {wanted}; claims: " + "; ".join(
            f"{c['claimant']}/{c['stance']}/{c['civilians_min']}-{c['civilians_max']}" for c in claims)


def test_hajin_is_one_incident_across_three_articles(tables):
    """Every Hajin-night claim of the three articles lands in the same incident."""
    hajin = _find_incident(tables, GOLD["incidents"]["hajin_strikes"]["find"])
    for claimant in ("amaq", "sohr", "sana"):
        ids = {c["incident_id"] for c in tables["claims"]
               if c["claimant"] == claimant and c["date_start"] == "2018-11-17"}
        assert ids == {hajin["incident_id"]}, claimant
