"""Extraction accuracy on a generated corpus, against its ground-truth manifest.

    .venv/bin/python bench/corpus.py --n 500 --out bench/corpus_500 --seed 7 --manifest bench/corpus_500.json
    .venv/bin/python bench/accuracy.py bench/corpus_500 bench/corpus_500.json [--show 20]

The generated sentences are templates, so this is a regression check of the rules on
varied villages, outlets, dates and number forms, not a measure of accuracy on real news.
For each true claim it looks for an extracted claim by the same claimant in the same
article and reports how often claimant, stance, civilians, date and place agree.
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("manifest")
    ap.add_argument("--show", type=int, default=0, help="print this many disagreements")
    args = ap.parse_args(argv)
    truth = json.loads(Path(args.manifest).read_text("utf-8"))["articles"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "loaders", args.corpus, "--db", f"{tmp}/a.sqlite",
                        "--out", tmp, "--quiet"], cwd=REPO, check=True, capture_output=True)
        with open(f"{tmp}/claims.csv", encoding="utf-8") as fh:
            claims = list(csv.DictReader(fh))
        with open(f"{tmp}/articles.csv", encoding="utf-8") as fh:
            articles = {r["article_id"]: r for r in csv.DictReader(fh)}
    by_article: dict[str, list[dict]] = {}
    for c in claims:
        by_article.setdefault(c["article_id"], []).append(c)
    score, shown = Counter(), 0
    for art in truth:
        aid = Path(art["file"]).stem
        score["published"] += (articles[aid]["published"] or None) == art["published"]
        score["articles"] += 1
        for want in art["claims"]:
            score["claims"] += 1
            got = [c for c in by_article.get(aid, []) if c["claimant"] == want["claimant_id"]]
            if not got:
                if shown < args.show:
                    shown += 1
                    print(f"MISSING {aid}: {want}")
                continue
            score["claimant"] += 1
            best = max(got, key=lambda c: (c["stance"] == want["stance"],
                                           c["civilians_min"] == str(want.get("civilians_min") or "")))
            checks = {
                "stance": best["stance"] == want["stance"],
                "civilians": (best["civilians_min"], best["civilians_max"]) == (
                    str(want["civilians_min"]) if want.get("civilians_min") is not None else "",
                    str(want["civilians_max"]) if want.get("civilians_max") is not None else "")
                if want["stance"] not in ("denies", "assessing") else True,
                "date": best["date_start"] == (want.get("date") or ""),
                "place": best["place_id"] == (want.get("place_id") or ""),
            }
            for k, ok in checks.items():
                score[k] += ok
            if not all(checks.values()) and shown < args.show:
                shown += 1
                bad = [k for k, ok in checks.items() if not ok]
                print(f"DIFF {aid} {bad}: want {want} got {{stance: {best['stance']}, civ: "
                      f"{best['civilians_min']}-{best['civilians_max']}, date: {best['date_start']}, "
                      f"place: {best['place_id']}}}")
    n, k = score["claims"], score["claimant"]
    print(f"{score['articles']} articles, {n} true claims")
    print(f"publication date right: {score['published'] / score['articles']:.1%}")
    print(f"claimant found: {k / n:.1%}")
    for key in ("stance", "civilians", "date", "place"):
        print(f"{key} right (of found): {score[key] / max(k, 1):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
