"""The loaders on real reporting: the shared scorer on the development sets of real articles.

`../shared/devset/` (32 Arabic articles) carries hand-read gold; `../shared/tools/score.py`
runs the CLI on it and prints a last line of figures. These tests fail when recall or
precision falls below 0.85, when a forbidden number (a year, a strike count, a wounded
count) is read as a civilian toll, or when an article's publication date is misread, so the
figures cannot regress silently. The development set lives beside the repository (CI has
it); without it the tests are skipped, except under CI, where they fail.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score.py"


def _score(devset: str) -> dict:
    gold, articles = SHARED / devset / "gold.json", SHARED / devset / "articles"
    if not (SCORER.exists() and gold.exists()):
        if os.environ.get("CI"):
            pytest.fail(f"{gold} is missing: CI must have ../shared beside the repository")
        pytest.skip(f"no development set at {gold}")
    run = subprocess.run([sys.executable, str(SCORER), str(gold), str(articles), "--quiet",
                          "--python", sys.executable, "--project", str(REPO)],
                         capture_output=True, text=True, timeout=600)
    last = run.stdout.strip().splitlines()[-1]
    figures = {
        "dating": re.search(r"dating (\d+)/(\d+)", last).groups(),
        "recall": float(re.search(r"recall=([\d.]+)", last).group(1)),
        "precision": float(re.search(r"precision=([\d.]+)", last).group(1)),
        "false_tolls": int(re.search(r"false-tolls (\d+)", last).group(1)),
        "line": last,
    }
    return figures


@pytest.fixture(scope="module")
def arabic():
    return _score("devset")


def test_arabic_recall_and_precision_hold(arabic):
    assert arabic["recall"] >= 0.85, arabic["line"]
    assert arabic["precision"] >= 0.85, arabic["line"]


def test_arabic_reads_no_forbidden_number_as_a_toll(arabic):
    assert arabic["false_tolls"] == 0, arabic["line"]


def test_arabic_publication_dates_are_all_right(arabic):
    right, total = arabic["dating"]
    assert right == total == "32", arabic["line"]


# The English development set (../shared/devset-en/, 15 real English reports): the same
# scorer and conventions; the English pack must not fall below the same floor.
@pytest.fixture(scope="module")
def english():
    return _score("devset-en")


def test_english_recall_and_precision_hold(english):
    assert english["recall"] >= 0.85, english["line"]
    assert english["precision"] >= 0.85, english["line"]


def test_english_reads_no_forbidden_number_as_a_toll(english):
    assert english["false_tolls"] == 0, english["line"]


def test_english_publication_dates_are_all_right(english):
    right, total = english["dating"]
    assert right == total == "15", english["line"]
