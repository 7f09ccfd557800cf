"""Grouping claims from all articles into incidents.

Rules (each a plain reading of how reports of one strike differ):

1. Events. Claims that give a date and a place join one incident when their dates
   overlap (one day of slack: "فجر السبت" and "ليل الجمعة" are one night) and their places
   are within `NEAR_KM` of the incident's place, or one place is a region that contains
   the other ("ريف دير الزور الشرقي" contains Hajin). Fine places are grouped first,
   coarse ones join them afterwards, so a region never pulls two villages together.
   Wide windows ("خلال الأسابيع الماضية") join an incident but never widen it.
2. Tallies (totals over a period or a country) join when their places match or contain
   one another and their periods mostly coincide (overlap / union ≥ `TALLY_OVERLAP`).
   A tally's period is the one all its claims cover (their intersection).
3. A claim without a date or a place cannot be matched across articles; it joins an
   incident of its own article that fits what it does give (same claimant first, then
   the nearest claim in the text), or stands alone (undated / unlocated).

An incident is contested when one claimant denies harm another alleges or acknowledges,
or when two claimants' civilian tolls differ by a factor of `DISPUTE_RATIO` or more.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from collections import Counter, defaultdict
from typing import Iterable
from dataclasses import dataclass, field

from .grading import grade_incident
from .lexicon import PRECISION_RANK, Gazetteer, load_claimants
from .normalize import key
from .places import contains, distance_km
from .records import Claim, Incident

NEAR_KM = 15.0
SLACK_DAYS = 1
NARROW_DAYS = 2
TALLY_OVERLAP = 0.75
DISPUTE_RATIO = 2.0
MAX_EVENT_DAYS = 3


@dataclass
class _Group:
    kind: str
    anchor: str | None               # place id the group is keyed by
    start: dt.date | None
    end: dt.date | None
    claims: list = field(default_factory=list)


class _Near:
    """Which places may share an incident with which (cached per gazetteer)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self._cache: dict[str, tuple[str, ...]] = {}
        # fine places with a point, by latitude: a fine place's neighbours are looked up in
        # a band of NEAR_KM instead of over the whole gazetteer
        fine = sorted((p.lat, p.place_id) for p in gazetteer.places.values()
                      if PRECISION_RANK[p.precision] <= 1 and p.lat is not None)
        self._lats = [lat for lat, _ in fine]
        self._fine_ids = [pid for _, pid in fine]
        self._coarse = [p for p in gazetteer.places.values() if PRECISION_RANK[p.precision] > 1]
        self._capitals: dict[str, str] | None = None
        self._names: dict[str, list[tuple[str, frozenset]]] | None = None

    def of(self, pid: str) -> tuple[str, ...]:
        hit = self._cache.get(pid)
        if hit is None:
            place = self.gaz.places[pid]
            fine = PRECISION_RANK[place.precision] <= 1
            near = {pid}
            if fine:
                if place.lat is not None:
                    band = NEAR_KM / 110.0
                    lo = bisect.bisect_left(self._lats, place.lat - band)
                    hi = bisect.bisect_right(self._lats, place.lat + band)
                    near.update(o for o in self._fine_ids[lo:hi]
                                if distance_km(place, self.gaz.places[o]) <= NEAR_KM)
                others = self._coarse
            else:
                others = self.gaz.places.values()
            near.update(o.place_id for o in others
                        if contains(place, o) or contains(o, place))
            hit = self._cache[pid] = tuple(p for p in self.gaz.places if p in near)
        return hit

    def named_in(self, said: str) -> set[str]:
        """The villages and towns whose names (folded) could occur in `said` as
        `_merge_undated` looks for them: every word of the name is a word of the text
        (more than the exact match, never less)."""
        if self._names is None:
            self._names = defaultdict(list)
            for p in self.gaz.places.values():
                words = re.findall(r"\w+", key(p.name_ar)) if p.name_ar else []
                if words and PRECISION_RANK[p.precision] <= 1:
                    self._names[words[0]].append((p.place_id, frozenset(words)))
        words = set(re.findall(r"\w+", said))
        return {pid for w in words for pid, need in self._names.get(w, ()) if need <= words}

    def compatible(self, a: str | None, b: str | None) -> bool:
        """May claims at a and b of one article be one incident? Near or containing places,
        and a governorate's capital named for its province ("لم نرصد إصابات في الحسكة" in
        an article about a village of al-Hasakah governorate)."""
        if a not in self.gaz.places or b not in self.gaz.places:
            return True                 # unlocated, or a place the gazetteer no longer has
        if b in self.of(a):
            return True
        pa, pb = self.gaz.places[a], self.gaz.places[b]
        return (self._capital(pa) and pa.governorate == pb.governorate) or \
            (self._capital(pb) and pb.governorate == pa.governorate)

    def _capital(self, place) -> bool:
        if place.precision != "town" or not place.governorate:
            return False
        if self._capitals is None:
            self._capitals = {p.governorate: p.name_ar for p in self.gaz.places.values()
                              if p.precision == "governorate" and p.governorate}
        return bool(place.name_ar) and place.name_ar in self._capitals.get(place.governorate, "")


def _span(c: Claim) -> int | None:
    return (c.date_end - c.date_start).days if c.date_start and c.date_end else None


def _narrow(c: Claim) -> bool:
    """A claim that pins the event down: a day or two, dated as the event (not as the day
    the statement was made)."""
    return _span(c) is not None and _span(c) <= NARROW_DAYS and c.date_role == "event"


def _overlaps(c: Claim, g: _Group, slack: int = SLACK_DAYS) -> bool:
    if g.start is None or c.date_start is None:
        return False
    return c.date_start <= g.end + dt.timedelta(days=slack) and \
        c.date_end >= g.start - dt.timedelta(days=slack)


_NEAR_CACHE: dict[int, tuple[Gazetteer, "_Near"]] = {}


def _near_for(gazetteer: Gazetteer) -> "_Near":
    """One neighbour table per gazetteer, kept across calls (articles are grouped one by one)."""
    hit = _NEAR_CACHE.get(id(gazetteer))
    if hit is None or hit[0] is not gazetteer:
        if len(_NEAR_CACHE) > 4:
            _NEAR_CACHE.clear()
        hit = _NEAR_CACHE[id(gazetteer)] = (gazetteer, _Near(gazetteer))
    return hit[1]


def group_claims(claims: list[Claim], gazetteer: Gazetteer):
    """Group claims into incidents.

    Returns (incidents, {claim_id: incident_id}, {incident_id: [claimant, ...]}).
    """
    groups = claim_groups(claims, gazetteer)
    incidents, assignment, claimants = [], {}, {}
    for g in groups:
        inc = _incident(g, gazetteer)
        incidents.append(inc)
        claimants[inc.incident_id] = sorted({c.claimant for c in g.claims})
        for c in g.claims:
            assignment[c.claim_id] = inc.incident_id
    return incidents, assignment, claimants


def claim_groups(claims: list[Claim], gazetteer: Gazetteer) -> list["_Group"]:
    """The groups of claims that make incidents, before each becomes an Incident."""
    near = _near_for(gazetteer)
    places = gazetteer.places
    groups: list[_Group] = []
    by_claim: dict[str, _Group] = {}

    def precision_of(c: Claim) -> int:
        return PRECISION_RANK[places[c.place_id].precision] if c.place_id in places else 9

    complete = [c for c in claims if c.date_start and c.date_end and c.place_id in places]
    events = sorted((c for c in complete if c.kind == "event"),
                    key=lambda c: (precision_of(c) > 1, not _narrow(c), c.date_start, c.claim_id))
    # groups indexed by (place id, week) so each claim only looks at nearby, recent groups
    active: dict[tuple[str, int], list[_Group]] = defaultdict(list)

    def weeks(start: dt.date, end: dt.date):
        first = (start.toordinal() - SLACK_DAYS) // 7
        last = (end.toordinal() + SLACK_DAYS) // 7
        return range(first, min(last, first + 60) + 1)

    def register(g: _Group, start: dt.date, end: dt.date):
        for w in weeks(start, end):
            bucket = active[(g.anchor, w)]
            if not bucket or bucket[-1] is not g:
                bucket.append(g)

    for c in events:
        best = None
        claim_weeks = weeks(c.date_start, c.date_end)
        # a claim dated only by the days before publication joins an incident at its own
        # place (or an area holding it), never one at a neighbouring village
        reach = near.of(c.place_id) if c.date_role != "reported" else [
            p for p in near.of(c.place_id) if p == c.place_id or PRECISION_RANK[places[p].precision] > 1]
        for pid in reach:
            for w in claim_weeks:
                for g in active.get((pid, w), ()):
                    if (best is None or len(g.claims) > len(best.claims)) and _overlaps(c, g) \
                            and not _told_apart(c, g, places) and not _too_long(c, g):
                        best = g
        if best is None:
            best = _Group("event", c.place_id, c.date_start, c.date_end)
            groups.append(best)
            register(best, c.date_start, c.date_end)
        elif _narrow(c):
            best.start, best.end = min(best.start, c.date_start), max(best.end, c.date_end)
            register(best, best.start, best.end)
        best.claims.append(c)
        by_claim[c.claim_id] = best

    tallies = sorted((c for c in complete if c.kind == "tally"),
                     key=lambda c: (c.date_start, c.claim_id))
    tally_groups: dict[str, list[_Group]] = defaultdict(list)
    for c in tallies:
        best = None
        for pid in near.of(c.place_id):
            for g in tally_groups.get(pid, ()):
                inter = (min(g.end, c.date_end) - max(g.start, c.date_start)).days + 1
                union = (max(g.end, c.date_end) - min(g.start, c.date_start)).days + 1
                if inter > 0 and inter / union >= TALLY_OVERLAP:
                    best = g
                    break
            if best:
                break
        if best is None:
            best = _Group("tally", c.place_id, c.date_start, c.date_end)
            groups.append(best)
            tally_groups[c.place_id].append(best)
        else:
            best.start, best.end = max(best.start, c.date_start), min(best.end, c.date_end)
        best.claims.append(c)
        by_claim[c.claim_id] = best

    # 3. claims missing a date or a place: within their own article
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)
    for article_claims in by_article.values():
        article_claims.sort(key=lambda c: c.seq)
        for c in article_claims:
            if c.claim_id in by_claim:
                continue
            target = _attach(c, article_claims, by_claim, near)
            if target is None:
                target = _Group(c.kind, c.place_id, c.date_start, c.date_end)
                groups.append(target)
            target.claims.append(c)
            by_claim[c.claim_id] = target

    return _merge_undated(groups, gazetteer)


def regroup_changed(claims: list[Claim], gazetteer: Gazetteer, sizes: dict[str, int]):
    """Group again only what changed since the stored grouping. `claims` are every current
    claim with the incident id stored for it (None when new), `sizes` the stored incidents'
    claim counts. The claims with no incident and those of incidents that lost claims are
    the seeds of `touched_claims`; those claims are grouped alone.

    Returns (incident ids to drop, new incidents, {claim_id: incident_id} for the claims
    grouped, {incident_id: [claimant, ...]}): stored incidents not dropped, plus the new
    ones, are what `group_claims(claims)` gives.
    """
    held = Counter(c.incident_id for c in claims if c.incident_id)
    seeds = [c.claim_id for c in claims
             if not c.incident_id or sizes.get(c.incident_id) != held[c.incident_id]]
    touched = touched_claims(claims, gazetteer, seeds)
    part = [c for c in claims if c.claim_id in touched]          # in the order given
    incidents, assignment, claimants = group_claims(part, gazetteer)
    dropped = {c.incident_id for c in part if c.incident_id} | (set(sizes) - set(held))
    return dropped, incidents, assignment, claimants


# Two dated claims further apart than this never meet in one incident: an event's window is
# its first claim's, or at most MAX_EVENT_DAYS when narrow claims widen it, and a claim
# joins it with SLACK_DAYS of slack (a tally's window only shrinks).
REACH_DAYS = SLACK_DAYS + MAX_EVENT_DAYS - 1


def touched_claims(claims: list[Claim], gazetteer: Gazetteer, seeds: Iterable[str]) -> set[str]:
    """The claims whose grouping may change when the `seeds` (new claims, and the claims of
    incidents that lost some) are grouped again: the seeds' connected component in a graph
    that joins every two claims `claim_groups` could ever let meet, so that grouping just
    these claims gives the incidents a grouping of every claim would give them.

    Joined: the claims of one article (they attach to each other's incidents); the claims of
    one stored incident; two dated, placed claims of one kind whose places are neighbours
    (`_Near.of`, either way) and whose dates are at most REACH_DAYS apart (every claim of
    an incident is so close to the incident's first claim); claims without a date at one
    village or town (undated reports there merge across articles), and those with an
    article whose undated claims name that place in their place text (a coarse report
    that names it). Grouping is greedy and transitive: a component is closed under all of
    these, so no claim outside it could have been a candidate for one inside, or the
    reverse.

    >>> from loaders.lexicon import load_gazetteer
    >>> from loaders.records import Claim
    >>> def report(aid, day):
    ...     return Claim(claim_id=aid, article_id=aid, claimant="sohr", stance="alleges",
    ...                  perpetrator="coalition", place_id="hajin", date_role="event",
    ...                  date_start=dt.date(2018, 11, day), date_end=dt.date(2018, 11, day))
    >>> sorted(touched_claims([report("a", 1), report("b", 4), report("c", 20)],
    ...                       load_gazetteer(), ["a"]))
    ['a', 'b']
    """
    near = _near_for(gazetteer)
    places = gazetteer.places
    by_id = {c.claim_id: c for c in claims}
    by_article: dict[str, list[Claim]] = defaultdict(list)
    by_incident: dict[str, list[Claim]] = defaultdict(list)
    dated: dict[tuple[str, str], list[tuple[int, int, Claim]]] = defaultdict(list)
    undated_at: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)
        if c.incident_id:
            by_incident[c.incident_id].append(c)
        if c.date_start and c.date_end and c.place_id in places:
            dated[(c.kind, c.place_id)].append((c.date_start.toordinal(), c.date_end.toordinal(), c))
        elif not (c.date_start or c.date_end) and c.place_id in places \
                and PRECISION_RANK[places[c.place_id].precision] <= 1:
            undated_at[c.place_id].append(c)
    starts, longest = {}, {}
    for k, entries in dated.items():
        entries.sort(key=lambda t: t[0])
        starts[k] = [t[0] for t in entries]
        longest[k] = max(t[1] - t[0] for t in entries)
    dated_places = {pid for _, pid in dated}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for pid in dated_places:
        for other in near.of(pid):
            if other in dated_places:
                neighbours[pid].add(other)
                neighbours[other].add(pid)
    # the fine places an article's undated claims name in their place text
    names_of: dict[str, set[str]] = {}
    named_by: dict[str, list[str]] = defaultdict(list)
    for aid, article_claims in by_article.items():
        said = " ".join(key(c.place_text) for c in article_claims
                        if c.place_text and not (c.date_start or c.date_end))
        named = near.named_in(said) if said else set()
        if named:
            names_of[aid] = named
            for pid in named:
                named_by[pid].append(aid)

    found: set[str] = set()
    queue: list[Claim] = []
    articles_done: set[str] = set()
    incidents_done: set[str] = set()
    places_done: set[str] = set()

    def push(cs: Iterable[Claim]) -> None:
        for o in cs:
            if o.claim_id not in found:
                found.add(o.claim_id)
                queue.append(o)

    def article(aid: str) -> None:
        if aid not in articles_done:
            articles_done.add(aid)
            push(by_article[aid])
            for pid in names_of.get(aid, ()):
                undated_place(pid)

    def undated_place(pid: str) -> None:
        if pid not in places_done:
            places_done.add(pid)
            push(undated_at.get(pid, ()))
            for aid in named_by.get(pid, ()):
                article(aid)

    # claims with one kind, place and period reach the same dated claims: their
    # neighbours are scanned once (copies of one report would rescan one window each)
    spans_done: set[tuple] = set()
    push(by_id[s] for s in seeds if s in by_id)
    while queue:
        c = queue.pop()
        article(c.article_id)
        if c.incident_id and c.incident_id not in incidents_done:
            incidents_done.add(c.incident_id)
            push(by_incident[c.incident_id])
        if c.place_id in undated_at and not (c.date_start or c.date_end):
            undated_place(c.place_id)
        span = (c.kind, c.place_id, c.date_start, c.date_end)
        if c.date_start and c.date_end and c.place_id in places and span not in spans_done:
            spans_done.add(span)
            lo_day, hi_day = c.date_start.toordinal() - REACH_DAYS, c.date_end.toordinal() + REACH_DAYS
            for pid in neighbours[c.place_id]:
                k = (c.kind, pid)
                if k not in dated:
                    continue
                entries = dated[k]
                lo = bisect.bisect_left(starts[k], lo_day - longest[k])
                hi = bisect.bisect_right(starts[k], hi_day)
                push(o for start, end, o in entries[lo:hi] if end >= lo_day)
    return found


@functools.lru_cache(maxsize=1)
def _sides() -> dict[str, str]:
    """Whom each claimant speaks for (data/claimants.csv `side`), for the grade."""
    return {c.claimant_id: c.side for c in load_claimants() if c.side}


def _too_long(c: Claim, g: _Group) -> bool:
    """Daily reports from one place chain day after day; an event spans at most
    MAX_EVENT_DAYS, so a chain of them never becomes one weeks-long incident."""
    if not _narrow(c) or g.start is None:
        return False
    return (max(g.end, c.date_end) - min(g.start, c.date_start)).days + 1 > MAX_EVENT_DAYS


def _told_apart(c: Claim, g: _Group, places) -> bool:
    """The claim's own article already placed this group at another village or town: the
    article tells two strikes apart ("…، كما طال قصف مماثل بلدة الصور"), so they stay two."""
    here = places.get(c.place_id)
    if here is None or PRECISION_RANK[here.precision] > 1 or not _harm(c):
        return False
    for o in g.claims:
        if o.article_id != c.article_id or o.place_id == c.place_id or o.place_id not in places \
                or not _harm(o):
            continue
        there = places[o.place_id]
        if PRECISION_RANK[there.precision] <= 1 and not (contains(here, there) or contains(there, here)) \
                and not (here.lat is not None and there.lat is not None and distance_km(here, there) <= 1.0):
            return True
    return False


def _harm(c: Claim) -> bool:
    return c.stance in ("alleges", "acknowledges") and bool(c.civilians_max or c.killed_max)


def unresolved_days_differ(a: Claim, b: Claim) -> bool:
    """In an undated article "في 1 مايو" and "في 12 مايو" stay unresolved, yet they are two
    days: claims that name different days are two events."""
    if a.date_end or b.date_end or not a.date_text or not b.date_text:
        return False
    # day and month ("12 مايو" / "12 يونيو"); weekdays and parts of day may differ in words
    da, db = (set(re.findall(r"\d+\s*\S+", key(x.date_text))) for x in (a, b))
    return bool(da and db) and not da & db


def _merge_undated(groups: list[_Group], gazetteer: Gazetteer) -> list[_Group]:
    """Undated reports of one strike in different articles: groups with no date at all,
    placed at the same village or town, whose civilian figures (when both give some)
    differ by less than DISPUTE_RATIO, are one incident. A region, district or country
    never pulls undated reports together, and two undated groups of one article stay
    apart (the article itself told them apart)."""
    places = gazetteer.places
    by_place: dict[str, list[_Group]] = defaultdict(list)
    out, pending = [], []
    for g in groups:
        pids = {c.place_id for c in g.claims if c.place_id in places}
        undated = g.kind == "event" and not any(c.date_start or c.date_end for c in g.claims)
        fine = [p for p in pids if PRECISION_RANK[places[p].precision] <= 1]
        if undated and not fine:
            pending.append(g)
        if not undated or not fine:
            out.append(g)
            continue
        # the finest place, the one most claims give among equals (a quarter over its city)
        told = Counter(c.place_id for c in g.claims if c.place_id in fine)
        harmed = {c.place_id for c in g.claims if _harm(c)}
        pid = min(fine, key=lambda p: (p not in harmed, PRECISION_RANK[places[p].precision], -told[p], p))
        arts = {c.article_id for c in g.claims}
        target = next((o for o in by_place[pid]
                       if not arts & {c.article_id for c in o.claims} and _figures_agree(o.claims, g.claims)), None)
        if target is None:
            by_place[pid].append(g)
            out.append(g)
        else:
            target.claims.extend(g.claims)
    # A name one article left at a coarser level (three villages called القصر in the
    # governorate) and another article placed at one of them (beside its neighbour): the
    # undated reports meet at that village when the coarse place holds it and the figures agree.
    for g in pending:
        said = " ".join(key(c.place_text) for c in g.claims if c.place_text)
        coarse = [places[c.place_id] for c in g.claims if c.place_id in places]
        arts = {c.article_id for c in g.claims}
        target = next((o for pid, os_ in by_place.items() for o in os_
                       if key(places[pid].name_ar) and re.search(rf"(?<!\w){re.escape(key(places[pid].name_ar))}(?!\w)", said)
                       and all(contains(cp, places[pid]) for cp in coarse)
                       and not arts & {c.article_id for c in o.claims} and _figures_agree(o.claims, g.claims)), None)
        if target is not None:
            target.claims.extend(g.claims)
            out.remove(g)
    return out


def _figures_agree(a: list[Claim], b: list[Claim]) -> bool:
    def highs(claims):
        return [c.civilians_max if c.civilians_max is not None else c.civilians_min
                for c in claims if c.civilians_min and c.stance != "denies"]
    ha, hb = highs(a), highs(b)
    if not ha or not hb:
        return True
    return any(max(x, y) < DISPUTE_RATIO * min(x, y) for x in ha for y in hb)


def _attach(c: Claim, article_claims: list[Claim], by_claim, near: _Near) -> _Group | None:
    candidates = []
    for other in article_claims:
        g = by_claim.get(other.claim_id)
        if g is None or other.claim_id == c.claim_id:
            continue
        if not near.compatible(c.place_id, g.anchor):
            continue
        if c.date_start and c.date_end and g.start and g.end and not _overlaps(c, g):
            continue
        if c.date_end and c.date_start is None and g.end and abs((g.end - c.date_end).days) > 31:
            continue
        if g.kind != c.kind and (c.date_end or c.place_id):
            continue                     # a tally never joins an event, nor an event a tally
        if _told_apart(c, g, near.gaz.places):
            continue                     # another village where the same article reports harm
        if any(unresolved_days_differ(c, o) for o in g.claims if o.article_id == c.article_id):
            continue                     # "في 1 مايو" / "في 12 مايو" in an undated article
        same_claimant = other.claimant == c.claimant
        same_kind = g.kind == c.kind or not c.date_end
        distance = abs(other.seq - c.seq) + (0.5 if other.seq > c.seq else 0)
        # a headline's toll goes to the incident whose claims give that toll
        same_toll = c.civilians_min is not None and any(
            o.civilians_min is not None and o.stance != "denies"
            and o.civilians_min <= (c.civilians_max if c.civilians_max is not None else c.civilians_min)
            and c.civilians_min <= (o.civilians_max if o.civilians_max is not None else o.civilians_min)
            for o in g.claims)
        candidates.append((not same_toll, not same_claimant, not same_kind, distance, id(g), g))
    return min(candidates, key=lambda t: t[:5])[5] if candidates else None


def _incident(g: _Group, gazetteer: Gazetteer) -> Incident:
    claims = g.claims
    places = gazetteer.places
    counted = Counter(c.place_id for c in claims if c.place_id in places)
    if counted:
        # a village or site over any subdistrict, district or region (never a region's
        # centroid when a claim names a village), then the one most claims give, then the
        # finer, then the first
        def rank(p):
            precision = PRECISION_RANK[places[p].precision]
            return (max(precision, 1), -counted[p], precision,
                    min(c.seq for c in claims if c.place_id == p))
        place_id = min(counted, key=rank)
        place = places[place_id]
    else:
        place_id, place = None, None
    start, end, precision = _dates(g)
    scope = "|".join(sorted({s for c in claims for s in c.scope.split("|") if s})) if g.kind == "tally" else ""
    # the spread of the specific figures ("40", "at least 36", a denial's 0); a vague
    # amount ("dozens": 20–99) counts only when no claim gives a specific one
    given = [c for c in claims if c.civilians_min is not None]
    specific = [c for c in given if c.hedge not in ("vague", "range")]
    civ = [(c.civilians_min, c.civilians_max if c.civilians_max is not None else c.civilians_min)
           for c in (specific or given)]
    civ_min = min(lo for lo, _ in civ) if civ else None
    civ_max = max(hi for _, hi in civ) if civ else None
    ids = sorted(c.claim_id for c in claims)
    digest = hashlib.sha1("|".join(ids).encode()).hexdigest()[:6]
    stamp = start.strftime("%Y%m%d") if start else (end.strftime("u%Y%m%d") if end else "undated")
    incident_id = f"{'T' if g.kind == 'tally' else 'E'}{stamp}-{place_id or 'unlocated'}-{digest}"
    return Incident(
        incident_id=incident_id, kind=g.kind, date_start=start, date_end=end,
        date_precision=precision, place_id=place_id,
        place_name_en=place.name_en if place else "", place_name_ar=place.name_ar if place else "",
        lat=place.lat if place else None, lon=place.lon if place else None,
        geo_precision=place.precision if place else "",
        civilians_min=civ_min, civilians_max=civ_max, n_claims=len(claims),
        n_sources=len({c.claimant for c in claims}), n_articles=len({c.article_id for c in claims}),
        contested=is_contested(claims, by_scope=g.kind == "tally"), scope=scope,
        grade=grade_incident(claims, _sides()))


def _dates(g: _Group):
    dated = [c for c in g.claims if c.date_start or c.date_end]
    core = _agreed_days(g.claims) if g.kind == "event" else None
    if core:
        start, end = core
    elif g.start and g.end:
        start, end = g.start, g.end
    elif dated:
        narrow = [c for c in dated if _narrow(c)]
        pool = narrow or dated
        starts = [c.date_start for c in pool if c.date_start]
        ends = [c.date_end for c in pool if c.date_end]
        start, end = (min(starts) if starts else None), (max(ends) if ends else None)
    else:
        return None, None, ""
    if dated and all(c.date_precision == "reported" for c in dated):
        return start, end, "reported"       # no event day in the text: the days before publication
    if start and end and start == end:
        return start, end, "day"
    precisions = {c.date_precision for c in dated}
    if start and end and len(precisions) == 1 and precisions <= {"month", "year"}:
        return start, end, precisions.pop()
    return start, end, "range"


def _agreed_days(claims: list[Claim]) -> tuple[dt.date, dt.date] | None:
    """The days at least two narrow claims agree on (first to last), when there are such
    days: one report dating the strike a day later does not stretch the incident."""
    narrow = [c for c in claims if _narrow(c)]
    if len(narrow) < 2:
        return None
    cover = Counter()
    for c in narrow:
        for k in range(_span(c) + 1):
            cover[c.date_start + dt.timedelta(days=k)] += 1
    agreed = sorted(d for d, n in cover.items() if n >= 2)
    return (agreed[0], agreed[-1]) if agreed else None


def is_contested(claims: list[Claim], by_scope: bool = False) -> bool:
    """One claimant denies harm that another alleges or acknowledges, or two claimants'
    civilian tolls differ by DISPUTE_RATIO or more.

    >>> from loaders.records import Claim
    >>> a = Claim(claim_id="a", article_id="x", claimant="sohr", stance="alleges", perpetrator="coalition", civilians_min=36, civilians_max=36)
    >>> b = Claim(claim_id="b", article_id="x", claimant="coalition", stance="denies", perpetrator="coalition", civilians_min=0, civilians_max=0)
    >>> is_contested([a]), is_contested([a, b])
    (False, True)
    """
    if by_scope:
        # a Syria-and-Iraq total is not disputed by a Syria-only one: compare like with like
        scopes = {c.scope for c in claims if c.scope}
        if len(scopes) > 1:
            return any(is_contested([c for c in claims if c.scope in (sc, "")]) for sc in scopes)
    deniers = {c.claimant for c in claims if c.stance == "denies"}
    harm = {c.claimant for c in claims if c.stance in ("alleges", "acknowledges")
            and ((c.civilians_max or 0) > 0 or (c.killed_max or 0) > 0)}
    if deniers and harm - deniers:
        return True
    tolls: dict[str, tuple[int, int]] = {}
    for c in claims:
        if c.civilians_min is None or c.stance == "denies":
            continue
        hi = c.civilians_max if c.civilians_max is not None else c.civilians_min
        lo, old_hi = tolls.get(c.claimant, (c.civilians_min, hi))
        tolls[c.claimant] = (min(lo, c.civilians_min), max(old_hi, hi))
    if len(tolls) >= 2:
        lowest_high = min(hi for _, hi in tolls.values())
        highest_low = max(lo for lo, _ in tolls.values())
        if lowest_high > 0 and highest_low / lowest_high >= DISPUTE_RATIO:
            return True
    return False
