"""The whole load: read → extract → store → group, incrementally.

Unchanged files (same path, size and modification time, or same content hash) are not
read again; an edited file replaces its old claims; a file removed from a loaded folder
leaves the store. Incidents are regrouped over all stored claims whenever anything changed.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from . import store
from .claims import article_voice, default_lexicons, extract_claims
from .incidents import group_claims
from .lexicon import load_claimants, load_gazetteer
from .reading import discover, read_source, stat_of
from .records import Article

Progress = Callable[[int, int], None]
CHUNK = 64


def article_from_file(path: str) -> Article:
    """Read one file and extract its claims (never raises on bad input).

    >>> article_from_file("data/articles/002_b35f598b5348c098.txt").published
    datetime.date(2018, 11, 18)
    """
    src = read_source(path)
    claims: tuple = ()
    if src.status != "rejected":
        body = src.body
        if src.dateline_span:
            # the date the text gives for itself is not the date of any event
            a, b = src.dateline_span
            body = body[:a] + " " * (b - a) + body[b:]
        voice = article_voice(body, str((src.meta or {}).get("outlet") or ""))
        claims = tuple(extract_claims(body, src.article_id, src.published,
                                      default_lexicons(), offset=src.body_offset, voice=voice))
    meta = src.meta or {}
    title = str(meta.get("title") or "").strip() or _first_line(src.body)
    return Article(article_id=src.article_id, path=src.path, sha256=src.sha256,
                   status=src.status, reason=src.reason, title=title[:300],
                   outlet=str(meta.get("outlet") or "").strip(),
                   url=str(meta.get("url") or "").strip(), published=src.published,
                   published_from=src.published_from, text=src.body, size=src.size,
                   mtime_ns=src.mtime_ns, claims=claims)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def _extract_chunk(paths: list[str]) -> list[Article]:
    return [article_from_file(p) for p in paths]


def load_paths(inputs: Iterable[str], db_path: str | os.PathLike | None = None, *,
               progress: Progress | None = None, workers: int = 1) -> list[Article]:
    """Load article files or folders into the store; returns one Article per input file.

    Articles that were already stored unchanged are returned from the store (with their
    status and reason, without their claims).
    """
    db = store.resolve_db_path(db_path)
    paths, roots = discover(list(inputs))
    con = store.connect(db)
    try:
        known = store.known_files(con)
        todo, unchanged = [], []
        for p in paths:
            st = stat_of(p)
            prev = known.get(p)
            if st and prev and prev[0] == st[0] and prev[1] == st[1]:
                unchanged.append(p)
            else:
                todo.append(p)
        total = len(paths)
        done = len(unchanged)
        if progress:
            progress(done, total)
        fresh: list[Article] = []
        changed = False
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        if workers > 1 and len(chunks) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = pool.map(_extract_chunk, chunks)
                for batch in results:
                    changed |= _save_batch(con, batch, known)
                    fresh += batch
                    done += len(batch)
                    if progress:
                        progress(done, total)
        else:
            for chunk in chunks:
                batch = _extract_chunk(chunk)
                changed |= _save_batch(con, batch, known)
                fresh += batch
                done += len(batch)
                if progress:
                    progress(done, total)
        removed = store.forget_missing(con, set(paths), roots)
        reference_missing = con.execute("SELECT COUNT(*) FROM places").fetchone()[0] == 0
        if changed or removed or reference_missing:
            regroup(con)
        con.commit()
        by_path = {a.path: a for a in fresh}
        stored = {a.path: a for a in _stored_articles(con, unchanged)}
        return [by_path.get(p) or stored[p] for p in paths if p in by_path or p in stored]
    finally:
        con.close()


def _save_batch(con: sqlite3.Connection, batch: list[Article], known) -> bool:
    changed = []
    for a in batch:
        prev = known.get(a.path)
        if prev and prev[2] == a.sha256 and a.sha256:
            store.touch_article(con, a.path, a.size, a.mtime_ns)   # same bytes, new mtime
        else:
            changed.append(a)
    if changed:
        store.save_articles(con, changed)
    return bool(changed)


def regroup(con: sqlite3.Connection) -> None:
    """Recompute incidents over every stored claim, and refresh the reference tables."""
    gaz = load_gazetteer()
    claims = store.load_claims(con)
    incidents, assignment, claimants = group_claims(claims, gaz)
    store.replace_incidents(con, incidents, claimants, assignment)
    store.replace_reference(
        con,
        ((p.place_id, p.name_en, p.name_ar, p.kind, p.lat, p.lon, p.admin2, p.precision,
          gaz.confidence.get(p.place_id, "")) for p in gaz.places.values()),
        ((c.claimant_id, c.name_en, c.name_ar, c.source_kind, c.side) for c in load_claimants()))


def _stored_articles(con: sqlite3.Connection, paths: list[str]) -> list[Article]:
    out = []
    wanted = set(paths)
    if not wanted:
        return out
    for row in con.execute("SELECT article_id, path, sha256, status, reason, title, outlet, url, "
                           "published, published_from, size, mtime_ns FROM articles"):
        if row[1] not in wanted:
            continue
        published = dt.date.fromisoformat(row[8]) if row[8] else None
        out.append(Article(article_id=row[0], path=row[1], sha256=row[2], status=row[3],
                           reason=row[4] or "", title=row[5] or "", outlet=row[6] or "",
                           url=row[7] or "", published=published, published_from=row[9] or "",
                           size=row[10] or 0, mtime_ns=row[11] or 0))
    return out


def relative_path(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


__all__ = ["load_paths", "article_from_file", "regroup", "relative_path", "Path"]
