"""Place names in Arabic text, matched against the gazetteer.

Names are matched on normalised text (alef/hamza, ة/ه, ى/ي, diacritics, tatweel, Persian
letters) and then folded the same way on both sides (`lexicon.fold_name`: ابو/البو joined to
the next word, a long word's final ة/ا/ي dropped). A name is looked up word by word in a
dictionary of folded names, longest first (الباغوز فوقاني before الباغوز, ريف دير الزور الشرقي
before دير الزور), on words that may carry clitics (بهجين، والباغوز، للبقعان).

Whether a name counts depends on its row's `match` mode:
- `always`: a name only places use (هجين، الباغوز);
- `context`: a place context is needed: a settlement word right before it (قرية، بلدة، قرب،
  شرق …) or an attached ب (بالقورية), or it follows a place in a list ("قرى الباغوز والسوسة"),
  or a place named in the same text lies within NEIGHBOUR_KM;
- `strict` (one-word village names, which are often also words or family names): a
  settlement word, or a list that one introduced.
A separate preposition (في، على) is not a place context: "في السوق" is "in the market".
A name right after آل/عائلة/أبناء/عشيرة is a family, never a place.

>>> [m.place.place_id for m in find_places("قتلى في قرية البقعان بناحية هجين")]
['buqaan', 'hajin_subdistrict']
"""
from __future__ import annotations

import functools
import math
import re

from .lexicon import _JOINED, PRECISION_RANK, VICINITY, Gazetteer, fold_word, load_gazetteer
from .normalize import Text, key
from .records import Place, PlaceMention

NEIGHBOUR_KM = 15.0
FAR_KM = 100.0
_LONGEST = 6                        # words in the longest gazetteer name

# Nouns after which a name is a settlement (قرية الحمد). Clitics و ف ب ل may be attached.
SETTLEMENT_NOUNS = frozenset(key(w) for w in (
    "قرية قريتي قريتا قرى بلدة بلدتي بلدتا بلدات مدينة مدينتي مدينتا مدن منطقة منطقتي مناطق "
    "ناحية نواحي مخيم مخيمات مزرعة مزارع بلدية تجمع").split())
# Words that put a place after them, but also a common noun ("شرق المدينة"): enough for a
# `context` name, not for a `strict` one.
PLACE_LEADS = frozenset(key(w) for w in (
    "ريف ارياف أطراف محيط ضواحي قرب مقربة غرب شرق شمال جنوب غربي شرقي شمالي جنوبي باتجاه "
    "نحو حقل معمل مطار أهالي سكان جسر مدخل").split())
_NEAR_FROM = (key("بالقرب"), key("من"))          # "بالقرب من X"
FAMILY_WORDS = frozenset(key(w) for w in (
    "آل عائلة عائلات أسرة أسر أبناء ابن بني بنو عشيرة عشائر قبيلة قبائل").split())
_CLITIC_SPLITS = ("و", "ف", "ب", "ك", "ل", "وب", "فب", "وك", "ول", "فل")
_WORD = re.compile(r"\w+")
_DIGIT_BEFORE = re.compile(r"\d\s*$")
# what may stand between two items of a list of places: و (attached), a comma, او, ثم
_LIST_SEPARATOR = re.compile(r'^[\s"\'()«»]*(?:[،,]|و|او|ثم)[\s"\'()«»]*$')


def _splits(word: str):
    """(clitic, stem) readings of a word: the whole word first."""
    yield "", word
    for c in _CLITIC_SPLITS:
        if word.startswith(c) and len(word) - len(c) >= 2:
            yield c, word[len(c):]
    for c in ("لل", "ولل", "فلل"):              # ل + ال contracts: للبقعان = ل + البقعان
        if word.startswith(c) and len(word) - len(c) >= 2:
            yield c, "ال" + word[len(c):]

_LATIN_MATCHERS: dict[int, tuple[Gazetteer, re.Pattern]] = {}

# English: a settlement word before a name that is also a common word ("the town of Sur"),
# and words that make a town a reference point rather than the place itself ("outside the
# city of Deir Ezzor", "26km west of Raqqa", "near Hajin"): the claim is in its district.
_CONTEXT_EN = re.compile(r"(?<!\w)(?:village|villages|town|towns|city|area|district|outskirts|"
                         r"countryside|camp|near|in|at)\s+(?:of\s+)?(?:the\s+)?$")
_VICINITY_EN = re.compile(r"(?<!\w)(?:outside|near|nearby|around|between|outskirts\s+of|(?:north|south|east|west|"
                          r"northeast|northwest|southeast|southwest|north-east|north-west|south-east|"
                          r"south-west)(?:ern)?\s+of)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:city\s+of\s+|town\s+of\s+)?$")


def _latin_matcher(gazetteer: Gazetteer) -> re.Pattern:
    cached = _LATIN_MATCHERS.get(id(gazetteer))
    if cached and cached[0] is gazetteer:
        return cached[1]
    alts = sorted(gazetteer.latin, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"[\s\-]+") for n in alts) or r"(?!x)x"
    rx = re.compile(rf"(?<![\w\-])(?:(?:al|el|as|ad|ash|an|ar|at|az|ath|adh)[\s\-])?(?P<name>{body})(?![\w\-])")
    _LATIN_MATCHERS[id(gazetteer)] = (gazetteer, rx)
    return rx


def _find_latin_places(t: Text, gaz: Gazetteer, mask) -> list[PlaceMention]:
    s = t.norm
    out = []
    for m in _latin_matcher(gaz).finditer(s):
        a, b = m.span("name")
        entries = gaz.latin.get(re.sub(r"[\s\-]+", " ", m.group("name")))
        if not entries or (mask and any(a < mb and ma < b for ma, mb in mask)):
            continue
        if re.search(r"\d\s*$", s[max(0, m.start() - 3):m.start()]):
            continue
        lead = s[max(0, m.start() - 40):m.start()]
        usable = [pid for pid, needs_context in entries if not needs_context or _CONTEXT_EN.search(lead)]
        oa, ob = t.orig_span(a, b)
        for pid in usable:
            place = gaz.places[pid]
            if place.precision == "town" and _VICINITY_EN.search(lead):
                place = gaz.places.get(pid + VICINITY, place)
            out.append(PlaceMention(place=place, text=t.original[oa:ob], span=(oa, ob)))
    return out


@functools.lru_cache(maxsize=65536)
def _lead_word(word: str) -> str:
    """What a word is as the word before a name: 'noun', 'lead', 'family' or ''."""
    for _, stem in _splits(word):
        if stem in FAMILY_WORDS:
            return "family"
        if stem in SETTLEMENT_NOUNS:
            return "noun"
        if stem in PLACE_LEADS:
            return "lead"
    return ""


def _lead(tokens: list[str], i: int) -> str:
    """What stands before the name at word `i` ('noun', 'lead', 'family' or '')."""
    if i == 0:
        return ""
    kind = _lead_word(tokens[i - 1])
    if not kind and tokens[i - 1] == _NEAR_FROM[1] and i >= 2 \
            and tokens[i - 2].lstrip("و") == _NEAR_FROM[0]:
        return "lead"
    if not kind and tokens[i - 1] == _ON and any(
            _attack_word(tokens[j]) for j in range(max(0, i - 4), i - 1)):
        return "lead"                   # "غارات على الشحيل", "قصف مدفعي على …": the target
    return kind


_ON = key("على")
_ATTACK_STEMS = frozenset(key(w) for w in (
    "قصف غارة غارات ضربة ضربات استهداف هجوم هجمات قذائف صواريخ").split())


@functools.lru_cache(maxsize=65536)
def _attack_word(word: str) -> bool:
    return any(stem in _ATTACK_STEMS for _, stem in _splits(word))


_fold = functools.lru_cache(maxsize=65536)(fold_word)
_READINGS: dict[int, tuple[Gazetteer, dict]] = {}


def _readings(gaz: Gazetteer) -> dict:
    """Per gazetteer, a cache: word → its (clitic, stem) readings that may begin a name."""
    hit = _READINGS.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        hit = _READINGS[id(gaz)] = (gaz, {})
    return hit[1]


_PREFIXES: dict[int, tuple[Gazetteer, frozenset]] = {}


def _prefixes(gaz: Gazetteer) -> frozenset:
    """Per gazetteer: every leading run of words of a name key ("دير", "دير الزور"), so the
    scan of a name stops at the first word no name goes on with."""
    hit = _PREFIXES.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        out = set()
        for k in gaz.names:
            words = k.split(" ")
            out.update(" ".join(words[:j]) for j in range(1, len(words) + 1))
        hit = _PREFIXES[id(gaz)] = (gaz, frozenset(out))
    return hit[1]


def _starts(word: str, gaz: Gazetteer, cache: dict) -> tuple:
    hit = cache.get(word)
    if hit is None:
        out = []
        for clitic, stem in _splits(word):
            if stem in _JOINED or _fold(stem) in gaz.first_words:
                out.append((clitic, stem))
        hit = cache[word] = tuple(out)
    return hit


def _candidates(t: Text, gaz: Gazetteer):
    """Every name found, longest first at each word:
    (start, end, word start, [(place id, mode)], what stands before it)."""
    s = t.norm
    tokens = _WORD.findall(s)
    cache = _readings(gaz)
    get = cache.get
    # the words that may begin a name (most words of a sentence do not): a cached lookup
    begins = [i for i, w in enumerate(tokens)
              if (get(w) if w in cache else _starts(w, gaz, cache))]
    if not begins:
        return
    spans = list(_WORD.finditer(s))          # (match objects: .start()/.end() when used)
    n_words = len(tokens)
    prefixes = _prefixes(gaz)
    upto = 0                                 # words before this are inside a name found
    for i in begins:
        if i < upto:
            continue
        best = None
        # "مدينة", "بريف" alone are settlement words, never names; they may begin one
        # ("مدينة دير الزور", "ريف البوكمال")
        one_word_ok = _lead_word(tokens[i]) not in ("noun", "lead")
        for clitic, stem in cache[tokens[i]]:
            k = written = ""
            n = i                            # words used so far
            while n < n_words and n < i + _LONGEST:
                w = stem if n == i else tokens[n]
                n += 1
                if w in _JOINED and n < n_words:      # ابو حمام = ابوحمام
                    w, n = w + tokens[n], n + 1
                k = f"{k} {_fold(w)}" if k else _fold(w)
                written = f"{written} {w}" if written else w
                if k not in prefixes:
                    break                    # no name goes on like this
                entries = gaz.names.get(k) if (n > i + 1 or one_word_ok) else None
                if entries and (best is None or n > best[0]):
                    best = (n, clitic, entries, gaz.exact.get(written, frozenset()))
        if best is None:
            continue
        n, clitic, entries, exact = best
        entries = resolve(entries, exact)
        lead = _lead(tokens, i)
        word_start = spans[i].start()
        if not lead and clitic.endswith("ب") and s.startswith("ال", word_start + len(clitic)):
            lead = "lead"                # an attached preposition of place: بالقورية (not بصور)
        yield word_start + len(clitic), spans[n - 1].end(), word_start, entries, lead
        upto = n


def resolve(entries, exact: frozenset) -> list[tuple[str, str]]:
    """The places a written name stands for, among those sharing its folded key: the ones
    that list it exactly as written (صالحة is not صالح), else all of them, held to the strict
    rule (a name that matches only through the final-letter fold is weaker evidence).

    >>> resolve((("a", "always"), ("b", "context")), frozenset({"b"}))
    [('b', 'context')]
    """
    written = [(pid, mode) for pid, mode in entries if pid in exact]
    if written:
        return written
    return [(pid, "never" if mode == "never" else "strict") for pid, mode in entries]


def find_places(text: str | Text, gazetteer: Gazetteer | None = None,
                mask: list[tuple[int, int]] | None = None, *, language: str = "ar") -> list[PlaceMention]:
    """Every gazetteer place named in `text` (spans refer to the original string).

    `mask` lists normalised-text spans to ignore (claimant names such as
    "قوات سوريا الديمقراطية" that contain a place name). English text is matched
    against the gazetteer's Latin spellings.

    >>> [m.place.place_id for m in find_places("an airstrike on Hajeen, near al-Mayadeen", language="en")]
    ['hajin', 'mayadin_vicinity']
    """
    gaz = gazetteer or load_gazetteer()
    t = text if isinstance(text, Text) else Text(text)
    if language != "ar":
        by_span: dict = {}
        for m in _find_latin_places(t, gaz, mask):
            by_span.setdefault((m.span, m.text), []).append(m.place)
        return _disambiguate([(span, text, ps) for (span, text), ps in sorted(by_span.items())], gaz)
    s = t.norm
    found = []                       # [start, end, accepted place ids, [(id, mode) waiting]]
    for a, b, word_start, entries, lead in _candidates(t, gaz):
        if mask and any(a < mb and ma < b for ma, mb in mask):
            continue
        # a number right before ("28 سوريا" = 28 Syrians) is a count, not a place
        if _DIGIT_BEFORE.search(s, max(0, word_start - 3), word_start):
            continue
        if lead == "family":
            continue
        now = [pid for pid, mode in entries if mode == "always" or (lead == "noun" and mode != "never")
               or (lead == "lead" and mode == "context")]
        later = [(pid, mode) for pid, mode in entries if pid not in now and mode != "never"]
        sure = {pid for pid, mode in entries if mode == "always"}
        found.append([a, b, now, later, sure])
    if not found:
        return []
    _accept_by_neighbours(found, gaz, s)
    _drop_far(found, gaz)
    out = []
    for a, b, pids, _, _ in found:
        if not pids:
            continue
        oa, ob = t.orig_span(a, b)
        out.append(((oa, ob), t.original[oa:ob], [gaz.places[p] for p in pids]))
    return _disambiguate(out, gaz)


def _accept_by_neighbours(found: list, gaz: Gazetteer, s: str) -> None:
    """Names waiting for a context: the next item of a list whose previous item is a place
    ("strict" and "context" rows), or a place within NEIGHBOUR_KM of one already accepted
    ("context" rows). Repeats while a new place is accepted (a list of several villages)."""
    changed = True
    while changed:
        changed = False
        accepted = [gaz.places[p] for f in found for p in f[2]
                    if PRECISION_RANK[gaz.places[p].precision] <= 1]
        for k, f in enumerate(found):
            if f[2] or not f[3]:
                continue
            prev = found[k - 1] if k else None
            in_list = bool(prev and prev[2] and _LIST_SEPARATOR.match(s[prev[1]:f[0]]))
            for pid, mode in f[3]:
                place = gaz.places[pid]
                near = mode == "context" and any(
                    distance_km(place, other) <= NEIGHBOUR_KM for other in accepted
                    if other.place_id != pid)
                if in_list or near:
                    f[2].append(pid)
            if f[2]:
                f[3] = []
                changed = True


def _drop_far(found: list, gaz: Gazetteer) -> None:
    """A village accepted only by its context that lies more than FAR_KM from every place
    named by an `always` name in the same text is another place of that name, one the
    gazetteer lacks ("حي القصور بمدينة دير الزور" is not al-Qusur near al-Thawrah)."""
    anchors = [gaz.places[p] for f in found for p in f[4]
               if gaz.places[p].lat is not None and PRECISION_RANK[gaz.places[p].precision] <= 1]
    if not anchors:
        return
    for f in found:
        unsure = [p for p in f[2] if p not in f[4]]
        for pid in unsure:
            if all(distance_km(gaz.places[pid], a) > FAR_KM for a in anchors):
                f[2].remove(pid)


def _disambiguate(found: list, gaz: Gazetteer) -> list[PlaceMention]:
    """Where one name fits several places (الكشمة on both banks, a village name repeated in
    three governorates), keep the one nearest to the places named unambiguously in the same
    text; with no such place, the one inside an area the text names (a governorate, a
    region); else the finest administrative row they all share (subdistrict,
    district, governorate; none when only the country), so a claim is never pinned to a
    guessed village."""
    anchors = [ps[0] for _, _, ps in found if len(ps) == 1 and ps[0].lat is not None
               and PRECISION_RANK[ps[0].precision] <= 1]
    areas = [ps[0] for _, _, ps in found if len(ps) == 1 and PRECISION_RANK[ps[0].precision] > 1]
    out = []
    for span, text, ps in found:
        if len(ps) == 1:
            place = ps[0]
        elif anchors:
            place = min(ps, key=lambda p: min(distance_km(p, a) for a in anchors))
        else:
            # "قرية X بريف دير الزور": the ones inside an area the text names
            inside = [p for p in ps if any(contains(area, p) for area in areas)] or ps
            place = inside[0] if len(inside) == 1 else _common_level(inside, gaz)
        if place is not None:
            out.append(PlaceMention(place=place, text=text, span=span))
    return out


def _common_level(places: list[Place], gaz: Gazetteer) -> Place | None:
    for level in ("subdistrict", "district", "governorate"):
        values = {getattr(p, level) for p in places}
        if len(values) == 1 and "" not in values:
            pid = gaz.levels.get((level, values.pop()))
            if pid:
                return gaz.places[pid]
    return None                      # only the country in common: better unlocated than Syria


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places (inf when either has no point)."""
    if a.lat is None or b.lat is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def finest(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The most precise place mentioned (the first one among equals)."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: (PRECISION_RANK[m.place.precision], m.span[0]))


_LEVEL_OF_KIND = {"governorate": "governorate", "district": "district"}


def _is_subdistrict(place: Place) -> bool:
    return bool(place.subdistrict) and place.name_en.endswith("Subdistrict")


def contains(coarse: Place, fine: Place) -> bool:
    """Does the coarse place (a region, subdistrict, district, country) cover the fine one?
    An administrative row covers every place of its unit (data/gazetteer.md); a region
    covers what lies within its radius."""
    if coarse.place_id == fine.place_id:
        return True
    if coarse.kind == "district" and _is_subdistrict(fine):
        # a subdistrict row has a district's precision, yet lies inside its district
        return bool(coarse.district) and (coarse.governorate, coarse.district) == (fine.governorate, fine.district)
    if PRECISION_RANK[coarse.precision] <= PRECISION_RANK[fine.precision]:
        return False
    level = _LEVEL_OF_KIND.get(coarse.kind) or ("subdistrict" if _is_subdistrict(coarse) else None)
    if level and getattr(coarse, level) and getattr(coarse, level) == getattr(fine, level):
        return True
    if coarse.radius_km is None:
        return bool(coarse.admin2) and coarse.admin2 == fine.admin2
    return distance_km(coarse, fine) <= coarse.radius_km
