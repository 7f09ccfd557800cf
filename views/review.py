"""The analyst's review in the dashboard: what a claim row shows, the correction form's
values, the review queue, and the one write the dashboard makes (a review, then a regroup).

Plain functions (no streamlit): dashboard.py wires them to buttons and forms. Everything a
function here returns as HTML is escaped: article text and analysts' notes are untrusted.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import review as reviews
from loaders.store import connect_read_only
from loaders.review import CORRECTABLE, STANCES, PERPETRATORS, ReviewError

from .tables import escape

MARK = "✎"
STATE_LABELS = {"unreviewed": "unreviewed", "confirmed": "✓ confirmed",
                "corrected": f"{MARK} corrected", "discounted": "✕ discounted"}
GRADE_LABELS = {"confirmed": "Confirmed (the accused admits)", "fair": "Fair (≥ 2 independent sources)",
                "weak": "Weak (a single source)", "contested": "Contested",
                "discounted": "Discounted (every claim)"}
FIELD_LABELS = {"claimant": "Claimant", "stance": "Stance", "perpetrator": "Blames",
                "civilians_min": "Civilians (min)", "civilians_max": "Civilians (max)",
                "killed_min": "Killed (min)", "killed_max": "Killed (max)",
                "date_start": "From (YYYY-MM-DD)", "date_end": "To (YYYY-MM-DD)",
                "place_id": "Place id (gazetteer)"}
COOKIE = "rasd_reviewer"
QUEUE_LIMIT = 30


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA \
        or value is pd.NaT or value == ""


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md_escape(text: str) -> str:
    """Text for st.success / st.error (Markdown): names and values from articles and
    analysts shown as written, never as links or formatting.

    >>> print(md_escape("[x](javascript:1) *bold*"))
    \\[x\\]\\(javascript:1\\) \\*bold\\*
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def heading_html(title: str, reviewer: str) -> str:
    """The line above the review rows: what they are and who signs."""
    who = f"signed <b>{escape(reviewer)}</b>" if reviewer else "enter your name in the sidebar to review"
    return (f"<div class='rasd-rq-head'><b>{escape(title)}</b> · {who} · discounted claims are "
            "hidden unless “Show discounted claims” is on</div>")


def text_of(value) -> str:
    """A cell as the correction form shows it: '' for unknown, ISO for a date, 12 not 12.0."""
    if _blank(value):
        return ""
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def corrected_fields(row: dict) -> list[str]:
    """The contract columns a correction changed on this claim row."""
    if row.get("review_state") != "corrected":
        return []
    return [c for c in CORRECTABLE if text_of(row.get(c)) != text_of(row.get(f"extracted_{c}"))]


_PAIRS = (("civilians", "civilians_min", "civilians_max"), ("killed", "killed_min", "killed_max"),
          ("dates", "date_start", "date_end"))


def extracted_note(row: dict) -> str:
    """What the loaders read, for the hover of a corrected value.

    >>> extracted_note({"review_state": "corrected", "civilians_min": 32, "civilians_max": 32,
    ...                 "extracted_civilians_min": 28, "extracted_civilians_max": 28})
    'extracted: civilians 28'
    """
    changed = set(corrected_fields(row))
    parts = []
    for name, lo, hi in _PAIRS:
        if changed & {lo, hi}:
            a, b = text_of(row.get(f"extracted_{lo}")), text_of(row.get(f"extracted_{hi}"))
            shown = a if a == b else f"{a or '?'}–{b or '?'}"
            parts.append(f"{name} {shown}" if a or b else f"{name} unknown")
    for c in ("claimant", "stance", "perpetrator", "place_id"):
        if c in changed:
            parts.append(f"{FIELD_LABELS[c].split(' (')[0].lower()} "
                         f"{text_of(row.get(f'extracted_{c}')) or 'unknown'}")
    return "extracted: " + "; ".join(parts) if parts else ""


def mark_corrections(claims: pd.DataFrame) -> pd.DataFrame:
    """Prefix the shown figure of every corrected claim with ✎ and keep what the loaders
    read in `extracted_text` (the hover). Works on the prepared claims (query.prepare)."""
    if "review_state" not in claims:
        claims["review_state"] = "unreviewed"
    for c in ("civilians_min", "civilians_max", "killed_min", "killed_max"):
        if f"extracted_{c}" in claims:      # whole numbers, as the contract columns are
            claims[f"extracted_{c}"] = pd.to_numeric(claims[f"extracted_{c}"], errors="coerce").astype("Int64")
    claims["extracted_text"] = ""
    corrected = claims["review_state"].eq("corrected").to_numpy()
    if not corrected.any():
        return claims
    rows = claims[corrected].to_dict("records")
    notes = [extracted_note(r) for r in rows]
    figures = [bool(set(corrected_fields(r)) & {"civilians_min", "civilians_max", "stance"})
               for r in rows]
    idx = claims.index[corrected]
    claims.loc[idx, "extracted_text"] = notes
    text = claims.loc[idx, "civilians_text"].astype(object)
    claims.loc[idx, "civilians_text"] = [f"{MARK} {t}" if f else t for t, f in zip(text, figures)]
    return claims


def figure_html(row: dict) -> str:
    """The claim's civilian figure, with the extracted one on hover when corrected."""
    note = row.get("extracted_text") or ""
    text = escape(row.get("civilians_text") or "–")
    if note:
        return f"<span class='rasd-fixed' title='{escape(note)}'>{text}</span>"
    return text


def row_html(row: dict, with_incident: str = "") -> str:
    """One claim's line above its actions: source, what it says, its figure, its state."""
    state = row.get("review_state") or "unreviewed"
    who = f" by {escape(row.get('reviewer'))}" if state != "unreviewed" and row.get("reviewer") else ""
    note = (f" · <i>{escape(row.get('review_note'))}</i>" if row.get("review_note") else "")
    incident = f"<div class='rasd-rq-inc'>{escape(with_incident)}</div>" if with_incident else ""
    return (f"<div class='rasd-rq' data-claim='{escape(row.get('claim_id'))}'>{incident}"
            f"<b>{escape(row.get('source_label') or row.get('claimant'))}</b> · "
            f"{escape(row.get('says') or row.get('stance'))} · civilians "
            f"<span class='rasd-fig'>{figure_html(row)}</span>"
            f" · <span class='rasd-state rasd-{escape(state)}'>{escape(STATE_LABELS.get(state, state))}"
            f"</span>{who}{note}</div>")


ROW_CSS = ("<style>.rasd-rq{font-size:14px;line-height:1.35}.rasd-rq-head{font-size:1rem}.rasd-rq-inc{font-size:12px;color:#555}"
           ".rasd-fixed{border-bottom:1px dotted #555;cursor:help}"
           ".rasd-state{font-size:12px;padding:0 4px;border-radius:3px;background:#eee}"
           ".rasd-confirmed{background:#d9f0d9}.rasd-corrected{background:#fff1c2}"
           ".rasd-discounted{background:#f3d3d3}</style>")


def form_defaults(row: dict) -> dict[str, str]:
    """The correction form's starting values: the claim as shown now."""
    return {c: text_of(row.get(c)) for c in CORRECTABLE}


def choices(field: str, current: str, claimants: list[str]) -> list[str]:
    """The options of a correction field given as a choice (claimant, stance, blames)."""
    options = {"claimant": claimants, "stance": list(STANCES), "perpetrator": list(PERPETRATORS)}[field]
    return options if current in options or not current else [current, *options]


def correction_from_form(values: dict[str, str], row: dict) -> dict:
    """What the analyst changed in the form, against the claim's extracted values: a field
    left as the loaders read it is no correction. Numbers and dates are checked by
    loaders.review (ReviewError names the field)."""
    fixed = {}
    for c in CORRECTABLE:
        if c not in values:
            continue
        given = (values[c] or "").strip()
        if given != text_of(row.get(f"extracted_{c}", row.get(c))):
            fixed[c] = given
    return fixed


def record(db_path: str | Path, claim_id: str, state: str, reviewer: str, note: str = "",
           corrected: dict | None = None) -> str:
    """Write one verdict to the store and regroup, so incidents, figures and grades follow
    at once (the regroup bumps the store's generation: the dashboard reads it anew).
    Returns '' when done, else the reason it was refused."""
    return _write(db_path, reviewer, lambda con, who: reviews.review_claim(
        con, claim_id, state, who, note=note or "", corrected=corrected))


def _write(db_path, reviewer: str, action) -> str:
    """Run one review action on the store, then regroup; '' when done, else why not."""
    from loaders import store
    from loaders.pipeline import regroup
    if not (reviewer or "").strip():
        return "Enter your name as reviewer in the sidebar first."
    try:
        con = store.connect(db_path)
    except (store.StoreError, OSError) as exc:
        return f"The store cannot be written: {exc}"
    try:
        with store.writing(con):
            action(con, reviewer.strip())
            regroup(con)
    except ReviewError as exc:
        return str(exc)
    except store.StoreBusy as exc:
        return f"The store is busy: {exc}"
    finally:
        con.close()
    store.write_snapshot(db_path)
    return ""


def record_grade(db_path, incident_id: str, grade: str, reviewer: str, note: str = "") -> str:
    """The analyst's grade for an incident ('' = back to the rule's)."""
    return _write(db_path, reviewer, lambda con, who: reviews.grade_incident_by_analyst(
        con, incident_id, grade, who, note=note or ""))


def record_grouping(db_path, claim_ids: list[str], with_claim_id: str | None, reviewer: str,
                    note: str = "") -> str:
    """Move claims into the incident of `with_claim_id`, or set each apart (None)."""
    def act(con, who):
        for cid in claim_ids:
            reviews.decide_grouping(con, cid, with_claim_id, who, note=note or "")
    return _write(db_path, reviewer, act)


def queue(claims: pd.DataFrame, incidents: pd.DataFrame, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """The unreviewed claims in view, most consequential first (loaders.review.review_queue:
    contested incidents, then the highest tolls, then the newest), with their incident's
    label, the first `limit`."""
    if claims.empty:
        return claims.assign(incident_label=pd.Series(dtype=object))
    info = incidents.set_index("incident_id")
    contested = {i: {"contested": bool(c)} for i, c in info["contested"].items()}
    records = claims.assign(
        date_start=claims["date_start"].dt.strftime("%Y-%m-%d").where(claims["date_start"].notna(), None)
    ).to_dict("records")
    for r, (_, src) in zip(records, claims.iterrows()):
        r["_index"] = src.name
    ordered = reviews.review_queue(records, contested)[:limit]
    out = claims.loc[[r["_index"] for r in ordered]]
    labels = info["label"] if "label" in info else pd.Series(dtype=object)
    return out.assign(incident_label=out["incident_id"].map(labels).fillna(out["incident_id"]))


def orphaned_table(db_path: str | Path) -> pd.DataFrame:
    """The reviews whose claim no longer comes out of the loaders (a new lexicon, an edited
    article), with the values they were given: kept, never dropped, listed for the analyst.
    Read-only; an empty frame when the store has no review tables yet."""
    columns = ["reviewed_at", "reviewer", "state", "article_id", "claimant", "was", "corrected",
               "note", "quote"]
    try:
        con = connect_read_only(db_path)
    except sqlite3.Error:
        return pd.DataFrame(columns=columns)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name='reviews'").fetchone():
            return pd.DataFrame(columns=columns)
        rows = reviews.orphaned(con)
    except sqlite3.Error:
        return pd.DataFrame(columns=columns)
    finally:
        con.close()

    def values(d: dict) -> str:
        return "; ".join(f"{k} {v}" for k, v in d.items() if v not in (None, ""))
    return pd.DataFrame([{**{k: r[k] for k in ("reviewed_at", "reviewer", "state", "article_id",
                                                  "claimant", "note")},
                          "was": values(r["extracted"]), "corrected": values(r["corrected"]),
                          "quote": " ".join(r["quote"].split())[:300]} for r in rows],
                        columns=columns)


def cookie_html(name: str) -> str:
    """A script that keeps the reviewer's name in a cookie of this site for a year, so the
    next visit (st.context.cookies) starts with it. The name is JSON-encoded, never
    pasted into the script as text."""
    value = json.dumps(name).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("<script>try{const d=window.parent.document;d.cookie='" + COOKIE
            + "='+encodeURIComponent(" + value + ")+';path=/;max-age=31536000;SameSite=Strict';}"
            "catch(e){document.cookie='" + COOKIE + "='+encodeURIComponent(" + value
            + ")+';path=/;max-age=31536000;SameSite=Strict';}</script>")


def incident_of(claims: pd.DataFrame, claim_id: str) -> str | None:
    """The incident a claim is in now (a review or a move may have regrouped it)."""
    hit = claims.loc[claims["claim_id"] == claim_id, "incident_id"]
    return str(hit.iloc[0]) if len(hit) and hit.iloc[0] else None


def anchor_claim(claims: pd.DataFrame, incident_id: str) -> str | None:
    """The claim that stands for an incident in a move (its first, as written)."""
    mine = claims[claims["incident_id"] == incident_id].sort_values(["article_id", "seq"])
    return str(mine["claim_id"].iloc[0]) if len(mine) else None


def claim_choice_labels(rows: pd.DataFrame) -> dict[str, str]:
    """claim id -> 'SOHR · 28' for the move pickers (plain text: widgets escape it)."""
    return {r["claim_id"]: f"{r.get('source_label') or r.get('claimant')} · {r.get('civilians_text') or '–'}"
            for r in rows.to_dict("records")}


MERGE_CHOICES = 200


def merge_targets(incidents: pd.DataFrame, incident_id: str,
                  limit: int = MERGE_CHOICES) -> dict[str, str]:
    """The incidents offered to move an incident's claims into: those at the same place
    first, then the nearest in time, at most `limit` (a picker of 100,000 incidents is
    neither usable nor fast). id -> label, in that order."""
    inc = incidents
    mine = (inc["incident_id"] == incident_id).to_numpy()
    if mine.all():
        return {}
    # ranked on arrays, every row at once with this incident's own rows last; only the
    # chosen rows are taken (a copy of 100,000 rows less one cost more than the ranking)
    far = 10 ** 7
    start = inc["date_start"]
    me = np.flatnonzero(mine)
    if len(me) and pd.notna(start.iloc[me[0]]):
        gap = (start - start.iloc[me[0]]).abs().dt.days.fillna(far).to_numpy()
    else:
        gap = np.where(start.isna().to_numpy(), 0, far)
    place = inc["place_id"].iloc[me[0]] if len(me) else ""
    elsewhere = (inc["place_id"].to_numpy() != place) if place else True
    rank = (gap + elsewhere * 2 * far).astype(float)
    rank[mine] = np.inf
    keep = rank.argsort(kind="stable")[:min(limit, int((~mine).sum()))]
    picked = inc.iloc[keep]
    return dict(zip(picked["incident_id"].tolist(), picked["label"].tolist()))
