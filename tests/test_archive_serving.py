"""Safe to serve: where the dashboard listens, what uploads and folders it accepts, and a
prepared cache that is never unpickled."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import article, claim, incident, write_store
from loaders.store import read_frames, snapshot_dir, store_generation, write_snapshot
from views import first_view, ingest, query

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"
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


def listening(port: int) -> set[str]:
    """The local addresses of sockets listening on `port` (/proc/net/tcp and tcp6, hex)."""
    found = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:        # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}     # 127.0.0.1, ::1


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_make_run_and_a_plain_streamlit_run_listen_on_loopback_only(tmp_path, sample_store):
    """`make run` passes localhost; a `streamlit run` from the repository with no address
    given (config.toml's) listens on loopback addresses only, none of every interface."""
    import socket
    import urllib.request
    dry = subprocess.run(["make", "-n", "run", f"DB={sample_store}"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert "--server.address localhost --server.port 8501" in dry.stdout, dry.stdout
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "RASD_DB": str(sample_store), "RASD_UPLOADS": str(tmp_path / "up")})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "streamlit.log").read_text()
            time.sleep(0.3)
        addresses = listening(port)
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
    assert addresses and addresses <= LOOPBACK, addresses


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


def test_uploads_stop_when_the_folder_is_full_and_nothing_is_written(tmp_path):
    one, two = ARTICLE.encode(), ARTICLE.replace("12", "13").encode()
    limit = len(one) + len(two) // 2              # room for the first file only
    saved, refused = ingest.save_uploads([Upload("a.txt", one), Upload("b.txt", two)],
                                         tmp_path / "up", limit=limit)
    assert [p.read_bytes() for p in saved] == [one]
    assert [(r.path, r.reason) for r in refused] == [
        ("b.txt", f"the uploads folder is full ({len(one) / 1e6:.1f} of {limit / 1e6:.0f} MB); "
                  "nothing was written (RASD_UPLOADS_MAX_MB sets the limit)")]
    assert sorted(p.name for p in (tmp_path / "up").rglob("*.txt")) == ["a.txt"]
    # the same bytes again take no room: they are the file already kept
    again, refused = ingest.save_uploads([Upload("a.txt", one)], tmp_path / "up", limit=limit)
    assert again == saved and refused == []


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


# ---------------------------------------------------------------- loading from the dashboard

def cli(*args, wait=True):
    command = [sys.executable, "-m", "loaders", *map(str, args)]
    if wait:
        return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def dashboard(monkeypatch, db: Path, root: Path, uploads: Path) -> AppTest:
    monkeypatch.setenv("RASD_DB", str(db))
    monkeypatch.setenv("RASD_LOAD_ROOT", str(root))
    monkeypatch.setenv("RASD_UPLOADS", str(uploads))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300).run()
    assert not at.exception, at.exception
    return at


def load_folder(at: AppTest, typed: str) -> AppTest:
    at.text_input(key="upload_folder").set_value(typed)
    at.button(key="load_articles").click().run()
    assert not at.exception, at.exception
    return at


def csv_tables(out: Path) -> dict[str, str]:
    return {name: (out / f"{name}.csv").read_text("utf-8")
            for name in ("articles", "claims", "incidents")}


def test_a_dashboard_load_during_a_cli_load_waits_and_both_finish(monkeypatch, tmp_path):
    root = tmp_path / "data"
    big, small = root / "big", root / "small"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", "200", "--seed",
                    "3", "--out", str(big)], check=True, capture_output=True)
    shutil.copytree(SAMPLES, small)
    db = tmp_path / "s.sqlite"
    assert cli(big, small, "--db", tmp_path / "clean.sqlite", "--out", tmp_path / "clean"
               ).returncode == 0
    at = dashboard(monkeypatch, db, root, tmp_path / "uploads")      # open before the load
    running = cli(big, "--db", db, wait=False)
    deadline = time.monotonic() + 120       # until its first chunk is committed
    while running.poll() is None and time.monotonic() < deadline:
        if db.exists() and store_count(db, "SELECT COUNT(*) FROM articles") > 0:
            break
        time.sleep(0.05)
    assert running.poll() is None, "the CLI load ended before the dashboard's began"
    at = load_folder(at, "small")
    assert [e.value for e in at.error] == []
    assert at.dataframe[0].value[["file", "status"]].values.tolist() == [
        [p.name, "ok"] for p in sorted(SAMPLES.glob("*.txt"))]
    _, err = running.communicate(timeout=300)
    assert running.returncode == 0, err
    assert cli(big, small, "--db", db, "--out", tmp_path / "out").returncode == 0
    assert csv_tables(tmp_path / "out") == csv_tables(tmp_path / "clean")


def store_count(db: Path, query: str) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(query).fetchone()[0]
    except sqlite3.OperationalError:      # not created yet
        return 0
    finally:
        con.close()


@pytest.mark.parametrize("typed, refused", [
    ("{root}", ""),                        # the parent of the loaded folder, store inside it
    (".", ""),
    ("{root}/..", "Only folders under {root} can be loaded from here."),
    ("/etc", "Only folders under {root} can be loaded from here."),
    ("{root}/articles/../../elsewhere", "Only folders under {root} can be loaded from here."),
])
def test_a_folder_typed_in_the_dashboard_never_costs_an_article(monkeypatch, tmp_path, typed,
                                                                 refused):
    root = tmp_path / "data"
    shutil.copytree(SAMPLES, root / "articles")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(SAMPLES / "000_b3e1ffaffc5731e0.txt", tmp_path / "elsewhere" / "other.txt")
    db = root / "rasd.sqlite"                       # as make run lays it out: data/rasd.sqlite
    assert cli(root / "articles", "--db", db, "--out", tmp_path / "before").returncode == 0
    at = dashboard(monkeypatch, db, root, tmp_path / "uploads")     # writes its cache beside db
    generation = store_generation(db)
    at = load_folder(at, typed.format(root=root))
    assert [e.value for e in at.error] == ([refused.format(root=root)] if refused else [])
    if refused:
        assert store_generation(db) == generation
    else:       # the same five articles, nothing missing; the store's own files are not read
        assert at.dataframe[0].value[["file", "status"]].values.tolist() == [
            [p.name, "ok"] for p in sorted(SAMPLES.glob("*.txt"))]
    assert cli(root / "articles", "--db", db, "--out", tmp_path / "after").returncode == 0
    assert csv_tables(tmp_path / "after") == csv_tables(tmp_path / "before")


def test_uploads_of_colliding_names_are_three_articles_in_the_store(tmp_path):
    """'a b.txt' and 'a_b.txt' (one stored name), and 'a b.txt' again with other text:
    three files kept, three articles, every claim; as the dashboard saves and loads them."""
    from loaders.pipeline import load_paths
    texts = [ARTICLE, ARTICLE.replace("12", "13"), ARTICLE.replace("12", "14")]
    db = tmp_path / "s.sqlite"
    for name, text in (("a b.txt", texts[0]), ("a_b.txt", texts[1]), ("a b.txt", texts[2])):
        saved, refused = ingest.save_uploads([Upload(name, text.encode())], tmp_path / "up")
        assert refused == []
        load_paths([str(p) for p in saved], db)
    con = sqlite3.connect(db)
    try:
        articles = con.execute("SELECT article_id, status FROM articles ORDER BY path").fetchall()
        tolls = sorted(r[0] for r in con.execute("SELECT civilians_min FROM claims"))
    finally:
        con.close()
    assert [status for _, status in articles] == ["ok", "ok", "ok"]
    assert len({aid for aid, _ in articles}) == 3
    assert tolls == [12, 13, 14]


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
        ["articles.arrow", "claimants.arrow", "claims.arrow", "codes.arrow", "facts.arrow",
         "incidents.arrow", "places.arrow", "store.json"]]
    again = query.load_prepared(snapshotted)
    for table in ("incidents", "claims", "articles", "claimants", "places"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(first, table))
    assert (again.first_date, again.claimant_choices) == (first.first_date, first.claimant_choices)
    # the default view's per-incident facts come prepared: SOHR's 12, one source
    view = query.apply_filters(again, query.default_filters(again))
    assert view.facts() is again.memo[("facts", False, False)]
    assert view.facts().loc[0].tolist()[:2] == [12.0, 12.0]
    pd.testing.assert_frame_equal(view.facts(), query.incident_facts(
        again.claims, query.shown_claims(again, query.Filters())[0]))
    # and the codes the headline counts articles and sources by
    assert again.memo[("codes", "claimant")].tolist() == [0]
    assert (query.headline(view)["articles"], query.headline(view)["sources"]) == (1, 1)


def test_the_opening_view_is_prepared_with_the_store_and_read_back_the_same(snapshotted):
    # as --prepare does; the dashboard's own preparing (after a review) leaves it out
    built = query.load_prepared(snapshotted, opening=True).memo["first_view"]
    again = query.load_prepared(snapshotted)                          # a new process's read
    read = first_view.opening(again)
    assert read is not built and read["parts"]["choices"] == built["parts"]["choices"] == ["i1"]
    assert read["parts"]["headline"] == built["parts"]["headline"]
    assert read["parts"]["headline"]["events"] == 1 and read["parts"]["tallies"][0] == 0
    assert read["parts"]["tallies"] == built["parts"]["tallies"]
    assert read["site_table"]["place_id"].tolist() == built["site_table"]["place_id"].tolist()
    # no HTML is kept: the popups, circles and tallies' table are made from data when read
    folder = next(snapshot_dir(snapshotted).glob("prepared-*"))
    doc = json.loads((folder / "first_view.json").read_text("utf-8"))
    assert set(doc) == {"code", "frames", "timeline", "overview", "headline", "choices",
                        "labels", "off_map", "undated", "tallies"}
    for name in ("timeline", "overview"):
        fig = read[name] if name == "timeline" else read["parts"][name]
        made = built[name] if name == "timeline" else built["parts"][name]
        assert json.loads(fig.to_json()) == json.loads(made.to_json())
    # SOHR's 12 is in the overview's one cell
    assert [list(r) for r in read["parts"]["overview"].data[0].text] == [["12"]]


def test_text_planted_in_the_opening_view_is_escaped_when_shown(snapshotted):
    import pyarrow as pa
    query.load_prepared(snapshotted, opening=True)
    folder = next(snapshot_dir(snapshotted).glob("prepared-*"))
    planted = pd.DataFrame({"incident_id": ["t"], "date_label": ["2018"],
                            "scope_label": ["<img src=x onerror=alert(1)>"],
                            "figures": ["<script>alert(1)</script>"]})
    doc = json.loads((folder / "first_view.json").read_text("utf-8"))
    query._write_arrow(pa.Table.from_pandas(planted),
                       folder / f"first_tallies-{doc['frames']}.arrow")
    (folder / "first_view.json").write_text(json.dumps({**doc, "tallies": 1}), "utf-8")
    n, listed, table = first_view.opening(query.load_prepared(snapshotted))["parts"]["tallies"]
    assert (n, listed) == (1, 1)
    assert "<script>" not in table and "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "<img" not in table and "&lt;img src=x onerror=alert(1)&gt;" in table


def test_an_opening_view_is_added_to_tables_prepared_without_one(snapshotted):
    assert first_view.opening(query.load_prepared(snapshotted)) is None   # the dashboard's
    query.load_prepared(snapshotted, opening=True)                        # then --prepare
    assert first_view.opening(query.load_prepared(snapshotted))["parts"]["choices"] == ["i1"]


@pytest.mark.parametrize("planted", [
    {"layout": {"images": [{"source": "https://example.org/x.png"}]}},       # fetched
    {"data": [{"type": "scatter", "hovertext": ["<a href='https://example.org'>x</a>"]}],
     "layout": {}},
    {"data": [{"type": "scatter", "hovertext": ["<img src=x onerror=alert(1)>"]}], "layout": {}},
])
def test_a_figure_planted_in_the_opening_view_is_refused(snapshotted, planted):
    query.load_prepared(snapshotted, opening=True)
    folder = next(snapshot_dir(snapshotted).glob("prepared-*"))
    doc = json.loads((folder / "first_view.json").read_text("utf-8"))
    assert first_view.opening(query.load_prepared(snapshotted)) is not None
    (folder / "first_view.json").write_text(json.dumps({**doc, "overview": planted}), "utf-8")
    assert first_view.opening(query.load_prepared(snapshotted)) is None


def test_the_prepared_folder_is_named_by_the_code_that_made_it(snapshotted):
    query.load_prepared(snapshotted)
    assert [p.name for p in snapshot_dir(snapshotted).glob("prepared-*")] == [
        f"prepared-{query.PREPARED_LAYOUT}-{query.views_hash()}-{store_generation(snapshotted)}"]


def test_an_opening_view_written_by_other_code_is_not_used(snapshotted):
    query.load_prepared(snapshotted, opening=True)
    folder = next(snapshot_dir(snapshotted).glob("prepared-*"))
    doc = json.loads((folder / "first_view.json").read_text("utf-8"))
    (folder / "first_view.json").write_text(json.dumps({**doc, "code": "other"}), "utf-8")
    assert first_view.opening(query.load_prepared(snapshotted)) is None
    (folder / "first_view.json").write_text("{torn", "utf-8")
    assert first_view.opening(query.load_prepared(snapshotted)) is None


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
