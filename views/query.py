"""Queries over the store's DataFrames: the filters, the headline counts, per-site
aggregates and the evidence rows. Pure pandas; the dashboard only wires them up.

Filter semantics (shown in the sidebar help too):
- date range: a dated incident passes when its period overlaps the range; an undated
  incident always passes (its date is unknown, not outside) and is counted apart.
- claimants: an incident passes when one of them made a claim about it; every source's
  claims on it stay (a denial must stay beside the allegation it denies), and the
  chosen claimants' claims are highlighted.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from loaders.grading import GRADES
from loaders.review import EXTRACTED_COLUMNS, REVIEW_COLUMNS
from loaders.spreadsheet import FORMULA_START
from loaders.store import connect_read_only, read_frames, snapshot_dir, store_generation

from .palette import SOURCE_KINDS, kind_label
from .review import mark_corrections as review_marks

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
    # what is worked out once per store and shared by all its selections (Selection.shared):
    # the claims without CLAIM_TEXTS, integer codes of claim columns, per-incident facts.
    # Two sessions asking at once may both work one out; either result is the same.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

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
    grades: tuple[str, ...] = ()  # incident grades to keep (loaders.grading); () = all
    show_discounted: bool = False  # claims an analyst discounted (views.review)


# Claim columns read only for the few claims on screen (a quote, its article's title,
# link and outlet, how the text named the place and the date, who reviewed it and what
# the loaders read before a correction): a selection's claims leave them out, so a
# filter change copies half (generated store) to two thirds (real articles) fewer
# bytes; `with_texts` adds them back for the rows shown.
CLAIM_TEXTS = ("quote", "article_title", "article_url", "article_outlet", "article_label",
               "place_text", "date_text") + REVIEW_COLUMNS[1:] + EXTRACTED_COLUMNS


@dataclass(frozen=True, eq=False)
class Selection:
    """What the filters let through: incidents and the claims shown for them.

    The claims are kept as positions in the store's claims (`claim_rows`), not copied:
    copying the 40 columns of 300,000 claims took longer than any view of them. `claims`
    takes them (without the CLAIM_TEXTS columns: see with_texts) the first time it is
    read; the views read only the columns they need (`claim_columns`), and what depends
    on an incident's own claims only, not on which incidents are in view, comes from
    `facts()`, worked out once per store and state of the claim filters."""
    incidents: pd.DataFrame
    claim_rows: np.ndarray             # positions in all_claims, ascending
    all_claims: pd.DataFrame           # the store's claims, every column (shared, never copied)
    filters: Filters = field(default_factory=Filters)
    # which of all_claims the claim filters show, whatever their incident (`shown_claims`)
    shown: np.ndarray | None = None
    # the store's memo (Store.memo): what every selection of the store shares
    shared: dict = field(default_factory=dict, repr=False)

    def _light(self) -> pd.DataFrame:
        """The store's claims without CLAIM_TEXTS (made once, shared)."""
        return _remember(self.shared, "light", lambda: self.all_claims.drop(
            columns=[c for c in CLAIM_TEXTS if c in self.all_claims]))

    @cached_property
    def claims(self) -> pd.DataFrame:
        light = self._light()
        return light if len(self.claim_rows) == len(light) else light.take(self.claim_rows)

    def claims_of(self, incident_rows) -> pd.DataFrame:
        """The rows of `claims` about some incidents (by incident_row), every column."""
        return self._light().take(self.claim_rows[in_rows(self.claim_incident_rows,
                                                          incident_rows)])

    @cached_property
    def claim_incident_rows(self) -> np.ndarray:
        """incident_row of each claim shown."""
        return self.all_claims["incident_row"].to_numpy()[self.claim_rows]

    def claim_columns(self, columns: Sequence[str], incident_rows=None) -> pd.DataFrame:
        """Some columns of the claims shown (of the incidents at `incident_rows` only,
        when given): the rows, order and index of `claims`, without copying the rest."""
        rows = self.claim_rows
        if incident_rows is not None:
            rows = rows[in_rows(self.claim_incident_rows, incident_rows)]
        frame = self.all_claims[list(columns)]
        return frame if len(rows) == len(frame) else frame.take(rows)

    def distinct(self, column: str) -> int:
        """How many distinct values (NA aside) `column` has among the claims shown, by
        integer codes made once per store."""
        codes = _remember(self.shared, ("codes", column),
                          lambda: pd.factorize(self.all_claims[column])[0])[self.claim_rows]
        codes = codes[codes >= 0]
        return int(np.count_nonzero(np.bincount(codes))) if len(codes) else 0

    def facts(self) -> pd.DataFrame:
        """`incident_facts` of the claims the claim filters show, by incident_row."""
        shown = self.shown if self.shown is not None else np.ones(len(self.all_claims), bool)
        return _remember(self.shared, facts_key(self.filters),
                         lambda: incident_facts(self.all_claims, shown))


def with_texts(selection: Selection, claims: pd.DataFrame,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Some of a selection's claims (rows of `selection.claims`, by index) with the
    store's columns they lack (or only the given ones), in the store's column order."""
    store = selection.all_claims
    if store is None:
        return claims
    missing = [c for c in (store.columns if columns is None else columns)
               if c in store and c not in claims]
    if not missing:
        return claims
    added = store.loc[claims.index, list(dict.fromkeys(missing + ["claim_id"]))]
    if "claim_id" in claims and not np.array_equal(added["claim_id"].to_numpy(),
                                                   claims["claim_id"].to_numpy()):
        # a frame re-indexed since apply_filters (reset_index) would get others' texts
        raise ValueError("with_texts: these claims are not indexed as the store's claims")
    added = added[missing]
    order = [c for c in store.columns if c in claims or c in missing] + \
        [c for c in claims.columns if c not in store]
    return pd.concat([claims, added], axis=1)[order]


# ---------------------------------------------------------------- preparing the store

def load_prepared(db_path, opening: bool = False) -> Store:
    """`prepare(read_frames(db_path))`, kept on disk beside the loaders' snapshot.

    With `opening` (what `python -m loaders --prepare` and `make store` ask for), the
    dashboard's opening view is worked out too and kept with the tables
    (views.first_view), or added to tables prepared without it. The dashboard itself
    does not ask: after a review or an upload it prepares the tables alone, so the
    analyst does not wait for a view other sessions may open later.

    The prepared tables are written as Arrow IPC files (plus a small JSON file for the
    date span and the filter choices) into the snapshot folder under the store's
    generation, so a fresh dashboard process maps them back in a fraction of a second
    instead of reading and preparing 300,000 claims again. Arrow IPC, not Parquet: it is
    read by memory-mapping, with no decompression. Text columns are stored plain, not
    dictionary-encoded: a plain column maps straight into pandas' Arrow-backed strings
    (0.07-0.10 s for bench/dashboard.py's 300,000 claims, every run), while decoding the
    dictionaries allocated every string again (0.2-0.9 s, varying with the machine's
    memory); the files are about twice as large (1 KB a claim). Nothing is ever
    unpickled: a file planted beside the store can at worst fail to parse, and any problem
    just means preparing anew.
    """
    generation = store_generation(db_path)
    folder = snapshot_dir(db_path)
    cache = folder / prepared_name(generation) if generation else None
    if cache is not None and cache.is_dir():
        try:
            store = _read_prepared(cache)
        except Exception:        # torn, or written by another pandas: prepare anew
            store = None
        if store is not None:
            store.memo["prepared_folder"] = cache     # its opening view (views.first_view)
            if opening:
                from . import first_view
                if first_view.read(cache) is None:
                    _write_first_view(store, cache)
            return store
    prepared = prepare(read_frames(db_path))
    if cache is not None and folder.is_dir() and store_generation(db_path) == generation:
        tmp = folder / f".prepared-tmp-{os.getpid()}"
        try:
            for old in folder.glob("prepared-*"):
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
            _write_prepared(prepared, tmp)
            if opening:
                _write_first_view(prepared, tmp)
            tmp.rename(cache)
        except OSError:
            pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return prepared


_PREPARED_TABLES = ("incidents", "claims", "articles", "claimants", "places")


def _write_prepared(store: Store, folder) -> None:
    import pyarrow as pa
    folder.mkdir(parents=True)
    for name in _PREPARED_TABLES:
        # one record batch: a column maps back as one chunk
        _write_arrow(pa.Table.from_pandas(getattr(store, name)), folder / f"{name}.arrow")
    # note each date column's own unit, so the frames come back exactly as prepared
    units = {name: {col: str(dtype) for col, dtype in getattr(store, name).dtypes.items()
                    if pd.api.types.is_datetime64_any_dtype(dtype)} for name in _PREPARED_TABLES}
    # the default view's per-incident facts, worked out now rather than at first view
    facts = incident_facts(store.claims, shown_claims(store, Filters())[0])
    store.memo[facts_key(Filters())] = facts
    _write_arrow(pa.Table.from_pandas(facts), folder / "facts.arrow")
    # the integer codes Selection.distinct counts the headline's articles and sources by
    codes = {column: pd.factorize(store.claims[column])[0].astype(np.int32)
             for column in DISTINCT_COLUMNS}
    for column, values in codes.items():
        store.memo[("codes", column)] = values
    _write_arrow(pa.table(codes), folder / "codes.arrow")
    meta = {"units": units,
            "first_date": store.first_date.isoformat() if store.first_date else None,
            "last_date": store.last_date.isoformat() if store.last_date else None,
            "claimant_choices": store.claimant_choices, "place_choices": store.place_choices}
    (folder / "store.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def _write_first_view(store: Store, folder) -> None:
    """The dashboard's opening view, worked out now and kept with the prepared tables
    (views.first_view). Should it fail, the dashboard works it out at first view."""
    from . import first_view
    try:
        view = first_view.build(store)
        first_view.write(view, folder)
    except Exception:           # noqa: BLE001 - an optional cache, never a failed load
        return                  # (a half-written bundle is never read: see first_view.write)
    store.memo["first_view"] = view


def _write_arrow(table, path) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc
    table = table.combine_chunks()
    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_arrow(path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.ipc as ipc
    with pa.memory_map(str(path)) as source:
        return ipc.open_file(source).read_all().to_pandas()


def _read_prepared(folder) -> Store:
    meta = json.loads((folder / "store.json").read_text("utf-8"))
    day = lambda v: dt.date.fromisoformat(v) if v else None   # noqa: E731
    tables = {name: _read_arrow(folder / f"{name}.arrow") for name in _PREPARED_TABLES}
    for name, units in meta["units"].items():
        tables[name] = tables[name].astype(units)
    store = Store(**tables,
                  first_date=day(meta["first_date"]), last_date=day(meta["last_date"]),
                  claimant_choices=dict(meta["claimant_choices"]),
                  place_choices=dict(meta["place_choices"]))
    store.memo[facts_key(Filters())] = _read_arrow(folder / "facts.arrow")
    codes = _read_arrow(folder / "codes.arrow")
    for column in DISTINCT_COLUMNS:
        store.memo[("codes", column)] = codes[column].to_numpy()
    return store


DISTINCT_COLUMNS = ("article_id", "claimant")   # counted by the headline (Selection.distinct)


PREPARED_LAYOUT = "8"   # bump when prepare() or incident_facts() adds or changes columns


def views_hash() -> str:
    """A hash of the source of every module in views/: what the prepared tables, facts,
    codes and opening view are worked out by."""
    import hashlib
    from pathlib import Path
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def prepared_name(generation: str) -> str:
    """The prepared folder of a store generation: named by the layout and by the code
    that worked it out too, so tables, facts or an opening view made by other code
    (another checkout, an edited rule) are never read as this code's."""
    return f"prepared-{PREPARED_LAYOUT}-{views_hash()}-{generation}"


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
    claims = review_marks(_prepare_claims(frames["claims"], claimants, articles))
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
    if values.empty:        # (no claimant table yet): the fill, as text, even when it is None
        return pd.Series(fill, index=index, dtype=object if fill is None else None)
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
    if "hedge" not in claims:
        claims["hedge"] = ""
    claims["civilians_text"] = figure_texts(claims["stance"], claims["civilians_min"],
                                            claims["civilians_max"], hedge=claims["hedge"])
    # the hedge belongs to the claim's toll: the killed figure gets it only when there is
    # no civilian figure
    no_civilians = claims["civilians_min"].isna() & claims["civilians_max"].isna()
    claims["killed_text"] = figure_texts(pd.Series("alleges", index=claims.index),
                                         claims["killed_min"], claims["killed_max"], blank="",
                                         hedge=claims["hedge"].where(no_civilians, ""))
    # another branch may store every party a claim blames ("coalition|iraq")
    blamed = claims["perpetrators"] if "perpetrators" in claims else claims["perpetrator"]
    claims["blames"] = blame_labels(blamed.where(blamed.fillna("").ne(""),
                                                 claims["perpetrator"]))
    where = _positions(claims["article_id"], articles["article_id"])
    for col in ("title", "outlet", "url", "status"):
        claims[f"article_{col}"] = _take(articles[col], where, claims.index)
    claims["article_published"] = _take(articles["published"], where, claims.index, pd.NaT)
    _text(claims, ("article_title", "article_outlet", "article_url", "article_status",
                   "date_text"))
    claims["article_label"] = _per_distinct(
        {"t": claims["article_title"], "a": claims["article_id"]}, article_labels)
    # the article's own voice is its outlet's: one row per outlet, never one for all
    own = claims["claimant"].eq("outlet").to_numpy()
    label = claims["claimant_short"].astype(object).to_numpy(copy=True)
    if own.any():
        mine = claims[own]
        outlet = mine["article_outlet"].where(mine["article_outlet"].ne(""),
                                              article_short_ids(mine["article_id"]))
        label[own] = (outlet + " (own voice)").to_numpy()
    claims["source_label"] = label
    return claims


def _prepare_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    _nullable_ints(incidents, INCIDENT_NUMBERS)
    _text(incidents, ("incident_id", "kind", "date_precision", "place_id", "place_name_en",
                      "place_name_ar", "geo_precision", "claimants"))
    incidents["lat"] = pd.to_numeric(incidents["lat"], errors="coerce")
    incidents["lon"] = pd.to_numeric(incidents["lon"], errors="coerce")
    if "scope" not in incidents:   # another branch adds the area a tally covers
        incidents["scope"] = ""
    _text(incidents, ("scope",))
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


def joined(keys: list, texts: list, sep: str = "") -> dict:
    """texts joined per key (a plain loop: pandas' groupby join slices Arrow-backed
    strings group by group, ten times slower).

    >>> joined(["a", "b", "a"], ["1", "2", "3"], "+")
    {'a': '1+3', 'b': '2'}
    """
    out: dict = {}
    for key, text in zip(keys, texts):
        out.setdefault(key, []).append(text)
    return {k: sep.join(v) for k, v in out.items()}


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


# What a vague amount stands for: the loaders store عشرات as 20–99 and so on.
VAGUE_WORDS = {(3, 9): "a few", (3, 10): "a few", (20, 99): "dozens", (200, 999): "hundreds",
               (2000, 9999): "thousands"}
HEDGE_MARKS = {"about": "≈", "at_least": "≥", "more_than": ">", "at_most": "≤"}


def figure_texts(stance: pd.Series, low: pd.Series, high: pd.Series,
                 blank: str = "no figure", hedge: pd.Series | None = None) -> pd.Series:
    """How each claim's figure reads (see `figure_text`), for a whole column.

    >>> figure_texts(pd.Series(["denies", "alleges"]), pd.Series([0, 20], dtype="Int64"),
    ...              pd.Series([0, 99], dtype="Int64"), hedge=pd.Series(["", "vague"])).tolist()
    ['denies (0)', '20–99 “dozens”']
    """
    if hedge is None:
        hedge = pd.Series("", index=stance.index)
    return _per_distinct({"stance": stance.fillna("").astype(str),
                          "low": low.astype("Int64"), "high": high.astype("Int64"),
                          "hedge": hedge.fillna("").astype(str)},
                         lambda s, lo, hi, h: _figure_texts(s, lo, hi, blank, h))


def _figure_texts(stance: pd.Series, lo: pd.Series, hi: pd.Series, blank: str,
                  hedge: pd.Series) -> np.ndarray:
    lo_s = lo.astype(object).where(lo.notna(), "").astype(str).to_numpy(dtype=object)
    hi_s = hi.astype(object).where(hi.notna(), "").astype(str).to_numpy(dtype=object)
    has_lo, has_hi = lo.notna().to_numpy(), hi.notna().to_numpy()
    stance = stance.to_numpy(dtype=object)
    hedge = hedge.to_numpy(dtype=object)
    zero = (lo.fillna(0).eq(0) & hi.fillna(0).eq(0)).to_numpy()
    mark = np.array([HEDGE_MARKS.get(h, "") for h in hedge], dtype=object)
    word = np.array([VAGUE_WORDS.get((a, b), "vague") if h == "vague" else ""
                     for h, a, b in zip(hedge, lo.fillna(-1), hi.fillna(-1))], dtype=object)
    number = np.where(has_lo & has_hi & (lo_s == hi_s), mark + lo_s,
             np.where(has_lo & has_hi, lo_s + "–" + hi_s,
             np.where(has_lo, "≥" + lo_s, np.where(has_hi, "≤" + hi_s, ""))))
    number = np.asarray(number, dtype=object)
    number = np.where((word != "") & (number != ""), number + " “" + word + "”", number)
    return np.where((stance == "denies") & zero & (has_lo | has_hi), "denies (0)",
           np.where(stance == "denies", np.where(number == "", "denies", "denies: " + number),
           np.where(stance == "assessing", np.where(number == "", "assessing",
                                                    number + " (assessing)"),
           np.where(number == "", blank, number))))


def figure_text(stance: str, low: int | None, high: int | None, hedge: str = "") -> str:
    """How one claim's civilian toll reads, with its hedge.

    >>> figure_text("denies", 0, 0), figure_text("alleges", 40, 40, "about")
    ('denies (0)', '≈40')
    >>> figure_text("alleges", 1302, 1302, "at_least"), figure_text("assessing", None, None)
    ('≥1302', 'assessing')
    """
    lows = pd.Series([low], dtype="Int64")
    highs = pd.Series([high], dtype="Int64")
    return figure_texts(pd.Series([stance]), lows, highs, hedge=pd.Series([hedge])).iloc[0]


PERPETRATOR_LABELS = {"coalition": "coalition", "iraq": "Iraq", "regime": "Syrian government",
                      "russia": "Russia", "is": "IS", "other": "other forces", "unknown": ""}


def blame_labels(perpetrators: pd.Series) -> pd.Series:
    """Whom each claim blames, every party when a source names two.

    >>> blame_labels(pd.Series(["coalition|iraq", "regime", "unknown", ""])).tolist()
    ['coalition and Iraq', 'Syrian government', '', '']
    """
    def label(values: pd.Series) -> np.ndarray:
        out = []
        for value in values:
            names = [PERPETRATOR_LABELS.get(p, p) for p in str(value).replace(",", "|").split("|")]
            out.append(" and ".join(n for n in names if n))
        return np.asarray(out, dtype=object)
    return _per_distinct({"p": perpetrators.fillna("").astype(str)}, label)


_BYLINE = re.compile(r"الكاتب\s*:|المشاهدات\s*:|التاريخ\s*:")


def article_labels(titles: pd.Series, article_ids: pd.Series) -> pd.Series:
    """A title to show for each article: a byline, date or view counter that a page
    header put after the title is cut off; with nothing left, the file name stands in.

    >>> article_labels(pd.Series(["غارات على هجين الكاتب : أسرة التحرير المشاهدات : 29",
    ...                           "الكاتب : فلان"]), pd.Series(["a", "b"])).tolist()
    ['غارات على هجين', 'b']
    """
    titles = titles.fillna("").astype(str)
    cut = titles.str.split(_BYLINE, n=1, regex=True).str[0].str.strip()
    return cut.where(cut.ne(""), article_ids.fillna("").astype(str))


def article_short_ids(article_ids: pd.Series) -> pd.Series:
    """'article 001' for '001_b3e1ff…': how an article without an outlet is named."""
    return "article " + article_ids.fillna("").astype(str).str.split("_", n=1).str[0]


# ---------------------------------------------------------------- taking rows

def keep_rows(frame: pd.DataFrame, mask) -> pd.DataFrame:
    """frame[mask] for a boolean mask, taken by positions: pandas' boolean path copies
    Arrow text and nullable integer columns 2-3x slower than a take (0.14 s against
    0.06 s for 30% of bench/dashboard.py's 300,000 claims). A mask that keeps every row
    gives the frame itself (pandas copies on write)."""
    mask = np.asarray(mask, dtype=bool)
    if len(mask) != len(frame):
        raise ValueError(f"keep_rows: a mask of {len(mask)} for {len(frame)} rows")
    return frame if mask.all() else frame.take(np.flatnonzero(mask))


def in_rows(incident_rows, chosen) -> np.ndarray:
    """Which of incident_rows (claims' `incident_row`, -1 for none) are among chosen:
    one lookup table instead of np.isin's sort of 300,000 integers."""
    incident_rows = np.asarray(incident_rows, dtype=np.int64)
    chosen = np.asarray(chosen, dtype=np.int64)
    size = max(int(incident_rows.max(initial=-1)), int(chosen.max(initial=-1))) + 2
    table = np.zeros(size, dtype=bool)
    table[chosen] = True
    table[-1] = False            # row -1: a claim of no stored incident
    return table[incident_rows]


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
    keep, with_claims = _remember(store.memo, ("shown", filters.show_missing,
                                               filters.show_discounted),
                                  lambda: shown_claims(store, filters))
    if with_claims is not None:
        mask &= with_claims
    if filters.grades and "grade" in inc:
        mask &= inc["grade"].isin(filters.grades).to_numpy()
    if filters.claimants:
        # the incidents the claimant spoke about, with every other source's claims on them
        spoke = keep & claims["claimant"].isin(filters.claimants).to_numpy()
        mask &= np.bincount(row[spoke & (row >= 0)], minlength=len(inc)) > 0
    rows = np.flatnonzero(keep & np.append(mask, False)[row])
    return Selection(incidents=keep_rows(inc, mask), claim_rows=rows, all_claims=claims,
                     filters=filters, shown=keep, shared=store.memo)


def _remember(memo: dict, key, make):
    """memo[key], made by make() the first time (Store.memo, Selection.shared)."""
    if key not in memo:
        memo[key] = make()
    return memo[key]


def facts_key(filters: Filters) -> tuple:
    """The memo key of `incident_facts` for a state of the claim filters: which claims
    they show depends on these two alone (`shown_claims`)."""
    return ("facts", filters.show_missing, filters.show_discounted)


def shown_claims(store: Store, filters: Filters) -> tuple[np.ndarray, np.ndarray | None]:
    """Which claims the claim filters show, whatever their incident (missing articles'
    and discounted claims hidden unless asked for), and which incidents keep a claim so
    (None: all of them, nothing being hidden)."""
    claims, n = store.claims, len(store.incidents)
    row = claims["incident_row"].to_numpy()
    keep = np.ones(len(claims), dtype=bool)
    with_claims = None
    if not filters.show_missing and has_missing(store):
        # an incident known only from sources no longer found is hidden with them
        keep = (claims["article_status"] != "missing").to_numpy()
        with_claims = np.bincount(row[keep & (row >= 0)], minlength=n) > 0
    if not filters.show_discounted and "review_state" in claims:
        # an incident whose every claim was discounted is hidden with them
        keep = keep & (claims["review_state"] != "discounted").to_numpy()
        left = np.bincount(row[keep & (row >= 0)], minlength=n) > 0
        with_claims = left if with_claims is None else with_claims & left
    return keep, with_claims


def claim_filters(filters: Filters) -> Filters:
    """The part of the filters that decides which of an incident's claims are shown (and
    which are highlighted): the dates, kinds, places, grades and "contested only" decide
    which incidents are, never which of their claims. An incident in view has the same
    claims in `apply_filters(store, filters)` and in `apply_filters(store,
    claim_filters(filters))`.

    >>> claim_filters(Filters(contested_only=True, claimants=("sohr",), places=("hajin",)))
    Filters(date_from=None, date_to=None, claimants=('sohr',), kind='all', contested_only=False, places=(), show_missing=False, grades=(), show_discounted=False)
    """
    return Filters(claimants=filters.claimants, show_missing=filters.show_missing,
                   show_discounted=filters.show_discounted)


def has_missing(store: Store) -> bool:
    """Whether some claims come from articles whose files are no longer found."""
    return bool((store.articles["status"] == "missing").any()) if "status" in store.articles else False


def highlighted(claims: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Which claims the claimant filter picked (none when no claimant is chosen)."""
    if not filters.claimants:
        return np.zeros(len(claims), dtype=bool)
    return claims["claimant"].isin(filters.claimants).to_numpy()


def restrict(selection: Selection, incident_ids: Sequence[str]) -> Selection:
    """The part of a selection about some incidents (a clicked site's, say)."""
    inc = selection.incidents
    inc = keep_rows(inc, inc["incident_id"].isin(pd.Index(incident_ids)).to_numpy())
    # claims by their incident's row (integers), not by id: 300,000 text ids are slow
    keep = in_rows(selection.claim_incident_rows, inc["incident_row"])
    return replace(selection, incidents=inc, claim_rows=selection.claim_rows[keep])


def at_site(selection: Selection, place_id: str) -> Selection:
    """The part of a selection at one site (a clicked circle)."""
    inc = selection.incidents
    return restrict(selection, inc.loc[inc["place_id"] == place_id, "incident_id"])


def headline(selection: Selection) -> dict[str, int]:
    """The numbers in the row under the title. Strikes (events) and tallies are counted
    apart: a total over four years is not one more incident. Only events are called
    contested (two tallies of different scope or period do not contradict each other)."""
    inc = selection.incidents
    events = inc["kind"].ne("tally").to_numpy()
    return {
        "events": int(events.sum()),
        "tallies": int((~events).sum()),
        "articles": selection.distinct("article_id"),
        "sources": selection.distinct("claimant"),
        "contested": int((inc["contested"].to_numpy(dtype=bool) & events).sum()),
        "undated": int(inc["date_start"].isna().to_numpy()[events].sum()),
        "not_on_map": int((~inc["on_map"].to_numpy(dtype=bool))[events].sum()),
    }


def contested_events(incidents: pd.DataFrame) -> np.ndarray:
    """Contested, and an event: what the contested colour means everywhere."""
    return incidents["contested"].to_numpy(dtype=bool) & incidents["kind"].ne("tally").to_numpy()


# ---------------------------------------------------------------- sites (the map)

def sites(selection: Selection) -> pd.DataFrame:
    """One row per mapped place: where, how many incidents, the highest civilian toll
    claimed there (by the claimants shown), and how many incidents are contested."""
    inc = selection.incidents[selection.incidents["on_map"]]
    cols = ["place_id", "lat", "lon", "place_name_en", "place_name_ar", "place_label",
            "geo_precision", "n_incidents", "n_contested", "civilians_max", "toll_low",
            "toll_high", "vague_low", "vague_high", "contested"]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    # The site's figures: the spread of the specific ones (exact, about, at least...);
    # a vague amount ("dozens", 20–99) only when no source gives a specific figure.
    # Each incident's own figures come from facts(), worked out once per store: a filter
    # change then reads 100,000 incidents, not 300,000 claims.
    facts = selection.facts().reindex(inc["incident_row"].to_numpy())
    narrow = inc[["place_id", "lat", "lon", "place_name_en", "place_name_ar", "place_label",
                  "geo_precision", "incident_id"]].assign(
        _event_contested=contested_events(inc), _event=inc["kind"].ne("tally").to_numpy(),
        **{k: facts[k].to_numpy() for k in ("spec_min", "spec_max", "vague_low", "vague_high")})
    out = narrow.groupby("place_id", sort=False).agg(
        lat=("lat", "first"), lon=("lon", "first"), place_name_en=("place_name_en", "first"),
        place_name_ar=("place_name_ar", "first"), place_label=("place_label", "first"),
        geo_precision=("geo_precision", "first"), n_incidents=("incident_id", "size"),
        n_contested=("_event_contested", "sum"), _events=("_event", "sum"),
        toll_low=("spec_min", "min"), toll_high=("spec_max", "max"),
        vague_low=("vague_low", "min"), vague_high=("vague_high", "max")).reset_index()
    out = out.astype({k: "Int64" for k in ("toll_low", "toll_high", "vague_low", "vague_high")})
    # what sizes the circle: the highest specific figure, else the low end of a vague one
    out["civilians_max"] = out["toll_high"].fillna(out["vague_low"]).astype("Int64")
    out["contested"] = np.where(out["n_contested"].eq(0), "none",
                       np.where(out["n_contested"].eq(out["_events"]), "all", "some"))
    return out.sort_values(["n_incidents", "place_id"], ascending=[False, True],
                           ignore_index=True)[cols]


def incident_facts(claims: pd.DataFrame, shown: np.ndarray) -> pd.DataFrame:
    """Per incident (by incident_row), from its claims that `shown` keeps: what a site
    and the overview need, none of which depends on which other incidents are in view.

    - spec_min, spec_max: the lowest and highest civilian toll of its specific figures
      (exact, about, at least: a claim alleging or acknowledging a toll, neither vague
      nor a range);
    - vague_low, vague_high: the low end and high end of the other figures;
    - spread: how far its claimants' figures lie apart (`cell_figures`; NaN with fewer
      than two figures to compare, or none).
    Floats, NaN where there is none (tolls are whole numbers far below 2**53)."""
    rows = claims["incident_row"].to_numpy()
    keep = shown & (rows >= 0)
    c = keep_rows(claims[["incident_row", "claimant", "stance", "hedge", "civilians_min",
                          "civilians_max"]], keep)
    lo = c["civilians_min"].to_numpy(dtype=float, na_value=np.nan)
    hi = c["civilians_max"].to_numpy(dtype=float, na_value=np.nan)
    told = c["stance"].isin(("alleges", "acknowledges")).to_numpy() & ~np.isnan(hi)
    specific = told & (lo == hi) & ~c["hedge"].isin(("vague", "range")).to_numpy()
    vague = told & ~specific
    frame = pd.DataFrame({"incident_row": c["incident_row"].to_numpy(),
                          "spec": np.where(specific, hi, np.nan),
                          "vague_low": np.where(vague, lo, np.nan),
                          "vague_high": np.where(vague, hi, np.nan)})
    out = frame.groupby("incident_row").agg(
        spec_min=("spec", "min"), spec_max=("spec", "max"),
        vague_low=("vague_low", "min"), vague_high=("vague_high", "max"))
    cells = cell_figures(c)
    incidents, of = np.unique(cells.cells // cells.n, return_inverse=True)
    high, low = np.full(len(incidents), np.nan), np.full(len(incidents), np.nan)
    np.fmax.at(high, of, cells.value)
    np.fmin.at(low, of, cells.value)
    out["spread"] = pd.Series(high - low, index=incidents)
    return out


@dataclass(frozen=True)
class CellFigures:
    """Claims grouped in cells, one per (incident, claimant): `cell` of each claim
    (incident_row * n + the claimant's code), the distinct `cells` and each claim's
    position among them (`at`), whether a claim is among its cell's best figures
    (`best`: a toll hides a denial, which hides "assessing", which hides "no figure")
    and each cell's `value` (the largest of its best figures, a range by its midpoint;
    NaN for none)."""
    cell: np.ndarray
    cells: np.ndarray
    at: np.ndarray
    best: np.ndarray
    value: np.ndarray
    n: int


def cell_figures(claims: pd.DataFrame) -> CellFigures:
    """CellFigures of claims with incident_row, claimant, stance and civilian figures."""
    codes, claimant_ids = pd.factorize(claims["claimant"])
    n = len(claimant_ids)
    cell = claims["incident_row"].to_numpy(dtype=np.int64) * n + codes
    cells, at = np.unique(cell, return_inverse=True)
    rank = figure_rank(claims).to_numpy()
    top = np.full(len(cells), 9)
    np.minimum.at(top, at, rank)
    best = rank == top[at]
    # a range counts by its midpoint: "dozens" (20-99) should not look like 99
    lo = claims["civilians_min"].to_numpy(dtype=float, na_value=np.nan)
    hi = claims["civilians_max"].to_numpy(dtype=float, na_value=np.nan)
    middle = (np.where(np.isnan(lo), hi, lo) + np.where(np.isnan(hi), lo, hi)) / 2
    value = np.full(len(cells), np.nan)
    np.fmax.at(value, at[best], middle[best])
    return CellFigures(cell=cell, cells=cells, at=at, best=best, value=value, n=max(n, 1))


def figure_rank(claims: pd.DataFrame) -> pd.Series:
    """0 a toll, 1 a denial, 2 assessing, 3 alleges with no figure."""
    has_number = claims["civilians_min"].notna() | claims["civilians_max"].notna()
    denial = claims["stance"].eq("denies") & claims["civilians_max"].fillna(0).eq(0)
    return pd.Series(np.select([denial, has_number, claims["stance"].eq("assessing")],
                               [1, 0, 2], 3), index=claims.index)


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
        # the longest label the tooltip starts with ("Hajin camp" over "Hajin")
        starts = [len(lbl) if lbl and tooltip.startswith(lbl) else 0
                  for lbl in site_table["place_label"]]
        if max(starts, default=0):
            candidates = site_table[np.asarray(starts) == max(starts)]
    y = candidates["mark_lat"] if "mark_lat" in candidates else candidates["lat"]
    x = candidates["mark_lon"] if "mark_lon" in candidates else candidates["lon"]
    d2 = (y - lat) ** 2 + (x - lng) ** 2
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


def order_incidents(incidents: pd.DataFrame, head: int | None = None) -> pd.DataFrame:
    """Most telling first: contested strikes, most sources, then by date (then store
    order). A tally is never first for being 'contested'. With `head`, only the first
    rows are taken (the sort is of key arrays, the copy of rows what costs)."""
    if incidents.empty:
        return incidents
    return incidents.iloc[order_positions(incidents)[:head]]


def order_positions(incidents: pd.DataFrame) -> np.ndarray:
    """The row positions `order_incidents` takes: np.lexsort on the key arrays (sorting
    a copy of the frame costs more than the sort)."""
    start = incidents["date_start"].to_numpy(dtype="datetime64[ns]").view("int64").copy()
    start[incidents["date_start"].isna().to_numpy()] = np.iinfo(np.int64).max   # undated last
    keys = (incidents["incident_row"].to_numpy(), start,
            -incidents["n_sources"].fillna(0).to_numpy(dtype=np.int64),
            ~contested_events(incidents))
    return np.lexsort(keys)


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


def incident_claims(selection: Selection, incident_id: str) -> pd.DataFrame:
    """The claims on one incident, the claimant filter's ones marked `highlight`."""
    inc = selection.incidents
    row = inc.loc[inc["incident_id"] == incident_id, "incident_row"]
    if row.empty:
        return with_texts(selection, selection.claims.iloc[:0]).assign(highlight=False)
    claims = with_texts(selection, selection.claims_of([row.iloc[0]]))
    return claims.assign(highlight=highlighted(claims, selection.filters))


def source_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """One incident's claims, one row per source and article: the source (an article's
    own voice named by its outlet), stance, whom it blames, figures with their hedge,
    and the article. A source that says two things in one article (a figure and a
    denial of another) keeps both, joined in the row.

    Rows come in the order of the kinds of source (belligerents first), then by name.
    """
    cols = ["source_label", "claimant", "claimant_name", "source_kind", "stance", "blames",
            "says", "civilians", "killed", "article_id", "article_label", "article_outlet",
            "article_url", "article_published", "n_claims", "highlight"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    rank = {k: n for n, k in enumerate(SOURCE_KIND_ORDER)}
    c = claims.assign(_order=claims["source_kind"].map(rank).fillna(len(rank)))
    if "highlight" not in c:
        c = c.assign(highlight=False)

    def joined(values):
        return " · ".join(dict.fromkeys(v for v in values if v))

    c = c.assign(says=statement_texts(c))
    out = (c.sort_values("seq").groupby(["source_label", "article_id"], sort=False)
           .agg(claimant=("claimant", "first"), claimant_name=("claimant_name", "first"),
                source_kind=("source_kind", "first"), stance=("stance", joined),
                blames=("blames", joined), says=("says", lambda v: "; ".join(dict.fromkeys(v))),
                civilians=("civilians_text", _figures_joined),
                killed=("killed_text", joined), article_label=("article_label", "first"),
                article_outlet=("article_outlet", "first"),
                article_url=("article_url", "first"),
                article_published=("article_published", "first"),
                n_claims=("claim_id", "size"), highlight=("highlight", "any"),
                _order=("_order", "first"), _seq=("seq", "min"))
           .reset_index())
    return out.sort_values(["_order", "source_label", "_seq"])[cols].reset_index(drop=True)


def _figures_joined(values) -> str:
    """A source's figures in one article; 'no figure' only when it gives none."""
    distinct = list(dict.fromkeys(v for v in values if v))
    figures = [v for v in distinct if v not in ("no figure", "assessing")]
    return " · ".join(figures or distinct)


def statement_texts(claims: pd.DataFrame) -> pd.Series:
    """What each claim says, in a few words: its stance, figure and whom it blames.

    "denies civilian deaths", "≈40 civilians killed, by coalition", "10 strikes, by
    other forces", "assessing the report".
    """
    civ, killed = claims["civilians_text"], claims["killed_text"]
    strikes = claims["strikes"].astype("Int64")
    strikes_text = strikes.astype(object).where(strikes.notna(), "").astype(str)
    has_civ = claims["civilians_min"].notna() | claims["civilians_max"].notna()
    figure = np.where(has_civ, civ + " civilians killed",
             np.where(killed.ne(""), killed + " killed",
             np.where(strikes_text.ne(""), strikes_text + " strikes", "alleges harm")))
    by = np.where(claims["blames"].ne(""), ", by " + claims["blames"], "")
    stance = claims["stance"]
    out = np.select(
        [stance.eq("denies") & civ.eq("denies (0)"), stance.eq("denies"),
         stance.eq("assessing"), stance.eq("acknowledges")],
        ["denies civilian deaths", "denies: " + civ, "assessing the report",
         "acknowledges " + pd.Series(figure, index=claims.index)],
        pd.Series(figure, index=claims.index) + by)
    return pd.Series(out, index=claims.index, dtype=object)


def incident_evidence(claims: pd.DataFrame) -> pd.DataFrame:
    """One incident's claims for the evidence table: in the order of `source_rows`
    (kind of source, source, article, then as written), with what each says."""
    if claims.empty:
        return claims.assign(says=pd.Series(dtype=object))
    rank = {k: n for n, k in enumerate(SOURCE_KIND_ORDER)}
    out = claims.assign(says=statement_texts(claims),
                        _order=claims["source_kind"].map(rank).fillna(len(rank)))
    return out.sort_values(["_order", "source_label", "article_id", "seq"]).drop(
        columns="_order").reset_index(drop=True)


def claimant_aliases(path) -> dict[str, list[str]]:
    """claimant id -> the names it goes by (name_ar and the aliases column of
    data/claimants.csv); an unreadable file gives no names (nothing is highlighted)."""
    import csv
    try:
        with open(path, encoding="utf-8") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    except OSError:
        return {}
    return {r["claimant_id"]: [n.strip() for n in ([r.get("name_ar") or ""]
                                                   + (r.get("aliases") or "").split("|"))
                               if n.strip()] for r in rows}


def tallies(selection: Selection, limit: int | None = None) -> pd.DataFrame:
    """Totals over a period, apart from strikes: period, scope (the area the total
    covers: the loaders' `scope` when they give one, else the tally's place) and each
    source's figure, earliest first (the first `limit` of them when given)."""
    inc = selection.incidents[selection.incidents["kind"].eq("tally")]
    if inc.empty:
        return inc.assign(scope_label=[], figures=[])
    inc = inc.sort_values(["date_start", "incident_row"], na_position="last").head(limit)
    scope = inc["scope"].where(inc["scope"].ne(""), inc["place_label"])
    claims = selection.claim_columns(["incident_row", "source_label", "civilians_text", "seq"],
                                     incident_rows=inc["incident_row"])
    c = claims.sort_values("seq").drop_duplicates(["incident_row", "source_label",
                                                   "civilians_text"])
    lines = (c["source_label"] + ": " + c["civilians_text"]).groupby(
        c["incident_row"]).agg("; ".join)
    out = inc.assign(scope_label=scope.where(scope.ne(""), "not stated"),
                     figures=inc["incident_row"].map(lines).fillna(""))
    return out


def site_of(selection: Selection, incident_id: str) -> str:
    """The map site of an incident ('' when it is not on the map)."""
    inc = selection.incidents
    row = inc[(inc["incident_id"] == incident_id) & inc["on_map"]]
    return str(row["place_id"].iloc[0]) if len(row) else ""


# ---------------------------------------------------------------- evidence

EVIDENCE_COLUMNS = ("claim_id", "incident_id", "claimant", "claimant_name", "source_kind",
                    "source_label", "stance", "perpetrator", "perpetrators", "blames",
                    "hedge", "civilians_min", "civilians_max", "civilians_text",
                    "killed_min", "killed_max", "killed_text", "wounded_min", "wounded_max",
                    "strikes", "date_start", "date_end", "date_text", "place_id",
                    "place_text", "article_id", "article_title", "article_outlet",
                    "article_published", "article_url", "quote", "quote_start", "quote_end"
                    ) + REVIEW_COLUMNS + EXTRACTED_COLUMNS


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
        claims = keep_rows(claims, in_rows(claims["incident_row"], order.to_numpy()[:upto]))
    rank = pd.Series(np.arange(len(order)), index=order.to_numpy())
    by_row = inc.set_index("incident_row")
    claims = claims.assign(
        incident_date=claims["incident_row"].map(by_row["date_label"]),
        incident_place=claims["incident_row"].map(by_row["place_label"]),
        _rank=claims["incident_row"].map(rank))
    claims = with_texts(selection, claims.sort_values(["_rank", "article_id", "seq"],
                                                      na_position="last"))
    columns = [c for c in EVIDENCE_COLUMNS if c in claims] + ["incident_date", "incident_place"]
    out = claims[columns].reset_index(drop=True)
    return out if limit is None else out.head(limit)


PARAGRAPH_CONTEXT = 900    # characters of the paragraph kept on each side of a quote


def paragraph_around(text: str, start: int, end: int,
                     context: int = PARAGRAPH_CONTEXT) -> tuple[str, str, str] | None:
    """The article paragraph a quote comes from, as (before, quote, after): from the line
    break before `start` to the one after `end`, each side cut to `context` characters at
    a space (with '…') so a one-line article shows only the quote's neighbourhood, and a
    quote longer than three times that shows its start and end. None
    when the offsets do not fit the text (an article whose text the store no longer has)."""
    if not isinstance(text, str) or start is None or end is None:
        return None
    start, end = int(start), int(end)
    if not 0 <= start <= end <= len(text):
        return None
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    before, after = text[first:start], text[end:last]
    if len(before) > context:
        cut = before.find(" ", len(before) - context - 1)
        before = "… " + before[cut + 1 if cut >= 0 else len(before) - context:]
    if len(after) > context:
        cut = after.rfind(" ", 0, context + 1)
        after = after[:cut if cut > 0 else context] + " …"
    quote = text[start:end]
    if len(quote) > 3 * context:          # a claim merged over a long stretch of one line
        quote = quote[:context] + " … " + quote[-context:]
    return before, quote, after


def article_texts(db_path, article_ids: Iterable[str]) -> dict[str, str]:
    """The stored text of some articles (read-only; {} when the store cannot be read).
    Only the articles asked for are read: the dashboard asks for one page of evidence."""
    import sqlite3
    wanted = sorted({str(a) for a in article_ids if isinstance(a, str) and a})
    if not wanted:
        return {}
    try:
        con = connect_read_only(db_path)
    except sqlite3.Error:
        return {}
    try:
        marks = ",".join("?" * len(wanted))
        return dict(con.execute(f"SELECT article_id, text FROM articles "
                                f"WHERE article_id IN ({marks})", wanted).fetchall())
    except sqlite3.Error:
        return {}
    finally:
        con.close()


def paragraphs(claims: pd.DataFrame, texts: Mapping[str, str]) -> list:
    """For each claim row, `paragraph_around` its quote in its article's text (None when
    the text is not there)."""
    return [paragraph_around(texts.get(a), s, e)
            for a, s, e in zip(claims["article_id"], claims["quote_start"], claims["quote_end"])]


def dates_from_box(selection: Mapping, first: dt.date | None,
                   last: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The date range of a box dragged on the timeline (plotly's selection event, as
    st.plotly_chart keeps it: {"box": [{"x": [x0, x1], ...}], ...}), kept inside the
    store's span; None when there is no box or it lies outside the span."""
    boxes = (selection or {}).get("box") or []
    xs = [x for box in boxes for x in (box.get("x") or [])]
    if len(xs) < 2 or first is None or last is None:
        return None
    try:
        days = sorted(pd.Timestamp(x).date() for x in xs)
    except (TypeError, ValueError):
        return None
    lo, hi = max(days[0], first), min(days[-1], last)
    return (lo, hi) if lo <= hi else None


CLAIM_EXPORT_NAMES = {"article_title": "title", "article_outlet": "outlet",
                      "article_url": "url", "article_published": "published"}


def claims_export(selection: Selection) -> pd.DataFrame:
    """The claims CSV: every claim in view with its hedge, date expression (date_text),
    whom it blames, and its article's title, outlet, url and publication date."""
    return evidence(selection).rename(columns=CLAIM_EXPORT_NAMES)


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a BOM, so spreadsheet programs read the Arabic). Text cells a
    spreadsheet would run as a formula (=, +, -, @, tab or CR first) get an apostrophe in
    front: the rule of `--out` (loaders.spreadsheet), applied column by column."""
    safe = df.copy()
    for col in safe.columns:
        values = safe[col]
        if pd.api.types.is_bool_dtype(values):   # the contract writes true / false
            safe[col] = np.where(values.fillna(False).to_numpy(dtype=bool), "true", "false")
        elif pd.api.types.is_datetime64_any_dtype(values):
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
                   "n_sources", "n_articles", "contested", "scope", "claimants",
                   "grade", "grade_source")


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
    if filters.grades:
        params["grade"] = list(filters.grades)
    if filters.show_discounted:
        params["discounted"] = "1"
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
        grades=tuple(g for g in params.get("grade", []) if g in GRADES),
        show_discounted=(one("discounted") or "").lower() in ("1", "true", "yes"),
    )


# ---------------------------------------------------------------- sources compared

def _source_figures(selection: Selection) -> pd.DataFrame:
    """One row per (strike, claimant): the claimant's civilian figure there (a range by
    its midpoint, a denial as 0; several figures by their median) and when it first
    said anything about it. Tallies are left out: totals of different periods and
    areas are not comparable."""
    inc = selection.incidents
    strikes = inc.loc[inc["kind"].ne("tally"), "incident_row"].to_numpy()
    claims = selection.claim_columns(["incident_row", "claimant", "stance", "civilians_min",
                                      "civilians_max", "article_published"],
                                     incident_rows=strikes)
    lo = claims["civilians_min"].astype("Float64")
    hi = claims["civilians_max"].astype("Float64")
    figure = ((lo.fillna(hi) + hi.fillna(lo)) / 2).astype(float)
    denial = claims["stance"].eq("denies") & hi.fillna(0).eq(0)
    figure = figure.where(~denial, 0.0)
    frame = pd.DataFrame({"incident_row": claims["incident_row"].to_numpy(),
                          "claimant": claims["claimant"].to_numpy(),
                          "figure": figure.to_numpy(dtype=float),
                          "denies": denial.to_numpy(dtype=bool),
                          "published": claims["article_published"].to_numpy()})
    return (frame.groupby(["incident_row", "claimant"], sort=False)
            .agg(figure=("figure", "median"), denies=("denies", "any"),
                 published=("published", "min")).reset_index())


def source_pairs(selection: Selection, min_shared: int = 1) -> pd.DataFrame:
    """For each pair of claimants, on the strikes both give a civilian figure for: how
    many (`shared`), how often their figures differ at all (`differ`) and by a factor
    of two or more, a denial against a toll included (`far`), and the median gap in
    civilians (`median_gap`). Both orders of each pair are listed (a square matrix)."""
    cols = ["a", "b", "shared", "differ", "far", "median_gap"]
    figures = _source_figures(selection).dropna(subset=["figure"])
    if figures.empty:
        return pd.DataFrame(columns=cols)
    pairs = figures.merge(figures, on="incident_row", suffixes=("_a", "_b"))
    pairs = pairs[pairs["claimant_a"] != pairs["claimant_b"]]
    a, b = pairs["figure_a"], pairs["figure_b"]
    low, high = np.minimum(a, b), np.maximum(a, b)
    pairs = pairs.assign(gap=(a - b).abs(), differ=a.ne(b),
                         far=(high >= 2 * low) & high.gt(0))
    out = (pairs.groupby(["claimant_a", "claimant_b"])
           .agg(shared=("incident_row", "size"), differ=("differ", "sum"),
                far=("far", "sum"), median_gap=("gap", "median")).reset_index()
           .rename(columns={"claimant_a": "a", "claimant_b": "b"}))
    return out[out["shared"] >= min_shared][cols].reset_index(drop=True)


def source_profiles(selection: Selection) -> pd.DataFrame:
    """Per claimant: strikes it spoke about, how many it denied, how often it was the
    first to report a strike that another source also reported (by the publication
    date of its earliest article on it) and its median lead in days when it was."""
    cols = ["claimant", "name", "strikes", "denials", "first", "reported_by_others",
            "median_lead_days"]
    figures = _source_figures(selection)
    if figures.empty:
        return pd.DataFrame(columns=cols)
    per = figures.groupby("claimant").agg(strikes=("incident_row", "size"),
                                          denials=("denies", "sum"))
    dated = figures.dropna(subset=["published"]).sort_values(["incident_row", "published"])
    counts = dated.groupby("incident_row")["claimant"].transform("size")
    dated = dated[counts >= 2]
    order = dated.groupby("incident_row").cumcount()
    first = dated[order == 0].set_index("incident_row")
    second = dated[order == 1].set_index("incident_row")["published"]
    lead = (second.reindex(first.index) - first["published"]).dt.days
    first = first.assign(lead=lead)
    first = first[first["lead"] > 0]           # a tie is nobody's lead
    per["first"] = first.groupby("claimant").size()
    per["reported_by_others"] = dated.groupby("claimant").size()
    per["median_lead_days"] = first.groupby("claimant")["lead"].median()
    per = per.fillna({"first": 0, "reported_by_others": 0}).reset_index()
    names = (selection.claim_columns(["claimant", "claimant_short"])
             .drop_duplicates("claimant").set_index("claimant")["claimant_short"])
    per["name"] = per["claimant"].map(names).fillna(per["claimant"])
    per[["first", "reported_by_others"]] = per[["first", "reported_by_others"]].astype(int)
    return per.sort_values(["strikes", "claimant"], ascending=[False, True])[cols].reset_index(
        drop=True)
