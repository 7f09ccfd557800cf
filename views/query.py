"""Queries over the store's DataFrames: the filters, the headline counts, per-site
aggregates and the evidence rows. Pure pandas; the dashboard only wires them up.

Filter semantics (shown in the sidebar help too):
- date range: a dated incident passes when its period overlaps the range; an undated
  incident always passes (its date is unknown, not outside) and is counted apart.
- claimants: an incident passes when one of them made a claim about it, and only those
  claimants' claims are shown.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from loaders.spreadsheet import FORMULA_START
from loaders.store import read_frames, snapshot_dir, store_generation

from .palette import SOURCE_KINDS, kind_label

SOURCE_KIND_ORDER = tuple(SOURCE_KINDS)

CLAIM_NUMBERS = ("civilians_min", "civilians_max", "killed_min", "killed_max",
                 "wounded_min", "wounded_max", "strikes", "seq")
INCIDENT_NUMBERS = ("civilians_min", "civilians_max", "n_claims", "n_sources", "n_articles")
KINDS = ("all", "event", "tally")
# Places this coarse are not drawn as a site: a dot at a country's centre would mislead.
UNMAPPABLE_PRECISION = {"governorate", "country"}


@dataclass(frozen=True)
class Store:
    """The store's tables with the columns the views need added (see `prepare`)."""
    incidents: pd.DataFrame
    claims: pd.DataFrame
    articles: pd.DataFrame
    claimants: pd.DataFrame
    places: pd.DataFrame
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    # what the claimant and place filters offer: claimant -> "name (kind)", place -> label
    claimant_choices: dict[str, str] = field(default_factory=dict)
    place_choices: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.incidents.empty


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    claimants: tuple[str, ...] = ()
    kind: str = "all"
    contested_only: bool = False
    places: tuple[str, ...] = ()
    show_missing: bool = False    # claims of articles whose files are gone (kept until pruned)


@dataclass(frozen=True)
class Selection:
    """What the filters let through: incidents and the claims shown for them."""
    incidents: pd.DataFrame
    claims: pd.DataFrame
    filters: Filters = field(default_factory=Filters)


# ---------------------------------------------------------------- preparing the store

def load_prepared(db_path) -> Store:
    """`prepare(read_frames(db_path))`, kept on disk beside the loaders' snapshot.

    The prepared tables are written as Parquet (plus a small JSON file for the date span
    and the filter choices) into the snapshot folder under the store's generation, so a
    fresh dashboard process reads them back in a fraction of a second instead of reading
    and preparing 300,000 claims again. Nothing is ever unpickled: a file planted beside
    the store can at worst fail to parse, and any problem just means preparing anew.
    """
    generation = store_generation(db_path)
    folder = snapshot_dir(db_path)
    cache = folder / f"prepared-{PREPARED_LAYOUT}-{generation}" if generation else None
    if cache is not None and cache.is_dir():
        try:
            return _read_prepared(cache)
        except Exception:        # torn, or written by another pandas: prepare anew
            pass
    prepared = prepare(read_frames(db_path))
    if cache is not None and folder.is_dir() and store_generation(db_path) == generation:
        tmp = folder / f".prepared-tmp-{os.getpid()}"
        try:
            for old in folder.glob("prepared-*"):
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
            _write_prepared(prepared, tmp)
            tmp.rename(cache)
        except OSError:
            pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return prepared


_PREPARED_TABLES = ("incidents", "claims", "articles", "claimants", "places")


def _write_prepared(store: Store, folder) -> None:
    folder.mkdir(parents=True)
    for name in _PREPARED_TABLES:
        getattr(store, name).to_parquet(folder / f"{name}.parquet")
    # Parquet keeps dates to the millisecond at least; note each date column's own unit
    units = {name: {col: str(dtype) for col, dtype in getattr(store, name).dtypes.items()
                    if pd.api.types.is_datetime64_any_dtype(dtype)} for name in _PREPARED_TABLES}
    meta = {"units": units,
            "first_date": store.first_date.isoformat() if store.first_date else None,
            "last_date": store.last_date.isoformat() if store.last_date else None,
            "claimant_choices": store.claimant_choices, "place_choices": store.place_choices}
    (folder / "store.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def _read_prepared(folder) -> Store:
    meta = json.loads((folder / "store.json").read_text("utf-8"))
    day = lambda v: dt.date.fromisoformat(v) if v else None   # noqa: E731
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _PREPARED_TABLES}
    for name, units in meta["units"].items():
        tables[name] = tables[name].astype(units)
    return Store(**tables,
                 first_date=day(meta["first_date"]), last_date=day(meta["last_date"]),
                 claimant_choices=dict(meta["claimant_choices"]),
                 place_choices=dict(meta["place_choices"]))


PREPARED_LAYOUT = "2"   # bump when prepare() adds or changes columns


def prepare(frames: Mapping[str, pd.DataFrame]) -> Store:
    """Add display columns to `loaders.store.read_frames` output.

    >>> from loaders.store import read_frames
    >>> prepare(read_frames("/nonexistent.sqlite")).empty
    True
    """
    # read_frames returns fresh frames each call: they are extended in place, not copied
    claimants = frames["claimants"]
    claimants["short_name"] = [short_name(n, i) for n, i in
                               zip(claimants["name_en"].fillna(""), claimants["claimant_id"])]
    articles = frames["articles"].drop_duplicates("article_id")
    claims = _prepare_claims(frames["claims"], claimants, articles)
    incidents = _prepare_incidents(frames["incidents"])
    claims["incident_row"] = _positions(claims["incident_id"], incidents["incident_id"])
    dated = incidents.dropna(subset=["date_start"])
    first = dated["date_start"].min().date() if len(dated) else None
    last = dated["date_last"].max().date() if len(dated) else None
    who = claims.drop_duplicates("claimant").sort_values("claimant_name")
    where = (incidents[incidents["place_id"].ne("")].drop_duplicates("place_id")
             .sort_values("place_label"))
    return Store(incidents=incidents, claims=claims, articles=articles, claimants=claimants,
                 places=frames["places"], first_date=first, last_date=last,
                 claimant_choices=dict(zip(who["claimant"], who["claimant_name"] + " ("
                                           + who["kind_label"].fillna("") + ")")),
                 place_choices=dict(zip(where["place_id"], where["place_label"])))


def short_name(name_en: str, claimant_id: str) -> str:
    """A label short enough for a chart axis; the full name goes in the hover.

    >>> short_name("Syrian Observatory for Human Rights", "sohr")
    'SOHR'
    >>> short_name("Syrian Arab News Agency (SANA)", "sana")
    'SANA'
    >>> short_name("US-led coalition (CJTF-OIR)", "coalition")
    'US-led coalition'
    >>> short_name("", "local")
    'local'
    """
    paren = re.search(r"\(([^)]*)\)", name_en or "")
    name = re.sub(r"\s*\([^)]*\)", "", name_en or "").strip()
    if not name:
        return claimant_id
    if paren and re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", paren.group(1)) and len(name) > 16:
        return paren.group(1)
    if len(name) <= 34:
        return name
    acronym = "".join(ch for ch in name if ch.isupper())
    if len(acronym) >= 3:
        return acronym
    return name[:26].rsplit(" ", 1)[0] + "…"


def _nullable_ints(df: pd.DataFrame, columns: Iterable[str]) -> None:
    for col in columns:
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").round().astype("Int64")


def _text(df: pd.DataFrame, columns: Iterable[str]) -> None:
    for col in columns:
        if col in df:
            df[col] = df[col].fillna("").astype(str)


def _positions(keys: pd.Series, table_keys: pd.Series) -> np.ndarray:
    """Row of table_keys holding each key (-1 when absent). Keys repeat a lot, so
    look up each distinct key once."""
    codes, distinct = pd.factorize(keys)
    found = pd.Index(table_keys).get_indexer(distinct)
    return np.append(found, -1)[codes]   # code -1 (a missing key) -> -1


def _take(values: pd.Series, pos: np.ndarray, index: pd.Index, fill=""):
    """values at positions pos (fill where pos is -1), on the given index."""
    if values.empty:
        return pd.Series(fill, index=index)
    taken = values.iloc[np.clip(pos, 0, None)].set_axis(index)
    return taken.where(pos >= 0, fill)


def _prepare_claims(claims: pd.DataFrame, claimants: pd.DataFrame,
                    articles: pd.DataFrame) -> pd.DataFrame:
    _nullable_ints(claims, CLAIM_NUMBERS)
    _text(claims, ("claim_id", "incident_id", "article_id", "claimant", "stance",
                   "perpetrator", "place_id", "quote", "hedge", "place_text", "kind"))
    who = _positions(claims["claimant"], claimants["claimant_id"])
    claims["source_kind"] = _take(claimants["source_kind"], who, claims.index)
    claims["claimant_name"] = _take(claimants["name_en"], who, claims.index, None
                                    ).fillna(claims["claimant"])
    claims["claimant_short"] = _take(claimants["short_name"], who, claims.index, None
                                     ).fillna(claims["claimant"])
    claims["kind_label"] = _per_distinct({"kind": claims["source_kind"]},
                                         lambda k: k.map(kind_label))
    claims["civilians_text"] = figure_texts(claims["stance"], claims["civilians_min"],
                                            claims["civilians_max"])
    claims["killed_text"] = figure_texts(pd.Series("alleges", index=claims.index),
                                         claims["killed_min"], claims["killed_max"], blank="")
    where = _positions(claims["article_id"], articles["article_id"])
    for col in ("title", "outlet", "url", "status"):
        claims[f"article_{col}"] = _take(articles[col], where, claims.index)
    claims["article_published"] = _take(articles["published"], where, claims.index, pd.NaT)
    _text(claims, ("article_title", "article_outlet", "article_url", "article_status"))
    return claims


def _prepare_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    _nullable_ints(incidents, INCIDENT_NUMBERS)
    _text(incidents, ("incident_id", "kind", "date_precision", "place_id", "place_name_en",
                      "place_name_ar", "geo_precision", "claimants"))
    incidents["lat"] = pd.to_numeric(incidents["lat"], errors="coerce")
    incidents["lon"] = pd.to_numeric(incidents["lon"], errors="coerce")
    incidents["date_last"] = incidents["date_end"].fillna(incidents["date_start"])
    incidents["place_label"] = place_labels(incidents["place_name_en"],
                                            incidents["place_name_ar"])
    incidents["on_map"] = (incidents["lat"].notna() & incidents["lon"].notna()
                           & incidents["place_id"].ne("")
                           & ~incidents["geo_precision"].isin(UNMAPPABLE_PRECISION))
    incidents["date_label"] = date_labels(incidents["date_start"], incidents["date_last"],
                                          incidents["date_precision"])
    place = incidents["place_label"].where(incidents["place_label"].ne(""), "no place")
    incidents["label"] = (incidents["date_label"] + " · " + place + " · "
                          + incidents["kind"].fillna(""))
    incidents = incidents.reset_index(drop=True)
    incidents["incident_row"] = np.arange(len(incidents))   # claims point here too
    return incidents


def _per_distinct(columns: dict[str, pd.Series], build) -> pd.Series:
    """build() on the distinct rows of `columns` only, spread back to every row: the
    stores hold few distinct (stance, low, high) or date triples among many rows."""
    frame = pd.DataFrame(columns)
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    grouped = frame.groupby(list(columns), dropna=False, sort=False)
    codes = grouped.ngroup().to_numpy()
    distinct = grouped.size().index.to_frame(index=False)
    values = np.asarray(build(*(distinct[c] for c in columns)), dtype=object)
    return pd.Series(values[codes], index=frame.index, dtype=str)


def place_labels(name_en: pd.Series, name_ar: pd.Series) -> pd.Series:
    """'Hajin · هجين'; either name alone when the other is missing."""
    en, ar = name_en.fillna("").astype(str), name_ar.fillna("").astype(str)
    both = en.ne("") & ar.ne("")
    return en + np.where(both, " · ", "") + ar


def date_labels(start: pd.Series, last: pd.Series, precision: pd.Series) -> pd.Series:
    """'2018-11-17', '2014-08-01 – 2019-04-30', '2018-11' (month), 'undated'."""
    return _per_distinct({"start": start, "last": last, "precision": precision.fillna("")},
                         _date_labels)


def _date_labels(start: pd.Series, last: pd.Series, precision: pd.Series) -> np.ndarray:
    s = start.dt.strftime("%Y-%m-%d").fillna("")
    e = last.dt.strftime("%Y-%m-%d").fillna("")
    month = start.dt.strftime("%Y-%m").fillna("")
    year = start.dt.strftime("%Y").fillna("")
    return np.where(s.eq(""), "undated",
           np.where(precision.eq("month"), month,
           np.where(precision.eq("year"), year,
           np.where(s.eq(e), s, s + " – " + e))))


def figure_texts(stance: pd.Series, low: pd.Series, high: pd.Series,
                 blank: str = "no figure") -> pd.Series:
    """How each claim's figure reads (see `figure_text`), for a whole column.

    >>> figure_texts(pd.Series(["denies", "alleges"]), pd.Series([0, 20], dtype="Int64"),
    ...              pd.Series([0, 99], dtype="Int64")).tolist()
    ['denies (0)', '20–99']
    """
    return _per_distinct({"stance": stance.fillna("").astype(str),
                          "low": low.astype("Int64"), "high": high.astype("Int64")},
                         lambda s, lo, hi: _figure_texts(s, lo, hi, blank))


def _figure_texts(stance: pd.Series, lo: pd.Series, hi: pd.Series, blank: str) -> np.ndarray:
    lo_s = lo.astype(object).where(lo.notna(), "").astype(str).to_numpy(dtype=object)
    hi_s = hi.astype(object).where(hi.notna(), "").astype(str).to_numpy(dtype=object)
    has_lo, has_hi = lo.notna().to_numpy(), hi.notna().to_numpy()
    stance = stance.to_numpy(dtype=object)
    zero = (lo.fillna(0).eq(0) & hi.fillna(0).eq(0)).to_numpy()
    number = np.where(has_lo & has_hi & (lo_s == hi_s), lo_s,
             np.where(has_lo & has_hi, lo_s + "–" + hi_s,
             np.where(has_lo, "≥" + lo_s, np.where(has_hi, "≤" + hi_s, ""))))
    number = np.asarray(number, dtype=object)
    return np.where((stance == "denies") & zero & (has_lo | has_hi), "denies (0)",
           np.where(stance == "denies", np.where(number == "", "denies", "denies: " + number),
           np.where(stance == "assessing", np.where(number == "", "assessing",
                                                    number + " (assessing)"),
           np.where(number == "", blank, number))))


def figure_text(stance: str, low: int | None, high: int | None) -> str:
    """How one claim's civilian toll reads.

    >>> figure_text("denies", 0, 0), figure_text("alleges", 20, 99), figure_text("assessing", None, None)
    ('denies (0)', '20–99', 'assessing')
    """
    lows = pd.Series([low], dtype="Int64")
    highs = pd.Series([high], dtype="Int64")
    return figure_texts(pd.Series([stance]), lows, highs).iloc[0]


# ---------------------------------------------------------------- filtering

def default_filters(store: Store) -> Filters:
    return Filters(date_from=store.first_date, date_to=store.last_date)


def apply_filters(store: Store, filters: Filters) -> Selection:
    """The incidents and claims that pass the filters.

    >>> apply_filters(store, Filters(kind="tally")).incidents   # doctest: +SKIP
    """
    inc = store.incidents
    mask = np.ones(len(inc), dtype=bool)
    dated = inc["date_start"].notna().to_numpy()
    if filters.date_from is not None:
        mask &= ~dated | (inc["date_last"] >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to is not None:
        mask &= ~dated | (inc["date_start"] <= pd.Timestamp(filters.date_to)).to_numpy()
    if filters.kind in ("event", "tally"):
        mask &= (inc["kind"] == filters.kind).to_numpy()
    if filters.contested_only:
        mask &= inc["contested"].to_numpy(dtype=bool)
    if filters.places:
        mask &= inc["place_id"].isin(filters.places).to_numpy()
    claims = store.claims
    row = claims["incident_row"].to_numpy()   # -1: a claim of no stored incident
    keep = np.ones(len(claims), dtype=bool)
    if not filters.show_missing and has_missing(store):
        # an incident known only from sources no longer found is hidden with them
        keep = (claims["article_status"] != "missing").to_numpy()
        mask &= np.bincount(row[keep & (row >= 0)], minlength=len(inc)) > 0
    if filters.claimants:
        keep = keep & claims["claimant"].isin(filters.claimants).to_numpy()
        mask &= np.bincount(row[keep & (row >= 0)], minlength=len(inc)) > 0
    keep = keep & np.append(mask, False)[row]
    return Selection(incidents=inc[mask], claims=claims[keep], filters=filters)


def has_missing(store: Store) -> bool:
    """Whether some claims come from articles whose files are no longer found."""
    return bool((store.articles["status"] == "missing").any()) if "status" in store.articles else False


def restrict(selection: Selection, incident_ids: Sequence[str]) -> Selection:
    """The part of a selection about some incidents (a clicked site's, say)."""
    ids = pd.Index(incident_ids)
    return replace(selection,
                   incidents=selection.incidents[selection.incidents["incident_id"].isin(ids)],
                   claims=selection.claims[selection.claims["incident_id"].isin(ids)])


def at_site(selection: Selection, place_id: str) -> Selection:
    """The part of a selection at one site (a clicked circle)."""
    inc = selection.incidents
    return restrict(selection, inc.loc[inc["place_id"] == place_id, "incident_id"])


def headline(selection: Selection) -> dict[str, int]:
    """The numbers in the row under the title."""
    inc, claims = selection.incidents, selection.claims
    return {
        "incidents": len(inc),
        "articles": int(claims["article_id"].nunique()),
        "sources": int(claims["claimant"].nunique()),
        "contested": int(inc["contested"].sum()),
        "undated": int(inc["date_start"].isna().sum()),
        "not_on_map": int((~inc["on_map"]).sum()),
    }


# ---------------------------------------------------------------- sites (the map)

def sites(selection: Selection) -> pd.DataFrame:
    """One row per mapped place: where, how many incidents, the highest civilian toll
    claimed there (by the claimants shown), and how many incidents are contested."""
    inc = selection.incidents[selection.incidents["on_map"]]
    cols = ["place_id", "lat", "lon", "place_name_en", "place_name_ar", "place_label",
            "geo_precision", "n_incidents", "n_contested", "civilians_max", "contested"]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    toll = (selection.claims.groupby("incident_id")["civilians_max"].max()
            .reindex(inc["incident_id"]).to_numpy())
    toll = pd.Series(toll, index=inc.index, dtype="Int64")
    toll = toll.fillna(inc["civilians_max"])  # incidents with no claims shown
    grouped = inc.assign(_toll=toll).groupby("place_id", sort=False)
    out = grouped.agg(lat=("lat", "first"), lon=("lon", "first"),
                      place_name_en=("place_name_en", "first"),
                      place_name_ar=("place_name_ar", "first"),
                      place_label=("place_label", "first"),
                      geo_precision=("geo_precision", "first"),
                      n_incidents=("incident_id", "size"),
                      n_contested=("contested", "sum"),
                      civilians_max=("_toll", "max")).reset_index()
    out["civilians_max"] = out["civilians_max"].astype("Int64")
    out["contested"] = np.where(out["n_contested"].eq(0), "none",
                       np.where(out["n_contested"].eq(out["n_incidents"]), "all", "some"))
    return out.sort_values(["n_incidents", "place_id"], ascending=[False, True],
                           ignore_index=True)[cols]


def site_at(site_table: pd.DataFrame, lat: float, lng: float,
            tooltip: str | None = None) -> str | None:
    """The site a map click landed on.

    The click reports the pointer's position, somewhere inside the circle, and the
    clicked marker's tooltip text; the tooltip names the site, the position breaks
    ties between sites of the same name.
    """
    if site_table.empty or lat is None or lng is None:
        return None
    candidates = site_table
    if tooltip:
        named = site_table[[bool(lbl) and tooltip.startswith(lbl)
                            for lbl in site_table["place_label"]]]
        if len(named):
            candidates = named
    d2 = (candidates["lat"] - lat) ** 2 + (candidates["lon"] - lng) ** 2
    return str(candidates.loc[d2.idxmin(), "place_id"])


def off_map(selection: Selection) -> pd.DataFrame:
    """Incidents the map cannot show (no place, no coordinates, or a place as coarse as
    a governorate or the country), most telling first, with a `where` column."""
    inc = selection.incidents[~selection.incidents["on_map"]]
    where = (inc["place_label"].where(inc["place_label"].ne(""), "no place")
             + inc["geo_precision"].map(lambda p: f" ({p})" if p else ""))
    return order_incidents(inc.assign(where=where))


def undated(selection: Selection) -> pd.DataFrame:
    """Incidents without a date (the timeline cannot show them), most telling first."""
    inc = selection.incidents[selection.incidents["date_start"].isna()]
    where = inc["place_label"].where(inc["place_label"].ne(""), "no place")
    return order_incidents(inc.assign(where=where))


def order_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    """Most telling first: contested, most sources, then by date (then store order)."""
    return incidents.sort_values(["contested", "n_sources", "date_start", "incident_row"],
                                 ascending=[False, False, True, True], na_position="last")


def statements(claims: pd.DataFrame) -> pd.DataFrame:
    """One incident's claims, one row per distinct statement (claimant, stance, whom it
    blames, figures) with the number of articles that carry it.

    The same denial repeated by three articles is one row with articles = 3.
    """
    rank = {k: n for n, k in enumerate(SOURCE_KIND_ORDER)}
    key = ["claimant", "claimant_short", "source_kind", "stance", "perpetrator",
           "civilians_text", "killed_text"]
    out = (claims.assign(_order=claims["source_kind"].map(rank).fillna(len(rank)))
           .groupby(key, sort=False, dropna=False)
           .agg(articles=("article_id", "nunique"), _order=("_order", "first"),
                _seq=("seq", "min"))
           .reset_index())
    return out.sort_values(["_order", "claimant_short", "_seq"]).drop(
        columns=["_order", "_seq"]).reset_index(drop=True)


# ---------------------------------------------------------------- evidence

EVIDENCE_COLUMNS = ("claim_id", "incident_id", "claimant", "claimant_name", "source_kind",
                    "stance", "perpetrator", "civilians_min", "civilians_max",
                    "civilians_text", "killed_min", "killed_max", "killed_text",
                    "wounded_min", "wounded_max", "strikes", "date_start", "date_end",
                    "place_id", "place_text", "article_id", "article_title",
                    "article_outlet", "article_published", "article_url", "quote")


def evidence(selection: Selection, limit: int | None = None) -> pd.DataFrame:
    """The claims behind what is shown, in incident date order, with incident context;
    the first `limit` of them when given (without sorting every claim of a large store).
    """
    inc = selection.incidents
    order = inc.sort_values(["date_start", "incident_row"], na_position="last")["incident_row"]
    claims = selection.claims
    if limit is not None and len(claims) > limit:
        per_incident = np.bincount(claims["incident_row"].clip(lower=0),
                                   minlength=int(order.max()) + 1 if len(order) else 1)
        upto = np.searchsorted(per_incident[order.to_numpy()].cumsum(), limit) + 1
        claims = claims[np.isin(claims["incident_row"], order.to_numpy()[:upto])]
    rank = pd.Series(np.arange(len(order)), index=order.to_numpy())
    by_row = inc.set_index("incident_row")
    claims = claims.assign(
        incident_date=claims["incident_row"].map(by_row["date_label"]),
        incident_place=claims["incident_row"].map(by_row["place_label"]),
        _rank=claims["incident_row"].map(rank))
    claims = claims.sort_values(["_rank", "article_id", "seq"], na_position="last")
    columns = [c for c in EVIDENCE_COLUMNS if c in claims] + ["incident_date", "incident_place"]
    out = claims[columns].reset_index(drop=True)
    return out if limit is None else out.head(limit)


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a BOM, so spreadsheet programs read the Arabic). Text cells a
    spreadsheet would run as a formula (=, +, -, @, tab or CR first) get an apostrophe in
    front: the rule of `--out` (loaders.spreadsheet), applied column by column."""
    safe = df.copy()
    for col in safe.columns:
        values = safe[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            safe[col] = values.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_string_dtype(values) or values.dtype == object:
            text = values.astype(str).where(values.notna(), "")
            risky = text.str.contains(FORMULA_START.pattern, regex=True)
            if risky.any():
                safe[col] = text.where(~risky, "'" + text)
    # CRLF rows (RFC 4180): a cell holding a carriage return is then quoted, not split
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


INCIDENT_EXPORT = ("incident_id", "kind", "date_start", "date_end", "date_precision",
                   "place_id", "place_name_en", "place_name_ar", "lat", "lon",
                   "geo_precision", "civilians_min", "civilians_max", "n_claims",
                   "n_sources", "n_articles", "contested", "claimants")


def incidents_export(selection: Selection) -> pd.DataFrame:
    inc = selection.incidents
    return inc[[c for c in INCIDENT_EXPORT if c in inc]]


# ---------------------------------------------------------------- the URL

def filters_to_params(filters: Filters, defaults: Filters) -> dict[str, str | list[str]]:
    """Query parameters for the filters that differ from the defaults.

    >>> filters_to_params(Filters(kind="tally", claimants=("sohr", "sana")), Filters())
    {'claimant': ['sohr', 'sana'], 'kind': 'tally'}
    """
    params: dict[str, str | list[str]] = {}
    if filters.date_from and filters.date_from != defaults.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to and filters.date_to != defaults.date_to:
        params["to"] = filters.date_to.isoformat()
    if filters.claimants:
        params["claimant"] = list(filters.claimants)
    if filters.kind != "all":
        params["kind"] = filters.kind
    if filters.contested_only:
        params["contested"] = "1"
    if filters.places:
        params["place"] = list(filters.places)
    if filters.show_missing:
        params["missing"] = "1"
    return params


def filters_from_params(params: Mapping[str, Sequence[str]], store: Store) -> Filters:
    """Filters from query parameters (each a list of values), ignoring what the store
    does not know: a stale link opens the nearest valid view rather than failing.

    >>> filters_from_params({"kind": ["tally"], "from": ["2018-11-01"]}, store)  # doctest: +SKIP
    """
    defaults = default_filters(store)

    def one(name):
        values = params.get(name) or []
        return values[-1] if values else None

    def day(name, fallback):
        try:
            value = dt.date.fromisoformat(one(name) or "")
        except ValueError:
            return fallback
        if store.first_date and store.last_date:
            value = min(max(value, store.first_date), store.last_date)
        return value

    known_claimants, known_places = store.claimant_choices, store.place_choices
    kind = one("kind")
    return Filters(
        date_from=day("from", defaults.date_from),
        date_to=day("to", defaults.date_to),
        claimants=tuple(c for c in params.get("claimant", []) if c in known_claimants),
        kind=kind if kind in KINDS else "all",
        contested_only=(one("contested") or "").lower() in ("1", "true", "yes"),
        places=tuple(p for p in params.get("place", []) if p in known_places),
        show_missing=(one("missing") or "").lower() in ("1", "true", "yes"),
    )
