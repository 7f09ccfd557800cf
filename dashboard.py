"""Rasd dashboard: airstrike incidents in Deir ez-Zor, and who claims what about them.

Run with `make run`, or `RASD_DB=path/to/store.sqlite streamlit run dashboard.py`.
This file only wires widgets to functions: queries, map, charts and tables are plain
functions in `views/`, and the store is read through `loaders.store.read_frames`.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from loaders.store import DEFAULT_DB, StoreError, resolve_db_path
from views import charts, first_view, ingest, mapview, offline, query, tables
from views import review as review_view

APP_DIR = Path(__file__).resolve().parent
UPLOADS = Path(os.environ.get("RASD_UPLOADS") or APP_DIR / "data" / "uploads")
# "load a folder" reads only folders under this root (the dashboard may be served to others)
LOAD_ROOT = Path(os.environ.get("RASD_LOAD_ROOT") or APP_DIR / "data")
SAMPLE_ARTICLES = APP_DIR / "data" / "articles"
CLAIMANTS_CSV = APP_DIR / "data" / "claimants.csv"
MAX_INCIDENT_CHOICES = first_view.MAX_INCIDENT_CHOICES   # incidents offered in the picker
OVERVIEW_ROWS = first_view.OVERVIEW_ROWS   # incidents in the incidents × sources overview
EVIDENCE_PAGE = 20           # claims per page of the evidence table
# the map's frame grows with the window: 480 px on a laptop, 750 on a 1080p screen
MAP_CSS = ("<style>iframe[title='streamlit_folium.st_folium'] "
           "{ height: clamp(480px, calc(100vh - 330px), 760px) !important; }</style>")
KIND_LABELS = {"all": "All", "event": "Events", "tally": "Tallies"}

st.set_page_config(page_title="Rasd · airstrike claims, Deir ez-Zor", page_icon="🛰️",
                   layout="wide", initial_sidebar_state="expanded")


# cache_resource, not cache_data: the prepared store is shared read-only by every
# session; cache_data would unpickle a fresh copy on every rerun (0.3 s and 250 MB
# more on a store of 300,000 claims). Keyed on the path and the file's (size, mtime).
@st.cache_resource(show_spinner="Reading the store…", max_entries=2)
def load_store(db_path: str, version: tuple) -> query.Store:
    """The store's tables, read once per version of the file."""
    return query.load_prepared(db_path)


@st.cache_resource(show_spinner=False)
def freeze_imports() -> bool:
    """Once per server process, before the store is read: the imported modules (some
    150,000 objects) live as long as the server, so they are moved out of the cycle
    collector's sight and a full collection no longer walks them (0.1 s a time). Only
    what exists now is frozen; the store and the cached figures, which are replaced as
    the store changes, stay collectable."""
    gc.freeze()
    return True


# Figures are cached as plotly Figure objects with st.cache_resource (shared, never
# copied): st.plotly_chart re-validates every property of a figure given as a dict
# (0.1-0.2 s a rerun at 100k incidents) but takes a Figure as it is, and cache_data
# would pickle and rebuild it on every rerun. Nothing changes a cached figure.


# What passes the filters (and the part of it at the clicked site), shared read-only by
# every session like the store itself: copying 300,000 claims costs a second.
@st.cache_resource(max_entries=4, show_spinner=False)
def selected(db_path: str, version: tuple, filters: query.Filters) -> query.Selection:
    return query.apply_filters(load_store(db_path, version), filters)


@st.cache_resource(max_entries=16, show_spinner=False)
def focused(db_path: str, version: tuple, filters: query.Filters, site: str) -> query.Selection:
    selection = selected(db_path, version, filters)
    return query.at_site(selection, site) if site else selection


def opening(db_path: str, version: tuple, filters: query.Filters, site: str) -> dict | None:
    """The store's opening view prepared at load time (views.first_view), when this is
    it: the default filters, no site picked."""
    if site:
        return None
    store = load_store(db_path, version)
    return first_view.opening(store) if filters == query.default_filters(store) else None


# The map layers and the timeline depend only on the filters: picking a site or an
# incident reruns the page without rebuilding them.
@st.cache_data(max_entries=8, show_spinner=False)
def map_layers(db_path: str, version: tuple, filters: query.Filters):
    """(sites, popup HTML per site) of one filter state."""
    ready = opening(db_path, version, filters, "")   # its sites; popups (HTML) made here
    return first_view.map_layers(selected(db_path, version, filters),
                                 ready["site_table"] if ready is not None else None)


@st.cache_resource(max_entries=8, show_spinner=False)
def map_markers(db_path: str, version: tuple, filters: query.Filters) -> str:
    """The map's circles as a script literal, made once per filter state."""
    return mapview.markers_json(*map_layers(db_path, version, filters))


@st.cache_resource(max_entries=8, show_spinner=False)
def timeline_figure(db_path: str, version: tuple, filters: query.Filters, site: str):
    ready = opening(db_path, version, filters, site)
    if ready is not None:
        return ready["timeline"]
    return charts.timeline(focused(db_path, version, filters, site))


@st.cache_resource(max_entries=8, show_spinner=False)
def view_parts(db_path: str, version: tuple, filters: query.Filters, site: str) -> dict:
    """What the page shows of one view besides the picked incident (first_view.view_parts):
    headline numbers, the picker's choices, the listings and the overview. Picking an
    incident reruns the page without rebuilding any of it."""
    ready = opening(db_path, version, filters, site)
    if ready is not None:
        return ready["parts"]
    return first_view.view_parts(focused(db_path, version, filters, site))


@st.cache_resource(show_spinner=False)
def claimant_names(path: str) -> dict[str, list[str]]:
    return query.claimant_aliases(path)


# ---------------------------------------------------------------- state and the URL

def init_state(store: query.Store) -> None:
    """Fill widget state once per session from the URL, so a copied link reopens the
    same view; afterwards keep the date range inside the store's span."""
    ss = st.session_state
    span = (store.first_date, store.last_date)
    if not ss.get("_url_read"):
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        f = query.filters_from_params(params, store)
        ss.update(dates=(f.date_from, f.date_to), claimants=list(f.claimants), kind=f.kind,
                  contested=f.contested_only, places=list(f.places),
                  show_missing=f.show_missing, grades=list(f.grades),
                  show_discounted=f.show_discounted,
                  site=(params.get("site") or [""])[-1],
                  _url_incident=(params.get("incident") or [None])[-1],
                  _url_read=True, _span=span)
    if ss.get("_span") != span:   # the store changed (articles were added)
        old = ss.get("_span")
        dates = tuple(ss.get("dates") or ())
        ss["dates"] = span if (not dates or dates == old or None in dates) else tuple(
            min(max(d, span[0]), span[1]) for d in dates)
        ss["_span"] = span
    ss["claimants"] = [c for c in ss.get("claimants", []) if c in store.claimant_choices]
    ss["places"] = [p for p in ss.get("places", []) if p in store.place_choices]


def current_filters(store: query.Store) -> query.Filters:
    ss = st.session_state
    dates = tuple(d for d in ss.get("dates") or () if d)   # one date while picking a range
    return query.Filters(
        date_from=dates[0] if len(dates) > 0 else store.first_date,
        date_to=dates[1] if len(dates) > 1 else store.last_date,
        claimants=tuple(ss.get("claimants", ())), kind=ss.get("kind", "all"),
        contested_only=bool(ss.get("contested")), places=tuple(ss.get("places", ())),
        show_missing=bool(ss.get("show_missing")), grades=tuple(ss.get("grades", ())),
        show_discounted=bool(ss.get("show_discounted")))


def write_url(store: query.Store, filters: query.Filters, site: str, incident: str | None,
              default_incident: str | None) -> None:
    params = query.filters_to_params(filters, query.default_filters(store))
    if site:
        params["site"] = site
    if incident and incident != default_incident:
        params["incident"] = incident
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if current != wanted:
        st.query_params.from_dict(params)


def reset_filters(store: query.Store) -> None:
    st.session_state.update(dates=(store.first_date, store.last_date), claimants=[],
                            kind="all", contested=False, places=[], site="", incident=None,
                            show_missing=False, grades=[], show_discounted=False)


def remember_chart_pick(key: str) -> None:
    """plotly selection callback (timeline point, overview cell): keep the incident the
    clicked point carries; it is selected everywhere on the rerun."""
    event = st.session_state.get(key) or {}
    points = (event.get("selection") or {}).get("points") or []
    for point in points:
        picked = point.get("customdata")
        if isinstance(picked, (list, tuple)):
            picked = picked[0] if picked else None
        if picked:
            st.session_state["_pick"] = str(picked)
            return


def remember_timeline_pick(store: query.Store) -> None:
    """Timeline callback: a box dragged across the chart sets the date range (kept inside
    the store's span); a clicked point picks its incident."""
    event = st.session_state.get("timeline") or {}
    span = query.dates_from_box(event.get("selection") or {}, store.first_date,
                                store.last_date)
    if span:
        st.session_state["dates"] = span
        return
    remember_chart_pick("timeline")


def remember_map_click() -> None:
    """streamlit-folium callback: keep the click; it is matched to a site once the
    sites of the current view are known."""
    value = st.session_state.get("map") or {}
    click = value.get("last_object_clicked")
    if click:
        st.session_state["_map_click"] = (click.get("lat"), click.get("lng"),
                                          value.get("last_object_clicked_tooltip"))


def clear_site() -> None:
    st.session_state["site"] = ""


# ---------------------------------------------------------------- sidebar

def sidebar_filters(store: query.Store) -> None:
    st.sidebar.header("Filters")
    if store.empty:
        st.sidebar.caption("Nothing to filter yet: the store has no incidents.")
        return
    sb = st.sidebar
    if store.first_date is None:
        sb.caption("No incident has a date yet, so there is no date range to choose.")
    else:
        sb.date_input("Date range", key="dates", min_value=store.first_date,
                      max_value=store.last_date, format="YYYY-MM-DD",
                      help="Incidents whose period overlaps the range. Undated incidents "
                           "are always kept (their date is unknown) and counted apart.")
    sb.multiselect("Claimant", options=list(store.claimant_choices), key="claimants",
                   placeholder="All claimants", format_func=store.claimant_choices.get,
                   help="Incidents one of them spoke about. Every source's claims on those "
                        "incidents stay in view; theirs are highlighted.")
    sb.radio("Incident kind", options=list(KIND_LABELS), key="kind", horizontal=True,
             format_func=KIND_LABELS.get,
             help="Event: a strike or short series at one place. Tally: a total over a "
                  "period or a whole country.")
    sb.toggle("Contested only", key="contested",
              help="Strikes where one source denies or disputes what another alleges.")
    sb.multiselect("Place", options=list(store.place_choices), key="places",
                   placeholder="All places", format_func=store.place_choices.get)
    if query.has_missing(store):
        sb.toggle("Show missing sources", key="show_missing",
                  help="Claims of articles whose files are no longer found. They stay in the "
                       "store until 'python -m loaders prune' removes them.")
    sb.multiselect("Grade", options=list(review_view.GRADE_LABELS), key="grades",
                   placeholder="All grades", format_func=review_view.GRADE_LABELS.get,
                   help="How well an incident is attested (loaders/grading.py, adapted from "
                        "Airwars), or the analyst's grade where one was given.")
    sb.toggle("Show discounted claims", key="show_discounted",
              help="Claims an analyst discounted (not a claim, or not this incident). "
                   "They never count in an incident's figures.")
    sb.button("Reset filters", key="reset_filters", on_click=reset_filters, args=(store,))


def sidebar_loading(db_path: Path, store_empty: bool) -> None:
    ss = st.session_state
    round_no = ss.setdefault("_upload_round", 0)
    with st.sidebar.expander("Add articles", expanded=store_empty):
        st.file_uploader("Article files (.txt, UTF-8)", type=["txt"],
                         accept_multiple_files=True, key=f"upload_files_{round_no}")
        st.text_input("…or a folder on this machine", key="upload_folder",
                      placeholder="articles/",
                      help="Searched recursively for .txt files; only folders under the load root "
                           "(RASD_LOAD_ROOT; see 'About this store').")
        if st.button("Load into the store", key="load_articles", type="primary"):
            load_articles(db_path, ss.get(f"upload_files_{round_no}") or [],
                          (ss.get("upload_folder") or "").strip())


def load_articles(db_path: Path, uploads: list, folder: str) -> None:
    if folder:
        path, problem = ingest.folder_under_root(folder, LOAD_ROOT)
        if problem:
            st.error(problem)
            return
        folder = str(path)
    if not uploads and not folder:
        st.warning("Choose files to upload or a folder first.")
        return
    try:
        from loaders.pipeline import load_paths
    except ImportError as exc:
        st.error(f"The loaders cannot be called from here yet ({exc}).")
        return
    saved, refused = ingest.save_uploads(uploads, UPLOADS)
    paths = [str(p) for p in saved]
    if folder:
        paths.append(folder)
    bar = st.progress(0.0, text="Loading articles…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"{done} of {total} files")

    try:
        articles = load_paths(paths, str(db_path), progress=progress)
    except Exception as exc:  # show the loaders' error instead of a traceback page
        st.error(f"Loading failed: {exc}")
        return
    st.session_state["load_report"] = ingest.load_report(list(articles) + refused)
    st.session_state["_upload_round"] += 1   # a fresh, empty uploader
    st.rerun()


# ---------------------------------------------------------------- page sections

def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def selection_line(numbers: dict, site_table, site: str) -> None:
    """What the figures below are about: everything in view, or one site. Always the
    same two columns, so the map below keeps its place in the page (a map that moves
    is re-created, and a click on it lost)."""
    n = numbers["events"] + numbers["tallies"]
    left, right = st.columns([5, 1], vertical_alignment="center")
    counts = (f"({plural(numbers['events'], 'strike')}, "
              f"{plural(numbers['tallies'], 'tally', 'tallies')})")
    if site:
        label = site_table.set_index("place_id").at[site, "place_label"]
        left.markdown(f"**Site {label}: {plural(n, 'incident')}** {counts}; every panel "
                      f"shows {'them' if n != 1 else 'it'}.")
        right.button("Show all sites", key="clear_site", on_click=clear_site)
    else:
        left.markdown(f"All sites: {plural(n, 'incident')} in view {counts}.")


def headline_row(numbers: dict) -> None:
    cols = st.columns(5)
    cols[0].metric("Strikes", numbers["events"],
                   help=f"Events: a strike or a short series at one place. "
                        f"{numbers['undated']} undated, {numbers['not_on_map']} not on the map.")
    cols[1].metric("Contested strikes", numbers["contested"],
                   help="Strikes where one source denies or disputes another's claim")
    cols[2].metric("Tallies", numbers["tallies"],
                   help="Totals over a period or a whole country, listed apart: they are "
                        "not counted as strikes")
    cols[3].metric("Articles", numbers["articles"], help="Articles with a claim in view")
    cols[4].metric("Sources", numbers["sources"], help="Distinct claimants")


@st.cache_resource(show_spinner=False)
def leaflet_inline() -> tuple[str, str]:
    return offline.leaflet_data_urls()


def map_section(site_table, popups: dict[str, str], layer_json: str) -> None:
    if st.get_option("server.enableStaticServing"):
        js, css = offline.leaflet_urls(st.get_option("server.baseUrlPath") or "")
    else:   # run from another folder: no config.toml, no static route; inline Leaflet
        js, css = leaflet_inline()
    fmap = mapview.build_map(site_table, popups, js, css, layer_json=layer_json)
    st.html(MAP_CSS)
    st_folium(fmap, key="map", height=460, use_container_width=True,
              returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
              on_change=remember_map_click)
    st.html(tables.map_legend_html())


def site_panel(off_map: tuple, site: str) -> None:
    if not site:
        st.caption("Click a circle on the map, a point on the timeline or a cell of the "
                   "overview to select an incident everywhere.")
    listing_panel("Not on the map", off_map,
                  {"date_label": "Date", "where": "Where", "kind": "Kind"})


def listing_panel(title: str, listed: tuple, columns: dict[str, str],
                  empty_note: str = "") -> None:
    """A short table of strikes set aside from a chart, never dropped silently."""
    n, rows = listed
    st.markdown(f"**{title}: {n}**")
    if n:
        st.html(tables.listing_html(rows, columns))
        if n > len(rows):
            st.caption(f"First {len(rows)} shown; all are in the CSV download.")
    elif empty_note:
        st.caption(empty_note)


def timeline_section(figure, store: query.Store) -> None:
    st.plotly_chart(figure, key="timeline", config={"displaylogo": False},
                    on_select=lambda: remember_timeline_pick(store),
                    selection_mode=("points", "box"))
    st.caption("Click a point to pick its incident. To set the date range, choose “Box "
               "Select” (⬚) in the chart's toolbar and drag across the days you want; the "
               "sidebar's range follows, and Reset filters widens it again.")


def undated_panel(undated: tuple) -> None:
    listing_panel("Undated", undated,
                  {"where": "Where", "kind": "Kind", "n_sources": "Sources"},
                  empty_note="Every strike in this view has a date.")


def tallies_panel(tallies: tuple) -> None:
    n, listed, table = tallies
    st.markdown(f"**Tallies: {n}** · totals over a period, apart from the strikes "
                "(not counted, coloured or compared with them)")
    if n:
        st.html(table)
        if n > listed:
            st.caption(f"First {listed} shown; all are in the CSV download.")


def incident_picker(focus: query.Selection, parts: dict) -> tuple[str | None, str | None]:
    """The picked incident, and the one picked by default (the most telling)."""
    options = list(parts["choices"])
    labels = dict(parts["labels"])
    ss = st.session_state
    wanted = ss.pop("_url_incident", None) or ss.get("incident")
    if wanted and wanted not in options:
        found = focus.incidents[focus.incidents["incident_id"] == wanted]
        if len(found):
            options.insert(0, wanted)
            labels[wanted] = found["label"].iloc[0]
    if not options:
        st.info("No incidents in this view.")
        return None, None
    default = parts["choices"][0] if parts["choices"] else options[0]
    ss["incident"] = wanted if wanted in options else default
    st.selectbox("Incident", options, key="incident",
                 format_func=lambda i: labels.get(i, i),
                 help=f"Most contested first; the first {MAX_INCIDENT_CHOICES} are offered. "
                      "A click on the map, the timeline or the overview picks one too.")
    return ss["incident"], default


def incident_header(focus: query.Selection, incident_id: str, claims) -> None:
    inc = focus.incidents
    row = inc[(inc["incident_id"] == incident_id).to_numpy()].iloc[0]
    kind = "tally (a total over a period)" if row["kind"] == "tally" else "strike"
    contested = (" · <span style='color:#D55E00;font-weight:600'>contested</span>"
                 if row["contested"] and row["kind"] != "tally" else "")
    scope = f" · covers {row['scope']}" if row.get("scope") else ""
    n_sources = claims["source_label"].nunique()
    st.html(f"<div style='font-size:15px'><b>{tables.escape(row['date_label'])}</b> · "
            f"{tables.escape(row['place_label'] or 'no place given')} · {kind}"
            f"{tables.escape(scope)}{contested} · {plural(len(claims), 'claim')} from "
            f"{plural(n_sources, 'source')} in "
            f"{plural(claims['article_id'].nunique(), 'article')}</div>")


@st.cache_resource(max_entries=32, show_spinner=False)
def incident_parts(db_path: str, version: tuple, claim_filters: query.Filters,
                   incident_id: str):
    """One incident's claims, its comparison chart and its sources table. Keyed on the
    filters that decide which of an incident's claims show (query.claim_filters), not on
    the dates, kinds or site that decide which incidents do: a filter change that keeps
    the picked incident in view does not rebuild it."""
    claims = query.incident_claims(selected(db_path, version, claim_filters), incident_id)
    return (claims, charts.comparison(claims),
            tables.sources_html(query.source_rows(claims)), query.incident_evidence(claims),
            review_view.claim_choice_labels(claims))


def incident_section(focus: query.Selection, incident_id: str | None, parts,
                     view: tuple) -> None:
    """The picked incident: header, comparison, sources, evidence and the analyst's
    decisions. `view` is (db_path, version, filters, site), the key of `focus`."""
    db_path = view[0]
    if incident_id is None:
        return
    claims, comparison, sources, evidence, choices = parts
    incident_header(focus, incident_id, claims)
    if focus.filters.claimants and claims["highlight"].any():
        st.caption("Highlighted: the claimants chosen in the sidebar; every other source's "
                   "claims on this incident stay beside them.")
    chart, table = st.columns([5, 7], gap="medium")
    chart.plotly_chart(comparison, key="comparison", config={"displaylogo": False})
    table.html(sources)
    evidence_section(evidence, incident_id, db_path)
    incident_decisions(focus, incident_id, choices, view)


def evidence_section(rows, incident_id: str, db_path: str) -> None:
    """The incident's claims (query.incident_evidence), a page at a time, to review."""
    ss = st.session_state
    pages = max(1, -(-len(rows) // EVIDENCE_PAGE))
    if ss.get("_evidence_for") != incident_id or ss.get("evidence_page", 1) > pages:
        ss["evidence_page"] = 1
        ss["_evidence_for"] = incident_id
    st.markdown(f"**Evidence: {plural(len(rows), 'claim')} on this incident** · each "
                "source's own sentence, its figure and its name highlighted")
    page = ss["evidence_page"]
    if pages > 1:
        page = st.pagination(pages, key="evidence_page")
    shown = rows.iloc[(page - 1) * EVIDENCE_PAGE: page * EVIDENCE_PAGE]
    texts = query.article_texts(db_path, shown["article_id"])
    st.html(tables.claims_html(shown, claimant_names(str(CLAIMANTS_CSV)),
                               query.paragraphs(shown, texts)))
    review_rows(shown, "Review these claims")


# ---------------------------------------------------------------- review

def sidebar_review() -> None:
    """The page (incidents or the review queue) and the reviewer's name: asked once per
    visit, then kept in a cookie of this site (README: Review in the dashboard)."""
    ss = st.session_state
    sb = st.sidebar
    sb.radio("Page", options=["incidents", "queue"], key="page", horizontal=True,
             format_func={"incidents": "Incidents", "queue": "Review queue"}.get)
    if "reviewer" not in ss:
        try:
            remembered = st.context.cookies.get(review_view.COOKIE)
        except Exception:      # no browser behind this session (AppTest)
            remembered = None
        ss["reviewer"] = remembered if isinstance(remembered, str) else ""
    sb.text_input("Your name (signs your reviews)", key="reviewer", max_chars=80,
                  placeholder="asked once; kept in this browser",
                  on_change=lambda: ss.update(_save_reviewer=True))
    if ss.pop("_save_reviewer", False) and ss.get("reviewer", "").strip():
        with sb:   # our own script; the name is JSON-encoded into it (views/review.py)
            st.iframe(review_view.cookie_html(ss["reviewer"].strip()), height=1)


def review_message() -> None:
    kind, text = st.session_state.pop("_review_msg", (None, None))
    if kind == "error":
        st.error(review_view.md_escape(text))
    elif kind:
        st.success(review_view.md_escape(text))


def do_review(db_path: str, claim_id: str, state: str, label: str) -> None:
    ss = st.session_state
    problem = review_view.record(db_path, claim_id, state, ss.get("reviewer", ""),
                                 note=ss.get(f"rv_note_{claim_id}", ""))
    ss["_review_msg"] = ("error", problem) if problem else ("success", f"{label}: {state}.")
    if not problem:
        ss["_follow_claim"] = claim_id


def do_correct(db_path: str, row: dict) -> None:
    ss = st.session_state
    cid = row["claim_id"]
    values = {c: ss.get(f"rv_fix_{c}_{cid}", "") for c in review_view.CORRECTABLE}
    fixed = review_view.correction_from_form(values, row)
    problem = review_view.record(db_path, cid, "corrected", ss.get("reviewer", ""),
                                 note=ss.get(f"rv_note_{cid}", ""), corrected=fixed)
    if problem:
        ss["_review_msg"] = ("error", problem)
    else:
        ss["_review_msg"] = ("success", f"{row.get('source_label')}: corrected.")
        ss["_correcting"] = None
        ss["_follow_claim"] = cid


def review_rows(rows, title: str, with_incident: bool = False) -> None:
    """Each claim with its confirm / correct / discount actions and a note; the correction
    form under the list for the claim being corrected."""
    ss = st.session_state
    db_path = str(store_path())
    st.html(review_view.ROW_CSS + review_view.heading_html(title, ss.get("reviewer", "").strip()))
    review_message()
    records = rows.to_dict("records")
    for row in records:
        cid = row["claim_id"]
        label = row.get("source_label") or row.get("claimant")
        text, note, confirm, correct, discount, reset = st.columns(
            [3.4, 2, 1, 1, 1, 1], vertical_alignment="center")
        text.html(review_view.row_html(row, row.get("incident_label", "") if with_incident else ""))
        note.text_input("Note", key=f"rv_note_{cid}", label_visibility="collapsed",
                        placeholder="note (why)")
        confirm.button("Confirm", key=f"rv_confirm_{cid}", on_click=do_review, width="stretch",
                       args=(db_path, cid, "confirmed", label))
        correct.button("Correct", key=f"rv_correct_{cid}", width="stretch",
                       on_click=lambda c=cid: ss.update(_correcting=c))
        discount.button("Discount", key=f"rv_discount_{cid}", on_click=do_review, width="stretch",
                        args=(db_path, cid, "discounted", label))
        if row.get("review_state", "unreviewed") != "unreviewed":
            reset.button("Reset", key=f"rv_reset_{cid}", on_click=do_review, width="stretch",
                         args=(db_path, cid, "unreviewed", label),
                         help="Back to unreviewed (the audit log keeps the earlier verdict)")
        if with_incident:
            reset.button("Open", key=f"rv_open_{cid}", width="stretch",
                         on_click=lambda i=row["incident_id"]: ss.update(_pick=i, page="incidents"))
    picked = [r for r in records if r["claim_id"] == ss.get("_correcting")]
    if picked:
        correction_form(picked[0], db_path)


def correction_form(row: dict, db_path: str) -> None:
    cid = row["claim_id"]
    current = review_view.form_defaults(row)
    claimants = sorted(claimant_names(str(CLAIMANTS_CSV)))
    with st.form(key=f"rv_form_{cid}"):
        st.html(f"<b>Correct the claim of {tables.escape(row.get('source_label'))}</b> · fields "
                "left as the loaders read them are no correction; empty = unknown")
        cols = st.columns(5)
        for n, field in enumerate(review_view.CORRECTABLE):
            key = f"rv_fix_{field}_{cid}"
            box = cols[n % 5]
            if field in ("claimant", "stance", "perpetrator"):
                options = review_view.choices(field, current[field], claimants)
                box.selectbox(review_view.FIELD_LABELS[field], options, key=key,
                              index=options.index(current[field]) if current[field] in options else 0)
            else:
                box.text_input(review_view.FIELD_LABELS[field], value=current[field], key=key)
        save, cancel = st.columns([1, 5])
        save.form_submit_button("Save correction", key=f"rv_save_{cid}", type="primary",
                                on_click=do_correct, args=(db_path, row))
        cancel.form_submit_button("Cancel", key=f"rv_cancel_{cid}",
                                  on_click=lambda: st.session_state.update(_correcting=None))


def incident_decisions(focus: query.Selection, incident_id: str, labels: dict[str, str],
                       view: tuple) -> None:
    """The analyst's grade for this incident, and moving its claims (split, merge);
    `labels` names its claims for the picker (review_view.claim_choice_labels)."""
    db_path = str(store_path())
    inc = focus.incidents[(focus.incidents["incident_id"] == incident_id).to_numpy()].iloc[0]
    with st.expander(f"Grade and grouping · grade {inc.get('grade') or '–'} "
                     f"({'analyst' if inc.get('grade_source') == 'analyst' else 'rule'})"):
        grade, note, save = st.columns([2, 4, 1], vertical_alignment="bottom")
        grade.selectbox("Analyst's grade", ["", *review_view.GRADE_LABELS], key=f"rv_grade_{incident_id}",
                        format_func=lambda g: review_view.GRADE_LABELS.get(g, "the rule's"))
        note.text_input("Why (required for a grade)", key=f"rv_grade_note_{incident_id}")
        save.button("Save grade", key=f"rv_grade_save_{incident_id}", width="stretch",
                    on_click=do_grade, args=(db_path, incident_id))
        targets = merge_choices(*view, incident_id)
        moved, into = st.columns(2)
        moved.multiselect("Claims of this incident", list(labels), key=f"rv_move_claims_{incident_id}",
                          format_func=labels.get, placeholder="none: the whole incident")
        into.selectbox("Into the incident", list(targets), key=f"rv_move_to_{incident_id}",
                       format_func=targets.get, index=None, placeholder="choose an incident",
                       help=f"The {review_view.MERGE_CHOICES} incidents nearest this one: "
                            "at the same place first, then the closest in time.")
        a, b, _ = st.columns([1, 1, 3])
        a.button("Move", key=f"rv_move_{incident_id}", width="stretch", on_click=do_move,
                 args=(db_path, incident_id, focus), help="The chosen claims (none chosen: every "
                 "claim, i.e. merge this incident into the other) join that incident.")
        b.button("Set apart", key=f"rv_apart_{incident_id}", width="stretch", on_click=do_move,
                 args=(db_path, incident_id, None), help="Each chosen claim becomes an incident of its own.")


@st.cache_resource(max_entries=16, show_spinner=False)
def merge_choices(db_path: str, version: tuple, filters: query.Filters, site: str,
                  incident_id: str) -> dict[str, str]:
    """review_view.merge_targets of an incident in a view: a rerun that changes nothing
    does not rank 100,000 incidents again."""
    return review_view.merge_targets(focused(db_path, version, filters, site).incidents,
                                     incident_id)


def do_grade(db_path: str, incident_id: str) -> None:
    ss = st.session_state
    problem = review_view.record_grade(db_path, incident_id, ss.get(f"rv_grade_{incident_id}") or "",
                                       ss.get("reviewer", ""), ss.get(f"rv_grade_note_{incident_id}", ""))
    ss["_review_msg"] = ("error", problem) if problem else ("success", "Grade saved.")


def do_move(db_path: str, incident_id: str, focus) -> None:
    ss = st.session_state
    chosen = list(ss.get(f"rv_move_claims_{incident_id}") or [])
    if focus is None:        # set apart
        if not chosen:
            ss["_review_msg"] = ("error", "Choose the claims to set apart.")
            return
        problem = review_view.record_grouping(db_path, chosen, None, ss.get("reviewer", ""))
    else:
        target = ss.get(f"rv_move_to_{incident_id}")
        anchor = target and review_view.anchor_claim(focus.claims, target)
        if not anchor:
            ss["_review_msg"] = ("error", "Choose the incident to move them into.")
            return
        if not chosen:
            chosen = focus.claims.loc[focus.claims["incident_id"] == incident_id, "claim_id"].tolist()
        problem = review_view.record_grouping(db_path, chosen, anchor, ss.get("reviewer", ""))
    if problem:
        ss["_review_msg"] = ("error", problem)
    else:
        ss["_review_msg"] = ("success", f"{plural(len(chosen), 'claim')} moved.")
        ss["_follow_claim"] = chosen[0]


def queue_page(selection: query.Selection, db_path: str) -> None:
    st.subheader("Review queue")
    st.caption("Unreviewed claims in view, the most consequential first: claims of contested "
               "incidents, then the highest civilian tolls, then the newest. The sidebar's "
               "filters apply.")
    orphans = review_view.orphaned_table(db_path)
    if not orphans.empty:
        # reviews whose claim a re-load no longer finds: kept with their values, shown here
        with st.expander(f"{plural(len(orphans), 'review')} whose claim no longer comes out "
                         "of the loaders (kept, with the values given)"):
            st.dataframe(orphans, hide_index=True, key="orphaned_reviews", width="stretch")
    rows = query.with_texts(selection, review_view.queue(selection.claims, selection.incidents))
    if rows.empty:
        st.info("Nothing left to review in this view.")
        return
    left = int(selection.claims["review_state"].eq("unreviewed").sum())
    review_rows(rows.assign(says=query.statement_texts(rows)),
                f"{plural(left, 'claim')} to review; the first {len(rows)}", with_incident=True)


def overview_section(focus: query.Selection, figure) -> None:
    n = len(focus.incidents)
    shown = f"the {OVERVIEW_ROWS} of {n} where" if n > OVERVIEW_ROWS else "those where"
    st.markdown(f"**Every incident in view × every source** · civilians killed, as claimed; "
                f"{shown} the sources disagree most first; strikes and tallies each have "
                "their own colour scale; click a cell to open its incident")
    st.plotly_chart(figure, key="overview",
                    config={"displaylogo": False},
                    on_select=lambda: remember_chart_pick("overview"),
                    selection_mode="points")


@st.cache_data(max_entries=8, show_spinner=False)
def sources_compared(db_path: str, version: tuple, filters: query.Filters, site: str):
    """(pairs, profiles) of the sources in one view: the same for every incident picked."""
    focus = focused(db_path, version, filters, site)
    return query.source_pairs(focus), query.source_profiles(focus)


def sources_section(pairs, profiles) -> None:
    st.caption("On the strikes in view that two sources both give a civilian figure for: "
               "how often the figures are a factor of two or more apart (a denial against a "
               "toll counts), cell = far apart / shared. Per source: strikes covered, "
               "denials, and how often it reported a strike first (by its earliest "
               "article's publication date) with its median lead. Tallies are left out.")
    names = dict(zip(profiles["claimant"], profiles["name"]))
    left, right = st.columns([1, 1], gap="medium")
    left.plotly_chart(charts.source_matrix(pairs, names), key="sources_matrix",
                      config={"displayModeBar": False})
    right.dataframe(
        profiles.drop(columns="claimant"), hide_index=True, key="sources_profiles",
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn("Source", width="medium"),
            "strikes": "Strikes", "denials": "Denials",
            "first": st.column_config.NumberColumn(
                "First", help="Strikes it reported before any other source"),
            "reported_by_others": st.column_config.NumberColumn(
                "Shared", help="Strikes other sources reported too (with dates)"),
            "median_lead_days": st.column_config.NumberColumn(
                "Lead (days)", format="%.0f", help="Median lead when it was first")})


def downloads(focus: query.Selection) -> None:
    left, right = st.columns(2)
    total = len(focus.claim_rows)     # counted, not taken: the file is made on a click
    # The files are made when clicked (callables), not on every rerun.
    left.download_button(f"Download {plural(len(focus.incidents), 'incident')} (CSV)",
                         lambda: query.csv_bytes(query.incidents_export(focus)),
                         file_name="rasd_incidents.csv", mime="text/csv",
                         key="download_incidents", on_click="ignore")
    right.download_button(f"Download {plural(total, 'claim')} in view (CSV)",
                          lambda: query.csv_bytes(query.claims_export(focus)),
                          file_name="rasd_claims.csv", mime="text/csv", key="download_claims",
                          on_click="ignore")


def about_store(db_path: Path, store: query.Store) -> None:
    """Where the store and the uploads live: for whoever runs the server, out of the way."""
    with st.sidebar.expander("About this store"):
        st.markdown(f"- Store: `{db_path}`\n- Uploads are saved in `{UPLOADS}`\n"
                    f"- {plural(len(store.articles), 'article')}, "
                    f"{plural(len(store.claims), 'claim')}, "
                    f"{plural(len(store.incidents), 'incident')}")


def build_missing_store(db_path: Path) -> None:
    """A first start with no store: load the bundled sample articles, with a progress
    bar, instead of showing an empty page."""
    if db_path.exists() or not SAMPLE_ARTICLES.is_dir():
        return
    from loaders.pipeline import load_paths
    bar = st.progress(0.0, text=f"No store yet: loading the sample articles into {db_path.name}…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0,
                     text=f"Building the store: {done} of {total} articles")

    try:
        load_paths([str(SAMPLE_ARTICLES)], str(db_path), progress=progress)
    except Exception as exc:  # show the loaders' error instead of a traceback page
        st.error(f"Building the store from {SAMPLE_ARTICLES.name} failed: {exc}")
    bar.empty()


def store_path() -> Path:
    """$RASD_DB, else the store beside the app (not beside the working folder), so
    `streamlit run /path/to/dashboard.py` from anywhere finds it."""
    return resolve_db_path(os.environ.get("RASD_DB") or APP_DIR / DEFAULT_DB)


# ---------------------------------------------------------------- the page

def main() -> None:
    db_path = store_path()
    if not os.environ.get("RASD_DB"):
        build_missing_store(db_path)
    offline.vendor_leaflet(APP_DIR / "static")
    version = ingest.store_version(db_path)
    freeze_imports()
    try:
        store = load_store(str(db_path), version)
    except StoreError as exc:
        st.title("Rasd · airstrike claims in Deir ez-Zor")
        st.error(f"The store cannot be read: {exc}. Rebuild it with `make store`.")
        st.stop()
    init_state(store)
    sidebar_review()
    sidebar_filters(store)
    sidebar_loading(db_path, store.empty)
    about_store(db_path, store)

    st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 2rem; }"
            "h1 { font-size: 2rem !important; padding-bottom: .25rem !important; }</style>")
    st.title("Rasd · airstrike claims in Deir ez-Zor")
    st.caption("Strikes and tallies found in Arabic news articles, with each source's "
               "civilian toll as the source gives it (≈ about, ≥ at least, a range for a "
               "vague amount such as “dozens”).")
    if "load_report" in st.session_state:
        report = st.session_state["load_report"]
        with st.expander(f"Last load: {ingest.report_summary(report)}", expanded=True):
            st.dataframe(report, hide_index=True, key="load_report_table")
    if store.empty:
        st.info("The store has no incidents yet. Add articles in the sidebar, or build the "
                "store with `make run`.")

    filters = current_filters(store)
    selection = selected(str(db_path), version, filters)
    if st.session_state.get("page") == "queue":
        st.session_state.pop("_follow_claim", None)
        queue_page(selection, str(db_path))
        return
    site_table, popups = map_layers(str(db_path), version, filters)
    ss = st.session_state
    click = ss.pop("_map_click", None)
    if click:
        ss["site"] = query.site_at(site_table, *click) or ""
        ss["incident"] = None   # the site's most telling incident
    follow = ss.pop("_follow_claim", None)    # a review or a move regrouped it
    if follow:
        ss["_pick"] = review_view.incident_of(store.claims, follow)
    pick = ss.pop("_pick", None)
    if pick and pick in set(selection.incidents["incident_id"]):
        ss["site"] = query.site_of(selection, pick)
        ss["incident"] = pick
    site = ss.get("site", "")
    if site and site not in set(site_table["place_id"]):
        site = ""   # filtered out (or a stale link): show everything
    focus = focused(str(db_path), version, filters, site)

    parts = view_parts(str(db_path), version, filters, site)

    selection_line(parts["headline"], site_table, site)
    headline_row(parts["headline"])
    left, right = st.columns([3, 1], gap="medium")
    with left:
        st.subheader("Where")
        map_section(site_table, popups, map_markers(str(db_path), version, filters))
    with right:
        site_panel(parts["off_map"], site)
    left, right = st.columns([3, 1], gap="medium")
    with left:
        st.subheader("When")
        timeline_section(timeline_figure(str(db_path), version, filters, site), store)
    with right:
        undated_panel(parts["undated"])

    where = f" at {site_table.set_index('place_id').at[site, 'place_label']}" if site else ""
    st.subheader(f"Who claims what{where}")
    st.html(tables.source_legend_html())
    incident_id, default_incident = incident_picker(focus, parts)
    incident_section(focus, incident_id, incident_id and incident_parts(
        str(db_path), version, query.claim_filters(filters), incident_id),
        (str(db_path), version, filters, site))
    overview_section(focus, parts["overview"])
    tallies_panel(parts["tallies"])
    downloads(focus)
    st.subheader("Sources compared")
    # computed on request: it pairs every source with every other on every strike
    if st.toggle("Compare the sources in view", key="compare_sources"):
        sources_section(*sources_compared(str(db_path), version, filters, site))

    write_url(store, filters, site, incident_id, default_incident)


main()
