"""`python -m loaders INPUT [INPUT ...] [--db PATH] [--out DIR] [--workers N]`

Loads article files or folders into the SQLite store and, with --out, writes the
contract's articles.csv, claims.csv and incidents.csv. Exits 0 when every file was
processed (rejected ones included); non-zero only when it could not run at all.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections import Counter

from . import __version__, store
from .lexicon import LexiconError
from .pipeline import load_paths, relative_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Turn Arabic airstrike reports into dated, geolocated incidents and claims.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="article .txt files or folders (searched recursively)")
    parser.add_argument("--db", help="SQLite store (default: $RASD_DB, else data/rasd.sqlite)")
    parser.add_argument("--out", help="also write articles.csv, claims.csv, incidents.csv here")
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
    try:
        articles = load_paths(args.inputs, db, workers=args.workers)
    except LexiconError as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as exc:
        print(f"rasd: cannot use the store {db}: {exc}", file=sys.stderr)
        return 2
    for a in articles:
        if a.status != "ok" and not args.quiet:
            print(f"rasd: {relative_path(a.path)}: {a.status}: {a.reason}", file=sys.stderr)
    con = store.connect(db)
    try:
        n_claims = con.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        n_incidents = con.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
        if args.out:
            store.export_csv(con, args.out)
    finally:
        con.close()
    counts = Counter(a.status for a in articles)
    new_claims = sum(len(a.claims) for a in articles)
    where = f"; tables in {args.out}" if args.out else ""
    print(f"rasd: {len(articles)} files: {counts['ok']} ok, {counts['undated']} undated, "
          f"{counts['rejected']} rejected; {new_claims} claims extracted now; "
          f"store {db} holds {n_claims} claims in {n_incidents} incidents{where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
