"""`python -m loaders reviews export|import`: an analyst's reviews moved between two stores of
the sample articles, by real subprocess calls; conflicts reported and never applied; a bad
file refused with its name and the store left as it was."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import review

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"


def rasd(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "RASD_DB": "/nonexistent/should-not-be-used.sqlite"})


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A store of the sample articles, built once; each test copies it."""
    folder = tmp_path_factory.mktemp("reviews-cli")
    db = folder / "base.sqlite"
    assert rasd(SAMPLES, "--db", db).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db


def copy_store(base: Path, to: Path) -> Path:
    shutil.copy(base, to)
    return to


def sohr_hajin(con) -> str:
    return con.execute("SELECT claim_id FROM claims WHERE claimant='sohr' AND civilians_min=36 "
                       "AND superseded_at IS NULL").fetchone()[0]


def states(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        review.ensure_tables(con)
        return con.execute("SELECT claim_id, state, corrected, reviewer FROM reviews "
                           "ORDER BY claim_key").fetchall()
    finally:
        con.close()


def test_export_then_import_moves_the_reviews_and_reports_conflicts(loaded, tmp_path):
    mine = copy_store(loaded, tmp_path / "mine.sqlite")
    theirs = copy_store(loaded, tmp_path / "theirs.sqlite")
    con = sqlite3.connect(mine)
    cid = sohr_hajin(con)
    review.review_claim(con, cid, "corrected", "Lina", note="SOHR's later count",
                        corrected={"civilians_min": 38, "civilians_max": 38})
    con.commit()
    con.close()
    out = tmp_path / "lina.json"
    done = rasd("reviews", "export", out, "--db", mine)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f"rasd: reviews: exported 1 reviews, 0 incident grades, "
                                   f"0 grouping decisions and 1 log entries to {out}")
    doc = json.loads(out.read_text("utf-8"))
    assert (doc["format"], [r["state"] for r in doc["reviews"]]) == ("rasd-reviews", ["corrected"])

    # into a store that has not reviewed the claim: added, attached to the same claim
    done = rasd("reviews", "import", out, "--db", theirs, "--reviewer", "Omar")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == (f"rasd: reviews: imported {out} into {theirs}: 1 added, "
                                   "0 already the same, 0 conflicts")
    assert states(theirs) == [(cid, "corrected", '{"civilians_min": 38, "civilians_max": 38}', "Lina")]
    con = sqlite3.connect(theirs)
    assert con.execute("SELECT reviewer, action FROM review_log").fetchall() == [("Omar", "import")]
    con.close()

    # again: nothing new
    done = rasd("reviews", "import", out, "--db", theirs)
    assert (done.returncode, done.stdout.split(": ", 3)[-1].strip()) == (
        0, "0 added, 1 already the same, 0 conflicts")

    # the other store now says something else about that claim: a conflict, not applied
    con = sqlite3.connect(theirs)
    review.review_claim(con, cid, "discounted", "Omar", note="a caption")
    con.commit()
    con.close()
    done = rasd("reviews", "import", out, "--db", theirs)
    key = doc["reviews"][0]["claim_key"]
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"rasd: reviews: conflict: claim {key}: this store has discounted (by Omar), the file "
        "corrected civilians_max=38, civilians_min=38 (by Lina); kept this store's")
    assert done.stdout.split(": ", 3)[-1].strip() == (
        "0 added, 0 already the same, 1 conflict (kept this store's; listed above)")
    assert [s[1] for s in states(theirs)] == ["discounted"]


def _write(path: Path, content) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


BAD_FILES = [
    # not JSON at all
    ("truncated.json", '{"format": "rasd-reviews", "reviews": [', "not valid JSON (line 1, column"),
    ("empty.json", "", "not valid JSON (line 1, column 1: Expecting value)"),
    ("latin1.json", b'{"note": "caf\xe9"}', "not UTF-8 text"),
    # JSON, but not a reviews file
    ("list.json", [1, 2], "not a Rasd reviews file"),
    ("other.json", {"format": "geojson"}, "not a Rasd reviews file"),
    # a reviews file with a broken entry: refused whole, nothing written
    ("lacking.json", {"format": "rasd-reviews", "reviews": [{"claim_key": "x"}]},
     "reviews entry 1 lacks article_sha256, quote_start"),
    ("state.json", {"format": "rasd-reviews", "reviews": [dict(
        claim_key="k", article_sha256="s", quote_start=1, quote_end=2, claimant="sohr",
        state="maybe", note="", reviewer="x", reviewed_at="", corrected="{}", extracted="{}")]},
     "reviews entry 1: state 'maybe' is not one of"),
    ("grade.json", {"format": "rasd-reviews", "incident_grades": [dict(
        anchor_key="k", grade="great", note="", reviewer="x", reviewed_at="")]},
     "incident_grades entry 1: grade 'great' is not one of"),
]


@pytest.mark.parametrize("name, content, message", BAD_FILES)
def test_a_bad_reviews_file_is_refused_naming_it(loaded, tmp_path, name, content, message):
    db = copy_store(loaded, tmp_path / "s.sqlite")
    bad = _write(tmp_path / name, content)
    done = rasd("reviews", "import", bad, "--db", db)
    assert done.returncode == 2
    assert done.stderr.startswith(f"rasd: {bad}: ")
    assert message in done.stderr
    assert done.stdout == ""
    assert states(db) == []


@pytest.mark.parametrize("args, message", [
    (("import", "{tmp}/nowhere.json"), "rasd: cannot read {tmp}/nowhere.json: No such file or directory"),
    (("export", "{tmp}/x.json", "--db", "{tmp}/none.sqlite"), "rasd: no store at {tmp}/none.sqlite"),
    (("export", "{tmp}/no/such/dir/x.json"), "rasd: cannot write {tmp}/no/such/dir/x.json"),
])
def test_what_cannot_run_exits_2_with_a_message(loaded, tmp_path, args, message):
    db = copy_store(loaded, tmp_path / "s.sqlite")
    args = [a.format(tmp=tmp_path) for a in args]
    if "--db" not in args:
        args += ["--db", str(db)]
    done = rasd("reviews", *args)
    assert done.returncode == 2
    assert done.stderr.startswith(message.format(tmp=tmp_path))
