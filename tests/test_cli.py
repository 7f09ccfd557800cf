"""The loader CLI and its tables, as CONTRACT.md fixes them."""
from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"


def run(*args, env=None, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return next(csv.reader(fh))


def snapshot(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("articles", "claims", "incidents")}
    finally:
        con.close()


def test_tables_have_the_contract_columns_first(sample_tables):
    assert header(sample_tables / "articles.csv")[:10] == [
        "article_id", "path", "sha256", "status", "reason", "title", "outlet", "url",
        "published", "published_from"]
    assert header(sample_tables / "claims.csv")[:15] == [
        "claim_id", "incident_id", "article_id", "claimant", "stance", "perpetrator",
        "civilians_min", "civilians_max", "killed_min", "killed_max", "strikes", "date_start",
        "date_end", "place_id", "quote"]
    assert header(sample_tables / "incidents.csv")[:17] == [
        "incident_id", "kind", "date_start", "date_end", "date_precision", "place_id",
        "place_name_en", "place_name_ar", "lat", "lon", "geo_precision", "civilians_min",
        "civilians_max", "n_claims", "n_sources", "n_articles", "contested"]


def test_values_use_the_contract_vocabularies(sample_tables):
    with (sample_tables / "claims.csv").open(encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    with (sample_tables / "incidents.csv").open(encoding="utf-8") as fh:
        incidents = list(csv.DictReader(fh))
    assert {c["stance"] for c in claims} <= {"alleges", "denies", "acknowledges", "assessing"}
    assert {c["perpetrator"] for c in claims} <= {"coalition", "iraq", "regime", "russia", "is",
                                                   "other", "unknown"}
    assert {i["kind"] for i in incidents} == {"event", "tally"}
    assert {i["contested"] for i in incidents} == {"true", "false"}
    assert {i["geo_precision"] for i in incidents} <= {"site", "town", "district", "governorate",
                                                       "country", ""}
    # every claim belongs to an incident that exists, and keeps its Arabic sentence
    ids = {i["incident_id"] for i in incidents}
    assert all(c["incident_id"] in ids and c["quote"] for c in claims)
    assert sum(int(i["n_claims"]) for i in incidents) == len(claims)


def test_rerun_changes_nothing_and_edit_replaces_claims(tmp_path):
    corpus = tmp_path / "articles"
    shutil.copytree(SAMPLES, corpus)
    db = tmp_path / "s.sqlite"
    first = run(corpus, "--db", db)
    assert first.returncode == 0, first.stderr
    before = snapshot(db)
    again = run(corpus, "--db", db)
    assert "0 claims extracted now" in again.stdout
    assert snapshot(db) == before

    # an edited article's claims replace its earlier ones, which stay as superseded:
    # SOHR's toll is corrected from 36 to 38
    path = corpus / "002_b35f598b5348c098.txt"
    path.write_text(path.read_text("utf-8").replace("بينهم 36 مدنياً", "بينهم 38 مدنياً"), "utf-8")
    run(corpus, "--db", db)
    con = sqlite3.connect(db)
    tolls = con.execute("SELECT civilians_min, superseded_at IS NOT NULL, incident_id IS NULL "
                        "FROM claims WHERE claimant='sohr' AND killed_min=43 "
                        "ORDER BY superseded_at IS NOT NULL").fetchall()
    assert tolls == [(38, 0, 0), (36, 1, 1)]
    assert con.execute("SELECT article_id FROM articles WHERE path=?", (str(path),)).fetchall() == [
        ("002_b35f598b5348c098",)]

    # a removed article stays, marked missing, with its claims, until an explicit prune
    (corpus / "004_35d6ee97e2dd77e2.txt").unlink()
    run(corpus, "--db", db)
    n_004 = con.execute("SELECT COUNT(*) FROM claims WHERE article_id LIKE '004%'").fetchone()[0]
    assert n_004 > 0
    assert con.execute("SELECT status, missing_since IS NOT NULL FROM articles "
                       "WHERE article_id LIKE '004%'").fetchall() == [("missing", 1)]
    pruned = run("prune", "--db", db)
    assert pruned.returncode == 0, pruned.stderr
    assert f"rasd: prune: removed article 004_35d6ee97e2dd77e2: {corpus}/004_35d6ee97e2dd77e2.txt: {n_004} claims" in pruned.stdout
    assert con.execute("SELECT COUNT(*) FROM claims WHERE article_id LIKE '004%'").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone() == (4,)
    assert con.execute("SELECT action, detail LIKE '%004_35d6ee97e2dd77e2%' FROM log "
                       "WHERE action='prune' AND detail LIKE '%\"article\"%'").fetchall() == [("prune", 1)]
    con.close()


def test_store_from_environment_and_summary_line(tmp_path):
    db = tmp_path / "env.sqlite"
    result = run(SAMPLES / "003_1ac63f768f9f7706.txt", env={"RASD_DB": str(db)})
    assert result.returncode == 0
    assert db.exists()
    assert result.stdout.startswith("rasd: 1 files: 1 ok, 0 undated, 0 rejected;")


def test_cannot_run_exits_non_zero(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(SAMPLES, "--db", tmp_path / "s.sqlite", "--out", blocker / "out")
    assert result.returncode == 2
    assert "cannot write to --out" in result.stderr
    assert run().returncode == 2                     # no INPUT


def test_workers_give_the_same_store(tmp_path):
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    corpus = tmp_path / "articles"
    # enough files for the pool to split the work
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", "150", "--seed", "3",
                    "--out", str(corpus)], check=True, capture_output=True)
    assert run(corpus, "--db", one).returncode == 0
    assert run(corpus, "--db", two, "--workers", "2").returncode == 0
    assert snapshot(one) == snapshot(two)


def test_same_file_name_in_two_folders_keeps_both(tmp_path):
    text = "---\npublished: 2018-11-18\n---\nقال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في غارة على الشعفة أمس.\n"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "dup.txt").write_text(text, "utf-8")
    (tmp_path / "b" / "dup.txt").write_text(text.replace("12", "13"), "utf-8")
    db = tmp_path / "s.sqlite"
    assert run(tmp_path / "a", tmp_path / "b", "--db", db).returncode == 0
    con = sqlite3.connect(db)
    ids = sorted(r[0] for r in con.execute("SELECT article_id FROM articles"))
    assert ids == ["dup", "dup~" + hashlib.sha1(str(tmp_path / "b" / "dup.txt").encode()).hexdigest()[:6]]
    assert con.execute("SELECT COUNT(*) FROM claims").fetchone() == (2,)
    (tmp_path / "b" / "dup.txt").unlink()
    run(tmp_path / "a", tmp_path / "b", "--db", db)
    # ids never change: the one whose file is gone is missing, both keep their claims
    assert con.execute("SELECT article_id, status, n_claims FROM articles ORDER BY article_id").fetchall() == [
        ("dup", "ok", 1), (ids[1], "missing", 1)]
    con.close()


def test_touched_file_is_not_read_again_and_new_rules_are(tmp_path):
    corpus = tmp_path / "articles"
    shutil.copytree(SAMPLES, corpus)
    db = tmp_path / "s.sqlite"
    first = run(corpus, "--db", db).stdout
    extracted = re.search(r"(\d+) claims extracted now", first).group(0)
    assert not extracted.startswith("0 ")
    before = snapshot(db)
    for path in corpus.glob("*.txt"):
        os.utime(path, None)                    # new modification time, same bytes
    assert "0 claims extracted now" in run(corpus, "--db", db).stdout
    after = snapshot(db)
    assert (after["claims"], after["incidents"]) == (before["claims"], before["incidents"])
    # a change of lexicon or gazetteer (seen as a new data fingerprint) re-reads everything
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value='older' WHERE key='data'")
    con.commit()
    con.close()
    assert extracted in run(corpus, "--db", db).stdout


def test_a_broken_file_costs_only_itself(tmp_path):
    (tmp_path / "bad_date.txt").write_text("---\npublished: 2018-13-45\n---\nنص\n", "utf-8")
    (tmp_path / "huge.txt").write_text(
        "---\npublished: 2018-11-18\n---\nقال المرصد السوري إن 99999999999999999999 مدنياً قتلوا.\n", "utf-8")
    shutil.copy(SAMPLES / "003_1ac63f768f9f7706.txt", tmp_path)
    out = tmp_path / "out"
    result = run(tmp_path, "--db", tmp_path / "s.sqlite", "--out", out)
    assert result.returncode == 0, result.stderr
    with (out / "articles.csv").open(encoding="utf-8") as fh:
        rows = {r["article_id"]: (r["status"], r["reason"][:24]) for r in csv.DictReader(fh)}
    assert rows == {"bad_date": ("rejected", "malformed front matter: "), "huge": ("ok", ""),
                    "003_1ac63f768f9f7706": ("ok", "")}


def test_prepare_writes_the_dashboards_tables_for_this_generation(tmp_path):
    from loaders.store import snapshot_dir, store_generation
    from views import query
    db = tmp_path / "p.sqlite"
    plain = run(SAMPLES, "--db", db, "--quiet")
    assert plain.returncode == 0, plain.stderr
    assert list(snapshot_dir(db).glob("prepared-*")) == []     # a plain load leaves it
    done = run(SAMPLES / "002_b35f598b5348c098.txt", "--db", db, "--quiet", "--prepare")
    assert done.returncode == 0, done.stderr
    cached = [p.name for p in snapshot_dir(db).glob("prepared-*")]
    assert cached == [f"prepared-{query.PREPARED_LAYOUT}-{query.views_hash()}-{store_generation(db)}"]
    assert len(query.load_prepared(db).articles) == 5
