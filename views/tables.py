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
            "<th>Original sentence</th></tr></thead>")
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
            f"<td class='quote' {_script(row.get('quote'))}>{_esc(row.get('quote'))}</td>"
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


# ---------------------------------------------------------------- one incident

_LINK_CSS = """<style>
.rasd-ev tr.picked td { background: #FFF4D6; }
.rasd-ev mark { background: #FFE08A; padding: 0 1px; border-radius: 2px; }
.rasd-ev mark.who { background: #CFE6F7; }
.rasd-ev td.quote { unicode-bidi: plaintext; }
.rasd-ev details.para > summary { cursor: pointer; list-style: none; }
.rasd-ev details.para > summary::-webkit-details-marker { display: none; }
.rasd-ev details.para > summary .open { color: #1f6fb2; font-size: 12px; white-space: nowrap; }
.rasd-ev details.para[open] > summary .open { display: none; }
.rasd-ev details.para .paragraph { margin-top: 6px; padding: 6px 8px; background: #F6F6F3;
                                   border-right: 3px solid #bbb; border-left: 3px solid #bbb; }
.rasd-ev details.para .paragraph mark { background: #FFF0B8; }
</style>"""


def _article_link(title: str, url, clip: int = 90) -> str:
    short = title if len(title) <= clip else title[: clip - 1] + "…"
    text = f"<span dir='auto' title='{_esc(title)}'>{_esc(short)}</span>"
    if isinstance(url, str) and re.match(r"^https?://", url):
        return f"<a href='{_esc(url)}' target='_blank' rel='noopener noreferrer'>{text}</a>"
    return text


def sources_html(rows: pd.DataFrame) -> str:
    """One incident's claims, one row per source and article (`query.source_rows`):
    who, what they say (stance, figure with its hedge, whom they blame), the article.
    Rows of the claimants picked in the sidebar are highlighted."""
    head = ("<colgroup><col style='width:18%'><col style='width:28%'><col style='width:12%'>"
            "<col style='width:9%'><col style='width:33%'></colgroup>"
            "<thead><tr><th>Source</th><th>Says</th><th>Civilians</th><th>Killed</th>"
            "<th>Article</th></tr></thead>")
    body = []
    for row in rows.to_dict("records"):
        meta = " · ".join(x for x in (_esc(row.get("article_outlet")),
                                      _day(row.get("article_published")) or "undated",
                                      _language_label(row.get("quote"))) if x)
        n = int(row.get("n_claims") or 0)
        body.append(
            f"<tr class='{'picked' if row.get('highlight') else ''}'>"
            f"<td><span class='kind' style='background:{kind_colour(row.get('source_kind'))}'>"
            f"</span><span title='{_esc(row.get('claimant_name'))}'>"
            f"{_esc(row.get('source_label'))}</span></td>"
            f"<td class='{'denies' if 'denies' in str(row.get('stance')) else ''}'>"
            f"{_esc(row.get('says'))}</td>"
            f"<td class='num'>{_esc(row.get('civilians'))}</td>"
            f"<td class='num'>{_esc(row.get('killed'))}</td>"
            f"<td>{_article_link(row.get('article_label') or '', row.get('article_url'))}"
            f"<br><span class='muted'>{meta} · {n} claim{'s' if n != 1 else ''}</span></td>"
            "</tr>")
    return (f"{_CSS}{_LINK_CSS}<table class='rasd-ev rasd-sources'>{head}<tbody>"
            f"{''.join(body)}</tbody></table>")


_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_VAGUE_AMOUNT = r"عشرات|مئات|آلاف|الآلاف|المئات|العشرات|بضعة|بضع"
_VAGUE = _VAGUE_AMOUNT + r"|نحو|حوالي|قرابة|ما لا يقل عن|أكثر من"
_FOLD = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ة": "[ةه]", "ه": "[ةه]",
         "ى": "[ىي]", "ي": "[ىي]"}


def _name_pattern(name: str) -> str:
    """A regex for an Arabic name that tolerates alef, taa marbuta and yaa spellings."""
    return "".join(_FOLD.get(ch, re.escape(ch)) for ch in name)


def highlight_quote(quote: str, figures=(), names=()) -> str:
    """The quote, escaped, with its figures and the claimant's name in <mark>.

    Figures are matched as whole numbers in either digit set, with a vague-amount or
    hedge word in front kept inside the mark; names tolerate spelling variants.

    >>> highlight_quote("قال المرصد إن 36 مدنيا قتلوا", [36], ["المرصد"])
    "قال <mark class='who'>المرصد</mark> إن <mark>36</mark> مدنيا قتلوا"
    >>> highlight_quote("<b>نحو 40</b>", [40])
    '&lt;b&gt;<mark>نحو 40</mark>&lt;/b&gt;'
    """
    quote = "" if quote is None or (not isinstance(quote, str) and pd.isna(quote)) else quote
    spans = []
    numbers = [str(int(f)) for f in figures if f is not None and not pd.isna(f)]
    numbers = list(dict.fromkeys(numbers + [n.translate(_ARABIC_DIGITS) for n in numbers]))
    parts = []
    if numbers:
        parts.append(rf"(?:(?:{_VAGUE})\s+)?(?<![\d٠-٩])(?:{'|'.join(numbers)})(?![\d٠-٩])")
    parts.append(rf"(?:{_VAGUE_AMOUNT})")   # a vague amount with no digits
    for pattern in parts:
        spans += [(m.start(), m.end(), "") for m in re.finditer(pattern, quote)]
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        spans += [(m.start(), m.end(), "who") for m in re.finditer(_name_pattern(name), quote)]
    out, at = [], 0
    for start, end, cls in sorted(spans):
        if start < at:
            continue   # overlaps a longer, earlier mark
        out.append(html.escape(quote[at:start], quote=True))
        attr = f" class='{cls}'" if cls else ""
        out.append(f"<mark{attr}>{html.escape(quote[start:end], quote=True)}</mark>")
        at = end
    out.append(html.escape(quote[at:], quote=True))
    return "".join(out)


_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _is_arabic(text) -> bool:
    text = str(text or "")
    return len(_ARABIC_LETTER.findall(text)) >= len(_LATIN_LETTER.findall(text))


def _script(text) -> str:
    """The direction and language of a quote: an Arabic sentence right to left, an
    English one left to right."""
    return "dir='rtl' lang='ar'" if _is_arabic(text) else "dir='ltr' lang='en'"


def _language_label(text) -> str:
    return "Arabic" if _is_arabic(text) else "English"


def claims_html(rows: pd.DataFrame, names: dict[str, list[str]] | None = None,
                paragraphs: list | None = None) -> str:
    """The evidence: one row per claim of one incident, the Arabic sentence with the
    figure and the claimant's name highlighted. `names` maps a claimant to the names
    it goes by in Arabic (from the claimant lexicon). `paragraphs`, when given, holds per
    row the (before, quote, after) of its article paragraph (`query.paragraphs`): a click
    on the sentence opens the whole paragraph below it, the quote marked."""
    names = names or {}
    paragraphs = paragraphs if paragraphs is not None else [None] * len(rows)
    widths = (15, 16, 10, 9, 16, 34)
    cols = "".join(f"<col style='width:{w}%'>" for w in widths)
    head = (f"<colgroup>{cols}</colgroup><thead><tr><th>Source</th><th>Says</th>"
            "<th>Civilians</th><th>Date</th><th>Article</th>"
            "<th>Original sentence</th></tr></thead>")
    body = []
    for row, paragraph in zip(rows.to_dict("records"), paragraphs):
        claim_date = _day(row.get("date_start"))
        end = _day(row.get("date_end"))
        if end and end != claim_date:
            claim_date = f"{claim_date} – {end}"
        said = _esc(row.get("date_text"))
        when = (claim_date or "") + (f"<br><span class='muted' dir='rtl' lang='ar'>{said}</span>"
                                     if said else "")
        figures = [row.get(k) for k in ("civilians_min", "civilians_max", "killed_min",
                                        "killed_max", "strikes")]
        quote = highlight_quote(row.get("quote"), figures, names.get(row.get("claimant"), []))
        if paragraph:
            quote = _paragraph_details(quote, paragraph)
        meta = " · ".join(x for x in (_esc(row.get("article_outlet")),
                                      _day(row.get("article_published")) or "undated",
                                      _language_label(row.get("quote"))) if x)
        body.append(
            f"<tr class='{'picked' if row.get('highlight') else ''}'>"
            f"<td><span class='kind' style='background:{kind_colour(row.get('source_kind'))}'>"
            f"</span>{_esc(row.get('source_label'))}</td>"
            f"<td>{_esc(row.get('says'))}</td>"
            f"<td class='num'{_hover(row.get('extracted_text'))}>{_esc(row.get('civilians_text'))}</td>"
            f"<td class='num'>{when}</td>"
            f"<td>{_article_link(row.get('article_label') or '', row.get('article_url'))}"
            f"<br><span class='muted'>{meta}</span></td>"
            f"<td class='quote' {_script(row.get('quote'))}>{quote}</td>"
            "</tr>")
    return (f"{_CSS}{_LINK_CSS}<table class='rasd-ev rasd-claims'>{head}<tbody>"
            f"{''.join(body)}</tbody></table>")


def _paragraph_details(quote_html: str, paragraph: tuple[str, str, str]) -> str:
    """The highlighted quote as the summary of a <details> whose body is the whole
    paragraph, escaped, the quote's span marked (no script: a click opens it)."""
    before, span, after = (_esc(p) for p in paragraph)
    return (f"<details class='para'><summary>{quote_html} "
            "<span class='open' dir='ltr'>¶ whole paragraph</span>"
            f"</summary><div class='paragraph'>{before}<mark>{span}</mark>{after}</div>"
            "</details>")


def tallies_html(rows: pd.DataFrame) -> str:
    """Totals over a period: period, the area the total covers, each source's figure."""
    head = ("<colgroup><col style='width:26%'><col style='width:22%'><col style='width:52%'>"
            "</colgroup><thead><tr><th>Period</th><th>Scope</th><th>Figures</th></tr></thead>")
    def column(name):
        return rows[name].tolist() if name in rows else [None] * len(rows)

    body = "".join(f"<tr><td class='num'>{_esc(when)}</td><td dir='auto'>{_esc(scope)}</td>"
                   f"<td>{_esc(figures)}</td></tr>" for when, scope, figures in zip(
                       column("date_label"), column("scope_label"), column("figures")))
    return f"{_CSS}<table class='rasd-ev rasd-tallies'>{head}<tbody>{body}</tbody></table>"


def _hover(text) -> str:
    """A title attribute (what the loaders read, for a corrected value), escaped."""
    return f" title='{_esc(text)}'" if isinstance(text, str) and text else ""


def escape(value) -> str:
    """Escape a value for HTML (None and NaN become '')."""
    return _esc(value)
