#!/usr/bin/env python3
"""Validate bench/date_cases.tsv (the date-benchmark oracle).

Usage:
    python bench/check_date_cases.py [path/to/date_cases.tsv]

Exits 0 when every check passes, 1 otherwise (each problem is printed). Checks:

* file shape: UTF-8, the exact header, 7 tab-separated cells per row, no ASCII double quotes
  (so csv/pandas readers with default quoting read it verbatim);
* `expression` occurs exactly once in `sentence`; `not_a_date` rows have empty
  expression/start/end/precision; every other row has a precision;
* `published`, `start`, `end` parse as ISO dates, start <= end, start and end both empty or
  both set; day precision means start == end, month means the whole calendar month, year the
  whole calendar year;
* every expression naming a weekday resolves to that weekday;
* day-level relative rows (relative_day, weekday, part_of_day) end on or before publication,
  and no resolved date starts after its publication date;
* undated rows: relative expressions stay unresolved, expressions with a year resolve;
* each group has at least 12 rows, there are at least 240 rows, 2014..2019 all appear as
  publication years;
* an independent re-derivation: every dated expression is parsed again here by a separate,
  regex-based implementation of the resolution rules and must give the same
  (start, end, precision).
"""
from __future__ import annotations

import calendar
import re
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

COLUMNS = ["sentence", "published", "expression", "start", "end", "precision", "group"]
GROUPS = ["relative_day", "weekday", "part_of_day", "levantine_month", "egyptian_month",
          "double_form", "day_range", "since", "month_part", "year_only", "month_only",
          "arabic_indic", "english_in_arabic", "hijri", "undated_article", "not_a_date"]
PRECISIONS = {"day", "range", "month", "year"}
MIN_PER_GROUP, MIN_ROWS = 12, 240

MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3,
            "الجمعة": 4, "السبت": 5, "الأحد": 6}
RELATIVE = {"اليوم": 0, "أمس": 1, "يوم أمس": 1, "البارحة": 1, "أمس الأول": 2, "أول أمس": 2}
HIJRI = {("محرم", 1440): date(2018, 9, 11), ("رمضان", 1439): date(2018, 5, 17),
         ("شوال", 1439): date(2018, 6, 15), ("محرم", 1439): date(2017, 9, 21)}
ENGLISH = {m: i for i, m in enumerate(["", "January", "February", "March", "April", "May",
                                       "June", "July", "August", "September", "October",
                                       "November", "December"]) if m}
ENGLISH.update({"Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Oct.": 10, "Nov.": 11,
                "Dec.": 12})

M = "(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + ")"
W = "(" + "|".join(WEEKDAYS) + ")"
PART = r"(?:(?:فجر|صباح|ظهر|بعد ظهر|مساء|ليل) )?"
Y = r"(\d{4})"


class Unresolved(Exception):
    """The expression needs a publication date and the article has none."""


def last(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def need(pub):
    if pub is None:
        raise Unresolved
    return pub


def no_year(pub, m: int, d: int) -> date:
    pub = need(pub)
    t = date(pub.year, m, d)
    return t if t <= pub else date(pub.year - 1, m, d)


def month_of_year(pub, m: int, y: str | None) -> int:
    if y:
        return int(y)
    pub = need(pub)
    return pub.year if date(pub.year, m, 1) <= pub else pub.year - 1


def prev_month(pub) -> tuple[int, int]:
    pub = need(pub)
    return (pub.year - 1, 12) if pub.month == 1 else (pub.year, pub.month - 1)


def part_bounds(y: int, m: int, part: str) -> tuple[date, date]:
    lo, hi = {"مطلع": (1, 10), "بداية": (1, 10), "منتصف": (11, 20), "نهاية": (21, 31)}[part]
    return date(y, m, lo), min(date(y, m, 1) + timedelta(days=hi - 1), last(y, m))


def day_month(pub, d: int, m: int, y: str | None) -> date:
    return date(int(y), m, d) if y else no_year(pub, m, d)


def resolve(expr: str, pub):
    """Second implementation of the resolution rules. Returns (start, end, precision)."""
    e = expr.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))

    def day(t):
        return t, t, "day"

    # Hijri
    if (g := re.fullmatch(r"(?:يوم " + W + r" )?(\d+) (?:من )?(محرم|رمضان|شوال) (\d{4}) ?هـ", e)):
        t = HIJRI[(g[3], int(g[4]))] + timedelta(days=int(g[2]) - 1)
        if g[1]:
            assert t.weekday() == WEEKDAYS[g[1]], "Hijri weekday mismatch"
        return day(t)
    # English
    if (g := re.fullmatch(r"([A-Z][a-z]+\.?) (\d{1,2}), (\d{4})", e)):
        return day(date(int(g[3]), ENGLISH[g[1]], int(g[2])))
    if (g := re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", e)):
        return day(date(int(g[3]), ENGLISH[g[2]], int(g[1])))
    # غداة + date
    if e.startswith("غداة "):
        s, _, p = resolve(e[len("غداة "):], pub)
        assert p == "day"
        return day(s + timedelta(days=1))
    # Relative day words, optionally with a part of day and a weekday naming that day
    if (g := re.fullmatch(PART + r"(اليوم|يوم أمس|أمس الأول|أول أمس|أمس|البارحة)(?: " + W + ")?", e)):
        t = need(pub) - timedelta(days=RELATIVE[g[1]])
        if g[2]:
            assert t.weekday() == WEEKDAYS[g[2]], "relative day and weekday disagree"
        return day(t)
    # Weekdays
    if (g := re.fullmatch(PART + r"(?:يوم )?" + W + r"( الماضي| الفائت)?", e)):
        p, wd = need(pub), WEEKDAYS[g[1]]
        back = (p.weekday() - wd) % 7
        if g[2] and back == 0:
            back = 7
        return day(p - timedelta(days=back))
    # Day + month (+ year), both families, double forms, الجاري / الماضي
    dm = (PART + r"(?:اليوم )?(?:يوم )?(?:" + W + r" )?(\d{1,2}) (?:من )?(?:شهر )?" + M
          + r"(?: ?/ ?" + M + r")?( الجاري| الماضي)?(?: (?:عام )?" + Y + ")?")
    if (g := re.fullmatch(dm, e)):
        d, m = int(g[2]), MONTHS[g[3]]
        if g[4]:
            assert MONTHS[g[4]] == m, "double form names two months"
        t = day_month(pub, d, m, g[6])
        if g[5] == " الجاري":
            assert (t.year, t.month) == (need(pub).year, pub.month), "الجاري is not this month"
        if g[5] == " الماضي":
            assert m != need(pub).month, "month الماضي names the current month"
        if e.startswith("اليوم"):
            assert t == need(pub), "اليوم + date is not the publication day"
        if g[1]:
            assert t.weekday() == WEEKDAYS[g[1]], "weekday and date disagree"
        return day(t)
    # Month (+ year)
    if (g := re.fullmatch(r"(?:شهر )?" + M + r"(?: ?/ ?" + M + r")?(?: " + Y + r")?( الماضي)?", e)):
        m = MONTHS[g[1]]
        if g[2]:
            assert MONTHS[g[2]] == m
        if g[4]:
            assert m != need(pub).month
        y = month_of_year(pub, m, g[3])
        return date(y, m, 1), last(y, m), "month"
    if e == "الشهر الماضي":
        y, m = prev_month(pub)
        return date(y, m, 1), last(y, m), "month"
    if e in ("الشهر الجاري", "الشهر الحالي"):
        p = need(pub)
        return date(p.year, p.month, 1), last(p.year, p.month), "month"
    # Year
    if (g := re.fullmatch(r"(?:ال)?عام " + Y, e)):
        return date(int(g[1]), 1, 1), date(int(g[1]), 12, 31), "year"
    if e in ("العام الماضي", "العام الحالي", "العام الجاري"):
        y = need(pub).year - (e == "العام الماضي")
        return date(y, 1, 1), date(y, 12, 31), "year"
    # Month parts
    if (g := re.fullmatch(r"(مطلع|بداية|منتصف|نهاية) (?:شهر )?" + M + r"(?: " + Y + ")?", e)):
        m = MONTHS[g[2]]
        if g[3]:
            s, t = part_bounds(int(g[3]), m, g[1])
        else:
            p = need(pub)
            s, t = part_bounds(p.year, m, g[1])
            assert not (s <= p < t), "month part straddles publication"
            if s > p:
                s, t = part_bounds(p.year - 1, m, g[1])
        return s, t, "range"
    if (g := re.fullmatch(r"(مطلع|بداية|منتصف|نهاية) الشهر (الماضي|الجاري|الحالي)", e)):
        y, m = prev_month(pub) if g[2] == "الماضي" else (need(pub).year, pub.month)
        s, t = part_bounds(y, m, g[1])
        if g[2] != "الماضي":
            assert t <= pub
        return s, t, "range"
    # Day ranges within one month
    if (g := re.fullmatch(r"(?:بين (\d+) و|من (\d+) إلى )(\d+) (?:من )?" + M + "(?: " + Y + ")?", e)):
        a, b, m = int(g[1] or g[2]), int(g[3]), MONTHS[g[4]]
        return day_month(pub, a, m, g[5]), day_month(pub, b, m, g[5]), "range"
    # Day ranges across two months
    if (g := re.fullmatch(r"بين (\d+) " + M + r" و(\d+) " + M + "(?: " + Y + ")?", e)):
        return (day_month(pub, int(g[1]), MONTHS[g[2]], g[5]),
                day_month(pub, int(g[3]), MONTHS[g[4]], g[5]), "range")
    # Month-to-month spans
    if (g := re.fullmatch(r"بين " + M + " " + Y + r" و(?:نهاية )?" + M + " " + Y, e)):
        m2, y2 = MONTHS[g[3]], int(g[4])
        return date(int(g[2]), MONTHS[g[1]], 1), last(y2, m2), "range"
    # Since ...
    if (g := re.fullmatch(r"منذ (?:ال)?عام " + Y + r"(?: وحتى نهاية " + M + " " + Y + ")?", e)):
        start = date(int(g[1]), 1, 1)
        if g[2]:
            return start, last(int(g[3]), MONTHS[g[2]]), "range"
        return start, need(pub), "range"
    if (g := re.fullmatch(r"منذ (?:مطلع|بداية) الشهر (?:الحالي|الجاري)", e)):
        p = need(pub)
        return date(p.year, p.month, 1), p, "range"
    if (g := re.fullmatch(r"منذ " + M + " " + Y, e)):
        return date(int(g[2]), MONTHS[g[1]], 1), need(pub), "range"
    if (g := re.fullmatch(r"منذ (\d+) " + M + "(?: " + Y + ")?", e)):
        return day_month(pub, int(g[1]), MONTHS[g[2]], g[3]), need(pub), "range"
    # Recent periods ending at publication
    if (g := re.fullmatch(r"خلال الـ ?(\d+) ساعة الماضية", e)):
        hours = int(g[1])
        assert hours % 24 == 0
        p = need(pub)
        return p - timedelta(days=hours // 24), p, "range"
    if e in ("خلال الأيام الثلاثة الماضية", "خلال اليومين الماضيين"):
        p = need(pub)
        return p - timedelta(days=3 if "الثلاثة" in e else 2), p, "range"
    if e == "الأسبوع الماضي":
        p = need(pub)
        return p - timedelta(days=7), p - timedelta(days=1), "range"
    return None


def parse_iso(s: str, what: str, problems: list, n: int):
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        problems.append(f"row {n}: {what} {s!r} is not an ISO date")
        return None


def check(path: Path) -> list[str]:
    problems: list[str] = []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not UTF-8: {exc}"]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != COLUMNS:
        return [f"bad header: {lines[0] if lines else ''!r}"]
    if '"' in text:
        problems.append('the file contains an ASCII double quote (breaks default CSV quoting)')
    groups: Counter = Counter()
    years: Counter = Counter()
    checked = 0
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            problems.append(f"row {n}: {len(cells)} cells")
            continue
        r = dict(zip(COLUMNS, cells))
        sent, expr, prec, group = r["sentence"], r["expression"], r["precision"], r["group"]
        groups[group] += 1
        if group not in GROUPS:
            problems.append(f"row {n}: unknown group {group!r}")
        if not sent.strip():
            problems.append(f"row {n}: empty sentence")
        pub = parse_iso(r["published"], "published", problems, n)
        start = parse_iso(r["start"], "start", problems, n)
        end = parse_iso(r["end"], "end", problems, n)
        if pub:
            years[pub.year] += 1
        if group == "not_a_date":
            if expr or r["start"] or r["end"] or prec:
                problems.append(f"row {n}: not_a_date row must have empty expression/dates/precision")
            continue
        if prec not in PRECISIONS:
            problems.append(f"row {n}: bad precision {prec!r}")
        if not expr or sent.count(expr) != 1:
            problems.append(f"row {n}: expression {expr!r} occurs {sent.count(expr) if expr else 0} times")
        if (start is None) != (end is None):
            problems.append(f"row {n}: start and end must both be set or both be empty")
        if start and end:
            if start > end:
                problems.append(f"row {n}: start {start} after end {end}")
            if prec == "day" and start != end:
                problems.append(f"row {n}: day precision but start != end")
            if prec == "month" and group != "hijri" and not (
                    start.day == 1 and end == date(start.year, start.month,
                                                   calendar.monthrange(start.year, start.month)[1])):
                problems.append(f"row {n}: month precision is not a whole calendar month")
            if prec == "year" and not (start == date(start.year, 1, 1) and end == date(start.year, 12, 31)):
                problems.append(f"row {n}: year precision is not a whole calendar year")
            for w, wd in WEEKDAYS.items():
                if re.search(r"(^|\s)" + w + r"(\s|$)", expr) and prec == "day" and start.weekday() != wd:
                    problems.append(f"row {n}: {expr!r} resolves to {start} ({start:%A}), not {w}")
            if pub and start > pub:
                problems.append(f"row {n}: starts {start} after publication {pub}")
            if pub and group in ("relative_day", "weekday", "part_of_day") and end > pub:
                problems.append(f"row {n}: relative row ends {end} after publication {pub}")
        if group == "undated_article":
            if pub is not None:
                problems.append(f"row {n}: undated_article row has a publication date")
            has_year = re.search(r"[0-9٠-٩]{4}", expr) is not None
            if has_year and start is None:
                problems.append(f"row {n}: absolute date {expr!r} left unresolved")
            if not has_year and start is not None:
                problems.append(f"row {n}: relative {expr!r} resolved without a publication date")
        elif pub is None:
            problems.append(f"row {n}: only undated_article rows may lack a publication date")
        # independent re-derivation
        try:
            got = resolve(expr, pub)
        except Unresolved:
            got = (None, None, prec)
        except AssertionError as exc:
            problems.append(f"row {n}: {expr!r}: {exc}")
            continue
        if got is None:
            problems.append(f"row {n}: the checker cannot parse {expr!r}")
            continue
        checked += 1
        if got != (start, end, prec):
            problems.append(f"row {n}: {expr!r} published {pub}: file says {start}..{end} {prec}, "
                            f"checker derives {got[0]}..{got[1]} {got[2]}")
    total = sum(groups.values())
    for g in GROUPS:
        if groups[g] < MIN_PER_GROUP:
            problems.append(f"group {g}: {groups[g]} rows (< {MIN_PER_GROUP})")
    if total < MIN_ROWS:
        problems.append(f"{total} rows (< {MIN_ROWS})")
    for y in range(2014, 2020):
        if not years[y]:
            problems.append(f"no article published in {y}")
    print(f"{total} rows; {checked} re-derived independently")
    print("per group: " + ", ".join(f"{g} {groups[g]}" for g in GROUPS))
    print("publication years: " + ", ".join(f"{y} {years[y]}" for y in sorted(years)))
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "date_cases.tsv"
    problems = check(path)
    for p in problems:
        print("FAIL", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
