"""Adding articles from the dashboard: saving uploads, and the per-file report.

The loading itself is `loaders.pipeline.load_paths`; this module only puts files
where the loaders can read them and summarises what they said about each file.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Refused:
    """An upload that was not kept, for the load report."""
    path: str
    reason: str
    status: str = "rejected"
    claims: tuple = ()


def check_upload(name: str, data: bytes) -> str:
    """Why an upload cannot be an article ('' when it can): checked before it is kept.

    >>> check_upload("a.txt", "نص".encode()), check_upload("a.pdf", b"x")
    ('', "not an article: expected a .txt file, got '.pdf'")
    """
    # imported here: the reader brings the date and lexicon modules, which a dashboard
    # that only shows the store never needs (0.06 s of its first render)
    from loaders.reading import MAX_BYTES, decode

    suffix = Path(name.replace("\\", "/")).suffix.lower()
    if suffix != ".txt":
        return f"not an article: expected a .txt file, got '{suffix or 'no extension'}'"
    if len(data) > MAX_BYTES:
        return f"too large: {len(data) / 1048576:.1f} MB (limit 2 MB)"
    if not data.strip():
        return "empty file"
    _, _, problem = decode(data)
    return problem


# All uploads together may take this much disk (RASD_UPLOADS_MAX_MB): each file is capped
# near the 2 MB article limit, but any visitor could otherwise fill the disk with many.
UPLOADS_MAX_MB = 500


def uploads_limit_bytes() -> int:
    try:
        return int(float(os.environ.get("RASD_UPLOADS_MAX_MB", UPLOADS_MAX_MB)) * 1_000_000)
    except ValueError:
        return UPLOADS_MAX_MB * 1_000_000


def folder_bytes(folder: Path) -> int:
    """The bytes of the files under `folder` (0 when it does not exist)."""
    total = 0
    for path in folder.rglob("*") if folder.is_dir() else ():
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:
            pass
    return total


def save_uploads(files: Iterable[Upload], folder: str | os.PathLike,
                 limit: int | None = None) -> tuple[list[Path], list[Refused]]:
    """Keep uploaded articles under `folder`, each in a sub-folder named after its content
    hash, so two uploads never share a path and a later upload never replaces an earlier
    one (the same bytes uploaded twice land on the same file). Returns the kept paths and
    the uploads refused (too large, not text, over the folder's total `limit`, default
    `uploads_limit_bytes()`), which are not written at all."""
    target = Path(folder)
    limit = uploads_limit_bytes() if limit is None else limit
    used = folder_bytes(target)
    saved, refused = [], []
    for upload in files:
        data = upload.getvalue()
        problem = check_upload(upload.name, data)
        if problem:
            refused.append(Refused(path=upload.name, reason=problem))
            continue
        digest = hashlib.sha256(data).hexdigest()[:16]
        path = target / digest / safe_filename(upload.name)
        if not path.exists() and used + len(data) > limit:
            refused.append(Refused(path=upload.name, reason=(
                f"the uploads folder is full ({used / 1e6:.1f} of "
                f"{limit / 1e6:.0f} MB); nothing was written (RASD_UPLOADS_MAX_MB sets the "
                "limit)")))
            continue
        if not path.exists():
            used += len(data)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".part{os.getpid()}")
            tmp.write_bytes(data)
            tmp.replace(path)
        saved.append(path)
    return saved, refused


def folder_under_root(folder: str, root: str | os.PathLike) -> tuple[Path | None, str]:
    """(the folder, '') when it lies under `root` (symbolic links resolved), else (None, why).
    The dashboard loads folders only from there: a visitor cannot make it walk /etc.

    >>> folder_under_root("/etc", "/srv/rasd/data")
    (None, 'Only folders under /srv/rasd/data can be loaded from here.')
    """
    base = Path(root).resolve()
    raw = Path(folder).expanduser()
    path = (raw if raw.is_absolute() else base / raw).resolve()
    if path != base and base not in path.parents:
        return None, f"Only folders under {base} can be loaded from here."
    if not path.is_dir():
        return None, f"Not a folder: {folder}"
    return path, ""


def load_report(articles: Iterable) -> pd.DataFrame:
    """One row per file the loaders saw: file, status (ok / undated / rejected), why."""
    rows = [{"file": Path(getattr(a, "path", "") or "").name or getattr(a, "article_id", ""),
             "status": getattr(a, "status", ""), "reason": getattr(a, "reason", "") or "",
             "claims": len(getattr(a, "claims", ()) or ())}
            for a in articles]
    report = pd.DataFrame(rows, columns=["file", "status", "reason", "claims"])
    order = {"rejected": 0, "missing": 1, "undated": 2, "ok": 3}
    return report.sort_values(["status", "file"], key=lambda s: s.map(order).fillna(3)
                              if s.name == "status" else s, ignore_index=True)


def report_summary(report: pd.DataFrame) -> str:
    """'5 files: 3 ok · 1 undated · 1 rejected'."""
    counts = report["status"].value_counts()
    shown = ("ok", "undated", "rejected", "missing")
    parts = [f"{counts[s]} {s}" for s in shown if s in counts]
    parts += [f"{n} {s}" for s, n in counts.items() if s not in shown]
    n = len(report)
    return f"{n} file{'s' if n != 1 else ''}: " + " · ".join(parts) if n else "no .txt files found"
