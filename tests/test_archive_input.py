"""Hostile input through the whole load: poisoned dates, giant one-line files, spreadsheet
formulas in article text. Each case is a real file or store, loaded by `python -m loaders`."""
from __future__ import annotations

import csv
import io
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import article, write_store
from loaders.pipeline import article_from_file, split_long_runs
from loaders.records import Claim
from loaders.spreadsheet import spreadsheet_safe
from views.query import csv_bytes

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"
SENTENCE = "قال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في غارة على بلدة الشعفة أمس"


def run(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))


def rows(out: Path, name: str) -> list[dict]:
    with (out / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- dates that would overflow

def test_a_store_holding_year_9999_still_loads_and_groups(tmp_path):
    db = tmp_path / "s.sqlite"
    far = [Claim(claim_id="", article_id="", claimant="sohr", stance="alleges",
                 perpetrator="unknown", civilians_min=3, civilians_max=3, place_id="shafah",
                 date_start=dt.date(9999, 12, 31), date_end=dt.date(9999, 12, 31)),
           Claim(claim_id="", article_id="", claimant="sana", stance="alleges",
                 perpetrator="unknown", civilians_min=4, civilians_max=4, place_id="shafah",
                 date_start=dt.date(1, 1, 1), date_end=dt.date(1, 1, 2))]
    write_store(db, [article("poisoned", far)], [])
    result = run(SAMPLES, "--db", db, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    claims = rows(tmp_path / "out", "claims")
    incident_ids = {i["incident_id"] for i in rows(tmp_path / "out", "incidents")}
    assert all(c["incident_id"] in incident_ids for c in claims)
    # the stored dates are kept as they were; only grouping ignores them
    assert sorted((c["date_start"], c["civilians_min"]) for c in claims
                  if c["article_id"] == "poisoned") == [("0001-01-01", "4"), ("9999-12-31", "3")]


def test_a_far_publication_date_costs_only_its_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "far.txt").write_text(f"---\npublished: 9999-12-31\n---\n{SENTENCE}.\n", "utf-8")
    (folder / "fine.txt").write_text(f"---\npublished: 2018-11-18\n---\n{SENTENCE}.\n", "utf-8")
    result = run(folder, "--db", tmp_path / "s.sqlite", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    status = {a["article_id"]: (a["status"], a["reason"].split(" is outside")[0])
              for a in rows(tmp_path / "out", "articles")}
    assert status == {"far": ("rejected", "front matter: 'published' 9999-12-31"),
                      "fine": ("ok", "")}
    assert [c["date_start"] for c in rows(tmp_path / "out", "claims")] == ["2018-11-17"]


# ---------------------------------------------------------------- giant one-line files

@pytest.mark.parametrize("text, limit, expected", [
    ("aaa bbb ccc ddd", 8, "aaa bbb\nccc ddd"),
    ("aaa bbb. ccc ddd", 8, "aaa bbb. ccc ddd"),          # sentences already short
    ("aaaaaaaaaaaa bb", 8, "aaaaaaaaaaaa bb"),            # no space to cut at: left whole
    ("كلمة " * 6, 12, "كلمة كلمة\nكلمة كلمة\nكلمة كلمة "),
    ("ab. aaa bbb ccc ddd. cd", 8, "ab. aaa bbb\nccc ddd. cd"),   # a long run between short ones
    ("ab؟ aaa bbb ccc ddd\nxy aaa bbb ccc", 8, "ab؟ aaa bbb\nccc ddd\nxy aaa\nbbb ccc"),
])
def test_long_runs_are_cut_at_spaces_keeping_every_offset(text, limit, expected):
    cut = split_long_runs(text, limit)
    assert cut == expected and len(cut) == len(text)


LONG_RUN = " و".join([SENTENCE] * 20)          # 1,600 characters with no sentence end
CUT = "text with no sentence end for over 600 characters was read in pieces cut at spaces"


@pytest.mark.parametrize("text, status, reason", [
    (f"---\npublished: 2018-11-18\n---\n{SENTENCE}.\n", "ok", ""),
    (f"---\npublished: 2018-11-18\n---\n{LONG_RUN}", "ok", CUT),
    (LONG_RUN, "undated", "no publication date in front matter or text; relative dates left "
                          f"unresolved; {CUT}"),
])
def test_a_long_run_is_cut_with_a_note(tmp_path, text, status, reason):
    path = tmp_path / "a.txt"
    path.write_text(text, "utf-8")
    a = article_from_file(str(path))
    assert (a.status, a.reason, len(a.claims) > 0) == (status, reason, True)


def test_a_giant_one_line_file_is_read_with_its_claims(tmp_path):
    # 300 KB with no sentence end: read in pieces of about MAX_SENTENCE characters
    names = ["الشعفة", "هجين", "السوسة", "الباغوز"]
    body = " و".join(f"{SENTENCE.replace('12', str(10 + k % 50)).replace('الشعفة', names[k % 4])}"
                     for k in range(3600))
    path = tmp_path / "oneline.txt"
    path.write_text(f"---\npublished: 2018-11-18\n---\n{body}", "utf-8")
    assert path.stat().st_size > 300_000
    a = article_from_file(str(path))
    assert (a.status, a.reason) == ("ok", "text with no sentence end for over 600 characters "
                                          "was read in pieces cut at spaces")
    # tolls read where they stand, to the end of the file (the k-th sentence: 10 + k % 50 at
    # the (k % 4)-th place); SOHR's statements about one village on one day merge into one
    # claim with one of the figures it gave there (README "One claim per statement")
    stated = {pid: {10 + k % 50 for k in range(3600) if k % 4 == i}
              for i, pid in enumerate(["shafah", "hajin", "susah", "baghuz"])}
    sohr = [c for c in a.claims if c.claimant == "sohr"]
    assert {c.place_id for c in sohr} == set(stated)
    # (a piece cut inside a sentence may pair a figure with the next sentence's village)
    assert all(10 <= c.civilians_min <= 59 for c in sohr)
    assert max(c.quote_end for c in a.claims) > len(body) - len(SENTENCE) * 8


# ---------------------------------------------------------------- spreadsheet formulas

@pytest.mark.parametrize("value, safe", [
    ("=HYPERLINK(\"http://x\",\"x\")", "'=HYPERLINK(\"http://x\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tindent", "'\tindent"),
    ("\rreturn", "'\rreturn"),
    ("قال المرصد = 3", "قال المرصد = 3"),
    (-3, -3),
    (None, None),
])
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_out_tables_never_hold_a_formula(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=evil.txt").write_text(
        "---\npublished: 2018-11-18\ntitle: '=HYPERLINK(\"http://x\",\"x\")'\n"
        "outlet: '@SUM(1+1)'\nurl: \"+cmd|' /C calc'!A0\"\n---\n"
        f"-{SENTENCE}.\n", "utf-8")
    result = run(folder, "--db", tmp_path / "s.sqlite", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    (a,) = rows(tmp_path / "out", "articles")
    assert (a["article_id"], a["title"], a["outlet"], a["url"]) == (
        "'=evil", "'=HYPERLINK(\"http://x\",\"x\")", "'@SUM(1+1)", "'+cmd|' /C calc'!A0")
    for name in ("articles", "claims", "incidents"):
        with (tmp_path / "out" / f"{name}.csv").open(encoding="utf-8") as fh:
            for row in csv.reader(fh):
                assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row)


def test_the_dashboard_download_follows_the_same_rule():
    values = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "قال", "a=b"]
    text = csv_bytes(pd.DataFrame({"quote": values})).decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:] == [
        spreadsheet_safe(v) for v in values]
