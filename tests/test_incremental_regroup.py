"""Regrouping only what new claims can reach gives the incidents a full regroup gives.

A load regroups the claims with no incident yet, those of incidents that lost claims, and
everything `incidents.touched_claims` connects to them; the other incidents stay as stored.
These tests compare that with grouping every claim at once: on a generated corpus
(bench/corpus.py) and on the development sets, through the store (incidents.csv and
claims.csv byte for byte) and in memory over many splits of old and new articles.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import random
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from loaders import pipeline, store
from loaders.incidents import group_claims, regroup_changed
from loaders.lexicon import load_gazetteer
from loaders.records import Claim

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "devset" / "articles"
DEVSET_EN = REPO.parent / "shared" / "devset-en" / "articles"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "generated"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", "240", "--out",
                    str(out), "--seed", "11"], check=True, capture_output=True)
    return out


def corpus_dir(name: str, generated: Path) -> Path:
    folder = {"generated": generated, "devset": DEVSET, "devset-en": DEVSET_EN}[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not there")
    return folder


def tables(db: Path, out: Path) -> Path:
    con = store.connect(db)
    try:
        store.export_csv(con, out)
    finally:
        con.close()
    return out


# ---------------------------------------------------------------- through the store

@pytest.mark.parametrize("name, new", [
    ("generated", 10),        # 10 new articles into 230
    ("devset", "half"),       # the development set's first half, then the rest
    ("devset-en", "half"),
    ("devset", 1),
])
def test_a_second_load_regroups_part_and_matches_a_full_load(tmp_path, monkeypatch, generated,
                                                             name, new):
    files = sorted(corpus_dir(name, generated).glob("*.txt"))
    first = len(files) // 2 if new == "half" else len(files) - new
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files[:first]:
        shutil.copy(f, folder)
    pipeline.load_paths([str(folder)], tmp_path / "inc.sqlite")
    for f in files[first:]:
        shutil.copy(f, folder)
    done = []
    regroup = pipeline.regroup
    monkeypatch.setattr(pipeline, "regroup", lambda *a, **k: done.append(regroup(*a, **k)) or done[-1])
    pipeline.load_paths([str(folder)], tmp_path / "inc.sqlite")
    assert len(done) == 1 and not done[0].full
    assert done[0].claims < done[0].of          # some incidents were left as they were
    pipeline.load_paths([str(folder)], tmp_path / "full.sqlite")    # everything at once
    inc, full = tables(tmp_path / "inc.sqlite", tmp_path / "inc"), tables(tmp_path / "full.sqlite",
                                                                           tmp_path / "full")
    for table in ("incidents.csv", "claims.csv"):
        assert filecmp.cmp(inc / table, full / table, shallow=False), table


def test_an_edited_article_regroups_its_old_incidents(tmp_path, monkeypatch, generated):
    """An edit supersedes the article's claims: the incidents they were in lost claims and
    are grouped again, as a fresh load of the edited corpus groups them."""
    files = sorted(generated.glob("*.txt"))[:80]
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder)
    pipeline.load_paths([str(folder)], tmp_path / "inc.sqlite")
    edited = folder / files[5].name
    edited.write_text(files[6].read_text("utf-8") + "\nتعديل.\n", "utf-8")
    pipeline.load_paths([str(folder)], tmp_path / "inc.sqlite")
    pipeline.load_paths([str(folder)], tmp_path / "full.sqlite")
    inc, full = tables(tmp_path / "inc.sqlite", tmp_path / "inc"), tables(tmp_path / "full.sqlite",
                                                                           tmp_path / "full")
    for table in ("incidents.csv", "claims.csv"):
        assert filecmp.cmp(inc / table, full / table, shallow=False), table


def test_new_grouping_rules_regroup_everything(tmp_path, monkeypatch, generated):
    """A store grouped by other grouping code (an earlier incidents.py) is regrouped in
    full by the next load, even one that brings one new article."""
    files = sorted(generated.glob("*.txt"))[:40]
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files[:39]:
        shutil.copy(f, folder)
    pipeline.load_paths([str(folder)], tmp_path / "s.sqlite")
    con = store.connect(tmp_path / "s.sqlite")
    with store.writing(con):
        store.set_meta(con, "grouping", "earlier-rules")
    con.close()
    shutil.copy(files[39], folder)
    done = []
    regroup = pipeline.regroup
    monkeypatch.setattr(pipeline, "regroup", lambda *a, **k: done.append(regroup(*a, **k)) or done[-1])
    pipeline.load_paths([str(folder)], tmp_path / "s.sqlite")
    pipeline.load_paths([str(folder)], tmp_path / "s.sqlite")      # nothing new: no regroup
    assert [(d.full, d.claims == d.of) for d in done] == [(True, True)]


# ---------------------------------------------------------------- in memory, many splits

def extracted(folder: Path) -> list:
    claims = []
    for f in sorted(folder.glob("*.txt")):
        claims += pipeline.article_from_file(str(f)).claims
    return sorted(claims, key=lambda c: (c.article_id, c.seq, c.claim_id))   # load_claims' order


@pytest.fixture(scope="module")
def claims_of(generated):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = extracted(corpus_dir(name, generated))
        return cache[name]
    return get


def stored(claims, gaz):
    """Claims stamped with the incident a full grouping gives them, and the incident sizes."""
    incidents, assignment, _ = group_claims(claims, gaz)
    return ([replace(c, incident_id=assignment[c.claim_id]) for c in claims],
            {i.incident_id: i.n_claims for i in incidents}, incidents)


def regrouped_as_full(old_claims, now, gaz) -> list:
    """Group `old_claims` in full (the stored grouping), then regroup `now` incrementally;
    assert it gives what a full grouping of `now` gives, and return those incidents."""
    old, old_sizes, old_incidents = stored(old_claims, gaz)
    stamps = {c.claim_id: c.incident_id for c in old}
    now = sorted((replace(c, incident_id=stamps.get(c.claim_id)) for c in now),
                 key=lambda c: (c.article_id, c.seq, c.claim_id))
    dropped, incidents, assignment, _ = regroup_changed(now, gaz, old_sizes)
    kept = [i for i in old_incidents if i.incident_id not in dropped]
    want, want_assignment, _ = group_claims(now, gaz)
    assert sorted(kept + incidents, key=lambda i: i.incident_id) == \
        sorted(want, key=lambda i: i.incident_id)
    assert {c.claim_id: c.incident_id for c in now} | assignment == want_assignment
    return want


@pytest.mark.parametrize("name", ["generated", "devset", "devset-en"])
@pytest.mark.parametrize("seed", range(6))
def test_any_split_of_old_and_new_articles_regroups_as_a_full_grouping(claims_of, name, seed):
    claims = claims_of(name)
    articles = sorted({c.article_id for c in claims})
    rng = random.Random(seed)
    new = set(rng.sample(articles, min(10, len(articles) // 3)))
    gone = set(rng.sample(sorted(set(articles) - new), 2))      # pruned since the last grouping
    regrouped_as_full([c for c in claims if c.article_id not in new],
                      [c for c in claims if c.article_id not in gone], load_gazetteer())


def claim(article: str, place: str | None, day: int | None = None, civilians: int | None = None,
          place_text: str = "", seq: int = 0) -> Claim:
    date = dt.date(2018, 11, day) if day else None
    return Claim(claim_id=f"{article}-{seq}", article_id=article, claimant="sohr",
                 stance="alleges", perpetrator="coalition", civilians_min=civilians,
                 civilians_max=civilians, hedge="exact" if civilians else "", date_start=date,
                 date_end=date, date_precision="day" if day else "", date_role="event" if day else "",
                 place_id=place, place_text=place_text, seq=seq)


# (stored claims, claims now, incidents a full grouping gives)
CASES = {
    # undated reports at one town in two articles are one incident
    "undated at one town": ([claim("a", "hajin", civilians=10)],
                            [claim("a", "hajin", civilians=10), claim("b", "hajin", civilians=12)], 1),
    # an undated report placed at the governorate that names the town joins the town's
    "coarse report naming the town": (
        [claim("a", "hajin", civilians=10)],
        [claim("a", "hajin", civilians=10),
         claim("c", "deir_ez_zor_governorate", civilians=11, place_text="بلدة هجين")], 1),
    # a report of the day between two reports a day apart joins all three
    "new day between two incidents": (
        [claim("a", "hajin", 1, 5), claim("b", "hajin", 3, 5)],
        [claim("a", "hajin", 1, 5), claim("b", "hajin", 3, 5), claim("c", "hajin", 2, 5)], 1),
    # a chain: the new report ties 1–3 together, and so no longer the 3rd to the 4th and 5th
    "a chain moves": (
        [claim("a", "hajin", 1, 5), claim("b", "hajin", 3, 5), claim("d", "hajin", 4, 5),
         claim("e", "hajin", 5, 5)],
        [claim("a", "hajin", 1, 5), claim("b", "hajin", 3, 5), claim("d", "hajin", 4, 5),
         claim("e", "hajin", 5, 5), claim("c", "hajin", 2, 5)], 2),
    # a region's dated report joins the town's incident
    "region joins the town": (
        [claim("a", "hajin", 1, 5)],
        [claim("a", "hajin", 1, 5), claim("c", "deir_ez_zor_governorate", 1, 7)], 1),
    # a report that held two others together is pruned: two incidents again
    "the link is pruned": (
        [claim("a", "hajin", 1, 5), claim("c", "hajin", 2, 5), claim("b", "hajin", 3, 5)],
        [claim("a", "hajin", 1, 5), claim("b", "hajin", 3, 5)], 2),
    # an undated claim of an article follows its article's dated incident
    "undated claim in the new article": (
        [claim("a", "hajin", 1, 5)],
        [claim("a", "hajin", 1, 5), claim("c", "hajin", 1, 6), claim("c", None, seq=1)], 1),
}


@pytest.mark.parametrize("case", list(CASES))
def test_regrouping_part_follows_every_rule_that_joins(case):
    before, now, n = CASES[case]
    assert len(regrouped_as_full(before, now, load_gazetteer())) == n
