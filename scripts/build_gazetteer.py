"""Regenerate data/gazetteer.csv from the two shared gazetteers and the project's additions.

    .venv/bin/python scripts/build_gazetteer.py            # write data/gazetteer.csv
    .venv/bin/python scripts/build_gazetteer.py --check    # exit 1 when the file is stale

Inputs (never edited here):
- ../shared/gazetteer/deir_ez_zor_places.csv: the hand-sourced places (their points win);
- ../shared/gazetteer/eastern_syria_places_wof.csv: Who's On First / GeoNames populated places;
- data/gazetteer_additions.csv: the project's own rows (regions, neighbouring governorates) and
  its match columns for source rows (see data/gazetteer.md).

The additions' build-only `spellings` column adds news spellings to a source row's alt_names
(matched under the row's own `match` mode, unlike `match_names`, which always match).

A WOF place that is the same place as a hand-sourced one (a shared Arabic name within
TWIN_KM, or listed in the additions' `twins` column) is merged into it: the hand row keeps its
point, source and confidence and gains the WOF row's spellings. Every other WOF place becomes a
row of its own. Each row then gets its governorate, district and subdistrict.
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "gazetteer"
HAND = SHARED / "deir_ez_zor_places.csv"
WOF = SHARED / "eastern_syria_places_wof.csv"
ADDITIONS = ROOT / "data" / "gazetteer_additions.csv"
OUT = ROOT / "data" / "gazetteer.csv"

SOURCE_COLUMNS = ["id", "name_en", "name_ar", "alt_names", "kind", "lat", "lon", "admin2",
                  "source", "confidence"]
PROJECT_COLUMNS = ["geo_precision", "match", "match_names", "no_match", "radius_km",
                   "governorate", "district", "subdistrict"]
COLUMNS = SOURCE_COLUMNS + PROJECT_COLUMNS
TWIN_KM = 5.0

# The districts' names as the two sources write them → one spelling (OCHA's, as in the hand file).
DISTRICTS = {
    "Deir ez-Zor": ("Deir ez-Zor", "Deir ez-Zor"), "Abu Kamal": ("Deir ez-Zor", "Abu Kamal"),
    "al-Mayadin": ("Deir ez-Zor", "al-Mayadin"),
    "Al-Hasakeh": ("al-Hasakah", "al-Hasakah"), "Hasakah": ("al-Hasakah", "al-Hasakah"),
    "Quamishli": ("al-Hasakah", "al-Qamishli"), "Al-Malikeyyeh": ("al-Hasakah", "al-Malikiyah"),
    "Ras Al Ain": ("al-Hasakah", "Ras al-Ayn"), "Ar-Raqqa": ("Raqqa", "Raqqa"),
    "Raqqa": ("Raqqa", "Raqqa"), "Tell Abiad": ("Raqqa", "Tell Abyad"),
    "Ath-Thawrah": ("Raqqa", "al-Thawrah"), "Al-Qa'im": ("Anbar (Iraq)", "al-Qa'im"),
    "Tadmur": ("Homs", "Tadmur"),
}
_OUTSIDE = re.compile(r"outside: (.+?) District, (.+?) Gov\.")


class GazetteerBuildError(ValueError):
    """An input file is malformed; the message names the file and the row."""


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerBuildError(f"{path}: cannot read ({exc.strerror})") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    for n, row in enumerate(rows, start=2):
        if None in row or not (row.get("id") or "").strip():
            raise GazetteerBuildError(f"{path}: row {n} has no id or too many cells")
    return rows


def _km(a: dict, b: dict) -> float:
    if not (a.get("lat") and b.get("lat")):
        return math.inf
    p1, p2 = math.radians(float(a["lat"])), math.radians(float(b["lat"]))
    dl = math.radians(float(b["lon"]) - float(a["lon"]))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def _arabic_names(row: dict) -> set[str]:
    """A row's Arabic names as the loaders match them (normalised and folded)."""
    from loaders.lexicon import fold_name
    from loaders.normalize import key
    names = [row["name_ar"]] + (row.get("alt_names") or "").split("|")
    return {fold_name(key(n)) for n in names if re.search(r"[\u0600-\u06FF]", n)}


def _join(*values: str) -> str:
    """'|'-joined values without repeats (first spelling kept), empty ones dropped."""
    from loaders.normalize import key
    seen, out = set(), []
    for v in "|".join(values).split("|"):
        k = key(v)
        if v.strip() and k not in seen:
            seen.add(k)
            out.append(v.strip())
    return "|".join(out)


def _admin_of(admin2: str) -> tuple[str, str]:
    """(governorate, district) from a source's admin2 cell ('' when it does not say)."""
    m = _OUTSIDE.match(admin2)
    name = m.group(1) if m else re.sub(r"\s*\(.*", "", admin2).strip()
    return DISTRICTS.get(name, ("", ""))


def _feature_code(row: dict) -> str:
    m = re.search(r"feature code (\w+)", row.get("source") or "")
    return m.group(1) if m else ""


def build(hand_path: Path = HAND, wof_path: Path = WOF,
          additions_path: Path = ADDITIONS) -> list[dict[str, str]]:
    """The merged gazetteer rows, in order: hand rows, the project's own rows, WOF rows."""
    hand = read_rows(hand_path)
    wof = read_rows(wof_path)
    additions = read_rows(additions_path)
    for path, rows in ((hand_path, hand), (wof_path, wof)):
        missing = [c for c in SOURCE_COLUMNS if c not in rows[0]]
        if missing:
            raise GazetteerBuildError(f"{path}: missing column(s) {', '.join(missing)}")
    hand_ids = {r["id"] for r in hand}
    wof_by_id = {r["id"]: r for r in wof}
    clash = hand_ids & set(wof_by_id)
    if clash:
        raise GazetteerBuildError(f"{wof_path}: id(s) also in {hand_path.name}: {sorted(clash)}")
    amend = {r["id"]: r for r in additions if r["id"] in hand_ids or r["id"] in wof_by_id}
    own = [r for r in additions if r["id"] not in amend]
    for r in amend.values():
        moved = [c for c in SOURCE_COLUMNS[1:] if (r.get(c) or "").strip()]
        if moved:
            raise GazetteerBuildError(
                f"{additions_path}: row {r['id']!r} amends a source row and may set only the "
                f"project's columns, not {', '.join(moved)} (improve the source file instead)")
    for r in own:
        if (r.get("spellings") or "").strip():
            raise GazetteerBuildError(f"{additions_path}: new row {r['id']!r} sets `spellings`; "
                                      "a row of our own lists its spellings in alt_names")
        for c in ("name_en", "kind", "source", "confidence"):
            if not (r.get(c) or "").strip():
                raise GazetteerBuildError(f"{additions_path}: new row {r['id']!r} has no {c}")

    # twins: a WOF place that is a hand-sourced place
    twins: dict[str, list[str]] = {h["id"]: [] for h in hand}
    taken: set[str] = set()
    for h in hand:
        listed = (amend.get(h["id"], {}).get("twins") or "").strip()
        if listed == "-":
            continue
        for wid in filter(None, listed.split("|")):
            if wid not in wof_by_id:
                raise GazetteerBuildError(f"{additions_path}: {h['id']!r} lists unknown WOF id {wid!r}")
            twins[h["id"]].append(wid)
            taken.add(wid)
    blocked = {h["id"] for h in hand if (amend.get(h["id"], {}).get("twins") or "").strip()}
    points = [h for h in hand if h["kind"] in ("city", "town", "village") and h["id"] not in blocked]
    for w in wof:
        if w["id"] in taken:
            continue
        names = _arabic_names(w)
        near = [(_km(h, w), h["id"]) for h in points if names & _arabic_names(h)]
        near = [t for t in near if t[0] <= TWIN_KM]
        if near:
            twins[min(near)[1]].append(w["id"])
            taken.add(w["id"])

    out: list[dict[str, str]] = []
    for h in hand:
        row = {c: h.get(c, "") for c in COLUMNS}
        merged = [wof_by_id[w] for w in twins[h["id"]]]
        if merged:
            row["alt_names"] = _join(h["alt_names"], *(f"{w['name_ar']}|{w['alt_names']}" for w in merged))
            row["source"] += "; spellings also from " + "; ".join(
                re.sub(r"^github (\S+) (\S+) \((WOF \d+ = GeoNames \d+).*", r"\3", w["source"])
                for w in merged) + " (Who's On First, GeoNames CC BY 4.0)"
        out.append(row)
    for r in own:
        out.append({c: r.get(c, "") for c in COLUMNS})
    for w in wof:
        if w["id"] not in taken:
            row = {c: w.get(c, "") for c in COLUMNS}
            row["geo_precision"] = "town"
            # a one-word village name is often also a word or a family name (السوق، الحمد)
            names = [n for n in [w["name_ar"]] + w["alt_names"].split("|") if re.search(r"[\u0600-\u06FF]", n)]
            row["match"] = "strict" if any(len(n.split()) == 1 for n in names) else "context"
            out.append(row)

    by_id = {r["id"]: r for r in out}
    for pid, a in amend.items():
        if pid in wof_by_id and pid in taken:
            raise GazetteerBuildError(f"{additions_path}: {pid!r} is merged into a hand row; amend that row")
        for c in PROJECT_COLUMNS:
            if (a.get(c) or "").strip():
                by_id[pid][c] = a[c].strip()
        spellings = (a.get("spellings") or "").strip()
        if spellings:
            row = by_id[pid]
            row["alt_names"] = _join(row["alt_names"], spellings)
            row["source"] += f"; spelling(s) {spellings} added by Rasd (news usage; matched under the row's match mode)"
    codes = {pid: {_feature_code(wof_by_id[w]) for w in ws} for pid, ws in twins.items()}
    codes.update({r["id"]: {_feature_code(r)} for r in wof})
    seat_of = {r["id"]: r["seat"].strip() for r in additions if (r.get("seat") or "").strip()}
    for sub, seat in seat_of.items():
        if seat not in by_id:
            raise GazetteerBuildError(f"{additions_path}: the seat of {sub!r} is unknown: {seat!r}")
    _add_hierarchy(out, by_id, codes, seat_of)
    return out


def _add_hierarchy(rows: list[dict], by_id: dict, codes: dict, seat_of: dict) -> None:
    """governorate / district from admin2; subdistrict = the nearest subdistrict seat in the
    same district: in Deir ez-Zor the seat towns of the hand file's subdistrict rows (the
    additions' `seat` column); elsewhere GeoNames' PPLA2/PPLA3 towns (district and
    subdistrict seats) and the governorate capitals (PPLA)."""
    seats: dict[str, list[tuple[dict, str]]] = {}
    for sub, seat in seat_of.items():
        _, dist = _admin_of(by_id[sub]["admin2"])
        seats.setdefault(dist, []).append((by_id[seat], by_id[sub]["name_en"].removesuffix(" Subdistrict")))
    for r in rows:
        gov, dist = _admin_of(r["admin2"])
        if gov != "Deir ez-Zor" and dist and codes.get(r["id"], set()) & {"PPLA", "PPLA2", "PPLA3"} \
                or r["id"] in ("raqqa", "hasakah"):
            seats.setdefault(dist, []).append((r, r["name_en"]))
    for r in rows:
        gov, dist = _admin_of(r["admin2"])
        r["governorate"] = r["governorate"] or gov
        r["district"] = r["district"] or dist
        if r["subdistrict"] or not r["district"]:
            continue
        if r["kind"] == "region" and r["name_en"].endswith("Subdistrict"):
            r["subdistrict"] = r["name_en"].removesuffix(" Subdistrict")
        elif r["kind"] in ("city", "town", "village", "site") and r["lat"]:
            near = [(_km(r, s), name) for s, name in seats.get(r["district"], ())]
            if near:
                r["subdistrict"] = min(near)[1].replace("`", "")


def render(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with data/gazetteer.csv")
    args = ap.parse_args(argv)
    try:
        text = render(build())
    except GazetteerBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'STALE: run scripts/build_gazetteer.py'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} places)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
