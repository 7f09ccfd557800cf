"""Time the dashboard on a large synthetic store (100,000 incidents, 300,000 claims).

    .venv/bin/python bench/dashboard.py [--incidents 100000] [--db /tmp/rasd_big.sqlite] [--repeat 3]

Writes the store through loaders.store (reusing it when it already has the requested
size), prepares the dashboard's tables as `python -m loaders --prepare` does at load
time, then, each in a fresh process, times AppTest runs (first render, a rerun, filter
changes, picking an incident) with peak memory (max RSS): in the first process after
the load and in `--repeat` later ones (default 3), with their median; then the uncached
read and preparation, and the map's HTML size. Targets: #10 first render < 3 s, filter
change and selection < 1 s; #12 first render < 2 s, filter change < 0.5 s, a selection
< 0.3 s, peak memory < 1 GB; map HTML < 1 MB.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loaders.records import Article, Claim, Incident  # noqa: E402
from loaders.store import (bump_generation, connect, replace_incidents,  # noqa: E402
                           replace_reference, save_articles, write_snapshot)

CLAIMANTS = ("coalition", "sohr", "sana", "amaq", "srg", "snhr", "local", "outlet",
             "syria_mofa", "airwars")
STANCES = ("alleges", "alleges", "alleges", "denies", "assessing", "acknowledges")


def synthetic_places(n: int = 300) -> list[tuple]:
    rng = random.Random(7)
    places = []
    for i in range(n):
        lat = 34.4 + rng.random() * 1.6
        lon = 39.0 + (35.95 - lat) / 1.6 * 2.0 + rng.uniform(-0.15, 0.15)
        places.append((f"p{i:03d}", f"Village {i}", f"قرية {i}", "village", round(lat, 4),
                       round(lon, 4), "Abu Kamal", "town" if i % 5 else "site", "medium"))
    return places


def claimant_rows() -> list[tuple]:
    with (REPO / "data" / "claimants.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [(r["claimant_id"], r["name_en"], r["name_ar"], r["source_kind"], r["side"])
                for r in rows]


def build(db: Path, n_incidents: int) -> None:
    rng = random.Random(1)
    places = synthetic_places()
    start = dt.date(2014, 8, 1)
    incidents, articles, by_incident, assignment = [], [], {}, {}
    claims_per_article: dict[int, list[Claim]] = {}
    n_articles = max(1, n_incidents // 2)
    for i in range(n_incidents):
        place = rng.choice(places)
        day = start + dt.timedelta(days=rng.randrange(0, 1700))
        undated = rng.random() < 0.01
        tally = rng.random() < 0.03
        iid = f"I{i:06d}"
        names = rng.sample(CLAIMANTS, 3)
        lows, highs = [], []
        for n, claimant in enumerate(names):
            stance = rng.choice(STANCES)
            low = high = None
            if stance == "denies":
                low = high = 0
            elif stance != "assessing":
                low = rng.randrange(0, 60)
                high = low + (rng.randrange(0, 80) if rng.random() < 0.3 else 0)
            art = rng.randrange(n_articles)
            cid = f"C{i:06d}-{n}"
            claim = Claim(claim_id=cid, article_id=f"A{art:06d}", claimant=claimant,
                          stance=stance, perpetrator="coalition", civilians_min=low,
                          civilians_max=high, incident_id=iid, date_start=day,
                          quote="قتل مدنيون في غارة جوية على القرية " * 3, seq=n)
            claims_per_article.setdefault(art, []).append(claim)
            assignment[cid] = iid
            lows += [low] if low is not None else []
            highs += [high] if high is not None else []
        by_incident[iid] = names
        incidents.append(Incident(
            incident_id=iid, kind="tally" if tally else "event",
            date_start=None if undated else day,
            date_end=None if undated else day + dt.timedelta(days=90 if tally else 0),
            date_precision="" if undated else ("range" if tally else "day"),
            place_id=place[0], place_name_en=place[1], place_name_ar=place[2], lat=place[4],
            lon=place[5], geo_precision=place[7], civilians_min=min(lows, default=None),
            civilians_max=max(highs, default=None), n_claims=3, n_sources=3, n_articles=3,
            contested=rng.random() < 0.3))
    for art, claims in claims_per_article.items():
        articles.append(Article(article_id=f"A{art:06d}", path=f"/bench/A{art:06d}.txt",
                                sha256=f"{art:064d}", status="ok", title=f"خبر رقم {art}",
                                published=start, claims=tuple(claims)))
    if db.exists():
        db.unlink()
    con = connect(db)
    save_articles(con, articles)
    replace_incidents(con, incidents, by_incident, assignment)
    replace_reference(con, places, claimant_rows())
    bump_generation(con)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    write_snapshot(db)         # as the loaders do after every load


def count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return 0


def measure_app(db: Path) -> None:
    """One fresh process: AppTest runs and peak memory (the child's own figures)."""
    os.environ["RASD_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    times: dict[str, float] = {}

    def timed(name, step):
        # wall-clock time, and the process's CPU time (every thread: the script runs in
        # one of AppTest's), which moves far less on a shared machine
        t, c = time.perf_counter(), time.process_time()
        step()
        times[name] = time.perf_counter() - t
        times[name + "_cpu"] = time.process_time() - c
        assert not at.exception, at.exception

    timed("first", at.run)
    timed("rerun", at.run)
    timed("contested", lambda: at.toggle(key="contested").set_value(True).run())
    timed("dates", lambda: at.date_input(key="dates").set_value(
        (dt.date(2016, 1, 1), dt.date(2016, 12, 31))).run())
    # a selection: the second incident the picker offers (what a click on the map, the
    # timeline or the overview does too: it sets the picked incident)
    timed("pick", lambda: at.selectbox(key="incident").select_index(1).run())
    times["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(times))


def describe(run: dict) -> str:
    def both(k):
        return f"{run[k]:.2f} s ({run[k + '_cpu']:.2f} CPU)"
    return (f"first render {both('first')}, rerun {both('rerun')}, filter change: "
            f"contested-only {both('contested')}, date range {both('dates')}; "
            f"selection {both('pick')}; peak memory {run['peak']:.0f} MB")


def app_run(db: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", "--db", str(db)],
                         cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/rasd_big.sqlite"))
    parser.add_argument("--repeat", type=int, default=3, help="later processes to time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure_app(args.db)
        return
    if count(args.db, "incidents") != args.incidents:
        t = time.perf_counter()
        build(args.db, args.incidents)
        print(f"built {args.db} in {time.perf_counter() - t:.1f} s")
    print(f"store: {count(args.db, 'incidents')} incidents, {count(args.db, 'claims')} claims")
    from loaders.store import snapshot_dir
    for old in snapshot_dir(args.db).glob("prepared-*"):
        shutil.rmtree(old)       # start as right after a load
    # what `python -m loaders ... --prepare` (and make store) adds to a load
    prep = subprocess.run([sys.executable, "-c", "import sys, time; t = time.perf_counter(); "
                           "from views.query import load_prepared; load_prepared(sys.argv[1], opening=True); "
                           "print(f'{time.perf_counter() - t:.2f}')", str(args.db)],
                          cwd=REPO, capture_output=True, text=True, check=True)
    print(f"prepared at load time (--prepare): {prep.stdout.strip()} s, imports included")
    print(f"first process after the load: {describe(app_run(args.db))}")
    runs = [app_run(args.db) for _ in range(args.repeat)]
    for run in runs:
        print(f"a later process:              {describe(run)}")
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"median of {len(runs)} later processes: {describe(median)}")

    from loaders.store import read_frames
    from views import mapview, offline, query

    t = time.perf_counter()
    frames = read_frames(args.db)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    store = query.prepare(frames)
    print(f"uncached: read_frames {t_read:.2f} s, prepare {time.perf_counter() - t:.2f} s")
    sel = query.apply_filters(store, query.default_filters(store))
    sites = query.sites(sel)
    fmap = mapview.build_map(sites, mapview.site_popups(sel, sites), *offline.leaflet_urls())
    html = fmap.get_root().render()
    print(f"map: {len(sites)} sites, HTML {len(html.encode()) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
