"""Adding articles from the dashboard: saving uploads, and the per-file report.

The loading itself is `loaders.pipeline.load_paths`; this module only puts files
where the loaders can read them and summarises what they said about each file.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Protocol

import pandas as pd


class Upload(Protocol):
    name: str

    def getvalue(self) -> bytes: ...


def store_version(db_path: str | os.PathLike) -> tuple:
    """Changes whenever the store changes: size and mtime of the database and of its
    write-ahead log (SQLite in WAL mode writes there first). An empty log is left out:
    merely reading the store may create one."""
    version = []
    for suffix in ("", "-wal"):
        path = Path(str(db_path) + suffix)
        stat = path.stat() if path.exists() else None
        version.append((stat.st_size, stat.st_mtime_ns) if stat and stat.st_size else None)
    return tuple(version)


def safe_filename(name: str) -> str:
    """A plain file name for an upload, kept inside the uploads folder.

    >>> safe_filename("../../etc/passwd"), safe_filename("خبر هجين.TXT")
    ('passwd.txt', 'خبر_هجين.txt')
    """
    stem = Path(name.replace("\\", "/")).name
    stem = re.sub(r"\.txt$", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "article"
    return stem[:120] + ".txt"


def save_uploads(files: Iterable[Upload], folder: str | os.PathLike) -> list[Path]:
    """Write uploaded .txt files into `folder` (an upload with the name of an earlier
    one replaces it, as a re-uploaded article should)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    saved = []
    for upload in files:
        path = target / safe_filename(upload.name)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(upload.getvalue())
        tmp.replace(path)
        saved.append(path)
    return saved


def load_report(articles: Iterable) -> pd.DataFrame:
    """One row per file the loaders saw: file, status (ok / undated / rejected), why."""
    rows = [{"file": Path(getattr(a, "path", "") or "").name or getattr(a, "article_id", ""),
             "status": getattr(a, "status", ""), "reason": getattr(a, "reason", "") or "",
             "claims": len(getattr(a, "claims", ()) or ())}
            for a in articles]
    report = pd.DataFrame(rows, columns=["file", "status", "reason", "claims"])
    order = {"rejected": 0, "undated": 1, "ok": 2}
    return report.sort_values(["status", "file"], key=lambda s: s.map(order).fillna(3)
                              if s.name == "status" else s, ignore_index=True)


def report_summary(report: pd.DataFrame) -> str:
    """'5 files: 3 ok · 1 undated · 1 rejected'."""
    counts = report["status"].value_counts()
    parts = [f"{counts[s]} {s}" for s in ("ok", "undated", "rejected") if s in counts]
    parts += [f"{n} {s}" for s, n in counts.items() if s not in ("ok", "undated", "rejected")]
    n = len(report)
    return f"{n} file{'s' if n != 1 else ''}: " + " · ".join(parts) if n else "no .txt files found"
