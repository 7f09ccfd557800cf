"""Analyst review in the dashboard (AppTest on a copy of the sample store): confirm, correct
and discount a claim of the al-Susah strike, and the review queue. Each action is written to
the store at once and the page shows the result on the same rerun."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from loaders import review
from test_dashboard_app import comparison_rows, headline, html_rows, incident_id, run_app


@pytest.fixture()
def db(sample_store, tmp_path) -> Path:
    copy = tmp_path / "s.sqlite"
    src, dst = sqlite3.connect(sample_store), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    return copy


def claim_of(db: Path, article: str, claimant: str, stance: str = "alleges") -> str:
    con = sqlite3.connect(db)
    try:
        (cid,), = con.execute("SELECT claim_id FROM claims WHERE article_id LIKE ? AND claimant=? "
                              "AND stance=? AND superseded_at IS NULL", (article + "_%", claimant, stance))
        return cid
    finally:
        con.close()


def stored_review(db: Path, cid: str):
    con = sqlite3.connect(db)
    try:
        review.ensure_tables(con)
        return con.execute("SELECT state, reviewer, note, corrected FROM reviews WHERE claim_id=?",
                           (cid,)).fetchone()
    finally:
        con.close()


def review_lines(at) -> dict[str, str]:
    """claim id -> the text of its review row."""
    out = {}
    for h in at.get("html"):
        m = re.search(r"<div class='rasd-rq' data-claim='([^']+)'>(.*)</div>", h.proto.body, flags=re.S)
        if m:
            out[m.group(1)] = re.sub(r"<[^>]+>", "", m.group(2))
    return out


def sources_in_order(at) -> list[tuple[str, str, str]]:
    """(article, incident label, source) of each review row, in page order."""
    out = []
    for h in at.get("html"):
        m = re.search(r"data-claim='([^']+)'><div class='rasd-rq-inc'>(.*?)</div><b>(.*?)</b>", h.proto.body)
        if m:
            out.append((m.group(1)[:3], m.group(2), m.group(3)))
    return out


def open_susah(monkeypatch, db: Path, reviewer: str = "Lina"):
    at = run_app(monkeypatch, db)
    if reviewer:
        at.text_input(key="reviewer").set_value(reviewer).run()
    at.selectbox(key="incident").set_value(incident_id(db, kind="event", place_id="susah")).run()
    return at


def test_confirm_signs_the_claim(monkeypatch, db):
    sohr = claim_of(db, "004", "sohr")
    at = open_susah(monkeypatch, db)
    assert review_lines(at)[sohr] == "SOHR · 28 civilians killed, by coalition and Iraq · civilians 28 · unreviewed"
    at.text_input(key=f"rv_note_{sohr}").set_value("matches the SOHR site")
    at.button(key=f"rv_confirm_{sohr}").click().run()
    assert not at.exception
    assert stored_review(db, sohr) == ("confirmed", "Lina", "matches the SOHR site", "{}")
    assert review_lines(at)[sohr] == ("SOHR · 28 civilians killed, by coalition and Iraq · civilians 28 · "
                                      "✓ confirmed by Lina · matches the SOHR site")
    assert [s.value.replace("\\", "") for s in at.success] == ["SOHR: confirmed."]


def test_correct_shows_the_new_figure_marked_with_the_extracted_on_hover(monkeypatch, db):
    sohr = claim_of(db, "004", "sohr")
    at = open_susah(monkeypatch, db)
    at.button(key=f"rv_correct_{sohr}").click().run()
    assert at.text_input(key=f"rv_fix_civilians_min_{sohr}").value == "28"
    at.text_input(key=f"rv_fix_civilians_min_{sohr}").set_value("32")
    at.text_input(key=f"rv_fix_civilians_max_{sohr}").set_value("32")
    at.button(key=f"rv_save_{sohr}").click().run()
    assert not at.exception
    assert stored_review(db, sohr) == ("corrected", "Lina", "", '{"civilians_min": 32, "civilians_max": 32}')
    # the sources table, the review row and the evidence show the analyst's figure, marked
    assert ("SOHR", "✎ 32 civilians killed, by coalition and Iraq", "✎ 32") in comparison_rows(at)
    assert review_lines(at)[sohr] == ("SOHR · ✎ 32 civilians killed, by coalition and Iraq · civilians ✎ 32 · "
                                      "✎ corrected by Lina")
    bodies = "".join(h.proto.body for h in at.get("html"))
    assert "<span class='rasd-fixed' title='extracted: civilians 28'>✎ 32</span>" in bodies
    assert "<td class='num' title='extracted: civilians 28'>✎ 32</td>" in bodies
    # the form is closed, and the incident's range follows (SANA's ≈30 to SOHR's 32)
    assert not [t for t in at.text_input if t.key.startswith("rv_fix_")]
    con = sqlite3.connect(db)
    assert con.execute("SELECT civilians_min, civilians_max FROM incidents WHERE incident_id=?",
                       (incident_id(db, kind="event", place_id="susah"),)).fetchone() == (30, 32)
    con.close()


@pytest.mark.parametrize("field, value, message", [
    ("civilians_max", "ten", "civilians_max must be a whole number, not 'ten'"),
    ("civilians_max", "3", "civilians_min (28) would be larger than civilians_max (3)"),
    ("date_start", "12/07/2018", "date_start must be an ISO date (YYYY-MM-DD), not '12/07/2018'"),
    ("place_id", "<b>x</b>", "no place '<b>x</b>' in the store's places (data/gazetteer.csv)"),
])
def test_a_bad_correction_is_refused_and_nothing_written(monkeypatch, db, field, value, message):
    sohr = claim_of(db, "004", "sohr")
    at = open_susah(monkeypatch, db)
    at.button(key=f"rv_correct_{sohr}").click().run()
    at.text_input(key=f"rv_fix_{field}_{sohr}").set_value(value)
    at.button(key=f"rv_save_{sohr}").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [message]
    assert stored_review(db, sohr) is None


def test_discount_hides_the_claim_unless_asked(monkeypatch, db):
    sana = claim_of(db, "004", "sana")
    at = open_susah(monkeypatch, db)
    assert ("SANA", "≈30 civilians killed, by coalition", "≈30") in comparison_rows(at)
    at.button(key=f"rv_discount_{sana}").click().run()
    assert stored_review(db, sana)[:2] == ("discounted", "Lina")
    assert sana not in review_lines(at)
    assert "SANA" not in {r[0] for r in comparison_rows(at)}
    assert [m.value for m in at.markdown if m.value.startswith("**Evidence")] == [
        "**Evidence: 3 claims on this incident** · each source's own sentence, its figure and "
        "its name highlighted"]
    at.toggle(key="show_discounted").set_value(True).run()
    assert review_lines(at)[sana] == ("SANA · ≈30 civilians killed, by coalition · civilians ≈30 · "
                                      "✕ discounted by Lina")
    # back to unreviewed: shown again without the toggle
    at.button(key=f"rv_reset_{sana}").click().run()
    at.toggle(key="show_discounted").set_value(False).run()
    assert review_lines(at)[sana].endswith("· unreviewed")


def test_no_review_without_the_reviewers_name(monkeypatch, db):
    sohr = claim_of(db, "004", "sohr")
    at = open_susah(monkeypatch, db, reviewer="")
    at.button(key=f"rv_confirm_{sohr}").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == ["Enter your name as reviewer in the sidebar first."]
    assert stored_review(db, sohr) is None


def test_grade_filter(monkeypatch, db):
    at = run_app(monkeypatch, db)
    at.multiselect(key="grades").set_value(["contested"]).run()
    # the Hajin strike and the October Hajin tally (a denial against "dozens")
    assert headline(at) == {"Strikes": "1", "Contested strikes": "1", "Tallies": "1",
                            "Articles": "3", "Sources": "6"}
    assert dict(at.query_params) == {"grade": "contested"}


def test_review_queue_lists_the_most_consequential_first(monkeypatch, db):
    at = run_app(monkeypatch, db)
    at.text_input(key="reviewer").set_value("Lina")
    at.radio(key="page").set_value("queue").run()
    assert not at.exception
    lines = list(review_lines(at).items())
    # contested incidents first (Hajin, and the October tally), highest toll first, then
    # the newest; the uncontested ones after
    order = [(article, source) for article, _, source in sources_in_order(at)]
    assert order[:6] == [
        ("000", "SANA"),                           # "dozens" (20–99): 99 at most, 17 Nov
        ("000", "Local networks and activists"),   # "dozens" too, in the October tally
        ("000", "Amaq News Agency"), ("001", "article 001 (own voice)"),   # ≈40
        ("002", "SOHR"),                           # 36
        ("000", "US-led coalition")]               # the denials (0)
    # then the uncontested: the 2014–2019 totals (3712, 1302), the 2018 total (348), Susah
    assert order[11:16] == [("003", "Syrian Revolutionaries Gathering"), ("003", "US-led coalition"),
                            ("003", "Syrian Revolutionaries Gathering"), ("004", "SANA"), ("004", "SOHR")]
    assert len(lines) == 22
    first = lines[0][0]
    at.button(key=f"rv_confirm_{first}").click().run()
    after = list(review_lines(at))
    assert first not in after and len(after) == 21
    assert [h for h in at.get("html") if "<b>21 claims to review; the first 21</b> · signed <b>Lina</b>"
            in h.proto.body]
    # "Open" takes the claim to its incident
    at.button(key=f"rv_open_{after[0]}").click().run()
    assert at.radio(key="page").value == "incidents"
    con = sqlite3.connect(db)
    (inc,), = con.execute("SELECT incident_id FROM claims WHERE claim_id=?", (after[0],))
    con.close()
    assert at.selectbox(key="incident").value == inc


def stored_incident(db: Path, cid: str) -> tuple:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT i.incident_id, i.grade, i.grade_source, i.n_claims FROM claims c "
                           "JOIN incidents i ON i.incident_id = c.incident_id WHERE c.claim_id=?",
                           (cid,)).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("grade, note, expected, message", [
    ("confirmed", "the coalition's later log lists it", ("confirmed", "analyst"), "Grade saved."),
    ("confirmed", "", ("fair", "rule"), "an analyst's grade needs a note saying why"),
])
def test_an_analyst_grades_the_incident(monkeypatch, db, grade, note, expected, message):
    sohr = claim_of(db, "004", "sohr")
    at = open_susah(monkeypatch, db)
    inc = at.selectbox(key="incident").value
    at.selectbox(key=f"rv_grade_{inc}").set_value(grade)
    at.text_input(key=f"rv_grade_note_{inc}").set_value(note)
    at.button(key=f"rv_grade_save_{inc}").click().run()
    assert [m.value.replace("\\", "") for m in (*at.success, *at.error)] == [message]
    assert stored_incident(db, sohr)[1:3] == expected


def test_moving_a_claim_and_setting_it_apart(monkeypatch, db):
    sana = claim_of(db, "004", "sana")
    baghuz = claim_of(db, "003", "coalition", "denies")
    at = open_susah(monkeypatch, db)
    inc = at.selectbox(key="incident").value
    at.multiselect(key=f"rv_move_claims_{inc}").set_value([sana])
    at.selectbox(key=f"rv_move_to_{inc}").set_value(stored_incident(db, baghuz)[0])
    at.button(key=f"rv_move_{inc}").click().run()
    assert not at.exception
    assert stored_incident(db, sana)[0] == stored_incident(db, baghuz)[0]
    assert stored_incident(db, sana)[3] == 2
    assert stored_incident(db, claim_of(db, "004", "sohr"))[3] == 3
    # the page follows the moved claim to its incident
    assert at.selectbox(key="incident").value == stored_incident(db, sana)[0]
    assert [s.value.replace("\\", "") for s in at.success] == ["1 claim moved."]
    # and sets it apart again
    inc = at.selectbox(key="incident").value
    at.multiselect(key=f"rv_move_claims_{inc}").set_value([sana])
    at.button(key=f"rv_apart_{inc}").click().run()
    assert stored_incident(db, sana)[3] == 1
    con = sqlite3.connect(db)
    assert [a for a, in con.execute("SELECT action FROM review_log ORDER BY seq")] == [
        "incident:move", "incident:split"]
    con.close()


def test_a_review_whose_claim_is_gone_is_listed_with_its_values(monkeypatch, db):
    # SOHR's al-Susah figure corrected, then its article reads differently (here: the review
    # points at a quote span no claim has any more), so the review is orphaned on the queue page
    sohr = claim_of(db, "004", "sohr")
    con = sqlite3.connect(db)
    try:
        review.review_claim(con, sohr, "corrected", "Lina", corrected={"civilians_min": 30,
                                                                        "civilians_max": 30},
                            note="SOHR updated its toll")
        con.execute("UPDATE reviews SET claim_key='gone', claim_id='', quote_start=-5, "
                    "quote_end=-1, quote='ثلاثون مدنياً قتلوا في السوسة'")
        con.commit()
    finally:
        con.close()
    at = run_app(monkeypatch, db)
    at.radio(key="page").set_value("queue").run()
    assert not at.exception
    assert [e.label for e in at.expander if "no longer" in e.label] == [
        "1 review whose claim no longer comes out of the loaders (kept, with the values given)"]
    orphan_box = next(e for e in at.expander if "no longer" in e.label)
    table, = [t.value for t in orphan_box.dataframe]
    assert table[["reviewer", "state", "claimant", "corrected", "note"]].values.tolist() == [
        ["Lina", "corrected", "sohr", "civilians_min 30; civilians_max 30", "SOHR updated its toll"]]
    assert table["was"].iloc[0].startswith("claimant sohr; stance alleges")
    assert table["quote"].iloc[0] == "ثلاثون مدنياً قتلوا في السوسة"
