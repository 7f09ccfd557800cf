"""Claims from short article bodies: who says what about which strike.

Each row: a body of one to three sentences in the style of the outlets Rasd reads, the
publication date ("now" is fixed in every row), and every claim we expect, in order,
with the fields that matter for the row:
claimant, stance, perpetrator, civilians (min, max), civilians_min, killed (min, max),
wounded (min, max), strikes, date (start, end), place (place id), kind.
"""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import extract_claims


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def on(iso: str) -> tuple[dt.date, dt.date]:
    return d(iso), d(iso)



_PAIRS = {"civilians": ("civilians_min", "civilians_max"), "killed": ("killed_min", "killed_max"),
          "wounded": ("wounded_min", "wounded_max"), "date": ("date_start", "date_end")}


def _view(claim, wanted: dict) -> dict:
    out = {}
    for k in wanted:
        if k in _PAIRS:
            out[k] = tuple(getattr(claim, f) for f in _PAIRS[k])
        elif k == "place":
            out[k] = claim.place_id
        else:
            out[k] = getattr(claim, k)
    return out


CASES = [
    # ------------------------------------------------------------ SOHR: speech verbs and attribution
    ("وقال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في قرية الشعفة أمس.",
     d("2018-11-18"),
     [dict(claimant="sohr", stance="alleges", perpetrator="unknown", civilians=(12, 12),
           date=on("2018-11-17"), place="shafah", kind="event")]),
    ("أفاد المرصد السوري بمقتل 7 مدنيين بينهم 3 أطفال جراء غارات لطائرات التحالف الدولي "
     "على بلدة السوسة فجر اليوم.",
     d("2019-01-05"),
     [dict(claimant="sohr", stance="alleges", perpetrator="coalition", civilians=(7, 7),
           date=on("2019-01-05"), place="susah", kind="event")]),
    ("وثق المرصد السوري مقتل 43 شخصاً بينهم 36 مدنياً في غارات التحالف على هجين يوم السبت.",
     d("2018-11-18"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(36, 36), killed=(43, 43),
           date=on("2018-11-17"), place="hajin")]),
    ("بحسب المرصد السوري لحقوق الإنسان، قتل 15 مدنيا في قصف جوي على الباغوز.",
     d("2019-03-10"),
     [dict(claimant="sohr", stance="alleges", perpetrator="unknown", civilians=(15, 15),
           place="baghuz")]),
    ("المرصد: مقتل عشرات المدنيين بغارات التحالف على الباغوز",
     d("2019-03-10"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(20, 99), place="baghuz")]),
    ("قتل 12 مدنيا في غارات على الشعفة، بحسب المرصد السوري.",
     d("2018-11-18"),
     [dict(claimant="sohr", civilians=(12, 12), place="shafah")]),
    ("وقال مدير المرصد رامي عبد الرحمن لوكالة فرانس برس إن 62 مدنيا قتلوا في غارات على "
     "الباغوز.",
     d("2019-03-10"),
     [dict(claimant="sohr", civilians=(62, 62), place="baghuz")]),
    # a weekday next to the speaker is when it spoke; the event date is the one in the report
    ("قال المرصد السوري الجمعة إن 28 مدنيا قتلوا في غارة على السوسة أمس الخميس.",
     d("2018-07-13"),
     [dict(claimant="sohr", civilians=(28, 28), date=on("2018-07-12"), place="susah")]),

    # ------------------------------------------------------------ continuation of the same speaker
    ("قال المرصد السوري إن طائرات التحالف قصفت بلدة هجين. "
     "وأضاف المرصد أن 9 مدنيين قتلوا في القصف.",
     d("2018-11-18"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(9, 9), place="hajin")]),
    ("قال المرصد السوري إن طائرات التحالف قصفت قرية البحرة فجر اليوم. "
     "وأضاف أن 6 مدنيين بينهم طفلان قتلوا في الغارات.",
     d("2018-11-18"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(6, 6), date=on("2018-11-18"),
           place="bahrah")]),
    ("وثق المرصد السوري مقتل 10 مدنيين في غارات على الشعفة، مشيراً إلى أن عدد القتلى مرشح "
     "للارتفاع.",
     d("2018-11-18"),
     [dict(claimant="sohr", civilians=(10, 10), place="shafah")]),

    # ------------------------------------------------------------ SANA and the Syrian government
    ("ذكرت وكالة سانا أن طيران التحالف الدولي ارتكب مجزرة جديدة راح ضحيتها 20 مدنياً في "
     "قرية الكشكية.",
     d("2018-11-18"),
     [dict(claimant="sana", stance="alleges", perpetrator="coalition", civilians=(20, 20),
           place="kishkiyah")]),
    ("اتهمت سانا التحالف بقتل عشرات المدنيين في ريف دير الزور الشرقي.",
     d("2018-11-18"),
     [dict(claimant="sana", stance="alleges", perpetrator="coalition", civilians=(20, 99),
           place="eastern_dez_countryside")]),
    ("حملت وكالة الأنباء السورية سانا التحالف مسؤولية مقتل نحو ثلاثين مدنيا في بلدة السوسة.",
     d("2018-07-13"),
     [dict(claimant="sana", stance="alleges", perpetrator="coalition", civilians=(30, 30),
           place="susah")]),
    ("ووصفت وزارة الخارجية السورية الهجوم على قرية الكشكية بالمجزرة التي ارتكبها طيران "
     "التحالف.",
     d("2018-07-13"),
     [dict(claimant="syria_mofa", stance="alleges", perpetrator="coalition",
           place="kishkiyah")]),
    ("وقالت سانا إن قذائف أطلقها إرهابيو داعش على مدينة دير الزور أدت إلى استشهاد 3 مدنيين.", d("2017-06-13"), [dict(claimant="sana", stance="alleges", perpetrator="is", civilians=(3, 3),
                place="deir_ez_zor")]),

    # ------------------------------------------------------------ the coalition denies
    ("نفى التحالف الدولي مقتل مدنيين في غاراته على هجين.",
     d("2018-11-18"),
     [dict(claimant="coalition", stance="denies", perpetrator="coalition", civilians=(0, 0),
           place="hajin")]),
    ("وقال المتحدث باسم التحالف إن التقارير عن سقوط ضحايا مدنيين في الباغوز عارية عن الصحة.",
     d("2019-03-10"),
     [dict(claimant="coalition", stance="denies", perpetrator="coalition", civilians=(0, 0),
           place="baghuz")]),
    ("نفى التحالف الدولي أن تكون غاراته قد أدت إلى مقتل 30 مدنياً في السوسة.",
     d("2018-07-13"),
     [dict(claimant="coalition", stance="denies", perpetrator="coalition", civilians=(0, 0),
           place="susah")]),
    ("التحالف: لا توجد أدلة على سقوط مدنيين في غارات هجين",
     d("2018-11-18"),
     [dict(claimant="coalition", stance="denies", civilians=(0, 0), place="hajin")]),
    ("وقال التحالف إن ضرباته على الباغوز لم تسفر عن سقوط أي ضحايا مدنيين.",
     d("2019-03-10"),
     [dict(claimant="coalition", stance="denies", perpetrator="coalition", civilians=(0, 0),
           place="baghuz")]),
    ("ووصف التحالف الدولي الاتهامات بمقتل مدنيين في غارته على الشعفة بأنها باطلة.",
     d("2018-11-18"),
     [dict(claimant="coalition", stance="denies", civilians=(0, 0), place="shafah")]),
    ("وقال التحالف إن الغارة استهدفت موقعاً خالياً من المدنيين في الباغوز.", d("2019-03-10"), [dict(claimant="coalition", stance="denies", civilians=(0, 0), place="baghuz")]),
    ("نفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت بلدة الشحيل وقتلت مدنيين.",
     d("2017-06-13"),
     [dict(claimant="russia_mod", stance="denies", perpetrator="russia", civilians=(0, 0),
           place="shuhayl")]),

    # ------------------------------------------------------------ the coalition acknowledges
    ("أقر التحالف الدولي بمقتل 1302 مدني عن غير قصد في غاراته منذ العام 2014.",
     d("2019-06-01"),
     [dict(claimant="coalition", stance="acknowledges", perpetrator="coalition",
           civilians=(1302, 1302), date=(d("2014-01-01"), d("2019-06-01")), kind="tally")]),
    ("وقالت قوة المهام المشتركة في بيان إنها تقدر أن 1,257 مدنياً على الأقل قتلوا عن غير "
          "قصد في ضربات التحالف منذ بدء عملية العزم الصلب.", d("2019-06-01"), [dict(claimant="coalition", stance="acknowledges", perpetrator="coalition",
                civilians_min=1257, kind="tally")]),
    ("اعترف التحالف بمقتل 12 مدنياً في ضربة على الشعفة في 17 تشرين الثاني 2018.",
     d("2019-01-05"),
     [dict(claimant="coalition", stance="acknowledges", perpetrator="coalition",
           civilians=(12, 12), date=on("2018-11-17"), place="shafah", kind="event")]),

    # ------------------------------------------------------------ the coalition is assessing
    ("وقال التحالف إنه سيقيّم التقرير الذي يتحدث عن سقوط ضحايا مدنيين في السوسة.",
     d("2018-07-13"),
     [dict(claimant="coalition", stance="assessing", perpetrator="coalition", place="susah")]),
    ("قال متحدث باسم التحالف إن القوات تحقق في التقارير عن مقتل مدنيين قرب البوكمال.",
     d("2018-07-13"),
     [dict(claimant="coalition", stance="assessing", perpetrator="coalition",
           place="abu_kamal")]),

    # ------------------------------------------------------------ Amaq, SRG, SNHR, local, Airwars, UN
    ("أعماق: مقتل 15 مدنيا بقصف أمريكي على بلدة هجين", d("2018-11-18"), [dict(claimant="amaq", stance="alleges", perpetrator="coalition", civilians=(15, 15),
                place="hajin")]),
    ("وقال شهود عيان من أهالي المنطقة إن 5 مدنيين قتلوا في غارة على بلدة البصيرة.",
     d("2018-06-02"),
     [dict(claimant="local", civilians=(5, 5), place="busayrah")]),
    ("قتل 7 مدنيين في قصف على ذيبان وفق ما أفاد ناشطون.",
     d("2017-09-27"),
     [dict(claimant="local", civilians=(7, 7), place="dhiban")]),
    ("اتهمت وزارة الدفاع الروسية التحالف الدولي بقتل 20 مدنيا في غارات على هجين.",
     d("2018-11-18"),
     [dict(claimant="russia_mod", stance="alleges", perpetrator="coalition",
           civilians=(20, 20), place="hajin")]),
    ("وقالت وكالة أعماق التابعة لتنظيم داعش إن نحو 40 شخصاً من أهالي قرية البقعان قتلوا في "
     "غارات للتحالف.",
     d("2018-11-18"),
     [dict(claimant="amaq", stance="alleges", perpetrator="coalition", civilians=(40, 40),
           place="buqaan")]),
    ("وثق تجمع ثوار سوريا مقتل 3712 مدنياً من السوريين بغارات التحالف منذ بدء عملياته في "
     "أيلول 2014.",
     d("2019-06-01"),
     [dict(claimant="srg", stance="alleges", perpetrator="coalition", civilians=(3712, 3712),
           date=(d("2014-09-01"), d("2019-06-01")), place=None, kind="tally")]),
    ("وثقت الشبكة السورية لحقوق الإنسان مقتل 5 مدنيين بينهم طفلان في قصف لطائرات التحالف "
     "على قرية الكشمة قرب هجين.",
     d("2018-11-18"),
     [dict(claimant="snhr", stance="alleges", perpetrator="coalition", civilians=(5, 5),
           place="kishmah_east")]),
    ("قال ناشطون من شبكة دير الزور 24 إن 6 مدنيين قتلوا جراء قصف التحالف على الشعفة.",
     d("2018-11-18"),
     [dict(claimant="local", perpetrator="coalition", civilians=(6, 6), place="shafah")]),
    ("أفادت شبكة فرات بوست بمقتل 8 مدنيين من عائلة واحدة بغارة للتحالف على بلدة غرانيج.",
     d("2018-06-02"),
     [dict(claimant="local", perpetrator="coalition", civilians=(8, 8), place="gharanij")]),
    ("وقال مصدر طبي في مدينة الميادين إن 11 مدنيا قتلوا وأصيب 20 آخرون بقصف الطيران الروسي.",
     d("2017-09-27"),
     [dict(claimant="local", perpetrator="russia", civilians=(11, 11), wounded=(20, 20),
           place="mayadin")]),
    ("قال ناشطون إن أكثر من 20 مدنياً قتلوا في قصف على الطيانة.",
     d("2017-09-27"),
     [dict(claimant="local", stance="alleges", civilians_min=20, place="tayyana")]),
    ("قالت منظمة إيروورز إن ما بين 40 و60 مدنيا قتلوا في غارات التحالف على هجين.",
     d("2018-11-18"),
     [dict(claimant="airwars", perpetrator="coalition", civilians=(40, 60), place="hajin")]),
    ("قالت المفوضية السامية لحقوق الإنسان إن 30 مدنيا على الأقل قتلوا في غارات على هجين.",
     d("2018-11-18"),
     [dict(claimant="un", stance="alleges", civilians_min=30, place="hajin")]),
    ("قالت قوات سوريا الديمقراطية إن 4 مدنيين قتلوا بقذائف تنظيم الدولة على بلدة هجين.",
     d("2018-11-18"),
     [dict(claimant="sdf", stance="alleges", perpetrator="is", civilians=(4, 4),
           place="hajin")]),

    # ------------------------------------------------------------ the article's own voice
    ("قتل 9 مدنيين، بينهم 4 أطفال، في غارات جوية استهدفت قرية المراشدة، مساء أمس.",
     d("2018-11-18"),
     [dict(claimant="outlet", stance="alleges", perpetrator="unknown", civilians=(9, 9),
           date=on("2018-11-17"), place="marashidah")]),
    ("لقي 5 مدنيين مصرعهم بقصف للتحالف الدولي على بلدة الشحيل.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(5, 5), place="shuhayl")]),
    ("قتل 6 مدنيين بقصف لقوات النظام على مدينة الميادين.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(6, 6), place="mayadin")]),
    ("استشهد 12 مدنياً جراء عدوان طيران التحالف الأمريكي على قرية الكشكية بريف دير الزور.",
     d("2017-06-13"),
     [dict(claimant="outlet", stance="alleges", perpetrator="coalition", civilians=(12, 12),
           place="kishkiyah")]),
    ("ارتفعت حصيلة ضحايا المجزرة التي ارتكبها طيران التحالف في بلدة السوسة إلى 23 مدنياً.",
     d("2018-07-13"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(23, 23), place="susah")]),
    ("قتل 8 مدنيين بغارات جوية مجهولة على مدينة البوكمال.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="unknown", civilians=(8, 8), place="abu_kamal")]),
    ("قتل 4 مدنيين بقصف لتنظيم داعش على بلدة البصيرة.", d("2017-06-13"), [dict(claimant="outlet", perpetrator="is", civilians=(4, 4), place="busayrah")]),

    # ------------------------------------------------------------ perpetrators named by the claimant
    ("وقال المرصد إن الطائرات الروسية قتلت 14 مدنيا في بلدة الشحيل.",
     d("2017-09-27"),
     [dict(claimant="sohr", perpetrator="russia", civilians=(14, 14), place="shuhayl")]),
    ("وقال المرصد إن الطيران العراقي قصف مواقع في الباغوز ما أدى إلى مقتل 10 مدنيين.",
     d("2018-07-13"),
     [dict(claimant="sohr", perpetrator="iraq", civilians=(10, 10), place="baghuz")]),

    # ------------------------------------------------------------ strikes counted by the coalition
    ("وأكد التحالف رصده تنفيذ عشر ضربات إضافية في المنطقة ذاتها لم يكن مصدرها التحالف أو "
     "القوات الشريكة.",
     d("2018-11-18"),
     [dict(claimant="coalition", stance="alleges", perpetrator="other", strikes=10)]),
    ("وأفاد التحالف في بيان عن تنفيذه 19 ضربة ضد أهداف للتنظيم قرب هجين بين ليل الجمعة وبعد "
     "ظهر السبت.",
     d("2018-11-18"),
     [dict(claimant="coalition", strikes=19, date=(d("2018-11-16"), d("2018-11-17")),
           place="hajin")]),

    # ------------------------------------------------------------ tallies over a period
    ("وثق المرصد السوري مقتل 3,300 مدني في غارات التحالف منذ 23 أيلول 2014.",
     d("2019-03-24"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(3300, 3300),
           date=(d("2014-09-23"), d("2019-03-24")), kind="tally")]),
    ("قال تجمع ثوار سوريا إن قصف قوات التحالف قتل 348 مدنياً خلال عام 2018 معظمهم من النساء "
     "والأطفال.",
     d("2019-01-05"),
     [dict(claimant="srg", perpetrator="coalition", civilians=(348, 348),
           date=(d("2018-01-01"), d("2018-12-31")), kind="tally")]),
    ("أحصى المرصد مقتل 120 مدنياً خلال الشهر الماضي في غارات التحالف على ريف دير الزور الشرقي.",
     d("2018-12-03"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(120, 120),
           date=(d("2018-11-01"), d("2018-11-30")), place="eastern_dez_countryside",
           kind="tally")]),
    # a short window at one village is still an event
    ("وثق المرصد مقتل 25 مدنياً خلال الـ 48 ساعة الماضية في الباغوز.",
     d("2019-03-10"),
     [dict(claimant="sohr", civilians=(25, 25), date=(d("2019-03-08"), d("2019-03-10")),
           place="baghuz", kind="event")]),

    # ------------------------------------------------------------ two claimants, one incident
    ("أحصى المرصد السوري لحقوق الإنسان السبت مقتل 43 شخصاً بينهم 36 مدنياً جراء ضربات "
     "للتحالف على قرية أبو الحسن قرب بلدة هجين. وقال المبعوث الأميركي بريت ماكغورك إن التقارير "
     "عن خسائر في صفوف المدنيين عارية عن الصحة.",
     d("2018-11-18"),
     [dict(claimant="sohr", stance="alleges", perpetrator="coalition", civilians=(36, 36),
           killed=(43, 43), date=on("2018-11-17"), place="abu_al_hasan"),
      dict(claimant="coalition", stance="denies", perpetrator="coalition",
           civilians=(0, 0))]),
    ("اتهمت سانا طيران التحالف بارتكاب مجزرة في بلدة هجين راح ضحيتها 17 مدنياً، بينما "
          "نفى التحالف ذلك.", d("2018-11-18"), [dict(claimant="sana", stance="alleges", perpetrator="coalition", civilians=(17, 17),
                place="hajin"),
           dict(claimant="coalition", stance="denies", perpetrator="coalition",
                civilians=(0, 0), place="hajin")]),
    ("قال المرصد السوري إن 20 مدنيا قتلوا في غارات التحالف على السوسة. "
     "وقالت وكالة أعماق إن عدد القتلى بلغ 35 مدنيا.",
     d("2018-07-13"),
     [dict(claimant="sohr", civilians=(20, 20), place="susah"),
      dict(claimant="amaq", civilians=(35, 35))]),

    # ------------------------------------------------------------ a coalition civilian-casualty report
    ("وذكر التقرير الشهري للتحالف أن غارة للتحالف في 3 أيار 2017 قرب الميادين أسفرت عن مقتل "
     "ثلاثة مدنيين بشكل غير مقصود. واعتبر التحالف أن 72 تقريراً آخر غير ذات مصداقية، فيما لا "
     "يزال يقيم 45 تقريراً.", d("2018-01-31"),
     [dict(claimant="coalition", stance="acknowledges", perpetrator="coalition",
           civilians=(3, 3), date=on("2017-05-03"), place="mayadin"),
      dict(claimant="coalition", stance="denies", civilians=(0, 0)),
      dict(claimant="coalition", stance="assessing")]),

    # ------------------------------------------------------------ rescuers and opposition bodies
    ("وقال الدفاع المدني السوري إن فرقه انتشلت جثث 9 مدنيين من تحت الأنقاض بعد غارات للطيران "
     "الروسي على مدينة الميادين.", d("2017-10-02"),
     [dict(claimant="civil_defence", stance="alleges", perpetrator="russia", civilians=(9, 9),
           place="mayadin")]),
    ("وأدان الائتلاف الوطني السوري المجزرة التي ارتكبها طيران التحالف في بلدة الشعفة وراح "
     "ضحيتها 22 مدنياً.", d("2018-11-18"),
     [dict(claimant="opposition", stance="alleges", perpetrator="coalition",
           civilians=(22, 22), place="shafah")]),

    # ------------------------------------------------------------ no claim
    ("قال المرصد إن طائرات التحالف شنت غارات على هجين.", d("2018-11-18"), []),
    ("يعيش نحو 15 ألف مدني في جيب هجين المحاصر.", d("2018-11-18"), []),
    ("نزح 40 شخصا من أهالي قرية السوسة باتجاه مخيم الهول.", d("2018-11-18"), []),
    # the war's toll as background, in the article's own voice: no strike, no attacker
    ("وتشهد سوريا نزاعا داميا تسبب منذ اندلاعه في منتصف آذار/مارس 2011 بمقتل أكثر من 350 ألف "
     "شخص.", d("2018-07-13"), []),
    # ... but a toll from shelling stays the article's claim
    ("وقتل 5 مدنيين في قصف مدفعي على بلدة الشعفة أمس.", d("2018-07-13"),
     [dict(claimant="outlet", stance="alleges", civilians=(5, 5), place="shafah",
           date=on("2018-07-12"))]),
]


@pytest.mark.parametrize("body,published,expected", CASES)
def test_extract_claims(body, published, expected):
    claims = extract_claims(body, "t", published)
    got = [_view(c, e) for c, e in zip(claims, expected)]
    assert len(claims) == len(expected), [(c.claimant, c.stance, c.civilians_min) for c in claims]
    assert got == expected
