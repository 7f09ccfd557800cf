"""`python -m loaders INPUT [INPUT ...] [--db PATH] [--out DIR] [--workers N]`
`python -m loaders prune [SCOPE ...] [--db PATH] [--superseded] [--dry-run]`
`python -m loaders reviews export FILE.json [--db PATH]`
`python -m loaders reviews import FILE.json [--db PATH] [--reviewer NAME]`

Loads article files or folders into the SQLite store and, with --out, writes the
contract's articles.csv, claims.csv and incidents.csv. Exits 0 when every file was
processed (rejected ones included); non-zero only when it could not run at all.

Nothing a load does deletes anything: files no longer found are marked `missing`.
`prune` is the one command that removes them, and it prints (and logs in the store)
each thing it removes. `reviews` moves an analyst's reviews between stores: import merges
by claim key and never overwrites a review the store already holds (conflicts are listed;
the exit status is 1 when there were any).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections import Counter

from . import __version__, review, store
from .lexicon import LexiconError
from .pipeline import load_paths, prune, relative_path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["prune"]:
        return prune_main(argv[1:])
    if argv[:1] == ["reviews"]:
        return reviews_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Turn Arabic airstrike reports into dated, geolocated incidents and claims. "
                    "'python -m loaders prune --help': remove articles whose files are gone; "
                    "'python -m loaders reviews --help': export or import analyst reviews.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="article .txt files or folders (searched recursively)")
    parser.add_argument("--db", help="SQLite store (default: $RASD_DB, else data/rasd.sqlite)")
    parser.add_argument("--out", help="also write articles.csv, claims.csv, incidents.csv here")
    parser.add_argument("--superseded", action="store_true",
                        help="with --out: claims.csv also holds claims an edit superseded")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes for reading and extraction (default 1)")
    parser.add_argument("--prepare", action="store_true",
                        help="also write the dashboard's prepared tables now, so its first "
                             "view of a large store opens at once (make store does this)")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument("--version", action="version", version=f"rasd {__version__}")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    db = store.resolve_db_path(args.db)
    if args.out:
        try:
            os.makedirs(args.out, exist_ok=True)
            probe = os.path.join(args.out, ".rasd-write-test")
            with open(probe, "w"):
                pass
            os.remove(probe)
        except OSError as exc:
            print(f"rasd: cannot write to --out {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2

    def warn(line: str) -> None:
        print(f"rasd: {line}", file=sys.stderr)

    try:
        articles = load_paths(args.inputs, db, workers=args.workers, warn=warn)
        con = store.connect(db)
    except (LexiconError, store.StoreError) as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as exc:
        print(f"rasd: cannot use the store {db}: {exc}", file=sys.stderr)
        return 2
    for a in articles:
        if a.status != "ok" and not args.quiet:
            print(f"rasd: {relative_path(a.path)}: {a.status}: {a.reason}", file=sys.stderr)
    try:
        n_claims = con.execute("SELECT COUNT(*) FROM claims WHERE superseded_at IS NULL").fetchone()[0]
        n_incidents = con.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
        n_missing = con.execute("SELECT COUNT(*) FROM articles WHERE status='missing'").fetchone()[0]
        if args.out:
            store.export_csv(con, args.out, superseded=args.superseded)
    finally:
        con.close()
    if args.prepare:
        # the dashboard's tables and its opening view (views.query.load_prepared), written
        # beside the snapshot; imported only here: a plain load never pays for pandas
        from views.query import load_prepared
        load_prepared(db, opening=True)
    counts = Counter(a.status for a in articles)
    new_claims = sum(len(a.claims) for a in articles)
    where = f"; tables in {args.out}" if args.out else ""
    missing = (f"; {n_missing} stored articles missing (kept; 'python -m loaders prune' "
               "removes them)") if n_missing else ""
    print(f"rasd: {len(articles)} files: {counts['ok']} ok, {counts['undated']} undated, "
          f"{counts['rejected']} rejected; {new_claims} claims extracted now; "
          f"store {db} holds {n_claims} claims in {n_incidents} incidents{missing}{where}")
    return 0


def prune_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders prune",
        description="Remove from the store the articles whose files are missing, with their "
                    "claims, and the recorded paths no longer found. Prints each removal and "
                    "logs it in the store's log table.")
    parser.add_argument("scope", nargs="*", metavar="PATH",
                        help="only what was loaded from under these folders or files")
    parser.add_argument("--db", help="SQLite store (default: $RASD_DB, else data/rasd.sqlite)")
    parser.add_argument("--superseded", action="store_true",
                        help="also remove claims that edits of their articles superseded")
    parser.add_argument("--dry-run", action="store_true", help="print what would go; change nothing")
    args = parser.parse_args(argv)
    db = store.resolve_db_path(args.db)
    if not db.exists():
        print(f"rasd: no store at {db}", file=sys.stderr)
        return 2
    try:
        removed = prune(db, args.scope, superseded=args.superseded, dry_run=args.dry_run)
    except (LexiconError, store.StoreError) as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as exc:
        print(f"rasd: cannot use the store {db}: {exc}", file=sys.stderr)
        return 2
    verb = "would remove" if args.dry_run else "removed"
    for what, article_id, detail in removed:
        print(f"rasd: prune: {verb} {what} {article_id}: {detail}")
    print(f"rasd: prune: {verb} {len(removed)} item{'s' if len(removed) != 1 else ''} from {db}")
    return 0


def reviews_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders reviews",
        description="Export an analyst's reviews (verdicts, corrections, incident grades, "
                    "grouping decisions and the audit log) to a JSON file, or import such a "
                    "file into another store. Import merges by claim key: a review this store "
                    "lacks is added, an identical one skipped, a different one reported as a "
                    "conflict and not applied. Exit status: 0 done, 1 done with conflicts, "
                    "2 could not run.")
    parser.add_argument("action", choices=("export", "import"))
    parser.add_argument("file", metavar="FILE.json")
    parser.add_argument("--db", help="SQLite store (default: $RASD_DB, else data/rasd.sqlite)")
    parser.add_argument("--reviewer", default="import",
                        help="import: the name the audit log records for the import")
    args = parser.parse_args(argv)
    db = store.resolve_db_path(args.db)
    if not db.exists():
        print(f"rasd: no store at {db}", file=sys.stderr)
        return 2
    doc = None
    if args.action == "import":
        try:
            with open(args.file, encoding="utf-8") as fh:
                doc = json.load(fh)
        except OSError as exc:
            print(f"rasd: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except UnicodeDecodeError:
            print(f"rasd: {args.file}: not UTF-8 text; nothing imported", file=sys.stderr)
            return 2
        except json.JSONDecodeError as exc:
            print(f"rasd: {args.file}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                  f"{exc.msg}); nothing imported", file=sys.stderr)
            return 2
    try:
        con = store.connect(db)
        try:
            if args.action == "export":
                return _export_reviews(con, args.file)
            return _import_reviews(con, db, doc, args.file, args.reviewer)
        finally:
            con.close()
    except review.ReviewError as exc:
        print(f"rasd: {args.file}: {exc}; nothing imported", file=sys.stderr)
        return 2
    except (LexiconError, store.StoreError) as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as exc:
        print(f"rasd: cannot use the store {db}: {exc}", file=sys.stderr)
        return 2


def _export_reviews(con: sqlite3.Connection, path: str) -> int:
    with store.writing(con):
        doc = review.export_reviews(con)
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except OSError as exc:
        print(f"rasd: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"rasd: reviews: exported {len(doc['reviews'])} reviews, {len(doc['incident_grades'])} "
          f"incident grades, {len(doc['grouping'])} grouping decisions and {len(doc['log'])} "
          f"log entries to {path}")
    return 0


def _import_reviews(con: sqlite3.Connection, db, doc, path: str, reviewer: str) -> int:
    from .pipeline import regroup
    with store.writing(con):
        report = review.import_reviews(con, doc, reviewer=reviewer)
        regroup(con)                 # incidents, figures and grades follow the reviews
    store.write_snapshot(db)
    for line in report["details"]:
        print(f"rasd: reviews: conflict: {line}", file=sys.stderr)
    orphans = len(review.orphaned(con))
    conflicts = len(report["conflicts"])
    print(f"rasd: reviews: imported {path} into {db}: {len(report['added'])} added, "
          f"{len(report['same'])} already the same, {conflicts} "
          f"conflict{'s' if conflicts != 1 else ''}"
          + (" (kept this store's; listed above)" if conflicts else "")
          + (f"; {orphans} reviews orphaned (their claim no longer comes out)" if orphans else ""))
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main())
