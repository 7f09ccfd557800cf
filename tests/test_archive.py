"""The store as an archive, under real faults: SIGKILL at chosen points of a load, two loads
at once, a store of the previous schema, files and folders that vanish. Each load is a
real `python -m loaders` process; the fault points are reached through RASD_KILL_AT,
which makes the loader SIGKILL itself there (see loaders.store.checkpoint)."""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "articles"
N_ARTICLES = 200          # four chunks of the loader's 64


def plain_user() -> None:
    """Start-up of a loader process: as root, give up reading files whatever their mode
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, dropped from the bounding set so the loader
    never has them), so a file or folder made unreadable is unreadable to the loader as
    it would be to any user. Nothing to give up for a user."""
    if os.geteuid() != 0:
        return
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):                          # DAC_OVERRIDE, DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:   # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop the capability to read any file")


def run(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, **kwargs)


def start(*args, env=None, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, **kwargs)


def tables(out: Path) -> dict[str, str]:
    return {name: (out / f"{name}.csv").read_text("utf-8")
            for name in ("articles", "claims", "incidents")}


def rows(out: Path, name: str) -> list[dict]:
    with (out / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", str(N_ARTICLES),
                    "--seed", "11", "--out", str(folder)], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> dict[str, str]:
    """The CSVs of one uninterrupted load of the corpus."""
    work = tmp_path_factory.mktemp("clean")
    result = run(corpus, "--db", work / "s.sqlite", "--out", work / "out")
    assert result.returncode == 0, result.stderr
    return tables(work / "out")


def group_members(pgid: int) -> list[int]:
    """Live processes in a process group (read from /proc: no helper library)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


# ---------------------------------------------------------------- kill -9, then run again

KILL_POINTS = [
    # (where, extra arguments)
    ("chunk:1", ()),                    # after the first chunk's commit
    ("chunk:2", ("--workers", "2")),    # mid-load, with a worker pool
    ("before-regroup:1", ()),           # between the last chunk and the regroup
    ("in-regroup:1", ()),               # inside the regroup's transaction
    ("before-snapshot:1", ()),          # regrouped, snapshot not yet written
    ("in-snapshot:2", ()),              # half a snapshot written in its temporary folder
]


@pytest.mark.parametrize("point, extra", KILL_POINTS, ids=[p for p, _ in KILL_POINTS])
def test_a_load_killed_anywhere_is_finished_by_the_next(corpus, clean, tmp_path, point, extra):
    db = tmp_path / "s.sqlite"
    killed = start(corpus, "--db", db, *extra, env={"RASD_KILL_AT": point},
                   start_new_session=True)
    killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL
    if extra:            # the pool's workers die with the loader that started them
        deadline = time.monotonic() + 10
        while group_members(killed.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert group_members(killed.pid) == []
    again = run(corpus, "--db", db, "--out", tmp_path / "out")
    assert again.returncode == 0, again.stderr
    assert tables(tmp_path / "out") == clean
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    generation = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
    con.close()
    assert (Path(f"{db}.frames") / "generation").read_text() == generation
    # no half-written snapshot folder is left behind
    assert sorted(p.name for p in tmp_path.iterdir() if ".frames" in p.name) == ["s.sqlite.frames"]


def test_a_store_left_ungrouped_by_an_older_rasd_is_regrouped(corpus, clean, tmp_path):
    # schema 4 kept no regroup debt: killed before its regroup, claims had no incident
    db = tmp_path / "s.sqlite"
    assert run(corpus, "--db", db).returncode == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE claims SET incident_id=NULL WHERE article_id >= 'bench_000100'")
    con.execute("DELETE FROM incidents")
    con.execute("UPDATE meta SET value='0' WHERE key='regroup_owed'")
    con.commit()
    con.close()
    assert run(corpus, "--db", db, "--out", tmp_path / "out").returncode == 0
    assert tables(tmp_path / "out") == clean


# ---------------------------------------------------------------- two loads at once

def test_two_loads_of_one_folder_at_once_both_finish(corpus, clean, tmp_path):
    db = tmp_path / "s.sqlite"
    loads = [start(corpus, "--db", db) for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in loads]
    assert [p.returncode for p in loads] == [0, 0], errors
    assert run(corpus, "--db", db, "--out", tmp_path / "out").returncode == 0
    assert tables(tmp_path / "out") == clean


def test_two_loads_of_two_folders_at_once_equal_one_load_of_both(corpus, tmp_path):
    halves = [tmp_path / "in" / "a", tmp_path / "in" / "b"]
    for half in halves:
        half.mkdir(parents=True)
    for k, path in enumerate(sorted(corpus.glob("*.txt"))[:120]):
        shutil.copy(path, halves[k % 2])
    assert run(*halves, "--db", tmp_path / "one.sqlite", "--out", tmp_path / "one").returncode == 0
    db = tmp_path / "two.sqlite"
    loads = [start(half, "--db", db) for half in halves]
    errors = [p.communicate(timeout=300)[1] for p in loads]
    assert [p.returncode for p in loads] == [0, 0], errors
    assert run(*halves, "--db", db, "--out", tmp_path / "two").returncode == 0
    assert tables(tmp_path / "two") == tables(tmp_path / "one")


def export_csvs(db: Path, out: Path) -> tuple[set, set]:
    from loaders import store
    con = store.connect(db)
    try:
        store.export_csv(con, out)
    finally:
        con.close()
    return ({c["incident_id"] for c in rows(out, "claims")},
            {i["incident_id"] for i in rows(out, "incidents")})


def dashboard_frames(db: Path, out: Path) -> tuple[set, set]:
    from loaders import store
    shutil.rmtree(store.snapshot_dir(db), ignore_errors=True)     # read from SQLite
    frames = store.read_frames(db)
    return set(frames["claims"]["incident_id"].dropna()), set(frames["incidents"]["incident_id"])


def snapshot_tables(db: Path, out: Path) -> tuple[set, set]:
    import pyarrow.parquet as pq
    from loaders import store
    folder = store.write_snapshot(db)
    return (set(pq.read_table(folder / "claims.parquet")["incident_id"].to_pylist()) - {None},
            set(pq.read_table(folder / "incidents.parquet")["incident_id"].to_pylist()))


@pytest.mark.parametrize("read", [export_csvs, dashboard_frames, snapshot_tables],
                         ids=["--out", "dashboard", "snapshot"])
def test_a_read_during_another_write_is_one_moment_of_the_store(corpus, tmp_path, read):
    """The CSVs, the dashboard's tables and the snapshot, read while another load commits:
    all tables come from one read transaction, so every claim's incident is there. The
    other writer renames every incident (and its claims) in each transaction, as a
    regroup may."""
    import threading
    db = tmp_path / "s.sqlite"
    assert run(corpus, "--db", db).returncode == 0
    stop = threading.Event()

    def regroup_again_and_again():
        other = sqlite3.connect(db, timeout=30, isolation_level=None)
        while not stop.is_set():
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE incidents SET incident_id = incident_id || 'x'")
            other.execute("UPDATE claims SET incident_id = incident_id || 'x' "
                          "WHERE incident_id IS NOT NULL")
            other.execute("COMMIT")
        other.close()

    writer = threading.Thread(target=regroup_again_and_again)
    writer.start()
    try:
        seen = [read(db, tmp_path / f"out{k}") for k in range(5)]
    finally:
        stop.set()
        writer.join()
    for claim_incidents, incidents in seen:
        assert claim_incidents and claim_incidents <= incidents


def test_a_new_store_held_by_another_opener_is_waited_for_not_refused(tmp_path):
    """Switching a new file to WAL needs an exclusive lock, and SQLite refuses it at once
    (no busy wait) while another connection holds the new file's write lock; CI met this
    with two loads started together. connect() waits for the holder instead of failing."""
    import threading
    from loaders import store
    db = tmp_path / "s.sqlite"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")           # a new file, rollback journal, reserved
    threading.Timer(0.5, holder.rollback).start()
    con = store.connect(db)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] \
            == store.SCHEMA_VERSION
    finally:
        con.close()
        holder.close()


# ---------------------------------------------------------------- nothing deleted implicitly

@pytest.fixture
def loaded(tmp_path):
    """The sample articles loaded from a folder of their own; (folder, db, claims before)."""
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "s.sqlite"
    assert run(folder, "--db", db).returncode == 0
    con = sqlite3.connect(db)
    before = con.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    con.close()
    return folder, db, before


def store_rows(db: Path, query: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_an_emptied_folder_removes_nothing(loaded, tmp_path):
    folder, db, before = loaded
    shutil.move(folder, tmp_path / "elsewhere")     # as if the disk were unmounted
    folder.mkdir()
    result = run(folder, "--db", db, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "5 stored articles missing (kept; 'python -m loaders prune' removes them)" in result.stdout
    assert store_rows(db, "SELECT COUNT(*) FROM claims") == [(before,)]
    articles = rows(tmp_path / "out", "articles")
    assert {(a["status"], a["missing_since"] != "", a["reason"].split(" (since")[0])
            for a in articles} == {("missing", True, "file not found")}
    assert len(rows(tmp_path / "out", "claims")) == before
    # back in place: found again, nothing read twice
    shutil.rmtree(folder)
    shutil.move(tmp_path / "elsewhere", folder)
    again = run(folder, "--db", db, "--out", tmp_path / "out")
    assert "0 claims extracted now" in again.stdout
    assert {a["status"] for a in rows(tmp_path / "out", "articles")} == {"ok"}


def test_a_missing_folder_given_as_input_removes_nothing(loaded, tmp_path):
    folder, db, before = loaded
    shutil.rmtree(folder)                            # unmounted: the folder itself is gone
    result = run(folder, "--db", db)
    assert result.returncode == 0, result.stderr
    assert (f"rasd: {os.path.relpath(folder, REPO)} is not there; the 5 files stored from it "
            "are kept, marked missing") in result.stderr
    assert store_rows(db, "SELECT COUNT(*) FROM claims") == [(before,)]
    assert {(status, reason.split(" (since ")[0]) for status, reason in store_rows(
        db, "SELECT status, reason FROM articles")} == {
        ("missing", "cannot search its folder: No such file or directory")}


UNREADABLE = [
    # (the fault, how to make it, how to undo it, the reason stored)
    ("dangling symlink", lambda p, data: (p.unlink(), p.symlink_to(p.with_name("nowhere"))),
     lambda p, data: (p.unlink(), p.write_bytes(data)), "cannot read: No such file or directory"),
    ("mode 000", lambda p, data: p.chmod(0), lambda p, data: p.chmod(0o644),
     "cannot read: Permission denied"),
    # (a folder is searched, not read: the file is not found in it)
    ("a folder in its place", lambda p, data: (p.unlink(), p.mkdir()),
     lambda p, data: (p.rmdir(), p.write_bytes(data)), "file not found"),
]


@pytest.mark.parametrize("fault, make, undo, reason", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_an_unreadable_file_is_missing_with_its_reason(loaded, fault, make, undo, reason):
    folder, db, before = loaded
    path = folder / "003_1ac63f768f9f7706.txt"
    data = path.read_bytes()
    make(path, data)            # same name, size and time where it can: only reading tells
    try:
        result = run(folder, "--db", db, preexec_fn=plain_user)
    finally:
        undo(path, data)
    assert result.returncode == 0, result.stderr
    assert "1 stored articles missing (kept; 'python -m loaders prune' removes them)" \
        in result.stdout
    if reason != "file not found":          # a file among the inputs is listed with its reason
        assert f"003_1ac63f768f9f7706.txt: missing: {reason} (since " in result.stderr
    ((status, stored, n),) = store_rows(db, "SELECT status, reason, n_claims FROM articles "
                                            "WHERE article_id='003_1ac63f768f9f7706'")
    assert (status, stored.split(" (since ")[0], n > 0) == ("missing", reason, True)
    assert store_rows(db, "SELECT COUNT(*) FROM claims") == [(before,)]
    # readable again: the same article, found again without reading it twice
    again = run(folder, "--db", db, preexec_fn=plain_user)
    assert "5 ok, 0 undated, 0 rejected; 0 claims extracted now" in again.stdout
    assert store_rows(db, "SELECT DISTINCT status FROM articles") == [("ok",)]


def test_files_that_read_the_same_every_run_change_nothing(loaded, tmp_path):
    folder, db, before = loaded
    (folder / "003_1ac63f768f9f7706.txt").unlink()
    (folder / "003_1ac63f768f9f7706.txt").symlink_to(tmp_path / "nowhere.txt")   # missing
    (folder / "empty.txt").write_text("")                                         # rejected
    run(folder, tmp_path / "never.txt", "--db", db)
    generation = store_rows(db, "SELECT value FROM meta WHERE key='generation'")
    again = run(folder, tmp_path / "never.txt", "--db", db)
    assert "0 claims extracted now" in again.stdout
    assert store_rows(db, "SELECT value FROM meta WHERE key='generation'") == generation
    assert store_rows(db, "SELECT article_id, status FROM articles WHERE status != 'ok' "
                          "ORDER BY article_id") == [
        ("003_1ac63f768f9f7706", "missing"), ("empty", "rejected"), ("never", "rejected")]


def test_an_unreadable_subfolder_removes_nothing(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder / "sub")
    db = tmp_path / "s.sqlite"
    assert run(folder, "--db", db).returncode == 0
    (folder / "sub").chmod(0)
    try:
        result = run(folder, "--db", db, "--out", tmp_path / "out", preexec_fn=plain_user)
    finally:
        (folder / "sub").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert (f"rasd: cannot search {os.path.relpath(folder / 'sub', REPO)}: Permission denied; "
            "files stored from there are kept (marked missing if not found)") in result.stderr
    articles = rows(tmp_path / "out", "articles")
    assert {(a["status"], a["reason"].split(" (since ")[0]) for a in articles} == {
        ("missing", "cannot search its folder: Permission denied")}
    assert len(rows(tmp_path / "out", "claims")) == sum(int(a["n_claims"]) for a in articles) > 0


def test_prune_removes_only_missing_articles_and_says_so(loaded, tmp_path):
    folder, db, before = loaded
    (folder / "004_35d6ee97e2dd77e2.txt").unlink()
    run(folder, "--db", db)
    n_004 = store_rows(db, "SELECT n_claims FROM articles WHERE article_id LIKE '004%'")[0][0]
    dry = run("prune", "--db", db, "--dry-run")
    assert dry.stdout.splitlines() == [
        f"rasd: prune: would remove article 004_35d6ee97e2dd77e2: "
        f"{folder}/004_35d6ee97e2dd77e2.txt: {n_004} claims",
        f"rasd: prune: would remove 1 item from {db}"]
    assert store_rows(db, "SELECT COUNT(*) FROM claims") == [(before,)]
    # a scope elsewhere removes nothing
    assert run("prune", tmp_path / "other", "--db", db).stdout.endswith("removed 0 items from "
                                                                         f"{db}\n")
    done = run("prune", folder, "--db", db)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == f"rasd: prune: removed 1 item from {db}"
    assert store_rows(db, "SELECT COUNT(*) FROM claims") == [(before - n_004,)]
    assert store_rows(db, "SELECT COUNT(*) FROM claims WHERE incident_id IS NULL") == [(0,)]
    assert store_rows(db, "SELECT COUNT(*) FROM log WHERE action='prune'") == [(1,)]
    assert store_rows(db, "SELECT COUNT(*) FROM article_paths WHERE article_id LIKE '004%'") == [(0,)]


def test_a_snapshot_of_another_generation_is_rewritten_and_leftovers_removed(loaded, tmp_path):
    import pyarrow.parquet as pq
    from loaders import store
    folder, db, before = loaded
    (folder / "004_35d6ee97e2dd77e2.txt").unlink()
    killed = run(folder, "--db", db, env={"RASD_KILL_AT": "before-snapshot:1"})
    assert killed.returncode == -signal.SIGKILL
    assert store.snapshot_generation(db) != store.store_generation(db)
    # the dashboard does not trust the stale snapshot: it reads the store
    frames = store.read_frames(db)
    assert frames["articles"].set_index("article_id")["status"]["004_35d6ee97e2dd77e2"] == "missing"
    dead = subprocess.Popen(["true"])          # a pid no process has now
    dead.wait()
    frames_dir = store.snapshot_dir(db)
    leftovers = {name: Path(f"{frames_dir}.{name}") for name in
                 (f"tmp-{dead.pid}", f"old-{dead.pid}", f"tmp-{os.getpid()}")}
    for path in leftovers.values():
        path.mkdir()
        (path / "claims.parquet").write_bytes(b"half")
    again = run(folder, "--db", db)
    assert "0 claims extracted now" in again.stdout
    assert store.snapshot_generation(db) == store.store_generation(db)
    statuses = dict(zip(*pq.read_table(frames_dir / "articles.parquet",
                                       columns=["article_id", "status"]).to_pydict().values()))
    assert statuses["004_35d6ee97e2dd77e2"] == "missing"
    # a dead writer's folders are gone; a live process's one is left to it
    assert {name: path.exists() for name, path in leftovers.items()} == {
        f"tmp-{dead.pid}": False, f"old-{dead.pid}": False, f"tmp-{os.getpid()}": True}


@pytest.mark.parametrize("through_link", [False, True], ids=["folder", "link to it"])
def test_a_folder_holding_the_store_is_loaded_without_the_stores_own_files(tmp_path,
                                                                           through_link):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data / "articles")
    db = data / "rasd.sqlite"
    assert run(data / "articles", "--db", db, "--out", tmp_path / "before").returncode == 0
    (tmp_path / "link").symlink_to(data)
    result = run(tmp_path / "link" if through_link else data, "--db", db,
                 "--out", tmp_path / "after")
    assert result.returncode == 0, result.stderr
    assert "files are the store's own" in result.stderr
    assert {a["article_id"]: a["status"] for a in rows(tmp_path / "after", "articles")} == {
        a["article_id"]: a["status"] for a in rows(tmp_path / "before", "articles")}


# ---------------------------------------------------------------- one article per content

ARTICLE = ("---\npublished: 2018-11-18\n---\n"
           "قال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في غارة على بلدة الشعفة أمس.\n")


def test_a_renamed_file_keeps_its_article_and_claim_ids(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_text(ARTICLE, "utf-8")
    db = tmp_path / "s.sqlite"
    run(folder, "--db", db)
    claims = store_rows(db, "SELECT claim_id, article_id FROM claims")
    (folder / "first.txt").rename(folder / "renamed.txt")
    result = run(folder, "--db", db, "--out", tmp_path / "out")
    assert "0 claims extracted now" in result.stdout
    assert store_rows(db, "SELECT claim_id, article_id FROM claims") == claims
    (article,) = rows(tmp_path / "out", "articles")
    assert (article["article_id"], article["status"], article["path"], article["paths"]) == (
        "first", "ok", str(folder / "renamed.txt"),
        f"{folder / 'first.txt'} | {folder / 'renamed.txt'}")


def test_the_same_text_under_two_names_is_one_article(tmp_path):
    for name in ("a/x.txt", "b/copy.txt"):
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_text(ARTICLE, "utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a")     # the same folder a second way
    db = tmp_path / "s.sqlite"
    result = run(tmp_path / "a", tmp_path / "b", tmp_path / "link", "--db", db,
                 "--out", tmp_path / "out")
    assert result.returncode == 0
    (article,) = rows(tmp_path / "out", "articles")
    assert (article["article_id"], article["n_claims"], article["paths"]) == (
        "x", "1", f"{tmp_path / 'a/x.txt'} | {tmp_path / 'b/copy.txt'} | {tmp_path / 'link/x.txt'}")
    assert len(rows(tmp_path / "out", "claims")) == 1
    # one copy gone: the article stays, read from the other
    (tmp_path / "a" / "x.txt").unlink()
    run(tmp_path / "a", tmp_path / "b", "--db", db, "--out", tmp_path / "out")
    (article,) = rows(tmp_path / "out", "articles")
    assert (article["status"], article["path"]) == ("ok", str(tmp_path / "b/copy.txt"))


def test_an_edit_keeps_the_earlier_claims_as_superseded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "story.txt"
    path.write_text(ARTICLE, "utf-8")
    db = tmp_path / "s.sqlite"
    run(folder, "--db", db)
    (first_id,) = store_rows(db, "SELECT claim_id FROM claims")
    path.write_text(ARTICLE.replace("12 مدنياً", "14 مدنياً"), "utf-8")
    run(folder, "--db", db, "--out", tmp_path / "current")
    assert [(c["article_id"], c["civilians_min"], c["superseded_at"])
            for c in rows(tmp_path / "current", "claims")] == [("story", "14", "")]
    run(folder, "--db", db, "--out", tmp_path / "all", "--superseded")
    history = rows(tmp_path / "all", "claims")
    assert [(c["civilians_min"], c["superseded_at"] != "", c["incident_id"]) for c in history] == [
        ("14", False, history[0]["incident_id"]), ("12", True, "")]
    assert history[1]["claim_id"] == first_id[0] + "@v1"
    assert history[0]["incident_id"]


# ---------------------------------------------------------------- schema versions

SCHEMA_4 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE articles (
    article_id TEXT, path TEXT PRIMARY KEY, sha256 TEXT, status TEXT, reason TEXT,
    title TEXT, outlet TEXT, url TEXT, published TEXT, published_from TEXT,
    size INTEGER, mtime_ns INTEGER, n_claims INTEGER, text TEXT);
CREATE TABLE claims (
    claim_id TEXT PRIMARY KEY, incident_id TEXT, article_id TEXT, claimant TEXT,
    stance TEXT, perpetrator TEXT, civilians_min INTEGER, civilians_max INTEGER,
    killed_min INTEGER, killed_max INTEGER, strikes INTEGER, date_start TEXT,
    date_end TEXT, place_id TEXT, quote TEXT,
    wounded_min INTEGER, wounded_max INTEGER, hedge TEXT, date_precision TEXT,
    date_text TEXT, date_role TEXT, geo_precision TEXT, place_text TEXT, kind TEXT,
    quote_start INTEGER, quote_end INTEGER, seq INTEGER, article_path TEXT);
CREATE INDEX claims_by_path ON claims(article_path);
CREATE INDEX claims_by_incident ON claims(incident_id);
CREATE TABLE incidents (
    incident_id TEXT PRIMARY KEY, kind TEXT, date_start TEXT, date_end TEXT,
    date_precision TEXT, place_id TEXT, place_name_en TEXT, place_name_ar TEXT,
    lat REAL, lon REAL, geo_precision TEXT, civilians_min INTEGER,
    civilians_max INTEGER, n_claims INTEGER, n_sources INTEGER, n_articles INTEGER,
    contested INTEGER, claimants TEXT);
CREATE TABLE places (
    place_id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, kind TEXT, lat REAL, lon REAL,
    admin2 TEXT, geo_precision TEXT, confidence TEXT);
CREATE TABLE claimants (
    claimant_id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, source_kind TEXT, side TEXT);
INSERT INTO meta VALUES ('schema', '4'), ('data', 'older'), ('generation', 'g4');
"""


def schema_4_store(db: Path, folder: Path, n: int = 10) -> None:
    """A store as schema 4 left it: one articles row per path, claims pointing at paths."""
    con = sqlite3.connect(db)
    con.executescript(SCHEMA_4)
    for k in range(n):
        path = folder / f"old_{k:02d}.txt"
        path.write_text(ARTICLE.replace("12", str(20 + k)), "utf-8")
        data = path.read_bytes()
        st = path.stat()
        con.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (path.stem, str(path), hashlib.sha256(data).hexdigest(), "ok", "",
                     f"title {k}", "Enab Baladi", "", "2018-11-18", "front_matter",
                     st.st_size, st.st_mtime_ns, 1, data.decode()))
        con.execute("INSERT INTO claims (claim_id, incident_id, article_id, claimant, stance, "
                    "perpetrator, civilians_min, civilians_max, quote, seq, article_path) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (f"{path.stem}-c00", f"inc{k}", path.stem, "sohr", "alleges", "unknown",
                     20 + k, 20 + k, "quote", 0, str(path)))
        con.execute("INSERT INTO incidents (incident_id, kind, n_claims) VALUES (?, 'event', 1)",
                    (f"inc{k}",))
    con.commit()
    con.close()


def test_a_schema_4_store_is_migrated_with_every_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    db = tmp_path / "old.sqlite"
    schema_4_store(db, folder)
    from loaders.store import SCHEMA_VERSION, connect
    connect(db).close()
    assert store_rows(db, "SELECT value FROM meta WHERE key='schema'") == [(SCHEMA_VERSION,)]
    assert store_rows(db, "SELECT article_id, status, title, n_claims FROM articles "
                          "ORDER BY article_id") == [
        (f"old_{k:02d}", "ok", f"title {k}", 1) for k in range(10)]
    assert store_rows(db, "SELECT path FROM article_paths ORDER BY path") == [
        (str(folder / f"old_{k:02d}.txt"),) for k in range(10)]
    assert store_rows(db, "SELECT claim_id, incident_id, civilians_min, superseded_at FROM claims "
                          "ORDER BY claim_id") == [
        (f"old_{k:02d}-c00", f"inc{k}", 20 + k, None) for k in range(10)]
    assert store_rows(db, "SELECT COUNT(*) FROM incidents") == [(10,)]
    assert store_rows(db, "SELECT action FROM log") == [("schema",)]
    # a load afterwards reads the files again (new rules) and keeps every article and its id
    result = run(folder, "--db", db, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert sorted((a["article_id"], a["status"]) for a in rows(tmp_path / "out", "articles")) == [
        (f"old_{k:02d}", "ok") for k in range(10)]
    assert sorted(int(c["civilians_min"]) for c in rows(tmp_path / "out", "claims")) == list(
        range(20, 30))


def test_a_column_declared_later_is_added_to_an_existing_store(tmp_path):
    db = tmp_path / "s.sqlite"
    from loaders import store
    store.connect(db).close()
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE incidents DROP COLUMN claimants")   # as if declared after it was made
    con.execute("INSERT INTO incidents (incident_id, kind) VALUES ('i1', 'event')")
    con.commit()
    con.close()
    store.connect(db).close()
    assert store_rows(db, "SELECT incident_id, kind, claimants FROM incidents") == [
        ("i1", "event", None)]


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("name,age\nx,1\n"), "is not a Rasd store (not an SQLite database)"),
    (lambda p: sqlite3.connect(p).executescript("CREATE TABLE users (id, name); "
                                                "INSERT INTO users VALUES (1, 'a');"),
     "is an SQLite database Rasd did not create (tables: users)"),
    (lambda p: sqlite3.connect(p).executescript(
        "CREATE TABLE meta (key, value); CREATE TABLE articles (a); CREATE TABLE claims (c); "
        "CREATE TABLE incidents (i); INSERT INTO meta VALUES ('schema', '9');"),
     "is a Rasd store of schema 9, newer than this Rasd reads"),
    (lambda p: sqlite3.connect(p).executescript(
        "CREATE TABLE meta (key, value); CREATE TABLE articles (a); CREATE TABLE claims (c); "
        "CREATE TABLE incidents (i); INSERT INTO meta VALUES ('schema', '3');"),
     "is a Rasd store of schema 3, too old to migrate; load the articles into a new store"),
])
def test_a_file_rasd_did_not_make_is_refused_and_left_untouched(tmp_path, make, message):
    db = tmp_path / "precious.db"
    make(db)
    before = db.read_bytes()
    result = run(SAMPLES, "--db", db)
    assert result.returncode == 2
    assert message in result.stderr and "left untouched" in result.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.db"]
