"""The columnar snapshot beside a store, written without pandas.

The loaders write `<db>.frames/*.parquet` with pyarrow directly (importing pandas cost a CLI
run about 0.8 s). The dashboard must read exactly what it read when the snapshot was
written through pandas (`pd.read_sql_query` then `to_parquet`): same columns, dtypes and
values. These tests write both snapshots of one store and compare what `read_frames` gives.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders import store
from loaders.pipeline import load_paths

REPO = Path(__file__).resolve().parents[1]


def pandas_snapshot(db: Path) -> None:
    """The snapshot as the loaders wrote it through pandas before (the reference)."""
    folder = store.snapshot_dir(db)
    shutil.rmtree(folder)
    folder.mkdir()
    for name, df in store._read_sql_frames(db).items():
        df.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "generation").write_text(store.store_generation(db))


def corpus(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / "in"
    if kind == "samples":
        shutil.copytree(REPO / "data" / "articles", folder)
    elif kind == "rejected only":          # no claims, no incidents: empty tables
        folder.mkdir()
        (folder / "empty.txt").write_bytes(b"")
    elif kind == "no strike":              # an article, no claim
        folder.mkdir()
        (folder / "calm.txt").write_text("---\npublished: 2018-05-02\n---\nافتتح السوق "
                                         "الأسبوعي في البلدة صباح اليوم وسط إقبال كبير.\n", "utf-8")
    return folder


@pytest.mark.parametrize("kind", ["samples", "rejected only", "no strike", "reviewed"])
def test_snapshot_reads_as_the_pandas_one_did(tmp_path, kind):
    db = tmp_path / "s.sqlite"
    load_paths([str(corpus(tmp_path, "samples" if kind == "reviewed" else kind))], db)
    if kind == "reviewed":                  # a reviews table with a correction in it
        from loaders import review
        from loaders.pipeline import regroup
        con = store.connect(db)
        try:
            (cid,), = con.execute("SELECT claim_id FROM claims WHERE article_id LIKE '004_%' "
                                  "AND claimant='sohr'")
            with store.writing(con):
                review.review_claim(con, cid, "corrected", "Lina",
                                    corrected={"civilians_min": 30, "civilians_max": 30})
            regroup(con)
        finally:
            con.close()
        store.write_snapshot(db)
        assert len(store.read_frames(db)["reviews"]) == 1
    assert store.snapshot_generation(db) == store.store_generation(db)
    ours = store.read_frames(db)
    pandas_snapshot(db)
    reference = store.read_frames(db)
    assert sorted(ours) == sorted(reference) == ["articles", "claimants", "claims", "incidents",
                                                 "places", "reviews"]
    for name in reference:
        assert list(ours[name].columns) == list(reference[name].columns), name
        assert ours[name].dtypes.to_dict() == reference[name].dtypes.to_dict(), name
        pd.testing.assert_frame_equal(ours[name], reference[name], check_exact=True)


def test_snapshot_of_the_samples_holds_their_rows(tmp_path):
    db = tmp_path / "s.sqlite"
    load_paths([str(corpus(tmp_path, "samples"))], db)
    frames = store.read_frames(db)
    assert (len(frames["articles"]), len(frames["claims"]), len(frames["incidents"])) == (5, 22, 7)
    # integers with a NULL read as floats, as from SQLite through pandas
    assert str(frames["claims"]["civilians_min"].dtype) == "float64"
    assert str(frames["incidents"]["n_claims"].dtype) == "int64"


def test_a_column_of_mixed_kinds_leaves_no_snapshot(tmp_path):
    """Text in an integer column (a store edited by hand): no snapshot, so the dashboard
    reads SQLite rather than a snapshot typed wrongly."""
    db = tmp_path / "s.sqlite"
    load_paths([str(corpus(tmp_path, "samples"))], db)
    con = store.connect(db)
    with store.writing(con):
        con.execute("UPDATE incidents SET n_claims='many' WHERE rowid=1")
        store.bump_generation(con)
    con.close()
    assert store.write_snapshot(db) is None
    assert store.read_frames(db)["incidents"]["n_claims"].tolist().count("many") == 1


@pytest.mark.parametrize("args", [["--help"], ["data/articles", "--out", "{tmp}/out"],
                                  ["prune", "--dry-run"]])
def test_the_cli_does_not_import_pandas(tmp_path, args):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code = ("import sys\nfrom loaders.__main__ import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "print('pandas imported' if 'pandas' in sys.modules else 'no pandas')")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env={"RASD_DB": str(tmp_path / "cli.sqlite"), "PATH": "/usr/bin:/bin"},
                         timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "no pandas", out.stderr
