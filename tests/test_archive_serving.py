"""Safe to serve: where the dashboard listens, what uploads and folders it accepts, and a
prepared cache that is never unpickled."""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sqlite3
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import article, claim, incident, write_store
from loaders.store import read_frames, snapshot_dir, store_generation, write_snapshot
from views import ingest, query

REPO = Path(__file__).resolve().parents[1]
ARTICLE = ("---\npublished: 2018-11-18\n---\n"
           "قال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في غارة على بلدة الشعفة أمس.\n")


class Upload:
    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_the_dashboard_listens_on_this_machine_only():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["server"]["maxUploadSize"] == 3          # MB: an article is at most 2


# ---------------------------------------------------------------- uploads

@pytest.mark.parametrize("name, data, problem", [
    ("a.txt", ARTICLE.encode(), ""),
    ("a.TXT", ARTICLE.encode("cp1256"), ""),
    ("a.html", ARTICLE.encode(), "not an article: expected a .txt file, got '.html'"),
    ("big.txt", b"x" * (2 * 1024 * 1024 + 1), "too large: 2.0 MB (limit 2 MB)"),
    ("blank.txt", b" \n", "empty file"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (contains NUL bytes), not text"),
])
def test_uploads_are_checked_before_they_are_kept(tmp_path, name, data, problem):
    saved, refused = ingest.save_uploads([Upload(name, data)], tmp_path / "uploads")
    assert [r.reason for r in refused] == ([problem] if problem else [])
    assert len(saved) == (0 if problem else 1)
    kept = [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()] \
        if (tmp_path / "uploads").exists() else []
    assert len(kept) == len(saved)


def test_uploads_never_collide_or_replace_each_other(tmp_path):
    one, two = ARTICLE.encode(), ARTICLE.replace("12", "13").encode()
    saved, _ = ingest.save_uploads([Upload("a b.txt", one), Upload("a_b.txt", two)],
                                   tmp_path / "up")
    assert [p.name for p in saved] == ["a_b.txt", "a_b.txt"] and saved[0] != saved[1]
    again, _ = ingest.save_uploads([Upload("a b.txt", two), Upload("copy.txt", one)],
                                   tmp_path / "up")
    assert again[0] == saved[1]                   # same bytes: the same file, nothing rewritten
    assert saved[0].read_bytes() == one           # the earlier upload is still there
    assert again[1].parent == saved[0].parent     # a copy under another name sits beside it
    assert saved[0].parent.name == hashlib.sha256(one).hexdigest()[:16]


def test_refused_uploads_are_in_the_load_report(tmp_path):
    _, refused = ingest.save_uploads([Upload("x.pdf", b"%PDF")], tmp_path)
    report = ingest.load_report(refused)
    assert report[["file", "status", "reason"]].values.tolist() == [
        ["x.pdf", "rejected", "not an article: expected a .txt file, got '.pdf'"]]


# ---------------------------------------------------------------- folders

@pytest.mark.parametrize("typed, allowed", [
    ("articles", True),                    # relative to the root
    ("{root}/articles", True),
    ("{root}", True),
    ("/etc", False),
    ("{root}/..", False),
    ("{root}/articles/../../outside", False),
    ("{root}/link", False),                # a symbolic link out of the root
    ("{root}/nothing", None),              # under the root, but not a folder
])
def test_folders_load_only_from_under_the_root(tmp_path, typed, allowed):
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "link").symlink_to(tmp_path / "outside")
    path, problem = ingest.folder_under_root(typed.format(root=root), root)
    if allowed:
        assert (problem, path.is_relative_to(root)) == ("", True)
    elif allowed is None:
        assert (path, problem) == (None, f"Not a folder: {root}/nothing")
    else:
        assert (path, problem) == (None, f"Only folders under {root} can be loaded from here.")


# ---------------------------------------------------------------- the prepared cache

@pytest.fixture
def snapshotted(tmp_path):
    claims = [claim("i1", "sohr", "alleges", 12, 12)]
    db = write_store(tmp_path / "s.sqlite", [article("a1", claims)], [incident("i1", claims)])
    con = sqlite3.connect(db)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('generation', 'g1')")
    con.commit()
    con.close()
    write_snapshot(db)
    return db


def test_the_prepared_cache_is_arrow_data_and_reads_back_the_same(snapshotted):
    first = query.load_prepared(snapshotted)
    cached = list(snapshot_dir(snapshotted).glob("prepared-*"))
    assert [sorted(p.name for p in c.iterdir()) for c in cached] == [
        ["articles.arrow", "claimants.arrow", "claims.arrow", "incidents.arrow",
         "places.arrow", "store.json"]]
    again = query.load_prepared(snapshotted)
    for table in ("incidents", "claims", "articles", "claimants", "places"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(first, table))
    assert (again.first_date, again.claimant_choices) == (first.first_date, first.claimant_choices)


class Planted:
    def __reduce__(self):
        return (os.mkdir, (os.environ["PLANTED_MARK"],))


def test_a_pickle_planted_beside_the_store_is_never_opened(snapshotted, tmp_path, monkeypatch):
    mark = tmp_path / "unpickled"
    monkeypatch.setenv("PLANTED_MARK", str(mark))
    generation = store_generation(snapshotted)
    folder = snapshot_dir(snapshotted)
    for layout in ("1", query.PREPARED_LAYOUT):      # the names old and new caches used
        (folder / f"prepared-{layout}-{generation}.pickle").write_bytes(pickle.dumps(Planted()))
    store = query.load_prepared(snapshotted)
    assert not mark.exists()
    assert store.claims["claimant"].tolist() == ["sohr"]


# ---------------------------------------------------------------- missing sources

def test_missing_sources_are_hidden_unless_asked_for(tmp_path):
    kept = [claim("i1", "sohr", "alleges", 12, 12)]
    gone = [claim("i1", "sana", "alleges", 3, 3),
            claim("i2", "sana", "alleges", 5, 5)]
    db = write_store(tmp_path / "s.sqlite", [article("a1", kept), article("a2", gone)],
                     [incident("i1", kept + gone), incident("i2", gone)])
    con = sqlite3.connect(db)
    con.execute("UPDATE articles SET status='missing' WHERE article_id='a2'")
    con.commit()
    con.close()
    store = query.prepare(read_frames(db))
    assert query.has_missing(store)
    hidden = query.apply_filters(store, query.Filters())
    assert (hidden.incidents["incident_id"].tolist(), hidden.claims["claimant"].tolist()) == (
        ["i1"], ["sohr"])
    shown = query.apply_filters(store, query.Filters(show_missing=True))
    assert (sorted(shown.incidents["incident_id"]), sorted(shown.claims["claimant"])) == (
        ["i1", "i2"], ["sana", "sana", "sohr"])
    assert query.filters_to_params(query.Filters(show_missing=True), query.Filters()) == {
        "missing": "1"}


def test_the_dashboard_switch_shows_missing_sources(monkeypatch, tmp_path, sample_store):
    """The whole app: a source whose file is gone is hidden until the switch is on."""
    db = tmp_path / "store.sqlite"
    shutil.copy(sample_store, db)
    con = sqlite3.connect(db)
    con.execute("UPDATE articles SET status='missing' WHERE article_id LIKE '004%'")
    con.execute("UPDATE meta SET value='changed' WHERE key='generation'")
    con.commit()
    con.close()
    monkeypatch.setenv("RASD_DB", str(db))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    metrics = lambda: {m.label: m.value for m in at.metric}   # noqa: E731
    assert metrics()["Articles"] == "4"
    at.toggle(key="show_missing").set_value(True).run()
    assert metrics()["Articles"] == "5"
    assert at.query_params["missing"] == "1"
