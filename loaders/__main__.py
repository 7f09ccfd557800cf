"""`python -m loaders INPUT [INPUT ...] [--db PATH] [--out DIR] [--workers N]`
`python -m loaders prune [SCOPE ...] [--db PATH] [--superseded] [--dry-run]`

Loads article files or folders into the SQLite store and, with --out, writes the
contract's articles.csv, claims.csv and incidents.csv. Exits 0 when every file was
processed (rejected ones included); non-zero only when it could not run at all.

Nothing a load does deletes anything: files no longer found are marked `missing`.
`prune` is the one command that removes them, and it prints (and logs in the store)
each thing it removes.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections import Counter

from . import __version__, store
from .lexicon import LexiconError
from .pipeline import load_paths, prune, relative_path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["prune"]:
        return prune_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Turn Arabic airstrike reports into dated, geolocated incidents and claims. "
                    "'python -m loaders prune --help': remove articles whose files are gone.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="article .txt files or folders (searched recursively)")
    parser.add_argument("--db", help="SQLite store (default: $RASD_DB, else data/rasd.sqlite)")
    parser.add_argument("--out", help="also write articles.csv, claims.csv, incidents.csv here")
    parser.add_argument("--superseded", action="store_true",
                        help="with --out: claims.csv also holds claims an edit superseded")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes for reading and extraction (default 1)")
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


if __name__ == "__main__":
    sys.exit(main())
