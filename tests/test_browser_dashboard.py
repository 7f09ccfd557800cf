"""The dashboard in headless Chromium: `streamlit run` on a free localhost port, a store
whose article text carries an HTML payload, no network.

Needs Debian's chromium at /usr/bin/chromium (Playwright drives it; never
`playwright install`). Skipped when it is missing, unless CI=true.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import HOSTILE, REPO, miniature_records, write_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "artifacts"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
WAIT_MS = 45_000          # generous for a slow 2-core machine, but bounded

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing and CI=true: the browser tests must run",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (Debian's chromium package); the browser tests "
                "need it", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_served(db: Path, tmp: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on the store `db`, on a free localhost port; yields its
    URL once the server answers, and stops it afterwards (its log in `tmp`)."""
    port = free_port()
    env = {**os.environ, "RASD_DB": str(db), "RASD_UPLOADS": str(tmp / "uploads")}
    log = (tmp / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start:\n"
                                   + (tmp / "streamlit.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run dashboard.py` on the hostile miniature store; yields its URL."""
    tmp = tmp_path_factory.mktemp("browser")
    articles, incidents, places = miniature_records(hostile=True)
    db = write_store(tmp / "hostile.sqlite", articles, incidents, places)
    with dashboard_served(db, tmp) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page on the dashboard that records dialogs and any request leaving localhost
    (those are aborted: the test runs as if offline)."""

    def __init__(self, browser, url: str, width: int, height: int):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.static: dict[str, int] = {}
        self.page.on("dialog", self._dialog)
        self.page.on("response", self._response)
        self.page.route("**/*", self._route(url))
        self.page.goto(url, timeout=WAIT_MS)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _response(self, response):
        if "/app/static/" in response.url:
            self.static[response.url.split("/app/static/")[1]] = response.status

    def _route(self, url):
        def handle(route):
            if route.request.url.startswith(url):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()
        return handle

    def map_frame(self):
        self.page.wait_for_selector(MAP_FRAME, timeout=WAIT_MS)
        return self.page.frame_locator(MAP_FRAME)

    def wait_for_charts(self, count: int):
        self.page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=count, timeout=WAIT_MS)

    def click_until(self, target, text: str, attempts: int = 3):
        """Click a map marker until the page says `text`. A click that lands while the
        page is still rerunning, or while a popup fades, can be lost on a busy machine:
        click again, a bounded number of times."""
        for attempt in range(attempts):
            target.click()
            try:
                self.page.get_by_text(text, exact=False).first.wait_for(
                    timeout=WAIT_MS // attempts)
                return
            except sync_api.TimeoutError:
                if attempt == attempts - 1:
                    ARTIFACTS.mkdir(exist_ok=True)
                    self.page.screenshot(path=str(ARTIFACTS / "browser_test_failure.png"))
                    raise

    def screenshot(self, name: str):
        """The whole page: Streamlit scrolls inside its main section, so grow the
        viewport to the content's height first."""
        width = self.page.viewport_size["width"]
        height = self.page.evaluate(
            "() => document.querySelector('[data-testid=stMain]').scrollHeight")
        self.page.set_viewport_size({"width": width, "height": max(height, 600)})
        self.page.wait_for_timeout(1500)
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def sources_table(page, showing: str = "") -> str:
    """The picked incident's sources table (one row per source and article), once it
    shows `showing` (the page reruns top to bottom: the table may still be the old one)."""
    table = page.locator("table.rasd-sources").first
    if showing:
        sync_api.expect(table).to_contain_text(showing, timeout=WAIT_MS)
    return table.inner_text(timeout=WAIT_MS)


def wait_metric(page, label: str, value: str) -> None:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    sync_api.expect(box.locator("[data-testid='stMetricValue']")).to_have_text(
        value, timeout=WAIT_MS)


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text(timeout=WAIT_MS)


# Where on the page a plotly point is: its chart's axes turn data into pixels.
_POINT_XY = """([chart, wanted]) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[chart];
    for (const trace of gd._fullData) {
        const ids = trace.customdata || [];
        for (let i = 0; i < ids.length; i++) {
            if (ids[i] !== wanted) continue;
            const xa = gd._fullLayout[trace.xaxis.replace('x', 'xaxis')];
            const ya = gd._fullLayout[trace.yaxis.replace('y', 'yaxis')];
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(xa.d2l(trace.x[i])),
                    box.top + ya._offset + ya.l2p(ya.d2l(trace.y[i]))];
        }
    }
    return null;
}"""
TIMELINE, COMPARISON, OVERVIEW = 0, 1, 2      # the page's plotly charts, in order


def click_point(visit: Visit, chart: int, incident_id: str, text: str):
    """Click the point of a plotly chart that carries an incident until `text` shows."""
    page = visit.page
    # the chart may still be the one of the previous view: wait for the point
    page.wait_for_function(f"args => ({_POINT_XY})(args) !== null", arg=[chart, incident_id],
                           timeout=WAIT_MS)
    for attempt in range(3):
        page.locator(".js-plotly-plot").nth(chart).scroll_into_view_if_needed(timeout=WAIT_MS)
        page.wait_for_timeout(500)
        xy = page.evaluate(_POINT_XY, [chart, incident_id])
        assert xy, f"no point for {incident_id} in chart {chart}"
        page.mouse.click(*xy)
        try:
            page.get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS // 3)
            return
        except sync_api.TimeoutError:
            if attempt == 2:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "browser_test_failure.png"))
                raise


def test_click_a_site_and_read_its_claims_offline(server, browser):
    visit = Visit(browser, server, 1366, 768)
    page = visit.page
    frame = visit.map_frame()
    circles = frame.locator("path.leaflet-interactive")
    circles.nth(1).wait_for(timeout=WAIT_MS)
    assert circles.count() == 2                      # one per site: Hajin, al-Sousa
    visit.wait_for_charts(3)                         # timeline, comparison, overview
    assert "denies (0)" in sources_table(page)      # Hajin, the most contested, first
    assert metric(page, "Strikes") == "4" and metric(page, "Tallies") == "2"

    # Hajin (the bigger circle, drawn first): its popup and the evidence show the
    # article's HTML as text, and every panel turns to Hajin
    visit.click_until(circles.nth(0), "Site Hajin")
    popup = frame.locator(".leaflet-popup-content")
    assert HOSTILE in popup.inner_text(timeout=WAIT_MS)
    assert popup.locator("img").count() == 0
    table = sources_table(page, "SOHR")
    for figure in ("denies (0)", "36", "20–99", "≈40"):
        assert figure in table
    evidence = page.locator("table.rasd-claims").last
    assert HOSTILE in evidence.inner_text(timeout=WAIT_MS)
    assert page.locator("table.rasd-ev img").count() == 0
    wait_metric(page, "Strikes", "2")
    page.wait_for_url("**site=hajin**", timeout=WAIT_MS)

    # al-Sousa, south-east of Hajin (its popup opens upwards, away from it); Hajin's
    # popup is closed first: on a 768-pixel screen it may have panned al-Sousa under
    # the map's attribution
    frame.locator(".leaflet-popup-close-button").click(timeout=WAIT_MS)
    visit.click_until(circles.nth(1), "Site al-Sousa")
    table = sources_table(page, "assessing")
    assert "28" in table and "≈30" in table
    assert "denies (0)" not in table
    assert "al-Sousa" in popup.inner_text(timeout=WAIT_MS)
    wait_metric(page, "Strikes", "1")
    page.wait_for_url("**site=al_sousa**", timeout=WAIT_MS)

    page.wait_for_timeout(1000)   # let any late handler fire before counting dialogs
    assert visit.dialogs == []
    assert visit.static == {"vendor/leaflet/leaflet.js": 200, "vendor/leaflet/leaflet.css": 200}
    assert {u.split("/")[2] for u in visit.outside} <= {"tile.openstreetmap.org"}
    page.close()


def test_timeline_point_and_overview_cell_select_the_incident(server, browser):
    visit = Visit(browser, server, 1366, 768)
    page = visit.page
    visit.map_frame().locator("path.leaflet-interactive").nth(1).wait_for(timeout=WAIT_MS)
    visit.wait_for_charts(3)

    # the al-Sousa point on the timeline: its incident and its site, everywhere
    click_point(visit, TIMELINE, "sousa-0712", "Site al-Sousa")
    sources_table(page, "assessing")
    wait_metric(page, "Strikes", "1")
    page.wait_for_url("**site=al_sousa**", timeout=WAIT_MS)
    page.get_by_role("button", name="Show all sites").click()
    page.get_by_text("Site al-Sousa").wait_for(state="detached", timeout=WAIT_MS)
    visit.wait_for_charts(3)

    # the 2018 tally's cell in the overview: a tally has no site, the view stays whole
    click_point(visit, OVERVIEW, "tally-2018", "tally (a total over a period)")
    sources_table(page, "348")
    page.wait_for_url("**incident=tally-2018**", timeout=WAIT_MS)
    wait_metric(page, "Strikes", "4")
    assert visit.dialogs == []
    page.close()


# Where on the page two dates of a plotly chart's x axis are, at mid-height of its plot.
_SPAN_XY = """([chart, first, last]) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[chart];
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const at = d => box.left + xa._offset + xa.l2p(xa.d2l(d));
    return [at(first), at(last), box.top + ya._offset + ya._length / 2];
}"""


def test_dragging_the_timeline_sets_the_range_and_a_sentence_opens_its_paragraph(server, browser):
    visit = Visit(browser, server, 1366, 768)
    page = visit.page
    visit.map_frame().locator("path.leaflet-interactive").nth(1).wait_for(timeout=WAIT_MS)
    visit.wait_for_charts(3)
    assert metric(page, "Strikes") == "4"

    # the evidence: the whole paragraph of a sentence opens on a click, escaped
    quote = page.locator("table.rasd-claims details.para").first
    paragraph = quote.locator(".paragraph")
    assert not paragraph.is_visible()
    quote.locator("summary").click(timeout=WAIT_MS)
    paragraph.wait_for(state="visible", timeout=WAIT_MS)
    assert "فرق الإنقاذ" in paragraph.inner_text()
    assert page.locator("table.rasd-ev img").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    quote.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "dashboard_paragraph.png"))

    # a drag across November on the timeline: the date range, the headline and the URL
    chart = page.locator(".js-plotly-plot").nth(TIMELINE)
    chart.scroll_into_view_if_needed(timeout=WAIT_MS)
    page.wait_for_timeout(500)
    chart.hover()
    chart.locator(".modebar-btn[data-title='Box Select']").click(timeout=WAIT_MS)
    x0, x1, y = page.evaluate(_SPAN_XY, [TIMELINE, "2018-11-01 12:00", "2018-11-25 15:00"])
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x1, y, steps=12)
    page.mouse.up()
    page.wait_for_url("**from=2018-11-01**", timeout=WAIT_MS)
    # the drag's end is a mouse position: 3-4 pixels a day here, so it may land a day short
    assert page.url.split("to=")[1][:10] in ("2018-11-24", "2018-11-25")
    wait_metric(page, "Strikes", "3")      # al-Sousa (12 July) is outside the range
    assert visit.dialogs == []
    page.close()


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_screenshots(server, browser, width, height):
    visit = Visit(browser, server, width, height)
    visit.map_frame().locator("path.leaflet-interactive").nth(1).wait_for(timeout=WAIT_MS)
    visit.wait_for_charts(3)
    assert visit.dialogs == []
    visit.page.wait_for_timeout(1500)
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / f"dashboard_{width}_first_screen.png"))
    visit.screenshot(f"dashboard_{width}.png")
    # the sources compared, drawn on request
    visit.page.get_by_text("Compare the sources in view").click()
    visit.wait_for_charts(4)
    visit.page.locator("[data-testid='stDataFrame']").last.scroll_into_view_if_needed()
    visit.page.wait_for_timeout(1500)
    visit.page.screenshot(path=str(ARTIFACTS / f"dashboard_{width}_sources.png"))
    assert visit.dialogs == []
    visit.page.close()
