"""Shared fixtures: stores written through `loaders.store`, never by hand-written SQL.

- `write_store(path, articles, incidents)` writes Article/Claim/Incident records (and the
  claimant lexicon from data/claimants.csv) into a fresh SQLite store.
- `sample_store`: the bundled sample corpus loaded by `python -m loaders` (once per run,
  with `sample_tables`, its CSV export).
- `empty_store`: a path where no store exists yet.
- `article`, `claim`, `incident`: records with the bookkeeping filled in;
  `miniature_store` / `hostile_store`: six incidents modelled on the sample articles
  (the hostile one has an HTML payload in an article title, a quote and a place).
"""
from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from loaders.records import Article, Claim, Incident
from loaders.store import connect, replace_incidents, replace_reference, save_articles

REPO = Path(__file__).resolve().parents[1]


def claimant_rows(path: Path = REPO / "data" / "claimants.csv") -> list[tuple]:
    """(claimant_id, name_en, name_ar, source_kind, side) from the lexicon file."""
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [(r["claimant_id"], r["name_en"], r["name_ar"], r["source_kind"], r["side"])
            for r in csv.DictReader(lines)]


def write_store(db_path: Path, articles: list[Article], incidents: list[Incident],
                places: list[tuple] = ()) -> Path:
    """Write records into a new store at db_path; claims keep their incident_id."""
    con = connect(db_path)
    save_articles(con, articles)
    by_incident: dict[str, list[str]] = {}
    assignment = {}
    for record in articles:
        for c in record.claims:
            assignment[c.claim_id] = c.incident_id
            names = by_incident.setdefault(c.incident_id, [])
            if c.claimant not in names:
                names.append(c.claimant)
    replace_incidents(con, incidents, by_incident, assignment)
    replace_reference(con, places, claimant_rows())
    con.commit()
    con.close()
    return db_path


PARAGRAPH_TAIL = " وأضاف المصدر أن فرق الإنقاذ ما زالت تبحث تحت الأنقاض."


def article(article_id: str, claims: list[Claim], **fields) -> Article:
    """An Article record with its claims (ids and defaults filled in). Unless a text is
    given, the article's text is its title, then one paragraph per claim: the claim's
    quote (its offsets point at it) and a sentence of context after it."""
    text, quoted = fields.pop("text", None), []
    if text is None:
        text = fields.get("title") or article_id
        for c in claims:
            text += "\n\n"
            quoted.append((len(text), len(text) + len(c.quote or "")))
            text += (c.quote or "") + PARAGRAPH_TAIL
    claims = tuple(replace(c, article_id=article_id, seq=n,
                           claim_id=c.claim_id or f"{article_id}-{n}",
                           **(dict(quote_start=quoted[n][0], quote_end=quoted[n][1])
                              if quoted else {}))
                   for n, c in enumerate(claims))
    return Article(article_id=article_id, path=f"/articles/{article_id}.txt",
                   sha256=article_id.ljust(64, "0"), status=fields.pop("status", "ok"),
                   claims=claims, text=text, **fields)


def incident(incident_id: str, claims: list[Claim], **fields) -> Incident:
    """An Incident record whose counts and toll are computed from its claims."""
    mine = [c for c in claims if c.incident_id == incident_id]
    lows = [c.civilians_min for c in mine if c.civilians_min is not None]
    highs = [c.civilians_max for c in mine if c.civilians_max is not None]
    defaults = dict(kind="event", date_start=None, date_end=None, date_precision="",
                    place_id=None, place_name_en="", place_name_ar="", lat=None, lon=None,
                    geo_precision="", contested=False)
    defaults.update(fields)
    return Incident(incident_id=incident_id, civilians_min=min(lows, default=None),
                    civilians_max=max(highs, default=None), n_claims=len(mine),
                    n_sources=len({c.claimant for c in mine}),
                    n_articles=len({c.article_id for c in mine}), **defaults)


@pytest.fixture
def empty_store(tmp_path) -> Path:
    return tmp_path / "empty.sqlite"


@pytest.fixture(scope="session")
def sample_store(sample_tables) -> Path:
    """The store the loaders' command line built from the sample corpus (data/articles).
    Shared by the session: copy it before writing to it."""
    return sample_tables / "rasd.sqlite"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------- a miniature corpus
# Six incidents modelled on the sample articles: the contested Hajin strike with four
# sources, al-Sousa with an "assessing" coalition, two country-wide tallies (not on the
# map), one undated and one unlocated incident.

HOSTILE = "<img src=x onerror=alert(1)>"
MINI_PLACES = [
    ("hajin", "Hajin", "هجين", "town", 34.69, 40.83, "Abu Kamal", "town", "high"),
    ("al_sousa", "al-Sousa", "السوسة", "town", 34.50, 40.99, "Abu Kamal", "town", "high"),
    ("syria", "Syria", "سوريا", "country", 35.0, 38.5, "", "country", "high"),
]


def claim(incident_id, claimant, stance, low=None, high=None, **kw) -> Claim:
    """A Claim about an incident: low/high are the civilian toll (ids come from `article`)."""
    return Claim(claim_id="", article_id="", claimant=claimant, stance=stance,
                 perpetrator=kw.pop("perpetrator", "coalition"), civilians_min=low,
                 civilians_max=high, incident_id=incident_id, **kw)


def miniature_records(hostile: bool = False):
    """(articles, incidents, places) of the miniature corpus; `hostile` puts an HTML
    payload in an article title, a quote and a place as written."""
    bad = f" {HOSTILE}" if hostile else ""
    by_article = {
        "000_enab": [
            claim("hajin-1117", "coalition", "denies", 0, 0, date_start=day("2018-11-17"),
                   quote="نفى التحالف الدولي استهداف المدنيين في منطقة هجين" + bad,
                   place_text="هجين" + bad),
            claim("hajin-1117", "sana", "alleges", 20, 99, hedge="vague",
                   quote="اتهمت التحالف الدولي بقتل عشرات المدنيين في ريف دير الزور الشرقي"),
            claim("hajin-1117", "amaq", "alleges", 40, 40, hedge="about",
                   quote="نحو 40 شخصًا من أهالي قرية البقعان بناحية هجين"),
            claim("hajin-undated", "local", "alleges", 20, 99, hedge="vague",
                   quote="وقتل عشرات المدنيين بغارات التحالف الدولي خلال الأسابيع الماضية"),
        ],
        "002_afp": [
            claim("hajin-1117", "sohr", "alleges", 36, 36, killed_min=43, killed_max=43,
                   date_start=day("2018-11-17"),
                   quote="أحصى المرصد السوري لحقوق الإنسان السبت مقتل 43 شخصاً بينهم 36 مدنياً"),
            claim("nov-unlocated", "sohr", "alleges", 20, 99, hedge="vague",
                   quote="ما أوقع عشرات القتلى بينهم مدنيون وفق المرصد"),
        ],
        "003_horrya": [
            claim("tally-2014", "coalition", "acknowledges", 1302, 1302, kind="tally",
                   hedge="at_least",
                   quote="ما لا يقل عن 1302 مدني قتلوا دون قصد نتيجة لغارات التحالف"),
            claim("tally-2014", "srg", "alleges", 3712, 3712, kind="tally",
                   quote="وثق تجمع ثوار سوريا مقتل 3712 مدنياً من السوريين"),
            claim("tally-2018", "srg", "alleges", 348, 348, kind="tally",
                   quote="قصف قوات التحالف قتل 348 مدنياً معظمهم من النساء والأطفال"),
        ],
        "004_reuters": [
            claim("sousa-0712", "sohr", "alleges", 28, 28, killed_min=54, killed_max=54,
                   quote="مما أدى لمقتل 54 شخصا بينهم 28 مدنيا ومقاتلون من التنظيم"),
            claim("sousa-0712", "coalition", "assessing",
                   quote="أن التحالف سيقيّم التقرير الذي يتحدث عن سقوط ضحايا مدنيين"),
            claim("sousa-0712", "sana", "alleges", 30, 30, hedge="about",
                   quote="حملت وكالة الأنباء السورية سانا التحالف مسؤولية مقتل نحو ثلاثين مدنيا"),
            claim("sousa-0712", "syria_mofa", "alleges",
                   quote="ووصفت وزارة الخارجية السورية الهجوم بالمجزرة"),
        ],
    }
    meta = {
        "000_enab": dict(title="التحالف ينفي استهداف المدنيين في هجين" + bad,
                         outlet="Enab Baladi", status="undated",
                         reason="no publication date found"),
        "002_afp": dict(title="التحالف ينفي مقتل مدنيين في ضرباته الأخيرة",
                        outlet="AFP", published=day("2018-11-18"),
                        published_from="front_matter"),
        "003_horrya": dict(title="التحالف الدولي يقر بمقتل 1300 مدني", outlet="Horrya Press",
                           published=day("2019-06-01"), published_from="text"),
        "004_reuters": dict(title="طيران التحالف الدولي يرتكب مجزرة جديدة بدير الزور",
                            outlet="Reuters", published=day("2018-07-13"),
                            published_from="front_matter"),
    }
    articles = [article(a, claims, **meta[a]) for a, claims in by_article.items()]
    claims = [c for a in articles for c in a.claims]
    hajin = dict(place_id="hajin", place_name_en="Hajin", place_name_ar="هجين",
                 lat=34.69, lon=40.83, geo_precision="town")
    syria = dict(place_id="syria", place_name_en="Syria", place_name_ar="سوريا",
                 lat=35.0, lon=38.5, geo_precision="country")
    incidents = [
        incident("hajin-1117", claims, date_start=day("2018-11-17"),
                 date_end=day("2018-11-17"), date_precision="day", contested=True, **hajin),
        incident("hajin-undated", claims, **hajin),
        incident("nov-unlocated", claims, date_start=day("2018-11-01"),
                 date_end=day("2018-11-18"), date_precision="range"),
        incident("sousa-0712", claims, date_start=day("2018-07-12"),
                 date_end=day("2018-07-12"), date_precision="day", place_id="al_sousa",
                 place_name_en="al-Sousa", place_name_ar="السوسة", lat=34.50, lon=40.99,
                 geo_precision="town"),
        incident("tally-2014", claims, kind="tally", date_start=day("2014-08-01"),
                 date_end=day("2019-04-30"), date_precision="range", **syria),
        incident("tally-2018", claims, kind="tally", date_start=day("2018-01-01"),
                 date_end=day("2018-12-31"), date_precision="year", **syria),
    ]
    return articles, incidents, MINI_PLACES


@pytest.fixture
def miniature_store(tmp_path) -> Path:
    articles, incidents, places = miniature_records()
    return write_store(tmp_path / "mini.sqlite", articles, incidents, places)


@pytest.fixture
def hostile_store(tmp_path) -> Path:
    articles, incidents, places = miniature_records(hostile=True)
    return write_store(tmp_path / "hostile.sqlite", articles, incidents, places)


@pytest.fixture(scope="session")
def sample_tables(tmp_path_factory) -> Path:
    """The sample corpus loaded by the CLI into a fresh store, with the contract's CSVs."""
    out = tmp_path_factory.mktemp("sample-tables")
    result = subprocess.run(
        [sys.executable, "-m", "loaders", str(REPO / "data" / "articles"),
         "--db", str(out / "rasd.sqlite"), "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out
