"""Fault stress for the store: loads killed with SIGKILL at random moments, and loads run
side by side; each store is then finished by one more load and its CSVs compared with a
clean load's. Prints kills tried / survived and concurrent loads tried / survived.

    .venv/bin/python bench/faults.py                  # 20 kills, 10 concurrent pairs, 300 articles
    .venv/bin/python bench/faults.py --kills 5 --pairs 2 --n 200

(The test suite kills at fixed points, tests/test_archive.py; this adds random moments.)
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def loader(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in ("articles", "claims", "incidents")}


def finish(inputs, db: Path, out: Path) -> dict[str, bytes] | None:
    p = loader(*inputs, "--db", db, "--out", out, "--quiet")
    _, err = p.communicate()
    if p.returncode != 0:
        print("  re-run failed:", err.strip().splitlines()[-1:])
        return None
    return tables(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="articles in the corpus")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--pairs", type=int, default=10, help="concurrent loads (two at a time)")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="rasd-faults-"))
    try:
        corpus = work / "corpus"
        subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", str(args.n),
                        "--seed", str(args.seed), "--out", str(corpus)], check=True,
                       capture_output=True)
        halves = [work / "halves" / "a", work / "halves" / "b"]
        for half in halves:
            half.mkdir(parents=True)
        for k, path in enumerate(sorted(corpus.glob("*.txt"))):
            shutil.copy(path, halves[k % 2])
        t = time.perf_counter()
        clean = finish([corpus], work / "clean.sqlite", work / "clean")
        duration = time.perf_counter() - t
        clean_halves = finish(halves, work / "clean-h.sqlite", work / "clean-h")
        print(f"clean load of {args.n} articles: {duration:.1f} s")

        survived = 0
        for k in range(args.kills):
            db = work / f"kill{k}.sqlite"
            workers = ("--workers", "2") if k % 3 == 2 else ()
            delays = [rng.uniform(0.2, duration * 1.1) for _ in range(1 + k % 2)]
            for delay in delays:                 # one or two kills, then a full run
                p = loader(corpus, "--db", db, *workers)
                time.sleep(delay)
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            ok = finish([corpus], db, work / f"kill{k}") == clean
            survived += ok
            print(f"kill {k + 1}: after {', '.join(f'{d:.2f} s' for d in delays)}"
                  f"{' (2 workers)' if workers else ''}: {'same as clean' if ok else 'DIFFERS'}")

        together = 0
        for k in range(args.pairs):
            db = work / f"pair{k}.sqlite"
            inputs = [[corpus], [corpus]] if k % 2 == 0 else [[halves[0]], [halves[1]]]
            loads = [loader(*i, "--db", db) for i in inputs]
            codes = [p.wait() for p in loads]
            expected = clean if k % 2 == 0 else clean_halves
            ok = codes == [0, 0] and finish(inputs[0] if k % 2 == 0 else halves, db,
                                            work / f"pair{k}") == expected
            together += ok
            print(f"pair {k + 1} ({'same folder' if k % 2 == 0 else 'two folders'}): exit "
                  f"{codes}: {'same as clean' if ok else 'DIFFERS'}")
        print(f"kills tried / survived: {args.kills} / {survived}; concurrent pairs tried / "
              f"survived: {args.pairs} / {together} ({2 * args.pairs} loads)")
        return 0 if survived == args.kills and together == args.pairs else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
