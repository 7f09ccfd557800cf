"""dashboard.py run by Streamlit's AppTest on the sample store, an empty store and the
miniature corpus. Widgets are driven by their keys."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import article, claim, incident, write_store
from loaders.store import read_frames

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
D = dt.date


def run_app(monkeypatch, db: Path, query_params: dict | None = None, **env) -> AppTest:
    monkeypatch.setenv("RASD_DB", str(db))
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def headline(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def html_rows(at: AppTest, table_class: str) -> list[tuple[bool, list[str]]]:
    """(highlighted, cell texts) of each body row of an st.html table."""
    docs = [h.proto.body for h in at.get("html") if f"class='rasd-ev {table_class}'" in h.proto.body]
    assert len(docs) == 1, table_class
    body = docs[0].split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr class='(\w*)'>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row[1], flags=re.S)
        rows.append((row[0] == "picked",
                     [html.unescape(re.sub(r"<br>", " | ", re.sub(r"<(?!br)[^>]+>", "", c)))
                      for c in cells]))
    return rows


def comparison_rows(at: AppTest) -> set[tuple[str, str, str]]:
    """(source, says, civilians) rows of the incident's sources table."""
    return {(cells[0], cells[1], cells[2]) for _, cells in html_rows(at, "rasd-sources")}


def selection_note(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Site ")]


def chart(at: AppTest, key: str) -> dict:
    charts = [c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id]
    assert len(charts) == 1, [c.proto.id for c in at.get("plotly_chart")]
    return json.loads(charts[0].proto.spec)


def incident_id(db: Path, **where) -> str:
    incidents = read_frames(db)["incidents"]
    for column, value in where.items():
        incidents = incidents[incidents[column] == value]
    assert len(incidents) == 1, where
    return incidents["incident_id"].iloc[0]


# ---------------------------------------------------------------- the sample store

def test_sample_store_runs_and_shows_the_whole_span(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    numbers = headline(at)
    # every incident of the sample corpus as the loaders read it today
    # strikes and tallies apart; only the Hajin strike is contested (the tallies that
    # disagree cover different periods and places); article 003's photo caption of the
    # Raqqa bridge is no strike
    assert numbers == {"Strikes": "3", "Contested strikes": "1", "Tallies": "4",
                       "Articles": "5", "Sources": "8"}
    assert at.date_input(key="dates").value == (D(2014, 8, 1), D(2019, 4, 30))
    assert at.query_params == {}


def test_date_range_changes_the_headline(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    at.date_input(key="dates").set_value((D(2018, 7, 1), D(2018, 7, 31))).run()
    # the al-Susah strike and the two tallies whose periods cover July 2018
    assert headline(at) == {"Strikes": "1", "Contested strikes": "0", "Tallies": "2",
                            "Articles": "2", "Sources": "5"}
    at.date_input(key="dates").set_value((D(2019, 1, 1), D(2019, 4, 30))).run()
    # the al-Baghuz reports and the coalition's 2014-2019 total
    assert headline(at) == {"Strikes": "1", "Contested strikes": "0", "Tallies": "1",
                            "Articles": "1", "Sources": "2"}
    # the URL keeps what differs from the default view (the end is the data's last day)
    assert dict(at.query_params) == {"from": "2019-01-01"}


def test_hajin_incident_shows_the_four_sources(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    hajin = incident_id(sample_store, kind="event", place_id="hajin")
    susah = incident_id(sample_store, kind="event", place_id="susah")
    at.selectbox(key="incident").set_value(susah).run()
    assert {(r[0], r[2]) for r in comparison_rows(at)} >= {("SOHR", "28"), ("SANA", "≈30"),
                                                          ("US-led coalition", "assessing")}
    at.selectbox(key="incident").set_value(hajin).run()
    rows = comparison_rows(at)
    assert {("US-led coalition", "denies civilian deaths; 10 strikes, by other forces",
             "denies (0)"),
            ("SOHR", "36 civilians killed, by coalition", "36"),
            ("SANA", "20–99 “dozens” civilians killed, by coalition", "20–99 “dozens”"),
            ("Amaq News Agency", "≈40 civilians killed, by coalition", "≈40")} <= rows
    # the articles' own voices, one row per article, never merged (article 000's own
    # "about 40" repeats Amaq's figure, so it is Amaq's claim: README "One claim per statement")
    assert {r[0] for r in rows if "own voice" in r[0]} == {"article 001 (own voice)"}
    assert not any(source == "SOHR" and figure == "28" for source, _, figure in rows)
    drawn = {text for trace in chart(at, "comparison")["data"] for text in trace.get("text") or ()}
    assert {"denies (0)", "36", "20–99", "≈40"} <= drawn
    # the evidence is this incident's claims, its figures marked in the Arabic sentence
    evidence = html_rows(at, "rasd-claims")
    assert [m.value for m in at.markdown if m.value.startswith("**Evidence")] == [
        f"**Evidence: {len(evidence)} claims on this incident** · each source's own "
        "sentence, its figure and its name highlighted"]
    assert all("Hajin" not in cells[0] for _, cells in evidence)
    assert at.query_params.get("incident") in (None, [hajin])


def test_a_link_reopens_the_same_view(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, {"from": "2018-07-01", "to": "2018-07-31",
                                             "kind": "event", "claimant": ["sohr", "sana"]})
    assert at.date_input(key="dates").value == (D(2018, 7, 1), D(2018, 7, 31))
    assert at.radio(key="kind").value == "event"
    assert at.multiselect(key="claimants").value == ["sohr", "sana"]
    # the claimant filter keeps every source's claims on al-Susah, not only theirs
    assert headline(at) == {"Strikes": "1", "Contested strikes": "0", "Tallies": "0",
                            "Articles": "1", "Sources": "4"}


def test_a_site_in_the_link_selects_its_incidents(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, {"site": "susah"})
    assert [s.value for s in at.subheader if s.value.startswith("Who claims what")] == [
        "Who claims what at al-Susah · السوسة"]
    assert len(at.selectbox(key="incident").options) == 1
    assert selection_note(at) == ["**Site al-Susah · السوسة: 1 incident** (1 strike, 0 "
                                  "tallies); every panel shows it."]
    at.button(key="clear_site").click().run()
    assert len(at.selectbox(key="incident").options) == 7
    assert "site" not in at.query_params
    assert selection_note(at) == []


# ---------------------------------------------------------------- other stores

def test_empty_store_runs(monkeypatch, empty_store):
    at = run_app(monkeypatch, empty_store)
    assert headline(at) == {"Strikes": "0", "Contested strikes": "0", "Tallies": "0",
                            "Articles": "0", "Sources": "0"}
    assert any("no incidents yet" in i.value for i in at.info)


def test_store_with_only_undated_incidents(monkeypatch, tmp_path):
    claims = [claim("u1", "sohr", "alleges", 3, 3), claim("u1", "coalition", "denies", 0, 0)]
    articles = [article("a1", claims)]
    db = write_store(tmp_path / "undated.sqlite", articles,
                     [incident("u1", list(articles[0].claims), contested=True)])
    at = run_app(monkeypatch, db)
    assert headline(at) == {"Strikes": "1", "Contested strikes": "1", "Tallies": "0",
                            "Articles": "1", "Sources": "2"}
    assert not at.date_input
    assert [m.value for m in at.markdown if m.value.startswith("**Undated")] == ["**Undated: 1**"]


def test_filters_on_the_miniature_corpus(monkeypatch, miniature_store):
    at = run_app(monkeypatch, miniature_store)
    assert headline(at) == {"Strikes": "4", "Contested strikes": "1", "Tallies": "2",
                            "Articles": "4", "Sources": "7"}
    at.toggle(key="contested").set_value(True).run()
    assert headline(at) == {"Strikes": "1", "Contested strikes": "1", "Tallies": "0",
                            "Articles": "2", "Sources": "4"}
    at.toggle(key="contested").set_value(False)
    at.radio(key="kind").set_value("tally").run()
    assert headline(at) == {"Strikes": "0", "Contested strikes": "0", "Tallies": "2",
                            "Articles": "1", "Sources": "2"}
    at.radio(key="kind").set_value("all")
    at.multiselect(key="places").set_value(["al_sousa"]).run()
    assert headline(at) == {"Strikes": "1", "Contested strikes": "0", "Tallies": "0",
                            "Articles": "1", "Sources": "4"}
    at.button(key="reset_filters").click().run()
    assert headline(at)["Strikes"] == "4"
    assert at.query_params == {}


# ---------------------------------------------------------------- linked selection
# A click is kept by the component's callback (`_map_click` for the map, `_pick` for a
# plotly point: the timeline's or the overview's) and applied on the rerun; the
# browser test makes the real clicks.

@pytest.mark.parametrize("state, site, incident, note, url", [
    # a circle on the map: the site's incidents, its most telling one picked
    ({"_map_click": (34.69, 40.83, "Hajin · هجين2 incidents")}, "hajin", "hajin-1117",
     "**Site Hajin · هجين: 2 incidents** (2 strikes, 0 tallies); every panel shows them.",
     {"site": "hajin"}),
    # a timeline point: its incident, and the site it is at
    ({"_pick": "sousa-0712"}, "al_sousa", "sousa-0712",
     "**Site al-Sousa · السوسة: 1 incident** (1 strike, 0 tallies); every panel shows it.",
     {"site": "al_sousa"}),
    # an overview cell of a tally, which has no site: everything stays in view
    ({"_pick": "tally-2018"}, "", "tally-2018", None, {"incident": "tally-2018"}),
    # a stale pick (an incident filtered out) changes nothing
    ({"_pick": "no-such-incident"}, "", "hajin-1117", None, {}),
])
def test_a_click_selects_the_incident_everywhere(monkeypatch, miniature_store, state, site,
                                                 incident, note, url):
    at = run_app(monkeypatch, miniature_store)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="incident").value == incident
    assert selection_note(at) == ([note] if note else [])
    assert dict(at.query_params) == url
    header = [h.proto.body for h in at.get("html") if "font-size:15px" in h.proto.body]
    label = incident_label(miniature_store, incident)
    assert len(header) == 1 and label in html.unescape(header[0])
    if site:
        numbers = headline(at)
        assert int(numbers["Strikes"]) + int(numbers["Tallies"]) == int(
            note.split(": ")[1].split(" ")[0])


def incident_label(db: Path, incident_id: str) -> str:
    from views import query
    store = query.prepare(read_frames(db))
    return store.incidents.set_index("incident_id").at[incident_id, "date_label"]


def test_claimant_filter_keeps_the_counter_claims(monkeypatch, miniature_store):
    at = run_app(monkeypatch, miniature_store, {"claimant": ["sana"]})
    assert at.selectbox(key="incident").value == "hajin-1117"
    rows = html_rows(at, "rasd-sources")
    # SANA's row is highlighted; the coalition's denial, SOHR and Amaq stay beside it
    assert [(picked, cells[0], cells[2]) for picked, cells in rows] == [
        (False, "US-led coalition", "denies (0)"), (True, "SANA", "20–99 “dozens”"),
        (False, "SOHR", "36"), (False, "Amaq News Agency", "≈40")]
    assert headline(at) == {"Strikes": "2", "Contested strikes": "1", "Tallies": "0",
                            "Articles": "3", "Sources": "5"}


def test_adding_a_folder_reports_each_file(monkeypatch, tmp_path, sample_store):
    db = tmp_path / "store.sqlite"
    shutil.copy(sample_store, db)
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "empty.txt").write_text("", "utf-8")
    (folder / "hajin.txt").write_text("---\npublished: 2018-11-20\n---\n"
                                      "قال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في "
                                      "غارة جوية على بلدة هجين أمس.\n", "utf-8")
    at = run_app(monkeypatch, db, RASD_UPLOADS=tmp_path / "uploads", RASD_LOAD_ROOT=tmp_path)
    assert headline(at)["Articles"] == "5"
    at.text_input(key="upload_folder").set_value(str(folder))
    at.button(key="load_articles").click().run()
    assert not at.exception, at.exception
    report = at.dataframe[0].value
    assert report[["file", "status"]].values.tolist() == [["empty.txt", "rejected"],
                                                          ["hajin.txt", "ok"]]
    assert report["reason"].iloc[0] != ""
    assert any(e.label.startswith("Last load: 2 files: 1 ok · 1 rejected") for e in at.expander)
    assert headline(at)["Articles"] == "6"


# ---------------------------------------------------------------- onboarding

def test_a_first_start_from_another_folder_builds_the_store_beside_the_app(
        monkeypatch, tmp_path):
    """No RASD_DB, no store yet, started from an unrelated folder: the store is built
    from the app's data/articles (where the app is, not where the command ran)."""
    app_dir = tmp_path / "rasd"
    shutil.copytree(Path(APP).parent / "data" / "articles", app_dir / "data" / "articles")
    shutil.copy(Path(APP).parent / "data" / "claimants.csv", app_dir / "data" / "claimants.csv")
    shutil.copy(APP, app_dir / "dashboard.py")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("RASD_DB", raising=False)
    monkeypatch.setenv("RASD_UPLOADS", str(tmp_path / "uploads"))
    at = AppTest.from_file(str(app_dir / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert (app_dir / "data" / "rasd.sqlite").exists()
    assert not (elsewhere / "data").exists()
    assert headline(at)["Strikes"] == "3"
    # the server's paths are only in the sidebar's "About this store"
    about = [e for e in at.sidebar.expander if e.label == "About this store"]
    assert len(about) == 1 and str(app_dir / "data" / "rasd.sqlite") in about[0].markdown[0].value
    assert not any(str(tmp_path) in m.value for m in list(at.main.markdown) + list(at.main.caption))


def test_sources_compared_on_request(monkeypatch, miniature_store):
    at = run_app(monkeypatch, miniature_store)
    assert not any(c.proto.id and "sources_matrix" in c.proto.id for c in at.get("plotly_chart"))
    at.toggle(key="compare_sources").set_value(True).run()
    profiles = at.dataframe[0].value.set_index("name")
    # SOHR spoke about three strikes (Hajin, al-Sousa, the unlocated one); the
    # coalition denied one of its two
    assert profiles.loc["SOHR", ["strikes", "denials"]].tolist() == [3, 0]
    assert profiles.loc["US-led coalition", ["strikes", "denials"]].tolist() == [2, 1]
    cells = {t for trace in chart(at, "sources_matrix")["data"] for row in trace["text"]
             for t in row if t}
    assert "0/2" in cells and "1/1" in cells
