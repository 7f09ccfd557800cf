"""Fault stress for the store: loads killed with SIGKILL at random moments, loads run side
by side, and the hostile inputs of issue 9. Each killed or concurrent store is finished by
one more load and its CSVs compared with a clean load's; each bad input is a real file,
folder or store loaded by `python -m loaders` (or saved as the dashboard saves uploads),
checked for its exact status and reason. Prints kills tried / survived, concurrent loads
tried / survived and bad inputs tried / handled (with the seconds the alias bomb and a
300 KB one-line file take).

    .venv/bin/python bench/faults.py                  # 20 kills, 10 concurrent pairs, 300 articles
    .venv/bin/python bench/faults.py --kills 5 --pairs 2 --n 200
    .venv/bin/python bench/faults.py --kills 0 --pairs 0         # the bad inputs only

(The test suite kills at fixed points, tests/test_archive.py; this adds random moments.)
"""
from __future__ import annotations

import argparse
import csv
import ctypes
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


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
        results = bad_inputs(work / "bad")
        for name, ok, detail in results:
            print(f"bad input: {name}: {'handled' if ok else 'NOT HANDLED'}: {detail}")
        handled = sum(ok for _, ok, _ in results)
        print(f"kills tried / survived: {args.kills} / {survived}; concurrent pairs tried / "
              f"survived: {args.pairs} / {together} ({2 * args.pairs} loads); bad inputs "
              f"tried / handled: {len(results)} / {handled}")
        return 0 if (survived, together, handled) == (args.kills, args.pairs, len(results)) \
            else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- bad inputs

SENTENCE = "قال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في غارة على بلدة الشعفة أمس.\n"
DATED = "---\npublished: 2018-11-18\n---\n"
BOMB = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                 + [f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 9)}]"
                    for k in range(8)])


def plain_user() -> None:
    """As root, the loader gives up reading files whatever their mode (as in the tests)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):                      # DAC_OVERRIDE, DAC_READ_SEARCH
            libc.prctl(24, capability, 0, 0, 0)        # PR_CAPBSET_DROP


def load(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, preexec_fn=plain_user)


def csv_rows(out: Path, name: str) -> list[dict]:
    csv.field_size_limit(1 << 30)        # a one-line file's claim quotes its whole run
    with (out / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def statuses(out: Path) -> dict[str, tuple[str, str]]:
    """article_id -> (status, reason without its '(since …)')."""
    return {a["article_id"]: (a["status"], a["reason"].split(" (since ")[0])
            for a in csv_rows(out, "articles")}


def folder_of(base: Path, files: dict[str, str | bytes]) -> Path:
    base.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return base


def bad_inputs(work: Path) -> list[tuple[str, bool, str]]:
    """(the bad input, handled as issue 9 asks, what happened) for each case."""
    from loaders.reading import read_source
    from views.ingest import save_uploads
    results = []

    def case(name, expected, got):
        results.append((name, got == expected, f"{got}" if got == expected
                        else f"expected {expected}, got {got}"))

    def loaded(name, files=None):
        folder = folder_of(work / name / "in", files or {"story.txt": DATED + SENTENCE})
        db = work / name / "s.sqlite"
        load(folder, "--db", db)
        return folder, db

    def after(name, *inputs):
        out = work / name / "out"
        r = load(*inputs, "--db", work / name / "s.sqlite", "--out", out)
        return r, out

    # files and folders that become unreadable, vanish, or are emptied
    folder, _ = loaded("mode000")
    (folder / "story.txt").chmod(0)
    r, out = after("mode000", folder)
    (folder / "story.txt").chmod(0o644)
    case("a file made unreadable", {"story": ("missing", "cannot read: Permission denied")},
         statuses(out))
    folder, _ = loaded("subfolder", {"sub/story.txt": DATED + SENTENCE})
    (folder / "sub").chmod(0)
    r, out = after("subfolder", folder)
    (folder / "sub").chmod(0o755)
    case("an unreadable subfolder",
         {"story": ("missing", "cannot search its folder: Permission denied")}, statuses(out))
    folder, _ = loaded("emptied")
    (folder / "story.txt").unlink()
    r, out = after("emptied", folder)
    case("an emptied folder", ({"story": ("missing", "file not found")}, 1),
         (statuses(out), len(csv_rows(out, "claims"))))
    folder, _ = loaded("unmounted")
    shutil.rmtree(folder)
    r, out = after("unmounted", folder)
    case("an unmounted folder",
         ({"story": ("missing", "cannot search its folder: No such file or directory")}, 1),
         (statuses(out), len(csv_rows(out, "claims"))))
    # the parent of a loaded folder, holding the store (data/ for data/articles)
    base = folder_of(work / "parent" / "data", {"articles/story.txt": DATED + SENTENCE})
    load(base / "articles", "--db", base / "rasd.sqlite", "--out", work / "parent" / "before")
    r = load(base, "--db", base / "rasd.sqlite", "--out", work / "parent" / "after")
    case("the parent folder, holding the store", statuses(work / "parent" / "before"),
         statuses(work / "parent" / "after"))
    # stores: the previous schema, and files Rasd did not make
    sys.path.insert(0, str(REPO / "tests"))
    from test_archive import schema_4_store
    (work / "v4" / "in").mkdir(parents=True)
    schema_4_store(work / "v4" / "s.sqlite", work / "v4" / "in")
    r, out = after("v4", work / "v4" / "in")
    case("a store of schema 4", (0, 10, 10), (r.returncode, len(csv_rows(out, "articles")),
                                               len(csv_rows(out, "claims"))))
    foreign = work / "foreign.db"
    sqlite3.connect(foreign).executescript("CREATE TABLE users (id); INSERT INTO users VALUES (1);")
    before = foreign.read_bytes()
    r = load(folder_of(work / "foreign", {"a.txt": DATED + SENTENCE}), "--db", foreign)
    case("a file Rasd did not make as --db", (2, True, True),
         (r.returncode, "left untouched" in r.stderr, foreign.read_bytes() == before))
    # front matter and dates
    path = folder_of(work / "bomb", {"bomb.txt": f"---\n{BOMB}\n---\n{SENTENCE}"}) / "bomb.txt"
    t = time.perf_counter()
    src = read_source(str(path))
    bomb_seconds = time.perf_counter() - t
    case(f"a YAML alias bomb (refused in {bomb_seconds * 1000:.1f} ms)",
         ("rejected", "malformed front matter: YAML anchors and aliases (& and *) are not "
                      "accepted"), (src.status, src.reason))
    for day in ("9999-12-31", "1600-03-01", "2300-01-01"):
        folder = folder_of(work / f"y{day}", {"far.txt": f"---\npublished: {day}\n---\n{SENTENCE}"})
        r = load(folder, "--db", work / f"y{day}" / "s.sqlite", "--out", work / f"y{day}" / "out")
        got = statuses(work / f"y{day}" / "out")["far"]
        case(f"published: {day}", ("rejected", f"front matter: 'published' {day}"),
             (got[0], got[1].split(" is outside")[0]))
    from conftest import article, write_store
    from loaders.records import Claim
    far = [Claim(claim_id="", article_id="", claimant="sohr", stance="alleges",
                 perpetrator="unknown", civilians_min=3, civilians_max=3, place_id="shafah",
                 date_start=dt.date(9999, 12, 31), date_end=dt.date(9999, 12, 31))]
    (work / "far").mkdir()
    write_store(work / "far" / "s.sqlite", [article("poisoned", far)], [])
    r, out = after("far", folder_of(work / "far" / "in", {"story.txt": DATED + SENTENCE}))
    incidents = {i["incident_id"] for i in csv_rows(out, "incidents")}
    case("a store holding a claim dated 9999-12-31", (0, 2, True),
         (r.returncode, len(csv_rows(out, "claims")),
          all(c["incident_id"] in incidents for c in csv_rows(out, "claims"))))
    other = "وأضاف أن الغارة استهدفت منزلاً قرب السوق.\n"
    folder = folder_of(work / "mixed", {"mixed.txt": (DATED + SENTENCE).encode()
                                        + other.encode("cp1256")})
    r = load(folder, "--db", work / "mixed" / "s.sqlite", "--out", work / "mixed" / "out")
    (a,) = csv_rows(work / "mixed" / "out", "articles")
    src = read_source(str(folder / "mixed.txt"))
    case("a UTF-8 file with a Windows-1256 paragraph", ("ok", "utf-8+windows-1256", True, 1),
         (a["status"], src.encoding, src.body.endswith(other),
          len(csv_rows(work / "mixed" / "out", "claims"))))
    body = " و".join(SENTENCE.strip(".\n") for _ in range(2000))
    folder = folder_of(work / "oneline", {"oneline.txt": DATED + body})
    t = time.perf_counter()
    r = load(folder, "--db", work / "oneline" / "s.sqlite", "--out", work / "oneline" / "out")
    oneline_seconds = time.perf_counter() - t
    (a,) = csv_rows(work / "oneline" / "out", "articles")
    case(f"a {len(body.encode()) // 1024} KB one-line file (loaded in {oneline_seconds:.1f} s)",
         ("ok", True), (a["status"], len(csv_rows(work / "oneline" / "out", "claims")) > 0))
    # names and paths
    up = work / "uploads"
    saved = [save_uploads([type("U", (), {"name": n, "getvalue": lambda self, d=d: d})()],
                          up)[0][0]
             for n, d in (("a b.txt", b"one"), ("a_b.txt", b"two"), ("a b.txt", b"three"))]
    case("uploads 'a b.txt', 'a_b.txt', 'a b.txt' again", (3, [b"one", b"two", b"three"]),
         (len(set(saved)), [p.read_bytes() for p in saved]))
    folder, db = loaded("renamed", {"first.txt": DATED + SENTENCE})
    ids = sqlite3.connect(db).execute("SELECT article_id, claim_id FROM claims").fetchall()
    (folder / "first.txt").rename(folder / "renamed.txt")
    after("renamed", folder)
    case("a renamed file", ids, sqlite3.connect(db).execute(
        "SELECT article_id, claim_id FROM claims").fetchall())
    folder, db = loaded("symlink")
    (work / "symlink" / "link").symlink_to(folder)
    r, out = after("symlink", folder, work / "symlink" / "link")
    case("the same folder through a symbolic link", (1, 1),
         (len(csv_rows(out, "articles")), len(csv_rows(out, "claims"))))
    folder, db = loaded("edited")
    (folder / "story.txt").write_text(DATED + SENTENCE.replace("12", "14"), "utf-8")
    out = work / "edited" / "out"
    load(folder, "--db", db, "--out", out, "--superseded")
    case("an edited file", [("14", ""), ("12", "superseded")],
         [(c["civilians_min"], "superseded" if c["superseded_at"] else "")
          for c in csv_rows(out, "claims")])
    # spreadsheet formulas in article text
    folder = folder_of(work / "formula", {"f.txt": "---\npublished: 2018-11-18\ntitle: "
                                                   "'=HYPERLINK(\"http://x\")'\noutlet: '@SUM(1)'"
                                                   "\n---\n-" + SENTENCE})
    load(folder, "--db", work / "formula" / "s.sqlite", "--out", work / "formula" / "out")
    cells = [cell for name in ("articles", "claims", "incidents")
             for row in csv.reader((work / "formula" / "out" / f"{name}.csv").open(
                 encoding="utf-8")) for cell in row]
    case("formula cells in --out", 0, sum(cell[:1] in ("=", "+", "-", "@", "\t", "\r")
                                          for cell in cells))
    return results


if __name__ == "__main__":
    sys.exit(main())
