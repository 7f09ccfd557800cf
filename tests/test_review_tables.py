"""Reviews in the store's tables, on the sample articles: a correction overrides the
extracted values in claims.csv (kept in extracted_*), a discounted claim no longer counts in
its incident, an analyst's grade is the incident's (grade_source analyst), and the
analyst's grouping decisions hold through a full re-read."""
from __future__ import annotations

import csv
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import review, store
from loaders.pipeline import regroup

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"


def rasd(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=True,
                          env={**os.environ, "RASD_DB": "/nonexistent/unused.sqlite"})


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-tables")
    shutil.copytree(SAMPLES, folder / "articles")
    db = folder / "base.sqlite"
    rasd(folder / "articles", "--db", db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return folder / "articles", db


@pytest.fixture()
def db(loaded, tmp_path):
    copy = tmp_path / "s.sqlite"
    shutil.copy(loaded[1], copy)
    return copy


def claim_of(con, article: str, claimant: str, stance: str = "alleges") -> str:
    (cid,), = con.execute("SELECT claim_id FROM claims WHERE article_id LIKE ? AND claimant=? AND "
                          "stance=? AND superseded_at IS NULL", (article + "_%", claimant, stance)).fetchall()
    return cid


def incident_of(con, claim_id: str) -> str:
    return con.execute("SELECT incident_id FROM claims WHERE claim_id=?", (claim_id,)).fetchone()[0]


def tables(con, out: Path) -> dict[str, list[dict]]:
    store.export_csv(con, out)
    result = {}
    for name in ("claims", "incidents"):
        with (out / f"{name}.csv").open(encoding="utf-8") as fh:
            result[name] = list(csv.DictReader(fh))
    return result


# Each action: (what, article, claimant, stance, argument). The incidents are the samples'
# Susah strike (SOHR 28, SANA ≈30, the Syrian foreign ministry, the coalition assessing) and
# the coalition's denial at Baghuz.
CORRECT_SOHR = ("correct", "004", "sohr", "alleges", {"civilians_min": 32, "civilians_max": 32})
DISCOUNT_SANA = ("discount", "004", "sana", "alleges", None)
DISCOUNT_MOFA = ("discount", "004", "syria_mofa", "alleges", None)
GRADE_CASES = [
    # nothing reviewed: the rule over the extracted claims
    ([], ("004", "sohr", "alleges"), ("28", "30", "4", "4", "false", "fair", "rule")),
    # a corrected figure is the incident's figure (SANA's ≈30 now the low end)
    ([CORRECT_SOHR], ("004", "sohr", "alleges"), ("30", "32", "4", "4", "false", "fair", "rule")),
    # discounted claims count for nothing: one source left alleging harm, so weak
    ([CORRECT_SOHR, DISCOUNT_SANA, DISCOUNT_MOFA], ("004", "sohr", "alleges"),
     ("32", "32", "2", "2", "false", "weak", "rule")),
    # a confirmation changes no figure
    ([("confirm", "004", "sana", "alleges", None)], ("004", "sohr", "alleges"),
     ("28", "30", "4", "4", "false", "fair", "rule")),
    # every claim discounted: the incident stays, with no figure, graded discounted
    ([("discount", "003", "coalition", "denies", None)], ("003", "coalition", "denies"),
     ("", "", "0", "0", "false", "discounted", "rule")),
    # the analyst's grade outranks the rule
    ([("grade", "003", "coalition", "denies", "contested")], ("003", "coalition", "denies"),
     ("0", "0", "1", "1", "false", "contested", "analyst")),
]


def act(con, action) -> None:
    what, article, claimant, stance, arg = action
    cid = claim_of(con, article, claimant, stance)
    if what == "correct":
        review.review_claim(con, cid, "corrected", "Lina", note="later count", corrected=arg)
    elif what == "grade":
        review.grade_incident_by_analyst(con, incident_of(con, cid), arg, "Lina",
                                         note="the coalition's own log shows the strike")
    else:
        review.review_claim(con, cid, {"confirm": "confirmed", "discount": "discounted"}[what], "Lina")


@pytest.mark.parametrize("actions, anchor, expected", GRADE_CASES)
def test_incident_figures_and_grade_follow_the_reviews(db, tmp_path, actions, anchor, expected):
    con = store.connect(db)
    for action in actions:
        act(con, action)
    con.commit()
    regroup(con)
    incident = incident_of(con, claim_of(con, *anchor))
    rows = {r["incident_id"]: r for r in tables(con, tmp_path / "out")["incidents"]}
    row = rows[incident]
    assert (row["civilians_min"], row["civilians_max"], row["n_claims"], row["n_sources"],
            row["contested"], row["grade"], row["grade_source"]) == expected


def test_claims_csv_carries_the_review_and_the_extracted_values(db, tmp_path):
    con = store.connect(db)
    for action in (CORRECT_SOHR, DISCOUNT_SANA,
                   ("correct", "004", "syria_mofa", "alleges", {"date_start": "2018-07-11",
                                                                 "date_end": "2018-07-12",
                                                                 "place_id": "susah"})):
        act(con, action)
    con.commit()
    regroup(con)
    claims = {(r["article_id"][:3], r["claimant"]): r for r in tables(con, tmp_path / "out")["claims"]}
    sohr, sana, mofa, coalition = (claims[("004", c)] for c in ("sohr", "sana", "syria_mofa", "coalition"))
    assert (sohr["civilians_min"], sohr["civilians_max"], sohr["hedge"], sohr["extracted_civilians_min"],
            sohr["extracted_civilians_max"], sohr["review_state"], sohr["reviewer"], sohr["review_note"]) == \
        ("32", "32", "exact", "28", "28", "corrected", "Lina", "later count")
    assert sohr["reviewed_at"][:2] == "20" and sohr["reviewed_at"].endswith("+00:00")
    # discounted: the values stay the loaders', the state says it no longer counts
    assert (sana["civilians_min"], sana["hedge"], sana["review_state"], sana["extracted_civilians_min"]) == \
        ("30", "about", "discounted", "30")
    assert (mofa["date_start"], mofa["date_end"], mofa["date_precision"], mofa["place_id"],
            mofa["extracted_date_start"], mofa["extracted_place_id"]) == \
        ("2018-07-11", "2018-07-12", "range", "susah", "", "")
    # an unreviewed claim: extracted_* repeat the loaders' values
    assert (coalition["review_state"], coalition["reviewer"], coalition["stance"],
            coalition["extracted_stance"]) == ("unreviewed", "", "assessing", "assessing")
    # the dashboard's frames show the same, from SQLite and from the snapshot
    for frames in (store._read_sql_frames(Path(db)), None):
        if frames is None:
            assert store.write_snapshot(db) is not None
        got = store.read_frames(db)["claims"].set_index("claim_id")
        row = got.loc[claim_of(con, "004", "sohr")]
        assert (row["civilians_min"], row["extracted_civilians_min"], row["review_state"]) == (32, 28, "corrected")


@pytest.mark.parametrize("corrected, message", [
    ({"civilians_max": 10}, "civilians_min (28) would be larger than civilians_max (10)"),
    ({"date_end": "2018-07-01"}, "date_start (2018-07-12) would be after date_end (2018-07-01)"),
    ({"place_id": "atlantis"}, "no place 'atlantis' in the store's places"),
    ({"claimant": "nobody"}, "no claimant 'nobody' in the store's claimants"),
    ({"stance": "maybe"}, "stance must be one of alleges, denies"),
    ({"perpetrator": "aliens"}, "perpetrator must be one of coalition"),
])
def test_a_correction_that_breaks_the_claim_is_refused(db, corrected, message):
    con = store.connect(db)
    with pytest.raises(review.ReviewError, match=re.escape(message)):
        review.review_claim(con, claim_of(con, "004", "sohr"), "corrected", "Lina", corrected=corrected)
    assert con.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


# Grouping decisions: (claim to move, claim to join or None to set it apart)
BAGHUZ = ("003", "coalition", "denies")
SUSAH_SOHR = ("004", "sohr", "alleges")
AMAQ = ("000", "amaq", "alleges")
OCT_LOCAL = ("000", "local", "alleges")
HAJIN_DENIAL = ("002", "coalition", "denies")


@pytest.mark.parametrize("decisions, together, alone", [
    # move the Baghuz denial into the Susah strike
    ([(BAGHUZ, SUSAH_SOHR)], [(BAGHUZ, SUSAH_SOHR)], []),
    # set Amaq's claim apart from the Hajin strike
    ([(AMAQ, None)], [], [AMAQ]),
    # move one claim of the October Hajin tally into the November Hajin strike
    ([(OCT_LOCAL, HAJIN_DENIAL)], [(OCT_LOCAL, HAJIN_DENIAL)], []),
])
def test_grouping_decisions_hold_through_a_full_re_read(loaded, tmp_path, decisions, together, alone):
    corpus, base = loaded
    db = tmp_path / "s.sqlite"
    shutil.copy(base, db)
    con = store.connect(db)
    for moved, target in decisions:
        review.decide_grouping(con, claim_of(con, *moved), target and claim_of(con, *target), "Lina")
    con.commit()
    regroup(con)

    def check():
        for a, b in together:
            assert incident_of(con, claim_of(con, *a)) == incident_of(con, claim_of(con, *b))
        for a in alone:
            inc = incident_of(con, claim_of(con, *a))
            assert con.execute("SELECT COUNT(*) FROM claims WHERE incident_id=? AND superseded_at "
                               "IS NULL", (inc,)).fetchone()[0] == 1
    check()
    # new lexicons: every article is read again and every claim rebuilt, then regrouped
    con.execute("UPDATE meta SET value='older' WHERE key='data'")
    con.commit()
    con.close()
    rasd(corpus, "--db", db)
    con = sqlite3.connect(db)
    check()


def test_merging_two_incidents_moves_every_claim(db):
    con = store.connect(db)
    october = incident_of(con, claim_of(con, *OCT_LOCAL))
    november = incident_of(con, claim_of(con, *HAJIN_DENIAL))
    n_nov = con.execute("SELECT n_claims FROM incidents WHERE incident_id=?", (november,)).fetchone()[0]
    for (cid,) in con.execute("SELECT claim_id FROM claims WHERE incident_id=?", (october,)).fetchall():
        review.decide_grouping(con, cid, claim_of(con, *HAJIN_DENIAL), "Lina", note="one strike")
    con.commit()
    regroup(con)
    merged = incident_of(con, claim_of(con, *HAJIN_DENIAL))
    assert con.execute("SELECT COUNT(*) FROM incidents WHERE incident_id=?", (october,)).fetchone()[0] == 0
    assert con.execute("SELECT n_claims FROM incidents WHERE incident_id=?", (merged,)).fetchone()[0] == n_nov + 2
    assert [a for a, in con.execute("SELECT action FROM review_log")] == ["incident:move"] * 2


@pytest.mark.parametrize("module", ["loaders.review", "views.review"])
def test_the_review_modules_examples_hold(module):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0, result
