"""dashboard.py run by Streamlit's AppTest on the sample store, an empty store and the
miniature corpus. Widgets are driven by their keys."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

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


def comparison_rows(at: AppTest) -> set[tuple[str, str, str]]:
    """(source, stance, civilians) rows of the who-claims-what table."""
    table = at.table[0].value
    return set(zip(table.index, table["Stance"], table["Civilians"]))


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
    assert numbers == {"Incidents": "8", "Articles": "5", "Sources": "8", "Contested": "3"}
    assert at.date_input(key="dates").value == (D(2014, 8, 1), D(2019, 4, 30))
    assert at.query_params == {}


def test_date_range_changes_the_headline(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    at.date_input(key="dates").set_value((D(2018, 7, 1), D(2018, 7, 31))).run()
    # the al-Susah strike and the two tallies whose periods cover July 2018
    assert headline(at) == {"Incidents": "3", "Articles": "2", "Sources": "5", "Contested": "1"}
    at.date_input(key="dates").set_value((D(2019, 1, 1), D(2019, 4, 30))).run()
    # the coalition's 2014-2019 total and the al-Baghuz reports
    assert headline(at) == {"Incidents": "2", "Articles": "1", "Sources": "2", "Contested": "1"}
    # the URL keeps what differs from the default view (the end is the data's last day)
    assert dict(at.query_params) == {"from": "2019-01-01"}


def test_hajin_incident_shows_the_four_sources(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    hajin = incident_id(sample_store, kind="event", place_id="hajin")
    susah = incident_id(sample_store, kind="event", place_id="susah")
    at.selectbox(key="incident").set_value(susah).run()
    assert ("SOHR", "alleges", "28") in comparison_rows(at)
    at.selectbox(key="incident").set_value(hajin).run()
    rows = comparison_rows(at)
    assert {("US-led coalition", "denies", "denies (0)"), ("SOHR", "alleges", "36"),
            ("SANA", "alleges", "20–99"), ("Amaq News Agency", "alleges", "40")} <= rows
    assert not any(source == "SOHR" and figure == "28" for source, _, figure in rows)
    drawn = {text for trace in chart(at, "comparison")["data"] for text in trace.get("text") or ()}
    assert {"denies (0)", "36", "20–99", "40"} <= drawn
    assert at.query_params.get("incident") in (None, [hajin])


def test_a_link_reopens_the_same_view(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, {"from": "2018-07-01", "to": "2018-07-31",
                                             "kind": "event", "claimant": ["sohr", "sana"]})
    assert at.date_input(key="dates").value == (D(2018, 7, 1), D(2018, 7, 31))
    assert at.radio(key="kind").value == "event"
    assert at.multiselect(key="claimants").value == ["sohr", "sana"]
    assert headline(at) == {"Incidents": "1", "Articles": "1", "Sources": "2", "Contested": "0"}


def test_a_site_in_the_link_selects_its_incidents(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, {"site": "susah"})
    assert [s.value for s in at.subheader if s.value.startswith("Who claims what")] == [
        "Who claims what at al-Susah · السوسة"]
    assert len(at.selectbox(key="incident").options) == 1
    at.button(key="clear_site").click().run()
    assert len(at.selectbox(key="incident").options) == 8
    assert "site" not in at.query_params


# ---------------------------------------------------------------- other stores

def test_empty_store_runs(monkeypatch, empty_store):
    at = run_app(monkeypatch, empty_store)
    assert headline(at) == {"Incidents": "0", "Articles": "0", "Sources": "0", "Contested": "0"}
    assert any("no incidents yet" in i.value for i in at.info)


def test_store_with_only_undated_incidents(monkeypatch, tmp_path):
    claims = [claim("u1", "sohr", "alleges", 3, 3), claim("u1", "coalition", "denies", 0, 0)]
    articles = [article("a1", claims)]
    db = write_store(tmp_path / "undated.sqlite", articles,
                     [incident("u1", list(articles[0].claims), contested=True)])
    at = run_app(monkeypatch, db)
    assert headline(at) == {"Incidents": "1", "Articles": "1", "Sources": "2", "Contested": "1"}
    assert not at.date_input
    assert [m.value for m in at.markdown if m.value.startswith("**Undated")] == ["**Undated: 1**"]


def test_filters_on_the_miniature_corpus(monkeypatch, miniature_store):
    at = run_app(monkeypatch, miniature_store)
    assert headline(at) == {"Incidents": "6", "Articles": "4", "Sources": "7", "Contested": "1"}
    at.toggle(key="contested").set_value(True).run()
    assert headline(at) == {"Incidents": "1", "Articles": "2", "Sources": "4", "Contested": "1"}
    at.toggle(key="contested").set_value(False)
    at.radio(key="kind").set_value("tally").run()
    assert headline(at) == {"Incidents": "2", "Articles": "1", "Sources": "2", "Contested": "0"}
    at.radio(key="kind").set_value("all")
    at.multiselect(key="places").set_value(["al_sousa"]).run()
    assert headline(at) == {"Incidents": "1", "Articles": "1", "Sources": "4", "Contested": "0"}
    at.button(key="reset_filters").click().run()
    assert headline(at)["Incidents"] == "6"
    assert at.query_params == {}


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
