"""The dashboard's plain builders (views/), on the miniature corpus of conftest.py."""
from __future__ import annotations

import datetime as dt
import doctest
import hashlib
import html
import json
import math
import re

import pandas as pd
import pytest

from conftest import HOSTILE, article, claim, day, incident, write_store
from loaders.store import read_frames
from views import charts, ingest, mapview, offline, query, tables

D = dt.date


@pytest.fixture
def store(miniature_store) -> query.Store:
    return query.prepare(read_frames(miniature_store))


@pytest.fixture
def hostile(hostile_store) -> query.Store:
    return query.prepare(read_frames(hostile_store))


def everything(store: query.Store) -> query.Selection:
    return query.apply_filters(store, query.default_filters(store))


@pytest.mark.parametrize("module", [query, mapview, offline, ingest, tables])
def test_docstring_examples(module):
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0


# ---------------------------------------------------------------- how a figure reads

@pytest.mark.parametrize("stance, low, high, hedge, expected", [
    # exact, and the hedges of a single figure
    ("alleges", 36, 36, "exact", "36"),
    ("alleges", 36, 36, "", "36"),
    ("alleges", 40, 40, "about", "≈40"),
    ("acknowledges", 1302, 1302, "at_least", "≥1302"),
    ("alleges", 1300, 1300, "more_than", ">1300"),
    ("alleges", 50, 50, "at_most", "≤50"),
    # vague amounts are ranges, named by the word they stand for
    ("alleges", 20, 99, "vague", "20–99 “dozens”"),
    ("alleges", 200, 999, "vague", "200–999 “hundreds”"),
    ("alleges", 3, 9, "vague", "3–9 “a few”"),
    ("alleges", 5, 15, "vague", "5–15 “vague”"),
    ("alleges", 20, 30, "range", "20–30"),
    ("alleges", 10, None, "", "≥10"),
    ("alleges", None, 50, "", "≤50"),
    # denials
    ("denies", 0, 0, "exact", "denies (0)"),
    ("denies", None, None, "", "denies"),
    # reviewing, or no number given
    ("assessing", None, None, "", "assessing"),
    ("assessing", 3, 3, "about", "≈3 (assessing)"),
    ("alleges", None, None, "", "no figure"),
])
def test_figure_text(stance, low, high, hedge, expected):
    assert query.figure_text(stance, low, high, hedge) == expected


def test_figure_texts_column_matches_one_by_one():
    rows = [("alleges", 5, 5), ("denies", 0, 0), ("alleges", 20, 99), ("assessing", None, None),
            ("alleges", 5, 5), ("alleges", None, None), ("denies", 0, 0), ("alleges", 1, 4)] * 50
    stance, low, high = zip(*rows)
    column = query.figure_texts(pd.Series(stance), pd.Series(low, dtype="Int64"),
                                pd.Series(high, dtype="Int64"))
    one_by_one = {r: query.figure_text(*r) for r in set(rows)}
    assert column.tolist() == [one_by_one[r] for r in rows]


# ---------------------------------------------------------------- filters

@pytest.mark.parametrize("filters, expected", [
    # dates: a period overlapping the range passes; undated incidents always pass
    (query.Filters(), {"hajin-1117", "hajin-undated", "nov-unlocated", "sousa-0712",
                       "tally-2014", "tally-2018"}),
    (query.Filters(date_from=D(2018, 11, 1), date_to=D(2018, 11, 30)),
     {"hajin-1117", "hajin-undated", "nov-unlocated", "tally-2014", "tally-2018"}),
    (query.Filters(date_from=D(2018, 7, 1), date_to=D(2018, 7, 31)),
     {"hajin-undated", "sousa-0712", "tally-2014", "tally-2018"}),
    (query.Filters(date_from=D(2019, 1, 1), date_to=D(2019, 4, 30)),
     {"hajin-undated", "tally-2014"}),
    # claimants: incidents with a claim by any of them
    (query.Filters(claimants=("sana",)), {"hajin-1117", "sousa-0712"}),
    (query.Filters(claimants=("srg", "local")), {"tally-2014", "tally-2018", "hajin-undated"}),
    # kind, contested, place
    (query.Filters(kind="tally"), {"tally-2014", "tally-2018"}),
    (query.Filters(kind="event", contested_only=True), {"hajin-1117"}),
    (query.Filters(places=("hajin", "al_sousa")), {"hajin-1117", "hajin-undated", "sousa-0712"}),
])
def test_filters_select_incidents(store, filters, expected):
    assert set(query.apply_filters(store, filters).incidents["incident_id"]) == expected


@pytest.mark.parametrize("claimants, expected", [
    # SANA spoke about Hajin and al-Sousa: the coalition's denial and SOHR's count stay
    (("sana",), [("hajin-1117", "amaq", "≈40", False), ("hajin-1117", "coalition", "denies (0)", False),
                 ("hajin-1117", "sana", "20–99 “dozens”", True), ("hajin-1117", "sohr", "36", False),
                 ("sousa-0712", "coalition", "assessing", False),
                 ("sousa-0712", "sana", "≈30", True), ("sousa-0712", "sohr", "28", False),
                 ("sousa-0712", "syria_mofa", "no figure", False)]),
    # the SRG's tallies: the coalition's acknowledgement of the whole-war total stays
    (("srg",), [("tally-2014", "coalition", "≥1302", False), ("tally-2014", "srg", "3712", True),
                ("tally-2018", "srg", "348", True)]),
])
def test_claimant_filter_keeps_every_sources_claims_on_its_incidents(store, claimants, expected):
    sel = query.apply_filters(store, query.Filters(claimants=claimants))
    marked = query.highlighted(sel.claims, sel.filters)
    assert sorted(zip(sel.claims["incident_id"], sel.claims["claimant"],
                      sel.claims["civilians_text"], marked)) == expected


def test_a_selection_leaves_the_claims_texts_out_and_gives_them_back_for_the_rows_shown(store):
    sel = query.apply_filters(store, query.Filters(places=("hajin",)))
    assert not set(query.CLAIM_TEXTS) & set(sel.claims.columns)
    shown = sel.claims[sel.claims["claimant"].isin(["sohr", "amaq"])]
    back = query.with_texts(sel, shown)
    expected = store.claims[store.claims["claim_id"].isin(shown["claim_id"])]
    pd.testing.assert_frame_equal(back, expected)       # same rows, columns and order
    assert sorted(back["claimant"]) == ["amaq", "sohr"]
    assert back["quote"].str.len().min() > 20 and back["article_title"].ne("").all()
    # one column only (the map's popups need the article's label and nothing else)
    assert list(query.with_texts(sel, shown[["seq"]], ["article_label"]).columns) == \
        ["seq", "article_label"]


@pytest.mark.parametrize("filters, n_incidents", [
    (query.Filters(kind="event", contested_only=True), 1),
    (query.Filters(date_from=D(2018, 7, 1), date_to=D(2018, 7, 31)), 4),
    (query.Filters(places=("hajin", "al_sousa"), claimants=("sana",)), 2),
    (query.Filters(kind="tally", claimants=("srg",)), 2),
])
def test_an_incident_in_view_has_the_claims_its_claim_filters_give(store, filters, n_incidents):
    # the dashboard builds the picked incident from claim_filters(filters) alone, so a
    # change of dates, kind, place or "contested only" keeps it cached
    view = query.apply_filters(store, filters)
    assert len(view.incidents) == n_incidents
    wider = query.apply_filters(store, query.claim_filters(filters))
    for incident_id in view.incidents["incident_id"]:
        pd.testing.assert_frame_equal(query.incident_claims(view, incident_id),
                                      query.incident_claims(wider, incident_id))


def test_texts_are_never_given_to_claims_indexed_otherwise(store):
    sel = query.apply_filters(store, query.Filters(places=("hajin",)))
    moved = sel.claims.iloc[[1, 2]].reset_index(drop=True)     # labels 0, 1: other claims
    with pytest.raises(ValueError, match="not indexed as the store's"):
        query.with_texts(sel, moved)


def test_keep_rows_takes_the_masked_rows_and_keeps_a_whole_frame_as_it_is(store):
    claims = store.claims
    kept = query.keep_rows(claims, claims["claimant"].eq("sohr").to_numpy())
    assert sorted(kept["claim_id"]) == sorted(claims.loc[claims["claimant"] == "sohr", "claim_id"])
    assert kept.index.tolist() == claims.index[claims["claimant"] == "sohr"].tolist()
    assert query.keep_rows(claims, [True] * len(claims)) is claims
    with pytest.raises(ValueError, match="a mask of 2"):
        query.keep_rows(claims, [True, False])


def test_rows_of_incidents_skip_claims_of_no_incident():
    rows = query.in_rows([3, -1, 0, 3, 7], [3, 0])
    assert rows.tolist() == [True, False, True, True, False]
    assert query.in_rows([-1, -1], []).tolist() == [False, False]


@pytest.mark.parametrize("filters, numbers", [
    # strikes and tallies apart; undated and off-map count strikes only
    (query.Filters(), dict(events=4, tallies=2, articles=4, sources=7, contested=1,
                           undated=1, not_on_map=1)),
    (query.Filters(date_from=D(2018, 7, 1), date_to=D(2018, 7, 31)),
     dict(events=2, tallies=2, articles=3, sources=6, contested=0, undated=1, not_on_map=0)),
    (query.Filters(kind="event", contested_only=True),
     dict(events=1, tallies=0, articles=2, sources=4, contested=1, undated=0, not_on_map=0)),
    (query.Filters(kind="tally"),
     dict(events=0, tallies=2, articles=1, sources=2, contested=0, undated=0, not_on_map=0)),
])
def test_headline_numbers(store, filters, numbers):
    assert query.headline(query.apply_filters(store, filters)) == numbers


def test_store_span_and_choices(store):
    assert (store.first_date, store.last_date) == (D(2014, 8, 1), D(2019, 4, 30))
    assert store.claimant_choices["sohr"] == "Syrian Observatory for Human Rights (Monitor)"
    assert store.place_choices == {"al_sousa": "al-Sousa · السوسة", "hajin": "Hajin · هجين",
                                   "syria": "Syria · سوريا"}


def test_empty_store(empty_store):
    store = query.prepare(read_frames(empty_store))
    sel = everything(store)
    assert store.empty and store.first_date is None
    assert query.headline(sel) == dict(events=0, tallies=0, articles=0, sources=0,
                                       contested=0, undated=0, not_on_map=0)
    assert query.sites(sel).empty
    assert charts.timeline(sel).layout.annotations[0].text == "No dated incidents in this view"


# ---------------------------------------------------------------- the URL

def test_url_round_trip(store):
    filters = query.Filters(date_from=D(2018, 1, 1), date_to=D(2018, 12, 31),
                            claimants=("sohr", "coalition"), kind="event",
                            contested_only=True, places=("hajin",))
    params = query.filters_to_params(filters, query.default_filters(store))
    assert params == {"from": "2018-01-01", "to": "2018-12-31", "claimant": ["sohr", "coalition"],
                      "kind": "event", "contested": "1", "place": ["hajin"]}
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    assert query.filters_from_params(as_lists, store) == filters


def test_default_view_has_an_empty_url(store):
    assert query.filters_to_params(query.default_filters(store), query.default_filters(store)) == {}


def test_stale_or_hostile_url_opens_the_nearest_valid_view(store):
    params = {"from": ["2001-01-01"], "to": ["not a date"], "claimant": ["sohr", "<script>"],
              "kind": ["everything"], "place": ["atlantis"], "contested": ["maybe"]}
    assert query.filters_from_params(params, store) == query.Filters(
        date_from=D(2014, 8, 1), date_to=D(2019, 4, 30), claimants=("sohr",))


# ---------------------------------------------------------------- sites and the map

def test_sites_one_row_per_mapped_place(store):
    sites = query.sites(everything(store)).set_index("place_id")
    assert list(sites.index) == ["hajin", "al_sousa"]   # Syria is a country: not a site
    # Hajin's specific figures are 36 and about 40; "dozens" (20-99) is not its top
    assert sites.loc["hajin", ["n_incidents", "n_contested", "toll_low", "toll_high",
                               "vague_low", "vague_high", "civilians_max", "contested"]
                      ].tolist() == [2, 1, 36, 40, 20, 99, 40, "some"]
    assert sites.loc["al_sousa", ["n_incidents", "toll_low", "toll_high", "contested"]
                     ].tolist() == [1, 28, 30, "none"]
    assert [mapview.toll_text(r) for r in sites.to_dict("records")] == [
        "36–40 civilians claimed (and vague amounts)", "28–30 civilians claimed"]


def test_a_filter_change_works_from_shared_facts_not_a_copy_of_the_claims(store):
    # Hajin's strike and tally keep the same figures whatever else is in view: they are
    # worked out once per store and state of the claim filters, and the map, timeline,
    # overview and headline of a view never take a copy of its claims
    july = query.apply_filters(store, query.Filters(date_from=D(2018, 7, 1),
                                                    date_to=D(2018, 7, 31)))
    contested = query.apply_filters(store, query.Filters(contested_only=True))
    assert july.facts() is contested.facts()
    rows = store.incidents.set_index("incident_id")["incident_row"]
    facts = july.facts()
    # the strike: SOHR's 36 and Amaq's about 40 are its specific figures, SANA's "dozens"
    # (20-99) its vague one; SANA's midpoint 59.5 against the coalition's denial (0)
    assert facts.loc[rows["hajin-1117"]].tolist() == [36.0, 40.0, 20.0, 99.0, 59.5]
    # a local source's "dozens" alone: no specific figure, nothing to compare
    undated = facts.loc[rows["hajin-undated"]]
    assert (pd.isna(undated["spec_min"]), undated["vague_low"], undated["vague_high"],
            undated["spread"]) == (True, 20.0, 99.0, 0.0)
    for view in (july, contested):
        site_table = query.sites(view)
        mapview.site_popups(view, site_table)
        charts.timeline(view)
        charts.overview(view)
        query.headline(view)
        query.tallies(view)
        assert "claims" not in view.__dict__          # the lazy copy was never taken
    # showing discounted claims is another state of the claim filters: other facts
    assert query.apply_filters(store, query.Filters(show_discounted=True)).facts() \
        is not july.facts()


@pytest.mark.parametrize("claims, expected", [
    # only a vague amount: it is named as such, and its low end sizes the circle
    ([claim("v", "sana", "alleges", 20, 99, hedge="vague")],
     (None, None, 20, "only vague amounts claimed (20–99 civilians)")),
    # a denial is not a figure of the site
    ([claim("v", "coalition", "denies", 0, 0), claim("v", "sohr", "alleges", 7, 7)],
     (7, 7, 7, "7 civilians claimed")),
    # a tally at a town is listed but never makes the site contested
    ([claim("v", "sohr", "alleges", 3, 3, kind="tally"),
      claim("v", "coalition", "denies", 0, 0, kind="tally")],
     (3, 3, 3, "3 civilians claimed")),
])
def test_site_figures_are_the_spread_of_specific_ones(tmp_path, claims, expected):
    articles = [article("a1", claims)]
    kind = claims[0].kind or "event"
    db = write_store(tmp_path / "s.sqlite", articles, [incident(
        "v", list(articles[0].claims), kind=kind, contested=True, date_start=day("2018-05-01"),
        place_id="hajin", place_name_en="Hajin", lat=34.69, lon=40.83, geo_precision="town")])
    site = query.sites(everything(query.prepare(read_frames(db)))).iloc[0]
    low, high, size, text = expected
    assert (None if pd.isna(site["toll_low"]) else site["toll_low"],
            None if pd.isna(site["toll_high"]) else site["toll_high"],
            site["civilians_max"], mapview.toll_text(site)) == (low, high, size, text)
    assert site["contested"] == ("none" if kind == "tally" else "all")


@pytest.mark.parametrize("lat, lng, tooltip, expected", [
    (34.69, 40.83, None, "hajin"),
    (34.52, 40.97, None, "al_sousa"),
    # the tooltip names the clicked circle even when the pointer is nearer another
    (34.60, 40.90, "al-Sousa · السوسة1 incident · up to 30 civilians", "al_sousa"),
    (34.60, 40.90, "Hajin · هجين2 incidents", "hajin"),
])
def test_site_at_a_click(store, lat, lng, tooltip, expected):
    assert query.site_at(query.sites(everything(store)), lat, lng, tooltip) == expected


@pytest.mark.parametrize("lat, lon, expected", [
    # two sites 100 m apart are set apart, a third far away stays where it is
    ([34.69, 34.6905, 34.50], [40.83, 40.83, 40.99], [(34.7, 40.83), (34.68, 40.83),
                                                      (34.5, 40.99)]),
    # one site stays put
    ([34.69], [40.83], [(34.69, 40.83)]),
])
def test_overlapping_sites_are_spread(lat, lon, expected):
    table = pd.DataFrame({"lat": lat, "lon": lon})
    out = mapview.spread_overlapping(table)
    assert list(zip(out["mark_lat"].round(3), out["mark_lon"].round(3))) == expected


def test_map_is_framed_on_the_sites_in_view(store):
    sites = mapview.spread_overlapping(query.sites(everything(store)))
    # Hajin and al-Sousa, 0.19° apart, framed at least 0.3° across (not the whole river)
    assert mapview.view_bounds(sites) == [[34.445, 40.76], [34.745, 41.06]]
    assert mapview.view_bounds(sites.iloc[:0]) == [[34.25, 38.95], [36.05, 41.25]]


def test_map_loads_nothing_from_outside(store):
    sel = everything(store)
    sites = query.sites(sel)
    fmap = mapview.build_map(sites, mapview.site_popups(sel, sites), *offline.leaflet_urls())
    assert mapview.asset_urls(fmap) == ["/app/static/vendor/leaflet/leaflet.js",
                                        "/app/static/vendor/leaflet/leaflet.css"]
    doc = fmap.get_root().render()
    external = set(re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", doc))
    assert external == set()
    assert "jquery" not in doc.lower() and "bootstrap" not in doc.lower()
    # the tiles are the one thing fetched from outside, when there is a network
    assert "tile.openstreetmap.org" in doc


def test_map_draws_the_euphrates_and_each_site(store):
    sel = everything(store)
    sites = query.sites(sel)
    markers = mapview.site_markers(sites, mapview.site_popups(sel, sites))
    assert [(m["place_id"], m["style"]["radius"], m["style"]["fillColor"]) for m in markers] == [
        ("hajin", 17.0, "#E69F00"), ("al_sousa", 15.4, "#0072B2")]
    doc = mapview.build_map(sites, {}, "/l.js", "/l.css").get_root().render()
    assert json.dumps([list(p) for p in mapview.EUPHRATES]).replace(" ", "") in doc.replace(
        " ", "").replace("\n", "")


def test_popup_lists_incidents_with_each_sources_figure(store):
    sel = everything(store)
    popup = mapview.site_popups(sel, query.sites(sel))["hajin"]
    text = re.sub(r"<[^>]+>", "|", popup)
    assert "2018-11-17 · event · |contested" in text
    for source, figure in (("US-led coalition", "denies (0)"), ("SOHR", "36"),
                           ("SANA", "20–99 “dozens”"), ("Amaq News Agency", "≈40")):
        assert f"|{source}||{figure}|" in text
    assert "undated · event" in text


def test_map_html_stays_small_with_many_incidents(tmp_path):
    """Markers are per site and popups capped, so the map's size follows the number of
    sites, not of incidents: 300 sites with 20 incidents each stay far below 1 MB."""
    claims, incidents, articles = [], [], []
    for n in range(6000):
        place = n % 300
        cs = [claim(f"i{n}", who, "alleges", n % 50, n % 50 + 5) for who in ("sohr", "sana")]
        articles.append(article(f"a{n}", cs, title="خبر عن غارة على قرية في ريف دير الزور"))
        claims += list(articles[-1].claims)
        incidents.append(incident(f"i{n}", claims[-2:], date_start=day("2018-01-01"),
                                  place_id=f"p{place}", place_name_en=f"Village {place}",
                                  place_name_ar=f"قرية {place}", lat=34.5 + place / 300,
                                  lon=40.0 + place / 300, geo_precision="town"))
    store = query.prepare(read_frames(write_store(tmp_path / "many.sqlite", articles,
                                                  incidents)))
    sel = everything(store)
    sites = query.sites(sel)
    doc = mapview.build_map(sites, mapview.site_popups(sel, sites),
                             *offline.leaflet_urls()).get_root().render()
    assert len(sites) == 300
    assert len(doc.encode()) < 1_000_000


# ---------------------------------------------------------------- untrusted text

def test_article_text_is_escaped_in_popups_tooltips_and_tables(hostile):
    sel = everything(hostile)
    sites = query.sites(sel)
    popups = mapview.site_popups(sel, sites)
    markers = mapview.site_markers(sites, popups)
    evidence = tables.evidence_html(query.evidence(sel))
    for text in [popups["hajin"], evidence] + [m["tooltip"] for m in markers]:
        assert "<img" not in text
    assert html.escape(HOSTILE) in popups["hajin"]
    assert evidence.count(html.escape(HOSTILE)) >= 3   # title, quote, place


def test_article_text_is_escaped_in_plotly_hover_text(hostile):
    sel = everything(hostile)
    hajin = query.incident_claims(sel, "hajin-1117")
    for fig in (charts.timeline(sel), charts.comparison(hajin), charts.overview(sel)):
        assert "<img" not in fig.to_json()
    assert "&lt;img" in charts.comparison(hajin).to_json()   # the article title, in the hover


def test_csv_writes_the_contracts_booleans_and_the_claims_context(store):
    sel = everything(store)
    incidents = query.csv_bytes(query.incidents_export(sel)).decode("utf-8-sig").splitlines()
    header = incidents[0].split(",")
    contested = {line.split(",")[0]: line.split(",")[header.index("contested")]
                 for line in incidents[1:]}
    assert contested["hajin-1117"] == "true" and contested["sousa-0712"] == "false"
    claims = query.claims_export(sel)
    for column in ("hedge", "date_text", "outlet", "url", "title", "blames", "quote"):
        assert column in claims
    row = claims.set_index("claim_id").loc["000_enab-2"]
    assert (row["hedge"], row["civilians_text"], row["outlet"]) == ("about", "≈40", "Enab Baladi")


def test_csv_neutralises_spreadsheet_formulas_and_keeps_arabic():
    df = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\")", "-1+2", "هجين", None],
                       "n": [1, 2, 3, 4]})
    text = query.csv_bytes(df).decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.splitlines()[1:] == ["\"'=HYPERLINK(\"\"http://x\"\")\",1", "'-1+2,2",
                                     "هجين,3", ",4"]


# ---------------------------------------------------------------- charts and tables

def test_comparison_draws_each_kind_of_claim_distinctly(store):
    hajin = query.incident_claims(everything(store), "hajin-1117")
    fig = charts.comparison(hajin)
    marks = {(t.name, tuple(t.text), tuple(t.marker.symbol)) for t in fig.data
             if t.mode == "markers+text"}
    assert marks == {("Belligerent", ("denies (0)",), ("x-thin-open",)),
                     ("State media", ("20–99",), ("line-ns-open",)),   # the word: in the hover
                     ("Monitor", ("36",), ("circle",)),
                     ("IS media", ("≈40",), ("circle",))}
    ranges = [t for t in fig.data if t.mode == "lines+markers"]
    assert [list(t.x) for t in ranges] == [[20.0, 99.0, None]]


def test_comparison_marks_assessing(store):
    sousa = query.incident_claims(everything(store), "sousa-0712")
    texts = {x for t in charts.comparison(sousa).data if t.text is not None for x in t.text}
    assert texts == {"assessing", "no figure", "28", "≈30"}


def test_source_rows_one_per_source_and_article(store):
    rows = query.source_rows(query.incident_claims(everything(store), "hajin-1117"))
    assert rows[["source_label", "article_id", "says", "civilians", "killed", "n_claims"]
                ].values.tolist() == [
        ["US-led coalition", "000_enab", "denies civilian deaths", "denies (0)", "", 1],
        ["SANA", "000_enab", "20–99 “dozens” civilians killed, by coalition",
         "20–99 “dozens”", "", 1],
        ["SOHR", "002_afp", "36 civilians killed, by coalition", "36", "43", 1],
        ["Amaq News Agency", "000_enab", "≈40 civilians killed, by coalition", "≈40", "", 1]]


def own_voice_store(tmp_path):
    """Two outlets' own voices on one strike, one naming two perpetrators, and a
    coalition statement that denies harm and blames other forces for ten strikes."""
    claims_a = [claim("s", "outlet", "alleges", 12, 12, perpetrator="coalition"),
                claim("s", "coalition", "denies", 0, 0),
                claim("s", "coalition", "alleges", strikes=10, perpetrator="other")]
    claims_b = [claim("s", "outlet", "alleges", 15, 15, hedge="about", perpetrator="coalition")]
    articles = [article("001_x", claims_a, outlet="Enab Baladi",
                        title="غارات على هجين الكاتب : أسرة التحرير المشاهدات : 12"),
                article("002_y", claims_b, title="قصف في هجين")]
    claims = [c for a in articles for c in a.claims]
    db = write_store(tmp_path / "voices.sqlite", articles, [incident(
        "s", claims, date_start=day("2018-11-17"), place_id="hajin", place_name_en="Hajin",
        lat=34.69, lon=40.83, geo_precision="town")])
    return read_frames(db)


def test_own_voices_are_named_by_outlet_and_bylines_leave_titles(tmp_path):
    store = query.prepare(own_voice_store(tmp_path))
    rows = query.source_rows(query.incident_claims(everything(store), "s"))
    assert rows[["source_label", "says", "civilians", "article_label"]].values.tolist() == [
        ["US-led coalition", "denies civilian deaths; 10 strikes, by other forces",
         "denies (0)", "غارات على هجين"],
        ["Enab Baladi (own voice)", "12 civilians killed, by coalition", "12", "غارات على هجين"],
        ["article 002 (own voice)", "≈15 civilians killed, by coalition", "≈15", "قصف في هجين"]]


def test_both_perpetrators_when_a_source_names_two(tmp_path):
    frames = own_voice_store(tmp_path)
    claims = frames["claims"]
    # the column another branch adds; empty cells fall back to `perpetrator`
    claims["perpetrators"] = ["coalition|iraq", "", "other"] + [""] * (len(claims) - 3)
    store = query.prepare(frames)
    assert store.claims["blames"].tolist()[:4] == ["coalition and Iraq", "coalition",
                                                   "other forces", "coalition"]


@pytest.mark.parametrize("quote, figures, names, expected", [
    # the figure, in either digit set, with its hedge word; the claimant's name
    ("قال المرصد إن 36 مدنيا قتلوا", [36], ["المرصد"],
     "قال <mark class='who'>المرصد</mark> إن <mark>36</mark> مدنيا قتلوا"),
    ("سقوط حوالي ٤٠ مدنيا", [40], [], "سقوط <mark>حوالي ٤٠</mark> مدنيا"),
    # a vague amount has no digits; 360 is not 36
    ("قتل عشرات المدنيين و360 جريحا", [36], [],
     "قتل <mark>عشرات</mark> المدنيين و360 جريحا"),
    # spelling variants of a name (alef, taa marbuta)
    ("نقلت وكالة اعماق ان", [], ["وكالة أعماق"], "نقلت <mark class='who'>وكالة اعماق</mark> ان"),
    # article text stays text
    ("<img src=x> 5 قتلى", [5], [], "&lt;img src=x&gt; <mark>5</mark> قتلى"),
])
def test_quote_highlights_the_figure_and_the_claimant(quote, figures, names, expected):
    assert tables.highlight_quote(quote, figures, names) == expected


def test_evidence_table_is_the_picked_incidents_claims(store):
    claims = query.incident_claims(everything(store), "sousa-0712")
    rows = query.incident_evidence(claims)
    # belligerents first, then state media, monitors... (the order of the legend)
    assert rows["claimant"].tolist() == ["syria_mofa", "coalition", "sana", "sohr"]
    doc = tables.claims_html(rows, {"sohr": ["المرصد"]})
    assert doc.count("<tr class=") == 4
    assert "<mark>54</mark>" in doc and "<mark>28</mark>" in doc


# An article of three paragraphs (own sentences); offsets as the loaders give them.
_LEAD = "دير الزور - مراسلنا"
_PARA = "قال المرصد إن غارة على بلدة هجين قتلت 12 مدنيا. وأضاف أن بين القتلى أربعة أطفال."
_TEXT = f"{_LEAD}\n\n{_PARA}\n\nوفي سياق آخر، نفى التحالف ذلك."


@pytest.mark.parametrize("text, quote, context, expected", [
    # the quote's own paragraph, not the dateline above it or the denial below it
    (_TEXT, "غارة على بلدة هجين قتلت 12 مدنيا.", 900,
     ("قال المرصد إن ", "غارة على بلدة هجين قتلت 12 مدنيا.", " وأضاف أن بين القتلى أربعة أطفال.")),
    # a quote that is the whole line
    (_TEXT, "وفي سياق آخر، نفى التحالف ذلك.", 900, ("", "وفي سياق آخر، نفى التحالف ذلك.", "")),
    # a one-line article: each side cut at a space, within `context` characters
    ("أ " * 40 + "قتل 3 مدنيين" + " ب" * 40, "قتل 3 مدنيين", 10,
     ("… أ أ أ أ أ ", "قتل 3 مدنيين", " ب ب ب ب ب …")),
    # a quote merged over a long stretch of one line: its start and its end
    ("قبل " + "ج" * 40 + " بعد", "ج" * 40, 10, ("قبل ", "ج" * 10 + " … " + "ج" * 10, " بعد")),
])
def test_paragraph_around_a_quote(text, quote, context, expected):
    start = text.index(quote)
    assert query.paragraph_around(text, start, start + len(quote), context) == expected


@pytest.mark.parametrize("text, start, end", [
    ("قصير", 2, 40),        # offsets past the end: the text is not the one quoted
    ("قصير", 3, 1),
    (None, 0, 1),            # no text stored
])
def test_paragraph_around_offsets_that_do_not_fit(text, start, end):
    assert query.paragraph_around(text, start, end) is None


def test_a_click_on_the_sentence_opens_its_whole_paragraph_escaped(hostile_store):
    store = query.prepare(read_frames(hostile_store))
    rows = query.incident_evidence(query.incident_claims(everything(store), "hajin-1117"))
    texts = query.article_texts(hostile_store, rows["article_id"])
    assert sorted(texts) == ["000_enab", "002_afp"]
    paragraphs = query.paragraphs(rows, texts)
    coalition = rows.index[rows["claimant"].eq("coalition")][0]
    before, quote, after = paragraphs[coalition]
    assert (before, quote) == ("", rows.at[coalition, "quote"])
    assert after == " وأضاف المصدر أن فرق الإنقاذ ما زالت تبحث تحت الأنقاض."
    doc = tables.claims_html(rows, {}, paragraphs)
    assert doc.count("<details class='para'>") == len(rows)
    assert HOSTILE not in doc and html.escape(HOSTILE) in doc
    assert "فرق الإنقاذ" in doc


@pytest.mark.parametrize("box, expected", [
    # a drag over November (plotly gives the box's ends as date-times, either order)
    ([{"x": ["2018-11-30 06:00:00.25", "2018-11-02 18:30"], "y": [0, 2]}],
     (D(2018, 11, 2), D(2018, 11, 30))),
    # a drag past the store's span is kept inside it
    ([{"x": ["2018-06-01", "2019-08-01"]}], (D(2018, 7, 12), D(2019, 4, 30))),
    ([{"x": ["2020-01-01", "2020-02-01"]}], None),     # wholly outside: no range
    ([], None),                                         # a click: no box
    ([{"x": ["yesterday", "2018-11-02"]}], None),       # not dates
])
def test_dragging_on_the_timeline_gives_a_date_range(box, expected):
    assert query.dates_from_box({"points": [], "box": box}, D(2018, 7, 12),
                                D(2019, 4, 30)) == expected


def test_overview_puts_each_claimants_figure_in_its_cell(store):
    table = charts.overview_table(everything(store))
    hajin = table[table["incident_row"] == store.incidents.set_index("incident_id")
                  .at["hajin-1117", "incident_row"]]
    assert dict(zip(hajin["claimant"], hajin["text"])) == {
        "coalition": "denies (0)", "sohr": "36", "sana": "20–99", "amaq": "≈40"}
    first = table.sort_values("rank").iloc[0]["incident_row"]
    assert store.incidents.at[first, "incident_id"] == "hajin-1117"   # contested first


def test_timeline_points_carry_their_incident(store):
    fig = charts.timeline(everything(store))
    points = {(t.name, y, c) for t in fig.data if t.type == "scatter" and t.mode == "markers"
              for y, c in zip(t.y, t.customdata)}
    assert points == {("not contested", "al-Sousa · السوسة", "sousa-0712"),
                      ("all contested", "Hajin · هجين", "hajin-1117"),
                      ("not contested", "No place given", "nov-unlocated")}
    # the tallies are listed apart, not drawn among the strikes
    assert [t for t in fig.data if t.type == "bar"] == []
    # the unlocated incident runs 1-18 November: drawn over its period
    periods = [t for t in fig.data if t.mode == "lines"]
    assert [str(x)[:10] for x in periods[0].x] == ["2018-11-01", "2018-11-19", "None"]


def test_timeline_draws_tallies_when_there_is_no_strike(store):
    fig = charts.timeline(query.apply_filters(store, query.Filters(kind="tally")))
    bars = [t for t in fig.data if t.type == "bar"]
    assert [sorted(b.customdata) for b in bars] == [["tally-2014", "tally-2018"]]


@pytest.mark.parametrize("incident_id, span_days", [
    ("sousa-0712", 28),     # one day: the axis still shows four weeks
    ("hajin-1117", 28),
])
def test_timeline_has_a_minimum_span_and_day_ticks(store, incident_id, span_days):
    sel = query.restrict(everything(store), [incident_id])
    fig = charts.timeline(sel)
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert (high - low).days == span_days
    formats = [stop.value for stop in fig.layout.xaxis.tickformatstops]
    assert formats[0] == "%d %b\n%Y"     # the finest ticks are days, never milliseconds


def test_timeline_hover_lists_every_claim_or_says_how_many_more(tmp_path):
    claims = [claim("i", f"c{n}", "alleges", n, n) for n in range(13)]
    articles = [article("a1", claims)]
    db = write_store(tmp_path / "many.sqlite", articles, [incident(
        "i", list(articles[0].claims), date_start=day("2018-05-01"))])
    fig = charts.timeline(everything(query.prepare(read_frames(db))))
    hover = next(t for t in fig.data if t.mode == "markers").hovertext[0]
    assert hover.count("<br>c") == 10 and hover.endswith("<i>and 3 more</i>")


def test_overview_cells_can_be_clicked_and_scales_are_per_kind(store):
    fig = charts.overview(everything(store))
    cells = next(t for t in fig.data if t.name == "cells")
    assert set(cells.customdata) == {"hajin-1117", "hajin-undated", "nov-unlocated",
                                     "sousa-0712", "tally-2014", "tally-2018"}
    tolls = next(t for t in fig.data if t.type == "heatmap")
    rows = dict(zip(tolls.y, tolls.z))
    # the largest tally (3712) tops its own scale; strikes keep theirs (the floor of the
    # scale is 100 civilians, log10 = 2), where "dozens" counts by its midpoint, 59.5
    top_event = max(v for y, row in rows.items() if "tally" not in y for v in row if v == v)
    top_tally = max(v for y, row in rows.items() if "tally" in y for v in row if v == v)
    assert (round(top_event, 6), round(top_tally, 6)) == (round(math.log10(60.5) / 2, 6), 1.0)


def test_evidence_limit_is_the_head_of_the_full_table(store):
    sel = everything(store)
    full = query.evidence(sel)
    assert len(full) == 13
    assert full["incident_id"].tolist()[:3] == ["tally-2014", "tally-2014", "tally-2018"]
    for limit in (1, 4, 5, 12):
        pd.testing.assert_frame_equal(query.evidence(sel, limit), full.head(limit))


def test_evidence_html_is_rtl_for_the_quote(store):
    doc = tables.evidence_html(query.evidence(everything(store)))
    assert doc.count("<td class='quote' dir='rtl' lang='ar'>") == 13
    assert "وثق تجمع ثوار سوريا مقتل 3712 مدنياً من السوريين" in doc


# ---------------------------------------------------------------- adding articles

@pytest.mark.parametrize("name, saved", [
    ("report.txt", "report.txt"),
    ("../../etc/passwd", "passwd.txt"),
    ("خبر هجين.TXT", "خبر_هجين.txt"),
    ("..", "article.txt"),
])
def test_safe_filename(name, saved):
    assert ingest.safe_filename(name) == saved


def test_save_uploads_stays_in_the_folder(tmp_path):
    class Upload:
        def __init__(self, name, data):
            self.name, self._data = name, data

        def getvalue(self):
            return self._data

    saved, refused = ingest.save_uploads([Upload("../a.txt", b"one"), Upload("b.txt", "ب".encode())],
                                         tmp_path / "uploads")
    # each upload in a folder named after its content hash (see tests/test_archive_serving.py)
    assert [p.relative_to(tmp_path).as_posix() for p in saved] == [
        f"uploads/{hashlib.sha256(b'one').hexdigest()[:16]}/a.txt",
        f"uploads/{hashlib.sha256('ب'.encode()).hexdigest()[:16]}/b.txt"]
    assert refused == []
    assert saved[1].read_text("utf-8") == "ب"


def test_load_report_puts_problems_first():
    class A:
        def __init__(self, path, status, reason=""):
            self.path, self.status, self.reason, self.claims = path, status, reason, ()

    report = ingest.load_report([A("/x/ok.txt", "ok"), A("/x/e.txt", "rejected", "empty file"),
                                 A("/x/u.txt", "undated", "no date")])
    assert report[["file", "status", "reason"]].values.tolist() == [
        ["e.txt", "rejected", "empty file"], ["u.txt", "undated", "no date"], ["ok.txt", "ok", ""]]
    assert ingest.report_summary(report) == "3 files: 1 ok · 1 undated · 1 rejected"


def test_store_version_changes_with_writes_not_reads(miniature_store):
    before = ingest.store_version(miniature_store)
    read_frames(miniature_store)
    assert ingest.store_version(miniature_store) == before
    write_store(miniature_store, [article("zz", [claim("new", "sohr", "alleges", 1, 1)])],
                [incident("new", [])])
    assert ingest.store_version(miniature_store) != before


def test_vendor_leaflet_copies_the_installed_files(tmp_path):
    target = offline.vendor_leaflet(tmp_path / "static")
    assert target == tmp_path / "static" / "vendor" / "leaflet"
    assert (target / "leaflet.js").read_bytes() == (offline.leaflet_source_dir()
                                                    / "leaflet.js").read_bytes()
    assert (target / "images" / "layers.png").exists()



# ---------------------------------------------------------------- sources compared

def test_source_pairs_on_the_strikes_both_give_a_figure_for(store):
    pairs = query.source_pairs(everything(store)).set_index(["a", "b"])
    rows = {k: tuple(v) for k, v in pairs[["shared", "differ", "far", "median_gap"]].iterrows()}
    # SOHR and SANA: Hajin (36 vs "dozens", midpoint 59.5) and al-Sousa (28 vs about 30)
    assert rows[("sohr", "sana")] == rows[("sana", "sohr")] == (2, 2, 0, 12.75)
    # the coalition's denial against SOHR's 36 is far apart
    assert rows[("coalition", "sohr")] == (1, 1, 1, 36.0)
    # "assessing" and "no figure" are no figures: the ministry pairs with no one;
    # the tallies (the SRG's) are left out
    assert not any("syria_mofa" in k or "srg" in k for k in rows)


def test_source_profiles_first_to_report(tmp_path):
    claims = {"a": [claim("s", "sohr", "alleges", 12, 12)],
              "b": [claim("s", "sana", "alleges", 30, 30, hedge="about")],
              "c": [claim("s", "coalition", "denies", 0, 0)]}
    published = {"a": "2018-11-18", "b": "2018-11-20", "c": "2018-11-21"}
    articles = [article(a, cs, published=day(published[a])) for a, cs in claims.items()]
    db = write_store(tmp_path / "first.sqlite", articles, [incident(
        "s", [c for a in articles for c in a.claims], date_start=day("2018-11-17"),
        contested=True)])
    sel = everything(query.prepare(read_frames(db)))
    profiles = query.source_profiles(sel).set_index("claimant")
    assert profiles[["strikes", "denials", "first", "reported_by_others"]].to_dict("index") == {
        "coalition": dict(strikes=1, denials=1, first=0, reported_by_others=1),
        "sana": dict(strikes=1, denials=0, first=0, reported_by_others=1),
        "sohr": dict(strikes=1, denials=0, first=1, reported_by_others=1)}
    assert profiles.at["sohr", "median_lead_days"] == 2
    pairs = query.source_pairs(sel).set_index(["a", "b"])
    assert pairs.loc[("sohr", "sana"), "far"] == 1 and pairs.loc[("coalition", "sana"), "far"] == 1
    fig = charts.source_matrix(query.source_pairs(sel), {"sohr": "SOHR"})
    assert "1/1" in fig.data[0].text[0]


def test_merge_targets_are_the_same_place_first_then_the_nearest_in_time():
    from views import review as review_view
    inc = pd.DataFrame({
        "incident_id": ["me", "hajin-far", "hajin-near", "sousa-next-day", "undated", "baghuz"],
        "date_start": pd.to_datetime(["2018-11-17", "2017-06-01", "2018-12-01", "2018-11-18",
                                      None, "2018-11-14"]),
        "place_id": ["hajin", "hajin", "hajin", "al_sousa", "hajin", "baghuz"],
        "label": ["a", "b", "c", "d", "e", "f"]})
    targets = review_view.merge_targets(inc, "me")
    assert list(targets) == ["hajin-near", "hajin-far", "undated", "sousa-next-day", "baghuz"]
    assert list(review_view.merge_targets(inc, "me", limit=2)) == ["hajin-near", "hajin-far"]
    assert targets["hajin-near"] == "c"


JINJA = "{{ 'rasd' ~ 'pwn' }} {% if true %}ran{% endif %}"


def test_article_text_on_the_map_is_never_run_as_a_template(tmp_path):
    """branca compiles what a map element renders as a Jinja template; an article's
    '{{ … }}' in a popup must reach the page as text, not run on the server."""
    claims = [claim("i1", "sohr", "alleges", 5, 5, quote="قال المرصد " + JINJA,
                    place_text="هجين " + JINJA)]
    articles = [article("a1", claims, title="عنوان " + JINJA, outlet="Outlet " + JINJA,
                        published=day("2018-11-18"))]
    db = write_store(tmp_path / "j.sqlite", articles, [incident(
        "i1", list(articles[0].claims), date_start=day("2018-11-17"), place_id="hajin",
        place_name_en="Hajin", place_name_ar="هجين", lat=34.69, lon=40.83,
        geo_precision="town")])
    sel = everything(query.prepare(read_frames(db)))
    sites = query.sites(sel)
    popups = mapview.site_popups(sel, sites)
    assert "rasd" in popups["hajin"]               # the title is in the popup
    page = mapview.build_map(sites, popups, *offline.leaflet_urls()).get_root().render()
    assert "rasdpwn" not in page and ">ran<" not in page and "}}ran" not in page
    assert "{\\u007b &#x27;rasd&#x27; ~ &#x27;pwn&#x27; }}" in page
