"""Counts in Arabic text: digits, number words, vague amounts, hedges, and what they count.

A number's category comes from the noun after it (data/cues.yaml `counted_nouns`):
civilians, people (killed when the clause has a kill cue), wounded, fighters, strikes, or
other (hours, years, countries, reports ...). Only people and civilians make a toll:
a year, an hour, a strike count or a fighter count never does.

>>> [(f.category, f.low, f.high, f.hedge) for f in find_figures("مقتل 43 شخصاً بينهم 36 مدنياً")]
[('killed', 43, 43, 'exact'), ('civilians', 36, 36, 'exact')]
"""
from __future__ import annotations

import functools
import re

from .lexicon import load_cues, phrase_pattern
from .normalize import Text, key, normalize, normalize_pattern
from .patterns import NEVER
from .records import Figure

UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدى": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2,
    "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثه": 3,
    "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7,
    "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
}
TENS = {
    "عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "اربعون": 40, "اربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60,
    "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
HUNDREDS = {
    "مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    "مئتي": 200, "مائتي": 200,
    "ثلاثمئه": 300, "ثلاثمائه": 300, "اربعمئه": 400, "اربعمائه": 400, "خمسمئه": 500,
    "خمسمائه": 500, "ستمئه": 600, "ستمائه": 600, "سبعمئه": 700, "سبعمائه": 700,
    "ثمانمئه": 800, "ثمانمائه": 800, "تسعمئه": 900, "تسعمائه": 900,
}
MULTIPLIERS = {"الف": 1000, "الاف": 1000, "الفا": 1000, "الفين": 2000, "الفان": 2000, "الفي": 2000,
               "مليون": 1_000_000, "ملايين": 1_000_000}
# Duals and singulars that are counts by themselves: "مقتل مدنيين اثنين", "قتيلان".
DUAL_NOUNS = {"قتيلان": ("people", 2), "قتيلين": ("people", 2), "مدنيان": ("civilians", 2),
              "طفلان": ("civilians", 2), "طفلين": ("civilians", 2), "شخصان": ("people", 2),
              "شخصين": ("people", 2), "امراتان": ("civilians", 2), "امراتين": ("civilians", 2),
              "غارتين": ("strikes", 2), "غارتان": ("strikes", 2), "ضربتين": ("strikes", 2),
              "ضربتان": ("strikes", 2)}

MAX_COUNT = 10_000_000       # larger "counts" are identifiers, not people or strikes

# keys in normalised form, like the text they are matched against (مئة → ميه)
UNITS, TENS, HUNDREDS, MULTIPLIERS = ({key(k): v for k, v in table.items()}
                                      for table in (UNITS, TENS, HUNDREDS, MULTIPLIERS))

_WORD = r"[وب]?(?:" + "|".join(sorted(list(UNITS) + list(TENS) + list(HUNDREDS),
                                       key=len, reverse=True)) + r")(?:ا|ًا)?"
_DIGITS = r"\d{1,3}(?:[,،]\d{3})+(?![\d])|\d+(?:\.\d+)?"
# Every way a number word can stand as a word of its own in the text number_rx reads
# (و of a list, the article, a clitic, the accusative alif): a clause none of whose words
# is one of these, and with no digit, holds no number that number_rx could find.
_NUMBER_FORMS = frozenset(
    a + b + c + w + d
    for w in (*UNITS, *TENS, *HUNDREDS, "الفي", "الفين", "الفان", "الف", "الاف", "مليون", "ملايين")
    for a in ("", "و") for b in ("", "ال") for c in ("", "و", "ب") for d in ("", "ا"))
_ANY_DIGIT = re.compile(r"\d")
_TOKENS = re.compile(r"\w+")


@functools.lru_cache(maxsize=8)
def _patterns(cues_path: str | None = None, language: str = "ar"):
    cues = load_cues(cues_path, language=language)
    nouns = {cat: re.compile(phrase_pattern(words, clitics="", article=False))
             for cat, words in cues["counted_nouns"].items()}
    vague = {key(k): tuple(v) for k, v in cues["vague_amounts"].items()}
    hedges = [(h, re.compile(phrase_pattern(ws, clitics="و", article=False) + r"\s*$"))
              for h, ws in cues["hedges"].items()]
    vague_rx = re.compile(r"(?<!\w)[وب]?(?P<vague>" + "|".join(
        re.escape(k).replace(r"\ ", r"\s+") for k in sorted(vague, key=len, reverse=True)) + r")(?!\w)")
    number_rx = re.compile(
        # "راح ضحيتها11 مدنياً": a digit glued to the word before it still counts
        rf"(?:(?<=\sو)|(?<![\w.,،\-\d:/])|(?<=[\u0621-\u064A])(?=\d))(?:ال\s?)?(?P<num>(?:{_DIGITS})(?:\s+(?:الف|الاف|مليون|ملايين)(?!\w))?"
        rf"|{_WORD}(?:\s+(?:و\s?)?{_WORD}){{0,3}}(?:\s+(?:الف|الاف|مليون)(?!\w))?"
        rf"|(?<![\w])(?:الفي|الفين|الفان|الف)(?=\s))(?!\w)")
    dual_rx = re.compile(r"(?<!\w)[وب]?(?P<dual>" + "|".join(DUAL_NOUNS) + r")(?!\w)")
    casualty = re.compile(phrase_pattern(cues["casualty_phrases"], clitics="و", article=False))
    casualty_before = re.compile(phrase_pattern(cues.get("casualty_verbs", []), clitics="و",
                                                article=False) + r"(?:\s+\S+){0,3}\s*$")
    kill = re.compile(phrase_pattern(cues["kill_cues"]))
    wound = re.compile(phrase_pattern(cues["wound_cues"]))
    qualifiers = re.compile(r"^\s*" + phrase_pattern(cues["civilian_qualifiers"], clitics="",
                                                      article=False))
    other_actor = re.compile(phrase_pattern(cues["other_actor_after_strikes"], clitics="", article=False))
    if language != "ar":
        number_rx = re.compile(rf"(?<![\w.,\-/])(?P<num>{_DIGITS}|{_EN_WORDS})(?![\w\-])")
        vague_rx = re.compile(r"(?<!\w)(?P<vague>" + "|".join(
            re.escape(k).replace(r"\ ", r"\s+") for k in sorted(vague, key=len, reverse=True)) + r")(?!\w)")
        dual_rx = NEVER
        mods = "|".join(re.escape(key(m)) for m in cues.get("noun_modifiers", [])) or "(?!x)x"
        rules = _language_rules(cues, mods)
    else:
        rules = _ARABIC_RULES
    return (nouns, vague, hedges, vague_rx, number_rx, dual_rx, casualty, kill, wound, qualifiers,
            other_actor, casualty_before, rules)


# English number words: "forty-three", "a dozen", "one hundred and twenty", "two"
EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
EN_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i >= 2}
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
_EN_WORD = "(?:" + "|".join(sorted(list(EN_UNITS)[1:] + list(EN_TENS) + ["hundred", "thousand", "million"],
                                   key=len, reverse=True)) + ")"
_EN_WORDS = (rf"(?:an?\s+(?:dozen|hundred|thousand)|dozen|{_EN_WORD}(?:(?:[\s\-]+|\s+and\s+)"
             rf"(?:{_EN_WORD}|dozen)(?!\w))*)(?!\w)")


def parse_english_number(words: str) -> int | None:
    """Value of an English number in digits or words.

    >>> parse_english_number("forty-three"), parse_english_number("a dozen"), parse_english_number("one hundred and twenty")
    (43, 12, 120)
    """
    s = words.strip().lower()
    if re.fullmatch(r"[\d,.]+", s):
        return parse_number(s)
    total, current = 0, 0
    for tok in re.split(r"[\s\-]+", s):
        if tok in ("and", "a", "an"):
            current = current or (1 if tok != "and" else 0)
            continue
        if tok in EN_UNITS:
            current += EN_UNITS[tok]
        elif tok in EN_TENS:
            current += EN_TENS[tok]
        elif tok in ("hundred", "dozen"):
            current = max(current, 1) * EN_SCALES[tok]
        elif tok in EN_SCALES:
            total += max(current, 1) * EN_SCALES[tok]
            current = 0
        else:
            return None
    value = total + current
    return value if 0 < value <= MAX_COUNT else None


def _language_rules(cues: dict, modifiers: str) -> dict:
    """A pack's named patterns (cues.yaml `rules:`), compiled; a missing one never matches."""
    rules = {k: re.compile(v) for k, v in (cues.get("rules") or {}).items()}
    out = {name: rules.get(name, NEVER) for name in _ARABIC_RULES}
    out.update({k: v for k, v in rules.items() if k not in out})
    out["modifiers"] = re.compile(rf"^\s*(?:(?:{modifiers})\s+){{1,2}}")
    out["vague_lead"] = re.compile(r"^\s*(?:of\s+)?(?:the\s+)?")
    out["parse"] = parse_english_number
    out["civilian_one"] = frozenset(key(w) for w in cues.get("civilian_one", []))
    out["english"] = True
    return out


def parse_number(words: str) -> int | None:
    """Value of a number in digits or Arabic words (normalised text).

    >>> parse_number("اربعه عشر"), parse_number("خمسه وعشرين"), parse_number("350 الف")
    (14, 25, 350000)
    """
    s = words.strip()
    m = re.fullmatch(r"(\d{1,3}(?:[,،]\d{3})+|\d+(?:\.\d+)?)(?:\s+(الف|الاف|مليون|ملايين))?", s)
    if m:
        digits = re.sub(r"[,،]", "", m.group(1))
        if len(digits) > 12:
            return None                      # a phone or document number, not a count
        if re.fullmatch(r"\d{1,3}\.\d{3}", digits) and not m.group(2):
            value = int(digits.replace(".", ""))   # "1.200 مدني": a dot between thousands
        else:
            value = int(float(digits) * (MULTIPLIERS[m.group(2)] if m.group(2) else 1))
        return value if value <= MAX_COUNT else None
    total, current = 0, 0
    previous_unit = False
    for tok in re.findall(r"\w+", s):
        tok = tok[1:] if tok.startswith("و") and tok[1:] in {**UNITS, **TENS, **HUNDREDS} else tok
        tok = tok[:-1] if tok.endswith("ا") and tok[:-1] in {**UNITS, **TENS, **HUNDREDS} else tok
        if tok in UNITS and previous_unit:
            return None                      # "اثنين وأربعة": two counts, never 6
        previous_unit = tok in UNITS
        if tok in UNITS:
            current += UNITS[tok]
        elif tok in TENS:
            # "اربعه عشر" = 14: a unit before عشر adds ten
            current += TENS[tok]
        elif tok in HUNDREDS:
            current += HUNDREDS[tok]
        elif tok in MULTIPLIERS:
            total += max(current, 1) * MULTIPLIERS[tok]
            current = 0
        else:
            return None
    value = total + current
    return value if 0 < value <= MAX_COUNT else None


_EXCEEDS = re.compile(r"(?:تجاوز|يتجاوز|فاق|يفوق)\S*\s+(?:عدد|حصيله)(?:\s+\S+){0,3}\s*$")
# "ارتفع عدد القتلى إلى 62", "حصيلة الضحايا المدنيين 40": the count named before the number
_COUNT_OF = re.compile(r"(?:عدد|تعداد|حصيله)\s+(?:ال)?(?P<what>قتلي|ضحايا|شهداء|وفيات|قتلى)"
                       r"(?P<civ>\s+(?:ال)?مدنيين)?(?:\s+\S+){0,5}?\s+(?:الي|الى|ب|بلغ|بلغت)?\s*$")


_AT_LEAST_AFTER = re.compile(normalize_pattern(r"^\s*\S*\s*(?:على الأقل|علي الاقل)"))
_ABOUT_AFTER = re.compile(r"^\s*\S*\s*تقريبا")
_CLOCK_BEFORE = re.compile(r"(?:الساعه|ساعه)\s*$")
_CLOCK_AFTER = re.compile(r"[:.]\d")
_DUAL_END = re.compile(r"(?:ان|ين)\s*$")


def _hedge(before: str, after: str, hedges, rules=None) -> str:
    near = before[-25:]
    for name, rx in hedges:
        if rx.search(near):
            return name
    if (rules or _ARABIC_RULES)["exceeds"].search(before):
        return "more_than"
    if _AT_LEAST_AFTER.match(after):
        return "at_least"
    if _ABOUT_AFTER.match(after):
        return "about"
    return "exact"


def find_figures(text: str | Text, *, cues_path: str | None = None,
                 skip: list[tuple[int, int]] | None = None, language: str = "ar") -> list[Figure]:
    """Every count in a clause with its category, range and hedge.

    `skip` lists original-text spans to ignore (date expressions: "العام 2014").
    Spans refer to the original text.
    """
    (nouns, vague, hedges, vague_rx, number_rx, dual_rx, casualty, kill, wound,
     qualifiers, other_actor, casualty_before, R) = _patterns(cues_path, language)
    english = R.get("english", False)
    parse = R.get("parse", parse_number)
    t = text if isinstance(text, Text) else Text(text)
    s = t.norm
    # "فقد 7 مدنيين حياتهم": the verb and its object apart
    has_kill = bool(kill.search(s)) or bool(R["lost_lives"].search(s))
    found: list[tuple[int, int, int, int, str, str]] = []   # a, b, low, high, hedge, cat-hint
    # (a clause with no digit and no number word has no count: skip the costly scan)
    counted = english or _ANY_DIGIT.search(s) or not _NUMBER_FORMS.isdisjoint(_TOKENS.findall(s))
    for m in (number_rx.finditer(s) if counted else ()):
        a, b = m.span("num")
        if skip and any(t.orig(a) < sb and sa < t.orig(b - 1) + 1 for sa, sb in skip):
            continue
        before = s[max(0, a - 25):a]
        # times (الساعة 10:11), phone numbers, decimals in clock times
        if _CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(s, b):
            continue
        value = parse(m.group("num"))
        if value is None and not english and _TWO_UNITS.search(m.group("num")):
            # "مدنيين اثنين وأربعة من قسد": two counts side by side, not one compound number
            first = m.group("num").split()[0]
            value = parse(first)
            b = a + len(first)
        if value is None:
            continue
        if value <= 2 and _DUAL_END.search(before) and dual_rx.search(before[-12:]):
            continue                        # "مدنيان اثنان": the dual already counted them
        found.append((a, b, value, value, _hedge(s[max(0, a - 60):a], s[b:b + 20], hedges, R), ""))
    for m in R["family_list"].finditer(s):
        # "قتل رجل وزوجته وأطفالهما الثلاثة": the family told member by member is one toll
        members = 1 + len(re.findall(r"\sو", m.group("singles") or ""))
        if m.group("n"):
            n = parse_number(m.group("n"))
            if n is None:
                continue
            members += n
        elif m.group("dual"):
            members += 2
        if members < 2:
            continue
        a, b = m.span("list")
        found = [f for f in found if not (a < f[1] and f[0] < b)]
        found.append((a, b, members, members, "exact", "civilians"))
    for m in vague_rx.finditer(s):
        a, b = m.span("vague")
        if any(a < fb and fa < b for fa, fb, *_ in found):
            continue
        low, high = vague[re.sub(r"\s+", " ", m.group("vague"))]
        found.append((a, b, low, high, "vague", ""))
    for m in dual_rx.finditer(s):
        a, b = m.span("dual")
        cat, value = DUAL_NOUNS[m.group("dual")]
        found.append((a, b, value, value, "exact", cat))
    for m in R["one"].finditer(s):
        # "مقتل مدني وإصابة آخرين": a singular noun after a kill or wound word is one person
        a, b = m.span("noun")
        if any(a < fb and fa < b for fa, fb, *_ in found):
            continue
        if re.match(r"\s*(?:\d|واحد)", s[b:b + 4]):
            continue
        wounded = m.group("verb") in ("اصابه", "جرح") or m.group("verb").startswith(("wound", "injur"))
        noun = m.group("noun").removeprefix("ال")
        cat = "wounded" if wounded else ("civilians" if noun in _CIVILIAN_ONE or noun in R.get("civilian_one", ()) else "people")
        found.append((a, b, 1, 1, "exact", cat))
    for m in R["one_killed"].finditer(s):
        # "مخلفاً قتيلاً وعدة إصابات", "سقط شهيد": a singular victim noun on its own is one
        a, b = m.span("noun")
        last = s[max(0, a - 20):a].split()[-1:]
        if any(a < fb and fa < b for fa, fb, *_ in found) or (last and parse_number(last[0]) is not None):
            continue
        found.append((a, b, 1, 1, "exact", "people"))
    found.sort()
    found = _join_ranges(s, found, R)
    figures = []
    prev_end = None
    for a, b, low, high, hedge, hint in found:
        after = s[b:b + 40]
        # "عشرات المدنيين", "40 مدنيا", "العشرات من المدنيين"
        after_noun = R["vague_lead"].sub("", after) if hedge == "vague" else after.lstrip()
        if english:
            after_noun = R["modifiers"].sub("", after_noun)
        category = hint or _category(after_noun, nouns)
        if category == "other" and hedge != "vague":
            counted = R["count_of"].search(s[max(0, a - (90 if english else 50)):a])
            if counted:
                # "ارتفع عدد الشهداء في بلدة الجلاء إلى 23": martyrs are the civilian victims
                category = "civilians" if counted.group("civ") or counted.group("what") == "شهداء" else "people"
            elif s[a:b].strip()[:1].isdigit() and R["family_before"].search(s[max(0, a - 30):a]):
                category = "civilians"       # "أفراد عائلته الـ 12": a digit after its noun
            elif not s[a:b].strip()[:1].isdigit():
                # a number word after its noun: "مقتل مدنيين اثنين", "ثلاثة أطفال" reversed
                noun = re.search(r"(\S+)\s*$", s[max(0, a - 20):a])
                if noun:
                    before_cat = _category(noun.group(1) + " ", nouns)
                    if before_cat in ("civilians", "people", "wounded", "strikes"):
                        category = before_cat
        if category in ("people", "civilians") and re.match(r"\s*[وف]?(?:اخرون|اخرين|اخري)(?!\w)", after) \
                and figures and figures[-1].category in ("civilians", "killed", "wounded"):
            # "وإصابة خمسة آخرين" / "فيما قتل خمسة آخرون": others of the same people
            category = "civilians" if figures[-1].category == "civilians" else "people"
        if category in ("people", "civilians") and casualty_before.search(s[max(0, a - 40):a]):
            category = "casualties"
        if category in ("people", "civilians"):
            if casualty.match(re.sub(r"^\s*\S+\s*", "", after, count=1)) or casualty.match(after.lstrip()):
                category = "casualties"
            elif category == "people" and qualifiers.match(re.sub(r"^\s*\S+", "", after, count=1)):
                category = "civilians_killed" if has_kill else "civilians"
        if category == "other" and hedge == "vague":
            # "وأصيب العشرات", "قتل العشرات": the verb before says what is counted
            near = s[max(0, a - 15):a]
            if wound.search(near) or (english and re.match(
                    r"^\s*(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:wounded|injured|hurt|poisoned)\b", after)):
                category = "wounded"        # "had left hundreds poisoned"
            elif kill.search(near):
                category = "killed"
                if english and R["civilians_later"].match(s[b:b + 120]):
                    category = "civilians"     # "killed hundreds and injured thousands of civilians"
        if category == "civilians" and R["fighters_after"].match(after):
            category = "people"              # "5 شهداء من عناصر الجيش": fighters, not civilians
        if category in ("people", "civilians") and hedge != "vague" and R["casualties_later"].match(after[:70]):
            category = "casualties"          # "35 مدنياً باتوا بين قتيل وجريح"
        if category in ("people", "civilians", "killed") and R["displaced_before"].search(s[max(0, a - 30):a]):
            category = "other"               # "خروج آلاف المدنيين", "نزوح 40 عائلة": people moving
        if category in ("people", "civilians", "killed") and R["at_risk"].match(after):
            category = "other"               # "آلاف المدنيين عرضة للقتل": a threat, not a toll
        if category in ("people", "civilians") and not figures and R["others"].match(after):
            category = "increment"           # "انتشال جثث 4 شهداء آخرين": added to a toll told before
        if category in ("people", "civilians_killed") and R["civilians_later"].match(s[b:b + 120]):
            category = "civilians"           # "قضى ثمانية أشخاص نحبهم … في صفوف المدنيين"
        if english and category in ("people", "civilians", "civilians_killed"):
            # "90 others were wounded", "10 civilians were killed": the verb after the noun
            if R["wound_after"].match(after) and not R["kill_after"].match(after):
                category = "wounded"
            elif R["kill_after"].match(after) and category != "civilians_killed":
                category = "civilians" if category == "civilians" else "killed"
        if category in ("people", "civilians", "civilians_killed"):
            near = s[max(0, a - 30):a]
            wounds = [m.end() for m in wound.finditer(near)]
            kills = [m.end() for m in kill.finditer(near)]
            if wounds and (not kills or max(wounds) > max(kills)):
                category = "wounded"
            elif not has_kill:
                category = "other"                   # "يهدد الآلاف من المدنيين"
            elif category == "people":
                category = "killed"
            else:
                category = "civilians"
        if category == "civilians" and hedge != "vague" and low <= 10:
            # (from 11 on, Arabic counts with a singular noun: "46 امرأة وطفل" is 46 women and children)
            more = R["and_one_more"].match(after)
            if more:
                extra = 2 if more.group("noun").endswith(("ان", "ين")) else 1
                low, high = low + extra, high + extra
        oa, ob = t.orig_span(a, b)
        actor = None
        if category == "strikes" and other_actor.search(s[b:b + 60]):
            actor = "other"
        part_of = bool(R["part_of"].search(s[max(0, a - 25):a])) or bool(R["part_of_after"].match(after)) or (
            bool(figures) and figures[-1].part_of and prev_end is not None
            and re.fullmatch(r"\s*\S*\s*و?\s*", s[prev_end:a]) is not None
            and ("و" in s[prev_end:a].split()[-1:] or s[a] == "و" or s[prev_end:a].rstrip().endswith("و")
                 or (english and s[prev_end:a].strip(" ,") == "and")))
        prev_end = b
        figures.append(Figure(category=category, low=low, high=high, hedge=hedge,
                              text=t.original[oa:ob], span=(oa, ob), actor=actor,
                              part_of=part_of))
    return figures


_PART_OF = re.compile(r"(?<!\w)(?:بينهم|منهم|من\s+بينهم)\s*(?:\S+\s+)?$"
                      # "بين القتلى عائلة مؤلفة من ستة أفراد": a share told a few words on
                      r"|(?<!\w)(?:من\s+)?بين\s+(?:ال)?(?:قتلي|ضحايا|شهداء|القتلي|الضحايا|الشهداء)\s*(?:\S+\s+){0,4}?$")
_TWO_UNITS = re.compile(r"^\S+\s+و\s?\S+$")
_CIVILIAN_ONE = {"مدني", "طفل", "طفله", "امراه", "سيده", "مسن", "مسنه", "فتاه", "مواطنه"}
_ONE = re.compile(r"(?<!\w)[وب]?(?P<verb>مقتل|قتل|قتلت|استشهاد|استشهد|استشهدت|مصرع|لقي|لقيت|اصابه|جرح)\s+"
                  r"(?P<noun>(?:ال)?(?:مدني|طفل|طفله|امراه|سيده|مسن|مسنه|فتاه|شخص|مواطن|مواطنه|رجل|شاب))(?!\w)")
# "أفراد عائلته الـ 12", "أفراد عائلة الحمد الـ 12": a digit after the family noun (and name)
_FAMILY_BEFORE = re.compile(r"(?<!\w)(?:افراد\s+)?(?:عايل|اسر|ابناء|اطفال)\S*(?:\s+(?!ال\u200b*\s|\d)\S+)?\s+(?:ال\u200b*\s?)?$")
_FIGHTERS_AFTER = re.compile(r"^\s*\S+\s+(?:من\s+)?(?:ال)?(?:عناصر|مقاتلي|الجيش|جيش|قوات|جنود|العسكريين|عسكريين|مسلحي)(?!\w)")
_CASUALTIES_LATER = re.compile(
    r"^\s*\S+(?:\s+(?!\d)\S+){0,6}?\s+(?:ما\s+)?بين\s+(?:قتيل|شهيد)\s+و\s?(?:جريح|مصاب)")
_RELATIVE = (r"(?:زوجته|زوجها|زوجتيه|ابنه|ابنته|ابنيه|ابنتيه|والدته|والده|والدها|والدتها|شقيقه|شقيقته|"
             r"شقيقها|شقيقتها|طفله|طفلته|طفلها|طفلتها|حفيده|حفيدته|ابنها|ابنتها)")
_FAMILY_LIST = re.compile(
    r"(?<!\w)(?P<list>(?:رجل|امراه|سيده|شاب|مسن|مسنه|اب|ام|مواطن|مواطنه)"
    r"(?P<singles>(?:\s+و" + _RELATIVE + r"(?!\w))*)"
    r"(?:\s+و(?:اطفال|ابناء|بنات|اولاد)\S*\s+(?:ال)?(?P<n>" + _WORD + r")(?!\w)"
    r"|\s+و(?P<dual>طفلاه|طفليه|طفلتاه|طفلتيه|ابناه|ابنيه|ابنتاه|ابنتيه|طفلاها|طفليها|ابناها|ابنيها))?)")
_LOST_LIVES = re.compile(r"(?<!\w)[وف]?فقد\w*\s+(?:\S+\s+){0,4}?(?:حيات|ارواح)\w*")
# "6 أطفال وامرأة", "… وطفلان": a civilian noun joined to a counted one adds its own count
_AND_ONE_MORE = re.compile(r"^\s*\S+\s+و(?P<noun>امراه|رجل|طفل|طفله|مسن|مسنه|شاب|فتاه|سيده|امراتان|امراتين|طفلان|طفلين)(?!\w)")
_DISPLACED_BEFORE = re.compile(r"(?<!\w)[وب]?(?:ال)?(?:خروج|نزوح|نزح|فرار|فر|هروب|اجلاء|عوده|يعيش|تعيش|يقطن|مع|"
                               r"محاصر\w*|تهجير|خرج|نزحت|وصول|اعتقال|اعتقل|اختطاف|خطف)\s+(?:\S+\s+)?(?:ال\s?)?$")
_AT_RISK = re.compile(r"^\s*\S+(?:\s+(?!\d)\S+){0,5}?\s+(?:عرضه|معرض\w*|مهدد\w*|يواجهون|تحت\s+خطر)(?!\w)")
_OTHERS = re.compile(r"^\s*\S+\s+[وف]?(?:اخرين|اخرون|اخريات|اخر)(?!\w)")
_ONE_KILLED = re.compile(r"(?<!\w)[وب]?(?P<noun>قتيلا|قتيل|شهيدا|شهيد)(?!\w)(?!\s*و?\s*(?:جريح|مصاب|اخر|\d))")
# a civilian qualifier further on in the clause, before any other count:
# "… وأصيب آخرون في صفوف المدنيين", "…، غالبيتهم من أهالي البلدة", "جميعهم مدنيون"
_CIVILIANS_LATER = re.compile(
    r"^[^\d]{0,100}?(?<!\w)(?:في\s+صفوف\s+(?:ال)?(?:مدنيين|نازحين|اهالي|لاجيين|سكان)|(?:جميعهم|كلهم|غالبيتهم|معظمهم|اغلبهم|جلهم|اغلبيتهم)\s+"
    r"(?:من\s+)?(?:ال)?(?:مدنيين|مدنيون|اهالي|سكان|نساء|اطفال))")
_RANGE_JOIN = re.compile(normalize_pattern(r"^\s*(?:و|الى|إلى|حتى|-|–)\s*$"))
_RANGE_LEAD = re.compile(r"(?:^|\s)(?:ما\s+)?(?:بين|من)\s*$")


def _join_ranges(s: str, found: list, rules=None) -> list:
    """"ما بين 1200 و1500 مدني", "من 20 إلى 30 قتيلاً": one figure with a range."""
    rules = rules or _ARABIC_RULES
    out = []
    i = 0
    while i < len(found):
        a, b, low, high, hedge, hint = found[i]
        if i + 1 < len(found) and rules["range_lead"].search(s[max(0, a - 10):a]):
            a2, b2, low2, high2, _, hint2 = found[i + 1]
            if rules["range_join"].match(s[b:a2]) and low <= low2:
                out.append((a, b2, low, high2, "range", hint2 or hint))
                i += 2
                continue
        out.append(found[i])
        i += 1
    return out


# The Arabic pack's named patterns (the English pack gives its own in data/en/cues.yaml `rules:`)
_ARABIC_RULES = {
    "count_of": _COUNT_OF, "part_of": _PART_OF, "part_of_after": NEVER,
    "family_before": _FAMILY_BEFORE, "fighters_after": _FIGHTERS_AFTER,
    "casualties_later": _CASUALTIES_LATER, "displaced_before": _DISPLACED_BEFORE, "at_risk": _AT_RISK,
    "others": _OTHERS, "civilians_later": _CIVILIANS_LATER, "range_join": _RANGE_JOIN,
    "range_lead": _RANGE_LEAD, "exceeds": _EXCEEDS, "one": _ONE, "one_killed": _ONE_KILLED,
    "vague_lead": re.compile(r"^\s*(?:من\s+)?(?:ال)?"),
    "family_list": _FAMILY_LIST, "lost_lives": _LOST_LIVES, "and_one_more": _AND_ONE_MORE,
}


def _category(after: str, nouns) -> str:
    head = after[:30]
    for cat in ("civilians", "people", "wounded", "fighters", "strikes", "other"):
        m = nouns[cat].match(head)
        if m:
            return cat
    return "other"
