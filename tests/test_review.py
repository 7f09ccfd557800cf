"""Analyst reviews (loaders.review) on a real store of the five sample articles: a review is
kept across re-loads by its stable claim key, orphaned rather than dropped, logged, and moved
between stores by export/import with conflicts reported."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import review

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"


def load(corpus: Path, db: Path) -> None:
    subprocess.run([sys.executable, "-m", "loaders", str(corpus), "--db", str(db)], cwd=REPO,
                   check=True, capture_output=True)


@pytest.fixture()
def store(tmp_path):
    corpus = tmp_path / "articles"
    shutil.copytree(SAMPLES, corpus)
    db = tmp_path / "s.sqlite"
    load(corpus, db)
    return corpus, db


def sohr_hajin(con) -> str:
    return con.execute("SELECT claim_id FROM claims WHERE claimant='sohr' AND civilians_min=36 "
                       "AND superseded_at IS NULL").fetchone()[0]


def test_a_correction_survives_a_full_re_read(store):
    corpus, db = store
    con = sqlite3.connect(db)
    cid = sohr_hajin(con)
    review.review_claim(con, cid, "corrected", "Lina", note="SOHR later said 38",
                        corrected={"civilians_min": 38, "civilians_max": "38"})
    con.commit()
    # a new lexicon version: every article is read again and every claim rebuilt
    con.execute("UPDATE meta SET value='older' WHERE key='data'")
    con.commit()
    con.close()
    load(corpus, db)
    con = sqlite3.connect(db)
    counts = review.attach(con)
    assert counts["orphaned"] == 0
    reviewed = review.reviewed_claims(con)
    (claim_id, r), = reviewed.items()
    assert con.execute("SELECT claimant, civilians_min FROM claims WHERE claim_id=?", (claim_id,)).fetchone() \
        == ("sohr", 36)
    assert (r["state"], r["corrected"], r["extracted"]["civilians_min"], r["reviewer"]) == \
        ("corrected", {"civilians_min": 38, "civilians_max": 38}, 36, "Lina")
    log = con.execute("SELECT reviewer, action, after FROM review_log").fetchall()
    assert [(who, action) for who, action, _ in log] == [("Lina", "claim:corrected")]


def test_a_review_whose_claim_is_gone_is_orphaned_with_its_values(store):
    corpus, db = store
    con = sqlite3.connect(db)
    review.review_claim(con, sohr_hajin(con), "discounted", "Lina", note="not this strike")
    con.commit()
    # the article's SOHR sentence is rewritten so that no SOHR claim comes out of it
    article = corpus / "002_b35f598b5348c098.txt"
    article.write_text(article.read_text("utf-8").replace("المرصد السوري لحقوق الإنسان", "مصدر"), "utf-8")
    con.close()
    load(corpus, db)
    con = sqlite3.connect(db)
    review.attach(con)
    orphans = review.orphaned(con)
    assert [(o["state"], o["note"], o["extracted"]["civilians_min"]) for o in orphans] == \
        [("discounted", "not this strike", 36)]


def test_export_import_round_trip_reports_conflicts(store, tmp_path):
    corpus, db = store
    con = sqlite3.connect(db)
    cid = sohr_hajin(con)
    review.review_claim(con, cid, "confirmed", "Lina")
    con.commit()
    doc = review.export_reviews(con)
    other = tmp_path / "other.sqlite"
    load(corpus, other)
    con2 = sqlite3.connect(other)
    assert review.import_reviews(con2, doc)["added"] == [doc["reviews"][0]["claim_key"]]
    assert review.import_reviews(con2, doc)["same"] == [doc["reviews"][0]["claim_key"]]
    assert list(review.reviewed_claims(con2).values())[0]["state"] == "confirmed"
    review.review_claim(con, cid, "discounted", "Omar", note="a caption")
    con.commit()
    assert review.import_reviews(con2, review.export_reviews(con))["conflicts"] == [doc["reviews"][0]["claim_key"]]
    assert list(review.reviewed_claims(con2).values())[0]["state"] == "confirmed"    # nothing overwritten


@pytest.mark.parametrize("state, corrected, message", [
    ("maybe", None, "state must be one of"),
    ("corrected", None, "needs at least one corrected value"),
    ("corrected", {"civilians_min": "many"}, "must be a whole number"),
    ("corrected", {"civilians_min": 9, "civilians_max": 3}, "larger than"),
    ("corrected", {"date_start": "17/11/2018"}, "ISO date"),
    ("corrected", {"quote": "x"}, "cannot correct quote"),
])
def test_bad_reviews_are_refused_with_the_reason(store, state, corrected, message):
    _, db = store
    con = sqlite3.connect(db)
    with pytest.raises(review.ReviewError, match=message):
        review.review_claim(con, sohr_hajin(con), state, "Lina", corrected=corrected)
