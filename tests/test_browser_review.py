"""Correcting a figure in the dashboard, in headless Chromium: `streamlit run` on a store of
the sample articles; the analyst corrects SOHR's toll for al-Susah and sees the corrected
value in the sources table, in the map popup, in the downloaded claims CSV and in the
loaders' claims.csv; the reviewer's name is remembered by the browser for the next visit.
Screenshots of the review actions and of the review queue land in artifacts/.

Driven like tests/test_browser_dashboard.py (Debian's chromium, Playwright, no network).
"""
from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from test_browser_dashboard import (ARTIFACTS, CHROMIUM, WAIT_MS, Visit, browser,  # noqa: F401 (a fixture)
                                    dashboard_served, sources_table)

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing", allow_module_level=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A store of the sample articles and `streamlit run` on it; yields (url, db, tmp)."""
    tmp = tmp_path_factory.mktemp("browser-review")
    db = tmp / "s.sqlite"
    subprocess.run([sys.executable, "-m", "loaders", str(REPO / "data" / "articles"), "--db", str(db)],
                   cwd=REPO, check=True, capture_output=True, timeout=300)
    with dashboard_served(db, tmp) as url:
        yield url, db, tmp


class _Context:
    """A browser context as Visit wants a browser: pages share its cookies."""

    def __init__(self, context):
        self.context = context

    def new_page(self, viewport):
        return self.context.new_page()


def sohr_susah(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        (cid,), = con.execute("SELECT claim_id FROM claims WHERE article_id LIKE '004_%' AND "
                              "claimant='sohr' AND superseded_at IS NULL")
        return cid
    finally:
        con.close()


def test_correct_a_figure_and_see_it_everywhere(served, browser):
    url, db, tmp = served
    cid = sohr_susah(db)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    visit = Visit(_Context(context), url, 1366, 768)    # requests outside `url` are aborted
    page = visit.page
    page.goto(f"{url}/?site=susah", timeout=WAIT_MS)
    table = sources_table(page, "SOHR")
    assert "28" in table and "✎" not in table

    name = page.get_by_label("Your name (signs your reviews)")
    name.fill("Lina")
    name.press("Enter")
    page.get_by_text("signed Lina").first.wait_for(timeout=WAIT_MS)

    page.locator(f".st-key-rv_correct_{cid} button").click()
    low = page.locator(f".st-key-rv_fix_civilians_min_{cid} input")
    low.wait_for(timeout=WAIT_MS)
    assert low.input_value() == "28"
    low.fill("32")
    high = page.locator(f".st-key-rv_fix_civilians_max_{cid} input")
    high.fill("32")
    page.locator(f".st-key-rv_note_{cid} input").fill("SOHR's later count")
    page.locator(f".st-key-rv_note_{cid} input").press("Tab")
    page.wait_for_timeout(500)
    page.locator(f".st-key-rv_save_{cid} button").click()
    sources_table(page, "✎ 32")
    page.get_by_text("SOHR: corrected.").first.wait_for(timeout=WAIT_MS)
    # the extracted figure on hover
    fixed = page.locator(".rasd-fixed").first
    assert fixed.get_attribute("title") == "extracted: civilians 28"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(f".st-key-rv_correct_{cid}").last.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "review_incident_1366.png"))

    # the map popup of al-Susah shows the corrected figure
    frame = visit.map_frame()
    circles = frame.locator("path.leaflet-interactive")
    circles.first.wait_for(timeout=WAIT_MS)
    popup = None
    for n in range(circles.count()):
        visit.click_until(circles.nth(n), "Site ")
        shown = frame.locator(".leaflet-popup-content").last
        try:
            sync_api.expect(shown).to_contain_text("al-Susah", timeout=5000)
        except AssertionError:
            frame.locator(".leaflet-popup-close-button").last.click(timeout=WAIT_MS)
            continue
        popup = shown
        break
    assert popup is not None, "no popup for al-Susah"
    sync_api.expect(popup).to_contain_text("✎ 32", timeout=WAIT_MS)
    assert "SOHR" in popup.inner_text()

    # the claims CSV the dashboard downloads
    page.get_by_text("Site al-Susah").first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(1500)        # the click on the map reran the page
    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("button", name="claims in view (CSV)").click(timeout=WAIT_MS)
    text = Path(info.value.path()).read_text("utf-8-sig")
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(text))}
    row = rows[cid]
    assert (row["civilians_min"], row["civilians_max"], row["extracted_civilians_min"],
            row["review_state"], row["reviewer"], row["review_note"]) == \
        ("32", "32", "28", "corrected", "Lina", "SOHR's later count")

    # and the loaders' claims.csv (a re-run on the same files changes nothing else)
    out = tmp / "out"
    subprocess.run([sys.executable, "-m", "loaders", str(REPO / "data" / "articles"), "--db", str(db),
                    "--out", str(out)], cwd=REPO, check=True, capture_output=True, timeout=300)
    with (out / "claims.csv").open(encoding="utf-8") as fh:
        row = {r["claim_id"]: r for r in csv.DictReader(fh)}[cid]
    assert (row["civilians_min"], row["extracted_civilians_min"], row["review_state"]) == ("32", "28", "corrected")

    # the name is kept by the browser: a new visit starts signed
    assert {c["name"]: c["value"] for c in context.cookies()}.get("rasd_reviewer") == "Lina"
    again = Visit(_Context(context), url, 1366, 768)
    sync_api.expect(again.page.get_by_label("Your name (signs your reviews)")).to_have_value(
        "Lina", timeout=WAIT_MS)
    # the review queue
    again.page.get_by_text("Review queue").first.click()
    again.page.get_by_text("claims to review").first.wait_for(timeout=WAIT_MS)
    again.page.wait_for_timeout(1500)
    again.page.screenshot(path=str(ARTIFACTS / "review_queue_1366.png"))
    assert visit.dialogs == [] and again.dialogs == []
    context.close()
