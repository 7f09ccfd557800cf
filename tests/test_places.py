"""Place names in Arabic news sentences, matched against data/gazetteer.csv.

Each row lists the place ids of every mention, in text order.
"""
from __future__ import annotations

import pytest

from loaders.places import finest, find_places



CASES = [
    # ------------------------------------------------------------ villages and towns
    ("قتل 12 مدنياً في غارات للتحالف على بلدة هجين", ["hajin"]),
    ("قصفت الطائرات بلدة الباغوز قرب الحدود", ["baghuz"]),
    ("استهدفت غارة منزلاً في مدينة البوكمال", ["abu_kamal"]),
    ("قتل 6 مدنيين في مدينة الميادين", ["mayadin"]),
    ("سقطت قذائف على بلدة ذيبان والطيانة", ["dhiban", "tayyana"]),
    ("غارات على بلدتي الشحيل والبصيرة", ["shuhayl", "busayrah"]),
    ("قصف على بلدة غرانيج وقرية أبو حمام", ["gharanij", "abu_hamam"]),
    ("قصف مدفعي على الكشكية والمراشدة", ["kishkiyah", "marashidah"]),
    ("دارت اشتباكات في بلدة العشارة", ["ashara"]),
    ("تقدمت قوات النظام نحو خشام وموحسن", ["khasham", "muhasan"]),
    ("قتل 5 مدنيين في قرية البقعان", ["buqaan"]),
    ("قتل 5 مدنيين في قرية الباقعان", ["buqaan"]),
    ("غارات على مدينتي الميادين والبوكمال", ["mayadin", "abu_kamal"]),
    ("قصف قرب بلدة ديبان", ["dhiban"]),
    # sites
    ("وصل النازحون إلى مخيم الهول", ["al_hol_camp"]),
    ("قصفت الطائرات محيط حقل العمر", ["al_omar_oilfield"]),
    ("تمركزت القوات الأمريكية في حقل كونيكو", ["conoco_gas_plant"]),
    # two-word names: the longest name wins
    ("غارة على الباغوز فوقاني", ["baghuz_fawqani"]),
    ("غارة على الباغوز الفوقاني", ["baghuz_fawqani"]),
    ("قصف على الباغوز تحتاني", ["baghuz_tahtani"]),
    ("ضربات على قرية أبو الحسن قرب بلدة هجين", ["abu_al_hasan", "hajin"]),
    ("غارات على البوحسن", ["abu_al_hasan"]),
    # a name shared by two villages: the one near the other places named
    ("قصف على قرية الكشمة قرب هجين", ["kishmah_east", "hajin"]),

    # ------------------------------------------------------------ attached clitics
    ("سقط قتلى بهجين", ["hajin"]),
    ("غارات على الشعفة والسوسة", ["shafah", "susah"]),
    ("قصف على السوسة والباغوز", ["susah", "baghuz"]),
    ("توجه النازحون للبقعان", ["buqaan"]),
    ("وبالشعفة قتل 3 مدنيين", ["shafah"]),
    ("اشتباكات في غرانيج وفي الكشكية", ["gharanij", "kishkiyah"]),

    # ------------------------------------------------------------ spelling and normalisation
    ("غارات على هَجِين", ["hajin"]),                        # diacritics
    ("غارات على هـجـيـن", ["hajin"]),                       # tatweel
    ("قصف على بلدة الشعفه", ["shafah"]),                  # ة written ه
    ("قصف على السوسه", ["susah"]),
    ("غارة على الباغوز فوقانى", ["baghuz_fawqani"]),       # ى for ي
    ("غارة على الباغوز تحتانى", ["baghuz_tahtani"]),
    ("قصف على الکشکیة", ["kishkiyah"]),                   # Persian ک ی
    ("قصف على ھجین", ["hajin"]),                           # Persian ھ ی
    ("قتلى في قرية ابو حمام", ["abu_hamam"]),               # bare alef
    ("قتلى في هاجين", ["hajin"]),

    # ------------------------------------------------------------ names that are common words
    ("سقطت قذيفة على بلدة الصور", ["al_sur"]),
    ("نشر ناشطون صور الضحايا في هجين", ["hajin"]),
    ("وظهر في صور نشرتها وكالة أعماق دمار واسع في الشعفة", ["shafah"]),
    ("قصفت الطائرات قرية العباس", ["abbas"]),
    ("قال أبو العباس إن الطائرات قصفت الباغوز", ["baghuz"]),
    ("اشتباكات في بلدة الجلاء", ["jalaa"]),
    ("احتفل السوريون بعيد الجلاء", []),
    ("قال أبو الحسن، وهو ناشط من المنطقة، إن القصف استمر", []),
    ("قتلى في بلدة الكسرة", ["kasrah"]),
    ("لا يجد الأهالي كسرة خبز", []),
    ("قتل مدنيون في بلدة القورية", ["quriyah"]),
    ("قصف على قرية البحرة", ["bahrah"]),
    # a number before a country name is a count of people
    ("قتل 28 سوريا في الغارة", []),

    # ------------------------------------------------------------ region phrases: never a village
    ("غارات على ريف دير الزور الشرقي", ["eastern_dez_countryside"]),
    ("غارات على الريف الشرقي لدير الزور", ["eastern_dez_countryside"]),
    ("قصف على ريف دير الزور الجنوبي الشرقي", ["southeastern_dez_countryside"]),
    ("غارات على ريف دير الزور", ["dez_countryside"]),
    ("قصف على بلدات شرقي دير الزور", ["eastern_dez_countryside"]),
    ("قتل 4 مدنيين في بلدة البصيرة بناحية البصيرة", ["busayrah", "busayrah_subdistrict"]),
    ("معارك في منطقة شرق الفرات", ["east_euphrates"]),
    ("الجيب الأخير في وادي الفرات الأوسط", ["middle_euphrates_valley"]),
    ("قتلى في قرية البقعان بناحية هجين", ["buqaan", "hajin_subdistrict"]),
    ("قتل 3 مدنيين في محافظة دير الزور", ["deir_ez_zor_governorate"]),
    ("قتل 3 مدنيين في دير الزور", ["deir_ez_zor_governorate"]),
    ("سقطت قذائف على مدينة دير الزور", ["deir_ez_zor"]),
    ("عبر النازحون الحدود السورية العراقية", ["iraq_syria_border"]),
    ("معارك في البادية السورية", ["syrian_desert"]),
    ("قصفت الطائرات ريف البوكمال", ["abu_kamal_district"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_find_places(text, expected):
    assert [m.place.place_id for m in find_places(text)] == expected


FINEST_CASES = [
    # a village over its region and province
    ("قتل 5 مدنيين في بلدة هجين بريف دير الزور الشرقي", "hajin"),
    ("قتل 5 مدنيين في ريف دير الزور الشرقي في قرية البحرة", "bahrah"),
    # two villages of equal precision: the first one
    ("قصف على قرية البحرة قرب بلدة هجين في ريف دير الزور الشرقي", "bahrah"),
    # a site over a town
    ("قصفت الطائرات محيط حقل العمر النفطي شرق بلدة ذيبان", "al_omar_oilfield"),
    ("استهدفت غارة جسر العشارة", "ashara_bridge"),
    # only coarse places
    ("غارات للتحالف في شرق الفرات بمحافظة دير الزور", "east_euphrates"),
    ("قتل مدنيون في شرق سوريا", "eastern_syria"),
]


@pytest.mark.parametrize("text,expected", FINEST_CASES)
def test_finest(text, expected):
    best = finest(find_places(text))
    assert best is not None and best.place.place_id == expected


def test_finest_of_nothing():
    assert finest(find_places("قال المتحدث إن التحقيق مستمر")) is None


# ------------------------------------------------------------ evidence: the text as written
@pytest.mark.parametrize("text,expected", [
    ("غارات على هَجِين", "هَجِين"),
    ("وبالشعفة قتل 3 مدنيين", "الشعفة"),
    ("غارة على الباغوز فوقاني", "الباغوز فوقاني"),
    ("سقطت قذائف على مدينة دير الزور", "مدينة دير الزور"),
])
def test_mention_text(text, expected):
    assert find_places(text)[0].text == expected
