"""The embedded SQLite store and the contract's CSV export.

The store holds articles, claims, incidents, and copies of the gazetteer and the
claimant lexicon (so the dashboard needs nothing but the database file).
Only this module writes SQL; the dashboard reads through `read_frames`.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Iterable, Sequence

from .records import Article, Claim, Incident

DEFAULT_DB = Path("data/rasd.sqlite")
SCHEMA_VERSION = "4"

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

ARTICLE_EXTRA = ("size", "mtime_ns", "n_claims", "text")
CLAIM_EXTRA = ("wounded_min", "wounded_max", "hedge", "date_precision", "date_text", "date_role",
               "geo_precision", "place_text", "kind", "quote_start", "quote_end", "seq")
INCIDENT_EXTRA = ("claimants",)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT, path TEXT PRIMARY KEY, sha256 TEXT, status TEXT, reason TEXT,
    title TEXT, outlet TEXT, url TEXT, published TEXT, published_from TEXT,
    size INTEGER, mtime_ns INTEGER, n_claims INTEGER, text TEXT);
CREATE TABLE IF NOT EXISTS claims (
    claim_id TEXT PRIMARY KEY, incident_id TEXT, article_id TEXT, claimant TEXT,
    stance TEXT, perpetrator TEXT, civilians_min INTEGER, civilians_max INTEGER,
    killed_min INTEGER, killed_max INTEGER, strikes INTEGER, date_start TEXT,
    date_end TEXT, place_id TEXT, quote TEXT,
    wounded_min INTEGER, wounded_max INTEGER, hedge TEXT, date_precision TEXT,
    date_text TEXT, date_role TEXT, geo_precision TEXT, place_text TEXT, kind TEXT,
    quote_start INTEGER, quote_end INTEGER, seq INTEGER, article_path TEXT);
CREATE INDEX IF NOT EXISTS claims_by_path ON claims(article_path);
CREATE INDEX IF NOT EXISTS claims_by_incident ON claims(incident_id);
CREATE TABLE IF NOT EXISTS incidents (
    incident_id TEXT PRIMARY KEY, kind TEXT, date_start TEXT, date_end TEXT,
    date_precision TEXT, place_id TEXT, place_name_en TEXT, place_name_ar TEXT,
    lat REAL, lon REAL, geo_precision TEXT, civilians_min INTEGER,
    civilians_max INTEGER, n_claims INTEGER, n_sources INTEGER, n_articles INTEGER,
    contested INTEGER, claimants TEXT);
CREATE INDEX IF NOT EXISTS incidents_by_start ON incidents(date_start);
CREATE TABLE IF NOT EXISTS places (
    place_id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, kind TEXT, lat REAL, lon REAL,
    admin2 TEXT, geo_precision TEXT, confidence TEXT);
CREATE TABLE IF NOT EXISTS claimants (
    claimant_id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, source_kind TEXT, side TEXT);
"""


def resolve_db_path(db: str | os.PathLike | None = None) -> Path:
    """The store to use: the argument, else $RASD_DB, else data/rasd.sqlite.

    >>> resolve_db_path("/tmp/x.sqlite")
    PosixPath('/tmp/x.sqlite')
    """
    if db:
        return Path(db)
    env = os.environ.get("RASD_DB")
    return Path(env) if env else DEFAULT_DB


def connect(db_path: str | os.PathLike) -> sqlite3.Connection:
    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    version = None
    try:
        row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        version = row[0] if row else None
    except sqlite3.OperationalError:
        pass
    if version not in (None, SCHEMA_VERSION):
        # An older layout: the store is a cache of the articles, so rebuild it.
        for table in ("meta", "articles", "claims", "incidents", "places", "claimants"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    con.executescript(_SCHEMA)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    con.commit()
    return con


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def known_files(con: sqlite3.Connection) -> dict[str, tuple[int, int, str, str]]:
    """path -> (size, mtime_ns, sha256, article_id) of every article already stored."""
    return {p: (s, m, h, a) for p, s, m, h, a in
            con.execute("SELECT path, size, mtime_ns, sha256, article_id FROM articles")}


def get_meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def touch_article(con: sqlite3.Connection, path: str, size: int, mtime_ns: int) -> None:
    """Record a new mtime for a file whose content hash did not change."""
    con.execute("UPDATE articles SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))


def save_articles(con: sqlite3.Connection, articles: Iterable[Article]) -> None:
    """Insert or replace articles; an article's old claims are dropped with it."""
    rows, claim_rows, paths = [], [], []
    for a in articles:
        paths.append((a.path,))
        rows.append((a.article_id, a.path, a.sha256, a.status, a.reason, a.title, a.outlet,
                     a.url, _iso(a.published), a.published_from, a.size, a.mtime_ns,
                     len(a.claims), a.text))
        for c in a.claims:
            claim_rows.append(_claim_row(c) + (a.path,))
    con.executemany("DELETE FROM claims WHERE article_path=?", paths)
    con.executemany("INSERT OR REPLACE INTO articles VALUES (" + ",".join("?" * 14) + ")", rows)
    con.executemany("INSERT OR REPLACE INTO claims VALUES (" + ",".join("?" * 28) + ")",
                    claim_rows)


def _claim_row(c: Claim) -> tuple:
    return (c.claim_id, c.incident_id, c.article_id, c.claimant, c.stance, c.perpetrator,
            c.civilians_min, c.civilians_max, c.killed_min, c.killed_max, c.strikes,
            _iso(c.date_start), _iso(c.date_end), c.place_id, c.quote,
            c.wounded_min, c.wounded_max, c.hedge, c.date_precision, c.date_text, c.date_role,
            c.geo_precision, c.place_text, c.kind, c.quote_start, c.quote_end, c.seq)


def under_roots(path: str, roots: Sequence[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def forget_missing(con: sqlite3.Connection, keep_paths: set[str], scope: Sequence[str]) -> int:
    """Drop stored articles under the given input roots whose files are gone."""
    gone = [(path,) for (path,) in con.execute("SELECT path FROM articles")
            if path not in keep_paths and under_roots(path, scope)]
    con.executemany("DELETE FROM claims WHERE article_path=?", gone)
    con.executemany("DELETE FROM articles WHERE path=?", gone)
    return len(gone)


def load_claims(con: sqlite3.Connection) -> list[Claim]:
    cols = CLAIM_COLUMNS + CLAIM_EXTRA
    out = []
    for row in con.execute(f"SELECT {', '.join(cols)} FROM claims"):
        rec = dict(zip(cols, row))
        for key in ("date_start", "date_end"):
            rec[key] = dt.date.fromisoformat(rec[key]) if rec[key] else None
        out.append(Claim(**rec))
    return out


def replace_incidents(con: sqlite3.Connection, incidents: Sequence[Incident],
                      claimants_by_incident: dict[str, list[str]],
                      assignment: dict[str, str]) -> None:
    """Store a fresh grouping: the incidents and each claim's incident id."""
    con.execute("DELETE FROM incidents")
    con.executemany(
        "INSERT INTO incidents VALUES (" + ",".join("?" * 18) + ")",
        [(i.incident_id, i.kind, _iso(i.date_start), _iso(i.date_end), i.date_precision,
          i.place_id, i.place_name_en, i.place_name_ar, i.lat, i.lon, i.geo_precision,
          i.civilians_min, i.civilians_max, i.n_claims, i.n_sources, i.n_articles,
          int(i.contested), ",".join(claimants_by_incident.get(i.incident_id, ())))
         for i in incidents])
    con.executemany("UPDATE claims SET incident_id=? WHERE claim_id=?",
                    [(inc, cid) for cid, inc in assignment.items()])


def replace_reference(con: sqlite3.Connection, places: Iterable, claimants: Iterable) -> None:
    """Copy the gazetteer and claimant lexicon into the store for the dashboard."""
    con.execute("DELETE FROM places")
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", list(places))
    con.execute("DELETE FROM claimants")
    con.executemany("INSERT INTO claimants VALUES (?,?,?,?,?)", list(claimants))


def export_csv(con: sqlite3.Connection, out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write articles.csv, claims.csv and incidents.csv (contract columns, then extras)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, cols, order in (
            ("articles", ARTICLE_COLUMNS + ("n_claims",), "article_id, path"),
            ("claims", CLAIM_COLUMNS + CLAIM_EXTRA, "article_id, seq, claim_id"),
            ("incidents", INCIDENT_COLUMNS + INCIDENT_EXTRA, "date_start, incident_id")):
        path = out / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(cols)
            for row in con.execute(f"SELECT {', '.join(cols)} FROM {name} ORDER BY {order}"):
                writer.writerow(_csv_cell(name, col, v) for col, v in zip(cols, row))
        written[name] = path
    return written


def _csv_cell(table: str, col: str, value):
    if value is None:
        return ""
    if col == "contested":
        return "true" if value else "false"
    return value


class StoreError(RuntimeError):
    """The store cannot be read as Rasd's (another schema, or not a store at all)."""


_FRAME_COLUMNS = {
    "articles": ARTICLE_COLUMNS + ("n_claims",),
    "claims": CLAIM_COLUMNS + CLAIM_EXTRA,
    "incidents": INCIDENT_COLUMNS + INCIDENT_EXTRA,
    "places": ("place_id", "name_en", "name_ar", "kind", "lat", "lon", "admin2",
               "geo_precision", "confidence"),
    "claimants": ("claimant_id", "name_en", "name_ar", "source_kind", "side"),
}


def snapshot_dir(db_path: str | os.PathLike) -> Path:
    """Where the columnar copy of a store lives (beside it, never committed)."""
    return Path(f"{db_path}.frames")


def bump_generation(con: sqlite3.Connection) -> str:
    """Mark the store's content as new; the columnar snapshot no longer matches it."""
    generation = os.urandom(8).hex()
    con.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,))
    return generation


def write_snapshot(db_path: str | os.PathLike) -> Path | None:
    """Write the store's tables as Parquet files next to it, stamped with its generation.

    Reading 300,000 claims back from Parquet takes a fraction of a second, against
    several seconds through SQLite; the dashboard uses the snapshot when its stamp
    matches the store and falls back to SQLite otherwise. Returns None if it cannot write.
    """
    generation = store_generation(db_path)
    if not generation:
        return None
    frames = _read_sql_frames(Path(db_path))
    folder = snapshot_dir(db_path)
    tmp = Path(f"{folder}.tmp-{os.getpid()}")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        for name, df in frames.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "generation").write_text(generation)
        if folder.exists():
            for old in folder.iterdir():
                old.unlink()
            folder.rmdir()
        tmp.rename(folder)
    except OSError:
        return None
    return folder


def store_generation(path: str | os.PathLike) -> str | None:
    """The store's content stamp (changes with every load that changes anything)."""
    if not Path(path).exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
        return {name: pd.read_parquet(folder / f"{name}.parquet") for name in _FRAME_COLUMNS}
    except (OSError, ValueError, ImportError):
        return None


def _read_sql_frames(path: Path):
    import pandas as pd
    frames = {}
    if not path.exists():
        return {t: pd.DataFrame(columns=list(cols)) for t, cols in _FRAME_COLUMNS.items()}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table, cols in _FRAME_COLUMNS.items():
            try:
                frames[table] = pd.read_sql_query(f"SELECT {', '.join(cols)} FROM {table}", con)
            except Exception as exc:
                raise StoreError(f"{path}: cannot read table {table!r} ({exc}); rebuild it with "
                                 f"'python -m loaders data/articles --db {path}'") from exc
    finally:
        con.close()
    return frames


def read_frames(db_path: str | os.PathLike):
    """All tables of the store as pandas DataFrames (dates parsed), for the dashboard.

    Reads the Parquet snapshot when it matches the store, else SQLite. A missing store
    gives empty tables; a store of another layout raises StoreError.

    >>> frames = read_frames("data/rasd.sqlite")   # doctest: +SKIP
    >>> sorted(frames)
    ['articles', 'claimants', 'claims', 'incidents', 'places']
    """
    import pandas as pd

    path = Path(db_path)
    frames = (_read_snapshot(path) if path.exists() else None) or _read_sql_frames(path)
    for table, cols in (("claims", ("date_start", "date_end")),
                        ("incidents", ("date_start", "date_end")),
                        ("articles", ("published",))):
        for col in cols:
            frames[table][col] = pd.to_datetime(frames[table][col], errors="coerce")
    frames["incidents"]["contested"] = frames["incidents"]["contested"].fillna(0).astype(bool)
    return frames
