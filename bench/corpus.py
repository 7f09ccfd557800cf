#!/usr/bin/env python3
"""Deterministic generator of a synthetic Arabic news corpus for the Rasd ingest benchmark.

Usage:
    python bench/corpus.py --n 500 --out bench/corpus_500 --seed 7
    python bench/corpus.py --n 50000 --out /tmp/corpus_50k --seed 7 --manifest /tmp/truth.json

Writes N UTF-8 files named bench_000000.txt, bench_000001.txt ... into --out (created if
missing). Each is a short article (5–12 body sentences, 1–4 KB) about an airstrike in
Deir ez-Zor, built from hand-written templates:

* about 40 % start with YAML front matter (published, outlet, title), about 50 % carry the
  date in a first-line byline ("التاريخ : 18 نوفمبر 2018 م"), about 10 % are undated;
* a lead claim by one claimant (المرصد السوري لحقوق الإنسان، سانا، وكالة أعماق، التحالف الدولي،
  تجمع ثوار سوريا، الشبكة السورية لحقوق الإنسان، ناشطون، فرات بوست، دير الزور 24) with a stance:
  alleges, denies (نفى / عارية عن الصحة), acknowledges (أقر) or assessing (سيقيّم);
  denials and assessments come with the allegation they answer, allegations sometimes with a
  coalition reply;
* the place is a town, village or city of Deir ez-Zor read from data/gazetteer.csv
  (`id`, `name_ar`; `kind` and `admin2` are used when present to keep Deir ez-Zor
  settlements with an unambiguous name);
* dates: أمس، فجر أمس، فجر اليوم، اليوم الخميس، فجر السبت، يوم الجمعة الماضي, and day + month in
  the Levantine and Egyptian families with and without a year (sometimes in Arabic-Indic
  digits);
* civilian counts in digits, Arabic-Indic digits or words (ثلاثين، أربعة عشر، عشرة), vague
  amounts (عشرات، مئات) and hedges (نحو، أكثر من، ما لا يقل عن);
* filler sentences that carry no claim.

The same seed always gives byte-identical files. Generation is pure stdlib and fast
(50,000 articles in about 10 s).

--manifest PATH writes the ground truth as JSON: {"seed", "n", "articles": [...]}, one entry
per article with file, published (ISO or null), published_from (front_matter | byline |
null), outlet, title, the lead claim's claimant, claimant_id (ids of data/claimants.csv),
stance, civilians_min, civilians_max, civilians_hedge, civilians_text, date, date_end,
date_precision, date_text, place_id, place_name, plus `claims` (every claim in the article,
lead first) and the article's sentence and byte counts. Conventions: civilians_min/max are
the stated figure for exact and hedged counts (the hedge is exact | about | more_than |
at_least) and 20–99 / 200–999 for عشرات / مئات (vague); a denial or an assessment carries no
count (null). Dates follow the Rasd rules (no year → publication year, one back if later
than publication; a weekday is the latest such day on or before publication, strictly
before with الماضي); in an undated article a relative date is null.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "data" / "gazetteer.csv"

LEV = [None, "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
       "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EGY = [None, "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
       "أكتوبر", "نوفمبر", "ديسمبر"]
WD = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
AI_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

PUB_MIN, PUB_MAX = date(2014, 9, 23), date(2019, 10, 31)
# Publication years weighted towards the heaviest years of the Deir ez-Zor campaign.
YEAR_WEIGHTS = {2014: 1, 2015: 2, 2016: 2, 2017: 4, 2018: 5, 2019: 3}

# claimant id (data/claimants.csv) and the name used in running text
CLAIMANTS = {
    "المرصد السوري لحقوق الإنسان": "sohr", "سانا": "sana", "وكالة أعماق": "amaq",
    "التحالف الدولي": "coalition", "تجمع ثوار سوريا": "srg",
    "الشبكة السورية لحقوق الإنسان": "snhr", "ناشطون": "local", "فرات بوست": "local",
    "دير الزور 24": "local",
}
ALLEGERS = [c for c in CLAIMANTS if c != "التحالف الدولي"]

# Lead allegations: {P} place, {D} date slot, {C} civilian count (genitive/accusative position).
ALLEGE_LEAD = {
    "المرصد السوري لحقوق الإنسان": [
        "قال المرصد السوري لحقوق الإنسان إن طائرات التحالف الدولي قتلت {C} في غارات استهدفت {P} {D}{X}.",
        "وثّق المرصد السوري لحقوق الإنسان مقتل {C} جراء ضربات جوية نفذتها طائرات التحالف الدولي على {P} {D}{X}.",
        "أفاد المرصد السوري لحقوق الإنسان بمقتل {C} في قصف جوي للتحالف الدولي على {P} {D}، وسط استمرار المعارك في المنطقة.",
    ],
    "سانا": [
        "ذكرت وكالة سانا أن طيران ما يسمى «التحالف الدولي» ارتكب مجزرة جديدة في {P} {D} أسفرت عن مقتل {C}{X}.",
        "أفاد مراسل سانا بأن طائرات التحالف الدولي شنت غارات على منازل الأهالي في {P} {D}، ما أدى إلى مقتل {C}{X}.",
    ],
    "وكالة أعماق": [
        "زعمت وكالة أعماق التابعة لتنظيم الدولة أن غارات التحالف على {P} {D} أسفرت عن مقتل {C}{X}.",
        "نشرت وكالة أعماق صوراً قالت إنها لضحايا غارات التحالف على {P} {D}، وزعمت مقتل {C}.",
    ],
    "تجمع ثوار سوريا": [
        "قال تجمع ثوار سوريا إن طائرات التحالف استهدفت {P} {D}، ما أدى إلى مقتل {C}{X}.",
        "أفاد تجمع ثوار سوريا بمقتل {C} جراء قصف جوي للتحالف على سوق شعبي في {P} {D}.",
    ],
    "الشبكة السورية لحقوق الإنسان": [
        "وثّقت الشبكة السورية لحقوق الإنسان مقتل {C} في هجوم جوي لطيران التحالف الدولي على {P} {D}{X}.",
        "قالت الشبكة السورية لحقوق الإنسان في تقرير إن غارات التحالف الدولي على {P} {D} خلفت مقتل {C}{X}.",
    ],
    "ناشطون": [
        "أفاد ناشطون بمقتل {C} في قصف جوي للتحالف الدولي على {P} {D}{X}.",
        "قال ناشطون محليون إن طائرات التحالف قصفت {P} {D}، ما أسفر عن مقتل {C}{X}.",
    ],
    "فرات بوست": [
        "قالت شبكة فرات بوست المحلية إن غارات التحالف على {P} {D} أسفرت عن مقتل {C}{X}.",
        "أفادت شبكة فرات بوست بمقتل {C} إثر استهداف طيران التحالف لمنازل في {P} {D}.",
    ],
    "دير الزور 24": [
        "أفادت شبكة دير الزور 24 بمقتل {C} جراء غارات لطيران التحالف على {P} {D}{X}.",
        "قال مراسل دير الزور 24 إن طيران التحالف الدولي استهدف أحياء سكنية في {P} {D}، ما أدى إلى مقتل {C}.",
    ],
}
# The same allegation reported afterwards ("had said").
ALLEGE_LATER = {
    "المرصد السوري لحقوق الإنسان": "وكان المرصد السوري لحقوق الإنسان قد أفاد بمقتل {C} في غارات لطيران التحالف على {P} {D}.",
    "سانا": "وكانت وكالة سانا قد ذكرت أن غارات التحالف على {P} {D} أسفرت عن مقتل {C}.",
    "وكالة أعماق": "وكانت وكالة أعماق قد زعمت مقتل {C} في غارات التحالف على {P} {D}.",
    "تجمع ثوار سوريا": "وكان تجمع ثوار سوريا قد أفاد بمقتل {C} في قصف للتحالف على {P} {D}.",
    "الشبكة السورية لحقوق الإنسان": "وكانت الشبكة السورية لحقوق الإنسان قد وثّقت مقتل {C} في غارات على {P} {D}.",
    "ناشطون": "وكان ناشطون قد تحدثوا عن مقتل {C} في غارات التحالف على {P} {D}.",
    "فرات بوست": "وكانت شبكة فرات بوست قد أفادت بمقتل {C} في قصف جوي على {P} {D}.",
    "دير الزور 24": "وكانت شبكة دير الزور 24 قد أفادت بمقتل {C} في غارات على {P} {D}.",
}
DENY = [
    "نفى التحالف الدولي بقيادة الولايات المتحدة مسؤوليته عن سقوط ضحايا مدنيين في {P} {D}، مؤكداً أن ضرباته استهدفت مواقع لتنظيم داعش.",
    "قال متحدث باسم التحالف الدولي إن التقارير عن سقوط ضحايا مدنيين في غارات التحالف على {P} {D} عارية عن الصحة.",
    "نفى التحالف الدولي في بيان أن تكون ضرباته على {P} {D} قد أوقعت ضحايا في صفوف المدنيين، واصفاً هذه التقارير بأنها عارية عن الصحة.",
]
DENY_LATER = [
    "في المقابل، نفى التحالف الدولي أن تكون غاراته على {P} {D} قد أوقعت ضحايا مدنيين، واصفاً هذه التقارير بأنها عارية عن الصحة.",
    "ونفى التحالف الدولي في بيان لاحق مسؤوليته عن مقتل مدنيين في {P} {D}.",
]
ACKNOWLEDGE = [
    "أقر التحالف الدولي بمقتل {C} بشكل غير متعمد في غارة نفذتها طائراته على {P} {D}.",
    "أقر التحالف الدولي في تقريره الشهري بمسؤوليته عن مقتل {C} في ضربة جوية على {P} {D}.",
]
ASSESS = [
    "قال التحالف الدولي إنه سيقيّم التقارير عن سقوط ضحايا مدنيين في غاراته على {P} {D}.",
    "أكد متحدث باسم التحالف الدولي أن التحالف سيقيّم المعلومات المتوفرة عن الغارات على {P} {D} وفق الإجراءات المتبعة.",
]
ASSESS_LATER = [
    "وقال متحدث باسم التحالف الدولي إن التحالف سيقيّم التقارير عن سقوط ضحايا مدنيين في {P} {D}.",
    "من جهته، قال التحالف الدولي إنه سيقيّم الادعاءات المتعلقة بالغارات على {P} {D}.",
]
EXTRAS = ["", "", "", " بينهم أطفال ونساء", " معظمهم من النساء والأطفال", " بينهم عائلة كاملة"]

# Sentences about the same incident that add no claim. SOURCE_DETAILS speak for the source of
# an allegation ("the source added"), so they only follow an allegation lead.
SOURCE_DETAILS = [
    "وأشار المصدر إلى أن فرق الإنقاذ لا تزال تبحث عن مفقودين تحت أنقاض المنازل المدمرة.",
    "وأضاف المصدر أن الغارات استهدفت منازل سكنية ومسجداً وسط {N}، ما تسبب بدمار واسع.",
    "وتوقع المصدر ارتفاع عدد الضحايا بسبب وجود إصابات خطرة ونقص الكوادر الطبية.",
    "وأوضح المصدر أن القصف تزامن مع اشتباكات عنيفة على أطراف {N}.",
]
DETAILS = [
    "ونشر ناشطون صوراً تظهر حجم الدمار الذي خلفه القصف في {N}.",
    "ولم تتمكن سيارات الإسعاف من الوصول إلى المكان بسبب استمرار تحليق الطائرات.",
    "وقال سكان من {N} إن العائلات المستهدفة كانت قد نزحت إليها هرباً من المعارك.",
    "وتقع {N} على ضفاف نهر الفرات، ويعتمد معظم سكانها على الزراعة وتربية المواشي.",
    "ونقل الجرحى إلى نقاط طبية ميدانية تفتقر إلى أبسط المستلزمات.",
    "وتشهد {N} ومحيطها تحليقاً مستمراً لطائرات الاستطلاع.",
]
# Context sentences: no claim, no date.
FILLERS = [
    "ويعد الجيب الواقع على الضفة الشرقية لنهر الفرات آخر معاقل التنظيم في المنطقة.",
    "ويعاني السكان المحاصرون في المنطقة من نقص حاد في الغذاء والدواء وانقطاع شبه كامل للكهرباء.",
    "وتتهم منظمات حقوقية أطراف النزاع بعدم اتخاذ الاحتياطات اللازمة لحماية المدنيين.",
    "وتعتمد قوات سوريا الديمقراطية على الغطاء الجوي للتحالف في تقدمها نحو القرى الواقعة على ضفاف الفرات.",
    "ونزحت عائلات كثيرة نحو المخيمات في ريف الحسكة هرباً من المعارك.",
    "ولم يتسن التحقق من هذه المعلومات من مصدر مستقل.",
    "ويصعب على الصحفيين الوصول إلى المنطقة بسبب استمرار الاشتباكات.",
    "ويواجه العاملون في المجال الطبي صعوبات كبيرة في إسعاف الجرحى بسبب استهداف الطرقات.",
    "ويسيطر تنظيم الدولة على شريط من القرى الممتدة على الضفة الشرقية للفرات قرب الحدود العراقية.",
    "وتشير تقديرات محلية إلى أن آلاف المدنيين ما زالوا عالقين في مناطق الاشتباك.",
    "وكانت قوات سوريا الديمقراطية قد أعلنت إطلاق المرحلة الأخيرة من عملياتها العسكرية ضد التنظيم في المنطقة.",
    "وتطالب منظمات إنسانية بفتح ممرات آمنة لخروج المدنيين من مناطق القصف.",
    "ويتبادل الطرفان الاتهامات بالمسؤولية عن سقوط الضحايا.",
    "وتتواصل حركة النزوح من القرى القريبة من خطوط الاشتباك باتجاه البادية.",
    "ويشكو الأهالي من ارتفاع أسعار المواد الغذائية والمحروقات بسبب إغلاق الطرق.",
    "ويستخدم التنظيم المدنيين دروعاً بشرية بحسب ما تقول قوات سوريا الديمقراطية.",
    "وتقول منظمات محلية إن المشافي الميدانية في المنطقة خرجت عن الخدمة بشكل شبه كامل.",
    "ويقود التحالف الدولي عمليات عسكرية ضد التنظيم في سوريا والعراق.",
    "وتفرض الاشتباكات المستمرة حصاراً خانقاً على القرى الواقعة بين خطوط التماس.",
    "ويخشى الأهالي من تكرار المجازر مع اقتراب المعارك من مناطقهم.",
    "وتحولت المدارس في المنطقة إلى مراكز إيواء للنازحين.",
    "ويعيش آلاف النازحين في العراء دون خيام أو مساعدات إنسانية كافية.",
]

TITLES = {
    "alleges": ["مقتل مدنيين بغارات للتحالف على {N} بريف دير الزور",
                "مجزرة جديدة لطيران التحالف في {N}",
                "ضحايا مدنيون في قصف جوي على {N} شرق سوريا",
                "غارات التحالف تحصد أرواح مدنيين في {N}"],
    "denies": ["التحالف ينفي مسؤوليته عن مقتل مدنيين في {N}",
               "التحالف الدولي ينفي سقوط ضحايا مدنيين بغاراته على {N}"],
    "acknowledges": ["التحالف يقر بمقتل مدنيين في غارة على {N}",
                     "التحالف الدولي يعترف بسقوط ضحايا مدنيين في {N}"],
    "assessing": ["التحالف يتعهد بتقييم التقارير عن سقوط ضحايا في {N}",
                  "التحالف الدولي يدرس تقارير عن مقتل مدنيين في {N}"],
}
OUTLETS = ["عنب بلدي", "سانا", "فرانس برس", "رويترز", "دير الزور 24", "فرات بوست",
           "المرصد السوري لحقوق الإنسان", "الشبكة السورية لحقوق الإنسان"]
AUTHORS = ["أسرة التحرير", "فريق التحرير", "مراسل دير الزور", "عنب بلدي - دير الزور",
           "قسم الأخبار"]
REGION_SUFFIX = ["", "", " بريف دير الزور", " في محافظة دير الزور"]
PLACE_NOUN = {"town": "بلدة", "village": "قرية", "city": "مدينة"}

# Numbers in words, in the genitive/accusative (after مقتل، بمقتل، قتلت).
UNITS_W = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة",
           10: "عشرة", 11: "أحد عشر", 12: "اثني عشر", 13: "ثلاثة عشر", 14: "أربعة عشر",
           15: "خمسة عشر", 16: "ستة عشر", 17: "سبعة عشر", 18: "ثمانية عشر", 19: "تسعة عشر"}
TENS_W = {20: "عشرين", 30: "ثلاثين", 40: "أربعين", 50: "خمسين", 60: "ستين", 70: "سبعين"}


def number_words(n: int) -> str:
    if n in UNITS_W:
        return UNITS_W[n]
    if n in TENS_W:
        return TENS_W[n]
    unit, tens = n % 10, n - n % 10
    if 3 <= unit <= 9 and tens in TENS_W:
        return f"{UNITS_W[unit]} و{TENS_W[tens]}"
    raise ValueError(n)


def civ_noun(n: int) -> str:
    return "مدنيين" if n <= 10 else "مدنياً"


def load_places(path: Path) -> list[dict]:
    """Deir ez-Zor settlements with a name no other settlement shares."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("id") and r.get("name_ar")]
    if rows and "kind" in rows[0]:
        rows = [r for r in rows if r["kind"] in PLACE_NOUN
                and not r.get("admin2", "").lower().startswith("outside")]
    names: dict[str, int] = {}
    for r in rows:
        names[r["name_ar"]] = names.get(r["name_ar"], 0) + 1
    places = [{"id": r["id"], "name": r["name_ar"], "noun": PLACE_NOUN.get(r.get("kind", ""), "بلدة")}
              for r in rows if names[r["name_ar"]] == 1]
    if not places:
        raise SystemExit(f"no usable places in {path}")
    return places


def no_year_day(pub: date, m: int, d: int) -> date:
    t = date(pub.year, m, d)
    return t if t <= pub else date(pub.year - 1, m, d)


class Article:
    def __init__(self, rng: random.Random, places: list[dict], index: int):
        self.rng, self.places, self.index = rng, places, index

    # -- pieces ---------------------------------------------------------------------------
    def pick_pub(self) -> date:
        rng = self.rng
        y = rng.choices(list(YEAR_WEIGHTS), weights=list(YEAR_WEIGHTS.values()))[0]
        lo, hi = max(PUB_MIN, date(y, 1, 1)), min(PUB_MAX, date(y, 12, 31))
        return lo + timedelta(days=rng.randrange((hi - lo).days + 1))

    def date_phrase(self, pub: date | None):
        """(slot text, date expression, resolved date or None)."""
        rng = self.rng
        if pub is None:  # undated: half relative (unresolvable), half with a year
            if rng.random() < 0.5:
                e = rng.choice(["أمس", "فجر أمس", "فجر اليوم", "مساء أمس",
                                f"فجر {rng.choice(WD)}", f"يوم {rng.choice(WD)} الماضي",
                                f"{rng.randint(1, 28)} {rng.choice(LEV[1:])}"])
                return (("في " + e) if e[0].isdigit() else e), e, None
            t = date(2014, 9, 23) + timedelta(days=rng.randrange(1800))
            e = f"{t.day} {rng.choice([LEV, EGY])[t.month]} {t.year}"
            return "في " + e, e, t
        kind = rng.choices(
            ["ams", "part_ams", "fajr_today", "today_wd", "part_wd", "wd_past", "dm", "dm_year",
             "dm_current"], weights=[14, 12, 8, 6, 14, 8, 18, 12, 8])[0]
        if kind == "ams":
            e = rng.choice(["أمس", "يوم أمس", "أمس " + WD[(pub - timedelta(days=1)).weekday()]])
            return e, e, pub - timedelta(days=1)
        if kind == "part_ams":
            t = pub - timedelta(days=1)
            e = rng.choice(["فجر أمس", "مساء أمس", "ليل أمس", f"فجر أمس {WD[t.weekday()]}"])
            return e, e, t
        if kind == "fajr_today":
            e = rng.choice(["فجر اليوم", "صباح اليوم"])
            return e, e, pub
        if kind == "today_wd":
            e = f"اليوم {WD[pub.weekday()]}"
            return e, e, pub
        if kind == "part_wd":  # فجر السبت: the latest Saturday on or before publication
            t = pub - timedelta(days=rng.randint(1, 6))
            e = f"{rng.choice(['فجر', 'مساء', 'ظهر'])} {WD[t.weekday()]}"
            return e, e, t
        if kind == "wd_past":
            t = pub - timedelta(days=rng.randint(1, 6))
            e = f"يوم {WD[t.weekday()]} الماضي"
            return e, e, t
        if kind == "dm_current" and pub.day >= 2:
            t = pub - timedelta(days=rng.randint(1, min(pub.day - 1, 7)))
            e = f"{t.day} من شهر {EGY[t.month]} الجاري"
            return "في " + e, e, t
        t = pub - timedelta(days=rng.randint(0, 10))
        names = rng.choice([LEV, EGY])
        if kind == "dm_year":
            e = f"{t.day} {names[t.month]} {t.year}"
        else:
            e = f"{t.day} {rng.choice(['', 'من '])}{names[t.month]}"
            assert no_year_day(pub, t.month, t.day) == t
        if rng.random() < 0.12:
            e = e.translate(AI_DIGITS)
        return "في " + e, e, t

    def civilians(self):
        """(text, min, max, hedge) — text sits after مقتل/بمقتل/قتلت."""
        rng = self.rng
        form = rng.choices(["digits", "indic", "words", "about", "more_than", "at_least", "vague"],
                           weights=[34, 10, 16, 12, 10, 10, 8])[0]
        if form == "vague":
            if rng.random() < 0.85:
                return "عشرات المدنيين", 20, 99, "vague"
            return "مئات المدنيين", 200, 999, "vague"
        if form in ("about", "more_than", "at_least"):
            n = rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 70])
            hedge = {"about": "نحو", "more_than": "أكثر من", "at_least": "ما لا يقل عن"}[form]
            num = number_words(n) if rng.random() < 0.3 else str(n)
            return f"{hedge} {num} {civ_noun(n)}", n, n, form
        if form == "words":
            n = rng.choice(list(UNITS_W) + list(TENS_W) + [23, 25, 27, 34, 36, 45])
            return f"{number_words(n)} {civ_noun(n)}", n, n, "exact"
        n = rng.choice(list(range(3, 20)) + [21, 23, 24, 26, 28, 31, 33, 36, 40, 43, 47, 52, 58, 62])
        num = str(n) if form == "digits" else str(n).translate(AI_DIGITS)
        return f"{num} {civ_noun(n)}", n, n, "exact"

    # -- the article ----------------------------------------------------------------------
    def build(self):
        rng = self.rng
        r = rng.random()
        layout = "front_matter" if r < 0.40 else "byline" if r < 0.90 else "undated"
        pub = None if layout == "undated" else self.pick_pub()
        place = rng.choice(self.places)
        p_text = f"{place['noun']} {place['name']}{rng.choice(REGION_SUFFIX)}"
        slot, dtext, dval = self.date_phrase(pub)
        stance = rng.choices(["alleges", "denies", "acknowledges", "assessing"],
                             weights=[55, 20, 10, 15])[0]

        claims, sentences = [], []

        def claim(claimant, st, civ=None):
            text, lo, hi, hedge = civ if civ else (None, None, None, None)
            claims.append({"claimant": claimant, "claimant_id": CLAIMANTS[claimant], "stance": st,
                           "civilians_min": lo, "civilians_max": hi, "civilians_hedge": hedge,
                           "civilians_text": text, "date": dval.isoformat() if dval else None,
                           "date_text": dtext, "place_id": place["id"]})

        def fill(template, civ=None):
            return template.format(P=p_text, D=slot, C=civ[0] if civ else "",
                                   X=rng.choice(EXTRAS), N=place["name"])

        alleger = rng.choice(ALLEGERS)
        if stance == "alleges":
            civ = self.civilians()
            sentences.append(fill(rng.choice(ALLEGE_LEAD[alleger]), civ))
            claim(alleger, "alleges", civ)
        elif stance == "acknowledges":
            civ = self.civilians()
            sentences.append(fill(rng.choice(ACKNOWLEDGE), civ))
            claim("التحالف الدولي", "acknowledges", civ)
        else:
            sentences.append(fill(rng.choice(DENY if stance == "denies" else ASSESS)))
            claim("التحالف الدولي", stance)
        # incident details
        pool = DETAILS + (SOURCE_DETAILS if claims[0]["stance"] == "alleges" else [])
        details = rng.sample(pool, rng.randint(1, 2))
        sentences.extend(fill(d) for d in details)
        # a second claim about the same incident
        if stance in ("denies", "assessing") or (stance == "acknowledges" and rng.random() < 0.5):
            civ = self.civilians()
            sentences.append(fill(ALLEGE_LATER[alleger], civ))
            claim(alleger, "alleges", civ)
        elif stance == "alleges":
            u = rng.random()
            if u < 0.25:
                sentences.append(fill(rng.choice(ASSESS_LATER)))
                claim("التحالف الدولي", "assessing")
            elif u < 0.40:
                sentences.append(fill(rng.choice(DENY_LATER)))
                claim("التحالف الدولي", "denies")
        # filler up to the target length, then fit the byte budget
        target = rng.randint(5, 12)
        fillers = rng.sample(FILLERS, len(FILLERS))
        while len(sentences) < target:
            sentences.append(fillers.pop())
        title = rng.choice(TITLES[stance]).format(N=place["name"])
        outlet = rng.choice(OUTLETS)

        def render():
            head = []
            if layout == "front_matter":
                head += ["---", f"published: {pub.isoformat()}", f"outlet: {outlet}",
                         f'title: "{title}"', "---", title]
            elif layout == "byline":
                by = f"التاريخ : {pub.day} {EGY[pub.month]} {pub.year} م"
                if with_author:
                    by = f"{title} الكاتب : {author} {by} المشاهدات : {rng_views}"
                else:
                    by = f"{title} {by}"
                head += [by, ""]
            else:
                head += [title]
            body, i = [], 0
            while i < len(sentences):
                k = para_sizes[i % len(para_sizes)]
                body.append(" ".join(sentences[i:i + k]))
                i += k
            sep = "\n\n" if blank_lines else "\n"
            return "\n".join(head) + "\n" + sep.join(body) + "\n"

        rng_views = rng.randint(150, 9000)
        with_author = rng.random() < 0.6
        author = rng.choice(AUTHORS)
        para_sizes = [rng.randint(1, 3) for _ in range(4)]
        blank_lines = rng.random() < 0.6
        core = len(claims) + len(details)  # sentences that must stay
        text = render()
        while len(text.encode("utf-8")) < 1024 and len(sentences) < 12 and fillers:
            sentences.append(fillers.pop())
            text = render()
        while len(text.encode("utf-8")) > 4096 and len(sentences) > max(5, core):
            sentences.pop()
            text = render()
        lead = claims[0]
        truth = {
            "file": f"bench_{self.index:06d}.txt",
            "published": pub.isoformat() if pub else None,
            "published_from": None if layout == "undated" else layout,
            "outlet": outlet if layout == "front_matter" else None,
            "title": title,
            **{k: lead[k] for k in ("claimant", "claimant_id", "stance", "civilians_min",
                                    "civilians_max", "civilians_hedge", "civilians_text")},
            "date": lead["date"], "date_end": lead["date"],
            "date_precision": "day", "date_text": dtext,
            "place_id": place["id"], "place_name": place["name"],
            "claims": claims, "sentences": len(sentences), "bytes": len(text.encode("utf-8")),
        }
        return text, truth


def generate(n: int, out: Path, seed: int, manifest: Path | None = None,
             gazetteer: Path = GAZETTEER) -> list[dict]:
    places = load_places(gazetteer)
    out.mkdir(parents=True, exist_ok=True)
    truths = []
    for i in range(n):
        rng = random.Random(f"rasd-corpus-{seed}-{i}")
        text, truth = Article(rng, places, i).build()
        (out / truth["file"]).write_text(text, encoding="utf-8")
        truths.append(truth)
    if manifest is not None:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        with open(manifest, "w", encoding="utf-8") as fh:
            fh.write('{"seed": %d, "n": %d, "articles": [\n' % (seed, n))
            fh.write(",\n".join(json.dumps(t, ensure_ascii=False) for t in truths))
            fh.write("\n]}\n")
    return truths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Generate a synthetic Arabic airstrike news corpus.")
    ap.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--manifest", type=Path, help="write JSON ground truth here")
    ap.add_argument("--gazetteer", type=Path, default=GAZETTEER)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    truths = generate(args.n, args.out, args.seed, args.manifest, args.gazetteer)
    print(f"wrote {len(truths)} articles to {args.out} in {time.perf_counter() - t0:.1f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
