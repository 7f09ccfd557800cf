"""The embedded SQLite store and the contract's CSV export.

The store holds articles, the paths they were read from, claims, incidents, and copies of
the gazetteer and the claimant lexicon (so the dashboard needs nothing but the database
file). Only this module writes SQL; the dashboard reads through `read_frames`.

The store is an archive: nothing in it is deleted except by `prune` (an explicit command
that logs what it removes). An article is its content (sha256): the same bytes under a
second path are one article with both paths recorded, and its id never changes. A file
that is gone or unreadable leaves its article `missing`; an edited file keeps its earlier
claims as superseded. Every write takes the write lock up front (`BEGIN IMMEDIATE`) and
waits for another writer with a bounded retry, so two loads into one store both finish.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .records import Article, Claim, Incident
from .spreadsheet import spreadsheet_safe

DEFAULT_DB = Path("data/rasd.sqlite")
SCHEMA_VERSION = "5"
MADE_BY = "rasd"
BUSY_SECONDS = 30        # how long one attempt waits for another writer's lock
WRITE_ATTEMPTS = 10      # so a writer waits at most about five minutes, then says why

# Contract columns first (never rename or drop); extra columns after them.
ARTICLE_COLUMNS = ("article_id", "path", "sha256", "status", "reason", "title", "outlet",
                   "url", "published", "published_from")
CLAIM_COLUMNS = ("claim_id", "incident_id", "article_id", "claimant", "stance", "perpetrator",
                 "civilians_min", "civilians_max", "killed_min", "killed_max", "strikes",
                 "date_start", "date_end", "place_id", "quote")
INCIDENT_COLUMNS = ("incident_id", "kind", "date_start", "date_end", "date_precision",
                    "place_id", "place_name_en", "place_name_ar", "lat", "lon",
                    "geo_precision", "civilians_min", "civilians_max", "n_claims",
                    "n_sources", "n_articles", "contested")

# status is what articles.csv shows (ok | undated | rejected | missing); read_status and
# read_reason keep what reading the file said, so an article found again gets it back.
ARTICLE_EXTRA = ("language", "missing_since", "size", "mtime_ns", "n_claims", "text",
                 "read_status", "read_reason")
CLAIM_EXTRA = ("wounded_min", "wounded_max", "hedge", "date_precision", "date_text", "date_role",
               "geo_precision", "place_text", "kind", "quote_start", "quote_end", "seq",
               "perpetrators", "scope")
CLAIM_HISTORY = ("superseded_at",)   # set when an edit replaced the claim's article version
INCIDENT_EXTRA = ("claimants", "scope", "grade", "grade_source")
PATH_COLUMNS = ("path", "article_id", "sha256", "size", "mtime_ns", "first_seen",
                "missing_since", "missing_reason")

# Adding a column: add it here (CREATE) and to the tuples above. `connect` adds any column
# declared here but absent from an existing store (ALTER TABLE ADD COLUMN), so older stores
# take it on without losing a row.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, status TEXT, reason TEXT,
    title TEXT, outlet TEXT, url TEXT, published TEXT, published_from TEXT,
    language TEXT, missing_since TEXT,
    size INTEGER, mtime_ns INTEGER, n_claims INTEGER, text TEXT,
    read_status TEXT, read_reason TEXT);
CREATE INDEX IF NOT EXISTS articles_by_sha ON articles(sha256);
CREATE TABLE IF NOT EXISTS article_paths (
    path TEXT PRIMARY KEY, article_id TEXT, sha256 TEXT, size INTEGER, mtime_ns INTEGER,
    first_seen TEXT, missing_since TEXT, missing_reason TEXT);
CREATE INDEX IF NOT EXISTS paths_by_article ON article_paths(article_id);
CREATE TABLE IF NOT EXISTS claims (
    claim_id TEXT PRIMARY KEY, incident_id TEXT, article_id TEXT, claimant TEXT,
    stance TEXT, perpetrator TEXT, civilians_min INTEGER, civilians_max INTEGER,
    killed_min INTEGER, killed_max INTEGER, strikes INTEGER, date_start TEXT,
    date_end TEXT, place_id TEXT, quote TEXT,
    wounded_min INTEGER, wounded_max INTEGER, hedge TEXT, date_precision TEXT,
    date_text TEXT, date_role TEXT, geo_precision TEXT, place_text TEXT, kind TEXT,
    quote_start INTEGER, quote_end INTEGER, seq INTEGER, perpetrators TEXT, scope TEXT,
    article_path TEXT,
    superseded_at TEXT);
CREATE INDEX IF NOT EXISTS claims_by_path ON claims(article_path);
CREATE INDEX IF NOT EXISTS claims_by_article ON claims(article_id);
CREATE INDEX IF NOT EXISTS claims_by_incident ON claims(incident_id);
CREATE TABLE IF NOT EXISTS incidents (
    incident_id TEXT PRIMARY KEY, kind TEXT, date_start TEXT, date_end TEXT,
    date_precision TEXT, place_id TEXT, place_name_en TEXT, place_name_ar TEXT,
    lat REAL, lon REAL, geo_precision TEXT, civilians_min INTEGER,
    civilians_max INTEGER, n_claims INTEGER, n_sources INTEGER, n_articles INTEGER,
    contested INTEGER, claimants TEXT, scope TEXT, grade TEXT, grade_source TEXT);
CREATE INDEX IF NOT EXISTS incidents_by_start ON incidents(date_start);
CREATE TABLE IF NOT EXISTS places (
    place_id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, kind TEXT, lat REAL, lon REAL,
    admin2 TEXT, geo_precision TEXT, confidence TEXT);
CREATE TABLE IF NOT EXISTS claimants (
    claimant_id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, source_kind TEXT, side TEXT);
CREATE TABLE IF NOT EXISTS log (at TEXT, action TEXT, detail TEXT);
"""
# the tables a Rasd store of any version has; a file with other tables is not ours
_RASD_TABLES = {"meta", "articles", "claims", "incidents"}


class StoreError(RuntimeError):
    """The store cannot be used as Rasd's (not a Rasd store, a newer layout, or unreadable)."""


class StoreBusy(StoreError):
    """Another writer held the store for longer than the bounded wait."""


def resolve_db_path(db: str | os.PathLike | None = None) -> Path:
    """The store to use: the argument, else $RASD_DB, else data/rasd.sqlite.

    >>> resolve_db_path("/tmp/x.sqlite")
    PosixPath('/tmp/x.sqlite')
    """
    if db:
        return Path(db)
    env = os.environ.get("RASD_DB")
    return Path(env) if env else DEFAULT_DB


def now_utc() -> str:
    """A timestamp for the store's records: ISO, UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- opening, versions, migration

def connect_read_only(db_path: str | os.PathLike) -> sqlite3.Connection:
    """Open a store for reading only (never creating or changing the file), waiting for a
    writer's lock as long as the writers wait for each other."""
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=BUSY_SECONDS)


def connect(db_path: str | os.PathLike) -> sqlite3.Connection:
    """Open (creating or migrating) a Rasd store for writing.

    A missing or empty file becomes a new store; an older Rasd store is migrated in place
    (every row kept); a file Rasd did not make, or one of a newer layout, raises StoreError
    and is left exactly as it was.
    """
    path = Path(db_path)
    _check_ours(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        _use_wal(con)
        con.execute("PRAGMA synchronous=NORMAL")
        if _schema_version(con) != SCHEMA_VERSION or _missing_columns(con):
            with writing(con):               # checked again under the lock
                version = _schema_version(con)
                if version == "4":
                    _migrate_v4_articles(con)
                for statement in _statements():
                    con.execute(statement)
                for table, name, kind in _missing_columns(con):
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
                if version != SCHEMA_VERSION:
                    _log(con, "schema", {"from": version, "to": SCHEMA_VERSION})
                set_meta(con, "schema", SCHEMA_VERSION)
                set_meta(con, "made_by", MADE_BY)
    except BaseException:
        con.close()
        raise
    return con


def _use_wal(con: sqlite3.Connection) -> None:
    """Put the store in WAL mode (persistent: done once per file), waiting for other loads.

    Switching a new file to WAL needs an exclusive lock, and SQLite refuses it at once
    ("database is locked", without calling the busy handler) while another connection
    holds the new file's write lock, as a second load opening the same new store does;
    so retry with a bounded back-off, as `writing` does.
    """
    for attempt in range(1, WRITE_ATTEMPTS * 20 + 1):
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) \
                    or attempt == WRITE_ATTEMPTS * 20:
                raise
            time.sleep(min(0.02 * 2 ** attempt, 1.0))


def _statements() -> list[str]:
    return [s.strip() for s in _SCHEMA.split(";") if s.strip()]


def _check_ours(path: Path) -> None:
    """Refuse, touching nothing, a file that is not a Rasd store of a layout we can read."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise StoreError(f"{path} is not a Rasd store (not an SQLite database); "
                         "it was left untouched. Choose another --db path.")
    try:
        con = connect_read_only(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = _schema_version(con) if "meta" in tables else None
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be read as a store ({exc}); it was left untouched") from exc
    if not tables:
        return                                  # an empty database: ours to set up
    if not _RASD_TABLES <= tables or version is None:
        raise StoreError(f"{path} is an SQLite database Rasd did not create (tables: "
                         f"{', '.join(sorted(tables)) or 'none'}); it was left untouched. "
                         "Choose another --db path.")
    if version not in ("4", SCHEMA_VERSION):
        newer = version.isdigit() and int(version) > int(SCHEMA_VERSION)
        raise StoreError(f"{path} is a Rasd store of schema {version}, "
                         + ("newer than this Rasd reads (schema " + SCHEMA_VERSION + "); update Rasd"
                            if newer else "too old to migrate; load the articles into a new store")
                         + "; it was left untouched")


def _schema_version(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _table_columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


def _declared_columns() -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, type)] as the schema above declares them."""
    declared = sqlite3.connect(":memory:")
    try:
        for statement in _statements():
            declared.execute(statement)
        tables = [r[0] for r in declared.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: [(r[1], r[2]) for r in declared.execute(f"PRAGMA table_info({t})")]
                for t in tables}
    finally:
        declared.close()


def _missing_columns(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(table, column, type) declared in the schema but absent from an existing table."""
    missing = []
    for table, columns in _declared_columns().items():
        have = set(_table_columns(con, table))
        if have:                              # a table not there yet is created whole
            missing += [(table, name, kind) for name, kind in columns if name not in have]
    return missing


def _migrate_v4_articles(con: sqlite3.Connection) -> None:
    """Schema 4 kept one articles row per path; 5 keeps one per article and its paths apart.
    Every row is carried over: its id, status and claims stay as they were."""
    if "read_status" in _table_columns(con, "articles"):
        return
    old = _table_columns(con, "articles")
    con.execute("ALTER TABLE articles RENAME TO articles_v4")
    for statement in _statements():          # creates the new articles and article_paths
        con.execute(statement)
    shared = [c for c in old if c in ARTICLE_COLUMNS + ARTICLE_EXTRA]
    cols = ", ".join(shared)
    try:
        con.execute(f"INSERT INTO articles ({cols}, read_status, read_reason) "
                    f"SELECT {cols}, status, reason FROM articles_v4")
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"cannot migrate the store from schema 4: {exc}; it was left as it "
                         "was") from exc
    con.execute("INSERT INTO article_paths (path, article_id, sha256, size, mtime_ns, first_seen) "
                "SELECT path, article_id, sha256, size, mtime_ns, ? FROM articles_v4",
                (now_utc(),))
    con.execute("DROP TABLE articles_v4")


@contextmanager
def writing(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the store's write lock from its first statement.

    A deferred transaction that reads first and writes later cannot wait for another
    writer (SQLite answers "database is locked" at once); taking the lock up front can.
    Waits BUSY_SECONDS per attempt, WRITE_ATTEMPTS times, then raises StoreBusy.
    """
    if con.in_transaction:          # nested: the outer transaction already holds the lock
        yield con
        return
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            con.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if attempt == WRITE_ATTEMPTS:
                raise StoreBusy(f"another process has held the store for over "
                                f"{BUSY_SECONDS * WRITE_ATTEMPTS} s; try again later") from exc
            time.sleep(min(0.05 * 2 ** attempt, 2.0))
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


# Fault injection for the crash tests: RASD_KILL_AT="chunk:3" makes the process kill itself
# (SIGKILL: nothing flushed, nothing cleaned up) the 3rd time it reaches the named point.
_KILL_AT = os.environ.get("RASD_KILL_AT", "")
_reached: Counter = Counter()


def checkpoint(name: str) -> None:
    if not _KILL_AT:
        return
    _reached[name] += 1
    point, _, count = _KILL_AT.partition(":")
    if point == name and _reached[name] == int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def _log(con: sqlite3.Connection, action: str, detail: dict) -> None:
    con.execute("INSERT INTO log VALUES (?, ?, ?)",
                (now_utc(), action, json.dumps(detail, ensure_ascii=False, sort_keys=True)))


# ---------------------------------------------------------------- meta

def get_meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def regroup_owed(con: sqlite3.Connection) -> bool:
    """Claims changed since the last grouping (recorded in the transaction that changed them,
    so a load killed before its regroup leaves the debt for the next run)."""
    return get_meta(con, "regroup_owed") == "1"


def ungrouped_claims(con: sqlite3.Connection) -> bool:
    """Some current claim has no incident: a store left so by an older Rasd killed before its
    regroup (schema 4 kept no debt) is regrouped by the next load."""
    return con.execute("SELECT 1 FROM claims WHERE incident_id IS NULL AND superseded_at IS NULL "
                       "LIMIT 1").fetchone() is not None


def _owe_regroup(con: sqlite3.Connection) -> None:
    set_meta(con, "regroup_owed", "1")
    bump_generation(con)


def bump_generation(con: sqlite3.Connection) -> str:
    """Mark the store's content as new; the columnar snapshot no longer matches it."""
    generation = os.urandom(8).hex()
    set_meta(con, "generation", generation)
    return generation


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


# ---------------------------------------------------------------- articles and their paths

def known_paths(con: sqlite3.Connection) -> dict[str, tuple]:
    """path -> (size, mtime_ns, sha256, article_id, missing_since) of every recorded path."""
    return {r[0]: r[1:] for r in con.execute(
        "SELECT path, size, mtime_ns, sha256, article_id, missing_since FROM article_paths")}


def article_ids_taken(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT article_id FROM articles")}


class _StoredIds:
    """`id in ids` asks the store (one indexed look-up, not a set of every id per article)."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __contains__(self, article_id: str) -> bool:
        return _exists(self.con, article_id)


def new_article_id(path: str, taken) -> str:
    """The file name without extension (CONTRACT.md); when an article already has that id,
    the name plus a short hash of the path, so neither overwrites the other.

    >>> new_article_id("/a/x.txt", set()), new_article_id("/b/x.txt", {"x"})
    ('x', 'x~62bd79')
    """
    stem = Path(path).stem
    if stem not in taken:
        return stem
    digest = hashlib.sha1(path.encode()).hexdigest()
    for width in (6, 10, 40):
        candidate = f"{stem}~{digest[:width]}"
        if candidate not in taken:
            return candidate
    raise StoreError(f"no free article id for {path}")


def touch_path(con: sqlite3.Connection, path: str, size: int, mtime_ns: int,
               now: str | None = None) -> None:
    """Record a new mtime for a file whose content hash did not change (and that it is
    found again, if it was missing)."""
    row = con.execute("SELECT article_id, missing_since FROM article_paths WHERE path=?",
                      (path,)).fetchone()
    con.execute("UPDATE article_paths SET size=?, mtime_ns=?, missing_since=NULL, "
                "missing_reason=NULL WHERE path=?", (size, mtime_ns, path))
    con.execute("UPDATE articles SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))
    if row and row[1]:
        _refresh(con, row[0], now or now_utc())
        bump_generation(con)


def record_article(con: sqlite3.Connection, a: Article, now: str | None = None
                   ) -> tuple[str, str]:
    """Store what reading one file gave, as an archive would; returns the article's id and
    what was done: `missing`, `reread`, `copy`, `edit` or `new`.

    Decided against what the store holds now (inside the caller's write transaction), so a
    second load doing the same work concurrently changes nothing:
    - bytes that could not be read, at a path that held an article: the path is missing,
      the article and its claims stay;
    - the same bytes as before at that path: the article is rewritten (new reading rules);
    - bytes that another article already has: this path is one more path of that article;
    - new bytes at a path whose article has no other file: an edit; the article keeps its
      id and its earlier claims stay as superseded;
    - otherwise a new article, named after its file.
    """
    now = now or now_utc()
    prev = con.execute("SELECT article_id, sha256 FROM article_paths WHERE path=?",
                       (a.path,)).fetchone()
    prev_id = prev[0] if prev and _exists(con, prev[0]) else None
    if not a.sha256 and prev_id and _holds_content(con, prev_id):
        changed = con.execute("UPDATE article_paths SET missing_since=?, missing_reason=? "
                              "WHERE path=? AND missing_since IS NULL",
                              (now, a.reason, a.path)).rowcount
        if changed:
            _refresh(con, prev_id, now)
            bump_generation(con)
        return prev_id, "missing"
    if prev_id and prev[1] == a.sha256:
        _write_article(con, a, prev_id)
        _put_path(con, a, prev_id, now)
        _refresh(con, prev_id, now)
        return prev_id, "reread"
    twin = None
    if a.sha256 and a.status != "rejected":
        row = con.execute("SELECT article_id FROM articles WHERE sha256=? AND read_status!="
                          "'rejected' ORDER BY article_id LIMIT 1", (a.sha256,)).fetchone()
        twin = row[0] if row else None
    if twin:
        _put_path(con, a, twin, now)
        if prev_id and prev_id != twin:
            _refresh(con, prev_id, now)
        _refresh(con, twin, now)
        bump_generation(con)
        return twin, "copy"
    if prev_id and not _other_present_paths(con, prev_id, a.path):
        _supersede(con, prev_id, now)
        _write_article(con, a, prev_id)
        _put_path(con, a, prev_id, now)
        _refresh(con, prev_id, now)
        return prev_id, "edit"
    aid = new_article_id(a.path, _StoredIds(con))
    _write_article(con, a, aid)
    _put_path(con, a, aid, now)
    _refresh(con, aid, now)
    if prev_id:
        _refresh(con, prev_id, now)
    return aid, "new"


def _exists(con, article_id: str) -> bool:
    return con.execute("SELECT 1 FROM articles WHERE article_id=?", (article_id,)).fetchone() is not None


def _holds_content(con, article_id: str) -> bool:
    row = con.execute("SELECT read_status, n_claims FROM articles WHERE article_id=?",
                      (article_id,)).fetchone()
    return bool(row) and (row[0] != "rejected" or bool(row[1]))


def _other_present_paths(con, article_id: str, path: str) -> bool:
    return con.execute("SELECT 1 FROM article_paths WHERE article_id=? AND path!=? AND "
                       "missing_since IS NULL", (article_id, path)).fetchone() is not None


def _put_path(con, a: Article, article_id: str, now: str) -> None:
    con.execute(
        "INSERT INTO article_paths (path, article_id, sha256, size, mtime_ns, first_seen) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET article_id=excluded.article_id, "
        "sha256=excluded.sha256, size=excluded.size, mtime_ns=excluded.mtime_ns, "
        "missing_since=NULL, missing_reason=NULL",
        (a.path, article_id, a.sha256, a.size, a.mtime_ns, now))


def _renamed(a: Article, article_id: str) -> Article:
    """The article under its stored id (claims were extracted under the planned one)."""
    if a.article_id == article_id:
        return a
    old = a.article_id
    claims = tuple(replace(c, article_id=article_id,
                           claim_id=article_id + c.claim_id[len(old):]
                           if c.claim_id.startswith(old) else c.claim_id)
                   for c in a.claims)
    return replace(a, article_id=article_id, claims=claims)


def _write_article(con, a: Article, article_id: str) -> None:
    """Write an article's reading and replace its current claims; what did not change is
    not rewritten, so a file that reads the same every run (a rejected one) costs nothing."""
    a = _renamed(a, article_id)
    row = con.execute("SELECT path FROM articles WHERE article_id=?", (article_id,)).fetchone()
    path = row[0] if row and row[0] else a.path      # the article keeps its current path
    values = dict(article_id=article_id, path=path, sha256=a.sha256, status=a.status,
                  reason=a.reason, title=a.title, outlet=a.outlet, url=a.url,
                  published=_iso(a.published), published_from=a.published_from,
                  language=a.language, missing_since=None, size=a.size, mtime_ns=a.mtime_ns,
                  n_claims=len(a.claims), text=a.text, read_status=a.status, read_reason=a.reason)
    cols = ", ".join(values)
    old = con.execute(f"SELECT {cols} FROM articles WHERE article_id=?", (article_id,)).fetchone()
    if old != tuple(values.values()):
        con.execute(f"INSERT OR REPLACE INTO articles ({cols}) VALUES "
                    f"({','.join('?' * len(values))})", tuple(values.values()))
        bump_generation(con)
    had = con.execute("SELECT COUNT(*) FROM claims WHERE article_id=? AND superseded_at IS NULL",
                      (article_id,)).fetchone()[0]
    if had or a.claims:
        con.execute("DELETE FROM claims WHERE article_id=? AND superseded_at IS NULL", (article_id,))
        _insert_claims(con, a.claims, a.path)
        _owe_regroup(con)


def _insert_claims(con, claims: Iterable[Claim], path: str) -> None:
    cols = CLAIM_COLUMNS + CLAIM_EXTRA + ("article_path",)
    con.executemany(f"INSERT OR REPLACE INTO claims ({', '.join(cols)}) VALUES "
                    f"({','.join('?' * len(cols))})", [_claim_row(c) + (path,) for c in claims])


def _supersede(con, article_id: str, now: str) -> None:
    """Keep an edited article's current claims as its superseded version (out of grouping)."""
    version = 1 + con.execute("SELECT COUNT(DISTINCT superseded_at) FROM claims WHERE "
                              "article_id=? AND superseded_at IS NOT NULL", (article_id,)).fetchone()[0]
    con.execute("UPDATE claims SET superseded_at=?, incident_id=NULL, claim_id=claim_id || ? "
                "WHERE article_id=? AND superseded_at IS NULL", (now, f"@v{version}", article_id))


def _refresh(con, article_id: str, now: str) -> None:
    """An article is missing when none of its paths is found; else it shows its reading."""
    paths = con.execute("SELECT path, missing_since, missing_reason FROM article_paths "
                        "WHERE article_id=? ORDER BY path", (article_id,)).fetchall()
    row = con.execute("SELECT path, read_status, read_reason, missing_since FROM articles "
                      "WHERE article_id=?", (article_id,)).fetchone()
    if row is None:
        return
    current, read_status, read_reason, was_missing = row
    present = [p for p, gone, _ in paths if not gone]
    if present:
        path = current if current in present else present[0]
        con.execute("UPDATE articles SET path=?, status=?, reason=?, missing_since=NULL "
                    "WHERE article_id=?", (path, read_status, read_reason, article_id))
        return
    if paths:
        last = max(paths, key=lambda p: p[1])
        since = was_missing or last[1]
        reason = f"{last[2] or 'file not found'} (since {since})"
    else:
        since = was_missing or now
        reason = f"its file now holds another article (since {since})"
    con.execute("UPDATE articles SET status='missing', reason=?, missing_since=? "
                "WHERE article_id=?", (reason, since, article_id))


def mark_missing(con: sqlite3.Connection, reasons: dict[str, str], now: str | None = None) -> list[str]:
    """Mark recorded paths as not found (path -> why); returns the ids of articles that are
    now missing altogether. Nothing is deleted: `prune` does that, when asked."""
    now = now or now_utc()
    affected = set()
    for path, reason in reasons.items():
        row = con.execute("SELECT article_id FROM article_paths WHERE path=? AND missing_since "
                          "IS NULL", (path,)).fetchone()
        if row:
            con.execute("UPDATE article_paths SET missing_since=?, missing_reason=? WHERE path=?",
                        (now, reason, path))
            affected.add(row[0])
    for aid in affected:
        _refresh(con, aid, now)
    if affected:
        bump_generation(con)
    return sorted(a for (a,) in con.execute("SELECT article_id FROM articles WHERE status='missing'")
                  if a in affected)


def save_articles(con: sqlite3.Connection, articles: Iterable[Article]) -> None:
    """Write articles as given (ids, paths and claims), replacing rows of the same id; for
    fixtures and benchmarks that build a store directly. Loads use `record_article`."""
    now = now_utc()
    with writing(con):
        for a in articles:
            _write_article(con, a, a.article_id)
            _put_path(con, a, a.article_id, now)


def _claim_row(c: Claim) -> tuple:
    return (c.claim_id, c.incident_id, c.article_id, c.claimant, c.stance, c.perpetrator,
            c.civilians_min, c.civilians_max, c.killed_min, c.killed_max, c.strikes,
            _iso(c.date_start), _iso(c.date_end), c.place_id, c.quote,
            c.wounded_min, c.wounded_max, c.hedge, c.date_precision, c.date_text, c.date_role,
            c.geo_precision, c.place_text, c.kind, c.quote_start, c.quote_end, c.seq,
            c.perpetrators, c.scope)


def is_own_file(path: str, db_path: str | os.PathLike) -> bool:
    """Whether `path` is one of the store's own files, never an article: the database, its
    journal, write-ahead log and shared memory, the snapshot and the dashboard's cache
    beside it (a folder holding both the store and articles may be loaded whole).

    >>> is_own_file("/d/rasd.sqlite-wal", "/d/rasd.sqlite"), is_own_file("/d/a.txt", "/d/rasd.sqlite")
    (True, False)
    """
    db = os.path.abspath(db_path)
    if os.path.basename(db) not in path:          # the usual case, decided without a syscall
        return False
    for base, p in ((db, path), (os.path.realpath(db), os.path.realpath(path))):  # via links
        if p in (base, f"{base}-wal", f"{base}-shm", f"{base}-journal") \
                or p.startswith(f"{base}.frames"):
            return True
    return False


def under_roots(path: str, roots: Sequence[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def stored_for_paths(con: sqlite3.Connection, paths: Sequence[str]) -> list[Article]:
    """What the store holds for each of these paths (an Article without text or claims, its
    path the one asked about), in the order given; unknown paths are left out."""
    wanted = set(paths)
    found = {}
    for row in con.execute(
            "SELECT p.path, a.article_id, a.sha256, a.status, a.reason, a.title, a.outlet, "
            "a.url, a.published, a.published_from, a.language, a.missing_since, p.size, "
            "p.mtime_ns, p.missing_since, p.missing_reason FROM article_paths p JOIN articles a "
            "USING (article_id)"):
        if row[0] not in wanted:
            continue
        status, reason = row[3], row[4] or ""
        if row[14] and status != "missing":      # this copy is gone, another one is read
            status, reason = "missing", f"{row[15] or 'file not found'} (another copy is loaded)"
        found[row[0]] = Article(
            article_id=row[1], path=row[0], sha256=row[2] or "", status=status, reason=reason,
            title=row[5] or "", outlet=row[6] or "", url=row[7] or "",
            published=dt.date.fromisoformat(row[8]) if row[8] else None,
            published_from=row[9] or "", language=row[10] or "",
            missing_since=row[11] or row[14] or "", size=row[12] or 0, mtime_ns=row[13] or 0)
    return [found[p] for p in paths if p in found]


def prune(con: sqlite3.Connection, scope: Sequence[str] = (), *, superseded: bool = False,
          dry_run: bool = False) -> list[tuple[str, str, str]]:
    """Remove missing articles (under `scope`, or all) with their claims, the recorded
    paths found missing, and with `superseded` the superseded claims; every removal is
    logged in the store's `log` table. Returns (what, id, detail) for each removal.

    >>> prune(con, ["/data/old"], dry_run=True)     # doctest: +SKIP
    [('article', '017', '/data/old/017.txt: 4 claims')]
    """
    removed = []
    with writing(con):
        for aid, path, n in con.execute(
                "SELECT a.article_id, a.path, (SELECT COUNT(*) FROM claims c WHERE "
                "c.article_id=a.article_id) FROM articles a WHERE status='missing' "
                "ORDER BY a.article_id").fetchall():
            if scope and not under_roots(path, scope):
                continue
            removed.append(("article", aid, f"{path}: {n} claims"))
            if not dry_run:
                con.execute("DELETE FROM claims WHERE article_id=?", (aid,))
                con.execute("DELETE FROM article_paths WHERE article_id=?", (aid,))
                con.execute("DELETE FROM articles WHERE article_id=?", (aid,))
        for path, aid in con.execute("SELECT path, article_id FROM article_paths WHERE "
                                     "missing_since IS NOT NULL ORDER BY path").fetchall():
            if (scope and not under_roots(path, scope)) or ("article", aid) in {
                    (w, i) for w, i, _ in removed}:
                continue
            removed.append(("path", aid, path))
            if not dry_run:
                con.execute("DELETE FROM article_paths WHERE path=?", (path,))
        if superseded:
            for aid, n in con.execute("SELECT article_id, COUNT(*) FROM claims WHERE "
                                      "superseded_at IS NOT NULL GROUP BY article_id "
                                      "ORDER BY article_id").fetchall():
                path = (con.execute("SELECT path FROM articles WHERE article_id=?", (aid,))
                        .fetchone() or ("",))[0]
                if scope and not under_roots(path, scope):
                    continue
                removed.append(("superseded", aid, f"{n} claims"))
                if not dry_run:
                    con.execute("DELETE FROM claims WHERE article_id=? AND superseded_at IS NOT "
                                "NULL", (aid,))
        if removed and not dry_run:
            for what, aid, detail in removed:
                _log(con, "prune", {"what": what, "article_id": aid, "detail": detail})
            _owe_regroup(con)
    return removed


# ---------------------------------------------------------------- claims and incidents

# Dates outside these bounds are not a report's (a stray "9999"): kept as text, never used
# in date arithmetic, so one article can never break grouping for the store.
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def plausible_date(value: dt.date | None) -> dt.date | None:
    return value if value is not None and EARLIEST_DATE <= value <= LATEST_DATE else None


def load_claims(con: sqlite3.Connection) -> list[Claim]:
    """Every current (not superseded) claim, in a fixed order, dates bounded."""
    cols = CLAIM_COLUMNS + CLAIM_EXTRA
    out = []
    for row in con.execute(f"SELECT {', '.join(cols)} FROM claims WHERE superseded_at IS NULL "
                           "ORDER BY article_id, seq, claim_id"):
        rec = dict(zip(cols, row))
        for key in ("date_start", "date_end"):
            try:
                rec[key] = plausible_date(dt.date.fromisoformat(rec[key])) if rec[key] else None
            except ValueError:
                rec[key] = None
        if (rec["date_start"] is None) != (rec["date_end"] is None):
            rec["date_start"] = rec["date_end"] = None
        out.append(Claim(**rec))
    return out


def replace_incidents(con: sqlite3.Connection, incidents: Sequence[Incident],
                      claimants_by_incident: dict[str, list[str]],
                      assignment: dict[str, str]) -> None:
    """Store a fresh grouping: the incidents and each claim's incident id."""
    with writing(con):
        con.execute("DELETE FROM incidents")
        _insert_incidents(con, incidents, claimants_by_incident)
        con.execute("UPDATE claims SET incident_id=NULL WHERE superseded_at IS NULL")
        con.executemany("UPDATE claims SET incident_id=? WHERE claim_id=?",
                        [(inc, cid) for cid, inc in assignment.items()])


def incident_sizes(con: sqlite3.Connection) -> dict[str, int]:
    """incident id -> the number of claims it was grouped with (n_claims)."""
    return {i: n for i, n in con.execute("SELECT incident_id, n_claims FROM incidents")}


def update_incidents(con: sqlite3.Connection, dropped: Iterable[str],
                     incidents: Sequence[Incident], claimants_by_incident: dict[str, list[str]],
                     assignment: dict[str, str]) -> None:
    """Store part of a grouping: remove the `dropped` incidents, add `incidents`, and set
    the incident id of each claim in `assignment` (the claims regrouped); the other
    incidents and claims stay as they are."""
    with writing(con):
        con.executemany("DELETE FROM incidents WHERE incident_id=?", [(i,) for i in dropped])
        _insert_incidents(con, incidents, claimants_by_incident)
        con.executemany("UPDATE claims SET incident_id=? WHERE claim_id=?",
                        [(inc, cid) for cid, inc in assignment.items()])


def _insert_incidents(con: sqlite3.Connection, incidents: Sequence[Incident],
                      claimants_by_incident: dict[str, list[str]]) -> None:
    cols = INCIDENT_COLUMNS + INCIDENT_EXTRA
    con.executemany(
        f"INSERT INTO incidents ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
        [(i.incident_id, i.kind, _iso(i.date_start), _iso(i.date_end), i.date_precision,
          i.place_id, i.place_name_en, i.place_name_ar, i.lat, i.lon, i.geo_precision,
          i.civilians_min, i.civilians_max, i.n_claims, i.n_sources, i.n_articles,
          int(i.contested), ",".join(claimants_by_incident.get(i.incident_id, ())),
          i.scope, i.grade, i.grade_source)
         for i in incidents])


def replace_reference(con: sqlite3.Connection, places: Iterable, claimants: Iterable) -> None:
    """Copy the gazetteer and claimant lexicon into the store for the dashboard."""
    with writing(con):
        con.execute("DELETE FROM places")
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", list(places))
        con.execute("DELETE FROM claimants")
        con.executemany("INSERT INTO claimants VALUES (?,?,?,?,?)", list(claimants))


# ---------------------------------------------------------------- CSV export

EXPORT_ARTICLE_COLUMNS = ARTICLE_COLUMNS + ("language", "missing_since", "n_claims", "paths")


def export_csv(con: sqlite3.Connection, out_dir: str | os.PathLike, *,
               superseded: bool = False) -> dict[str, Path]:
    """Write articles.csv, claims.csv and incidents.csv (contract columns, then extras).

    Cells a spreadsheet would run as a formula get a leading apostrophe (CONTRACT.md).
    `paths` lists every path an article was read from (" | " between them); claims.csv
    holds current claims, and with `superseded` also those an edit replaced. The tables
    are read in one read transaction: the store as it was at one moment, whatever another
    load commits meanwhile.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if con.in_transaction:
        return _export_csv(con, out, superseded)
    con.execute("BEGIN")                 # deferred: the first read fixes what is seen
    try:
        return _export_csv(con, out, superseded)
    finally:
        con.rollback()                   # nothing was written


def _export_csv(con: sqlite3.Connection, out: Path, superseded: bool) -> dict[str, Path]:
    paths_sql = ("(SELECT GROUP_CONCAT(path, ' | ') FROM (SELECT path FROM article_paths p "
                 "WHERE p.article_id=articles.article_id ORDER BY path))")
    article_sql = ", ".join(paths_sql if c == "paths" else c for c in EXPORT_ARTICLE_COLUMNS)
    claim_cols = CLAIM_COLUMNS + CLAIM_EXTRA + CLAIM_HISTORY
    from . import review
    reviews = review.reviewed_claims(con) if _has_table(con, "reviews") else {}
    written = {}
    for name, cols, query in (
            ("articles", EXPORT_ARTICLE_COLUMNS,
             f"SELECT {article_sql} FROM articles ORDER BY article_id, path"),
            ("claims", claim_cols,
             f"SELECT {', '.join(claim_cols)} FROM claims"
             + ("" if superseded else " WHERE superseded_at IS NULL")
             + " ORDER BY article_id, superseded_at IS NOT NULL, superseded_at, seq, claim_id"),
            ("incidents", INCIDENT_COLUMNS + INCIDENT_EXTRA,
             f"SELECT {', '.join(INCIDENT_COLUMNS + INCIDENT_EXTRA)} FROM incidents "
             "ORDER BY date_start, incident_id")):
        path = out / f"{name}.csv"
        tmp = out / f".{name}.csv.tmp-{os.getpid()}"
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            if name == "claims":     # the analyst's review: see loaders.review.reviewed_row
                writer.writerow(cols + review.REVIEW_COLUMNS + review.EXTRACTED_COLUMNS)
                for row in con.execute(query):
                    rec = review.reviewed_row(dict(zip(cols, row)), reviews.get(row[0]))
                    writer.writerow(_csv_cell(col, rec[col]) for col in
                                    cols + review.REVIEW_COLUMNS + review.EXTRACTED_COLUMNS)
            else:
                writer.writerow(cols)
                for row in con.execute(query):
                    writer.writerow(_csv_cell(col, v) for col, v in zip(cols, row))
        tmp.replace(path)
        written[name] = path
    return written


def _has_table(con: sqlite3.Connection, table: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                       (table,)).fetchone() is not None


def _csv_cell(col: str, value):
    if value is None:
        return ""
    if col == "contested":
        return "true" if value else "false"
    return spreadsheet_safe(value)


# ---------------------------------------------------------------- the columnar snapshot

_FRAME_COLUMNS = {
    "articles": ARTICLE_COLUMNS + ("language", "missing_since", "n_claims"),
    "claims": CLAIM_COLUMNS + CLAIM_EXTRA,
    "incidents": INCIDENT_COLUMNS + INCIDENT_EXTRA,
    "places": ("place_id", "name_en", "name_ar", "kind", "lat", "lon", "admin2",
               "geo_precision", "confidence"),
    "claimants": ("claimant_id", "name_en", "name_ar", "source_kind", "side"),
    "reviews": ("claim_key", "claim_id", "state", "note", "reviewer", "reviewed_at", "corrected"),
}


def snapshot_dir(db_path: str | os.PathLike) -> Path:
    """Where the columnar copy of a store lives (beside it, never committed)."""
    return Path(f"{db_path}.frames")


def snapshot_generation(db_path: str | os.PathLike) -> str | None:
    try:
        return (snapshot_dir(db_path) / "generation").read_text()
    except OSError:
        return None


def remove_stale_temporaries(db_path: str | os.PathLike) -> list[Path]:
    """Remove snapshot folders a killed process left half written (their pid is gone)."""
    folder = snapshot_dir(db_path)
    removed = []
    for tmp in folder.parent.glob(f"{folder.name}.tmp-*") if folder.parent.is_dir() else ():
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        shutil.rmtree(tmp, ignore_errors=True)
        removed.append(tmp)
    for old in folder.parent.glob(f"{folder.name}.old-*") if folder.parent.is_dir() else ():
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_snapshot(db_path: str | os.PathLike) -> Path | None:
    """Write the store's tables as Parquet files next to it, stamped with its generation.

    Reading 300,000 claims back from Parquet takes a fraction of a second, against
    several seconds through SQLite; the dashboard uses the snapshot when its stamp
    matches the store and falls back to SQLite otherwise. Returns None if it cannot write.
    """
    if not store_generation(db_path):
        return None
    read = _arrow_tables(Path(db_path))
    if read is None:
        return None
    generation, tables = read               # read together: the stamp is the tables' own
    import pyarrow.parquet as pq
    folder = snapshot_dir(db_path)
    tmp = Path(f"{folder}.tmp-{os.getpid()}")
    old = Path(f"{folder}.old-{os.getpid()}")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, table in tables.items():
            pq.write_table(table, tmp / f"{name}.parquet")
            checkpoint("in-snapshot")
        (tmp / "generation").write_text(generation)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
    except OSError:
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return folder


def _arrow_tables(path: Path):
    """The snapshot's tables as Arrow tables, typed as pandas would type the same query
    (`pd.read_sql_query` then `to_parquet`), without importing pandas (about 0.8 s of a
    CLI run): text is large_string, an integer column float64 when it holds a NULL, a
    column of NULLs only (or of no rows) the null type. None when a column mixes kinds
    (text in an integer column): the dashboard then reads SQLite, as without a snapshot.
    Returns (the store's generation, the tables), read in one read transaction."""
    import pyarrow as pa
    con = connect_read_only(path)
    try:
        con.execute("BEGIN")          # every table, and the stamp, of one moment
        generation = get_meta(con, "generation")
        out = {}
        for table, cols in _FRAME_COLUMNS.items():
            have = set(_table_columns(con, table))
            if not have and table == "reviews":
                continue                # nothing reviewed in this store yet: no file, read as empty
            # a store not yet migrated lacks the newest columns: they read as empty
            selected = [c if c in have else "NULL" for c in cols]
            where = " WHERE superseded_at IS NULL" if table == "claims" and \
                "superseded_at" in have else ""
            try:
                rows = con.execute(f"SELECT {', '.join(selected)} FROM {table}{where}").fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{path}: cannot read table {table!r} ({exc}); load articles "
                                 f"into another store with 'python -m loaders data/articles "
                                 f"--db NEW.sqlite'") from exc
            columns = list(zip(*rows)) if rows else [()] * len(cols)
            arrays = []
            for values in columns:
                kinds = set(map(type, values))
                seen = kinds - {type(None)}
                if not seen:
                    arrays.append(pa.nulls(len(values)))
                elif seen == {str}:
                    arrays.append(_arrow_text(values))
                elif seen == {int} and len(kinds) == 1:
                    arrays.append(_arrow_numbers(values, pa.int64(), "q"))
                elif seen <= {int, float}:
                    arrays.append(_arrow_numbers(values, pa.float64(), "d"))
                else:
                    return None
            out[table] = pa.Table.from_arrays(arrays, names=list(cols))
        return generation, out
    finally:
        con.close()


# Arrow arrays are built from their buffers: `pa.array(list)` asks whether the list is a
# pandas object, and that question imports pandas.
def _validity(values: tuple) -> tuple[object, int]:
    """The Arrow validity bitmap of a column (None when it has no NULL) and its NULL count."""
    import pyarrow as pa
    nulls = values.count(None)
    if not nulls:
        return None, 0
    bits = "".join("0" if v is None else "1" for v in reversed(values))
    return pa.py_buffer(int(bits, 2).to_bytes((len(values) + 7) // 8, "little")), nulls


def _arrow_text(values: tuple):
    import pyarrow as pa
    from array import array
    from itertools import accumulate
    validity, nulls = _validity(values)
    encoded = list(map(str.encode, [v or "" for v in values] if nulls else values))   # UTF-8
    offsets = array("q", [0])
    offsets.extend(accumulate(map(len, encoded)))
    return pa.Array.from_buffers(pa.large_string(), len(values),
                                 [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))],
                                 null_count=nulls)


def _arrow_numbers(values: tuple, kind, code: str):
    import pyarrow as pa
    from array import array
    validity, nulls = _validity(values)
    data = array(code, [v or 0 for v in values] if nulls else values)
    return pa.Array.from_buffers(kind, len(values), [validity, pa.py_buffer(data)],
                                 null_count=nulls)


def store_generation(path: str | os.PathLike) -> str | None:
    """The store's content stamp (changes with every load that changes anything)."""
    if not Path(path).exists():
        return None
    try:
        con = connect_read_only(path)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _read_snapshot(path: Path):
    import pandas as pd
    folder = snapshot_dir(path)
    try:
        if (folder / "generation").read_text() != store_generation(path):
            return None
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _FRAME_COLUMNS
                  if name != "reviews" or (folder / "reviews.parquet").exists()}
        # a snapshot written before reviews existed: nothing was reviewed then
        frames.setdefault("reviews", pd.DataFrame(columns=list(_FRAME_COLUMNS["reviews"])))
    except (OSError, ValueError, ImportError):
        return None
    if any(set(cols) - set(frames[name].columns) for name, cols in _FRAME_COLUMNS.items()):
        return None                      # written by an older Rasd
    return frames


def _read_sql_frames(path: Path):
    import pandas as pd
    frames = {}
    if not path.exists():
        return {t: pd.DataFrame(columns=list(cols)) for t, cols in _FRAME_COLUMNS.items()}
    con = connect_read_only(path)
    try:
        con.execute("BEGIN")          # every table of one moment, whatever a load commits
        for table, cols in _FRAME_COLUMNS.items():
            try:
                have = set(_table_columns(con, table))
                if not have and table == "reviews":   # nothing reviewed in this store yet
                    frames[table] = pd.DataFrame(columns=list(cols))
                    continue
                # a store not yet migrated lacks the newest columns: they read as empty
                select = ", ".join(c if c in have else f"NULL AS {c}" for c in cols)
                where = " WHERE superseded_at IS NULL" if table == "claims" and \
                    "superseded_at" in have else ""
                frames[table] = pd.read_sql_query(f"SELECT {select} FROM {table}{where}", con)
            except Exception as exc:
                raise StoreError(f"{path}: cannot read table {table!r} ({exc}); load articles "
                                 f"into another store with 'python -m loaders data/articles "
                                 f"--db NEW.sqlite'") from exc
    finally:
        con.close()
    return frames


def read_frames(db_path: str | os.PathLike):
    """All tables of the store as pandas DataFrames (dates parsed), for the dashboard.

    Reads the Parquet snapshot when it matches the store, else SQLite. A missing store
    gives empty tables; a store of another layout raises StoreError. Superseded claims
    are left out.

    >>> frames = read_frames("data/rasd.sqlite")   # doctest: +SKIP
    >>> sorted(frames)                              # doctest: +SKIP
    ['articles', 'claimants', 'claims', 'incidents', 'places', 'reviews']
    """
    import pandas as pd

    path = Path(db_path)
    frames = (_read_snapshot(path) if path.exists() else None) or _read_sql_frames(path)
    from .review import overlay_frame       # corrected values shown, the extracted kept
    frames["claims"] = overlay_frame(frames["claims"], frames["reviews"])
    for table, cols in (("claims", ("date_start", "date_end")),
                        ("incidents", ("date_start", "date_end")),
                        ("articles", ("published",))):
        for col in cols:
            frames[table][col] = pd.to_datetime(frames[table][col], errors="coerce")
    frames["incidents"]["contested"] = frames["incidents"]["contested"].fillna(0).astype(bool)
    return frames
