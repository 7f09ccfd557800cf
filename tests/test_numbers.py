"""Counts in Arabic news sentences: value, range, hedge and what is counted.

Each row lists every figure the sentence holds, in order, as (category, low, high, hedge).
"""
from __future__ import annotations

import pytest

from loaders.numbers import find_figures


def xfail(*values, reason):
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason))


CASES = [
    # ------------------------------------------------------------ digits
    ("قتل 12 مدنياً في غارات للتحالف على بلدة هجين",
     [("civilians", 12, 12, "exact")]),
    ("أحصى المرصد مقتل 43 شخصاً بينهم 36 مدنياً",
     [("killed", 43, 43, "exact"), ("civilians", 36, 36, "exact")]),
    ("مقتل 54 شخصا بينهم 28 مدنيا ومقاتلون من التنظيم",
     [("killed", 54, 54, "exact"), ("civilians", 28, 28, "exact")]),
    ("وثق تجمع ثوار سوريا مقتل 3,712 مدنياً من السوريين",
     [("civilians", 3712, 3712, "exact")]),
    # Arabic-Indic digits and the Arabic thousands separator
    ("وثق التجمع مقتل ٣٬٧١٢ مدنياً بغارات التحالف",
     [("civilians", 3712, 3712, "exact")]),
    ("مقتل ١٥ مدنياً بينهم ٦ أطفال في الشعفة",
     [("civilians", 15, 15, "exact"), ("civilians", 6, 6, "exact")]),
    ("قتل 18 مدنياً بينهم 7 أطفال و4 نساء في قصف على السوسة",
     [("civilians", 18, 18, "exact"), ("civilians", 7, 7, "exact"),
      ("civilians", 4, 4, "exact")]),

    # ------------------------------------------------------------ number words
    ("مقتل عشرة مدنيين في قصف على الشعفة",
     [("civilians", 10, 10, "exact")]),
    ("حملت سانا التحالف مسؤولية مقتل نحو ثلاثين مدنيا",
     [("civilians", 30, 30, "about")]),
    ("قتل أربعة عشر مدنياً بغارات على الباغوز",
     [("civilians", 14, 14, "exact")]),
    ("استشهاد خمسة وعشرين مدنياً في قرية الكشكية",
     [("civilians", 25, 25, "exact")]),
    ("مقتل سبعة أطفال وثلاث نساء بغارة على البوكمال",
     [("civilians", 7, 7, "exact"), ("civilians", 3, 3, "exact")]),
    ("سقوط قتيلين بقصف على بلدة الشحيل",
     [("killed", 2, 2, "exact")]),
    xfail("قتل مدنيان اثنان في قصف على ذيبان",
          [("civilians", 2, 2, "exact")],
          reason="dual noun plus 'اثنان' after it gives two figures: civilians 2 and other 2"),
    xfail("مقتل أكثر من مئتي مدني في غارات التحالف",
          [("civilians", 200, 200, "more_than")],
          reason="construct form 'مئتي' is not a number word: no figure"),

    # ------------------------------------------------------------ multipliers
    ("ارتفعت حصيلة الضحايا المدنيين إلى أكثر من 3 آلاف مدني",
     [("civilians", 3000, 3000, "more_than")]),
    ("يعيش نحو 350 ألف مدني في المنطقة",
     [("other", 350000, 350000, "about")]),

    # ------------------------------------------------------------ hedges
    ("مقتل حوالي 30 مدنياً في قصف على هجين",
     [("civilians", 30, 30, "about")]),
    ("قرابة خمسين مدنيا قتلوا في غارات على الشعفة",
     [("civilians", 50, 50, "about")]),
    ("ما يقارب 60 مدنيا قتلوا في الباغوز",
     [("civilians", 60, 60, "about")]),
    ("مقتل أكثر من 20 مدنياً بغارات التحالف",
     [("civilians", 20, 20, "more_than")]),
    ("ما لا يقل عن 1302 مدني قتلوا دون قصد نتيجة لغارات التحالف",
     [("civilians", 1302, 1302, "at_least")]),
    ("قتل 28 مدنيا على الأقل في غارة على السوسة",
     [("civilians", 28, 28, "at_least")]),
    ("قتل على الأقل 14 مدنيا في غارات على هجين",
     [("civilians", 14, 14, "at_least")]),
    ("المرصد يعلن مقتل 28 سوريا على الأقل في غارة جوية",
     [("killed", 28, 28, "at_least")]),
    ("قتل أقل من 10 مدنيين في الغارة بحسب التحالف",
     [("civilians", 10, 10, "at_most")]),
    xfail("تجاوز عدد القتلى المدنيين 100 مدني منذ بدء الهجوم",
          [("civilians", 100, 100, "more_than")],
          reason="'تجاوز' (exceeded) is not a hedge: hedge exact"),

    # ------------------------------------------------------------ vague amounts
    ("مقتل عشرات المدنيين بغارات التحالف على الباغوز",
     [("civilians", 20, 99, "vague")]),
    ("قتل العشرات من المدنيين في قصف على الشعفة",
     [("civilians", 20, 99, "vague")]),
    ("سقوط مئات القتلى في غارات على هجين",
     [("killed", 200, 999, "vague")]),
    ("يحاصر التنظيم مئات المدنيين في الباغوز",
     [("other", 200, 999, "vague")]),

    # ------------------------------------------------------------ killed or wounded: casualties
    ("سقوط 15 شخصاً بين قتيل وجريح في قصف على البوكمال",
     [("casualties", 15, 15, "exact")]),
    ("أسفر القصف عن 20 قتيلاً وجريحاً في الميادين",
     [("casualties", 20, 20, "exact")]),
    ("وقوع 12 ضحية بين قتيل وجريح في العشارة",
     [("casualties", 12, 12, "exact")]),
    ("سقوط عشرات المدنيين بين قتيل وجريح",
     [("casualties", 20, 99, "vague")]),
    xfail("سقوط عشرات القتلى والجرحى بغارات على هجين",
          [("casualties", 20, 99, "vague")],
          reason="definite 'القتلى والجرحى' is not a casualty phrase: killed 20..99"),

    # ------------------------------------------------------------ a toll needs a kill cue
    ("نزح 40 شخصا من أهالي قرية السوسة",
     [("other", 40, 40, "exact")]),
    ("وصل 60 مدنياً إلى مخيم الهول",
     [("other", 60, 60, "exact")]),
    ("مقتل نحو 40 شخصاً من أهالي قرية البقعان",
     [("civilians", 40, 40, "about")]),
    ("ارتقاء 13 شهيداً مدنياً في قرية البحرة",
     [("civilians", 13, 13, "exact")]),
    xfail("سقوط 11 ضحية مدنية في غارات على الكشكية",
          [("civilians", 11, 11, "exact")],
          reason="'ضحية مدنية' (feminine qualifier) is not read as civilian: killed 11"),
    xfail("ارتفع عدد القتلى إلى 62 في بلدة هجين",
          [("killed", 62, 62, "exact")],
          reason="a count after its noun ('عدد القتلى إلى 62') is other, not killed"),

    # ------------------------------------------------------------ wounded
    ("أصيب 7 مدنيين بجروح في قصف على ذيبان",
     [("wounded", 7, 7, "exact")]),
    ("إصابة 9 أشخاص بجروح في غارة على غرانيج",
     [("wounded", 9, 9, "exact")]),
    ("مقتل 4 مدنيين و12 جريحاً في الشعفة",
     [("civilians", 4, 4, "exact"), ("wounded", 12, 12, "exact")]),
    xfail("مقتل ثلاثة أشخاص وإصابة خمسة آخرين",
          [("killed", 3, 3, "exact"), ("wounded", 5, 5, "exact")],
          reason="'وإصابة خمسة آخرين' after a kill cue: killed 5 instead of wounded 5"),
    ("مقتل 5 مدنيين وجرح 8 آخرين في قصف على القورية",
     [("civilians", 5, 5, "exact"), ("wounded", 8, 8, "exact")]),
    ("مقتل 3 مدنيين وإصابة العشرات في غارات على السوسة",
     [("civilians", 3, 3, "exact"), ("wounded", 20, 99, "vague")]),

    # ------------------------------------------------------------ strikes, fighters, hours, years
    ("نفذ التحالف 19 ضربة ضد أهداف للتنظيم قرب هجين",
     [("strikes", 19, 19, "exact")]),
    ("نفذ التحالف 34,502 غارة في سوريا والعراق",
     [("strikes", 34502, 34502, "exact")]),
    ("شنت الطائرات 3 غارات أسفرت عن مقتل 9 مدنيين",
     [("strikes", 3, 3, "exact"), ("civilians", 9, 9, "exact")]),
    ("رصد التحالف تنفيذ عشر ضربات إضافية لم يكن مصدرها التحالف",
     [("strikes", 10, 10, "exact")]),
    ("مقتل 16 عنصراً من التنظيم بغارات التحالف",
     [("fighters", 16, 16, "exact")]),
    ("مقتل 43 شخصاً بينهم 7 عناصر من التنظيم",
     [("killed", 43, 43, "exact"), ("fighters", 7, 7, "exact")]),
    ("مقتل 12 مقاتلا من قوات سوريا الديمقراطية في هجوم للتنظيم",
     [("fighters", 12, 12, "exact")]),
    ("قتل خلال الـ 48 ساعة الماضية 20 مدنيا",
     [("other", 48, 48, "exact"), ("civilians", 20, 20, "exact")]),
    xfail("قتل 3 مدنيين عند الساعة 10:11 مساء",
          [("civilians", 3, 3, "exact")],
          reason="the minutes of the clock time '10:11' come out as a figure: other 11"),
    ("قتل 200 مدني في العام 2014",
     [("civilians", 200, 200, "exact"), ("other", 2014, 2014, "exact")]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_find_figures(text, expected):
    found = [(f.category, f.low, f.high, f.hedge) for f in find_figures(text)]
    assert found == expected
