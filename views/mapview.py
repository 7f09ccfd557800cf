"""The map: one circle per site, the Euphrates on a plain background, no CDN.

Article text reaches the map only through `site_popups`, which escapes it; the
markers' tooltip and popup strings are then embedded with `tojson` and handed to
Leaflet as HTML strings, so nothing from an article is ever parsed as markup.
"""
from __future__ import annotations

import html
import json
import math
from typing import Mapping

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from .palette import CONTESTED, MAP_BACKGROUND, RIVER
from .query import Selection, contested_events, joined, keep_rows, order_positions

# The Euphrates from Raqqa to al-Qa'im, hand-digitised (approximate, for orientation
# when no tiles load; not for measuring).
EUPHRATES = (
    (35.95, 39.01), (35.93, 39.30), (35.77, 39.60), (35.56, 39.86), (35.34, 40.14),
    (35.22, 40.30), (35.02, 40.45), (34.89, 40.58), (34.78, 40.73), (34.69, 40.83),
    (34.55, 40.90), (34.45, 40.94), (34.37, 41.09),
)
# Towns along the river, labelled on the plain background.
RIVER_TOWNS = (
    ("Raqqa", 35.95, 39.01), ("Deir ez-Zor", 35.34, 40.14), ("al-Mayadin", 35.02, 40.45),
    ("Hajin", 34.69, 40.83), ("Abu Kamal", 34.45, 40.94), ("al-Qa'im", 34.37, 41.09),
)
VALLEY_BOUNDS = ((34.25, 38.95), (36.05, 41.25))

POPUP_INCIDENTS = 4    # incidents listed per site popup; the panels below list all
POPUP_CLAIMS = 6       # claims listed per incident in a popup
POPUP_TITLES = 2       # article titles named per incident


def marker_radius(civilians_max) -> float:
    """Circle radius in pixels: area grows with the highest toll claimed.

    >>> marker_radius(None), marker_radius(0), marker_radius(36), marker_radius(3712)
    (5.0, 5.0, 16.4, 26.0)
    """
    if civilians_max is None or pd.isna(civilians_max) or civilians_max <= 0:
        return 5.0
    return round(min(26.0, 5.0 + 1.9 * math.sqrt(float(civilians_max))), 1)


def toll_text(site: Mapping) -> str:
    """A site's civilian figures: the spread of the specific ones ("36–40"), a vague
    amount only when no source gives a specific figure.

    >>> toll_text({"toll_low": 36, "toll_high": 40, "vague_low": 20, "vague_high": 99})
    '36–40 civilians claimed (and vague amounts)'
    >>> toll_text({"toll_low": None, "toll_high": None, "vague_low": 20, "vague_high": 99})
    'only vague amounts claimed (20–99 civilians)'
    """
    low, high = site.get("toll_low"), site.get("toll_high")
    vlow, vhigh = site.get("vague_low"), site.get("vague_high")
    if low is not None and not pd.isna(low):
        spread = f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"
        vague = vlow is not None and not pd.isna(vlow)
        return f"{spread} civilians claimed" + (" (and vague amounts)" if vague else "")
    if vlow is not None and not pd.isna(vlow):
        top = "" if vhigh is None or pd.isna(vhigh) else f"–{int(vhigh)}"
        return f"only vague amounts claimed ({int(vlow)}{top} civilians)"
    return "no civilian toll given"


def site_tooltip(site: Mapping) -> str:
    """Tooltip HTML. It starts with the place label: the dashboard reads the clicked
    marker's tooltip text back to know which site was clicked."""
    n = int(site["n_incidents"])
    toll_text_ = toll_text(site)
    precision = site.get("geo_precision") or ""
    coarse = f" · located to {precision}" if precision and precision not in ("site", "town") else ""
    return (f"<b>{_esc(site['place_label'])}</b><br>"
            f"{n} incident{'s' if n != 1 else ''} · {toll_text_} · "
            f"{CONTESTED[site['contested']][1]}{_esc(coarse)}")


def site_popups(selection: Selection, site_table: pd.DataFrame,
                per_site: int = POPUP_INCIDENTS, per_incident: int = POPUP_CLAIMS) -> dict[str, str]:
    """place_id -> popup HTML listing the site's incidents (most contested first) and
    each source's figure. Built column-wise: a store has thousands of sites."""
    if site_table.empty:
        return {}
    inc = selection.incidents
    inc = keep_rows(inc[["incident_row", "place_id", "date_label", "kind", "contested",
                         "n_sources", "date_start"]], inc["on_map"].to_numpy(dtype=bool))
    # the first per_site of each site, most telling first (query.order_incidents), found
    # on positions and integer codes: only the incidents shown are taken
    order = order_positions(inc) if len(inc) else np.array([], dtype=np.int64)
    place = pd.Series(pd.factorize(inc["place_id"])[0][order])     # -1: no place id
    first = (place.groupby(place).cumcount().to_numpy() < per_site) & (place.to_numpy() >= 0)
    shown = inc.iloc[order[first]]
    claims = selection.claim_columns(["incident_row", "seq", "source_label", "stance",
                                      "civilians_text", "article_label"],
                                     incident_rows=shown["incident_row"])
    claims = (claims.sort_values(["incident_row", "seq"])
              .drop_duplicates(["incident_row", "source_label", "stance", "civilians_text"]))
    n_claims = claims.groupby("incident_row").size()
    listed = claims[claims.groupby("incident_row").cumcount() < per_incident]
    rows = ("<tr><td>" + _esc_all(listed["source_label"]) + "</td><td>"
            + _esc_all(listed["civilians_text"]) + "</td></tr>")
    claim_html = pd.Series(joined(listed["incident_row"].tolist(), rows.tolist()), dtype=object)
    titles = (claims[claims["article_label"].ne("")]
              .drop_duplicates(["incident_row", "article_label"])
              .groupby("incident_row").head(POPUP_TITLES))
    title_html = pd.Series(joined(
        titles["incident_row"].tolist(),
        ("<div dir='auto'>" + _esc_all(titles["article_label"].map(lambda t: _clip(t, 70)))
         + "</div>").tolist()), dtype=object)

    row = shown["incident_row"]
    hidden = (row.map(n_claims).fillna(0) - per_incident).clip(lower=0).astype(int)
    blocks = ("<div class='rasd-incident'><div class='rasd-when'>"
              + _esc_all(shown["date_label"]) + " · " + _esc_all(shown["kind"])
              + np.where(contested_events(shown),
                         " · <span class='rasd-contested'>contested</span>",
                         "")
              + "</div><table>" + row.map(claim_html).fillna("")
              + np.where(hidden > 0, "<tr><td colspan='2'>+ " + hidden.astype(str)
                         + np.where(hidden == 1, " more claim", " more claims")
                         + "</td></tr>", "")
              + row.map(title_html).map(lambda t: f"<tr><td colspan='2' class='rasd-src'>{t}"
                                                  "</td></tr>" if isinstance(t, str) else "")
              + "</table></div>")
    body = joined(shown["place_id"].tolist(), blocks.tolist())
    out = {}
    for place_id, n, name_en, name_ar in zip(
            site_table["place_id"].tolist(), site_table["n_incidents"].tolist(),
            site_table["place_name_en"].tolist(), site_table["place_name_ar"].tolist()):
        more = int(n) - min(per_site, int(n))
        out[str(place_id)] = (
            "<div class='rasd-popup'><div class='rasd-place'>"
            f"<b>{_esc(name_en)}</b> "
            f"<span dir='rtl' lang='ar'>{_esc(name_ar)}</span></div>"
            + body.get(place_id, "")
            + (f"<div class='rasd-more'>+ {more} more incident{'s' if more != 1 else ''}: "
               "listed in the panels below</div>" if more > 0 else "")
            + "</div>")
    return out


def _esc_all(values: pd.Series) -> pd.Series:
    """Every value as escaped text (each distinct value escaped once)."""
    codes, uniques = pd.factorize(values.fillna("").astype(str))
    escaped = np.array([html.escape(v, quote=True) for v in uniques.tolist()], dtype=object)
    return pd.Series(escaped[codes], index=values.index, dtype=object)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _esc(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def site_markers(site_table: pd.DataFrame, popups: Mapping[str, str]) -> list[dict]:
    """The data the map's marker layer draws: position, style, tooltip, popup."""
    markers = []
    for site in site_table.to_dict("records"):
        colour = CONTESTED[site["contested"]][0]
        coarse = site.get("geo_precision") not in ("site", "town", "", None)
        lat, lon = site.get("mark_lat", site["lat"]), site.get("mark_lon", site["lon"])
        markers.append({
            "place_id": str(site["place_id"]),
            "lat": round(float(lat), 5), "lon": round(float(lon), 5),
            "true": [round(float(site["lat"]), 5), round(float(site["lon"]), 5)],
            "style": {"radius": marker_radius(site["civilians_max"]), "color": "#333333",
                      "weight": 1, "fillColor": colour,
                      "fillOpacity": 0.35 if pd.isna(site["civilians_max"]) else 0.75,
                      "dashArray": "3 3" if coarse else None},
            "tooltip": site_tooltip(site),
            "popup": popups.get(str(site["place_id"]), site_tooltip(site)),
        })
    # Big circles first, so small ones stay on top and clickable.
    markers.sort(key=lambda m: -m["style"]["radius"])
    return markers


def markers_json(site_table: pd.DataFrame, popups: Mapping[str, str]) -> str:
    """The marker layer's data as a script literal (`site_markers`, `script_json`)."""
    return script_json(site_markers(site_table, popups))


def script_json(value) -> str:
    r"""JSON to embed in a <script>. UTF-8 is kept (Arabic would triple in size as \u
    escapes); "</" becomes "<\/" (the same string in JSON) so nothing can close the
    script element, and "<!--" is escaped too. "{{", "{%" and "{#" (Jinja's markers)
    are written "{\u007b", "{\u0025", "{\u0023": the same strings, but nothing a
    template engine would run. They can only occur inside strings, since json.dumps
    follows a structural "{" with '"' or "}".

    >>> print(script_json({"t": "</script><!--<b>هجين"}))
    {"t": "<\/script>\u003c!--<b>هجين"}
    >>> print(script_json(["{{ 7*7 }} {% if 1 %}"]))
    ["{\u007b 7*7 }} {\u0025 if 1 %}"]
    """
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("</", "<\\/"), ("<!--", "\\u003c!--"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
                         ("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023")):
        text = text.replace(raw, escaped)
    return text


class _Raw(Element):
    """Text put on the page as it is. branca's MacroElement wraps what its macros
    render in Element(text), which compiles that text as a Jinja template and runs it
    when the page is rendered: article text in a popup ("{{ … }}") would be executed,
    and compiling 0.7 MB of markers costs 0.2 s a rerun."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _RawMacro(MacroElement):
    """A MacroElement whose rendered header, html and script are added as `_Raw`."""

    def render(self, **kwargs):
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html),
                             ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(_Raw(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _SiteLayer(_RawMacro):
    """All site circles from one JSON array (smaller and faster than one folium
    element per marker)."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var sites = {{ this.markers_json }};
            sites.forEach(function (s) {
                if (s.true[0] !== s.lat || s.true[1] !== s.lon) {
                    // an offset circle: a thin line back to where the site really is
                    L.polyline([s.true, [s.lat, s.lon]], {color: "#333", weight: 1,
                                opacity: 0.6, interactive: false})
                     .addTo({{ this._parent.get_name() }});
                }
                L.circleMarker([s.lat, s.lon], s.style)
                    .bindTooltip(s.tooltip, {direction: "auto"})
                    .bindPopup(s.popup, {maxWidth: 360, maxHeight: 200})
                    .addTo({{ this._parent.get_name() }});
            });
            // The frame's height is set by the page (it grows with the window) and
            // may arrive after the map was fitted: fit once more when it has.
            var map = {{ this._parent.get_name() }}, size = map.getSize();
            setTimeout(function () {
                if (!map.getSize().equals(size)) {
                    map.invalidateSize();
                    map.fitBounds({{ this.bounds_json }}, {paddingTopLeft: [50, 30],
                                                           paddingBottomRight: [40, 40]});
                }
            }, 250);
        })();
        {% endmacro %}
    """)

    def __init__(self, markers_json: str, bounds: list[list[float]]):
        super().__init__()
        self._name = "SiteLayer"
        self.markers_json = markers_json
        self.bounds_json = script_json(bounds)


class _Backdrop(_RawMacro):
    """The Euphrates and its towns, drawn for orientation. Not interactive: a click on
    the river must not read as a click on a site."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        L.polyline({{ this.river_json }}, {color: {{ this.colour_json }}, weight: 4,
                    opacity: 0.9, interactive: false})
         .addTo({{ this._parent.get_name() }});
        {{ this.towns_json }}.forEach(function (t) {
            L.marker([t[1], t[2]], {interactive: false, keyboard: false,
                icon: L.divIcon({className: "rasd-town", html: "<span>" + t[0] + "</span>",
                                iconSize: [0, 0]})})
             .addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, river, towns):
        super().__init__()
        self._name = "Backdrop"
        self.river_json = script_json([list(p) for p in river])
        self.towns_json = script_json([list(t) for t in towns])
        self.colour_json = script_json(RIVER)


_MAP_CSS = f"""<style>
.leaflet-container {{ background: {MAP_BACKGROUND}; font: 12px/1.35 system-ui, sans-serif; }}
.rasd-town span {{ position: absolute; right: 7px; top: -8px; color: #555; font-size: 11px;
                  white-space: nowrap; text-shadow: 0 0 2px #fff, 0 0 2px #fff;
                  pointer-events: none; }}
.rasd-town::after {{ content: ""; position: absolute; left: -2px; top: -2px; width: 4px;
                    height: 4px; border-radius: 50%; background: #777; }}
.rasd-popup {{ max-width: 340px; font-size: 12px; line-height: 1.35; }}
.rasd-popup .rasd-place {{ font-size: 13px; margin-bottom: 4px; }}
.rasd-popup .rasd-incident {{ border-top: 1px solid #ddd; padding: 3px 0; }}
.rasd-popup .rasd-when {{ color: #333; font-weight: 600; font-size: 12px; }}
.rasd-popup .rasd-contested {{ color: {CONTESTED['all'][0]}; }}
.rasd-popup table {{ border-collapse: collapse; }}
.rasd-popup td {{ padding: 0 8px 0 0; vertical-align: top; }}
.rasd-popup td + td {{ font-variant-numeric: tabular-nums; }}
.rasd-popup .rasd-src {{ color: #666; font-size: 11px; }}
.rasd-popup .rasd-more {{ color: #666; font-style: italic; margin-top: 3px; }}
/* the map fills its frame, whose height the page sets from the window's */
#map_div, #map_div2, .folium-map {{ height: 100vh !important; }}
html, body {{ margin: 0; overflow: hidden; }}
</style>"""


def spread_overlapping(site_table: pd.DataFrame, min_gap: float | None = None) -> pd.DataFrame:
    """Add `mark_lat`/`mark_lon`: where each site's circle is drawn. Sites closer than
    `min_gap` degrees (by default 1/15 of the area shown) are set around their centre
    in a small ring, so every circle can be seen, hovered and clicked; the map draws a
    line from an offset circle to the true place.

    >>> t = pd.DataFrame({"lat": [34.0, 34.0, 35.0], "lon": [40.0, 40.001, 41.0]})
    >>> spread_overlapping(t, 0.05)[["mark_lat", "mark_lon"]].round(3).values.tolist()
    [[34.038, 40.0], [33.962, 40.0], [35.0, 41.0]]
    """
    out = site_table.assign(mark_lat=site_table["lat"].astype(float),
                            mark_lon=site_table["lon"].astype(float))
    if len(out) < 2:
        return out
    lat, lon = out["mark_lat"].to_numpy(), out["mark_lon"].to_numpy()
    if min_gap is None:
        extent = max(float(np.ptp(lat)), float(np.ptp(lon)), 0.2)
        min_gap = extent / 15
    group = np.arange(len(out))
    for i in range(len(out)):          # join each site to the first close one (few sites)
        near = np.flatnonzero((np.abs(lat[:i] - lat[i]) < min_gap)
                              & (np.abs(lon[:i] - lon[i]) < min_gap))
        if len(near):
            group[i] = group[near[0]]
    new_lat, new_lon = lat.copy(), lon.copy()
    for g in np.unique(group):
        members = np.flatnonzero(group == g)
        if len(members) < 2:
            continue
        centre_lat, centre_lon = lat[members].mean(), lon[members].mean()
        radius = min_gap * 0.75 * max(1.0, len(members) / 6)
        for k, m in enumerate(members):
            angle = math.pi / 2 + 2 * math.pi * k / len(members)
            new_lat[m] = centre_lat + radius * math.sin(angle)
            new_lon[m] = centre_lon + radius * math.cos(angle)
    return out.assign(mark_lat=new_lat, mark_lon=new_lon)


def towns_apart(towns, site_table: pd.DataFrame, gap: float = 0.03):
    """The backdrop's town labels, less those a site circle would cover (the site's
    tooltip names the place).

    >>> towns_apart([("Hajin", 34.69, 40.83), ("Raqqa", 35.95, 39.01)],
    ...             pd.DataFrame({"lat": [34.6894], "lon": [40.8308]}))
    [('Raqqa', 35.95, 39.01)]
    """
    if site_table.empty:
        return list(towns)
    lat = site_table.get("mark_lat", site_table["lat"]).astype(float).to_numpy()
    lon = site_table.get("mark_lon", site_table["lon"]).astype(float).to_numpy()
    return [t for t in towns
            if not ((np.abs(lat - t[1]) < gap) & (np.abs(lon - t[2]) < gap)).any()]


def view_bounds(site_table: pd.DataFrame, pad: float = 0.2,
                min_extent: float = 0.3) -> list[list[float]]:
    """The map's frame: the sites in view with some padding (a fraction of their
    extent, at least `min_extent` degrees across); the whole valley when none.

    >>> view_bounds(pd.DataFrame({"mark_lat": [34.5], "mark_lon": [40.9]}))
    [[34.35, 40.75], [34.65, 41.05]]
    """
    if site_table.empty:
        return [list(VALLEY_BOUNDS[0]), list(VALLEY_BOUNDS[1])]
    lat = site_table.get("mark_lat", site_table.get("lat")).astype(float)
    lon = site_table.get("mark_lon", site_table.get("lon")).astype(float)
    bounds = []
    for values in (lat, lon):
        low, high = float(values.min()), float(values.max())
        margin = max((high - low) * pad, (min_extent - (high - low)) / 2, 0.0)
        bounds.append((round(low - margin, 4), round(high + margin, 4)))
    return [[bounds[0][0], bounds[1][0]], [bounds[0][1], bounds[1][1]]]


def build_map(site_table: pd.DataFrame, popups: Mapping[str, str],
              leaflet_js: str, leaflet_css: str, tiles: bool = True,
              layer_json: str | None = None) -> folium.Map:
    """A folium map of the lower Euphrates valley with one circle per site.

    `leaflet_js`/`leaflet_css` are the URLs Leaflet is served from (see
    `views.offline.leaflet_urls`); nothing else is loaded from outside. `layer_json`,
    when given, is `markers_json(site_table, popups)` made once for these sites (the
    dashboard keeps it with the view: 0.02-0.03 s of every rerun otherwise).

    >>> m = build_map(sites(selection), {}, *leaflet_urls())   # doctest: +SKIP
    """
    fmap = folium.Map(location=(35.1, 40.1), zoom_start=8, tiles=None, control_scale=True,
                      min_zoom=5, max_zoom=16)
    fmap.default_js = [("leaflet", leaflet_js)]
    fmap.default_css = [("leaflet_css", leaflet_css)]
    fmap.get_root().header.add_child(Element(_MAP_CSS), name="rasd_css")
    if tiles:
        # Drawn when online; offline the tiles fail quietly over the plain background.
        folium.TileLayer("OpenStreetMap", opacity=0.85).add_to(fmap)
    _Backdrop(EUPHRATES, towns_apart(RIVER_TOWNS, site_table)).add_to(fmap)
    bounds = view_bounds(site_table)
    _SiteLayer(layer_json if layer_json is not None else markers_json(site_table, popups),
               bounds).add_to(fmap)
    # room for the zoom buttons (top left) and the scale and attribution (bottom)
    fmap.fit_bounds(bounds, padding_top_left=(50, 30), padding_bottom_right=(40, 40))
    return fmap


def asset_urls(fmap: folium.Map) -> list[str]:
    """Every script and stylesheet URL the map asks the browser to load (what
    streamlit-folium collects from `default_js`/`default_css`)."""
    urls = []

    def walk(element):
        urls.extend(u for _, u in getattr(element, "default_js", []))
        urls.extend(u for _, u in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return list(dict.fromkeys(urls))
