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
from .language import detect_language
from .lexicon import PACKS

MAX_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER = 16 * 1024       # front matter is a few lines; more is not an article's
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when the wheel has it
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FC]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
# front matter keys read, each a single value; other keys are ignored
FRONT_MATTER_KEYS = ("title", "outlet", "url", "published", "language")
# the languages a rule pack reads; an article in another language is rejected, not misread
LANGUAGES_WITH_PACK = frozenset(PACKS)       # a language is read when data/ has its pack
EARLIEST_PUBLISHED = dt.date(1990, 1, 1)


def latest_published() -> dt.date:
    """Tomorrow (UTC): a publication date after it is a typo, not news."""
    return dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)


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
    language: str = ""


def discover(inputs: list[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Article paths under the inputs (folders searched recursively, hidden files skipped),
    the roots that were searched, and (folder, problem) for each folder that could not be
    searched. A missing input is returned as a path so that it is reported."""
    paths, roots, errors = [], [], []

    def failed(exc: OSError) -> None:
        errors.append((os.path.abspath(exc.filename or ""), exc.strerror or str(exc)))

    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            roots.append(os.path.abspath(p))
            for dirpath, dirnames, filenames in os.walk(p, onerror=failed):
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
    return unique, roots, errors


def article_id_of(path: str) -> str:
    return Path(path).stem


def stat_of(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def readable(path: str) -> bool:
    """Whether the file can be opened for reading now. A file made unreadable (its mode
    changed, its disk gone) keeps its size and modification time, so `stat_of` alone
    would call it unchanged. Non-blocking, so a pipe in its place cannot hang the load."""
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError:
        return False
    return True


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
    language, problem = _language(meta, body)
    if problem:
        return Source(**base, status="rejected", reason=problem, encoding=encoding,
                      language=language)
    published, published_from, span = None, "", None
    reason = "no publication date in front matter or text; relative dates left unresolved"
    if meta.get("published") not in (None, ""):
        published = _as_date(meta["published"])
        if published is None:
            return Source(**base, status="rejected", encoding=encoding, language=language,
                          reason=f"front matter: 'published' is not a date: {meta['published']!r}")
        problem = _out_of_range(published)
        if problem:
            return Source(**base, status="rejected", encoding=encoding, language=language,
                          reason=f"front matter: 'published' {problem}")
        published_from = "front_matter"
    else:
        published, how, span = infer_publication_date(body)
        problem = _out_of_range(published) if published else ""
        if problem:
            reason = (f"the date the text gives for itself {problem}; relative dates left "
                      "unresolved")
            published, span = None, None
        published_from = "text" if published else ""
    status = "ok" if published else "undated"
    return Source(**base, status=status, reason="" if published else reason, encoding=encoding,
                  meta=meta, body=body, body_offset=offset, published=published,
                  published_from=published_from, dateline_span=span, language=language)


def _out_of_range(day: dt.date) -> str:
    latest = latest_published()
    if EARLIEST_PUBLISHED <= day <= latest:
        return ""
    return f"{day.isoformat()} is outside {EARLIEST_PUBLISHED.isoformat()} … {latest.isoformat()}"


def _language(meta: dict, body: str) -> tuple[str, str]:
    """(language, problem): front matter's `language`, else the script of the text."""
    given = meta.get("language")
    if given in (None, ""):
        language = detect_language(body)    # the script of the text (loaders/language.py)
    else:
        language = str(given).strip().lower().replace("_", "-").split("-")[0]
        if not re.fullmatch(r"[a-z]{2,3}", language):
            return "", f"front matter: 'language' is not a language code: {given!r}"
    if language not in LANGUAGES_WITH_PACK:
        return language, f"language {language}: not read"
    return language, ""


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
        bad_at = first.start
    lines = raw.splitlines(keepends=True)
    if not any(not line.isascii() and _utf8(line) is not None for line in lines):
        text = _cp1256_arabic(raw)
        if text is not None:
            return text, "windows-1256", ""
        return "", "", (f"undecodable: not UTF-8 (bad byte at {bad_at}), UTF-16 or "
                        "Windows-1256 Arabic text")
    # UTF-8 with some lines in Windows-1256 (a paragraph pasted from an older file):
    # each line is decoded as what it is, or the file is rejected; never mojibake
    parts = []
    for number, line in enumerate(lines, start=1):
        text = _utf8(line)
        if text is None:
            text = _cp1256_arabic(line)
        if text is None:
            return "", "", (f"undecodable: line {number} is neither UTF-8 nor Windows-1256 "
                            "Arabic text (the rest is UTF-8)")
        parts.append(text)
    return "".join(parts), "utf-8+windows-1256", ""


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cp1256_arabic(raw: bytes) -> str | None:
    """Windows-1256 text that reads as Arabic (most letters Arabic), else None."""
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError:
        return None
    letters = sum(ch.isalpha() for ch in text)
    if letters and len(_ARABIC.findall(text)) / letters > 0.5:
        return text
    return None


def split_front_matter(text: str) -> tuple[dict, str, int, str]:
    """(meta, body, body offset, problem) for a text that may start with YAML front matter."""
    if not re.match(r"\A---[ \t]*\r?\n", text):
        return {}, text, 0, ""
    m = re.compile(r"^---[ \t]*\r?$", re.M).search(text, 4)
    if not m:
        return {}, "", 0, "malformed front matter: no closing '---' line"
    block = text[text.index("\n") + 1:m.start()]
    if len(block) > MAX_FRONT_MATTER:
        return {}, "", 0, (f"malformed front matter: {len(block) // 1024} KB long (limit "
                           f"{MAX_FRONT_MATTER // 1024} KB)")
    try:
        # aliases are refused before anything is built: expanding them is how a 2 KB
        # "billion laughs" becomes gigabytes
        for event in yaml.parse(block, Loader=_YAML_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return {}, "", 0, ("malformed front matter: YAML anchors and aliases "
                                   "(& and *) are not accepted")
        meta = yaml.load(block, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, "", 0, f"malformed front matter{line}: {problem}"
    except ValueError as exc:           # "published: 2018-13-45": YAML reads it as a bad date
        return {}, "", 0, f"malformed front matter: {str(exc).splitlines()[0]}"
    if not isinstance(meta, dict):
        return {}, "", 0, "malformed front matter: expected 'key: value' lines"
    meta = {str(k): v for k, v in meta.items() if str(k) in FRONT_MATTER_KEYS}
    for key, value in meta.items():
        if value is not None and not isinstance(value, (str, int, float, dt.date)):
            return {}, "", 0, (f"malformed front matter: '{key}' must be a single value, "
                               f"not a {_yaml_kind(value)}")
    offset = m.end() + 1 if m.end() < len(text) else m.end()
    return meta, text[offset:], offset, ""


def _yaml_kind(value) -> str:
    return {list: "list", dict: "mapping", set: "set"}.get(type(value), type(value).__name__)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None
