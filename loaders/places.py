"""Place names in Arabic text, matched against the gazetteer.

Names are matched on normalised text (alef/hamza, ة/ه, ى/ي, diacritics, tatweel, Persian
letters), as whole words that may carry clitics (بهجين، والباغوز، للبقعان), longest name
first (الباغوز فوقاني before الباغوز, ريف دير الزور الشرقي before دير الزور).

>>> [m.place.place_id for m in find_places("قتلى في قرية البقعان بناحية هجين")]
['buqaan', 'hajin_subdistrict']
"""
from __future__ import annotations

import math
import re

from .lexicon import PRECISION_RANK, VICINITY, Gazetteer, load_gazetteer
from .normalize import Text, normalize, normalize_pattern
from .records import Place, PlaceMention

# A settlement word right before a name that is also a common word or a person's name.
# (Prepositions alone are not enough: "في صور نشرتها" is "in pictures".)
_CONTEXT = re.compile(normalize_pattern(
    r"(?<!\w)[وفبل]?(?:قرية|قريتي|قرى|بلدة|بلدتي|بلدات|مدينة|مدينتي|منطقة|منطقتي|ناحية|حي|مخيم|"
    r"أطراف|محيط|ريف|قرب|بالقرب من|غرب|شرق|شمال|جنوب|غربي|شرقي|شمالي|جنوبي|مزرعة|جسر|"
    r"باتجاه|مناطق|حقل|معمل|مطار|أهالي|سكان)\s+(?:[وب]?\w+\s+)?$"))


_MATCHERS: dict[int, tuple[Gazetteer, re.Pattern]] = {}
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


def _matcher(gazetteer: Gazetteer) -> re.Pattern:
    cached = _MATCHERS.get(id(gazetteer))
    if cached and cached[0] is gazetteer:
        return cached[1]
    alts = sorted(gazetteer.names, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in alts)
    # clitics و ف ب ك ل, then the name; "للبقعان" is ل + البقعان with the alef of ال dropped
    rx = re.compile(rf"(?<![\w\d])(?P<clitic>[وف]?(?:[بكل]|لل(?=[^ا]))?)(?P<name>{body})(?!\w)"
                    rf"|(?<![\w\d])(?P<clitic2>[وف]?لل)(?P<bare>\w[^\s]*(?:\s+\w+)?)(?!\w)")
    _MATCHERS[id(gazetteer)] = (gazetteer, rx)
    return rx


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
        return _disambiguate(_find_latin_places(t, gaz, mask))
    s = t.norm
    out = []
    for m in _matcher(gaz).finditer(s):
        if m.group("name"):
            a, b = m.span("name")
            name = re.sub(r"\s+", " ", m.group("name"))
            entries = gaz.names.get(name)
            clitic = m.group("clitic")
        else:
            a, b = m.span("bare")
            words = m.group("bare").split()
            entries, name = None, ""
            for n in (len(words), 1):
                name = "ال" + " ".join(words[:n])
                entries = gaz.names.get(name)
                if entries:
                    b = a + len(" ".join(words[:n])) if n == 1 else b
                    break
            clitic = m.group("clitic2")
        if not entries:
            continue
        if mask and any(a < mb and ma < b for ma, mb in mask):
            continue
        # a number right before ("28 سوريا" = 28 Syrians) is a count, not a place
        if re.search(r"\d\s*$", s[max(0, m.start() - 3):m.start()]):
            continue
        lead = s[max(0, m.start() - 30):m.start()]
        usable = [pid for pid, needs_context in entries
                  if not needs_context or clitic or _CONTEXT.search(lead)]
        if not usable:
            continue
        oa, ob = t.orig_span(a, b)
        for pid in usable[:1] if len(usable) == 1 else usable:
            out.append(PlaceMention(place=gaz.places[pid], text=t.original[oa:ob], span=(oa, ob)))
    return _disambiguate(out)


def _disambiguate(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Where one name fits several places (الكشمة on both banks), keep the one nearest
    to the places named unambiguously in the same text."""
    by_span: dict[tuple[int, int], list[PlaceMention]] = {}
    for m in mentions:
        by_span.setdefault(m.span, []).append(m)
    anchors = [ms[0].place for ms in by_span.values()
               if len(ms) == 1 and ms[0].place.lat is not None
               and PRECISION_RANK[ms[0].place.precision] <= 1]
    out = []
    for span, ms in sorted(by_span.items()):
        if len(ms) == 1 or not anchors:
            out.append(ms[0])
            continue
        out.append(min(ms, key=lambda m: min(distance_km(m.place, a) for a in anchors)))
    return out


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


def contains(coarse: Place, fine: Place) -> bool:
    """Does the coarse place (a region, district, country) cover the fine one?"""
    if coarse.place_id == fine.place_id:
        return True
    if PRECISION_RANK[coarse.precision] <= PRECISION_RANK[fine.precision]:
        return False
    if coarse.radius_km is None:
        return bool(coarse.admin2) and coarse.admin2 == fine.admin2
    return distance_km(coarse, fine) <= coarse.radius_km
