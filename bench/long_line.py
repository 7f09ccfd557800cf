"""A one-line article: how long one file of a single very long line takes to load.

    .venv/bin/python bench/long_line.py                  # 1 MB, with and without punctuation
    .venv/bin/python bench/long_line.py --kb 200

Builds the file from the development set's articles (../shared/devset/articles) joined on
one line, to the size asked: once as written (sentence ends kept), once with every full stop,
comma and question mark replaced by a space (one unpunctuated run). Prints, in one process
after the lexicons are built, the seconds of reading the file, of cutting long runs
(`pipeline.split_long_runs`) and of the whole `pipeline.article_from_file` (reading, cutting
and extraction), and the claims found. Issue 12's target: a 1 MB one-line article in under 2 s.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loaders.claims import default_lexicons  # noqa: E402
from loaders.pipeline import article_from_file, split_long_runs  # noqa: E402
from loaders.reading import read_source  # noqa: E402


def one_line(source: Path, size: int, punctuated: bool) -> str:
    texts = [" ".join(p.read_text("utf-8").split()) for p in sorted(source.glob("*.txt"))]
    text = " ".join(texts)
    text = (text + " ") * (size // len(text) + 1)
    if not punctuated:
        text = text.replace(".", " ").replace("،", " ").replace("؟", " ").replace(",", " ")
    return "---\npublished: 2018-11-20\n---\n" + text[:size]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=1024, help="size of the file in kB (default 1024)")
    ap.add_argument("--source", type=Path, default=REPO.parent / "shared" / "devset" / "articles")
    args = ap.parse_args(argv)
    default_lexicons("ar")
    article_from_file(str(REPO / "data" / "articles" / "002_b35f598b5348c098.txt"))   # warm
    print(f"one-line article of {args.kb} kB (from {args.source})")
    with tempfile.TemporaryDirectory() as tmp:
        for punctuated in (True, False):
            path = Path(tmp) / f"one_line_{punctuated}.txt"
            path.write_text(one_line(args.source, args.kb * 1024, punctuated), "utf-8")
            t0 = time.perf_counter()
            src = read_source(str(path))
            t1 = time.perf_counter()
            split_long_runs(src.body)
            t2 = time.perf_counter()
            a = article_from_file(str(path))
            t3 = time.perf_counter()
            label = "with sentence ends" if punctuated else "no punctuation"
            print(f"  {label:<20} read {t1 - t0:.2f} s, cut {t2 - t1:.2f} s, whole article "
                  f"{t3 - t2:.1f} s ({a.status}, {len(a.claims)} claims)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
