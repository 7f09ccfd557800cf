"""Ingest throughput: the whole pipeline (read → extract → store → group) on generated corpora.

    .venv/bin/python bench/ingest.py                 # 500 and 50,000 articles
    .venv/bin/python bench/ingest.py --sizes 500     # quick
    .venv/bin/python bench/ingest.py --real ../shared/devset/articles --sizes 600 3000 12000
    .venv/bin/python bench/ingest.py --incremental 12000 [--real DIR]   # 10 new into 12,000

With `--real DIR` the corpus is made of the real articles in DIR, repeated as distinct copies
(each copy gets one sentence of its own, so every file has its own content hash) up to each
size. For each size it prints the cold CLI (`python -m loaders … --out`, start-up included,
a fresh store) as articles per second and the cost per article, the same with
`--workers 2` as a speed-up ratio, the warm re-run of the unchanged corpus, and the CPU
seconds of each stage measured in one process: importing the loaders, reading (decode,
front matter, publication date), extraction, and the rest of the load (store, regroup,
snapshot), then the CSV export.

With `--incremental N` it loads N files (generated, or made from `--real DIR`) into a fresh
store, adds 10 new ones (the next 10 of the same corpus), loads again, and prints that
load's time, its regroup's (only the incidents the new claims can reach) and a full
regroup's of the same store, and whether both give the same incidents.csv and claims.csv.

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


def real_corpus(source: Path, n: int) -> Path:
    """n files made of the real articles in `source`, each copy with a sentence of its own."""
    articles = sorted(source.glob("*.txt"))
    if not articles:
        raise SystemExit(f"no .txt articles in {source}")
    corpus = HERE / f"corpus_real_{n}"
    if corpus.exists() and len(list(corpus.glob("*.txt"))) == n:
        return corpus
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("*.txt"):
        old.unlink()
    texts = [a.read_text("utf-8") for a in articles]
    for i in range(n):
        k, j = divmod(i, len(texts))
        (corpus / f"{articles[j].stem}__{k:05d}.txt").write_text(
            texts[j].rstrip("\n") + f"\n\nنسخة رقم {k} من هذا التقرير.\n", "utf-8")
    return corpus


def stages_child(corpus: str, db: str) -> None:
    """CPU seconds per stage, in this one process."""
    t = time.process_time
    t0 = t()
    sys.path.insert(0, str(REPO))
    from loaders.claims import article_voice, default_lexicons, extract_claims
    from loaders.reading import read_source
    default_lexicons()
    t1 = t()
    files = sorted(str(p) for p in Path(corpus).glob("*.txt"))
    sources = [read_source(f) for f in files]
    t2 = t()
    for s in sources:
        if s.status != "rejected":
            voice = article_voice(s.body, str((s.meta or {}).get("outlet") or ""))
            extract_claims(s.body, s.article_id, s.published, offset=s.body_offset, voice=voice)
    t3 = t()
    from loaders.pipeline import load_paths
    t4 = t()
    load_paths([corpus], db, workers=1)
    t5 = t()
    import sqlite3
    from loaders.store import export_csv
    con = sqlite3.connect(db)
    export_csv(con, Path(db).parent / "csv")
    con.close()
    t6 = t()
    load = (t5 - t4) - (t3 - t2) - (t2 - t1)      # the load reads and extracts again
    print(json.dumps({"import": t1 - t0, "read": t2 - t1, "extract": t3 - t2,
                      "store_regroup_snapshot": max(load, 0.0), "csv": t6 - t5, "files": len(files)}))


def real(source: Path, sizes: list[int]) -> None:
    print(f"real-text ingest on {os.cpu_count()} cores: {source} as distinct copies")
    print(f"{'files':>7} {'cold /s':>8} {'cold ms/art':>12} {'2 workers':>10} {'warm s':>7}   "
          "CPU s: import read extract store+regroup+snapshot csv")
    for n in sizes:
        corpus = real_corpus(source, n)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "cold.sqlite"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "loaders", str(corpus), "--db", str(db),
                            "--out", str(Path(tmp) / "out")], cwd=REPO, check=True, capture_output=True)
            cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "loaders", str(corpus), "--db", str(db)],
                           cwd=REPO, check=True, capture_output=True)
            warm = time.perf_counter() - t0
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "loaders", str(corpus), "--db",
                            str(Path(tmp) / "two.sqlite"), "--out", str(Path(tmp) / "out2"),
                            "--workers", "2"], cwd=REPO, check=True, capture_output=True)
            two = time.perf_counter() - t0
            out = subprocess.run([sys.executable, __file__, "--stages", str(corpus), str(Path(tmp) / "st.sqlite")],
                                 cwd=REPO, check=True, capture_output=True, text=True)
            st = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n:>7,} {n / cold:>8,.0f} {1000 * cold / n:>12.1f} {cold / two:>9.2f}x {warm:>7.2f}   "
              f"{st['import']:.2f} {st['read']:.2f} {st['extract']:.2f} "
              f"{st['store_regroup_snapshot']:.2f} {st['csv']:.2f}")


def incremental_child(folder: str, db: str) -> None:
    """Load `folder` again (10 new files in it), timing the regroup; then a full regroup."""
    sys.path.insert(0, str(REPO))
    import filecmp
    from loaders import pipeline, store
    timed = {}
    regroup = pipeline.regroup

    def timed_regroup(*args, **kwargs):
        t = time.perf_counter()
        done = regroup(*args, **kwargs)
        timed["regroup"] = time.perf_counter() - t
        timed["claims"], timed["of"], timed["full"] = done.claims, done.of, done.full
        return done

    pipeline.regroup = timed_regroup
    t0 = time.perf_counter()
    pipeline.load_paths([folder], db)
    timed["load"] = time.perf_counter() - t0
    pipeline.regroup = regroup
    out = Path(db).parent
    con = store.connect(db)
    store.export_csv(con, out / "incremental")
    t0 = time.perf_counter()
    regroup(con, full=True)
    timed["full_regroup"] = time.perf_counter() - t0
    store.export_csv(con, out / "full")
    con.close()
    timed["identical"] = all(filecmp.cmp(out / "incremental" / n, out / "full" / n, shallow=False)
                             for n in ("incidents.csv", "claims.csv"))
    print(json.dumps(timed))


def incremental(n: int, source: Path | None) -> None:
    import shutil
    corpus = real_corpus(source, n + 10) if source else ensure_corpus(n + 10)
    files = sorted(corpus.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for f in files[:n]:
            shutil.copy(f, folder)
        db = Path(tmp) / "store.sqlite"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "loaders", str(folder), "--db", str(db), "--quiet"],
                       cwd=REPO, check=True, capture_output=True)
        first = time.perf_counter() - t0
        for f in files[n:]:
            shutil.copy(f, folder)
        out = subprocess.run([sys.executable, __file__, "--incremental-child", str(folder), str(db)],
                             cwd=REPO, check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
    kind = f"real ({source})" if source else "generated"
    print(f"10 new into {n:,} {kind} files (first load {first:.0f} s): second load {r['load']:.2f} s, "
          f"its regroup {r['regroup']:.2f} s ({r['claims']:,} of {r['of']:,} claims"
          f"{', full' if r['full'] else ''}); a full regroup {r['full_regroup']:.2f} s; "
          f"same tables: {r['identical']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=None)
    ap.add_argument("--real", type=Path, default=None, help="a folder of real articles")
    ap.add_argument("--child", nargs=3, metavar=("CORPUS", "DB", "WORKERS"), help=argparse.SUPPRESS)
    ap.add_argument("--stages", nargs=2, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--incremental", type=int, metavar="N",
                    help="10 new articles into a store of N (regroup time, incremental vs full)")
    ap.add_argument("--incremental-child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    if args.stages:
        stages_child(*args.stages)
        return 0
    if args.incremental_child:
        incremental_child(*args.incremental_child)
        return 0
    if args.incremental:
        incremental(args.incremental, args.real)
        return 0
    if args.real:
        real(args.real, args.sizes or [600, 3000, 12000])
        return 0
    args.sizes = args.sizes or [500, 50_000]
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
