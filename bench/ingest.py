"""Ingest throughput: the whole pipeline (read → extract → store → group) on generated corpora.

    .venv/bin/python bench/ingest.py                 # 500 and 50,000 articles
    .venv/bin/python bench/ingest.py --sizes 500     # quick

For each size it generates `bench/corpus_N` once (bench/corpus.py, seed 7), then loads it
into a fresh store with one process and with `--workers 2`, and loads it again unchanged.
Every measurement runs in its own child process, so peak memory (max RSS of the process,
and of its worker processes) belongs to that run alone. Prints articles per second, the
two-worker speed-up as a ratio, peak memory and the time of the unchanged re-run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def child(corpus: str, db: str, workers: int) -> None:
    sys.path.insert(0, str(REPO))
    from loaders.pipeline import load_paths
    t0 = time.perf_counter()
    articles = load_paths([corpus], db, workers=workers)
    seconds = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "articles": len(articles),
                      "claims": sum(len(a.claims) for a in articles),
                      "peak_mb": own / 1024, "worker_peak_mb": kids / 1024}))


def measure(corpus: Path, db: Path, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(db), str(workers)],
                         cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_corpus(n: int) -> Path:
    corpus = HERE / f"corpus_{n}"
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != n:
        subprocess.run([sys.executable, str(HERE / "corpus.py"), "--n", str(n), "--out",
                        str(corpus), "--seed", "7"], check=True, capture_output=True)
    return corpus


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 50_000])
    ap.add_argument("--child", nargs=3, metavar=("CORPUS", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    print(f"ingest benchmark on {os.cpu_count()} cores (python -m loaders pipeline, in-process timing)")
    print(f"{'articles':>9} {'workers':>8} {'seconds':>9} {'articles/s':>11} {'speed-up':>9} "
          f"{'peak MB':>8} {'worker MB':>10}")
    for n in args.sizes:
        corpus = ensure_corpus(n)
        with tempfile.TemporaryDirectory() as tmp:
            base = None
            for workers in (1, 2):
                db = Path(tmp) / f"w{workers}.sqlite"
                r = measure(corpus, db, workers)
                rate = r["articles"] / r["seconds"]
                base = base or rate
                print(f"{n:>9,} {workers:>8} {r['seconds']:>9.1f} {rate:>11,.0f} "
                      f"{rate / base:>8.2f}x {r['peak_mb']:>8.0f} {r['worker_peak_mb']:>10.0f}")
            again = measure(corpus, Path(tmp) / "w1.sqlite", 1)
            print(f"{n:>9,} re-run of the unchanged corpus: {again['seconds']:.2f} s "
                  f"(peak {again['peak_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
