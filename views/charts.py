"""Plotly figures: the timeline, one incident's claims side by side, and the
incidents × claimants overview.

Traces are per kind of mark and kind of source, never per claim, so a figure stays
small however many claims it shows. Hover text is built from escaped strings
(plotly renders a subset of HTML in hover labels).
"""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .palette import CONTESTED, SOURCE_KINDS, kind_colour, kind_label
from .query import (Selection, cell_figures, figure_rank, joined, keep_rows,
                     order_incidents, order_positions)

FONT = dict(family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=12)
NO_PLACE = "No place given"


def _esc(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)


def _esc_each(values: pd.Series) -> pd.Series:
    """_esc of every value, escaping each distinct value once (a column of 100,000
    labels holds a few hundred)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    escaped = np.array([_esc(u) for u in uniques], dtype=object)
    return pd.Series(escaped[codes], index=values.index, dtype=object)


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    kw.setdefault("margin", dict(l=10, r=10, t=30, b=10))
    fig.update_layout(height=height, font=FONT,
                      plot_bgcolor="white", paper_bgcolor="white",
                      hoverlabel=dict(font_size=12, align="left"), **kw)
    return fig


def empty_figure(message: str, height: int = 220) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=_esc(message), showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper", font=dict(color="#666"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height)


def claim_lines(claims: pd.DataFrame, per_incident: int = 10) -> pd.Series:
    """incident_id -> '<br>'-joined escaped lines like 'SOHR: 36' (one per source and
    figure; repeated claims from several articles are shown once), every one of them
    up to `per_incident`, then 'and n more'."""
    if claims.empty:
        return pd.Series(dtype=object)
    label = "source_label" if "source_label" in claims else "claimant_short"
    c = (claims.sort_values(["incident_id", "seq"])
         .drop_duplicates(["incident_id", label, "stance", "civilians_text"]))
    total = c.groupby("incident_id", sort=False).size()
    c = c.groupby("incident_id", sort=False).head(per_incident)
    text = (_esc_each(c[label]) + ": " + _esc_each(c["civilians_text"])
            + np.where(c["stance"].eq("acknowledges"), " (acknowledges)", ""))
    lines = pd.Series(joined(c["incident_id"].tolist(), text.tolist(), "<br>"), dtype=object)
    more = (total - per_incident).reindex(lines.index)
    return lines + np.where(more > 0, "<br><i>and " + more.astype(str) + " more</i>", "")


# ---------------------------------------------------------------- timeline

MIN_SPAN = pd.Timedelta(days=28)   # the axis never shows less than four weeks


def timeline(selection: Selection, max_rows: int = 16, max_points: int = 1500,
             hover_incidents: int = 2) -> go.Figure:
    """Events as points on a date axis, one row per place, with a line over their
    period when it is longer than a day; tallies (totals over a period, listed apart)
    are drawn as bars only when there is no event to show. Events are merged per place
    and day (per week, month... when there are too many), and hover text is built only
    for the incidents it names, so the figure stays small on a large store. Each point
    carries the id of its first incident (`customdata`), for a click to select it."""
    inc = selection.incidents
    inc = inc.loc[inc["date_start"].notna(),
                  ["incident_row", "incident_id", "kind", "date_start", "date_last",
                   "date_label", "place_label", "contested", "n_sources", "civilians_max"]]
    if inc.empty:
        return empty_figure("No dated incidents in this view")
    label = inc["place_label"].where(inc["place_label"].ne(""), NO_PLACE)
    counts = label.value_counts()
    keep = counts.index[: max_rows - 1] if len(counts) > max_rows else counts.index
    other = f"Other places ({len(counts) - len(keep)})"
    row = label.where(label.isin(keep), other)
    shown = {t: _esc(_clip(t, 30)) for t in row.unique()}      # per distinct label, not per row
    inc = inc.assign(row=row.map(shown))
    fig = go.Figure()
    events = inc[inc["kind"] != "tally"]
    tallies = inc[inc["kind"] == "tally"]
    if len(events):
        inc = events
        _add_event_periods(fig, events)
        _add_event_points(fig, events, selection, max_points, hover_incidents)
        first, last = events["date_start"].min(), events["date_last"].max()
    else:
        _add_tally_bars(fig, order_incidents(tallies).head(200), selection)
        first, last = tallies["date_start"].min(), tallies["date_last"].max()
    last = last + pd.Timedelta(days=1)
    pad = max(pd.Timedelta(days=3), (last - first) * 0.04)
    if last - first + 2 * pad < MIN_SPAN:
        pad = (MIN_SPAN - (last - first)) / 2
    fig.update_xaxes(range=[first - pad, last + pad])
    rows = list(inc.groupby("row", sort=False)["date_start"].min().sort_values().index)
    _layout(fig, max(260, min(110 + 30 * len(rows), 620)),
            legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text=""),
            barmode="overlay")
    fig.update_yaxes(categoryorder="array", categoryarray=rows[::-1], showgrid=True,
                     gridcolor="#eee", automargin=True, title_text="")
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eee", title_text="",
                     tickformatstops=[  # never hours or milliseconds: dates are days
                         dict(dtickrange=[None, 86_400_000 * 7], value="%d %b\n%Y"),
                         dict(dtickrange=[86_400_000 * 7, "M1"], value="%d %b\n%Y"),
                         dict(dtickrange=["M1", "M12"], value="%b\n%Y"),
                         dict(dtickrange=["M12", None], value="%Y")])
    # a click picks a point's incident; with the toolbar's box select, a drag across the
    # chart sets the date range (dashboard: remember_timeline_pick). Streamlit turns point
    # clicks off while box select is the drag mode, so zoom stays the default drag.
    fig.update_layout(clickmode="event+select", dragmode="zoom", selectdirection="h")
    return fig


def _add_event_periods(fig, events):
    """A line over each event's period when it is longer than a day (one trace)."""
    long = events[events["date_last"] > events["date_start"]].head(2000)
    if long.empty:
        return
    xs, ys = [], []
    for start, last, row in zip(long["date_start"], long["date_last"], long["row"]):
        xs += [start, last + pd.Timedelta(days=1), None]
        ys += [row, row, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#888", width=5),
                             opacity=0.5, hoverinfo="skip", showlegend=False,
                             name="period"))


BINS = ("D", "W", "M", "Q", "Y")   # event points merge per day, then coarser if too many


def _hover(incidents: pd.DataFrame, selection: Selection) -> pd.Series:
    """Escaped hover text for some incidents: date, place, each source's figure."""
    lines = claim_lines(selection.claim_columns(
        ["incident_id", "claimant", "source_label", "stance", "civilians_text", "seq"],
        incident_rows=incidents["incident_row"]))
    return ("<b>" + _esc_each(incidents["date_label"]) + "</b> · "
            + _esc_each(incidents["place_label"]) + "<br>"
            + incidents["incident_id"].map(lines).fillna("no claims shown"))


def _add_event_points(fig, events, selection, max_points, hover_incidents):
    # one integer per (row, bin) to count and group the points by: a MultiIndex of
    # strings and dates boxed every date as a Timestamp (30 ms a bin at 100,000 incidents)
    rows = pd.factorize(events["row"])[0].astype(np.int64)
    for freq in BINS:
        when = (events["date_start"].dt.normalize() if freq == "D" else
                events["date_start"].dt.to_period(freq).dt.start_time)
        bins = pd.factorize(when)[0]
        key = rows * (int(bins.max(initial=0)) + 1) + bins
        if len(pd.unique(key)) <= max_points:
            break
    # most telling first (query.order_incidents), taking only the columns used below
    events = events[["incident_row", "incident_id", "date_label", "place_label", "contested",
                     "civilians_max", "row"]].assign(when=when, _key=key).iloc[
        order_positions(events)]
    groups = events.groupby("_key", sort=False)
    points = groups.agg(row=("row", "first"), when=("when", "first"),
                        n=("incident_id", "size"), contested=("contested", "sum"),
                        toll=("civilians_max", "max")).reset_index(drop=True)
    rank = groups.cumcount().to_numpy()
    named = events[rank < hover_incidents]
    hover = joined(list(zip(named["row"].tolist(), named["when"].tolist())),
                    _hover(named, selection).tolist(), "<br><br>")
    points["hover"] = [hover.get(k, "") for k in zip(points["row"].tolist(),
                                                     points["when"].tolist())]
    # the groups come in the order of their first (most telling) incident
    points["incident"] = events["incident_id"].to_numpy()[rank == 0]
    more = points["n"] - hover_incidents
    points["hover"] = points["hover"] + np.where(
        more > 0, "<br><i>+ " + more.astype(str)
        + np.where(more == 1, " more incident", " more incidents") + "</i>", "")
    points["level"] = np.where(points["contested"].eq(0), "none",
                      np.where(points["contested"].eq(points["n"]), "all", "some"))
    toll = points["toll"].astype("Float64").fillna(0).astype(float).to_numpy()
    points["size"] = np.clip(7 + 2.2 * np.sqrt(toll), 7, 34)
    for level in ("none", "some", "all"):
        part = points[points["level"] == level]
        if part.empty:
            continue
        colour, label = CONTESTED[level]
        fig.add_trace(go.Scatter(
            x=part["when"], y=part["row"], mode="markers", name=label,
            marker=dict(size=part["size"], color=colour, opacity=0.8,
                        line=dict(width=1, color="#333")),
            hovertext=part["hover"], hoverinfo="text", customdata=part["incident"],
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=0.8))))


def _add_tally_bars(fig, tallies, selection):
    start = tallies["date_start"]
    end = tallies["date_last"] + pd.Timedelta(days=1)
    hover = "<b>tally</b> · " + _hover(tallies, selection)
    # tallies sharing a row are stacked side by side within it, not drawn over each other
    n = tallies.groupby("row")["row"].transform("size").to_numpy()
    k = tallies.groupby("row").cumcount().to_numpy()
    fig.add_trace(go.Bar(
        base=start, x=(end - start).dt.total_seconds() * 1000, y=tallies["row"],
        orientation="h", name="tally (period total)", width=0.7 / n, offset=-0.35 + 0.7 * k / n,
        marker=dict(color="rgba(110,110,110,0.25)", line=dict(color="#555", width=1.5)),
        hovertext=hover, hoverinfo="text", customdata=tallies["incident_id"]))


# ---------------------------------------------------------------- one incident

MARKS = {  # how a claim's figure is drawn: marker symbol, and where on the axis
    "point": "circle",           # an exact figure, at the figure
    "range": "line-ns-open",     # a range, a bar from min to max with ticks at both ends
    "denial": "x-thin-open",     # denies civilian deaths, at 0, labelled "denies (0)"
    "no_figure": "diamond-open",  # assessing, or alleges without a number, at 0
}


def comparison(claims: pd.DataFrame) -> go.Figure:
    """Each claimant's civilian toll for one incident, side by side, coloured by kind
    of source. One row per claimant; a claimant giving several figures (in several
    articles) gets several marks on its row."""
    if claims.empty:
        return empty_figure("No claims for this incident in this view")
    # only the columns drawn: each step below copies every column it is given
    c = (claims[["seq", "source_label", "source_kind", "stance", "civilians_min",
                 "civilians_max", "civilians_text", "claimant_name", "kind_label",
                 "article_title"]].sort_values("seq")
         .drop_duplicates(["source_label", "stance", "civilians_min", "civilians_max"]))
    # A claimant's allegation without a figure (say, blaming other forces for strikes)
    # adds nothing beside its own figure or denial: keep it only when it is all there is.
    rank = figure_rank(c)
    c = c[(rank < 3) | (rank.groupby(c["source_label"]).transform("min") == 3)]
    lo = c["civilians_min"].astype("Float64")
    hi = c["civilians_max"].astype("Float64")
    denial = c["stance"].eq("denies") & lo.fillna(0).eq(0) & hi.fillna(0).eq(0)
    no_figure = lo.isna() & hi.isna() & ~denial
    ranged = lo.notna() & hi.notna() & (lo != hi) & ~denial
    mark = np.select([denial, no_figure, ranged], ["denial", "no_figure", "range"], "point")
    kind_rank = {k: i for i, k in enumerate(SOURCE_KINDS)}
    c = c.assign(
        row=c["source_label"].map(_esc) + "  ", mark=mark,
        x=np.where(np.isin(mark, ["denial", "no_figure"]), 0.0,
                   hi.fillna(lo).astype(float).fillna(0).to_numpy()),
        rank=c["source_kind"].map(kind_rank).fillna(len(kind_rank)),
        hover=("<b>" + c["claimant_name"].map(_esc) + "</b> (" + c["kind_label"].map(_esc)
               + ")<br>" + c["stance"].map(_esc) + ": " + c["civilians_text"].map(_esc)
               + "<br>" + c["article_title"].map(lambda t: _esc(_clip(t, 80)))))
    rows = c.sort_values(["rank", "row"])["row"].drop_duplicates().tolist()
    top = max(float(c["x"].max()), 10.0)
    fig = go.Figure()
    for kind, part in c.sort_values("rank").groupby("source_kind", sort=False):
        colour, label = kind_colour(kind), kind_label(kind)
        ranges = part[part["mark"] == "range"]
        if len(ranges):
            xs = [v for a, b in zip(ranges["civilians_min"], ranges["civilians_max"])
                  for v in (float(a), float(b), None)]
            ys = [v for y in ranges["row"] for v in (y, y, None)]
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines+markers", line=dict(color=colour, width=6),
                marker=dict(symbol=MARKS["range"], size=16, line=dict(width=3, color=colour)),
                opacity=0.7, legendgroup=label, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["row"], mode="markers+text", name=label, legendgroup=label,
            marker=dict(symbol=part["mark"].map(MARKS), size=14, color=colour,
                        line=dict(width=2.5, color=colour)),
            text=part["civilians_text"].map(lambda t: _esc(_VAGUE_WORD.sub("", t))),
            textposition="middle right",
            textfont=dict(size=12, color="#222"), hovertext=part["hover"], hoverinfo="text"))
    fig.update_yaxes(categoryorder="array", categoryarray=rows[::-1], automargin=True,
                     showgrid=True, gridcolor="#eee", title_text="")
    fig.update_xaxes(title_text="civilians killed, as claimed", range=[-0.08 * top, top * 1.9],
                     zeroline=True, zerolinecolor="#999", showgrid=True, gridcolor="#eee")
    # the colours are explained once, above the section (tables.source_legend_html)
    return _layout(fig, 90 + 38 * len(rows), showlegend=False)


def _clip(text, n: int) -> str:
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------- overview

def overview_table(selection: Selection, max_incidents: int = 30) -> pd.DataFrame:
    """incidents × claimants, one row per cell: the claimant's civilian figure as text
    (at most two distinct figures; `all_text` has every one), and a number for the
    colour (a range's midpoint; 0 for a denial). A claimant's figures hide its denials,
    a denial hides "assessing", and that hides "no figure". Incidents where the
    sources disagree most come first."""
    if not len(selection.claim_rows):
        return pd.DataFrame()
    # how far each incident's figures lie apart depends on its own claims only: worked
    # out once per store (query.incident_facts); the cells are built for the chosen rows
    spread = selection.facts()["spread"]
    inc = selection.incidents[["incident_row", "contested", "n_sources", "date_start"]]
    order = (inc.assign(spread=inc["incident_row"].map(spread).fillna(0))
             .sort_values(["contested", "spread", "n_sources", "date_start"],
                          ascending=[False, False, False, True])
             .head(max_incidents)["incident_row"].tolist())
    c = selection.claim_columns(["incident_row", "claimant", "claimant_short", "claimant_name",
                                 "source_kind", "stance", "civilians_min", "civilians_max",
                                 "civilians_text", "seq"], incident_rows=order)
    cells = cell_figures(c)
    c = keep_rows(c, cells.best).assign(cell=cells.cell[cells.best])
    value = pd.Series(cells.value, index=cells.cells)
    c = c.sort_values("seq").drop_duplicates(["cell", "civilians_text"])
    texts = c.groupby("cell")["civilians_text"].agg(list)
    first = c.drop_duplicates("cell").set_index("cell")
    table = first[["incident_row", "claimant", "claimant_short", "claimant_name",
                   "source_kind"]].assign(
        # a cell is small: "20–99" there, "20–99 “dozens”" in its hover
        text=texts.map(lambda t: " / ".join(_VAGUE_WORD.sub("", x) for x in t[:2])
                       + (" …" if len(t) > 2 else "")),
        all_text=texts.map(" / ".join), value=value.reindex(first.index).astype("Float64"))
    rank_of = {row: n for n, row in enumerate(order)}
    return table.assign(rank=table["incident_row"].map(rank_of)).reset_index(drop=True)


_VAGUE_WORD = re.compile(r" “[^”]*”")


def overview(selection: Selection, max_incidents: int = 30) -> go.Figure:
    """A heatmap of incidents × claimants with each claimant's figure written in its
    cell: tolls in blues (darker is higher, on a log scale), denials in orange,
    claims without a figure in grey, so a denial beside a toll stands out."""
    table = overview_table(selection, max_incidents)
    if table.empty:
        return empty_figure("No claims in this view")
    rows = table.sort_values("rank")["incident_row"].drop_duplicates().tolist()
    inc = selection.incidents[selection.incidents["incident_row"].isin(rows)].set_index(
        "incident_row")
    labels = _unique([_esc(_clip(f"{inc.at[r, 'date_label']} · "
                                 f"{inc.at[r, 'place_label'] or 'no place'}", 40)
                           + (" (tally)" if inc.at[r, "kind"] == "tally" else ""))
                      for r in rows])
    claimants = table.drop_duplicates("claimant").set_index("claimant")
    kind_rank = {k: n for n, k in enumerate(SOURCE_KINDS)}
    cols = sorted(claimants.index,
                  key=lambda k: (kind_rank.get(claimants.at[k, "source_kind"], 99),
                                 -int((table["claimant"] == k).sum()), k))
    names = [_wrap(claimants.at[k, "claimant_short"], 10) for k in cols]

    # the cells as rows × claimants grids (the table has one row per cell)
    at_row = {r: n for n, r in enumerate(rows)}
    at_col = {k: n for n, k in enumerate(cols)}
    ri = table["incident_row"].map(at_row).to_numpy(dtype=np.int64)
    ci = table["claimant"].map(at_col).to_numpy(dtype=np.int64)
    value = np.full((len(rows), len(cols)), np.nan)
    value[ri, ci] = table["value"].to_numpy(dtype=float, na_value=np.nan)
    text = np.full((len(rows), len(cols)), "", dtype=object)
    text[ri, ci] = table["text"].to_numpy(dtype=object)
    all_text = np.full((len(rows), len(cols)), "", dtype=object)
    all_text[ri, ci] = table["all_text"].to_numpy(dtype=object)
    denial = np.char.startswith(text.astype(str), "denies")
    no_figure = (text != "") & np.isnan(value) & ~denial
    who = {k: _esc(claimants.at[k, "claimant_name"]) for k in cols}
    hover = [[f"<b>{labels[r]}</b><br>{who[k]}: "
              f"{_esc(all_text[r, j]) or 'no claim'}" for j, k in enumerate(cols)]
             for r in range(len(rows))]
    esc_text = np.vectorize(_esc, otypes=[object])(text)
    toll = np.where(denial | no_figure, np.nan, np.log10(1 + value))
    # one colour scale per kind: a four-year total must not wash out every strike
    tally_row = np.array([inc.at[r, "kind"] == "tally" for r in rows])[:, None]
    for is_tally in (False, True):
        part = np.where(tally_row == is_tally, toll, np.nan)
        if np.isfinite(part).any():
            top = max(2.0, float(np.nanmax(part)))
            toll = np.where(tally_row == is_tally, toll / top, toll)
    fig = go.Figure()
    for z, scale, zmax in (
            (toll, [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]], 1.0),
            (np.where(denial, 1.0, np.nan), [[0, "#F6C9AE"], [1, "#F6C9AE"]], 1.0),
            (np.where(no_figure, 1.0, np.nan), [[0, "#E4E4E4"], [1, "#E4E4E4"]], 1.0)):
        if not np.isfinite(z).any():
            continue
        fig.add_trace(go.Heatmap(
            z=z, x=names, y=labels, text=np.where(np.isfinite(z), esc_text, ""),
            texttemplate="%{text}", textfont=dict(size=11), hovertext=hover,
            hoverinfo="skip", xgap=2, ygap=2, colorscale=scale, zmin=0, zmax=zmax,
            showscale=False, hoverongaps=False))
    # Heatmap cells cannot be selected: an invisible point over each filled cell carries
    # the hover and, for a click, the incident's id.
    filled = np.argwhere(text != "")
    ids = inc["incident_id"]
    fig.add_trace(go.Scatter(
        x=[names[j] for _, j in filled], y=[labels[i] for i, _ in filled], mode="markers",
        marker=dict(size=26, symbol="square", color="rgba(0,0,0,0)", opacity=0),
        selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
        customdata=[ids.at[rows[i]] for i, _ in filled],
        hovertext=[hover[i][j] for i, j in filled], hoverinfo="text", showlegend=False,
        name="cells"))
    fig.update_layout(clickmode="event+select", dragmode=False)
    fig.update_yaxes(autorange="reversed", automargin=True, title_text="", type="category",
                     categoryorder="array", categoryarray=labels)
    fig.update_xaxes(side="top", automargin=True, title_text="", tickangle=0, type="category",
                     categoryorder="array", categoryarray=names, tickfont=dict(size=11))
    return _layout(fig, 110 + 32 * len(rows), margin=dict(l=10, r=10, t=50, b=10))


def _wrap(label: str, width: int = 12) -> str:
    """Break an axis label onto lines of about `width` characters (escaped)."""
    lines, line = [], ""
    for word in str(label).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(_esc(x) for x in lines)


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


# ---------------------------------------------------------------- sources compared

def source_matrix(pairs: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Claimant × claimant: on the strikes both give a figure for, the share where
    their civilian figures are a factor of two or more apart (a denial against a toll
    counts); the cell reads 'far / shared'."""
    if pairs.empty:
        return empty_figure("No two sources give a figure for the same strike in this view")
    order = (pairs.groupby("a")["shared"].sum().sort_values(ascending=False).index.tolist())
    grid = pairs.set_index(["a", "b"])
    labels = [_wrap(names.get(k, k), 10) for k in order]
    z, text, hover = [], [], []
    for a in order:
        z_row, t_row, h_row = [], [], []
        for b in order:
            if (a, b) in grid.index:
                r = grid.loc[(a, b)]
                z_row.append(float(r["far"]) / float(r["shared"]))
                t_row.append(f"{int(r['far'])}/{int(r['shared'])}")
                h_row.append(f"<b>{_esc(names.get(a, a))} vs {_esc(names.get(b, b))}</b><br>"
                             f"{int(r['shared'])} strikes both give a figure for<br>"
                             f"figures differ on {int(r['differ'])}, by ×2 or more on "
                             f"{int(r['far'])}<br>median gap {r['median_gap']:.0f} civilians")
            else:
                z_row.append(np.nan)
                t_row.append("")
                h_row.append("")
        z.append(z_row)
        text.append(t_row)
        hover.append(h_row)
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, text=text, texttemplate="%{text}", hovertext=hover,
        hoverinfo="text", colorscale=[[0, "#F2F2F2"], [1, CONTESTED["all"][0]]], zmin=0, zmax=1,
        xgap=2, ygap=2, hoverongaps=False,
        colorbar=dict(title=dict(text="share ×2<br>apart", side="top"), thickness=10,
                      tickformat=".0%")))
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(side="top", automargin=True, type="category", tickangle=0)
    return _layout(fig, 120 + 34 * len(order), margin=dict(l=10, r=10, t=60, b=10))
