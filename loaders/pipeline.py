"""The whole load: read → extract → store → group, incrementally.

Unchanged files (same path, size and modification time, or same content hash) are not
read again; an edited file replaces its old claims; a file removed from a loaded folder
leaves the store. Incidents are regrouped over all stored claims whenever anything changed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable

from . import __version__, store
from .claims import article_voice, default_lexicons, extract_claims
from .incidents import group_claims
from .language import detect_language
from .lexicon import DATA_DIR, PACKS, load_claimants, load_gazetteer
from .reading import article_id_of, discover, read_source, stat_of
from .records import Article

Progress = Callable[[int, int], None]
CHUNK = 64


def article_from_file(path: str, article_id: str | None = None,
                      unless_sha256: str | None = None) -> Article | None:
    """Read one file and extract its claims; never raises: an unexpected failure on one
    file becomes that file's rejection, and the run goes on. Returns None when the file's
    bytes hash to `unless_sha256` (it was loaded before and has not changed).

    >>> article_from_file("data/articles/002_b35f598b5348c098.txt").published
    datetime.date(2018, 11, 18)
    """
    try:
        return _article_from_file(path, article_id, unless_sha256)
    except Exception as exc:       # a bug must not cost the other files their claims
        return Article(article_id=article_id or Path(path).stem, path=path, sha256="",
                       status="rejected",
                       reason=f"internal error while reading: {type(exc).__name__}: {exc}")


def _article_from_file(path: str, article_id: str | None, unless_sha256: str | None):
    src = read_source(path, article_id=article_id)
    if unless_sha256 and src.sha256 == unless_sha256:
        return None
    claims: tuple = ()
    language = detect_language(src.body, (src.meta or {}).get("language"))
    if src.status != "rejected" and language not in PACKS:
        src = replace(src, status="rejected", reason=f"language {language}: not read")
    if src.status != "rejected":
        lex = default_lexicons(language)
        voice = article_voice(src.body, str((src.meta or {}).get("outlet") or ""), lex)
        claims = tuple(extract_claims(src.body, src.article_id, src.published,
                                      lex, offset=src.body_offset, voice=voice,
                                      ignore=[src.dateline_span] if src.dateline_span else (),
                                      language=language))
    meta = src.meta or {}
    title = meta.get("title")
    title = (" ".join(map(str, title)) if isinstance(title, list) else str(title or "")).strip() \
        or _first_line(src.body)
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


def _extract_chunk(items: list[tuple[str, str, str | None]]) -> list[tuple[str, Article | None]]:
    return [(path, article_from_file(path, aid, sha)) for path, aid, sha in items]


def article_ids(paths: Iterable[str]) -> dict[str, str]:
    """An article's id is its file name without extension (CONTRACT.md); when two files
    share a name, each gets the name plus a short hash of its path, so neither overwrites
    the other.

    >>> article_ids(["/a/x.txt", "/b/y.txt"])
    {'/a/x.txt': 'x', '/b/y.txt': 'y'}
    """
    by_stem: dict[str, list[str]] = {}
    for p in paths:
        by_stem.setdefault(article_id_of(p), []).append(p)
    ids = {}
    for stem, group in by_stem.items():
        for p in group:
            ids[p] = stem if len(group) == 1 else f"{stem}~{hashlib.sha1(p.encode()).hexdigest()[:6]}"
    return ids


def data_fingerprint() -> str:
    """A hash of the lexicons, the gazetteer and the package version: when it changes,
    every stored article is read again so that a new village or cue reaches old articles."""
    h = hashlib.sha256(__version__.encode())
    for folder in sorted(set(PACKS.values())):
        for name in sorted(os.listdir(folder)):
            if name.endswith((".csv", ".yaml")):
                h.update(f"{folder.name}/{name}".encode())
                h.update((folder / name).read_bytes())
    return h.hexdigest()[:16]


def load_paths(inputs: Iterable[str], db_path: str | os.PathLike | None = None, *,
               progress: Progress | None = None, workers: int = 1) -> list[Article]:
    """Load article files or folders into the store; returns one Article per input file
    (without its text). Articles already stored unchanged come back from the store with
    their status and reason, without their claims.
    """
    db = store.resolve_db_path(db_path)
    paths, roots = discover(list(inputs))
    con = store.connect(db)
    try:
        known = store.known_files(con)
        fingerprint = data_fingerprint()
        stale = store.get_meta(con, "data") != fingerprint
        wanted = set(paths)
        staying = {p for p in known if p in wanted or not store.under_roots(p, roots)}
        ids = article_ids(wanted | staying)
        todo, unchanged = [], []
        for p in paths:
            st = stat_of(p)
            prev = known.get(p)
            same_id = prev is not None and prev[3] == ids[p]
            if not stale and st and same_id and prev[0] == st[0] and prev[1] == st[1]:
                unchanged.append(p)
            else:
                todo.append((p, ids[p], prev[2] if same_id and not stale else None))
        # stored articles from other folders whose id or reading rules changed
        todo += [(p, ids[p], None) for p, prev in known.items()
                 if p in staying and p not in wanted and (stale or prev[3] != ids[p]) and stat_of(p)]
        total = len(paths)
        done = len(unchanged)
        if progress:
            progress(done, total)
        results: dict[str, Article] = {}
        changed = False
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 and len(chunks) > 1 else None
        try:
            batches = pool.map(_extract_chunk, chunks) if pool else map(_extract_chunk, chunks)
            for batch in batches:
                fresh = [a for _, a in batch if a is not None]
                for path, a in batch:
                    if a is None:               # same bytes, new modification time
                        st = stat_of(path) or (0, 0)
                        store.touch_article(con, path, st[0], st[1])
                        unchanged.append(path)
                if fresh:
                    store.save_articles(con, fresh)
                    changed = True
                con.commit()                    # a crash later keeps what is done
                for a in fresh:
                    results[a.path] = replace(a, text="")
                done += sum(1 for path, _ in batch if path in wanted)
                if progress:
                    progress(min(done, total), total)
        finally:
            if pool:
                pool.shutdown()
        removed = store.forget_missing(con, set(paths), roots)
        reference_missing = con.execute("SELECT COUNT(*) FROM places").fetchone()[0] == 0
        regrouped = changed or removed or reference_missing or stale
        if regrouped:
            regroup(con)
            store.set_meta(con, "data", fingerprint)
            store.bump_generation(con)
        con.commit()
        if regrouped or not store.snapshot_dir(db).exists():
            store.write_snapshot(db)
        stored = {a.path: a for a in _stored_articles(con, [p for p in unchanged if p in wanted])}
        return [results.get(p) or stored[p] for p in paths if p in results or p in stored]
    finally:
        con.close()


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


