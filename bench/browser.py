"""Time the dashboard in a real browser: page open → map and charts drawn.

    .venv/bin/python bench/browser.py [--db /tmp/rasd_big.sqlite] [--runs 3]

Needs the store bench/dashboard.py builds (100,000 incidents, 300,000 claims; its
prepared tables are written first if missing, as `python -m loaders --prepare` does) and
Debian's Chromium at /usr/bin/chromium, driven by Playwright. Starts `streamlit run` on a
free localhost port, then, in a fresh browser page each run, measures the seconds from
navigation to: the map's site circles drawn, the three plotly charts drawn (timeline,
comparison, overview), and the evidence table shown; then a filter change (contested
only) until the headline changes. The first run is the server's first session (its
script imports the app's libraries); later runs reuse the server's caches. Hosts
other than localhost do not resolve (the map's tiles), as offline. Prints seconds per run.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
WAIT_MS = 120_000


def one_visit(browser, url: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    t0 = time.perf_counter()
    page.goto(url, timeout=WAIT_MS)
    page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(
        timeout=WAIT_MS)
    t_map = time.perf_counter() - t0
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg')"
                           ".length >= 3", timeout=WAIT_MS)
    t_charts = time.perf_counter() - t0
    page.locator("table.rasd-claims").first.wait_for(timeout=WAIT_MS)
    t_evidence = time.perf_counter() - t0
    value = page.locator("[data-testid='stMetricValue']").first
    before = value.inner_text()
    t1 = time.perf_counter()
    page.get_by_text("Contested only").first.click()
    page.wait_for_function("old => document.querySelector(\"[data-testid='stMetricValue']\")"
                           ".innerText !== old", arg=before, timeout=WAIT_MS)
    t_filter = time.perf_counter() - t1
    page.close()
    return {"map": t_map, "charts": t_charts, "evidence": t_evidence, "filter": t_filter}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/rasd_big.sqlite"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run bench/dashboard.py first (it builds it)")
        return 2
    from playwright.sync_api import sync_playwright
    from test_browser_dashboard import dashboard_served
    from views.query import load_prepared
    load_prepared(args.db, opening=True)         # as `python -m loaders --prepare` leaves it
    with tempfile.TemporaryDirectory() as tmp, dashboard_served(args.db, Path(tmp)) as url, \
            sync_playwright() as pw:
        # every other host fails to resolve: offline without intercepting each request
        # (page.route sends every request through the driver: +1.3 s a page load)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS + [
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])
        for n in range(args.runs):
            t = one_visit(browser, url)
            which = "first session of the server" if n == 0 else "a later session"
            print(f"run {n + 1} ({which}): map drawn {t['map']:.2f} s, charts drawn "
                  f"{t['charts']:.2f} s, evidence {t['evidence']:.2f} s; filter change "
                  f"(contested only) {t['filter']:.2f} s")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
