"""Our date extraction against dateparser.search_dates on the labelled list.

    .venv/bin/python bench/dates.py [--cases bench/date_cases.tsv] [--repeat 3] [--show-misses]

For every row of the oracle (a sentence, its article's publication date, the date
expression and its resolved start/end/precision) both extractors read the sentence:

- ours (`loaders.dates.find_dates`) is right when a mention resolves to exactly the
  expected start, end and precision; on an undated article, when nothing in the
  expression is resolved; on a `not_a_date` row, when nothing is resolved at all;
- dateparser (`search_dates(languages=['ar'])`, RELATIVE_BASE = publication date) returns
  single datetimes, so it is given the benefit of the doubt: right when any date it
  returns falls inside the expected range; on negative rows when it returns nothing.

Prints accuracy per group and overall, and sentences per second for each (median of
--repeat timed passes), with the speed ratio.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.dates import find_dates  # noqa: E402

warnings.filterwarnings("ignore")


def load_cases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for r in rows:
        r["published"] = dt.date.fromisoformat(r["published"]) if r["published"] else None
        r["start"] = dt.date.fromisoformat(r["start"]) if r["start"] else None
        r["end"] = dt.date.fromisoformat(r["end"]) if r["end"] else None
    return rows


def ours_right(row: dict, mentions) -> bool:
    if not row["expression"]:
        return not any(m.start or m.end for m in mentions)
    if row["start"] is None and row["end"] is None:
        a = row["sentence"].find(row["expression"])
        b = a + len(row["expression"])
        return not any((m.start or m.end) and m.span[0] < b and a < m.span[1] for m in mentions)
    return any(m.start == row["start"] and m.end == row["end"] and m.precision == row["precision"]
               for m in mentions)


def dateparser_right(row: dict, found) -> bool:
    dates = [d.date() for _, d in (found or [])]
    if not row["expression"] or row["start"] is None:
        return not dates
    return any(row["start"] <= d <= row["end"] for d in dates)


def run_dateparser(rows):
    from dateparser.search import search_dates
    out = []
    for r in rows:
        base = dt.datetime.combine(r["published"], dt.time(12)) if r["published"] else None
        settings = {"PREFER_DATES_FROM": "past"}
        if base:
            settings["RELATIVE_BASE"] = base
        try:
            out.append(search_dates(r["sentence"], languages=["ar"], settings=settings))
        except Exception:
            out.append(None)
    return out


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=str(Path(__file__).with_name("date_cases.tsv")))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)
    rows = load_cases(Path(args.cases))

    ours = [find_dates(r["sentence"], r["published"]) for r in rows]   # warm-up + results
    theirs = run_dateparser(rows)
    by_group = defaultdict(lambda: [0, 0, 0])
    misses = []
    for r, m, d in zip(rows, ours, theirs):
        g = by_group[r["group"]]
        g[0] += 1
        ok = ours_right(r, m)
        g[1] += ok
        g[2] += dateparser_right(r, d)
        if not ok:
            misses.append((r, m))
    n = len(rows)
    right_ours = sum(g[1] for g in by_group.values())
    right_dp = sum(g[2] for g in by_group.values())
    print(f"date extraction on {n} labelled expressions ({args.cases})")
    print(f"{'group':<20}{'rows':>6}{'ours':>10}{'dateparser':>12}")
    for name in sorted(by_group):
        total, a, b = by_group[name]
        print(f"{name:<20}{total:>6}{a / total:>10.1%}{b / total:>12.1%}")
    print(f"{'all':<20}{n:>6}{right_ours / n:>10.1%}{right_dp / n:>12.1%}")

    t_ours = timed(lambda: [find_dates(r["sentence"], r["published"]) for r in rows], args.repeat)
    t_dp = timed(lambda: run_dateparser(rows), max(1, args.repeat // 2))
    print(f"speed: ours {n / t_ours:,.0f} sentences/s, dateparser {n / t_dp:,.0f} sentences/s, "
          f"ratio {t_dp / t_ours:.1f}x")
    if args.show_misses:
        for r, m in misses:
            print(f"MISS [{r['group']}] {r['published']} {r['expression']!r} → "
                  f"{r['start']}..{r['end']} {r['precision']}; got "
                  f"{[(x.text, str(x.start), str(x.end), x.precision) for x in m]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
