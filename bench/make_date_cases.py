#!/usr/bin/env python3
"""Generate bench/date_cases.tsv, the labelled oracle for the date-extraction benchmark.

Usage:
    python bench/make_date_cases.py [--out bench/date_cases.tsv] [--seed 20181118]

Every row is one Arabic news sentence holding exactly one date expression (or none, for the
`not_a_date` group), the article's publication date, the expression as it appears in the
sentence, and its resolution (start, end, precision) under the Rasd resolution rules:

* a date with no year takes the publication year, one year back if it would fall after
  publication (ranges and month parts are generated so that they never straddle the
  publication date, where that rule would be ambiguous);
* a weekday is the latest such day on or before publication, strictly before with
  الماضي/الفائت; اليوم = publication, أمس/يوم أمس/البارحة = −1, أمس الأول/أول أمس = −2,
  غداة + date = date + 1; parts of day (فجر، صباح، ظهر، بعد ظهر، مساء، ليل) never move the day;
* a month with a year, or a month after في/خلال, is the whole month; العام 2014 is the whole
  year; the month parts are مطلع/بداية = 1–10, منتصف = 11–20, نهاية = 21–last day;
* "خلال الـ N ساعة الماضية" = publication − N/24 days .. publication, "خلال الأيام الثلاثة
  الماضية" = −3 .. publication, "الأسبوع الماضي" = −7 .. −1, "منذ X" = start of X .. publication;
* Hijri dates use only the anchors in HIJRI_ANCHORS plus days within the same month;
* relative expressions in an undated article stay unresolved (empty start and end).

Expression spans: the bare connectors في / خلال / بتاريخ / طوال in front of a date, month or
year are left outside the expression; يوم, parts of day, منذ, بين, من…إلى, غداة, and the
fixed phrases "خلال الـ N ساعة الماضية" / "خلال الأيام الثلاثة الماضية" are inside it.

Dates are computed with `datetime`, so weekday arithmetic and month lengths are exact. The
output is deterministic for a given seed. Validate with `python bench/check_date_cases.py`.
"""
from __future__ import annotations

import argparse
import calendar
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ["sentence", "published", "expression", "start", "end", "precision", "group"]

LEV = [None, "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
       "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EGY = [None, "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
       "أكتوبر", "نوفمبر", "ديسمبر"]
ENG = [None, "January", "February", "March", "April", "May", "June", "July", "August",
       "September", "October", "November", "December"]
ENG_ABBR = [None, "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
            "Oct.", "Nov.", "Dec."]
# Index = date.weekday() (Monday = 0).
WD = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
PARTS = ["فجر", "صباح", "ظهر", "بعد ظهر", "مساء"]

# (month name, Hijri year) -> Gregorian date of day 1.  Only these anchors are used.
HIJRI_ANCHORS = {
    ("محرم", 1440): date(2018, 9, 11),
    ("رمضان", 1439): date(2018, 5, 17),
    ("شوال", 1439): date(2018, 6, 15),
    ("محرم", 1439): date(2017, 9, 21),
}

# Coalition strikes in Syria began on 23 September 2014.
PUB_MIN, PUB_MAX = date(2014, 9, 23), date(2019, 10, 31)

# (name, noun used before it in running text, Latin spelling used in English quotes)
VILLAGES = [
    ("هجين", "بلدة", "Hajin"), ("الشعفة", "بلدة", "al-Shafah"), ("السوسة", "بلدة", "al-Susah"),
    ("الباغوز", "بلدة", "Baghuz"), ("البوكمال", "مدينة", "Abu Kamal"),
    ("الميادين", "مدينة", "Mayadin"), ("ذيبان", "بلدة", "Dhiban"), ("الشحيل", "بلدة", "al-Shuhayl"),
    ("البصيرة", "بلدة", "al-Busayrah"), ("غرانيج", "بلدة", "Gharanij"),
    ("أبو حمام", "بلدة", "Abu Hamam"), ("الكشكية", "قرية", "al-Kishkiyah"),
    ("العشارة", "بلدة", "al-Ashara"), ("القورية", "بلدة", "al-Quriyah"),
    ("الطيانة", "بلدة", "al-Tayyana"), ("خشام", "بلدة", "Khasham"), ("موحسن", "بلدة", "Muhasan"),
    ("البحرة", "قرية", "al-Bahrah"), ("أبو الحسن", "قرية", "Abu al-Hasan"),
    ("المراشدة", "قرية", "al-Marashidah"),
]

# Sentences for a point in time; {D} is the date slot, {T} {V} the village, {C} a civilian count.
POINT_FRAMES = [
    "قال المرصد السوري لحقوق الإنسان إن طائرات التحالف الدولي استهدفت {D} {T} {V} في ريف دير الزور الشرقي، ما أسفر عن مقتل {C} بينهم أطفال ونساء.",
    "وثّق المرصد السوري لحقوق الإنسان {D} مقتل {C} جراء غارات جوية نفذتها طائرات التحالف على {T} {V}.",
    "ارتكب طيران ما يسمى «التحالف الدولي» {D} مجزرة جديدة بحق المدنيين في {T} {V} بريف دير الزور راح ضحيتها {C} معظمهم من الأطفال والنساء.",
    "وذكر مراسل سانا أن طائرات التحالف الدولي شنت {D} غارات على منازل المدنيين في {T} {V}، ما أدى إلى دمار كبير في الممتلكات.",
    "وقالت شبكة فرات بوست المحلية لعنب بلدي إن غارات التحالف على {T} {V} {D} أسفرت عن مقتل عائلة كاملة.",
    "وأفاد المرصد السوري لحقوق الإنسان وكالة فرانس برس {D} بمقتل {C} في ضربات جوية استهدفت {T} {V} شرق سوريا.",
    "وقال متحدث باسم التحالف بقيادة الولايات المتحدة لرويترز {D} إن التحالف سيقيّم التقارير عن سقوط قتلى مدنيين في {T} {V}.",
    "أفاد مراسل دير الزور 24 {D} بأن طيران التحالف الدولي استهدف بعدة غارات أحياء سكنية في {T} {V}.",
    "ونفى التحالف الدولي {D} مسؤوليته عن سقوط ضحايا مدنيين في {T} {V}، مؤكداً أن ضرباته استهدفت مواقع لتنظيم داعش.",
    "وأقر التحالف الدولي {D} بمقتل {C} عن غير قصد في غارة على {T} {V}.",
    "وتحدث ناشطون {D} عن نزوح عشرات العائلات من {T} {V} باتجاه مناطق سيطرة قوات سوريا الديمقراطية هرباً من القصف.",
    "وشهدت {T} {V} {D} قصفاً جوياً ومدفعياً عنيفاً أدى إلى احتراق عدد من المنازل، بحسب مصادر محلية.",
    "وبثت وكالة أعماق التابعة لتنظيم الدولة {D} تسجيلاً مصوراً قالت إنه يظهر آثار الدمار في {T} {V} بعد غارات التحالف.",
    "وقال تجمع ثوار سوريا إن طائرات التحالف ألقت {D} قنابل على مسجد في {T} {V} أثناء وجود المصلين فيه.",
    "وذكرت وكالة سانا أن {C} قتلوا {D} جراء استهداف طيران التحالف لسوق شعبي في {T} {V}.",
    "وأعلنت قوات سوريا الديمقراطية {D} سيطرتها على أجزاء واسعة من {T} {V} بدعم جوي من التحالف الدولي.",
    "وأكد مصدر طبي لعنب بلدي أن المشفى الميداني استقبل {D} جرحى من {T} {V} بينهم حالات خطرة.",
    "ونقلت رويترز عن سكان في {T} {V} قولهم إن الطائرات حلقت فوق المنطقة {D} قبل أن تقصف عدة مبانٍ.",
    "وقال الناطق باسم التحالف في بيان {D} إن الضربات على {T} {V} استهدفت مقرات قيادية لتنظيم داعش.",
    "وأفادت الشبكة السورية لحقوق الإنسان في تقرير صدر {D} بأن غارات التحالف على {T} {V} خلفت {C} بينهم أطفال.",
]

# Sentences for a period (range, month, year).
PERIOD_FRAMES = [
    "ووثّق المرصد السوري لحقوق الإنسان مقتل {C} في غارات التحالف على {T} {V} ومحيطها {D}.",
    "وبحسب الشبكة السورية لحقوق الإنسان، قُتل {D} ما لا يقل عن {C} في ضربات جوية على {T} {V}.",
    "وقالت مصادر محلية لعنب بلدي إن طيران التحالف نفذ {D} عشرات الغارات على {T} {V} والقرى المجاورة لها.",
    "ونزحت {D} مئات العائلات من {T} {V} باتجاه البادية هرباً من القصف، بحسب ناشطين.",
    "وأحصت شبكة فرات بوست {D} سقوط أكثر من {C} في {T} {V} وحدها.",
    "وقال المرصد السوري لوكالة فرانس برس إن {T} {V} تعرضت {D} لأعنف موجة غارات جوية في المنطقة.",
    "وأشارت شبكة دير الزور 24 إلى أن التحالف الدولي كثّف {D} ضرباته على {T} {V} تمهيداً لتقدم قوات سوريا الديمقراطية.",
    "ونقلت رويترز عن مسؤول في التحالف قوله إن قواته نفذت {D} ضربات متواصلة على مواقع التنظيم قرب {T} {V}.",
    "وذكرت سانا أن طيران التحالف دمّر {D} معظم البنى التحتية في {T} {V} بما فيها المدارس والمشافي.",
    "وتوقفت المدارس في {T} {V} عن العمل {D} بسبب القصف المتواصل، وفق ما أفاد ناشطون.",
    "وقال ناشطون إن {T} {V} شهدت {D} حركة نزوح واسعة نحو مخيمات الحسكة.",
]

HIJRI_FRAMES = [
    "وأصدر المكتب الإعلامي لولاية الخير التابع لتنظيم الدولة بياناً مؤرخاً في {D} ينعى فيه قتلى القصف على {T} {V}.",
    "ونشرت وكالة أعماق خبراً بتاريخ {D} زعمت فيه مقتل {C} بغارات التحالف على {T} {V}.",
    "وجاء في صحيفة النبأ الصادرة في {D} أن طائرات التحالف قصفت سوقاً في {T} {V}.",
    "وقال التنظيم في منشور على معرفاته بتاريخ {D} إن عناصره صدّوا هجوماً لقوات سوريا الديمقراطية قرب {T} {V}.",
]

TWEET_FRAMES = [
    ("وكتب المبعوث الأمريكي لدى التحالف بريت ماكغورك في تغريدة: Reports of civilian casualties attributed to @coalition strikes near {VE} are false. — Brett McGurk (@brett_mcgurk) {D}", (date(2016, 1, 1), date(2018, 12, 20))),
    ("ونشر المتحدث باسم التحالف على تويتر: Coalition strikes continue to target ISIS positions in the Middle Euphrates River Valley. — OIR Spokesperson (@OIRSpox) {D}", (date(2016, 6, 1), PUB_MAX)),
    ("وأرفقت قوة المهام المشتركة تغريدتها بمقطع مصور: Precision strikes destroyed an ISIS headquarters near {VE}, Syria. — CJTF-OIR (@CJTFOIR) {D}", (PUB_MIN, PUB_MAX)),
]
STATEMENT_FRAMES = [
    "وجاء في النص الإنجليزي لبيان التحالف أن الضربات نُفذت on {D} near {VE}، وفق ما نشره الموقع الرسمي للعملية.",
    "وأوضح البيان الصادر بالإنجليزية أن قوات التحالف «conducted 19 strikes near {VE} on {D}»، دون الإشارة إلى ضحايا مدنيين.",
    "وأرفق الموقع صورة من تقرير التحالف الشهري وقد كُتب عليها: Civilian casualty report, released {D}.",
]

# Sentences with numbers, times and codes but no date expression at all.
NOT_A_DATE = [
    "ووثّق المرصد السوري لحقوق الإنسان مقتل 1302 مدنيا في غارات التحالف الدولي على محافظة دير الزور وحدها.",
    "وقالت وزارة الدفاع الأمريكية إن التحالف نفذ ما مجموعه 34,502 غارة في سوريا والعراق.",
    "وأفاد مراسل دير الزور 24 بأن القصف بدأ عند الساعة 10:11 واستمر نحو نصف ساعة على أطراف {T} {V}.",
    "وطالب الأهالي بهدنة إنسانية لمدة 48 ساعة لإخراج الجرحى من {T} {V}.",
    "ويضم التحالف الدولي ضد تنظيم الدولة أكثر من 70 دولة بقيادة الولايات المتحدة.",
    "ولمزيد من المعلومات يمكن التواصل مع مكتب المنظمة في {V} على الرقم 0933 214 567 أو عبر البريد الإلكتروني.",
    "الصفحة الرئيسية | رقم التحرير: 10-20181117 | قسم الأخبار المحلية",
    "وأشار المرصد إلى أن عدد القتلى في صفوف تنظيم الدولة تجاوز 3452 عنصراً في {T} {V} ومحيطها.",
    "ونزحت نحو 400 عائلة من {T} {V} إلى مخيم الهول شمال شرقي الحسكة.",
    "وقالت الأمم المتحدة إن أكثر من 6500 شخص فروا من الجيب الأخير للتنظيم شرق الفرات.",
    "وتسيطر قوات النظام على مقر اللواء 137 غرب مدينة دير الزور.",
    "وأكد مدير المشفى الميداني أن 60 بالمئة من الإصابات بين الأطفال القادمين من {T} {V}.",
    "وقال ناشطون إن الطائرات استخدمت قنابل عنقودية وقذائف من عيار 120 ملم في قصف {T} {V}.",
    "ويبلغ عدد سكان {T} {V} نحو 25 ألف نسمة بحسب تقديرات محلية.",
    "وتقع {T} {V} على بعد 45 كيلومتراً من الحدود السورية العراقية.",
    "وأصيب 14 شخصاً بجروح متفاوتة، بينهم 5 أطفال و3 نساء، في قصف على {T} {V}.",
    "وخصصت المنظمة 1.5 مليون دولار لإعادة تأهيل محطة المياه في {T} {V}.",
    "للتواصل مع غرفة الأخبار: هاتف +963 11 2245 678، فاكس +963 11 2245 679.",
    "وتضم قائمة المفقودين 2018 اسماً من أبناء {T} {V} والقرى المحيطة بها.",
    "وأحصت الشبكة السورية لحقوق الإنسان 12 مجزرة ارتكبتها طائرات التحالف في {T} {V} ومحيطها.",
    "وبلغ سعر ربطة الخبز في {T} {V} 300 ليرة سورية بسبب الحصار.",
    "وقدّر التحالف عدد مقاتلي التنظيم المتبقين في الجيب بنحو 1500 إلى 2000 مقاتل.",
]

AI_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def ai(text: str) -> str:
    """Western digits -> Arabic-Indic digits."""
    return text.translate(AI_DIGITS)


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, last_day(y, m))


def part_span(y: int, m: int, part: str) -> tuple[date, date]:
    if part in ("مطلع", "بداية"):
        return date(y, m, 1), date(y, m, 10)
    if part == "منتصف":
        return date(y, m, 11), date(y, m, 20)
    if part == "نهاية":
        return date(y, m, 21), date(y, m, last_day(y, m))
    raise ValueError(part)


def no_year_day(pub: date, m: int, d: int) -> date:
    t = date(pub.year, m, d)
    return t if t <= pub else date(pub.year - 1, m, d)


def no_year_month(pub: date, m: int) -> int:
    return pub.year if date(pub.year, m, 1) <= pub else pub.year - 1


def weekday_on_or_before(pub: date, wd: int) -> date:
    return pub - timedelta(days=(pub.weekday() - wd) % 7)


def weekday_strictly_before(pub: date, wd: int) -> date:
    return pub - timedelta(days=(pub.weekday() - wd) % 7 or 7)


def prev_month(pub: date) -> tuple[int, int]:
    return (pub.year - 1, 12) if pub.month == 1 else (pub.year, pub.month - 1)


def civ(n: int) -> str:
    return f"{n} مدنيين" if n <= 10 else f"{n} مدنياً"


class Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rows: list[dict] = []
        self._year_cycle = 0
        self._frame_pos: dict[str, int] = {}
        self._decks: dict[str, list] = {}

    # -- random helpers -------------------------------------------------------------------
    def pub(self, cond=lambda p: True, lo: date = PUB_MIN, hi: date = PUB_MAX) -> date:
        """A publication date; years are cycled so that 2014..2019 are all well covered."""
        years = [y for y in range(lo.year, hi.year + 1)]
        for _ in range(20000):
            y = years[self._year_cycle % len(years)]
            self._year_cycle += 1
            a, b = max(lo, date(y, 1, 1), PUB_MIN), min(hi, date(y, 12, 31), PUB_MAX)
            if a > b:
                continue
            p = a + timedelta(days=self.rng.randrange((b - a).days + 1))
            if cond(p):
                return p
        raise RuntimeError("no publication date satisfies the constraint")

    def deal(self, name: str, items: list):
        """Cycle through a shuffled copy of items (varied but balanced choices)."""
        deck = self._decks.get(name)
        if not deck:
            deck = list(items)
            self.rng.shuffle(deck)
            self._decks[name] = deck
        return deck.pop()

    def civ(self) -> str:
        return civ(self.rng.choice([3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 23, 28, 36, 40, 52]))

    # -- row emission ----------------------------------------------------------------------
    def add(self, group, pub, slot, expr, start, end, precision, frames=None, frame=None, **extra):
        if frame is None:
            frames = frames or POINT_FRAMES
            frame = self.deal(id(frames), frames)
        v, t, ve = self.deal("villages", VILLAGES)
        sentence = frame.format(D=slot, V=v, T=t, VE=ve, C=self.civ())
        if expr:
            assert sentence.count(expr) == 1, (sentence, expr)
            assert expr in slot
        if start is not None:
            assert end is not None and start <= end, (expr, start, end)
        self.rows.append({
            "sentence": sentence, "published": iso(pub), "expression": expr,
            "start": iso(start), "end": iso(end), "precision": precision, "group": group,
        })

    def prefix(self) -> str:
        return self.rng.choice(["في ", "في ", "بتاريخ "])

    # -- groups ----------------------------------------------------------------------------
    def relative_day(self):
        G = "relative_day"
        for word, back in [("اليوم", 0), ("اليوم", 0), ("أمس", 1), ("أمس", 1), ("يوم أمس", 1),
                           ("يوم أمس", 1), ("البارحة", 1), ("البارحة", 1), ("أمس الأول", 2),
                           ("أمس الأول", 2), ("أول أمس", 2), ("أول أمس", 2)]:
            p = self.pub()
            t = p - timedelta(days=back)
            self.add(G, p, word, word, t, t, "day")
        for _ in range(2):  # اليوم الأحد
            p = self.pub()
            e = f"اليوم {WD[p.weekday()]}"
            self.add(G, p, e, e, p, p, "day")
        for form in ["أمس {w}", "أمس {w}", "يوم أمس {w}"]:  # أمس السبت
            p = self.pub()
            t = p - timedelta(days=1)
            e = form.format(w=WD[t.weekday()])
            self.add(G, p, e, e, t, t, "day")
        for with_year in [False, True, False]:  # غداة + date
            p = self.pub()
            inner = p - timedelta(days=self.rng.randint(1, 12))
            if with_year:
                e = f"غداة {inner.day} {LEV[inner.month]} {inner.year}"
            else:
                e = f"غداة {inner.day} {self.rng.choice([LEV, EGY])[inner.month]}"
                assert no_year_day(p, inner.month, inner.day) == inner
            t = inner + timedelta(days=1)
            self.add(G, p, e, e, t, t, "day")
        # غداة across new year: the December date has no year and resolves to the year before.
        p = self.pub(lambda p: p.month == 1 and p.day <= 5 and p.year >= 2015)
        inner = date(p.year - 1, 12, self.rng.randint(24, 30))
        assert no_year_day(p, 12, inner.day) == inner
        e = f"غداة {inner.day} {LEV[12]}"
        t = inner + timedelta(days=1)
        self.add(G, p, e, e, t, t, "day")

    def weekday(self):
        G = "weekday"
        plan = [  # (form, publication falls on the named weekday)
            ("{w}", True), ("{w}", False), ("{w}", False), ("يوم {w}", True), ("يوم {w}", False),
            ("يوم {w}", False), ("{w} الماضي", True), ("{w} الماضي", False), ("{w} الماضي", False),
            ("يوم {w} الماضي", True), ("يوم {w} الماضي", False), ("{w} الفائت", False),
            ("{w} الفائت", True), ("يوم {w} الفائت", False), ("{w}", False), ("يوم {w}", False),
            ("{w} الماضي", False), ("يوم {w}", True),
        ]
        for i, (form, same) in enumerate(plan):
            w = (i * 3) % 7
            p = self.pub(lambda p: (p.weekday() == w) == same)
            past = "الماضي" in form or "الفائت" in form
            t = weekday_strictly_before(p, w) if past else weekday_on_or_before(p, w)
            e = form.format(w=WD[w])
            self.add(G, p, e, e, t, t, "day")

    def part_of_day(self):
        G = "part_of_day"
        for part in PARTS:  # فجر اليوم ...
            p = self.pub()
            e = f"{part} اليوم"
            self.add(G, p, e, e, p, p, "day")
        for part in ["ليل", "مساء", "فجر"]:  # ليل أمس ...
            p = self.pub()
            t = p - timedelta(days=1)
            e = f"{part} أمس"
            self.add(G, p, e, e, t, t, "day")
        for i, (part, same) in enumerate([("فجر", False), ("مساء", True), ("ظهر", False),
                                          ("بعد ظهر", False), ("صباح", False)]):
            w = (i * 2 + 5) % 7
            p = self.pub(lambda p: (p.weekday() == w) == same)
            t = weekday_on_or_before(p, w)
            e = f"{part} {'يوم ' if i == 4 else ''}{WD[w]}"
            self.add(G, p, e, e, t, t, "day")
        w = 3
        p = self.pub()
        t = weekday_strictly_before(p, w)
        e = f"مساء {WD[w]} الماضي"
        self.add(G, p, e, e, t, t, "day")
        for part in ["فجر", "مساء"]:  # فجر أمس السبت
            p = self.pub()
            t = p - timedelta(days=1)
            e = f"{part} أمس {WD[t.weekday()]}"
            self.add(G, p, e, e, t, t, "day")
        p = self.pub(lambda p: p.day >= 3)  # فجر 17 من شهر نوفمبر الجاري
        t = p - timedelta(days=self.rng.randint(1, p.day - 1))
        e = f"فجر {t.day} من شهر {EGY[t.month]} الجاري"
        self.add(G, p, e, e, t, t, "day")
        for part in ["صباح", "ليل"]:  # absolute date with a part of day
            p = self.pub(lo=date(2015, 1, 1))
            t = p - timedelta(days=self.rng.randint(0, 9))
            e = f"{part} {t.day} {LEV[t.month]} {t.year}"
            self.add(G, p, e, e, t, t, "day")

    def _month_day_group(self, G: str, names: list):
        forms = ["{d} {m}", "{d} {m}", "{d} من {m}", "{d} من {m}", "{d} {m} {y}", "{d} {m} {y}",
                 "{d} من {m} {y}", "{d} من {m} {y}", "{d} {m} عام {y}", "{d} من شهر {m} {y}",
                 "يوم {d} {m}", "يوم {w} {d} {m} {y}", "{w} {d} من {m}"]
        for form in forms:
            p = self.pub()
            has_year = "{y}" in form
            back = self.rng.randint(0, 400) if has_year else self.rng.randint(0, 30)
            t = max(p - timedelta(days=back), date(2014, 8, 1))
            if t.month == 2 and t.day == 29:
                t -= timedelta(days=1)
            if not has_year:
                assert no_year_day(p, t.month, t.day) == t
            e = form.format(d=t.day, m=names[t.month], y=t.year, w=WD[t.weekday()])
            slot = e if e.startswith("يوم") or "{w}" in form else self.prefix() + e
            self.add(G, p, slot, e, t, t, "day")
        # No year, date later in the calendar than publication: the year before.
        for lo_month, months in [(1, [11, 12]), (2, [12]), (3, [6, 9])]:
            p = self.pub(lambda p: p.month == lo_month and p.year >= 2015)
            m = self.rng.choice(months)
            d = self.rng.randint(1, 28)
            t = date(p.year - 1, m, d)
            assert no_year_day(p, m, d) == t
            e = f"{d} {names[m]}"
            self.add(G, p, self.prefix() + e, e, t, t, "day")
        # Same day as publication.
        p = self.pub()
        e = f"اليوم {WD[p.weekday()]} {p.day} من {names[p.month]}"
        self.add(G, p, e, e, p, p, "day")

    def levantine_month(self):
        self._month_day_group("levantine_month", LEV)

    def egyptian_month(self):
        G = "egyptian_month"
        self._month_day_group(G, EGY)
        for _ in range(2):  # 17 من شهر نوفمبر الجاري
            p = self.pub(lambda p: p.day >= 2)
            t = p - timedelta(days=self.rng.randint(1, p.day - 1))
            e = f"{t.day} من شهر {EGY[t.month]} الجاري"
            self.add(G, p, self.prefix() + e, e, t, t, "day")
        p = self.pub(lambda p: p.month >= 3)  # 25 أكتوبر الماضي (an earlier month)
        m = self.rng.randint(1, p.month - 1)
        d = self.rng.randint(1, 28)
        t = no_year_day(p, m, d)
        e = f"{d} {EGY[m]} الماضي"
        self.add(G, p, self.prefix() + e, e, t, t, "day")
        p = self.pub(lambda p: p.month >= 5)  # spelling variant إبريل
        d = self.rng.randint(1, 30)
        t = date(p.year, 4, d)
        e = f"{d} إبريل {p.year}"
        self.add(G, p, self.prefix() + e, e, t, t, "day")

    def double_form(self):
        G = "double_form"
        forms = ["{d} {l}/{e} {y}", "{d} {l}/{e} {y}", "{d} {l}/{e}", "{d} {l}/{e}",
                 "{d} من {l}/{e} {y}", "{d} من {l}/{e}", "{d} {l} / {e} {y}", "{d} {e}/{l} {y}",
                 "{d} {e}/{l}", "يوم {w} {d} {l}/{e} {y}", "{d} من شهر {l}/{e} {y}"]
        for form in forms:
            p = self.pub()
            has_year = "{y}" in form
            back = self.rng.randint(0, 300) if has_year else self.rng.randint(0, 25)
            t = max(p - timedelta(days=back), date(2014, 8, 1))
            if t.month == 2 and t.day == 29:
                t -= timedelta(days=1)
            if not has_year:
                assert no_year_day(p, t.month, t.day) == t
            e = form.format(d=t.day, l=LEV[t.month], e=EGY[t.month], y=t.year, w=WD[t.weekday()])
            slot = e if e.startswith("يوم") else self.prefix() + e
            self.add(G, p, slot, e, t, t, "day")
        for form in ["{l}/{e} {y}", "{l}/{e} {y}", "شهر {l}/{e} {y}", "{l} / {e} {y}"]:  # month
            p = self.pub(lo=date(2015, 1, 1))
            y, m = p.year, self.rng.randint(1, p.month)
            if self.rng.random() < 0.5:
                y, m = p.year - 1, self.rng.randint(1, 12)
            e = form.format(l=LEV[m], e=EGY[m], y=y)
            s, en = month_span(y, m)
            self.add(G, p, self.rng.choice(["في ", "خلال "]) + e, e, s, en, "month",
                     frames=PERIOD_FRAMES)
        # No year, month later than publication: the year before.
        p = self.pub(lambda p: p.month <= 6 and p.year >= 2015)
        m = self.rng.randint(p.month + 1, 12)
        d = self.rng.randint(1, 28)
        t = date(p.year - 1, m, d)
        assert no_year_day(p, m, d) == t
        e = f"{d} {LEV[m]}/{EGY[m]}"
        self.add(G, p, self.prefix() + e, e, t, t, "day")

    def day_range(self):
        G = "day_range"
        for names, form in [(LEV, "بين {a} و{b} {m}"), (EGY, "بين {a} و{b} {m}"),
                            (LEV, "بين {a} و{b} {m}"), (LEV, "بين {a} و{b} {m} {y}"),
                            (EGY, "بين {a} و{b} {m} {y}"), (LEV, "بين {a} و{b} من {m} {y}"),
                            (LEV, "من {a} إلى {b} {m} {y}"), (EGY, "من {a} إلى {b} {m}")]:
            p = self.pub()
            has_year = "{y}" in form
            end = p - timedelta(days=self.rng.randint(0, 200) if has_year else self.rng.randint(0, 40))
            end = max(end, date(2014, 8, 15))
            while end.day < 4:  # leave room for the first day of the range
                end -= timedelta(days=1)
            b = end.day
            a = self.rng.randint(1, b - 3)
            start = date(end.year, end.month, a)
            if not has_year:
                assert no_year_day(p, end.month, a) == start and no_year_day(p, end.month, b) == end
            e = form.format(a=a, b=b, m=names[end.month], y=end.year)
            self.add(G, p, e, e, start, end, "range", frames=PERIOD_FRAMES)
        # No year, the whole range after publication: the year before.
        for names in (LEV, EGY):
            p = self.pub(lambda p: p.day <= 8 and p.year >= 2015)
            a, b = self.rng.randint(p.day + 2, 14), self.rng.randint(18, 27)
            start, end = date(p.year - 1, p.month, a), date(p.year - 1, p.month, b)
            assert no_year_day(p, p.month, a) == start and no_year_day(p, p.month, b) == end
            e = f"بين {a} و{b} {names[p.month]}"
            self.add(G, p, e, e, start, end, "range", frames=PERIOD_FRAMES)
        # Across two months.
        for form in ["بين {a} {m1} و{b} {m2} {y}", "بين {a} {m1} و{b} {m2}"]:
            p = self.pub(lambda p: p.month >= 3)
            m1 = self.rng.randint(1, p.month - 2) if p.month > 2 else 1
            m2 = m1 + 1
            a, b = self.rng.randint(20, 28), self.rng.randint(2, 12)
            start, end = date(p.year, m1, a), date(p.year, m2, b)
            assert end <= p
            e = form.format(a=a, b=b, m1=LEV[m1], m2=LEV[m2], y=p.year)
            self.add(G, p, e, e, start, end, "range", frames=PERIOD_FRAMES)
        # Month-to-month spans.
        p = self.pub(lo=date(2019, 5, 1))
        e = "بين آب 2014 ونهاية نيسان 2019"
        self.add(G, p, e, e, date(2014, 8, 1), date(2019, 4, 30), "range", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2019, 4, 1))
        e = "بين أيلول 2014 ونهاية آذار 2019"
        self.add(G, p, e, e, date(2014, 9, 1), date(2019, 3, 31), "range", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2018, 1, 1))
        e = "بين حزيران 2017 وشباط 2018"
        self.add(G, p, e, e, date(2017, 6, 1), date(2018, 2, 28), "range", frames=PERIOD_FRAMES)

    def since(self):
        G = "since"
        for names in (LEV, EGY, LEV):  # منذ 10 أيلول
            p = self.pub()
            t = p - timedelta(days=self.rng.randint(3, 250))
            if t.month == 2 and t.day == 29:
                t -= timedelta(days=1)
            assert no_year_day(p, t.month, t.day) == t
            e = f"منذ {t.day} {names[t.month]}"
            self.add(G, p, e, e, t, p, "range", frames=PERIOD_FRAMES)
        for _ in range(2):  # منذ 10 أيلول 2017
            p = self.pub(lo=date(2015, 6, 1))
            t = p - timedelta(days=self.rng.randint(30, 500))
            e = f"منذ {t.day} {LEV[t.month]} {t.year}"
            self.add(G, p, e, e, t, p, "range", frames=PERIOD_FRAMES)
        for e in ["منذ مطلع الشهر الحالي", "منذ مطلع الشهر الجاري", "منذ بداية الشهر الحالي"]:
            p = self.pub(lambda p: p.day >= 2)
            self.add(G, p, e, e, date(p.year, p.month, 1), p, "range", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2015, 1, 1))
        self.add(G, p, "منذ العام 2014", "منذ العام 2014", date(2014, 1, 1), p, "range",
                 frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2017, 1, 1))
        self.add(G, p, "منذ عام 2016", "منذ عام 2016", date(2016, 1, 1), p, "range",
                 frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2015, 1, 1))
        e = "منذ أيلول 2014"
        self.add(G, p, e, e, date(2014, 9, 1), p, "range", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2019, 5, 1))
        e = "منذ العام 2014 وحتى نهاية نيسان 2019"
        self.add(G, p, e, e, date(2014, 1, 1), date(2019, 4, 30), "range", frames=PERIOD_FRAMES)
        for e, back in [("خلال الـ 48 ساعة الماضية", 2), ("خلال الـ48 ساعة الماضية", 2),
                        ("خلال الـ 24 ساعة الماضية", 1), ("خلال الـ 72 ساعة الماضية", 3),
                        ("خلال الأيام الثلاثة الماضية", 3), ("خلال اليومين الماضيين", 2)]:
            p = self.pub()
            self.add(G, p, e, e, p - timedelta(days=back), p, "range", frames=PERIOD_FRAMES)
        for _ in range(2):
            p = self.pub()
            e = "الأسبوع الماضي"
            self.add(G, p, e, e, p - timedelta(days=7), p - timedelta(days=1), "range",
                     frames=PERIOD_FRAMES)

    def month_part(self):
        G = "month_part"
        plan = [("نهاية", LEV, False), ("نهاية", LEV, True), ("منتصف", LEV, False),
                ("منتصف", LEV, True), ("مطلع", LEV, False), ("بداية", LEV, True),
                ("مطلع", LEV, True), ("بداية", LEV, False), ("منتصف", EGY, False),
                ("نهاية", EGY, True), ("مطلع", EGY, False), ("نهاية", LEV, False)]
        for part, names, with_year in plan:
            while True:
                p = self.pub(lo=date(2015, 1, 1))
                if with_year:
                    y = self.rng.choice(range(2014, p.year + 1))
                    m = self.rng.randint(1, 12 if y < p.year else p.month)
                    s, en = part_span(y, m, part)
                    if s > p:
                        continue
                    e = f"{part} {names[m]} {y}"
                else:
                    m = self.rng.randint(1, 12)
                    s, en = part_span(p.year, m, part)
                    if s <= p < en:  # straddles publication: avoid (rule is ambiguous there)
                        continue
                    if s > p:
                        s, en = part_span(p.year - 1, m, part)
                    e = f"{part} {names[m]}"
                break
            slot = self.rng.choice(["في ", ""]) + e
            self.add(G, p, slot, e, s, en, "range", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2016, 3, 1))  # leap February
        e = "نهاية شباط 2016"
        self.add(G, p, "في " + e, e, date(2016, 2, 21), date(2016, 2, 29), "range",
                 frames=PERIOD_FRAMES)
        p = self.pub()
        y, m = prev_month(p)
        s, en = part_span(y, m, "نهاية")
        self.add(G, p, "نهاية الشهر الماضي", "نهاية الشهر الماضي", s, en, "range",
                 frames=PERIOD_FRAMES)
        p = self.pub(lambda p: p.day >= 10)
        s, en = part_span(p.year, p.month, "مطلع")
        self.add(G, p, "مطلع الشهر الجاري", "مطلع الشهر الجاري", s, en, "range",
                 frames=PERIOD_FRAMES)
        p = self.pub(lambda p: p.month == 1 and p.year >= 2015)  # previous month across new year
        y, m = prev_month(p)
        s, en = part_span(y, m, "منتصف")
        self.add(G, p, "في منتصف الشهر الماضي", "منتصف الشهر الماضي", s, en, "range",
                 frames=PERIOD_FRAMES)

    def year_only(self):
        G = "year_only"
        for form in ["العام {y}", "العام {y}", "العام {y}", "العام {y}", "عام {y}", "عام {y}",
                     "عام {y}", "عام {y}"]:
            p = self.pub()
            y = self.rng.randint(2014, p.year)
            e = form.format(y=y)
            slot = self.rng.choice(["في ", "خلال ", "طوال "]) + e
            self.add(G, p, slot, e, date(y, 1, 1), date(y, 12, 31), "year", frames=PERIOD_FRAMES)
        for e, delta in [("العام الماضي", 1), ("العام الماضي", 1), ("العام الماضي", 1),
                         ("العام الحالي", 0), ("العام الجاري", 0)]:
            p = self.pub(lo=date(2015, 1, 1))
            y = p.year - delta
            slot = self.rng.choice(["في ", "خلال ", ""]) + e
            self.add(G, p, slot, e, date(y, 1, 1), date(y, 12, 31), "year", frames=PERIOD_FRAMES)

    def month_only(self):
        G = "month_only"
        for names in (LEV, LEV, LEV, EGY, EGY):  # في آذار (no year)
            p = self.pub()
            m = self.rng.randint(1, 12)
            y = no_year_month(p, m)
            e = names[m]
            s, en = month_span(y, m)
            self.add(G, p, self.rng.choice(["في ", "خلال "]) + e, e, s, en, "month",
                     frames=PERIOD_FRAMES)
        for form, names in [("{m} {y}", LEV), ("{m} {y}", LEV), ("{m} {y}", EGY),
                            ("شهر {m} {y}", LEV), ("شهر {m} {y}", EGY)]:
            p = self.pub()
            y = self.rng.randint(max(2014, p.year - 2), p.year)
            m = self.rng.randint(8 if y == 2014 else 1, 12 if y < p.year else p.month)
            e = form.format(m=names[m], y=y)
            s, en = month_span(y, m)
            self.add(G, p, self.rng.choice(["في ", "خلال "]) + e, e, s, en, "month",
                     frames=PERIOD_FRAMES)
        for cond in (lambda p: p.month == 1, lambda p: True):  # الشهر الماضي (one in January)
            p = self.pub(cond)
            y, m = prev_month(p)
            s, en = month_span(y, m)
            e = "الشهر الماضي"
            self.add(G, p, self.rng.choice(["في ", "خلال ", ""]) + e, e, s, en, "month",
                     frames=PERIOD_FRAMES)
        for e in ["الشهر الجاري", "الشهر الحالي"]:
            p = self.pub()
            s, en = month_span(p.year, p.month)
            self.add(G, p, self.rng.choice(["في ", "خلال "]) + e, e, s, en, "month",
                     frames=PERIOD_FRAMES)
        for names in (LEV, EGY):  # آب الماضي (an earlier month, or last year's)
            p = self.pub(lambda p: p.month != 12)
            m = self.rng.choice([x for x in range(1, 13) if x != p.month])
            y = no_year_month(p, m)
            e = f"{names[m]} الماضي"
            s, en = month_span(y, m)
            self.add(G, p, "خلال " + e, e, s, en, "month", frames=PERIOD_FRAMES)

    def arabic_indic(self):
        G = "arabic_indic"
        for form, names, year_back in [("{d} {m} {y}", LEV, 300), ("{d} من {m} {y}", LEV, 300),
                                       ("{d} {m} {y}", EGY, 300), ("{d} {m}", LEV, 30),
                                       ("{d} {m}", EGY, 30), ("{d} من شهر {m} {y}", EGY, 200)]:
            p = self.pub()
            t = max(p - timedelta(days=self.rng.randint(0, year_back)), date(2014, 8, 1))
            if t.month == 2 and t.day == 29:
                t -= timedelta(days=1)
            if "{y}" not in form:
                assert no_year_day(p, t.month, t.day) == t
            e = ai(form.format(d=t.day, m=names[t.month], y=t.year))
            self.add(G, p, self.prefix() + e, e, t, t, "day")
        p = self.pub(lambda p: p.day >= 2)
        t = p - timedelta(days=self.rng.randint(1, p.day - 1))
        e = "فجر " + ai(f"{t.day} من شهر {EGY[t.month]} الجاري")
        self.add(G, p, e, e, t, t, "day")
        p = self.pub(lambda p: p.day >= 10)
        a, b = self.rng.randint(1, 4), self.rng.randint(6, p.day)
        e = ai(f"بين {a} و{b} {LEV[p.month]} {p.year}")
        self.add(G, p, e, e, date(p.year, p.month, a), date(p.year, p.month, b), "range",
                 frames=PERIOD_FRAMES)
        p = self.pub(lambda p: p.month >= 2)
        m = p.month - 1
        e = ai(f"بين 11 و24 {LEV[m]}")
        self.add(G, p, e, e, date(p.year, m, 11), date(p.year, m, 24), "range",
                 frames=PERIOD_FRAMES)
        p = self.pub()
        y = self.rng.randint(2014, p.year)
        e = ai(f"العام {y}")
        self.add(G, p, "خلال " + e, e, date(y, 1, 1), date(y, 12, 31), "year", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2015, 1, 1))
        e = ai("منذ العام 2014")
        self.add(G, p, e, e, date(2014, 1, 1), p, "range", frames=PERIOD_FRAMES)
        p = self.pub()
        e = ai("خلال الـ 48 ساعة الماضية")
        self.add(G, p, e, e, p - timedelta(days=2), p, "range", frames=PERIOD_FRAMES)
        p = self.pub()
        t = p - timedelta(days=self.rng.randint(5, 120))
        t = t if not (t.month == 2 and t.day == 29) else t - timedelta(days=1)
        e = ai(f"منذ {t.day} {LEV[t.month]}")
        assert no_year_day(p, t.month, t.day) == t
        self.add(G, p, e, e, t, p, "range", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2015, 1, 1))
        y, m = p.year - 1, self.rng.randint(1, 12)
        e = ai(f"{LEV[m]} {y}")
        s, en = month_span(y, m)
        self.add(G, p, "في " + e, e, s, en, "month", frames=PERIOD_FRAMES)
        p = self.pub(lo=date(2018, 9, 16), hi=date(2018, 12, 31))
        e = ai("5 محرم 1440 هـ")
        self.add(G, p, "في " + e, e, date(2018, 9, 15), date(2018, 9, 15), "day",
                 frame=self.rng.choice(HIJRI_FRAMES))

    def english_in_arabic(self):
        G = "english_in_arabic"
        for i in range(8):  # embedded tweets
            frame, (lo, hi) = TWEET_FRAMES[i % len(TWEET_FRAMES)]
            p = self.pub(lo=lo + timedelta(days=1), hi=hi)
            t = p - timedelta(days=self.rng.choice([0, 1, 1]))
            e = f"{ENG[t.month]} {t.day}, {t.year}"
            self.add(G, p, e, e, t, t, "day", frame=frame)
        for i, style in enumerate(["abbr", "british", "full", "abbr", "british", "full"]):
            p = self.pub()
            t = p - timedelta(days=self.rng.randint(0, 4))
            if style == "abbr":
                e = f"{ENG_ABBR[t.month]} {t.day}, {t.year}"
            elif style == "british":
                e = f"{t.day} {ENG[t.month]} {t.year}"
            else:
                e = f"{ENG[t.month]} {t.day}, {t.year}"
            self.add(G, p, e, e, t, t, "day", frame=STATEMENT_FRAMES[i % len(STATEMENT_FRAMES)])

    def hijri(self):
        G = "hijri"
        forms = ["{d} {m} {y} هـ", "{d} {m} {y}هـ", "{d} من {m} {y} هـ", "{d} {m} {y} هـ",
                 "يوم {w} {d} {m} {y} هـ"]
        anchors = list(HIJRI_ANCHORS.items())
        for i in range(14):
            (m, y), first = anchors[i % len(anchors)]
            d = 5 if i == 0 else 1 if i == 1 else self.rng.randint(1, 29)
            t = first + timedelta(days=d - 1)
            p = self.pub(lo=t, hi=t + timedelta(days=6))
            e = forms[i % len(forms)].format(d=d, m=m, y=y, w=WD[t.weekday()])
            self.add(G, p, e, e, t, t, "day", frame=HIJRI_FRAMES[i % len(HIJRI_FRAMES)])

    def undated_article(self):
        G = "undated_article"
        unresolved = [("أمس", "day"), ("فجر اليوم", "day"), ("يوم الجمعة الماضي", "day"),
                      ("الخميس", "day"), ("مساء أمس السبت", "day"), ("الشهر الماضي", "month"),
                      ("العام الماضي", "year"), ("18 تشرين الثاني", "day"),
                      ("17 نوفمبر", "day"), ("خلال الـ 48 ساعة الماضية", "range"),
                      ("نهاية نيسان", "range"), ("منذ 10 أيلول", "range"),
                      ("الأسبوع الماضي", "range")]
        for e, prec in unresolved:
            period = prec != "day"
            slot = ("في " + e) if e[0].isdigit() or e in ("الشهر الماضي", "العام الماضي") else e
            self.add(G, None, slot, e, None, None, prec,
                     frames=PERIOD_FRAMES if period else POINT_FRAMES)
        resolved = [
            ("18 تشرين الثاني 2018", date(2018, 11, 18), date(2018, 11, 18), "day"),
            ("3 من أيار 2017", date(2017, 5, 3), date(2017, 5, 3), "day"),
            ("22 مارس 2019", date(2019, 3, 22), date(2019, 3, 22), "day"),
            ("العام 2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
            ("آذار 2019", date(2019, 3, 1), date(2019, 3, 31), "month"),
            ("بين آب 2014 ونهاية نيسان 2019", date(2014, 8, 1), date(2019, 4, 30), "range"),
            ("بين 11 و24 آذار 2019", date(2019, 3, 11), date(2019, 3, 24), "range"),
            ("نهاية نيسان 2019", date(2019, 4, 21), date(2019, 4, 30), "range"),
            ("١٥ تشرين الأول ٢٠١٧", date(2017, 10, 15), date(2017, 10, 15), "day"),
        ]
        for e, s, en, prec in resolved:
            period = prec != "day"
            slot = e if e.startswith("بين") else "في " + e
            self.add(G, None, slot, e, s, en, prec,
                     frames=PERIOD_FRAMES if period else POINT_FRAMES)
        e = "5 محرم 1440 هـ"
        self.add(G, None, "في " + e, e, date(2018, 9, 15), date(2018, 9, 15), "day",
                 frame=HIJRI_FRAMES[0])
        e = "November 18, 2018"
        self.add(G, None, e, e, date(2018, 11, 18), date(2018, 11, 18), "day",
                 frame=TWEET_FRAMES[0][0])

    def not_a_date(self):
        for frame in NOT_A_DATE:
            p = self.pub()
            self.add("not_a_date", p, "", "", None, None, "", frame=frame)

    def build(self) -> list[dict]:
        for g in ["relative_day", "weekday", "part_of_day", "levantine_month", "egyptian_month",
                  "double_form", "day_range", "since", "month_part", "year_only", "month_only",
                  "arabic_indic", "english_in_arabic", "hijri", "undated_article", "not_a_date"]:
            getattr(self, g)()
        return self.rows


def write_tsv(rows: list[dict], path: Path) -> None:
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        cells = [r[c] for c in COLUMNS]
        for c in cells:
            assert "\t" not in c and "\n" not in c and '"' not in c, c
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "date_cases.tsv")
    ap.add_argument("--seed", type=int, default=20181118)
    args = ap.parse_args(argv)
    rows = Builder(args.seed).build()
    write_tsv(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
