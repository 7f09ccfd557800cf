"""Reading article files: discovery, decoding, front matter, publication date.

Every input file yields an Article with a status: `ok`, `undated` (no publication date
in front matter or text: relative dates stay unresolved) or `rejected` with a one-line
reason naming the problem. Nothing here raises on bad input.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .dates import infer_publication_date

MAX_BYTES = 2 * 1024 * 1024
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when the wheel has it
_ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True, kw_only=True)
class Source:
    """A decoded article before extraction."""
    article_id: str
    path: str
    sha256: str
    size: int
    mtime_ns: int
    status: str
    reason: str = ""
    encoding: str = ""
    meta: dict | None = None
    body: str = ""               # text after the front matter
    body_offset: int = 0         # where the body starts in the decoded file
    published: dt.date | None = None
    published_from: str = ""
    dateline_span: tuple[int, int] | None = None   # the date the text gives for itself


def discover(inputs: list[str]) -> tuple[list[str], list[str]]:
    """Article paths under the inputs (folders searched recursively, hidden files skipped),
    and the roots that were searched. A missing input is returned as a path so that it is
    reported as rejected."""
    paths, roots = [], []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            roots.append(os.path.abspath(p))
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        paths.append(os.path.abspath(os.path.join(dirpath, name)))
        else:
            paths.append(os.path.abspath(p))
    seen, unique = set(), []
    for path in paths:
        if path not in seen:
            seen.add(path)
            unique.append(path)
    return unique, roots


def article_id_of(path: str) -> str:
    return Path(path).stem


def stat_of(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def read_source(path: str, article_id: str | None = None) -> Source:
    """Read and decode one file; never raises."""
    aid = article_id or article_id_of(path)
    base = dict(article_id=aid, path=path, sha256="", size=0, mtime_ns=0)
    try:
        st = os.stat(path)
        if not Path(path).is_file():
            return Source(**base, status="rejected", reason="not a regular file")
        base.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        if st.st_size > MAX_BYTES:
            return Source(**base, status="rejected",
                          reason=f"too large: {st.st_size / 1048576:.1f} MB (limit 2 MB)")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return Source(**base, status="rejected", reason=f"cannot read: {exc.strerror or exc}")
    base["sha256"] = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        return Source(**base, status="rejected", reason="empty file")
    text, encoding, problem = decode(raw)
    if problem:
        return Source(**base, status="rejected", reason=problem)
    if not Path(path).suffix.lower() == ".txt":
        return Source(**base, status="rejected",
                      reason=f"not an article: expected a .txt file, got '{Path(path).suffix or 'no extension'}'")
    meta, body, offset, problem = split_front_matter(text)
    if problem:
        return Source(**base, status="rejected", reason=problem, encoding=encoding)
    title = meta.get("title")
    if not body.strip() and isinstance(title, str) and title.strip() and title in text:
        # a headline-only item: the title is the whole text, and may carry a claim
        body, offset = title, text.index(title)
    if not body.strip():
        return Source(**base, status="rejected", reason="no article text after the front matter",
                      encoding=encoding)
    if not any(ch.isalpha() for ch in body):
        return Source(**base, status="rejected", encoding=encoding,
                      reason="no text: only digits, punctuation or spaces")
    published, published_from, span = None, "", None
    if meta.get("published") not in (None, ""):
        published = _as_date(meta["published"])
        if published is None:
            return Source(**base, status="rejected", encoding=encoding,
                          reason=f"front matter: 'published' is not a date: {meta['published']!r}")
        published_from = "front_matter"
    else:
        published, how, span = infer_publication_date(body)
        published_from = "text" if published else ""
    status = "ok" if published else "undated"
    reason = "" if published else "no publication date in front matter or text; relative dates left unresolved"
    return Source(**base, status=status, reason=reason, encoding=encoding, meta=meta, body=body,
                  body_offset=offset, published=published, published_from=published_from,
                  dateline_span=span)


def decode(raw: bytes) -> tuple[str, str, str]:
    """(text, encoding, problem). UTF-8 (BOM allowed), UTF-16 with BOM, or Windows-1256."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", ""
        except UnicodeDecodeError as exc:
            return "", "", f"undecodable: bad UTF-8 after the BOM at byte {exc.start + 3}"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", ""
        except UnicodeDecodeError as exc:
            return "", "", f"undecodable: bad UTF-16 at byte {exc.start}"
    if b"\x00" in raw:
        return "", "", "binary file (contains NUL bytes), not text"
    try:
        return raw.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as first:
        try:
            text = raw.decode("cp1256")
        except UnicodeDecodeError:
            text = ""
        letters = sum(ch.isalpha() for ch in text)
        if text and letters and len(_ARABIC.findall(text)) / letters > 0.5:
            return text, "windows-1256", ""
        return "", "", (f"undecodable: not UTF-8 (bad byte at {first.start}), UTF-16 or "
                        "Windows-1256 Arabic text")
    

def split_front_matter(text: str) -> tuple[dict, str, int, str]:
    """(meta, body, body offset, problem) for a text that may start with YAML front matter."""
    if not re.match(r"\A---[ \t]*\r?\n", text):
        return {}, text, 0, ""
    m = re.compile(r"^---[ \t]*\r?$", re.M).search(text, 4)
    if not m:
        return {}, "", 0, "malformed front matter: no closing '---' line"
    try:
        meta = yaml.load(text[text.index("\n") + 1:m.start()], Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, "", 0, f"malformed front matter{line}: {problem}"
    except ValueError as exc:           # "published: 2018-13-45": YAML reads it as a bad date
        return {}, "", 0, f"malformed front matter: {str(exc).splitlines()[0]}"
    if not isinstance(meta, dict):
        return {}, "", 0, "malformed front matter: expected 'key: value' lines"
    offset = m.end() + 1 if m.end() < len(text) else m.end()
    return {str(k): v for k, v in meta.items()}, text[offset:], offset, ""


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None
