"""Load cost of two checkouts on one corpus, in CPU seconds, as a ratio.

    .venv/bin/python bench/compare_cpu.py --corpus bench/corpus_2000 --base ../rasd-before
    .venv/bin/python bench/compare_cpu.py --corpus bench/corpus_real_640 --base /tmp/old --runs 5

Wall-clock throughput on a shared 2-core machine moves by ±20% with whatever else runs; the
CPU time a process spends on its own work moves much less. For each run, each checkout
loads the corpus into a fresh store in a child process of its own (`load_paths`, one worker:
read, extract, store, regroup, snapshot) and reports its user+system CPU seconds; the
checkouts alternate so a busy spell hits both. Prints the median per checkout, articles per
CPU second, and the throughput of this checkout relative to the base (1.00 = as fast;
0.80 = 20% slower). `--base` is another checkout of the project, e.g. made with
`git worktree add ../rasd-before <commit>`; both are run with this checkout's Python.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

CHILD = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from loaders.pipeline import load_paths
before = resource.getrusage(resource.RUSAGE_SELF)
articles = load_paths([sys.argv[2]], sys.argv[3], workers=1)
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(json.dumps({"cpu": cpu, "articles": len(articles)}))
"""


def one_load(checkout: Path, corpus: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CHILD, str(checkout), str(corpus),
                              str(Path(tmp) / "s.sqlite")],
                             cwd=checkout, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"compare_cpu: the load in {checkout} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="a folder of articles")
    ap.add_argument("--base", type=Path, required=True, help="the checkout to compare with")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    checkouts = {"base": args.base.resolve(), "this": REPO}
    cpu: dict[str, list[float]] = {name: [] for name in checkouts}
    n = 0
    for _ in range(args.runs):
        for name, checkout in checkouts.items():
            result = one_load(checkout, args.corpus.resolve())
            cpu[name].append(result["cpu"])
            n = result["articles"]
    print(f"load CPU seconds on {args.corpus} ({n:,} files), median of {args.runs}")
    median = {name: statistics.median(values) for name, values in cpu.items()}
    for name, checkout in checkouts.items():
        print(f"  {name:4s} {median[name]:7.2f} s   {n / median[name]:6.0f} articles per CPU second   {checkout}")
    print(f"  throughput of this checkout relative to the base: {median['base'] / median['this']:.2f}")


if __name__ == "__main__":
    main()
