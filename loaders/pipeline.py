"""The whole load: read → extract → store → group, incrementally.

Unchanged files (same path, size and modification time, or same content hash) are not
read again; an edited file's claims replace its earlier ones, which stay as superseded;
a file no longer found in a loaded folder leaves its article `missing` (only `prune`
removes it). Incidents are regrouped over all current claims whenever claims changed,
and a run killed on the way is finished by the next (the store records the debt).
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import __version__, review, store
from .claims import article_voice, default_lexicons, extract_claims
from .incidents import regroup_changed
from .lexicon import DATA_DIR, PACKS, load_claimants, load_gazetteer
from .reading import discover, read_source, readable, stat_of
from .records import Article, Claim

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
    reason = src.reason
    language = src.language or "ar"           # read_source chose it and rejected the ones with no pack
    if src.status != "rejected":
        lex = default_lexicons(language)
        voice = article_voice(src.body, str((src.meta or {}).get("outlet") or ""), lex)
        body = split_long_runs(src.body)
        if body != src.body:                  # said, so a reader knows why quotes are pieces
            reason = "; ".join(filter(None, [reason, LONG_RUN_NOTE]))
        claims = tuple(_bounded_dates(c) for c in extract_claims(
            body, src.article_id, src.published, lex,
            offset=src.body_offset, voice=voice,
            ignore=[src.dateline_span] if src.dateline_span else (), language=language))
    meta = src.meta or {}
    title = str(meta.get("title") or "").strip() or _first_line(src.body)
    return Article(article_id=src.article_id, path=src.path, sha256=src.sha256,
                   status=src.status, reason=reason, title=title[:300],
                   outlet=str(meta.get("outlet") or "").strip(),
                   url=str(meta.get("url") or "").strip(), published=src.published,
                   published_from=src.published_from, language=src.language, text=src.body,
                   size=src.size, mtime_ns=src.mtime_ns, claims=claims)


def _bounded_dates(c: Claim) -> Claim:
    """A claim dated outside any report's years (a stray "9999") keeps its date text but no
    date, so no date arithmetic downstream can overflow."""
    start, end = store.plausible_date(c.date_start), store.plausible_date(c.date_end)
    if (start, end) == (c.date_start, c.date_end):
        return c
    return replace(c, date_start=None, date_end=None, date_precision="")


# A "sentence" longer than this (a one-line file, text with no punctuation) is cut at a
# space about every MAX_SENTENCE characters before extraction (the longest sentence in the
# devset is 470 characters): extraction's cost grows faster than
# sentence length, and the cut keeps a 2 MB one-line file in bounded time. The quote of a
# claim found there is its piece of the run.
MAX_SENTENCE = 600
LONG_RUN_NOTE = (f"text with no sentence end for over {MAX_SENTENCE} characters was read in "
                 "pieces cut at spaces")
# a run of text with no sentence end; each match takes a whole run, so finding the long ones
# is one pass (a pattern asking for 601 or more such characters retries from every
# character of every shorter run: quadratic in the length of a sentence)
_RUN = re.compile(r"[^.!?؟\n\u06d4]+")


def split_long_runs(text: str, limit: int = MAX_SENTENCE) -> str:
    """The text with a newline in place of a space about every `limit` characters of a run
    with no sentence end; same length, so every offset still points into the original.

    >>> split_long_runs("aaa bbb ccc ddd", limit=8)
    'aaa bbb\\nccc ddd'
    """
    chars = None
    for m in _RUN.finditer(text):
        if m.end() - m.start() <= limit:
            continue
        if chars is None:
            chars = list(text)
        start = m.start()
        while m.end() - start > limit:
            cut = text.rfind(" ", start + 1, start + limit + 1)
            if cut <= start:                  # no space at all: a blob, not prose
                break
            chars[cut] = "\n"
            start = cut + 1
    return text if chars is None else "".join(chars)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def _extract_chunk(items: list[tuple[str, str, str | None]]) -> list[tuple[str, Article | None]]:
    return [(path, article_from_file(path, aid, sha)) for path, aid, sha in items]


def planned_ids(paths: Iterable[str], known: dict[str, tuple], taken: set[str]) -> dict[str, str]:
    """The id each file's claims are extracted under: a recorded path keeps its article's
    id; a new file takes its name, or its name plus a short hash of its path when an
    article already has that name (the store confirms or corrects this when it saves).

    >>> planned_ids(["/a/x.txt", "/b/x.txt", "/b/y.txt"], {}, set())
    {'/a/x.txt': 'x', '/b/x.txt': 'x~62bd79', '/b/y.txt': 'y'}
    """
    taken = set(taken)
    ids = {}
    for p in paths:
        if p in known:
            ids[p] = known[p][3]
        else:
            ids[p] = store.new_article_id(p, taken)
            taken.add(ids[p])
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


def grouping_fingerprint() -> str:
    """A hash of the code that groups claims into incidents: a load after it changed
    regroups every claim, not only what its new claims reach."""
    h = hashlib.sha256(__version__.encode())
    for name in ("incidents.py", "grading.py", "places.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def load_paths(inputs: Iterable[str], db_path: str | os.PathLike | None = None, *,
               progress: Progress | None = None, workers: int = 1,
               warn: Callable[[str], None] | None = None) -> list[Article]:
    """Load article files or folders into the store; returns one Article per input file
    (without its text). Articles already stored unchanged come back from the store with
    their status and reason, without their claims.

    Stored files under the input folders that are not found now (deleted, unreadable, an
    emptied or unmounted folder) are marked `missing`, never removed. Each chunk of
    articles is committed with the note that a regroup is owed, so a run killed at any
    point is finished by the next one. `warn` receives one line per folder that could
    not be searched.
    """
    db = store.resolve_db_path(db_path)
    paths, roots, walk_errors = discover(list(inputs))
    own = [p for p in paths if store.is_own_file(p, db)]
    if own:
        paths = [p for p in paths if p not in set(own)]
        if warn:
            warn(f"{len(own)} files are the store's own ({relative_path(str(db))}, its log and "
                 "snapshot), not articles: not read")
    for folder, problem in walk_errors:
        if warn:
            warn(f"cannot search {relative_path(folder)}: {problem}; files stored from there "
                 "are kept (marked missing if not found)")
    con = store.connect(db)
    try:
        store.remove_stale_temporaries(db)
        now = store.now_utc()
        known = store.known_paths(con)
        for p in [p for p in paths if not os.path.lexists(p)]:
            if any(store.under_roots(k, [p]) and k != p for k in known):
                # a loaded folder that is not there (unmounted, moved): keep what came from it
                paths.remove(p)
                roots.append(p)
                walk_errors.append((p, "No such file or directory"))
                if warn:
                    warn(f"{relative_path(p)} is not there; the {_count_under(known, p)} files "
                         "stored from it are kept, marked missing")
        fingerprint = data_fingerprint()
        stale = store.get_meta(con, "data") != fingerprint
        wanted = set(paths)
        ids = planned_ids(paths, known, store.article_ids_taken(con))
        todo, unchanged = [], []
        for p in paths:
            st = stat_of(p)
            prev = known.get(p)
            if not stale and st and prev and not prev[4] and prev[0] == st[0] and prev[1] == st[1] \
                    and readable(p):        # unreadable now: read it, so it is marked missing
                unchanged.append(p)
            else:
                todo.append((p, ids[p], prev[2] if prev and not stale else None))
        if stale:   # new reading rules: read again one present file of every other article
            seen = {known[p][3] for p in paths if p in known}
            for p, (_, _, _, aid, missing) in sorted(known.items()):
                if p not in wanted and not missing and aid not in seen and stat_of(p):
                    seen.add(aid)
                    todo.append((p, aid, None))
        total = len(paths)
        done = len(unchanged)
        if progress:
            progress(done, total)
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        extracted: dict[str, tuple] = {}
        pool = None
        if workers > 1 and len(chunks) > 1:
            # build the lexicons (gazetteer, cue tries, number patterns) once, here: forked
            # workers inherit them instead of each building its own
            for language in sorted(PACKS):
                _warm(language)
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent,
                                       initargs=(os.getpid(),))
        try:
            batches = pool.map(_extract_chunk, chunks) if pool else map(_extract_chunk, chunks)
            for batch in batches:
                with store.writing(con):
                    for path, a in batch:
                        if a is None:               # same bytes, new modification time
                            st = stat_of(path) or (0, 0)
                            store.touch_path(con, path, st[0], st[1], now)
                        else:
                            _, action = store.record_article(con, a, now)
                            if action in ("reread", "edit", "new"):
                                extracted[path] = a.claims
                store.checkpoint("chunk")
                done += sum(1 for path, _ in batch if path in wanted)
                if progress:
                    progress(min(done, total), total)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
        gone = {p: _missing_reason(p, walk_errors, db) for p, prev in known.items()
                if p not in wanted and not prev[4] and store.under_roots(p, roots)}
        if gone:
            with store.writing(con):
                store.mark_missing(con, gone, now)
            store.checkpoint("missing")
        reference_missing = con.execute("SELECT COUNT(*) FROM places").fetchone()[0] == 0
        store.checkpoint("before-regroup")
        # new grouping rules (incidents, grading, places code) regroup everything; the
        # stored incidents were made by the earlier ones
        new_rules = store.get_meta(con, "grouping") != grouping_fingerprint()
        if stale or reference_missing or new_rules or store.regroup_owed(con) \
                or store.ungrouped_claims(con):
            regroup(con, fingerprint, full=stale or reference_missing or new_rules)
        store.checkpoint("before-snapshot")
        generation = store.get_meta(con, "generation")
        if generation and store.snapshot_generation(db) != generation:
            store.write_snapshot(db)
        return [replace(a, claims=extracted[a.path]) if a.path in extracted else a
                for a in store.stored_for_paths(con, paths)]
    finally:
        con.close()


def _count_under(known: dict, folder: str) -> int:
    return sum(1 for k in known if store.under_roots(k, [folder]))


def _missing_reason(path: str, walk_errors: list[tuple[str, str]], db) -> str:
    if store.is_own_file(path, db):     # read as an article by a Rasd before this check
        return "the store's own file, not an article"
    for folder, problem in walk_errors:
        if store.under_roots(path, [folder]):
            return f"cannot search its folder: {problem}"
    return "file not found"


@dataclass(frozen=True, kw_only=True)
class Regrouped:
    """What a regroup did: `claims` grouped again out of `of` current claims; `full` when
    every claim was (new reading rules, a new gazetteer, any analyst work in the store)."""
    claims: int
    of: int
    full: bool


def regroup(con: sqlite3.Connection, fingerprint: str | None = None, *,
            full: bool = True) -> Regrouped:
    """Recompute incidents, and with `full` refresh the reference tables.

    `full=False` regroups only what new or changed claims can reach
    (`incidents.touched_claims`): the claims with no incident yet, those of incidents that
    lost claims (an edit, a prune) and everything connected to them; the other incidents
    stay as stored, which is what a full regroup would give them. It is full all the same
    when the store holds any analyst work (reviews, grades, grouping decisions), which
    only the full regroup through `review.group_reviewed` applies.

    One write transaction: the claims read are the claims grouped, and the regroup debt
    is cleared only with the grouping it asked for.
    """
    gaz = load_gazetteer()
    with store.writing(con):
        claims = store.load_claims(con)
        store.checkpoint("in-regroup")
        # (analyst work — corrections, discounts, grades, grouping decisions — changes how
        # incidents come out: with any, every regroup is the full, reviewed one)
        if not full and not review.has_analyst_work(con):
            dropped, incidents, assignment, claimants_by_incident = regroup_changed(
                claims, gaz, store.incident_sizes(con))
            store.update_incidents(con, dropped, incidents, claimants_by_incident, assignment)
            done = Regrouped(claims=len(assignment), of=len(claims), full=False)
        else:
            incidents, assignment, claimants_by_incident = review.group_reviewed(con, claims, gaz)
            store.replace_incidents(con, incidents, claimants_by_incident, assignment)
            claimants = load_claimants()
            store.replace_reference(
                con,
                ((p.place_id, p.name_en, p.name_ar, p.kind, p.lat, p.lon, p.admin2, p.precision,
                  gaz.confidence.get(p.place_id, "")) for p in gaz.places.values()),
                ((c.claimant_id, c.name_en, c.name_ar, c.source_kind, c.side) for c in claimants))
            store.set_meta(con, "grouping", grouping_fingerprint())
            done = Regrouped(claims=len(claims), of=len(claims), full=True)
        store.set_meta(con, "regroup_owed", "0")
        if fingerprint:
            store.set_meta(con, "data", fingerprint)
        store.bump_generation(con)
    return done


def prune(db_path: str | os.PathLike | None, scope: Sequence[str] = (), *,
          superseded: bool = False, dry_run: bool = False) -> list[tuple[str, str, str]]:
    """Remove missing articles (see `store.prune`), then regroup what is left."""
    db = store.resolve_db_path(db_path)
    con = store.connect(db)
    try:
        removed = store.prune(con, [os.path.abspath(s) for s in scope], superseded=superseded,
                              dry_run=dry_run)
        if removed and not dry_run:
            regroup(con)
            store.write_snapshot(db)
        return removed
    finally:
        con.close()


def _warm(language: str) -> None:
    from .dates import find_dates
    from .numbers import find_figures
    lex = default_lexicons(language)
    find_figures("", language=language)
    find_dates("", None, language=language)
    extract_claims("", "warm", None, lex, language=language)


def _die_with_parent(parent: int) -> None:
    """Pool worker start-up: end this worker when the loader that started it dies (even by
    SIGKILL), so no orphan keeps reading files."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)                   # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:                          # died before prctl took hold
        os._exit(1)

    def watch() -> None:                                # other systems: look every second
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()




def relative_path(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


