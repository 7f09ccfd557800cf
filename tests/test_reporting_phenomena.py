"""Reporting phenomena of Arabic strike news, one group per phenomenon.

Each row: a short body written for this table in the style of Syrian and Arab outlets
(never copied from an article), the publication date, and every claim a careful analyst
reads from it per ../shared/devset/ANNOTATION.md, in order, with the fields that matter
for the row: claimant, stance, perpetrator, civilians (min, max), killed, wounded, hedge,
date (start, end), date_precision, place (place id), kind.
"""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import extract_claims


from test_claim_sentences import _view, d, on  # one reading of a row for both tables


def reported(iso: str) -> tuple[dt.date, dt.date]:
    """No event day in a dated article: the two days before publication up to it."""
    return d(iso) - dt.timedelta(days=2), d(iso)


NONE = (None, None)


CASES = [
    # ------------------------------------------------------------ 1. relatives and family members are civilians
    # the whole family is the toll; the children among them are a share of it
    ("قتل 13 شخصاً من آل الحسين، بينهم ستة أطفال وثلاث نساء، في غارة جوية استهدفت منزلهم في "
     "بلدة الشعفة فجر اليوم.",
     d("2018-11-20"),
     [dict(claimant="outlet", stance="alleges", perpetrator="unknown", civilians=(13, 13),
           date=on("2018-11-20"), place="shafah")]),
    ("وقال ناشطون إن 9 من أبناء عائلة واحدة قضوا بقصف لطيران التحالف على بلدة السوسة أمس.",
     d("2018-11-20"),
     [dict(claimant="local", stance="alleges", perpetrator="coalition", civilians=(9, 9),
           date=on("2018-11-19"), place="susah")]),
    ("وثق المرصد السوري مقتل 11 مدنياً من عائلة واحدة، بينهم 6 أطفال، في قصف جوي على بلدة "
     "الدشيشة.",
     d("2018-06-02"),
     [dict(claimant="sohr", stance="alleges", civilians=(11, 11), place="dashisha")]),
    ("قتل 10 أشخاص من عائلة واحدة بينهم 4 أطفال وامرأتان بغارة للطيران الروسي على مدينة "
     "الميادين.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(10, 10), place="mayadin")]),
    ("أودت الغارة الروسية على بلدة القورية بحياة 13 شخصاً من عائلة واحدة.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(13, 13), place="quriyah")]),
    ("قضى 6 من أفراد أسرة واحدة بقصف على بلدة البصيرة.",
     d("2018-06-02"),
     [dict(claimant="outlet", civilians=(6, 6), place="busayrah")]),
    # ... but "N people including M civilians": the civilians are the share
    ("قتل 17 شخصاً بينهم 11 مدنياً في غارات روسية على مدينة الميادين، بحسب المرصد السوري.",
     d("2017-09-27"),
     [dict(claimant="sohr", perpetrator="russia", civilians=(11, 11), killed=(17, 17),
           place="mayadin")]),
    ("أفاد المرصد السوري بمقتل 26 شخصاً، بينهم 14 مدنياً من عائلتين، في غارات للتحالف على "
     "بلدة هجين أمس.",
     d("2018-11-20"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(14, 14), killed=(26, 26),
           date=on("2018-11-19"), place="hajin")]),

    ("قتل أفراد عائلة الحمد الـ 12 جميعهم بغارة لطائرات التحالف على منزلهم في هجين مساء الأحد.", d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(12, 12), date=on("2018-11-18"), place="hajin")]),
    ("قتل 6 أطفال وامرأة من عائلة واحدة بغارة على بلدة الباغوز.", d("2019-03-10"),
     [dict(claimant="outlet", civilians=(7, 7), place="baghuz")]),
    # a family told member by member is one toll
    ("قتل شاب وزوجته وأطفالهما الخمسة بغارة على بلدة السوسة.", d("2018-11-20"),
     [dict(claimant="outlet", civilians=(7, 7), place="susah")]),
    ("قتلت امرأة وطفلاها بقصف على بلدة العشارة.", d("2018-11-20"),
     [dict(claimant="outlet", civilians=(3, 3), place="ashara")]),
    # ------------------------------------------------------------ 2. martyrs, citizens, displaced and civilian qualifiers
    ("استشهد 8 مواطنين بينهم طفلان جراء غارات لطيران التحالف على بلدة الصور أمس.",
     d("2017-06-13"),
     [dict(claimant="outlet", stance="alleges", perpetrator="coalition", civilians=(8, 8),
           date=on("2017-06-12"), place="al_sur")]),
    ("ارتقى 5 شهداء في قصف لطيران النظام على مدينة موحسن.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(5, 5), place="muhasan")]),
    ("استشهدت 4 مواطنات بقصف لطيران النظام على مدينة العشارة.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(4, 4), place="ashara")]),
    ("ارتكب طيران التحالف مجزرة في بلدة هجين راح ضحيتها 11 شهيداً مدنياً، وفق ما ذكرت سانا.",
     d("2018-11-20"),
     [dict(claimant="sana", stance="alleges", perpetrator="coalition", civilians=(11, 11),
           place="hajin")]),
    ("قتل 14 نازحاً بينهم 6 أطفال في غارة جوية استهدفت خياماً قرب بلدة السوسة.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(14, 14), place="susah")]),
    ("قتل 7 لاجئين عراقيين في قصف للتحالف على بلدة الباغوز.",
     d("2019-03-10"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(7, 7), place="baghuz")]),
    ("قتل 19 شخصاً غالبيتهم من أهالي البلدة في غارات التحالف على هجين.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(19, 19), place="hajin")]),
    ("أسفرت غارات الطيران الروسي على بلدة الشحيل عن سقوط 16 قتيلاً في صفوف المدنيين.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(16, 16), place="shuhayl")]),

    ("سقط 6 ضحايا من المدنيين بقصف على بلدة الكسرة.",
     d("2018-06-02"),
     [dict(claimant="outlet", civilians=(6, 6), place="kasrah")]),
    # martyrs beside named soldiers: only the civilians are the toll
    ("استشهد 5 مدنيين و3 من عناصر الجيش العربي السوري بقذائف أطلقها إرهابيو داعش على مدينة "
     "دير الزور.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="is", civilians=(5, 5), place="deir_ez_zor")]),

    ("استشهدت طفلة بقصف لطيران النظام على مدينة موحسن.", d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(1, 1), place="muhasan")]),
    ("قتل 12 شخصاً في صفوف النازحين بقصف على الباغوز.", d("2019-03-10"),
     [dict(claimant="outlet", civilians=(12, 12), place="baghuz")]),
    # ------------------------------------------------------------ 3. running totals, increments, superseded figures
    ("ارتفع عدد الشهداء في بلدة الشعفة إلى 23 بينهم 9 أطفال جراء غارات التحالف.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(23, 23), place="shafah")]),
    ("ارتفع عدد ضحايا القصف على بلدة هجين إلى 16 مدنياً بعد انتشال جثث 4 شهداء آخرين من تحت "
     "الأنقاض.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(16, 16), place="hajin")]),
    ("ارتفعت حصيلة ضحايا القصف الروسي على مدينة الميادين إلى 19 قتيلاً مدنياً بينهم 7 أطفال، "
     "بعد وفاة جريحين متأثرين بجراحهما.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(19, 19), place="mayadin")]),
    # an increment is no toll of its own: the running total it leads to is
    ("قال المرصد السوري إن 12 مدنياً قتلوا في غارات التحالف على بلدة الشعفة أمس. وأضاف أن فرق "
     "الإنقاذ انتشلت جثث 3 شهداء آخرين، ليرتفع عدد القتلى المدنيين إلى 15.",
     d("2018-11-20"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(15, 15),
           date=on("2018-11-19"), place="shafah")]),
    # an earlier figure in a later sentence is superseded, not a second claim
    ("قال المرصد السوري إن 27 مدنياً قتلوا في غارات التحالف على بلدة السوسة. وكان المرصد قد "
     "أحصى في حصيلة سابقة مقتل 15 مدنياً.",
     d("2018-11-20"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(27, 27), place="susah")]),

    ("بلغ تعداد الشهداء في مجزرة بلدة أبو حمام 26 شهيداً.", d("2018-06-02"),
     [dict(claimant="outlet", civilians=(26, 26), place="abu_hamam")]),
    ("ارتفع عدد ضحايا مجزرة الباغوز إلى 40 شهيداً.", d("2019-03-10"),
     [dict(claimant="outlet", civilians=(40, 40), place="baghuz")]),
    ("ارتفعت حصيلة قتلى غارات التحالف على بلدة السوسة إلى 27 مدنياً، بحسب المرصد السوري، الذي كان قد أحصى في حصيلة سابقة مقتل 15 مدنياً.", d("2018-11-20"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(27, 27), place="susah")]),
    ("وثق المرصد مقتل 31 مدنياً في قصف التحالف على الباغوز، بعد أن كان قد أعلن في وقت سابق عن مقتل 18 مدنياً.", d("2019-03-10"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=(31, 31), place="baghuz")]),
    ("ارتفعت حصيلة قتلى غارات التحالف على بلدة السوسة إلى 27 مدنياً بعد أن كانت 15 مدنياً في حصيلة سابقة.", d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(27, 27), place="susah")]),
    # ------------------------------------------------------------ 4. stance wording
    ("وقال التحالف في بيان إنه يتحقق من التقارير عن سقوط ضحايا مدنيين في غارة على بلدة الشعفة.",
     d("2018-11-20"),
     [dict(claimant="coalition", stance="assessing", perpetrator="coalition",
           civilians=NONE, place="shafah")]),
    ("وأوضح متحدث باسم التحالف أن الادعاءات بمقتل مدنيين في البوكمال أحيلت إلى فريق التقييم "
     "لمزيد من المراجعة.",
     d("2018-07-13"),
     [dict(claimant="coalition", stance="assessing", perpetrator="coalition",
           place="abu_kamal")]),
    ("وأعلن التحالف تنفيذ ضربات ضد مواقع التنظيم في هجين، نافياً سقوط مدنيين.",
     d("2018-11-20"),
     [dict(claimant="coalition", stance="denies", perpetrator="coalition", civilians=(0, 0),
           place="hajin")]),
    ("قال المرصد إن 14 مدنياً قتلوا بغارات التحالف على الباغوز، فيما قال ناطق باسم التحالف إن "
     "الغارات استهدفت مقاتلي التنظيم فقط، نافياً سقوط مدنيين.",
     d("2019-03-10"),
     [dict(claimant="sohr", stance="alleges", perpetrator="coalition", civilians=(14, 14),
           place="baghuz"),
      dict(claimant="coalition", stance="denies", perpetrator="coalition", civilians=(0, 0),
           place="baghuz")]),
    ("وصرح ناطق باسم التحالف بأن الضربة على بلدة البصيرة لم تسفر عن سقوط أي ضحايا في صفوف "
     "المدنيين.",
     d("2018-06-02"),
     [dict(claimant="coalition", stance="denies", civilians=(0, 0), place="busayrah")]),
    ("أقر التحالف بمسؤوليته عن مقتل 7 مدنيين في غارة على بلدة هجين.",
     d("2018-11-20"),
     [dict(claimant="coalition", stance="acknowledges", perpetrator="coalition",
           civilians=(7, 7), place="hajin")]),
    # credibility findings of the coalition's own review
    ("وخلص التحالف إلى أن الادعاء بمقتل 9 مدنيين في غارة على مدينة الميادين في 12 أيار 2017 "
     "غير ذي مصداقية.",
     d("2018-01-31"),
     [dict(claimant="coalition", stance="denies", civilians=(0, 0), date=on("2017-05-12"),
           place="mayadin")]),
    ("وأكد التحالف أن التقرير عن مقتل 4 مدنيين في ضربة للتحالف قرب بلدة الشعفة في 2 تشرين الأول "
     "2018 ذو مصداقية.",
     d("2018-12-20"),
     [dict(claimant="coalition", stance="acknowledges", perpetrator="coalition",
           civilians=(4, 4), date=on("2018-10-02"), place="shafah")]),
    # a monitor checking a report is assessing it, with no figure
    ("وقال المرصد السوري إنه يتحقق من أنباء عن مقتل مدنيين في قصف على بلدة غرانيج.",
     d("2018-06-02"),
     [dict(claimant="sohr", stance="assessing", civilians=NONE, place="gharanij")]),

    ("وقال التحالف إنه أحال التقارير عن مقتل مدنيين في بلدة الشعفة إلى خلية تقييم الإصابات المدنية.", d("2018-11-20"),
     [dict(claimant="coalition", stance="assessing", civilians=NONE, place="shafah")]),
    ("رفض التحالف الاتهامات بقتل مدنيين في الباغوز.", d("2019-03-10"),
     [dict(claimant="coalition", stance="denies", civilians=(0, 0), place="baghuz")]),
    # ------------------------------------------------------------ 5. segmentation
    # a full stop glued to the next word still ends the sentence
    ("قتل 6 مدنيين في غارة على بلدة ذيبان أمس.وقال المرصد السوري إن 11 مدنياً قتلوا في قصف على "
     "الشحيل اليوم.",
     d("2017-09-27"),
     [dict(claimant="outlet", civilians=(6, 6), date=on("2017-09-26"), place="dhiban"),
      dict(claimant="sohr", civilians=(11, 11), date=on("2017-09-27"), place="shuhayl")]),
    # a semicolon ends a clause: the monitor's toll elsewhere is its own
    ("قتل 4 مدنيين بغارة على بلدة الشعفة؛ وقال المرصد السوري إن 9 مدنيين قتلوا في قصف على بلدة "
     "السوسة.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(4, 4), place="shafah"),
      dict(claimant="sohr", civilians=(9, 9), place="susah")]),
    ("قال المرصد إن 8 مدنيين قتلوا في الشعفة، فيما قالت شبكة فرات بوست إن 5 مدنيين قتلوا في "
     "السوسة.",
     d("2018-11-20"),
     [dict(claimant="sohr", civilians=(8, 8), place="shafah"),
      dict(claimant="local", civilians=(5, 5), place="susah")]),
    # a فيما / في حين clause gives the claim its place and day
    ("قتل 8 مدنيين جراء غارات جوية للتحالف، فيما استهدفت الغارات بلدة الشعفة مساء أمس.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(8, 8),
           date=on("2018-11-19"), place="shafah")]),
    # كما with no comma opens a second event
    ("قتل 5 مدنيين بقصف روسي على بلدة القورية أمس كما قتل 3 مدنيين بقصف للطيران الروسي على "
     "مدينة العشارة.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(5, 5), date=on("2017-09-26"),
           place="quriyah"),
      dict(claimant="outlet", perpetrator="russia", civilians=(3, 3), place="ashara")]),
    # the next sentence's strike does not lend the toll its attacker
    ("قتل 4 مدنيين في غارة على بلدة الجلاء. وقصفت طائرات التحالف بلدة هجين.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="unknown", civilians=(4, 4), place="jalaa")]),
    # a headline line restating the body's named toll is one claim
    ("مقتل 7 مدنيين بغارة على الدشيشة\nأفادت مصادر محلية بمقتل 7 مدنيين من أهالي بلدة الدشيشة "
     "في غارة للتحالف فجر اليوم.",
     d("2018-06-02"),
     [dict(claimant="local", perpetrator="coalition", civilians=(7, 7), date=on("2018-06-02"),
           place="dashisha")]),

    ("قال ناشطون إن 10 مدنيين قتلوا في الغارة على بلدة السوسة، في حين قالت وكالة أعماق إن 25 مدنياً قتلوا فيها.", d("2018-11-20"),
     [dict(claimant="local", civilians=(10, 10), place="susah"), dict(claimant="amaq", civilians=(25, 25), place="susah")]),
    ("قتل 4 مدنيين في غارة على بلدة البصيرة\nوقال ناشطون إن 6 مدنيين قتلوا في قصف على بلدة غرانيج", d("2018-06-02"),
     [dict(claimant="outlet", civilians=(4, 4), place="busayrah"), dict(claimant="local", civilians=(6, 6), place="gharanij")]),
    # ------------------------------------------------------------ 6. source named outside the toll sentence; IS, local, regime media
    ("قتل 13 مدنياً بينهم خمسة أطفال بغارة للتحالف على بلدة الشعفة أمس. ووثقت الشبكة السورية "
     "لحقوق الإنسان الغارة، مشيرة إلى أن الضحايا من عائلتين.",
     d("2018-11-20"),
     [dict(claimant="snhr", perpetrator="coalition", civilians=(13, 13),
           date=on("2018-11-19"), place="shafah")]),
    ("مقتل 9 مدنيين في قصف جوي على مدينة البوكمال. وأكد المرصد السوري حصيلة الغارة، مرجحاً "
     "ارتفاعها.",
     d("2018-07-13"),
     [dict(claimant="sohr", civilians=(9, 9), place="abu_kamal")]),
    ("وقال تنظيم داعش في بيان إن 17 مدنياً قتلوا في غارات التحالف على منطقة البقعان.",
     d("2018-11-20"),
     [dict(claimant="amaq", stance="alleges", perpetrator="coalition", civilians=(17, 17),
           place="buqaan")]),
    ("وأعلن تنظيم الدولة الإسلامية في بيان نشره على قنواته أن 30 مدنياً قتلوا بقصف التحالف على "
     "الباغوز.",
     d("2019-03-10"),
     [dict(claimant="amaq", stance="alleges", perpetrator="coalition", civilians=(30, 30),
           place="baghuz")]),
    ("وذكرت مواقع إخبارية محلية أن 6 مدنيين قتلوا بقصف جوي على بلدة صبيخان.",
     d("2017-09-27"),
     [dict(claimant="local", civilians=(6, 6), place="subaykhan")]),
    ("وبحسب ناشطين أحصوا الضحايا، فإن 22 مدنياً قتلوا في القصف الروسي على بلدة الشحيل.",
     d("2017-09-27"),
     [dict(claimant="local", perpetrator="russia", civilians=(22, 22), place="shuhayl")]),
    # two units joined by و are two counts, never their sum
    ("مقتل مدنيين اثنين وثلاثة من قسد بقصف طائرة مسيرة على بلدة الشحيل.",
     d("2019-05-04"),
     [dict(claimant="outlet", civilians=(2, 2), place="shuhayl")]),
    # where the victims were going, in a clause telling no strike, places nothing
    ("قتل ثلاثة مدنيين بغارة على سيارة عند مدخل بلدة ذيبان، بحسب المرصد السوري لحقوق الإنسان. "
     "وقال المرصد إن الرجال الثلاثة كانوا متجهين إلى نقطة قرب حقل العمر.",
     d("2019-05-04"),
     [dict(claimant="sohr", civilians=(3, 3), place="dhiban")]),
    # «على المدينة»: the town just named (the rules read normalised text: على is علي there)
    ("شنت طائرات التحالف غارات على مدينة البوكمال. وقال ناشطون إن 5 مدنيين قتلوا بقصف جديد على المدينة.",
     d("2017-10-20"),
     [dict(claimant="local", civilians=(5, 5), place="abu_kamal")]),
    # a party named after «فإن» is the subject of what the report says, not its speaker
    ("نشرت الشبكة السورية لحقوق الإنسان تقريرها عن شهر شباط. وبحسب التقرير فإن قوات التحالف "
     "الدولي قتلت 14 مدنياً في بلدة الشعفة.",
     d("2019-03-01"),
     [dict(claimant="snhr", stance="alleges", perpetrator="coalition", civilians=(14, 14),
           place="shafah")]),
    ("قال مدير المرصد السوري لحقوق الإنسان إن الطيران الروسي قتل 6 مدنيين في بلدة الصالحية.",
     d("2017-10-02"),
     [dict(claimant="sohr", stance="alleges", perpetrator="russia", civilians=(6, 6))]),
    ("وزعم إعلام النظام أن 8 مدنيين قتلوا بغارات للتحالف على بلدة هجين.",
     d("2018-11-20"),
     [dict(claimant="sana", stance="alleges", perpetrator="coalition", civilians=(8, 8),
           place="hajin")]),
    ("وبث التلفزيون الرسمي صوراً قال إنها لضحايا غارة للتحالف على قرية الكشكية أودت بحياة 10 "
     "مدنيين.",
     d("2017-06-13"),
     [dict(claimant="sana", perpetrator="coalition", civilians=(10, 10), place="kishkiyah")]),
    # a source that speaks of something else keeps no hold on the toll
    ("قتل 5 مدنيين في غارة على بلدة البصيرة. وقال المرصد السوري إن معارك عنيفة تدور في محيط هجين.",
     d("2018-06-02"),
     [dict(claimant="outlet", civilians=(5, 5), place="busayrah")]),

    # ------------------------------------------------------------ 7. killed-or-wounded is no death toll
    ("سقط 30 مدنياً باتوا بين قتيل وجريح جراء غارات على مدينة الميادين.",
     d("2017-09-27"),
     [dict(claimant="outlet", stance="alleges", civilians=NONE, place="mayadin")]),
    ("قال المرصد إن 18 مدنياً سقطوا ما بين قتيل وجريح في قصف التحالف على هجين.",
     d("2018-11-20"),
     [dict(claimant="sohr", perpetrator="coalition", civilians=NONE, place="hajin")]),
    ("أسفرت الغارة عن سقوط 25 شخصاً بين قتيل وجريح غالبيتهم من المدنيين في بلدة الشعفة.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=NONE, place="shafah")]),
    ("خلفت غارات التحالف على بلدة السوسة 40 قتيلاً وجريحاً من المدنيين.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=NONE, place="susah")]),
    ("أسفر القصف على مدينة البوكمال عن سقوط 17 ضحية بين قتيل وجريح.",
     d("2018-07-13"),
     [dict(claimant="outlet", civilians=NONE, place="abu_kamal")]),
    ("وقع 12 قتيلاً وجريحاً في غارة على مدينة البوكمال.",
     d("2018-07-13"),
     [dict(claimant="outlet", civilians=NONE, place="abu_kamal")]),
    # killed and wounded told apart are a toll and a wounded count
    ("قتل 6 مدنيين وأصيب 14 آخرون بقصف لطيران النظام على مدينة موحسن.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(6, 6), wounded=(14, 14),
           place="muhasan")]),

    # a killed-or-wounded count at a second village is a second event with no death toll
    ("قتل 3 مدنيين بغارة على بلدة الشعفة، وسقط 11 آخرون بين قتيل وجريح بغارة ثانية على بلدة السوسة.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(3, 3), place="shafah"),
      dict(claimant="outlet", civilians=(None, None), place="susah")]),
    # ------------------------------------------------------------ 8. death euphemisms
    ("أزهقت غارات التحالف أرواح 12 مدنياً في بلدة الباغوز.",
     d("2019-03-10"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(12, 12), place="baghuz")]),
    ("لقي 9 مدنيين حتفهم بقصف لطيران النظام على مدينة الميادين ليل الجمعة.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(9, 9), date=on("2017-09-22"),
           place="mayadin")]),
    ("أودى قصف روسي على بلدة الطيانة بحياة 6 مدنيين.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(6, 6), place="tayyana")]),
    ("قضى 5 أشخاص من أهالي قرية المراشدة بغارة للتحالف.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(5, 5), place="marashidah")]),
    ("وقالت شبكة دير الزور 24 إن 4 مدنيين فارقوا الحياة بغارة للتحالف على بلدة الشعفة.",
     d("2018-11-20"),
     [dict(claimant="local", perpetrator="coalition", civilians=(4, 4), place="shafah")]),
    ("شنت طائرات التحالف غارة على بلدة غرانيج ذهب ضحيتها 6 مدنيين.",
     d("2018-06-02"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(6, 6), place="gharanij")]),
    ("سقط 5 قتلى مدنيين بقصف على بلدة البصيرة.",
     d("2018-06-02"),
     [dict(claimant="outlet", civilians=(5, 5), place="busayrah")]),
    # losing homes is no death
    ("فقد 200 مدني منازلهم جراء القصف على بلدة هجين.",
     d("2018-11-20"),
     []),

    ("فقد 7 مدنيين حياتهم جراء قصف جوي على بلدة غرانيج.", d("2018-06-02"),
     [dict(claimant="outlet", civilians=(7, 7), place="gharanij")]),
    # ------------------------------------------------------------ 9. dates
    # no event day in a dated article: the days just before publication
    ("قتل 6 مدنيين بغارة للتحالف على بلدة السوسة.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(6, 6), date=reported("2018-11-20"),
           date_precision="reported", place="susah")]),
    ("قال ناشطون إن 5 مدنيين قتلوا في قصف روسي على مدينة العشارة.",
     d("2017-09-27"),
     [dict(claimant="local", civilians=(5, 5), date=reported("2017-09-27"),
           date_precision="reported", place="ashara")]),
    # an undated article resolves nothing relative
    ("قتل 8 مدنيين بغارة على بلدة هجين أمس.",
     None,
     [dict(claimant="outlet", civilians=(8, 8), date=NONE, place="hajin")]),
    ("قال ناشطون إن 5 مدنيين قتلوا في قصف على الشعفة يوم الخميس.",
     None,
     [dict(claimant="local", civilians=(5, 5), date=NONE, place="shafah")]),
    # an earlier massacre the article only recalls stays undated
    ("وكان 14 مدنياً قد قتلوا في مجزرة سابقة ارتكبها طيران التحالف في بلدة الشعفة.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(14, 14), date=NONE,
           place="shafah")]),
    # a weekday is the latest such day on or before publication
    ("قتل 10 مدنيين في غارات على مدينة البوكمال يوم الثلاثاء.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(10, 10), date=on("2018-11-20"), place="abu_kamal")]),
    ("قتل 11 مدنياً في غارات على مدينة البوكمال يوم الجمعة.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(11, 11), date=on("2018-11-16"), place="abu_kamal")]),
    # "الماضي" after a weekday: strictly before publication
    ("قتل 7 مدنيين بغارة للتحالف على بلدة الباغوز يوم السبت الماضي.",
     d("2019-01-05"),
     [dict(claimant="outlet", civilians=(7, 7), date=on("2018-12-29"), place="baghuz")]),
    ("قتل 5 مدنيين في غارة على هجين فجر الأحد 18 تشرين الثاني.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(5, 5), date=on("2018-11-18"), date_precision="day",
           place="hajin")]),
    # a day and month with no year after publication is last year's
    ("قتل 12 مدنياً بغارة للتحالف على الباغوز في 28 كانون الأول.",
     d("2019-01-05"),
     [dict(claimant="outlet", civilians=(12, 12), date=on("2018-12-28"), place="baghuz")]),

    # "…، وذلك بعد 4 أيام من …": the earlier event is dated from the one just told
    ("قصفت طائرات التحالف يوم السبت بلدة الشعفة ما أدى إلى مقتل 6 مدنيين، وذلك بعد 4 أيام من قصفها "
     "قرية الباغوز الذي أسفر عن مقتل مدنيين اثنين.", d("2019-01-21"),
     [dict(claimant="outlet", civilians=(6, 6), date=on("2019-01-19"), place="shafah"),
      dict(claimant="outlet", civilians=(2, 2), date=on("2019-01-15"), place="baghuz")]),
    # ------------------------------------------------------------ 10. hedges
    ("قال ناشطون إن نحو 40 مدنياً قتلوا في غارات على هجين.",
     d("2018-11-20"),
     [dict(claimant="local", civilians=(40, 40), hedge="about", place="hajin")]),
    ("وثق المرصد مقتل ما لا يقل عن 16 مدنياً في غارات التحالف على بلدة السوسة.",
     d("2018-11-20"),
     [dict(claimant="sohr", civilians=(16, 16), hedge="at_least", place="susah")]),
    ("قتل أكثر من 25 مدنياً بقصف روسي على مدينة الميادين.",
     d("2017-09-27"),
     [dict(claimant="outlet", civilians=(25, 25), hedge="more_than", place="mayadin")]),
    ("قال المرصد إن عشرات المدنيين قتلوا في غارات التحالف على الباغوز.",
     d("2019-03-10"),
     [dict(claimant="sohr", civilians=(20, 99), hedge="vague", place="baghuz")]),
    ("أحصت مصادر محلية مقتل قرابة 30 مدنياً في قصف على بلدة الشعفة.",
     d("2018-11-20"),
     [dict(claimant="local", civilians=(30, 30), hedge="about", place="shafah")]),
    ("قتل ما يزيد عن 35 مدنياً في غارات التحالف على هجين.",
     d("2018-11-20"),
     [dict(claimant="outlet", civilians=(35, 35), hedge="more_than", place="hajin")]),
    ("قال ناشطون إن حوالي عشرة مدنيين قتلوا في غارة على مدينة البوكمال.",
     d("2018-07-13"),
     [dict(claimant="local", civilians=(10, 10), hedge="about", place="abu_kamal")]),
    ("قتل بضعة مدنيين في قصف على بلدة الصور.",
     d("2017-06-13"),
     [dict(claimant="outlet", civilians=(3, 9), hedge="vague", place="al_sur")]),
    ("قتل 12 مدنياً في قصف على مدينة العشارة.",
     d("2017-09-27"),
     [dict(claimant="outlet", civilians=(12, 12), hedge="exact", place="ashara")]),

    # a running total since a date, then what was counted in the last day: two periods,
    # so two statements; the total stays a tally over its own period
    ("وبذلك يرتفع إلى 310 مدنيين عدد الذين وثق المرصد مقتلهم بغارات التحالف على مدينة الرقة "
     "منذ الخامس من حزيران الماضي. كما وثق المرصد مقتل 12 من عناصر التنظيم خلال الساعات الـ24 "
     "الماضية في المدينة.", d("2017-08-21"),
     [dict(claimant="sohr", civilians=(310, 310), kind="tally",
           date=(d("2017-06-05"), d("2017-08-21")), place="raqqa")]),
    # "in the same area during the same period": the place and period of the claim just
    # told, not of a place named later
    ("قالت منظمة إيروورز إن ما بين 120 و200 مدني قتلوا في غارات التحالف على بلدة الشعفة بين "
     "تموز 2018 وكانون الأول 2018. في المقابل، لم يقر التحالف إلا بمقتل 12 مدنياً في المنطقة "
     "ذاتها خلال الفترة نفسها. وطالبت المنظمة بتحقيق فيما جرى في الباغوز.", d("2019-02-10"),
     [dict(claimant="airwars", civilians=(120, 200), kind="tally",
           date=(d("2018-07-01"), d("2018-12-31")), place="shafah"),
      dict(claimant="coalition", stance="acknowledges", civilians=(12, 12), kind="tally",
           date=(d("2018-07-01"), d("2018-12-31")), place="shafah")]),
    # "the strike" named again in a later sentence, with a toll and no place: the strike
    # just told (its village and day), though that sentence counted only fighters
    ("أعلن الجيش العراقي أن طائراته نفذت ضربة جوية على مقر للتنظيم في بلدة الباغوز أمس "
     "الأحد، ما أسفر عن مقتل 20 مسلحاً. في المقابل، قال المرصد السوري إن الضربة أصابت منزلاً "
     "مجاوراً ما أدى إلى مقتل خمسة مدنيين.", d("2019-03-11"),
     [dict(claimant="sohr", civilians=(5, 5), date=on("2019-03-10"), place="baghuz")]),
    # ------------------------------------------------------------ 11. no claim at all
    ("قتل أكثر من 350 ألف شخص منذ اندلاع النزاع في سوريا عام 2011.", d("2018-11-20"), []),
    ("شهدت الأيام الماضية خروج آلاف المدنيين من بلدة الشعفة هرباً من الغارات.",
     d("2018-11-20"), []),
    ("صورة أرشيفية لمدنيين في سوق مدينة الميادين", d("2017-09-27"), []),
    ("حذرت الأمم المتحدة من أن 20 ألف مدني محاصرون في منطقة هجين.", d("2018-11-20"), []),
    ("نزح أكثر من 7 آلاف شخص من مدينة البوكمال خلال أسبوع واحد.", d("2017-10-20"), []),

    ("يعاني آلاف النازحين في مخيم الهول من ظروف إنسانية صعبة.", d("2019-06-01"), []),

    ("يبقى آلاف المدنيين في جيب هجين عرضة للقتل بسبب القصف المتواصل.", d("2018-11-20"), []),
    # a photo caption inside a header paragraph that unwrapping joins is still a caption
    ("فريق التحرير لموقع الأخبار المحلية، آخر تحديث منذ ثلاث ساعات\nشبكة أخبار الفرات، تقرير خاص بالموقع\n"
     "انتشال جثث عشرات المدنيين قرب جسر الباغوز بعد قصف التحالف على المنطقة – 3 آذار – تواصل اجتماعي\n\n"
     "وتشهد المنطقة معارك بين الطرفين منذ أسابيع.", d("2019-03-05"), []),
    # ------------------------------------------------------------ 12. perpetrators
    ("قتل 7 مدنيين في غارات التحالف على بلدة الباغوز.",
     d("2019-03-10"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(7, 7), place="baghuz")]),
    ("قتل 9 مدنيين بقصف الطيران الروسي على مدينة العشارة.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(9, 9), place="ashara")]),
    ("قتل 5 مدنيين جراء غارات طيران النظام على مدينة موحسن.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(5, 5), place="muhasan")]),
    ("قتل 6 مدنيين بغارة أمريكية على بلدة السوسة.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="coalition", civilians=(6, 6), place="susah")]),
    ("قتل 4 مدنيين بقصف مدفعي لقوات النظام على بلدة الطيانة.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="regime", civilians=(4, 4), place="tayyana")]),
    # the force that holds the town is not the attacker
    ("قتل 11 مدنياً في غارات جوية على بلدة الشعفة الخاضعة لسيطرة التنظيم.",
     d("2018-11-20"),
     [dict(claimant="outlet", perpetrator="unknown", civilians=(11, 11), place="shafah")]),
    ("قتل 4 مدنيين بقصف روسي على بلدة خشام الخاضعة لسيطرة قوات سوريا الديمقراطية.",
     d("2017-09-27"),
     [dict(claimant="outlet", perpetrator="russia", civilians=(4, 4), place="khasham")]),
    ("قتل 3 مدنيين بقذائف أطلقها تنظيم داعش على مدينة الشدادي.",
     d("2017-06-13"),
     [dict(claimant="outlet", perpetrator="is", civilians=(3, 3), place="shaddadi")]),
    ("قتل 6 مدنيين بغارة لطيران مجهول على مدينة البوكمال.",
     d("2018-07-13"),
     [dict(claimant="outlet", perpetrator="unknown", civilians=(6, 6), place="abu_kamal")]),
    ("قتل 8 مدنيين في غارة لطائرات حربية عراقية على بلدة الباغوز.", d("2018-07-13"),
     [dict(claimant="outlet", perpetrator="iraq", civilians=(8, 8), place="baghuz")]),
    ("قتل 3 مدنيين بقصف مدفعي لقوات سوريا الديمقراطية على بلدة الشحيل.", d("2018-06-02"),
     [dict(claimant="outlet", perpetrator="other", civilians=(3, 3), place="shuhayl")]),
]


@pytest.mark.parametrize("body,published,expected", CASES)
def test_extract_claims(body, published, expected):
    claims = extract_claims(body, "t", published)
    got = [_view(c, e) for c, e in zip(claims, expected)]
    assert len(claims) == len(expected), [(c.claimant, c.stance, c.civilians_min) for c in claims]
    assert got == expected
