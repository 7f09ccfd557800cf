"""Analyst review: confirm, correct or discount a claim; grade an incident; keep it all.

Reviews live in their own tables, keyed by a stable claim key — the article's content hash,
the span of the claim's quote in the article and the claimant the loaders read — never by a
generated claim id. After every load (new lexicons, a new gazetteer, an edited article) each
review is attached again to the claim it was about: the claim with the same key; else, in
the same article (its id survives renames and edits), the claim whose quote holds the
reviewed quote's first sentence; else the claim of the same content whose quote span
overlaps the reviewed one most. A review whose claim
no longer comes out is kept as *orphaned*, with the values it was given, never dropped.

Every action is appended to `review_log` (who, when, what, before → after).

Tables (created on first use, in the store itself):
- reviews(claim_key, article_sha256, quote_start, quote_end, claimant, state, note,
  reviewer, reviewed_at, corrected, extracted, claim_id, article_id, quote)
- review_log(seq, at, reviewer, action, claim_key, before, after, note)
- incident_grades(anchor_key, grade, note, reviewer, reviewed_at): an analyst's grade for
  the incident that holds the anchor claim
- grouping(claim_key, with_key, reviewer, reviewed_at, note): an analyst's decision to
  move a claim into the incident of another (with_key), or to set it apart (with_key = '')
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Iterable

STATES = ("unreviewed", "confirmed", "corrected", "discounted")
# what a correction may change (the contract's columns)
CORRECTABLE = ("claimant", "stance", "perpetrator", "civilians_min", "civilians_max",
               "killed_min", "killed_max", "date_start", "date_end", "place_id")
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    claim_key TEXT PRIMARY KEY, article_sha256 TEXT, quote_start INTEGER, quote_end INTEGER,
    claimant TEXT, state TEXT, note TEXT, reviewer TEXT, reviewed_at TEXT,
    corrected TEXT, extracted TEXT, claim_id TEXT, article_id TEXT, quote TEXT);
CREATE TABLE IF NOT EXISTS review_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, reviewer TEXT, action TEXT,
    claim_key TEXT, before TEXT, after TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS incident_grades (
    anchor_key TEXT PRIMARY KEY, grade TEXT, note TEXT, reviewer TEXT, reviewed_at TEXT);
CREATE TABLE IF NOT EXISTS grouping (
    claim_key TEXT PRIMARY KEY, with_key TEXT, reviewer TEXT, reviewed_at TEXT, note TEXT);
"""


class ReviewError(ValueError):
    """A review action that cannot be carried out (unknown claim, bad state or value)."""


def ensure_tables(con: sqlite3.Connection) -> None:
    # statement by statement: executescript would commit the caller's transaction first
    # (a regroup must stay one transaction)
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            con.execute(statement)


def claim_key(sha256: str, quote_start: int, quote_end: int, claimant: str) -> str:
    """The stable key of a claim.

    >>> claim_key("ab" * 32, 120, 260, "sohr")
    'abababababababab:120-260:sohr'
    """
    return f"{sha256[:16]}:{int(quote_start)}-{int(quote_end)}:{claimant}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _claim(con: sqlite3.Connection, claim_id: str) -> dict:
    cols = ("claim_id", "article_id", "incident_id") + CORRECTABLE + ("quote_start", "quote_end", "quote")
    row = con.execute(
        f"SELECT {', '.join('c.' + c for c in cols)}, a.sha256 FROM claims c "
        "JOIN articles a ON a.article_id = c.article_id WHERE c.claim_id = ?", (claim_id,)).fetchone()
    if row is None:
        raise ReviewError(f"no claim {claim_id!r} in the store")
    rec = dict(zip(cols + ("sha256",), row))
    rec["key"] = claim_key(rec["sha256"], rec["quote_start"], rec["quote_end"], rec["claimant"])
    return rec


def _log(con, reviewer: str, action: str, key: str, before, after, note: str = "") -> None:
    con.execute("INSERT INTO review_log (at, reviewer, action, claim_key, before, after, note) "
                "VALUES (?,?,?,?,?,?,?)",
                (_now(), reviewer, action, key, json.dumps(before, ensure_ascii=False),
                 json.dumps(after, ensure_ascii=False), note))


def _check_correction(corrected: dict) -> dict:
    bad = sorted(set(corrected) - set(CORRECTABLE))
    if bad:
        raise ReviewError(f"cannot correct {', '.join(bad)}; correctable: {', '.join(CORRECTABLE)}")
    out = {}
    for k, v in corrected.items():
        if k.startswith(("civilians_", "killed_")) and v not in (None, ""):
            try:
                v = int(v)
            except (TypeError, ValueError):
                raise ReviewError(f"{k} must be a whole number, not {v!r}") from None
            if v < 0:
                raise ReviewError(f"{k} cannot be negative")
        if k.startswith("date_") and v not in (None, ""):
            try:
                v = dt.date.fromisoformat(str(v)).isoformat()
            except ValueError:
                raise ReviewError(f"{k} must be an ISO date (YYYY-MM-DD), not {v!r}") from None
        out[k] = None if v == "" else v
    lo, hi = out.get("civilians_min"), out.get("civilians_max")
    if lo is not None and hi is not None and lo > hi:
        raise ReviewError("civilians_min is larger than civilians_max")
    return out


STANCES = ("alleges", "denies", "acknowledges", "assessing")
PERPETRATORS = ("coalition", "iraq", "regime", "russia", "is", "other", "unknown")


def _check_against_store(con: sqlite3.Connection, claim: dict) -> None:
    """A corrected claim as a whole: its ranges in order, its ids known to the store."""
    for lo, hi in (("civilians_min", "civilians_max"), ("killed_min", "killed_max"),
                   ("date_start", "date_end")):
        if claim.get(lo) is not None and claim.get(hi) is not None and claim[lo] > claim[hi]:
            raise ReviewError(f"{lo} ({claim[lo]}) would be after {hi} ({claim[hi]})"
                              if lo.startswith("date") else
                              f"{lo} ({claim[lo]}) would be larger than {hi} ({claim[hi]})")
    if claim.get("stance") not in STANCES:
        raise ReviewError(f"stance must be one of {', '.join(STANCES)}, not {claim.get('stance')!r}")
    if claim.get("perpetrator") not in PERPETRATORS:
        raise ReviewError(f"perpetrator must be one of {', '.join(PERPETRATORS)}, "
                          f"not {claim.get('perpetrator')!r}")
    for value, table, column, what in ((claim.get("claimant"), "claimants", "claimant_id", "claimant"),
                                       (claim.get("place_id"), "places", "place_id", "place")):
        if value is None and what == "place":
            continue
        known = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        if known and not con.execute(f"SELECT 1 FROM {table} WHERE {column} = ?", (value,)).fetchone():
            raise ReviewError(f"no {what} {value!r} in the store's {table} "
                              f"(data/{'claimants' if what == 'claimant' else 'gazetteer'}.csv)")


def review_claim(con: sqlite3.Connection, claim_id: str, state: str, reviewer: str, *,
                 note: str = "", corrected: dict | None = None) -> dict:
    """Record an analyst's verdict on one claim and log it. Returns the review.

    `state` is confirmed, corrected (with `corrected`: the fields that change), discounted,
    or unreviewed (withdraws an earlier verdict; the log keeps it).
    """
    if state not in STATES:
        raise ReviewError(f"state must be one of {', '.join(STATES)}, not {state!r}")
    if not reviewer.strip():
        raise ReviewError("a review needs the reviewer's name")
    if state == "corrected" and not corrected:
        raise ReviewError("a correction needs at least one corrected value")
    ensure_tables(con)
    claim = _claim(con, claim_id)
    fixed = _check_correction(corrected or {}) if state == "corrected" else {}
    old = con.execute("SELECT state, note, corrected FROM reviews WHERE claim_key = ?",
                      (claim["key"],)).fetchone()
    before = {"state": old[0], "note": old[1], "corrected": json.loads(old[2] or "{}")} if old \
        else {"state": "unreviewed"}
    extracted = {k: claim[k] for k in CORRECTABLE}
    if fixed:
        _check_against_store(con, {**extracted, **fixed})
    after = {"state": state, "note": note, "corrected": fixed}
    con.execute("INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (claim["key"], claim["sha256"], claim["quote_start"], claim["quote_end"],
                 claim["claimant"], state, note, reviewer.strip(), _now(),
                 json.dumps(fixed, ensure_ascii=False), json.dumps(extracted, ensure_ascii=False),
                 claim_id, claim["article_id"], claim["quote"]))
    _log(con, reviewer.strip(), f"claim:{state}", claim["key"], before, after, note)
    return {"claim_key": claim["key"], **after}


def grade_incident_by_analyst(con: sqlite3.Connection, incident_id: str, grade: str, reviewer: str,
                              note: str = "") -> None:
    """An analyst's grade for an incident (empty grade: back to the rule)."""
    if grade and grade not in GRADES:
        raise ReviewError(f"grade must be one of {', '.join(GRADES)}, not {grade!r}")
    if grade and not note.strip():
        raise ReviewError("an analyst's grade needs a note saying why")
    ensure_tables(con)
    ids = [r[0] for r in con.execute("SELECT claim_id FROM claims WHERE incident_id = ? "
                                     "ORDER BY article_id, seq", (incident_id,))]
    if not ids:
        raise ReviewError(f"no incident {incident_id!r} in the store")
    anchor = _claim(con, ids[0])["key"]
    old = con.execute("SELECT grade FROM incident_grades WHERE anchor_key = ?", (anchor,)).fetchone()
    if grade:
        con.execute("INSERT OR REPLACE INTO incident_grades VALUES (?,?,?,?,?)",
                    (anchor, grade, note, reviewer, _now()))
    else:
        con.execute("DELETE FROM incident_grades WHERE anchor_key = ?", (anchor,))
    _log(con, reviewer, "incident:grade", anchor, {"grade": old[0] if old else ""}, {"grade": grade}, note)


def decide_grouping(con: sqlite3.Connection, claim_id: str, with_claim_id: str | None,
                    reviewer: str, note: str = "") -> None:
    """Move a claim into the incident of another claim (`with_claim_id`), or set it apart in
    an incident of its own (`with_claim_id=None`). Regrouping keeps the decision."""
    ensure_tables(con)
    key = _claim(con, claim_id)["key"]
    with_key = _claim(con, with_claim_id)["key"] if with_claim_id else ""
    con.execute("INSERT OR REPLACE INTO grouping VALUES (?,?,?,?,?)", (key, with_key, reviewer, _now(), note))
    _log(con, reviewer, "incident:move" if with_key else "incident:split", key, {}, {"with": with_key}, note)


def _any(con: sqlite3.Connection, table: str) -> bool:
    """Whether a review table holds a row (most stores: none; skip the work)."""
    return con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def _has_column(con: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in con.execute(f"PRAGMA table_info({table})"))


def _first_sentence(quote: str) -> str:
    return " ".join((quote or "").split(" … ")[0].split())[:160]


def attach(con: sqlite3.Connection) -> dict[str, int]:
    """Attach every review to the claim it was about, after a load. Returns the counts
    (attached: same claim as before, moved: found under a new id, orphaned)."""
    ensure_tables(con)
    if not _any(con, "reviews"):
        return {"attached": 0, "moved": 0, "orphaned": 0}
    by_sha: dict[str, list] = {}
    by_article: dict[str, list] = {}
    live = " WHERE c.superseded_at IS NULL" if _has_column(con, "claims", "superseded_at") else ""
    for cid, art, claimant, qs, qe, quote, sha in con.execute(
            "SELECT c.claim_id, c.article_id, c.claimant, c.quote_start, c.quote_end, c.quote, a.sha256 "
            "FROM claims c JOIN articles a ON a.article_id = c.article_id" + live):
        row = (cid, claimant, qs or 0, qe or 0, " ".join((quote or "").split()))
        by_sha.setdefault((sha or "")[:16], []).append(row)
        by_article.setdefault(art, []).append(row)
    counts = {"attached": 0, "moved": 0, "orphaned": 0}
    updates = []
    for key, sha, qs, qe, claimant, old_id, art, quote in con.execute(
            "SELECT claim_key, article_sha256, quote_start, quote_end, claimant, claim_id, "
            "article_id, quote FROM reviews"):
        same_content = by_sha.get((sha or "")[:16], [])
        exact = [c for c in same_content if (c[1], c[2], c[3]) == (claimant, qs, qe)]
        target = exact[0][0] if exact else ""
        if not target:
            first = _first_sentence(quote)
            texts = [c for c in by_article.get(art, []) if first and first in c[4]]
            if texts:
                target = max(texts, key=lambda c: (c[1] == claimant, -len(c[4])))[0]
        if not target:
            scored = [(min(qe, c[3]) - max(qs, c[2]), c[1] == claimant, c[0]) for c in same_content]
            scored = [t for t in scored if t[0] > 0]
            target = max(scored)[2] if scored else ""
        counts["attached" if target and target == old_id else "moved" if target else "orphaned"] += 1
        updates.append((target, key))
    con.executemany("UPDATE reviews SET claim_id = ? WHERE claim_key = ?", updates)
    return counts


def reviewed_claims(con: sqlite3.Connection) -> dict[str, dict]:
    """{claim_id: review} for the attached reviews (state, note, reviewer, reviewed_at,
    corrected values, extracted values)."""
    ensure_tables(con)
    out = {}
    for key, cid, state, note, reviewer, at, corrected, extracted in con.execute(
            "SELECT claim_key, claim_id, state, note, reviewer, reviewed_at, corrected, extracted "
            "FROM reviews WHERE claim_id != ''"):
        out[cid] = {"claim_key": key, "state": state, "note": note, "reviewer": reviewer,
                    "reviewed_at": at, "corrected": json.loads(corrected or "{}"),
                    "extracted": json.loads(extracted or "{}")}
    return out


def has_analyst_work(con: sqlite3.Connection) -> bool:
    """Any review, analyst grade or grouping decision in the store (read only: the tables
    may not exist yet)."""
    for table in ("reviews", "incident_grades", "grouping"):
        try:
            if con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
                return True
        except sqlite3.OperationalError:     # no such table: nothing decided there
            continue
    return False


def orphaned(con: sqlite3.Connection) -> list[dict]:
    """Reviews whose claim no longer comes out of the loaders, with their old values."""
    ensure_tables(con)
    rows = con.execute("SELECT claim_key, state, note, reviewer, reviewed_at, corrected, extracted, "
                       "article_id, claimant, quote FROM reviews "
                       "WHERE claim_id = '' OR claim_id IS NULL ORDER BY reviewed_at")
    return [{"claim_key": k, "state": s, "note": n, "reviewer": r, "reviewed_at": at,
             "corrected": json.loads(c or "{}"), "extracted": json.loads(e or "{}"),
             "article_id": art or "", "claimant": who or "", "quote": quote or ""}
            for k, s, n, r, at, c, e, art, who, quote in rows]


def export_reviews(con: sqlite3.Connection) -> dict:
    """Everything an analyst decided, as a JSON-ready document."""
    ensure_tables(con)
    def table(name: str) -> list[dict]:
        cur = con.execute(f"SELECT * FROM {name}")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur]
    return {"format": "rasd-reviews", "version": 1, "reviews": table("reviews"),
            "incident_grades": table("incident_grades"), "grouping": table("grouping"),
            "log": table("review_log")}


_REVIEW_FIELDS = ("claim_key", "article_sha256", "quote_start", "quote_end", "claimant", "state",
                  "note", "reviewer", "reviewed_at", "corrected", "extracted")


def _checked_document(doc) -> dict:
    """The reviews file's content, or ReviewError saying what is wrong with it."""
    if not isinstance(doc, dict) or doc.get("format") != "rasd-reviews":
        raise ReviewError("not a Rasd reviews file (format should be 'rasd-reviews')")
    for table, fields in (("reviews", _REVIEW_FIELDS),
                          ("incident_grades", ("anchor_key", "grade", "note", "reviewer", "reviewed_at")),
                          ("grouping", ("claim_key", "with_key", "reviewer", "reviewed_at", "note"))):
        rows = doc.get(table, [])
        if not isinstance(rows, list):
            raise ReviewError(f"'{table}' should be a list")
        for n, row in enumerate(rows, 1):
            missing = [f for f in fields if not isinstance(row, dict) or f not in row]
            if missing:
                raise ReviewError(f"{table} entry {n} lacks {', '.join(missing)}")
        if table == "reviews":
            for n, row in enumerate(rows, 1):
                if row["state"] not in STATES:
                    raise ReviewError(f"reviews entry {n}: state {row['state']!r} is not one of "
                                      f"{', '.join(STATES)}")
                for f in ("corrected", "extracted"):
                    try:
                        json.loads(row[f] or "{}")
                    except (TypeError, ValueError):
                        raise ReviewError(f"reviews entry {n}: {f} is not a JSON object") from None
        if table == "incident_grades":
            for n, row in enumerate(rows, 1):
                if row["grade"] not in GRADES:
                    raise ReviewError(f"incident_grades entry {n}: grade {row['grade']!r} is not one "
                                      f"of {', '.join(GRADES)}")
    return doc


def import_reviews(con: sqlite3.Connection, doc: dict, reviewer: str = "import") -> dict[str, list]:
    """Merge another store's reviews by claim key. A review for a key this store has not
    reviewed is added; one identical to ours is skipped; one that differs is a conflict,
    reported and not applied (nothing is overwritten silently). Incident grades and
    grouping decisions merge the same way. The whole file is checked before anything is
    written (ReviewError otherwise).

    Returns {"added", "same", "conflicts": claim keys, "details": one line per conflict}.
    """
    _checked_document(doc)
    ensure_tables(con)
    report = {"added": [], "same": [], "conflicts": [], "details": []}
    for r in doc.get("reviews", []):
        old = con.execute("SELECT state, corrected, note, reviewer FROM reviews WHERE claim_key = ?",
                          (r["claim_key"],)).fetchone()
        if old is None:
            con.execute("INSERT INTO reviews VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (r["claim_key"], r["article_sha256"], r["quote_start"], r["quote_end"],
                         r["claimant"], r["state"], r["note"], r["reviewer"], r["reviewed_at"],
                         r["corrected"], r["extracted"], "", r.get("article_id", ""), r.get("quote", "")))
            _log(con, reviewer, "import", r["claim_key"], {"state": "unreviewed"},
                 {"state": r["state"], "by": r["reviewer"], "corrected": json.loads(r["corrected"] or "{}")})
            report["added"].append(r["claim_key"])
        elif (old[0], json.loads(old[1] or "{}")) == (r["state"], json.loads(r["corrected"] or "{}")):
            report["same"].append(r["claim_key"])
        else:
            report["conflicts"].append(r["claim_key"])
            report["details"].append(
                f"claim {r['claim_key']}: this store has {_verdict(old[0], old[1])} (by {old[3]}), "
                f"the file {_verdict(r['state'], r['corrected'])} (by {r['reviewer']}); kept this store's")
    for g in doc.get("incident_grades", []):
        old = con.execute("SELECT grade, reviewer FROM incident_grades WHERE anchor_key = ?",
                          (g["anchor_key"],)).fetchone()
        if old is None:
            con.execute("INSERT INTO incident_grades VALUES (?,?,?,?,?)",
                        (g["anchor_key"], g["grade"], g["note"], g["reviewer"], g["reviewed_at"]))
            _log(con, reviewer, "import:grade", g["anchor_key"], {"grade": ""},
                 {"grade": g["grade"], "by": g["reviewer"]}, g["note"])
        elif old[0] != g["grade"]:
            report["conflicts"].append(g["anchor_key"])
            report["details"].append(f"grade of the incident of {g['anchor_key']}: this store has "
                                     f"{old[0]} (by {old[1]}), the file {g['grade']} (by "
                                     f"{g['reviewer']}); kept this store's")
    for g in doc.get("grouping", []):
        old = con.execute("SELECT with_key, reviewer FROM grouping WHERE claim_key = ?",
                          (g["claim_key"],)).fetchone()
        if old is None:
            con.execute("INSERT INTO grouping VALUES (?,?,?,?,?)",
                        (g["claim_key"], g["with_key"], g["reviewer"], g["reviewed_at"], g["note"]))
            _log(con, reviewer, "import:grouping", g["claim_key"], {},
                 {"with": g["with_key"], "by": g["reviewer"]}, g["note"])
        elif old[0] != g["with_key"]:
            report["conflicts"].append(g["claim_key"])
            report["details"].append(f"grouping of {g['claim_key']}: this store has "
                                     f"{_placement(old[0])} (by {old[1]}), the file "
                                     f"{_placement(g['with_key'])} (by {g['reviewer']}); kept this store's")
    attach(con)
    return report


def _verdict(state: str, corrected) -> str:
    values = json.loads(corrected or "{}") if isinstance(corrected, str) else (corrected or {})
    if state == "corrected" and values:
        return "corrected " + ", ".join(f"{k}={v}" for k, v in sorted(values.items()))
    return state


def _placement(with_key: str) -> str:
    return f"with {with_key}" if with_key else "set apart"


def _ids_by_key(con: sqlite3.Connection) -> dict[str, str]:
    """{claim key: claim id} for the claims the store holds now."""
    return {claim_key(sha or "", qs or 0, qe or 0, claimant): cid
            for cid, claimant, qs, qe, sha in con.execute(
                "SELECT c.claim_id, c.claimant, c.quote_start, c.quote_end, a.sha256 FROM claims c "
                "JOIN articles a ON a.article_id = c.article_id")}


def grouping_decisions(con: sqlite3.Connection) -> dict[str, str]:
    """{claim_id: claim_id it must share an incident with, or '' for apart}, for the
    claims the store holds now."""
    ensure_tables(con)
    if not _any(con, "grouping"):
        return {}
    ids = _ids_by_key(con)
    out = {}
    for key, with_key in con.execute("SELECT claim_key, with_key FROM grouping "
                                     "ORDER BY reviewed_at, rowid"):
        if key in ids and (not with_key or with_key in ids):
            out[ids[key]] = ids.get(with_key, "")
    return out


def analyst_grades(con: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """{claim_id of the anchor: (grade, note)} for the analyst's incident grades."""
    ensure_tables(con)
    if not _any(con, "incident_grades"):
        return {}
    ids = _ids_by_key(con)
    return {ids[k]: (g, n) for k, g, n in con.execute("SELECT anchor_key, grade, note FROM incident_grades")
            if k in ids}


def review_queue(claims: Iterable[dict], incidents: dict[str, dict]) -> list[dict]:
    """Unreviewed claims, the most consequential first: claims of contested incidents, then
    the highest civilian tolls, then the newest events.

    >>> q = review_queue([{"claim_id": "a", "civilians_max": 3, "incident_id": "i1", "date_start": "2018-01-02"},
    ...                   {"claim_id": "b", "civilians_max": 40, "incident_id": "i1", "date_start": "2018-01-01"},
    ...                   {"claim_id": "c", "civilians_max": 1, "incident_id": "i2", "date_start": "2019-05-05"},
    ...                   {"claim_id": "d", "civilians_max": 90, "incident_id": "i1", "review_state": "confirmed"}],
    ...                  {"i1": {"contested": False}, "i2": {"contested": True}})
    >>> [c["claim_id"] for c in q]
    ['c', 'b', 'a']
    """
    def number(v) -> int:
        try:
            return int(float(v))
        except (TypeError, ValueError):
            return 0

    def day(v) -> int:
        try:
            return dt.date.fromisoformat(str(v)[:10]).toordinal()
        except ValueError:
            return 0

    todo = [c for c in claims if (c.get("review_state") or "unreviewed") == "unreviewed"]
    return sorted(todo, key=lambda c: (
        str(incidents.get(c.get("incident_id"), {}).get("contested")).lower() not in ("true", "1"),
        -number(c.get("civilians_max") if c.get("civilians_max") not in (None, "") else c.get("civilians_min")),
        -day(c.get("date_start"))))


# ---------------------------------------------------------------- reviews in the incidents

def corrected_claim(claim, review: dict | None, gazetteer=None):
    """The claim as the analyst has it: the corrected values over the extracted ones.

    A corrected figure is the analyst's own, so its hedge becomes `exact` (min = max) or
    `range`; corrected dates are the event's (`date_role` event, precision day or range).

    >>> from loaders.records import Claim
    >>> c = Claim(claim_id="a", article_id="x", claimant="sohr", stance="alleges",
    ...           perpetrator="coalition", civilians_min=20, civilians_max=99, hedge="vague")
    >>> fixed = corrected_claim(c, {"state": "corrected", "corrected": {"civilians_min": 38, "civilians_max": 38}})
    >>> fixed.civilians_min, fixed.civilians_max, fixed.hedge
    (38, 38, 'exact')
    """
    if not review or review.get("state") != "corrected" or not review.get("corrected"):
        return claim
    import dataclasses
    values = dict(review["corrected"])
    extra = corrected_extras({k: getattr(claim, k) for k in CORRECTABLE}, values)
    for k in ("date_start", "date_end"):
        if k in values:
            values[k] = dt.date.fromisoformat(values[k]) if values[k] else None
    if "place_id" in values and gazetteer is not None:
        place = gazetteer.places.get(values["place_id"])
        extra["geo_precision"] = place.precision if place else ""
    return dataclasses.replace(claim, **values, **extra)


def corrected_extras(extracted: dict, corrected: dict) -> dict:
    """The loaders' detail columns that follow a correction (hedge, date precision)."""
    merged = {**extracted, **corrected}
    extra = {}
    if any(k.startswith("civilians_") for k in corrected) or (
            any(k.startswith("killed_") for k in corrected) and merged.get("civilians_min") is None):
        lo, hi = ((merged.get("civilians_min"), merged.get("civilians_max"))
                  if merged.get("civilians_min") is not None else
                  (merged.get("killed_min"), merged.get("killed_max")))
        extra["hedge"] = "exact" if lo is not None and (hi is None or lo == hi) else "range"
    if "date_start" in corrected or "date_end" in corrected:
        start, end = merged.get("date_start"), merged.get("date_end")
        extra["date_precision"] = "" if not start else "day" if start == end else "range"
        extra["date_role"] = "event"
    return extra


def apply_grouping(groups: list, decisions: dict[str, str]) -> list:
    """The rule's groups of claims (`incidents.claim_groups`) after the analyst's decisions,
    taken in order: a claim moved to another's incident leaves its own and joins that one;
    a claim set apart (`''`) stands alone. Merging two incidents is moving every claim of
    one to a claim of the other. Emptied groups go; a changed group's days are its claims'.
    """
    from .incidents import _Group, _narrow
    if not decisions:
        return groups
    where = {c.claim_id: g for g in groups for c in g.claims}
    changed = []
    for claim_id, with_id in decisions.items():
        source = where.get(claim_id)
        target = where.get(with_id) if with_id else None
        if source is None or (with_id and target is None) or source is target:
            continue
        claim = next(c for c in source.claims if c.claim_id == claim_id)
        if not with_id and len(source.claims) == 1:
            continue                                   # already alone
        source.claims.remove(claim)
        if target is None:
            target = _Group(claim.kind, claim.place_id, claim.date_start, claim.date_end)
            groups.append(target)
        target.claims.append(claim)
        where[claim_id] = target
        changed += [source, target]
    for g in changed:
        dated = [c for c in g.claims if c.date_start and c.date_end]
        pool = [c for c in dated if _narrow(c)] or dated
        g.start = min((c.date_start for c in pool), default=None)
        g.end = max((c.date_end for c in pool), default=None)
    return [g for g in groups if g.claims]


def group_reviewed(con: sqlite3.Connection, claims: list, gazetteer):
    """`incidents.group_claims` with the analyst's work applied; what every regroup calls.

    Reviews are attached again first; corrected values replace the extracted ones in
    grouping; the grouping decisions are applied (`apply_grouping`); an incident's figures
    (civilians, n_claims, n_sources, n_articles, contested, place and dates) come from its
    claims that are not discounted (an incident whose every claim is discounted keeps its
    place and dates, with no figure and n_claims 0); its grade is the rule's over its claims
    and their review states (`grading.grade_incident`), or the analyst's
    (`grade_source = analyst`). Returns what `group_claims` returns.
    """
    import dataclasses

    from .incidents import _Group, _incident, _sides, claim_groups
    from .grading import grade_incident
    attach(con)
    reviewed = reviewed_claims(con)
    effective = [corrected_claim(c, reviewed.get(c.claim_id), gazetteer) for c in claims]
    groups = apply_grouping(claim_groups(effective, gazetteer), grouping_decisions(con))
    grades = analyst_grades(con)
    incidents, assignment, claimants = [], {}, {}
    for g in groups:
        states = {i: reviewed[c.claim_id]["state"] for i, c in enumerate(g.claims)
                  if c.claim_id in reviewed}
        live = [c for i, c in enumerate(g.claims) if states.get(i) != "discounted"]
        inc = _incident(g, gazetteer)
        if len(live) < len(g.claims):
            if live:
                shown = _incident(_Group(g.kind, g.anchor, g.start, g.end, live), gazetteer)
                inc = dataclasses.replace(shown, incident_id=inc.incident_id)
            else:
                inc = dataclasses.replace(inc, civilians_min=None, civilians_max=None, n_claims=0,
                                          n_sources=0, n_articles=0, contested=False)
        grade, source = grade_incident(g.claims, _sides(), states), "rule"
        by_analyst = [grades[c.claim_id] for c in g.claims if c.claim_id in grades]
        if by_analyst:
            grade, source = by_analyst[0][0], "analyst"
        inc = dataclasses.replace(inc, grade=grade, grade_source=source)
        incidents.append(inc)
        claimants[inc.incident_id] = sorted({c.claimant for c in (live or g.claims)})
        for c in g.claims:
            assignment[c.claim_id] = inc.incident_id
    return incidents, assignment, claimants


# ---------------------------------------------------------------- reviews in the tables

REVIEW_COLUMNS = ("review_state", "reviewer", "reviewed_at", "review_note")
EXTRACTED_COLUMNS = tuple(f"extracted_{c}" for c in CORRECTABLE)
# the loaders' detail columns a correction changes too (corrected_extras)
_FOLLOWING = ("hedge", "date_precision", "date_role")


def reviewed_row(row: dict, review: dict | None) -> dict:
    """A claims-table row as claims.csv and the dashboard show it: the review columns,
    the corrected values in the contract's columns and the loaders' in `extracted_*`.

    >>> r = reviewed_row({"claimant": "sohr", "civilians_min": 20, "civilians_max": 99, "hedge": "vague"},
    ...                  {"state": "corrected", "reviewer": "Lina", "reviewed_at": "2026-12-02T00:00:00+00:00",
    ...                   "note": "", "corrected": {"civilians_min": 38, "civilians_max": 38}})
    >>> r["civilians_min"], r["extracted_civilians_min"], r["hedge"], r["review_state"]
    (38, 20, 'exact', 'corrected')
    """
    out = dict(row)
    for c in CORRECTABLE:
        out[f"extracted_{c}"] = row.get(c)
    if not review:
        out.update(review_state="unreviewed", reviewer="", reviewed_at="", review_note="")
        return out
    out.update(review_state=review["state"], reviewer=review.get("reviewer") or "",
               reviewed_at=review.get("reviewed_at") or "", review_note=review.get("note") or "")
    if review["state"] == "corrected":
        fixed = review.get("corrected") or {}
        out.update(fixed)
        out.update({k: v for k, v in corrected_extras(
            {c: row.get(c) for c in CORRECTABLE}, fixed).items() if k in row})
    return out


def overlay_frame(claims, reviews):
    """`reviewed_row` over a claims DataFrame (the dashboard's), given the reviews table
    as a DataFrame (claim_id, state, note, reviewer, reviewed_at, corrected). Before the
    dates are parsed: dates are ISO text here."""
    import pandas as pd
    for c in CORRECTABLE:
        claims[f"extracted_{c}"] = claims[c]
    claims["review_state"] = "unreviewed"
    for c in ("reviewer", "reviewed_at", "review_note"):
        claims[c] = ""
    if reviews is None or reviews.empty or claims.empty:
        return claims
    attached = reviews[reviews["claim_id"].fillna("").ne("")].drop_duplicates("claim_id", keep="last")
    pos = pd.Index(claims["claim_id"]).get_indexer(attached["claim_id"])
    for (_, r), i in zip(attached.iterrows(), pos):
        if i < 0:
            continue
        idx = claims.index[i]
        claims.at[idx, "review_state"] = r["state"]
        claims.at[idx, "reviewer"] = r["reviewer"] or ""
        claims.at[idx, "reviewed_at"] = r["reviewed_at"] or ""
        claims.at[idx, "review_note"] = r["note"] or ""
        if r["state"] != "corrected":
            continue
        fixed = json.loads(r["corrected"] or "{}")
        row = {c: claims.at[idx, c] for c in CORRECTABLE}
        row = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for col, value in {**fixed, **corrected_extras(row, fixed)}.items():
            if col not in claims:
                continue
            if value is None:
                value = float("nan") if claims[col].dtype.kind in "fi" else None
            elif claims[col].dtype.kind == "i":
                claims[col] = claims[col].astype("float64")
            claims.at[idx, col] = value
    return claims
