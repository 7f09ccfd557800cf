"""HTML tables for `st.html`: the evidence table with the Arabic sentence right-to-left.

Every value is escaped here (and Streamlit sanitises st.html again); an article's
URL becomes a link only when it is http(s).
"""
from __future__ import annotations

import html
import re

import pandas as pd

from .palette import CONTESTED, SOURCE_KINDS, UNKNOWN_KIND, kind_colour

EVIDENCE_ROWS = 200   # rows drawn in the page; the CSV download has them all

_CSS = """<style>
.rasd-ev { border-collapse: collapse; width: 100%; font-size: 13px; line-height: 1.4;
           table-layout: fixed; overflow-wrap: break-word; }
.rasd-ev th { text-align: left; font-weight: 600; border-bottom: 2px solid #ccc;
              padding: 4px 6px; position: sticky; top: 0; background: #fff; }
.rasd-ev td { border-bottom: 1px solid #eee; padding: 4px 6px; vertical-align: top; }
.rasd-ev td.num { font-variant-numeric: tabular-nums; }
.rasd-ev td.quote { font-size: 15px; line-height: 1.6; text-align: right;
                    font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", serif; }
.rasd-ev .kind { display: inline-block; width: .7em; height: .7em; border-radius: 50%;
                 margin-right: .35em; vertical-align: baseline; }
.rasd-ev .muted { color: #666; font-size: 12px; }
.rasd-ev .denies { font-weight: 600; }
</style>"""


def _esc(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _article_cell(row) -> str:
    title = _esc(row.get("article_title")) or _esc(row.get("article_id"))
    url = row.get("article_url") or ""
    if isinstance(url, str) and re.match(r"^https?://", url):
        title = f"<a href='{_esc(url)}' target='_blank' rel='noopener noreferrer'>{title}</a>"
    meta = " · ".join(x for x in (_esc(row.get("article_outlet")),
                                  _day(row.get("article_published")) or "undated") if x)
    return f"<span dir='auto'>{title}</span><br><span class='muted'>{meta}</span>"


def evidence_html(rows: pd.DataFrame, limit: int = EVIDENCE_ROWS) -> str:
    """The evidence table: claimant, stance, figures, date, place, article, quote."""
    widths = (12, 9, 7, 6, 8, 9, 14, 35)   # percent; the Arabic sentence gets the most
    cols = "".join(f"<col style='width:{w}%'>" for w in widths)
    head = (f"<colgroup>{cols}</colgroup><thead><tr><th>Claimant</th><th>Stance</th>"
            "<th>Civilians</th><th>Killed</th><th>Date</th><th>Place</th><th>Article</th>"
            "<th>Original sentence (Arabic)</th></tr></thead>")
    body = []
    for row in rows.head(limit).to_dict("records"):
        claim_date = _day(row.get("date_start"))
        end = _day(row.get("date_end"))
        if end and end != claim_date:
            claim_date = f"{claim_date} – {end}"
        place = _esc(row.get("incident_place"))
        written = _esc(row.get("place_text"))
        if written:
            place += f"<br><span class='muted' dir='rtl' lang='ar'>{written}</span>"
        stance = _esc(row.get("stance"))
        body.append(
            "<tr>"
            f"<td><span class='kind' style='background:{kind_colour(row.get('source_kind'))}'>"
            f"</span>{_esc(row.get('claimant_name'))}</td>"
            f"<td class='{'denies' if stance == 'denies' else ''}'>{stance}</td>"
            f"<td class='num'>{_esc(row.get('civilians_text'))}</td>"
            f"<td class='num'>{_esc(row.get('killed_text'))}</td>"
            f"<td class='num'>{claim_date or _esc(row.get('incident_date'))}</td>"
            f"<td>{place}</td>"
            f"<td>{_article_cell(row)}</td>"
            f"<td class='quote' dir='rtl' lang='ar'>{_esc(row.get('quote'))}</td>"
            "</tr>")
    return f"{_CSS}<table class='rasd-ev'>{head}<tbody>{''.join(body)}</tbody></table>"


def listing_html(rows: pd.DataFrame, columns: dict[str, str]) -> str:
    """A small plain table (incidents not on the map, undated incidents)."""
    head = "".join(f"<th>{_esc(label)}</th>" for label in columns.values())
    body = "".join("<tr>" + "".join(f"<td dir='auto'>{_esc(r.get(col))}</td>" for col in columns)
                   + "</tr>" for r in rows.to_dict("records"))
    return (f"{_CSS}<table class='rasd-ev'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def map_legend_html() -> str:
    """What the map's circles mean."""
    dots = " ".join(f"<span style='color:{colour}'>●</span> {label}"
                    for colour, label in CONTESTED.values())
    return (f"<div style='font-size:12px;color:#555'>{dots} · circle size: highest civilian "
            "toll claimed · dashed: located only to a district · click a circle to select "
            "its incidents</div>")


def source_legend_html() -> str:
    """The colours of the kinds of source and the marks of the claim comparison."""
    dots = " &nbsp; ".join(f"<span style='color:{colour}'>●</span> {label}" for colour, label
                           in list(SOURCE_KINDS.values()) + [UNKNOWN_KIND])
    return (f"<div style='font-size:13px;color:#444'>Kinds of source: {dots} &nbsp;·&nbsp; "
            "✕ at 0: denies civilian deaths · ◇: assessing, or no figure given · "
            "bar: a vague amount (range)</div>")
