"""Serve Leaflet from the dashboard itself, so the map works with no network.

folium points at public CDNs by default. We copy Leaflet out of the installed
`xstatic-leaflet` package into `static/vendor/leaflet/` next to the app (gitignored,
rebuilt at startup) and Streamlit serves that folder under `/app/static/` when
`server.enableStaticServing` is on (see .streamlit/config.toml).
"""
from __future__ import annotations

import shutil
from pathlib import Path

VENDOR_SUBDIR = Path("vendor") / "leaflet"
_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
          "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")


def leaflet_source_dir() -> Path:
    """Where the installed xstatic-leaflet package keeps leaflet.js and leaflet.css."""
    import xstatic.pkg.leaflet as xstatic_leaflet

    return Path(xstatic_leaflet.BASE_DIR)


def vendor_leaflet(static_dir: str | Path, source_dir: str | Path | None = None) -> Path:
    """Copy Leaflet into `static_dir/vendor/leaflet/` unless an identical copy is there.

    >>> vendor_leaflet("static")            # doctest: +SKIP
    PosixPath('static/vendor/leaflet')
    """
    source = Path(source_dir) if source_dir else leaflet_source_dir()
    target = Path(static_dir) / VENDOR_SUBDIR
    for name in _FILES:
        src, dst = source / name, target / name
        if dst.exists() and dst.stat().st_size == src.stat().st_size:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        # Copy, not symlink: the static route resolves real paths and refuses
        # files outside the static folder.
        tmp = dst.with_suffix(dst.suffix + ".tmp")
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
    return target


def leaflet_urls(base_url_path: str = "") -> tuple[str, str]:
    """(leaflet.js URL, leaflet.css URL) as served by Streamlit's static route.

    The map runs inside streamlit-folium's component iframe, which is served from
    the same origin as the app, so a root-relative URL reaches the static folder.

    >>> leaflet_urls("")
    ('/app/static/vendor/leaflet/leaflet.js', '/app/static/vendor/leaflet/leaflet.css')
    >>> leaflet_urls("rasd/")[0]
    '/rasd/app/static/vendor/leaflet/leaflet.js'
    """
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    root = f"{base}/app/static/{VENDOR_SUBDIR.as_posix()}"
    return f"{root}/leaflet.js", f"{root}/leaflet.css"


def leaflet_data_urls(source_dir: str | Path | None = None) -> tuple[str, str]:
    """(leaflet.js, leaflet.css) as data: URLs, for when Streamlit does not serve the
    static folder (`streamlit run` from another folder does not read the repository's
    .streamlit/config.toml). Costs about 200 kB per map drawn, so only a fallback.

    >>> leaflet_data_urls()[0][:30]
    'data:text/javascript;base64,Ly'
    """
    import base64

    source = Path(source_dir) if source_dir else leaflet_source_dir()
    js = base64.b64encode((source / "leaflet.js").read_bytes()).decode("ascii")
    css = base64.b64encode((source / "leaflet.css").read_bytes()).decode("ascii")
    return f"data:text/javascript;base64,{js}", f"data:text/css;base64,{css}"
