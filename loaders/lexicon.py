"""Loading the data files: gazetteer, claimant lexicon, cue words, calendar words.

Everything the extractors know lives in `data/` as UTF-8 files with a schema note at
their top. This module reads them by name, normalises their keys exactly like article
text, and fails with a message naming the file and the entry when one is malformed.
"""
from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .normalize import key
from .records import Place

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# One folder of lexicons per language, one engine: the Arabic pack is data/ itself (its files
# keep their historical place), every other language has a folder data/<code>/ with the same
# file names (cues.yaml, calendar.yaml). Claimants and the gazetteer are shared; a pack may
# add Latin place spellings in place_names.csv.
PACKS = {"ar": DATA_DIR, "en": DATA_DIR / "en"}


def pack_dir(language: str) -> Path:
    """The folder of a language's lexicons.

    >>> pack_dir("en").name
    'en'
    """
    try:
        return PACKS[language]
    except KeyError:
        raise LexiconError(f"language {language!r}: no language pack (known: {', '.join(PACKS)})") from None

# A place's `kind` in the gazetteer → the contract's geo_precision.
PRECISION_OF_KIND = {
    "site": "site", "village": "town", "town": "town", "city": "town",
    "region": "district", "district": "district", "subdistrict": "district",
    "governorate": "governorate", "country": "country",
}
# The surroundings of a town ("near Hajin") are a place of their own: the town's point, district
# precision, VICINITY_KM around it (ids: the town's id + VICINITY).
VICINITY, VICINITY_KM = "_vicinity", 25.0
PRECISION_RANK = {"site": 0, "town": 1, "district": 2, "governorate": 3, "country": 4}


class LexiconError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


def _read_commented_csv(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read ({exc.strerror})") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


# libyaml's safe loader when PyYAML was built with it (its wheels are), else the Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc


def phrase_keys(phrases, *, clitics: str = "وفبلك", article: bool = True) -> set[str]:
    """The normalised phrases `phrase_pattern` matches (with the لل contraction)."""
    keys = {key(p) for p in phrases if key(p)}
    if article and "ل" in clitics:
        # ل + ال contracts to لل: "للطيران الروسي", "للتحالف"
        keys |= {"ل" + k[1:] for k in keys if k.startswith("ال") and len(k) > 3}
    return keys


def compile_phrases(phrases, *, clitics: str = "وفبلك", article: bool = True):
    """`phrase_pattern` compiled, gated by the bare trie of its phrases: every match holds
    one of them (loaders.patterns.Gated)."""
    from .patterns import Gated, trie_alternation
    keys = phrase_keys(phrases, clitics=clitics, article=article)
    rx = re.compile(phrase_pattern(phrases, clitics=clitics, article=article))
    if not keys:
        return rx
    return Gated(rx, re.compile(trie_alternation(keys)))


def phrase_pattern(phrases, *, clitics: str = "وفبلك", article: bool = True) -> str:
    """A regex alternation matching normalised phrases as whole words.

    A phrase ending in '*' matches any word that starts with it. Attached clitics
    (و ف ب ل ك, then ال) may precede the phrase.

    >>> re.search(phrase_pattern(["هجين"]), "بهجين").group(0)
    'بهجين'
    """
    from .patterns import trie_alternation
    keys = phrase_keys(phrases, clitics=clitics, article=article)
    if not keys:
        return r"(?!x)x"
    lead = f"(?:[{clitics}]{{0,2}}(?=\\w))" if clitics else ""
    art = "(?:ال)?" if article else ""
    # one trie of shared prefixes instead of hundreds of branches (loaders/patterns.py)
    return rf"(?<!\w){lead}{art}(?:{trie_alternation(keys)})(?!\w)"


@dataclass(frozen=True)
class Claimant:
    claimant_id: str
    name_en: str
    name_ar: str
    source_kind: str
    side: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    # folded name (`fold_name`) → ((place id, match mode), ...); mode: always | context | strict
    names: dict[str, tuple[tuple[str, str], ...]]
    confidence: dict[str, str]
    # the first folded word of every name, for a quick "could a name start here?"
    first_words: frozenset = frozenset()
    # ("governorate" | "district" | "subdistrict", English name) → the row that stands for it
    levels: dict[tuple[str, str], str] = field(default_factory=dict)
    # a name as written (joined, not folded) → the places that list it: a name that matches
    # only through the final-letter fold (سوري for سوريا) is weaker evidence
    exact: dict[str, frozenset] = field(default_factory=dict)
    # lower-cased Latin spellings (name_en, Latin alt_names, data/en/place_names.csv) → the
    # same (place id, needs a settlement word) entries, for English text
    latin: dict[str, tuple[tuple[str, bool], ...]] = field(default_factory=dict)


MATCH_MODES = ("always", "context", "strict", "never")
# Words joined to the next one before matching: "ابو حمام" = "ابوحمام", "البو كمال" = "البوكمال".
_JOINED = frozenset({"ابو", "ابي", "ام", "بو", "البو"})
_WORDS = re.compile(r"\w+")           # a name's words, as the text is cut (no "-", no ".")


def fold_word(word: str) -> str:
    """A word as the gazetteer matches it: a final ة (ه after normalising), ا or ي is dropped
    from a word of five letters or more besides ال, so الطيانة = الطيانه = الطيان and
    الكسرة = الكسرا, الشدادة = الشدادي. Shorter words keep it (العلي ≠ العليا).

    >>> fold_word("الطيانه"), fold_word("العليا")
    ('الطيان', 'العليا')
    """
    stem = word[2:] if word.startswith("ال") else word
    if len(stem) >= 5 and word[-1] in "هاي":
        return word[:-1]
    return word


def join_words(words: list[str]) -> list[str]:
    """A name's words with ابو/ابي/ام/بو/البو joined to the word after them."""
    out, i = [], 0
    while i < len(words):
        w = words[i]
        if w in _JOINED and i + 1 < len(words):
            w, i = w + words[i + 1], i + 1
        out.append(w)
        i += 1
    return out


def fold_name(name: str) -> str:
    """The match key of a normalised name (`key()` first): words joined, then folded.

    >>> fold_name("ابو حمام") == fold_name("ابوحمام")
    True
    """
    return " ".join(fold_word(w) for w in join_words(_WORDS.findall(name)))


_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


def _arabic(name: str) -> bool:
    return bool(_ARABIC_LETTER.search(name))


@functools.lru_cache(maxsize=8)
def load_gazetteer(path: str | Path | None = None, place_names: str | Path | None = None) -> Gazetteer:
    """Read `data/gazetteer.csv` (or the given file) into a Gazetteer.

    >>> load_gazetteer().places["hajin"].name_ar
    'هجين'
    """
    path = Path(path) if path else DATA_DIR / "gazetteer.csv"
    rows = _read_commented_csv(path)
    places, names, confidence, levels, exact, latin = {}, {}, {}, {}, {}, {}
    required = ("id", "name_en", "name_ar", "kind", "lat", "lon")
    for n, row in enumerate(rows, start=2):
        missing = [c for c in required if c not in row]
        if missing:
            raise LexiconError(f"{path}: missing column(s) {', '.join(missing)}")
        pid = (row["id"] or "").strip()
        if not pid:
            raise LexiconError(f"{path}: row {n} has no id")
        if pid in places:
            raise LexiconError(f"{path}: place id {pid!r} appears twice")
        kind = (row["kind"] or "").strip()
        precision = (row.get("geo_precision") or "").strip() or PRECISION_OF_KIND.get(kind)
        if precision not in PRECISION_RANK:
            raise LexiconError(f"{path}: place {pid!r} has unknown kind {kind!r}")
        mode = (row.get("match") or "always").strip()
        if mode not in MATCH_MODES:
            raise LexiconError(f"{path}: place {pid!r} has unknown match mode {mode!r}")
        try:
            lat = float(row["lat"]) if row["lat"] else None
            lon = float(row["lon"]) if row["lon"] else None
            radius = float(row["radius_km"]) if row.get("radius_km") else None
        except ValueError as exc:
            raise LexiconError(f"{path}: place {pid!r} has a bad number: {exc}") from exc
        place = Place(place_id=pid, name_en=row["name_en"], name_ar=row["name_ar"],
                      kind=kind, lat=lat, lon=lon, admin2=row.get("admin2") or "",
                      precision=precision, radius_km=radius,
                      governorate=row.get("governorate") or "", district=row.get("district") or "",
                      subdistrict=row.get("subdistrict") or "")
        places[pid] = place
        level = _level_of(place)
        if level and level not in levels:
            levels[level] = pid
        confidence[pid] = row.get("confidence") or ""
        blocked = {key(b) for b in (row.get("no_match") or "").split("|") if b}
        listed = [row["name_ar"]] + (row.get("alt_names") or "").split("|")
        extra = (row.get("match_names") or "").split("|")
        # match_names first: a spelling listed there always matches, even on a context row
        entries = [(v, "always") for v in extra]
        entries += [(v, mode) for v in listed if mode != "never"]
        for variant, variant_mode in entries:
            k = key(variant)
            if not k or not _arabic(k) or (k in blocked and variant not in extra):
                continue
            joined = " ".join(join_words(_WORDS.findall(k)))
            exact.setdefault(joined, set()).add(pid)
            k = fold_name(k)
            if not k:
                continue
            current = names.get(k, ())
            if all(p != pid for p, _ in current):
                names[k] = current + ((pid, variant_mode),)
        if mode != "never":
            for variant in [row["name_en"]] + listed:
                _add_latin(latin, variant, pid, mode == "context")
    _merge_place_names(Path(place_names) if place_names else PACKS["en"] / "place_names.csv",
                       places, latin)
    latin = {k: v for k, v in latin.items() if v}
    for pid, p in list(places.items()):
        if p.kind in ("town", "city") and p.lat is not None:
            # "near X", "outside the city of X", "a village south of X": somewhere around X
            places[pid + VICINITY] = Place(
                place_id=pid + VICINITY, name_en=f"near {p.name_en}", name_ar=f"قرب {p.name_ar}",
                kind="region", lat=p.lat, lon=p.lon, admin2=p.admin2, precision="district",
                radius_km=VICINITY_KM, governorate=p.governorate, district=p.district)
    for k, entries in latin.items():
        # a Latin spelling shared by a town and its subdistrict ("Abu Kamal") means the town
        best = min(PRECISION_RANK[places[p].precision] for p, _ in entries)
        latin[k] = tuple(e for e in entries if PRECISION_RANK[places[e[0]].precision] == best)
    first = frozenset(k.split(" ", 1)[0] for k in names if k)
    return Gazetteer(places=places, names=names, confidence=confidence, first_words=first,
                     levels=levels, exact={k: frozenset(v) for k, v in exact.items()}, latin=latin)


def latin_key(name: str) -> str:
    """A Latin place spelling as matched: lower case, one space, hyphens and apostrophes
    kept, the bracketed part and diacritics dropped.

    >>> latin_key("Al Mayādīn"), latin_key("al-Sur (al-Suwar)"), latin_key("Deir ez-Zor")
    ('mayadin', 'sur', 'deir ez zor')
    """
    name = _BRACKETED.sub(" ", name)
    name = unicodedata.normalize("NFKD", name)
    if not name.isascii():
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("’", "'").replace("‘", "'").replace("-", " ")
    name = _SPACES.sub(" ", key(name)).strip(" ,")
    # a leading article is optional in text ("al-Mayadin", "Mayadin"): keys go without it
    return _LATIN_ARTICLE.sub("", name)


_BRACKETED = re.compile(r"\(.*?\)")
_SPACES = re.compile(r"\s+")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|as|ad|ash|an|ar|at|az|ath|adh) (?=\S{3})")
_LATIN_KEY = re.compile(r"[a-z][a-z' ]*[a-z]")


def _add_latin(latin: dict, variant: str, pid: str, needs_context: bool) -> None:
    if not variant or _arabic(variant):
        return                      # (an Arabic spelling never makes a Latin key)
    k = latin_key(variant)
    # Latin letters only, and no code ("SY0901", "C5086"): codes are not written in news
    if len(k) < 3 or not _LATIN_KEY.fullmatch(k):
        return
    current = latin.get(k, ())
    if all(p != pid for p, _ in current):
        latin[k] = current + ((pid, needs_context),)


def _merge_place_names(path: Path, places: dict, latin: dict) -> None:
    """Latin spellings from a language pack: `place_id,name[,match][,lat,lon,kind,admin2,source]`.

    `match` is always (default), context (only after a settlement word: "the village of X")
    or never (a spelling the gazetteer lists that must not match English text, such as a
    first name). A row whose place the gazetteer does not hold yet gives lat, lon, kind and
    admin2 for it; once the gazetteer has that id, its own row wins and these are ignored.
    """
    if not path.exists():
        return
    seen: set[str] = set()
    for n, row in enumerate(_read_commented_csv(path), start=2):
        pid, name = (row.get("place_id") or "").strip(), (row.get("name") or "").strip()
        mode = (row.get("match") or "always").strip()
        if not pid or not name:
            raise LexiconError(f"{path}: row {n} needs a place_id and a name")
        if mode not in ("always", "context", "never"):
            raise LexiconError(f"{path}: row {n} ({pid}) has unknown match mode {mode!r}")
        if pid not in places:
            kind = (row.get("kind") or "").strip()
            if not row.get("lat") or kind not in PRECISION_OF_KIND:
                raise LexiconError(f"{path}: place {pid!r} is not in the gazetteer and the row "
                                   f"gives no lat, lon and kind for it")
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError) as exc:
                raise LexiconError(f"{path}: place {pid!r} has a bad number: {exc}") from exc
            places[pid] = Place(place_id=pid, name_en=name, name_ar=(row.get("name_ar") or "").strip(),
                                kind=kind, lat=lat, lon=lon, admin2=(row.get("admin2") or "").strip(),
                                precision=PRECISION_OF_KIND[kind])
        k = latin_key(name)
        if k not in seen:
            # the pack's own reading of a spelling replaces what the gazetteer's columns gave
            seen.add(k)
            latin[k] = ()
        if mode == "never":
            kept = tuple(e for e in latin.get(k, ()) if e[0] != pid)
            if kept:
                latin[k] = kept
            else:
                latin.pop(k, None)
            continue
        latin[k] = tuple(e for e in latin.get(k, ()) if e[0] != pid) + ((pid, mode == "context"),)


def _level_of(place: Place) -> tuple[str, str] | None:
    """The administrative unit a row stands for, if it is a governorate, district or
    subdistrict row."""
    if place.kind == "governorate" and place.governorate:
        return ("governorate", place.governorate)
    if place.kind == "district" and place.district:
        return ("district", place.district)
    if place.kind == "region" and place.subdistrict and place.name_en.endswith("Subdistrict"):
        return ("subdistrict", place.subdistrict)
    return None


@functools.lru_cache(maxsize=8)
def load_claimants(path: str | Path | None = None) -> tuple[Claimant, ...]:
    path = Path(path) if path else DATA_DIR / "claimants.csv"
    out = []
    for row in _read_commented_csv(path):
        cid = (row.get("claimant_id") or "").strip()
        if not cid:
            raise LexiconError(f"{path}: a row has no claimant_id")
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a.strip())
        out.append(Claimant(cid, row.get("name_en", ""), row.get("name_ar", ""),
                            row.get("source_kind", ""), row.get("side", ""), aliases))
    ids = [c.claimant_id for c in out]
    for fixed in ("coalition", "sohr", "sana", "amaq", "srg", "snhr", "syria_mofa", "sdf",
                  "airwars", "un", "local", "outlet"):
        if fixed not in ids:
            raise LexiconError(f"{path}: the contract's claimant id {fixed!r} is missing")
    return tuple(out)


@functools.lru_cache(maxsize=8)
def load_cues(path: str | Path | None = None, language: str = "ar") -> dict:
    path = Path(path) if path else pack_dir(language) / "cues.yaml"
    cues = _read_yaml(path)
    for section in ("stance", "speech_verbs", "attribution", "continuation_verbs", "perpetrators",
                    "kill_cues", "wound_cues", "casualty_phrases", "counted_nouns",
                    "vague_amounts", "hedges", "civilian_qualifiers", "attack_nouns",
                    "other_actor_after_strikes"):
        if section not in cues:
            raise LexiconError(f"{path}: missing section {section!r}")
    for stance in cues["stance"]:
        if stance not in ("denies", "acknowledges", "assessing", "alleges"):
            raise LexiconError(f"{path}: unknown stance {stance!r}")
    for who in cues["perpetrators"]:
        if who not in ("coalition", "iraq", "regime", "russia", "is", "other"):
            raise LexiconError(f"{path}: unknown perpetrator {who!r}")
    return cues


@functools.lru_cache(maxsize=8)
def load_calendar(path: str | Path | None = None, language: str = "ar") -> dict:
    path = Path(path) if path else pack_dir(language) / "calendar.yaml"
    cal = _read_yaml(path)
    for section in ("months", "weekdays", "relative_days", "parts_of_day", "month_parts",
                    "hijri_months", "past_markers", "current_markers", "ordinal_days"):
        if section not in cal:
            raise LexiconError(f"{path}: missing section {section!r}")
    return cal
