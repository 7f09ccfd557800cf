"""The dashboard's opening view of a store, worked out when the store is prepared.

Every new dashboard session opens on the same view: the whole store, default filters,
no site picked. Its map layers, timeline and the parts listed under them are worked out
with the prepared tables at load time (`python -m loaders --prepare`, `make store`) and
kept beside them, so the first render in a fresh process reads them instead of working
through 100,000 incidents (issue 12: "the prepared store written at load time, not at
first view").

They stand in only for the default filters with no site picked, and only when written
by this very code: the bundle records a hash of the views' source, and one written by
other code is ignored (the view is then worked out as usual). It is data only: JSON and
Arrow files, never a pickle, and never HTML: the popups, the map's circles and the
tallies' table are written from the data when the view is read, escaping the articles'
text as everywhere else, so a file planted beside the store can at worst show wrong
figures, never run a script. (The figures' hover text is plotly's, which renders only
its own few tags.)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from . import charts, mapview, query, tables

MAX_INCIDENT_CHOICES = 300   # incidents offered in the picker (the most contested first)
MAX_LISTED = 200             # rows in the "not on the map" / "undated" / tallies lists
OVERVIEW_ROWS = 30           # incidents in the incidents × sources overview
LISTED_COLUMNS = ["incident_id", "date_label", "where", "kind", "n_sources"]

_FILE = "first_view.json"
_FRAMES = ("site_table", "off_map", "undated", "tallies")


def site_table(selection: query.Selection) -> pd.DataFrame:
    """The map's sites of a selection, overlapping ones spread apart."""
    return mapview.spread_overlapping(query.sites(selection))


def map_layers(selection: query.Selection, sites: pd.DataFrame | None = None
               ) -> tuple[pd.DataFrame, dict[str, str]]:
    """(sites, popup HTML per site) of a selection; `sites` when its site table is made
    already (the prepared opening view's)."""
    sites = site_table(selection) if sites is None else sites
    return sites, mapview.site_popups(selection, sites)


def view_parts(focus: query.Selection) -> dict:
    """What the page shows of one view besides the map, the timeline and the picked
    incident: headline numbers, the picker's choices, the listings and the overview."""
    top = query.order_incidents(focus.incidents, head=MAX_INCIDENT_CHOICES)
    strikes = focus.incidents["kind"].ne("tally")

    def listed(rows):
        rows = rows[rows["kind"].ne("tally")]
        return len(rows), rows.head(MAX_LISTED)[LISTED_COLUMNS]

    return finish_parts({"headline": query.headline(focus),
                         "choices": top["incident_id"].tolist(),
                         "labels": dict(zip(top["incident_id"], top["label"])),
                         "off_map": listed(query.off_map(focus)),
                         "undated": listed(query.undated(focus)),
                         "tallies": (int((~strikes).sum()),
                                     query.tallies(focus, limit=MAX_LISTED)[TALLY_COLUMNS]),
                         "overview": charts.overview(focus, max_incidents=OVERVIEW_ROWS)})


TALLY_COLUMNS = ["incident_id", "date_label", "scope_label", "figures"]


def finish_parts(parts: dict) -> dict:
    """The view parts with the tallies' table written (escaped) from their rows:
    "tallies" becomes (tallies in view, rows listed, the table's HTML)."""
    n, rows = parts["tallies"]
    return {**parts, "tallies": (n, len(rows), tables.tallies_html(rows) if n else ""),
            "tally_rows": rows}


def code_hash() -> str:
    """A hash of the source of every module the opening view is made by."""
    return query.views_hash()


def build(store: query.Store) -> dict:
    """The opening view of a store: the site table, the timeline and the view parts
    (the map's popups and circles are HTML: made in the dashboard, see map_layers)."""
    selection = query.apply_filters(store, query.default_filters(store))
    return {"site_table": site_table(selection),
            "timeline": charts.timeline(selection), "parts": view_parts(selection)}


def write(view: dict, folder: Path) -> None:
    """Keep an opening view in a prepared folder (JSON and Arrow files). The frames are
    named by a token the JSON names too, and the JSON is renamed into place last: a
    reader sees the old bundle or the new one, never the old JSON with new frames (it may
    find the old frames gone, and then works the view out as usual)."""
    import os
    import secrets

    import plotly.io as pio
    import pyarrow as pa
    parts = view["parts"]
    frames = {"site_table": view["site_table"], "off_map": parts["off_map"][1],
              "undated": parts["undated"][1], "tallies": parts["tally_rows"]}
    token = secrets.token_hex(6)
    for name, frame in frames.items():
        query._write_arrow(pa.Table.from_pandas(frame), folder / f"first_{name}-{token}.arrow")

    def figure(fig):
        # without its template: the one a figure gets depends on the process (streamlit
        # sets its own when imported, the loaders' process has plotly's); read back in
        # the dashboard, the figure takes the dashboard's, as one made there does
        spec = json.loads(pio.to_json(fig, validate=False))
        spec.get("layout", {}).pop("template", None)
        return spec

    doc = {"code": code_hash(), "frames": token,
           "timeline": figure(view["timeline"]), "overview": figure(parts["overview"]),
           "headline": parts["headline"], "choices": parts["choices"],
           "labels": parts["labels"], "off_map": parts["off_map"][0],
           "undated": parts["undated"][0], "tallies": parts["tallies"][0]}
    tmp = folder / f"{_FILE}.tmp-{token}"
    tmp.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / _FILE)
    for old in folder.glob("first_*.arrow"):          # an earlier bundle's frames
        if not old.name.endswith(f"-{token}.arrow"):
            old.unlink(missing_ok=True)


# What a figure of ours holds as text: escaped article text and these few tags. A
# figure holding any other tag, a link or an image was not made here: refused.
_OUR_TAGS = re.compile(r"<(?!/?(?:b|i|br)>)", re.IGNORECASE)


def _our_figure(spec) -> bool:
    def plain(value) -> bool:
        if isinstance(value, str):
            return not _OUR_TAGS.search(value)
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return True
    layout = spec.get("layout", {}) if isinstance(spec, dict) else None
    return isinstance(layout, dict) and not {"images", "template"} & set(layout) and plain(spec)


def read(folder: Path) -> dict | None:
    """The opening view kept in a prepared folder; None when there is none, or it was
    written by other code, or it cannot be read."""
    import plotly.graph_objects as go
    try:
        doc = json.loads((folder / _FILE).read_text("utf-8"))
        if doc.get("code") != code_hash():
            return None
        if not (_our_figure(doc["timeline"]) and _our_figure(doc["overview"])):
            return None
        token = re.sub(r"[^0-9a-f]", "", str(doc["frames"]))
        frames = {name: query._read_arrow(folder / f"first_{name}-{token}.arrow")
                  for name in _FRAMES}
        # the figures as written: plotly's validation of every property (0.02 s each)
        # was done when they were made
        return {"site_table": frames["site_table"],
                "timeline": go.Figure(doc["timeline"], _validate=False),
                "parts": finish_parts({
                    "headline": {k: int(v) for k, v in doc["headline"].items()},
                    "choices": [str(c) for c in doc["choices"]],
                    "labels": {str(k): str(v) for k, v in doc["labels"].items()},
                    "off_map": (int(doc["off_map"]), frames["off_map"]),
                    "undated": (int(doc["undated"]), frames["undated"]),
                    "tallies": (int(doc["tallies"]), frames["tallies"]),
                    "overview": go.Figure(doc["overview"], _validate=False)})}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def opening(store: query.Store) -> dict | None:
    """The store's opening view when it was prepared with one (Store.memo), else None."""
    if "first_view" not in store.memo:
        folder = store.memo.get("prepared_folder")
        store.memo["first_view"] = read(folder) if folder is not None else None
    return store.memo["first_view"]
