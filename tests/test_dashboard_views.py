"""The dashboard's plain builders (views/), on the miniature corpus of conftest.py."""
from __future__ import annotations

import datetime as dt
import doctest
import hashlib
import html
import json
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


@pytest.mark.parametrize("module", [query, mapview, offline, ingest])
def test_docstring_examples(module):
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0


# ---------------------------------------------------------------- how a figure reads

@pytest.mark.parametrize("stance, low, high, expected", [
    # exact and about
    ("alleges", 36, 36, "36"),
    ("acknowledges", 1302, 1302, "1302"),
    # vague amounts are ranges
    ("alleges", 20, 99, "20–99"),
    ("alleges", 10, None, "≥10"),
    ("alleges", None, 50, "≤50"),
    # denials
    ("denies", 0, 0, "denies (0)"),
    ("denies", None, None, "denies"),
    # reviewing, or no number given
    ("assessing", None, None, "assessing"),
    ("assessing", 3, 3, "3 (assessing)"),
    ("alleges", None, None, "no figure"),
])
def test_figure_text(stance, low, high, expected):
    assert query.figure_text(stance, low, high) == expected


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


def test_claimant_filter_keeps_only_their_claims(store):
    sel = query.apply_filters(store, query.Filters(claimants=("sana", "coalition")))
    assert sorted(zip(sel.claims["incident_id"], sel.claims["claimant"],
                      sel.claims["civilians_text"])) == [
        ("hajin-1117", "coalition", "denies (0)"), ("hajin-1117", "sana", "20–99"),
        ("sousa-0712", "coalition", "assessing"), ("sousa-0712", "sana", "30"),
        ("tally-2014", "coalition", "1302")]


@pytest.mark.parametrize("filters, numbers", [
    (query.Filters(), dict(incidents=6, articles=4, sources=7, contested=1, undated=1,
                           not_on_map=3)),
    (query.Filters(date_from=D(2018, 7, 1), date_to=D(2018, 7, 31)),
     dict(incidents=4, articles=3, sources=6, contested=0, undated=1, not_on_map=2)),
    (query.Filters(kind="event", contested_only=True),
     dict(incidents=1, articles=2, sources=4, contested=1, undated=0, not_on_map=0)),
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
    assert query.headline(sel) == dict(incidents=0, articles=0, sources=0, contested=0,
                                       undated=0, not_on_map=0)
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
    assert sites.loc["hajin", ["n_incidents", "n_contested", "civilians_max", "contested"]
                      ].tolist() == [2, 1, 99, "some"]
    assert sites.loc["al_sousa", ["n_incidents", "civilians_max", "contested"]
                     ].tolist() == [1, 30, "none"]


def test_site_toll_follows_the_claimant_filter(store):
    sites = query.sites(query.apply_filters(store, query.Filters(claimants=("sohr",))))
    assert sites.set_index("place_id")["civilians_max"].to_dict() == {"hajin": 36, "al_sousa": 28}


@pytest.mark.parametrize("lat, lng, tooltip, expected", [
    (34.69, 40.83, None, "hajin"),
    (34.52, 40.97, None, "al_sousa"),
    # the tooltip names the clicked circle even when the pointer is nearer another
    (34.60, 40.90, "al-Sousa · السوسة1 incident · up to 30 civilians", "al_sousa"),
    (34.60, 40.90, "Hajin · هجين2 incidents", "hajin"),
])
def test_site_at_a_click(store, lat, lng, tooltip, expected):
    assert query.site_at(query.sites(everything(store)), lat, lng, tooltip) == expected


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
        ("hajin", 23.9, "#E69F00"), ("al_sousa", 15.4, "#0072B2")]
    doc = mapview.build_map(sites, {}, "/l.js", "/l.css").get_root().render()
    assert json.dumps([list(p) for p in mapview.EUPHRATES]).replace(" ", "") in doc.replace(
        " ", "").replace("\n", "")


def test_popup_lists_incidents_with_each_sources_figure(store):
    sel = everything(store)
    popup = mapview.site_popups(sel, query.sites(sel))["hajin"]
    text = re.sub(r"<[^>]+>", "|", popup)
    assert "2018-11-17 · event · |contested" in text
    for source, figure in (("US-led coalition", "denies (0)"), ("SOHR", "36"),
                           ("SANA", "20–99"), ("Amaq News Agency", "40")):
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
    hajin = sel.claims[sel.claims["incident_id"] == "hajin-1117"]
    for fig in (charts.timeline(sel), charts.comparison(hajin), charts.overview(sel)):
        assert "<img" not in fig.to_json()
    assert "&lt;img" in charts.comparison(hajin).to_json()   # the article title, in the hover


def test_csv_neutralises_spreadsheet_formulas_and_keeps_arabic():
    df = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\")", "-1+2", "هجين", None],
                       "n": [1, 2, 3, 4]})
    text = query.csv_bytes(df).decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.splitlines()[1:] == ["\"'=HYPERLINK(\"\"http://x\"\")\",1", "'-1+2,2",
                                     "هجين,3", ",4"]


# ---------------------------------------------------------------- charts and tables

def test_comparison_draws_each_kind_of_claim_distinctly(store):
    hajin = everything(store).claims.query("incident_id == 'hajin-1117'")
    fig = charts.comparison(hajin)
    marks = {(t.name, tuple(t.text), tuple(t.marker.symbol)) for t in fig.data
             if t.mode == "markers+text"}
    assert marks == {("Belligerent", ("denies (0)",), ("x-thin-open",)),
                     ("State media", ("20–99",), ("line-ns-open",)),
                     ("Monitor", ("36",), ("circle",)),
                     ("IS media", ("40",), ("circle",))}
    ranges = [t for t in fig.data if t.mode == "lines+markers"]
    assert [list(t.x) for t in ranges] == [[20.0, 99.0, None]]


def test_comparison_marks_assessing(store):
    sousa = everything(store).claims.query("incident_id == 'sousa-0712'")
    texts = {x for t in charts.comparison(sousa).data if t.text is not None for x in t.text}
    assert texts == {"assessing", "no figure", "28", "30"}


def test_statements_group_repeated_claims(store):
    rows = query.statements(everything(store).claims.query("incident_id == 'hajin-1117'"))
    assert rows[["claimant_short", "stance", "civilians_text", "killed_text", "articles"]
                ].values.tolist() == [["US-led coalition", "denies", "denies (0)", "", 1],
                                      ["SANA", "alleges", "20–99", "", 1],
                                      ["SOHR", "alleges", "36", "43", 1],
                                      ["Amaq News Agency", "alleges", "40", "", 1]]


def test_overview_puts_each_claimants_figure_in_its_cell(store):
    table = charts.overview_table(everything(store))
    hajin = table[table["incident_row"] == store.incidents.set_index("incident_id")
                  .at["hajin-1117", "incident_row"]]
    assert dict(zip(hajin["claimant"], hajin["text"])) == {
        "coalition": "denies (0)", "sohr": "36", "sana": "20–99", "amaq": "40"}
    first = table.sort_values("rank").iloc[0]["incident_row"]
    assert store.incidents.at[first, "incident_id"] == "hajin-1117"   # contested first


def test_timeline_rows_points_and_bars(store):
    fig = charts.timeline(everything(store))
    points = {(t.name, y) for t in fig.data if t.type == "scatter" and t.mode == "markers"
              and t.name for y in t.y}
    assert points == {("not contested", "al-Sousa · السوسة"), ("all contested", "Hajin · هجين"),
                      ("not contested", "No place given")}
    bars = [t for t in fig.data if t.type == "bar"]
    assert [sorted(b.y) for b in bars] == [["Syria · سوريا", "Syria · سوريا"]]


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

