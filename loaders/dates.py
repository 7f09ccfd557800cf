"""Find date expressions in Arabic news text and resolve them against the publication date.

Our own span finder: dateparser's `search_dates` reads casualty counts (1302) as years
and knows no Levantine months without a locale, so we match calendar words from
`data/calendar.yaml` with compiled regexes over normalised text, then resolve:

- a date with no year takes the publication year, one year back if it would fall after
  publication;
- a weekday is the latest such day on or before publication ("الماضي" → strictly before);
- parts of day (فجر، ليل، مساء) qualify a day and never move it;
- relative expressions in an undated article stay unresolved (start = end = None).

>>> import datetime as dt
>>> [(m.text, m.start.isoformat()) for m in find_dates("قتل 5 مدنيين فجر أمس السبت", dt.date(2018, 11, 18))]
[('فجر أمس السبت', '2018-11-17')]
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from .lexicon import load_calendar
from .normalize import Text, key, normalize, normalize_pattern
from .records import DateMention

_ENGLISH_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_ENGLISH_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})


def _alt(words) -> str:
    keys = sorted({key(w) for w in words if key(w)}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


@dataclass(frozen=True)
class _Patterns:
    regexes: tuple[tuple[str, re.Pattern], ...]
    gates: dict
    month_of: dict[str, int]
    hijri_of: dict[str, int]
    weekday_of: dict[str, int]
    relative_of: dict[str, int]
    part_days: dict[str, tuple[int, int]]
    part_of: dict[str, str]
    past: frozenset[str]
    ordinal_of: dict


# Written with digits the same way in every language: 18/11/2018, 18.11.2018, 2018-11-18
_NUMERIC_DATE = r"(?<![\d.\-/])(?P<day>[0-3]?\d)[/.\-](?P<mnum>[01]?\d)[/.\-](?P<year>(?:19|20)\d\d)(?![\d.\-/])"
_ISO_DATE = r"(?<![\d\-])(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d\-])"


@functools.lru_cache(maxsize=4)
def _patterns(calendar_path: str | None = None) -> _Patterns:
    cal = load_calendar(calendar_path)
    month_of = {key(w): int(m) for m, ws in cal["months"].items() for w in ws}
    month_of.update({w.lower(): m for w, m in _ENGLISH_MONTHS.items()})
    hijri_of = {key(w): int(m) for m, ws in cal["hijri_months"].items() for w in ws}
    weekday_of = {key(w): int(d) for d, ws in cal["weekdays"].items() for w in ws}
    relative_of = {key(w): int(d) for d, ws in cal["relative_days"].items() for w in ws}
    part_of, part_days = {}, {}
    for name, spec in cal["month_parts"].items():
        for w in spec["words"]:
            part_of[key(w)] = name
        part_days[name] = tuple(spec["days"])
    arabic_months = [w for ws in cal["months"].values() for w in ws if not w.isascii()]
    english_months = [w for ws in cal["months"].values() for w in ws if w.isascii()]

    M = rf"(?P<month>{_alt(arabic_months)})(?!\w)"
    M2 = rf"(?:\s*[/(]\s*(?:{_alt(arabic_months)})(?!\w)(?:\s*\))?)?"           # نيسان/أبريل
    EM = rf"(?P<month>{_alt(english_months)})(?![A-Za-z])"
    Y = r"(?:\s*[,،]?\s*(?:من\s+)?(?:العام|عام|سنه|السنه)?\s*(?:(?:الحالي|الجاري|الماضي)\s+)?(?P<year>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?)"
    D = r"(?<!\d)(?:ال\s?)?(?P<day>[0-3]?\d)(?![\d:.,/])"
    OF = r"\s*(?:من\s+)?(?:شهر\s+)?"
    CUR = rf"(?:\s+(?P<cur>{_alt(cal['current_markers'])}|الماضي|المنصرم|الفائت))?"
    W = rf"(?P<weekday>{_alt(w for ws in cal['weekdays'].values() for w in ws if w.startswith(('ال', 'الإ', 'الأ')))})"
    W_BARE = rf"(?P<weekday>{_alt(w for ws in cal['weekdays'].values() for w in ws)})"
    PART = rf"(?:(?P<part>{_alt(cal['parts_of_day'])})\s+)"
    REL = rf"(?P<rel>{_alt(w for ws in cal['relative_days'].values() for w in ws)})"
    PAST = rf"(?:\s+(?P<past>{_alt(cal['past_markers'])}))?"
    MP = rf"(?P<mpart>{_alt(part_of)})(?!\w)"
    HM = rf"(?P<hmonth>{_alt(w for ws in cal['hijri_months'].values() for w in ws)})(?!\w)"
    LEAD = r"(?<!\w)(?:[وفبل](?=\w))?"

    ORD = rf"(?P<oday>{_alt(w for ws in cal['ordinal_days'].values() for w in ws)})"
    CURW = rf"(?P<cur2>{_alt(cal['current_markers'])}|الماضي|المنصرم|الفائت)"
    regexes = (
        ("hijri", rf"(?:(?:يوم\s+)?{W_BARE.replace('weekday', 'hwd')}\s+)?{D}{OF}{HM}\s*(?P<hyear>1[34]\d\d)\s*(?:هـ|ه)(?!\w)"),
        ("english", rf"(?<![A-Za-z]){EM}\.?\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\d\d)(?!\d)"),
        ("english_dmy", rf"(?<!\d)(?P<day>[0-3]?\d)\s+{EM}\.?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)"),
        ("numeric", _NUMERIC_DATE),
        ("iso", _ISO_DATE),
        ("dayrange", rf"(?:بين|من)\s+{D.replace('day', 'day1')}\s*(?:و|الى|إلى|حتى|-)\s*{D}{OF}{M}{M2}{Y}?"),
        ("day", rf"{D}{OF}{M}{M2}{CUR}{Y}?"),
        ("ordday", rf"(?<!\w){ORD}\s+من\s+(?:شهر\s+)?{M}{M2}{CUR}{Y}?"),
        ("daythismonth", rf"(?:{D}|(?<!\w){ORD})\s*(?:من\s+)?(?:ال)?شهر\s+{CURW}"),
        ("yearpart", rf"{LEAD}{MP}\s+(?:ال)?(?:عام|سنه)(?:\s+(?:{CURW}|(?P<year>(?:19|20)\d\d)(?!\d)))?"),
        ("ago", rf"{LEAD}قبل\s+(?:(?P<n>\d+|{_alt(_NUM_WORDS)})\s+)?(?P<unit>يومين|ايام|يوما|يوم|اسبوعين|اسبوع|ساعات|ساعه|شهر|شهرين|اشهر)(?!\w)"),
        ("monthpart", rf"{LEAD}{MP}\s+(?:شهر\s+)?(?:{M}{M2}{CUR}{Y}?|(?P<thismonth>الشهر)\s+(?P<cur2>{_alt(cal['current_markers'])}|الماضي|المنصرم|الفائت))"),
        ("monthyear", rf"(?:شهر\s+)?{M}{M2}{Y}"),
        ("month", rf"(?:(?<=في\s)|(?<=خلال\s)|(?<=منذ\s)|(?<=حتى\s)|(?:شهر\s+)){M}{M2}{CUR}(?!\s*\d)"),
        ("month_shahr", rf"(?<!\w)شهر\s+{M}{M2}{CUR}(?!\s*\d)"),
        ("thismonth", rf"{LEAD}(?:ال)?شهر\s+(?P<cur2>{_alt(cal['current_markers'])}|الماضي|المنصرم|الفائت)"),
        ("year", rf"{LEAD}(?:العام|عام|سنه|السنه|مطلع\s+عام|مطلع\s+العام)\s+(?P<year>(?:19|20)\d\d)(?!\d)|(?<!\d)(?P<year2>(?:19|20)\d\d)\s*م(?!\w)"
                 # "شنهما في 2019": a bare year after في/خلال, not a count ("في 2000 غارة")
                 rf"|(?<!\w)[وف]?(?:في|خلال|طيله|طوال)\s+(?P<year3>(?:199\d|20[0-3]\d))(?![\d.,،/])"
                 rf"(?!\s*(?:و\s*\d|غار|ضرب|مدني|شخص|قتيل|طفل|عنصر|مقاتل|صاروخ|برميل|قذيف|اشخاص|الف|الاف))"),
        ("thisyear", rf"{LEAD}(?:ال)?(?:عام|سنه)\s+(?P<cur2>{_alt(cal['current_markers'])}|الماضي|المنصرم|الفائت)"),
        ("lastn", rf"{LEAD}(?:خلال|في|طيله|على\s+مدى|على\s+مدار)\s+(?:ال\s?)?(?P<n>\d+|{_alt(_NUM_WORDS)})?\s*(?P<unit>ساعه|ساعات|يوما|يوم|ايام|الايام|الساعات|اسبوع|اسابيع|الاسابيع|الاسبوعين|اسبوعين|يومين|اليومين|شهر|اشهر|الاشهر|الشهرين)\s*(?:(?:ال\s?)?(?P<n2>\d+|{_alt(_NUM_WORDS)})\s+)?(?:الماضيين|الاخيرين|الماضيه|الماضي|الفائته|الاخيره|المنصرمه)(?!\w)"),
        ("lastweek", rf"{LEAD}(?:ال)?اسبوع\s+(?:الماضي|الفائت|المنصرم)"),
        ("relweekday", rf"{LEAD}{PART}?{REL}(?:\s+{W_BARE})?"),
        ("weekday", rf"{LEAD}(?:(?:يوم|نهار)\s+)?{PART}?(?:(?:يوم|نهار)\s+)?(?:{W}|(?<=يوم\s){W_BARE.replace('weekday', 'weekday2')}){PAST}"),
    )
    compiled = tuple((name, re.compile(normalize_pattern(rx))) for name, rx in regexes)
    # Cheap tests that let a sentence skip patterns that cannot match it.
    words = [w for ws in cal["weekdays"].values() for w in ws] + \
        [w for ws in cal["relative_days"].values() for w in ws] + [
            "شهر", "عام", "العام", "سنه", "اسبوع", "اسابيع", "ساعه", "ساعات", "يوم", "ايام"]
    gates = {
        "digit": re.compile(r"\d"),
        "latin": re.compile(r"[A-Za-z]"),
        "month": re.compile(normalize_pattern(rf"(?:{_alt(arabic_months)})")),
        "word": re.compile(normalize_pattern(rf"(?:{_alt(words)})")),
        "hijri": re.compile(normalize_pattern(r"\d\s*(?:هـ|ه)(?!\w)")),
    }
    return _Patterns(compiled, gates, month_of, hijri_of, weekday_of, relative_of, part_days,
                     part_of, frozenset(key(w) for w in cal["past_markers"]),
                     {key(w): int(d) for d, ws in cal["ordinal_days"].items() for w in ws})


_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "a": 1, "few": 3, "several": 3, "a few": 3}
_EN_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


@functools.lru_cache(maxsize=4)
def _en_patterns(calendar_path: str | None = None) -> _Patterns:
    """English date patterns, built from the English pack's calendar words (data/en/calendar.yaml).

    Each has a name that `_resolve` knows; the words are data, the shapes are here."""
    cal = load_calendar(calendar_path, language="en")
    month_of = {key(w): int(m) for m, ws in cal["months"].items() for w in ws}
    weekday_of = {key(w): int(d) for d, ws in cal["weekdays"].items() for w in ws}
    relative_of = {key(w): int(d) for d, ws in cal["relative_days"].items() for w in ws}
    part_of, part_days = {}, {}
    for name, spec in cal["month_parts"].items():
        for w in spec["words"]:
            part_of[key(w)] = name
        part_days[name] = tuple(spec["days"])
    EM = rf"(?P<month>{_alt(w for ws in cal['months'].values() for w in ws)})(?![a-z])\.?"
    # full weekday names only: "sat", "sun", "wed" are words too
    WD = _alt(w for ws in cal["weekdays"].values() for w in ws if len(w) > 4)
    W = rf"(?P<weekday>{WD})(?![a-z])"
    ORD = r"(?:st|nd|rd|th)?"
    D = rf"(?<![\d.])(?P<day>[0-3]?\d){ORD}(?![\d:])"
    Y = r"(?P<year>(?:19|20)\d\d)(?!\d)"
    PART = rf"(?:\s+(?:{_alt(cal['parts_of_day'])}))?"
    PAST = rf"(?:(?P<past>{_alt(cal['past_markers'])})\s+)?"
    NUM = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|few|several)"
    regexes = (
        ("english", rf"(?<![a-z]){EM}\s+{D},?\s+{Y}"),
        ("english_dmy", rf"(?:the\s+)?{D}\s+(?:of\s+)?{EM}[,،]?\s*{Y}"),
        ("numeric", _NUMERIC_DATE),
        ("iso", _ISO_DATE),
        ("dayrange", rf"(?<![a-z]){EM}\s+(?P<day1>[0-3]?\d){ORD}\s*(?:-|–|to|and)\s*{D}(?:,?\s+{Y})?"),
        ("dayrange", rf"(?:between\s+|from\s+)?(?:the\s+)?(?P<day1>[0-3]?\d){ORD}\s*(?:-|–|to|and)\s*(?:the\s+)?{D}\s+(?:of\s+)?{EM}(?:,?\s+{Y})?"),
        ("day", rf"(?<![a-z]){EM}\s+{D}(?!,?\s+(?:19|20)\d\d)(?!\s*(?:km|miles|people|civilians))"),
        ("day", rf"(?:the\s+)?{D}\s+(?:of\s+)?{EM}(?![,،]?\s*(?:19|20)\d\d)"),
        ("monthpart", rf"(?<![a-z])(?P<mpart>{_alt(part_of)})[\s\-]+(?:of\s+)?{EM}(?:\s+{Y})?"),
        ("monthyear", rf"(?<![a-z])(?:the\s+month\s+of\s+)?{EM},?\s+{Y}"),
        ("month", rf"(?<![a-z])(?:(?:in|during|since|until|through|throughout|of)\s+(?:the\s+month\s+of\s+)?|the\s+month\s+of\s+){EM}(?!\s*\d)"),
        ("en_lastn", rf"(?<![a-z])(?:(?P<prep>in|over|during|within|for|the)\s+)?(?:the\s+)?(?P<lead>past|last|previous)\s+(?:{NUM}\s+)?(?P<unit>hours?|days?|weeks?|months?)(?![a-z])"),
        ("en_thismonth", r"(?<![a-z])(?:(?:earlier|later)\s+)?(?P<cur2>this|last|past|previous)\s+month(?![a-z])"),
        ("en_thisyear", r"(?<![a-z])(?:(?:earlier|later)\s+)?(?P<cur2>this|last|past|previous)\s+year(?![a-z])"),
        ("year", r"(?<![a-z])(?:in|since|during|throughout|until|of)\s+(?:the\s+year\s+)?(?P<year3>(?:199\d|20[0-3]\d))(?![\d.,/])(?!\s*(?:civilians|people|strikes|air|raids|children|women|were|had|have))"),
        ("weekdayrange", rf"(?<![a-z])(?:overnight\s+|between\s+|from\s+)?(?:on\s+)?(?P<wd1>{WD})(?:\s+night)?\s+(?:to|and|into)\s+(?P<wd2>{WD})(?![a-z])"),
        ("relweekday", rf"(?<![a-z])(?P<rel>{_alt(w for ws in cal['relative_days'].values() for w in ws)})(?![a-z])"),
        ("weekday", rf"(?<![a-z])(?:on\s+)?{PAST}{W}{PART}"),
    )
    eras = {key(str(k)): v for k, v in (cal.get("eras") or {}).items()}
    if eras:
        regexes = ((("en_era", rf"(?<![a-z])since\s+(?:the\s+)?(?:start|beginning|launch|outset)\s+of\s+"
                     rf"(?P<era>{_alt(eras)})(?![a-z])"),) + regexes)
    _ERAS[calendar_path] = {k: (v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)))
                            for k, v in eras.items()}
    compiled = tuple((name, re.compile(rx)) for name, rx in regexes)
    return _Patterns(compiled, {}, month_of, {}, weekday_of, relative_of, part_days, part_of,
                     frozenset(key(w) for w in cal["past_markers"]),
                     {key(w): int(d) for d, ws in cal["ordinal_days"].items() for w in ws})


# a wire dateline: "BEIRUT, Nov 18 (Reuters) -", "MOSCOW, April 13./TASS/.": the day the copy
# was filed, not the day of the strike
_EN_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,30},\s*$")
_EN_ANAPHORA = re.compile(r"\b(?:during|in|over|throughout)\s+(?:this|that|the\s+same)\s+(?:period|month|time)\b")


_ERAS: dict = {}     # calendar path → {era words: its first day}


def _resolve_en(name: str, g: dict, published: dt.date | None, pat: _Patterns, calendar_path=None):
    """The English-only shapes; the others go through `_resolve`."""
    if published is None:
        return None
    if name == "en_era":
        start = _ERAS.get(calendar_path, {}).get(re.sub(r"\s+", " ", g["era"]))
        return (start, published, "range", True, False) if start and start <= published else None
    if name == "en_lastn":
        unit = g["unit"].rstrip("s")
        n_txt = re.sub(r"\s+", " ", g.get("n") or "")
        n = int(n_txt) if n_txt.isdigit() else _EN_NUMBERS.get(n_txt, 1)
        days = max(1, round(n * _EN_UNIT_DAYS[unit] + (0.49 if unit == "hour" else 0)))
        if g.get("lead") == "last" and not g.get("n") and not g.get("prep") and unit in ("week", "month"):
            # "last week" (as «الأسبوع الماضي»): the week before, ending the day before publication
            return published - dt.timedelta(days=days), published - dt.timedelta(days=1), "range", True, False
        return published - dt.timedelta(days=days), published, "range", True, False
    if name == "en_thismonth":
        y, mo = published.year, published.month
        if g["cur2"] != "this":
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        s_, e_ = _month_bounds(y, mo)
        return s_, min(e_, published), "month", True, False
    if name == "en_thisyear":
        y = published.year - (0 if g["cur2"] == "this" else 1)
        return dt.date(y, 1, 1), min(dt.date(y, 12, 31), published), "year", True, False
    if name == "weekdayrange":
        w1, w2 = pat.weekday_of.get(g["wd1"]), pat.weekday_of.get(g["wd2"])
        end = _latest_weekday(published, w2, False)
        start = end - dt.timedelta(days=(w2 - w1) % 7)
        return start, end, "range", True, False
    return None


_THIS = frozenset(key(w) for w in ("الجاري", "الحالي", "هذا"))
_NUM_WORDS = {"ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6,
              "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "عشره": 10, "عشر": 10}


def _shift_year(d_month: int, day: int | None, year: int | None, published: dt.date | None,
                *, end_of_month: bool = False) -> int | None:
    if year:
        return year
    if published is None:
        return None
    y = published.year
    probe_day = 1 if day is None else min(day, calendar.monthrange(y, d_month)[1])
    if dt.date(y, d_month, probe_day) > published:
        y -= 1
    return y


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Umm al-Qura calendar (hijridate); dates observed by sighting may differ by a day.

    >>> hijri_to_gregorian(1440, 1, 1)
    datetime.date(2018, 9, 11)
    """
    from hijridate import Hijri
    try:
        g = Hijri(year, month, day).to_gregorian()
        return dt.date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def _month_of(pat: _Patterns, word: str) -> int | None:
    word = re.sub(r"\s+", " ", word)
    return pat.month_of.get(word) or pat.month_of.get(word.lower())


def _latest_weekday(published: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - dt.timedelta(days=delta)


def _resolve(name: str, m: re.Match, pat: _Patterns, published: dt.date | None):
    """(start, end, precision, relative, open_start) for one regex match, or None to skip."""
    g = m.groupdict()
    if name == "hijri":
        month = pat.hijri_of.get(re.sub(r"\s+", " ", g["hmonth"]))
        day = int(g["day"])
        if not month or not 1 <= day <= 30:
            return None
        d = hijri_to_gregorian(int(g["hyear"]), month, day)
        wd = pat.weekday_of.get(g.get("hwd") or "")
        if d and wd is not None and d.weekday() != wd:
            # the text's own weekday settles the day where sighting and calendar differ
            for shift in (1, -1):
                if (d + dt.timedelta(days=shift)).weekday() == wd:
                    d = d + dt.timedelta(days=shift)
                    break
        return (d, d, "day", False, False) if d else None
    if name in ("english", "english_dmy"):
        month = _ENGLISH_MONTHS.get(g["month"].lower().rstrip("."))
        d = month and _safe_date(int(g["year"]), month, int(g["day"]))
        return (d, d, "day", False, False) if d else None
    if name in ("numeric", "iso"):
        d = _safe_date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return (d, d, "day", False, False) if d else None
    if name in ("daythismonth",):
        if published is None:
            return None
        y, mo = published.year, published.month
        if key(g["cur2"]) not in _THIS:
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        day = int(g["day"]) if g.get("day") else pat.ordinal_of.get(g.get("oday") or "", 0)
        d = _safe_date(y, mo, day)
        return (d, d, "day", True, False) if d else None
    if name == "yearpart":
        part = pat.part_of.get(re.sub(r"\s+", " ", g["mpart"]))
        if g.get("year"):
            y, relative = int(g["year"]), False
        elif published is None:
            return None
        else:
            this = not g.get("cur2") or key(g["cur2"]) in _THIS
            y = published.year - (0 if this else 1)
            relative = True
        months = {"start": (1, 3), "middle": (5, 8), "end": (10, 12)}[part]
        return (dt.date(y, months[0], 1), _month_bounds(y, months[1])[1], "range", relative, False)
    if name in ("day", "dayrange", "ordday"):
        month = _month_of(pat, g["month"])
        day = int(g["day"]) if g.get("day") else pat.ordinal_of.get(g.get("oday") or "", 0)
        if not month or not 1 <= day <= 31:
            return None
        year_given = int(g["year"]) if g.get("year") else None
        cur = g.get("cur")
        if cur and key(cur) in pat.past and not year_given and published:
            # "18 من الشهر الماضي"-style is handled by thismonth; here "تموز الماضي"
            year_given = published.year if month < published.month else published.year - 1
        year = _shift_year(month, day, year_given, published)
        if year is None:
            return None
        end = _safe_date(year, month, day)
        if end is None:
            return None
        if name == "dayrange":
            start = _safe_date(year, month, int(g["day1"]))
            if start is None or start > end:
                return None
            return start, end, "range", year_given is None, False
        return end, end, "day", year_given is None, False
    if name in ("monthyear", "month", "month_shahr"):
        month = _month_of(pat, g["month"])
        if not month:
            return None
        year_given = int(g["year"]) if g.get("year") else None
        cur = g.get("cur")
        if cur and key(cur) in pat.past and not year_given and published:
            # "تشرين الثاني الماضي" in November is last year's
            year_given = published.year if month < published.month else published.year - 1
            return (*_month_bounds(year_given, month), "month", True, False)
        year = _shift_year(month, None, year_given, published)
        if year is None:
            return None
        s, e = _month_bounds(year, month)
        return s, e, "month", year_given is None, False
    if name == "monthpart":
        part = pat.part_of.get(re.sub(r"\s+", " ", g["mpart"]))
        if g.get("thismonth"):
            if published is None:
                return None
            y, mo = published.year, published.month
            if key(g["cur2"]) not in _THIS:
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            relative, year_given = True, None
        else:
            mo = _month_of(pat, g["month"])
            if not mo:
                return None
            year_given = int(g["year"]) if g.get("year") else None
            y = _shift_year(mo, None, year_given, published)
            if y is None:
                return None
            relative = year_given is None
        lo, hi = pat.part_days[part]
        last = calendar.monthrange(y, mo)[1]
        s, e = dt.date(y, mo, lo), dt.date(y, mo, min(hi, last))
        if part == "end":
            e = dt.date(y, mo, last)
        return s, e, "range", relative, False
    if name == "thismonth":
        if published is None:
            return None
        y, mo = published.year, published.month
        if key(g["cur2"]) not in _THIS:
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        s, e = _month_bounds(y, mo)
        return s, e, "month", True, False
    if name == "year":
        y = int(g.get("year") or g.get("year2") or g.get("year3"))
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False, False
    if name == "thisyear":
        if published is None:
            return None
        y = published.year
        if key(g["cur2"]) not in _THIS:
            y -= 1
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", True, False
    if name == "lastn":
        if published is None:
            return None
        unit = g["unit"]
        n_txt = g.get("n") or g.get("n2")
        n = int(n_txt) if n_txt and n_txt.isdigit() else _NUM_WORDS.get(n_txt or "", None)
        if "يومين" in unit:
            days = 2
        elif "اسبوعين" in unit:
            days = 14
        elif "شهرين" in unit:
            days = 61
        elif unit.startswith(("ساعه", "ساعات", "الساعات")):
            days = max(1, -(-(n or 24) // 24))
        elif "اسبوع" in unit or "اسابيع" in unit:
            days = 7 * (n or (1 if unit in ("اسبوع",) else 3))
        elif "شهر" in unit or "اشهر" in unit:
            days = 30 * (n or (1 if unit == "شهر" else 3))
        else:
            days = n or (1 if unit in ("يوم", "يوما") else 7)
        return published - dt.timedelta(days=days), published, "range", True, False
    if name == "ago":
        if published is None:
            return None
        unit, n_txt = g["unit"], g.get("n")
        n = int(n_txt) if n_txt and n_txt.isdigit() else _NUM_WORDS.get(n_txt or "", 1)
        days = {"يومين": 2, "اسبوعين": 14, "اسبوع": 7, "شهرين": 61}.get(unit)
        if days is None:
            days = n * (30 if unit in ("شهر", "اشهر") else 1) if not unit.startswith("ساع") else 0
        d = published - dt.timedelta(days=days)
        return d, d, "day", True, False
    if name == "lastweek":
        if published is None:
            return None
        return (published - dt.timedelta(days=7), published - dt.timedelta(days=1),
                "range", True, False)
    if name == "relweekday":
        if published is None:
            return None
        offset = pat.relative_of.get(re.sub(r"\s+", " ", g["rel"]))
        if offset is None:
            return None
        d = published + dt.timedelta(days=offset)
        return d, d, "day", True, False
    if name == "weekday":
        if published is None:
            return None
        wd = pat.weekday_of.get(g.get("weekday") or g.get("weekday2") or "")
        if wd is None:
            return None
        d = _latest_weekday(published, wd, bool(g.get("past")))
        return d, d, "day", True, False
    return None


# Words that make a following "اليوم" not mean today: "اليوم التالي", "في نفس اليوم".
_NOT_TODAY = re.compile(r"^\s*(?:التالي|ذاته|نفسه|السابق|الذي|الاول|الثاني|الثالث)")
# "منذ بدء عملياته … في العام 2014", "منذ اندلاعه في منتصف آذار 2011": since that date
_SINCE_FAR = re.compile(normalize_pattern(r"(?<!\w)[وف]?منذ\s+(?:بدء|بداية|انطلاق|اندلاع|إطلاق|تأسيس|تشكيل)\S*"
                                  r"(?:\s+\S+){0,7}\s+$"))
_GHADAT = re.compile(r"(?:^|\s)[وف]?غداه\s*$")
_SINCE = re.compile(r"(?:^|\s)(?:[وف]?منذ|[وف]?من)\s*$")
_UNTIL = re.compile(normalize_pattern(r"^\s*(?:و?\s*(?:حتى|لغايه|الى|إلى)|و)?\s*$"))
_UNTIL_LEAD = re.compile(normalize_pattern(r"(?:^|\s)[و]?(?:حتى|لغايه|الى)\s*$"))
_BETWEEN = re.compile(r"(?:^|\s)[وف]?(?:بين|من)\s*$")
# "during this period", also "خلال الفترة نفسها/ذاتها", "في نفس الفترة": the period just told
_ANAPHORA = re.compile(r"(?<!\w)(?:خلال|في)\s+(?:(?:هذه|تلك)\s+(?:الفتره|المده)"
                       r"|(?:الفتره|المده)\s+(?:نفسها|ذاتها|عينها)|(?:نفس|ذات)\s+(?:الفتره|المده))(?!\w)")


def find_dates(text: str | Text, published: dt.date | None, *,
               calendar_path: str | None = None, language: str = "ar") -> list[DateMention]:
    """All date expressions in `text`, resolved against `published` (None = undated).

    Spans and texts refer to the original string.

    >>> import datetime as dt
    >>> m = find_dates("بين 11 و24 أذار/مارس", dt.date(2019, 6, 1))[0]
    >>> m.start.isoformat(), m.end.isoformat(), m.precision
    ('2019-03-11', '2019-03-24', 'range')
    """
    t = text if isinstance(text, Text) else Text(text)
    if language != "ar":
        return _find_dates_en(t, published, calendar_path)
    s = t.norm
    pat = _patterns(calendar_path)
    taken: list[tuple[int, int]] = []
    raw: list[tuple[int, int, tuple]] = []
    g = pat.gates
    digit = bool(g["digit"].search(s))
    month = bool(g["month"].search(s))
    word = bool(g["word"].search(s))
    shahr, year_word = "شهر" in s, ("عام" in s or "سنه" in s)
    period = word and any(u in s for u in ("ساع", "يوم", "ايام", "اسبوع", "اسابيع", "شهر", "اشهر"))
    needs = {
        "hijri": digit and bool(g["hijri"].search(s)),
        "english": digit and bool(g["latin"].search(s)), "english_dmy": digit and bool(g["latin"].search(s)),
        "numeric": digit, "iso": digit, "dayrange": digit and month, "day": digit and month,
        "ordday": month, "daythismonth": shahr, "yearpart": year_word, "ago": period and "قبل" in s,
        "monthpart": month or shahr, "monthyear": digit and month, "month": month,
        "month_shahr": month and shahr, "thismonth": shahr, "year": digit, "thisyear": year_word,
        "lastn": period, "lastweek": "اسبوع" in s, "relweekday": word, "weekday": word,
    }
    for name, rx in pat.regexes:
        if not needs.get(name, True):
            continue
        for m in rx.finditer(s):
            a, b = m.span()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            if name == "relweekday" and _NOT_TODAY.match(s[b:b + 12]):
                continue
            res = _resolve(name, m, pat, published)
            if res is None:
                # Keep an unresolved relative mention: the sentence has a date we cannot fix.
                if published is None and name in ("relweekday", "weekday", "day", "month", "ordday",
                                                  "daythismonth", "yearpart", "ago",
                                                  "monthpart", "thismonth", "thisyear",
                                                  "lastn", "lastweek", "dayrange",
                                                  "month_shahr"):
                    res = (None, None, "day" if name in ("relweekday", "weekday", "day") else "range",
                           True, False)
                else:
                    continue
            taken.append((a, b))
            raw.append((a, b, res))
    raw.sort(key=lambda r: r[0])
    mentions = _combine(s, raw, published)
    out = []
    for a, b, (start, end, precision, relative, open_start) in mentions:
        oa, ob = t.orig_span(a, b)
        out.append(DateMention(text=t.original[oa:ob], span=(oa, ob), start=start, end=end,
                               precision=precision, relative=relative, open_start=open_start))
    for m in _ANAPHORA.finditer(s):
        oa, ob = t.orig_span(*m.span())
        out.append(DateMention(text=t.original[oa:ob], span=(oa, ob), start=None, end=None,
                               precision="range", anaphoric=True))
    out.sort(key=lambda d: d.span[0])
    return out


def _find_dates_en(t: Text, published: dt.date | None, calendar_path: str | None) -> list[DateMention]:
    """`find_dates` for English text (same resolution rules, English shapes).

    >>> import datetime as dt
    >>> [(m.text, m.start.isoformat()) for m in find_dates("hit on Monday night", dt.date(2017, 3, 22), language="en")]
    [('on Monday night', '2017-03-20')]
    """
    s = t.norm
    pat = _en_patterns(calendar_path)
    taken: list[tuple[int, int]] = []
    raw = []
    for name, rx in pat.regexes:
        for m in rx.finditer(s):
            a, b = m.span()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            if name == "day" and _EN_DATELINE.search(t.original[max(0, t.orig(a) - 40):t.orig(a)].split("\n")[-1]):
                continue
            g = m.groupdict()
            res = _resolve_en(name, g, published, pat, calendar_path) if name.startswith("en_") or name == "weekdayrange" \
                else _resolve(name, m, pat, published)
            if res is None:
                if published is None and name not in ("english", "english_dmy", "numeric", "iso", "monthyear", "year"):
                    if name in ("dayrange", "monthyear") and g.get("year"):
                        continue
                    res = (None, None, "day" if name in ("relweekday", "weekday", "day") else "range", True, False)
                else:
                    continue
            taken.append((a, b))
            raw.append((a, b, res))
    raw.sort(key=lambda r: r[0])
    out = []
    for a, b, (start, end, precision, relative, open_start) in _combine(s, raw, published, _EN_LEADS):
        oa, ob = t.orig_span(a, b)
        out.append(DateMention(text=t.original[oa:ob], span=(oa, ob), start=start, end=end,
                               precision=precision, relative=relative, open_start=open_start))
    for m in _EN_ANAPHORA.finditer(s):
        oa, ob = t.orig_span(*m.span())
        out.append(DateMention(text=t.original[oa:ob], span=(oa, ob), start=None, end=None,
                               precision="range", anaphoric=True))
    out.sort(key=lambda d: d.span[0])
    return out


def _linked(s: str, b: int, a2: int) -> bool:
    """Is the gap between two mentions 'و' / 'حتى' / 'إلى' (possibly attached to the second)?"""
    between = s[b:a2]
    if not _UNTIL.match(between):
        return False
    return "و" in between or s[a2:a2 + 1] == "و" or bool(re.search(normalize_pattern("حتى|الى|لغايه"), between))


def _lead_start(s: str, a: int, window: str, lead: re.Match) -> int:
    """Where a lead word found in `window` (the text just before index a) starts in s."""
    start = a - len(window) + lead.start()
    while start < a and s[start].isspace():
        start += 1
    return start


@dataclass(frozen=True)
class _Leads:
    """The words that join two date mentions into one, per language."""
    between: re.Pattern
    since: re.Pattern
    since_word: re.Pattern
    since_far: re.Pattern
    until_lead: re.Pattern
    day_after: re.Pattern
    linked: callable


_AR_LEADS = _Leads(between=_BETWEEN, since=_SINCE, since_word=re.compile("منذ"), since_far=_SINCE_FAR,
                   until_lead=_UNTIL_LEAD, day_after=_GHADAT, linked=_linked)


def _linked_en(s: str, b: int, a2: int) -> bool:
    return bool(re.fullmatch(r"\s*(?:,\s*)?(?:and|to|until|till|through|up\s+to|-|–)(?:\s+today)?\s*", s[b:a2]))


_EN_LEADS = _Leads(
    between=re.compile(r"(?:^|\s)(?:between|from)\s*(?:the\s+)?$"),
    since=re.compile(r"(?:^|\s)(?:since|from)\s*(?:the\s+)?$"),
    since_word=re.compile(r"\bsince\b"),
    since_far=re.compile(r"\bsince\s+(?:the\s+)?(?:start|beginning|launch|outbreak)\b(?:\s+\S+){0,7}\s+$"),
    until_lead=re.compile(r"(?:^|\s)(?:until|till|up\s+to|through)\s*(?:the\s+end\s+of\s+)?$"),
    day_after=re.compile(r"(?:^|\s)(?:the\s+day\s+after|a\s+day\s+after)\s*$"),
    linked=_linked_en)


def _combine(s: str, raw, published, leads: _Leads = _AR_LEADS):
    """Merge 'بين X و Y', 'منذ X (وحتى Y)', 'حتى X', 'غداة X' (and their English forms)
    into single mentions."""
    def since(res):          # "منذ X": from X to publication
        return (res[0], published if published >= res[0] else res[1], "range", True, False)

    out = []
    i = 0
    while i < len(raw):
        a, b, res = raw[i]
        before = s[max(0, a - 12):a]
        # between X and Y / from X to Y
        lead = leads.between.search(before) if i + 1 < len(raw) else None
        if lead:
            a2, b2, res2 = raw[i + 1]
            if leads.linked(s, b, a2) and res[0] and res2[1] and res[0] <= res2[1]:
                out.append((_lead_start(s, a, before, lead), b2,
                            (res[0], res2[1], "range", res[3] or res2[3], False)))
                i += 2
                continue
        lead = leads.since.search(before) if res[0] and published else None
        if lead:
            start_at = _lead_start(s, a, before, lead)
            if i + 1 < len(raw) and leads.linked(s, b, raw[i + 1][0]) and raw[i + 1][2][1]:
                a2, b2, res2 = raw[i + 1]
                out.append((start_at, b2, (res[0], res2[1], "range", res[3] or res2[3], False)))
                i += 2
                continue
            if leads.since_word.search(s[start_at:a]):
                out.append((start_at, b, since(res)))
                i += 1
                continue
        window = s[max(0, a - 90):a]
        far = leads.since_far.search(window)
        if far and res[0] and published and res[2] in ("year", "month", "day", "range"):
            start_at = _lead_start(s, a, window, far)
            if not (out and out[-1][1] > start_at):
                out.append((start_at, b, since(res)))
                i += 1
                continue
        lead = leads.until_lead.search(before)
        if lead and res[1] and res[2] in ("month", "year", "range"):
            out.append((_lead_start(s, a, before, lead), b, (None, res[1], res[2], res[3], True)))
            i += 1
            continue
        lead = leads.day_after.search(before)
        if lead and res[0]:
            nd = res[0] + dt.timedelta(days=1)
            out.append((_lead_start(s, a, before, lead), b, (nd, nd, "day", res[3], False)))
            i += 1
            continue
        # "أمس السبت 17 تشرين الثاني" / "اليوم الأحد 18 من تشرين الثاني": one mention
        if i + 1 < len(raw) and raw[i + 1][0] - b <= 2 and res[2] == "day" \
                and raw[i + 1][2][2] == "day" and raw[i + 1][2][0] is not None:
            a2, b2, res2 = raw[i + 1]
            out.append((a, b2, res2))
            i += 2
            continue
        out.append((a, b, res))
        i += 1
    return out


HEADER_CHARS = 400
_DATELINE = re.compile(r"(?<!incident )(?<!incident\t)(?:التاريخ|تاريخ النشر|نشر في|نشر بتاريخ|Published|Date)\s*[:：]?\s*", re.IGNORECASE)
_BYLINE = re.compile(normalize_pattern(r"الكاتب|التحرير|تحرير|آخر تحديث|اخر تحديث|نشر في|المشاهدات|"
                                r"منذ\s+\d+\s+(?:ساعة|دقيقة)|\d{1,2}:\d{2}|بتوقيت|Updated|Published"), re.IGNORECASE)


def infer_publication_date(text: str) -> tuple[dt.date | None, str, tuple[int, int] | None]:
    """The publication date a text states about itself, how it was found, and where.

    Looked for, in order: a dateline marker ("التاريخ :", "نشر في", "تاريخ النشر"),
    a full date in the byline (the first 400 characters), "اليوم <weekday> <date>"
    (the year may come from elsewhere in the text, checked against the weekday),
    then the newest embedded-tweet date ("— Name (@handle) November 18, 2018").

    >>> infer_publication_date("الكاتب : أسرة التحرير التاريخ : 18 نوفمبر 2018 م")[:2]
    (datetime.date(2018, 11, 18), 'dateline')
    """
    t = Text(text)
    s = t.norm
    # 1. dateline markers
    # 1. a dateline marker in the header ("بتاريخ" alone is too common inside sentences)
    for m in _DATELINE.finditer(s, 0, min(len(s), HEADER_CHARS)):
        window = s[m.end():m.end() + 40]
        for d in find_dates(window, None):
            if d.start and d.precision == "day" and d.span[0] <= 2:
                return d.start, "dateline", t.orig_span(m.end() + d.span[0], m.end() + d.span[1])
    mentions = find_dates(t, None)
    full = [d for d in mentions if d.start and d.precision == "day"]
    # 2. byline: a full date near the top, alone on its line or beside byline words
    for d in full:
        if d.span[0] >= HEADER_CHARS:
            break
        line_start = t.original.rfind("\n", 0, d.span[0]) + 1
        line_end = t.original.find("\n", d.span[1])
        line = t.original[line_start:line_end if line_end >= 0 else len(t.original)]
        near = normalize(t.original[max(0, d.span[0] - 40):d.span[1] + 40])
        if len(line.strip()) <= len(d.text) + 25 or _BYLINE.search(near):
            return d.start, "byline", d.span
    # 3. "اليوم [weekday] day month [year]"
    years = sorted({d.start.year for d in mentions if d.start}, reverse=True)
    pat = _patterns(None)
    for m in _today_pattern().finditer(s):
        month = _month_of(pat, m.group("month"))
        day = int(m.group("day"))
        wd = pat.weekday_of.get(m.group("wd") or "")
        candidates = [int(m.group("year"))] if m.group("year") else years
        for y in candidates:
            d = _safe_date(y, month, day)
            if d and (wd is None or d.weekday() == wd):
                return d, "today", None
    # 4. embedded tweets
    tweets = [d for d in full if re.search(r"\(@\w+\)\s*$", t.original[max(0, d.span[0] - 60):d.span[0]])]
    if tweets:
        return max(d.start for d in tweets), "tweet", None
    return None, "", None


@functools.lru_cache(maxsize=1)
def _today_pattern() -> re.Pattern:
    months = _alt(w for ws in load_calendar()["months"].values() for w in ws if not w.isascii())
    return re.compile(r"(?<!\w)[وف]?اليوم\s+(?:(?P<wd>\w+)\s+)?(?P<day>[0-3]?\d)\s*(?:من\s+)?"
                      rf"(?:شهر\s+)?(?P<month>{months})(?:\s*(?:العام\s+)?(?P<year>(?:19|20)\d\d))?")
