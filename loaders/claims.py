"""From article text to claims: who says how many died, where, when, blaming whom.

The text is cut into sentences and clauses. For each clause we find claimant names
(data/claimants.csv), stance and perpetrator cues (data/cues.yaml), counts
(loaders.numbers), dates (loaders.dates) and places (loaders.places). A claimant is
the *speaker* of a clause when a speech or report verb (قال، أفاد، وثّق، نفى …) or an
attribution (وفق، بحسب) stands next to its name; a name after an attack noun
("غارات التحالف") is a perpetrator, not a speaker. A clause with no speaker that opens
with a continuation verb (وأضاف، وأوضح، مشيراً) continues the previous speaker, and the
facts of consecutive clauses by one speaker merge into one claim until they conflict.
A clause with counts and no speaker is the article's own voice (`outlet`).

Dates: a single-day date right next to the speaker ("قال المرصد الجمعة إن …") is when
the statement was made; it dates the claim only when the clause gives no other date.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field, replace

from .dates import find_dates
from .lexicon import (PRECISION_RANK, Claimant, Gazetteer, load_claimants, load_cues,
                      compile_phrases, load_gazetteer, phrase_pattern)
from .normalize import Text, key, normalize, normalize_pattern
from .numbers import find_figures
from .patterns import NEVER, Gated, trie_alternation
from .places import find_places
from .records import Claim, DateMention, Figure, PlaceMention

# Sentence ends: . ! ? ؟ (not inside numbers such as 4.30 or 34,502) and line breaks.
# A full stop glued to the next Arabic word ("في البصيرة.وبدورها") ends a sentence too; one
# between single letters ("أ.ف.ب") does not.
# A sentence ends at a run of . ! ? ؟ not right after a digit, before a space, a comma, a
# quote or the end; at a full stop after a digit before a space; at line breaks; at a full
# stop glued between two Arabic words. (Each branch opens with the character it ends on,
# checked by a look-behind after it, so the scan skips every other character fast.)
_SENTENCE_END = re.compile(r"[.!?؟\n](?:(?<=\n)\n*|(?<=[.!?؟])(?<!\d.)[.!?؟]*(?=[\s,،]|$|[\"”'\)])"
                           r"|(?<=\.)(?<=\d\.)(?=\s|$)|(?<=\.)(?<=[\u0621-\u064A]{2}\.)(?=[\u0621-\u064A]))")
_LATIN = re.compile(r"[A-Za-z]{2}")
# "…، بينما نفى التحالف ذلك": words that point back to the event just named
_ANAPHOR = re.compile(normalize_pattern(r"(?<!\w)[وبل]?(?:ذلك|هذا|هذه|تلك|الأمر|الحادثة|الحادث|الهجوم|"
                                        r"المجزرة|الغارة|الغارات|القصف|الضربة|الضربات|البلدة|القرية)(?!\w)"
                                        r"|(?<!\w)(?:فيها|فيه|بها|عليها|جراءها)(?!\w)"))


@dataclass(frozen=True)
class Lexicons:
    gazetteer: Gazetteer
    claimants: tuple[Claimant, ...]
    cues: dict
    claimant_rx: re.Pattern
    latin_rx: re.Pattern              # Latin names (CJTF-OIR, SOHR) in English quotes
    alias_of: dict
    stance_rx: dict
    speech_rx: re.Pattern
    attribution_rx: re.Pattern
    continuation_rx: re.Pattern
    perpetrator_rx: re.Pattern
    perpetrator_of: dict
    attack_rx: re.Pattern
    attack_any_rx: re.Pattern
    kill_rx: re.Pattern
    generic_rx: re.Pattern
    total_rx: re.Pattern
    clause_split_rx: re.Pattern
    side_of: dict
    language: str = "ar"
    # named patterns of the language (the Arabic ones below in this module, the others from
    # the pack's cues.yaml `rules:`); a rule a pack does not give never matches
    rules: dict = field(default_factory=dict)
    kind_of: dict = field(default_factory=dict)      # claimant id → source_kind


@functools.lru_cache(maxsize=8)
def default_lexicons(language: str = "ar") -> "Lexicons":
    """The lexicons of one language pack (built once per process and language)."""
    return build_lexicons(load_gazetteer(), load_claimants(), load_cues(language=language),
                          language=language)


UNNAMED = "_unnamed"        # "a monitor said": resolved to the source named next, else the outlet


def _latin_alias(name: str) -> str:
    return re.sub(r"[\s\-–]+", " ", name.lower()).strip()


def build_lexicons(gazetteer: Gazetteer, claimants, cues, language: str = "ar") -> Lexicons:
    alias_of = {}
    for c in claimants:
        for a in c.aliases:
            k = key(a)
            if k and not k.isascii():
                alias_of.setdefault(k, c.claimant_id)
            elif k:
                alias_of.setdefault(_latin_alias(k), c.claimant_id)
    for a in cues.get("unnamed_sources", []):
        alias_of.setdefault(_latin_alias(key(a)), UNNAMED)
    arabic = sorted((a for a in alias_of if not a.isascii()), key=len, reverse=True)
    arabic += sorted(("ل" + a[1:] for a in arabic if a.startswith("ال") and len(a) > 3),
                     key=len, reverse=True)
    latin = sorted((a for a in alias_of if a.isascii()), key=len, reverse=True)
    # a trie, like the Arabic names: a flat alternation of the Latin names, tried at every
    # position of every clause that holds Latin letters, cost 0.8 ms a clause
    latin_body = trie_alternation(latin, space=r"[\s\-–]*") if latin else ""
    # every alias with and without ال, in one trie: "الشبكة السورية لحقوق الإنسان" is read
    # whole, never as ال + "شبكة"
    body = trie_alternation(set(arabic) | {"ال" + a for a in arabic if not a.startswith(("ال", "لل"))})
    claimant_rx = re.compile(rf"(?<!\w)(?:[وفبلك]{{0,2}})(?P<ar>{body})(?!\w)")
    latin_rx = re.compile(rf"(?<![A-Za-z@])(?P<la>{latin_body})(?![A-Za-z])" if latin_body
                          else r"(?!x)x", re.IGNORECASE)
    perpetrator_of = {}
    for who, words in cues["perpetrators"].items():
        for w in words:
            perpetrator_of.setdefault(key(w), who)
    for k in list(perpetrator_of):
        if k.startswith("ال") and len(k) > 3:
            perpetrator_of.setdefault("ل" + k[1:], perpetrator_of[k])      # للطيران الروسي
    # one trie (as for the claimants): at any position the phrases that match are prefixes
    # of one another, so the trie's longest-first is the sorted alternation's choice
    # (a phrase written with a final "*" is matched as written, star and all, as it always
    # was: the lookup below needs the phrase itself)
    perp_body = trie_alternation(k for k in perpetrator_of if not k.endswith("*"))
    verbs = list(cues["speech_verbs"])
    # a clause starts at "، وأضاف" / "، وأوضح التجمع" / "، مشيراً": و + verb, or a participle
    verb_words = sorted({key(v) for v in set(cues["continuation_verbs"]) | set(verbs)
                         if " " not in key(v) and not key(v).startswith("و")}, key=len, reverse=True)
    participles = [key(v) for v in cues["continuation_verbs"] if key(v).endswith(("ا", "ه"))
                   and key(v).startswith("م")]
    connective = "و(?:" + "|".join(map(re.escape, verb_words)) + ")|" + "|".join(map(re.escape, participles))
    english = language != "ar"
    rules = dict(_ARABIC_RULES)
    if english:
        pack = {k: re.compile(v) for k, v in (cues.get("rules") or {}).items()}
        rules = {name: pack.get(name, NEVER) for name in set(_ARABIC_RULES) | set(pack)}
        rules["country_attacker"] = _COUNTRY_ATTACKER_EN
    attack_tail = r"(?:\s+(?:the|a|an))?\s*$" if english else r"\s*$"
    lexicons = Lexicons(
        gazetteer=gazetteer, claimants=tuple(claimants), cues=cues,
        claimant_rx=claimant_rx, latin_rx=latin_rx, alias_of=alias_of,
        stance_rx={s: compile_phrases(ws, article=False) for s, ws in cues["stance"].items()},
        # (the lists read whole clauses behind a gate of their bare phrases; those read
        # at the start of a clause or in a few words before a name are not gated)
        # a verb takes و/ف in front, never ب/ل/ك ("بزعم مكافحة الإرهاب" is a noun)
        speech_rx=re.compile(phrase_pattern(verbs, clitics="وف", article=False)),
        # "وفق المرصد", "وفقاً لشبكات", "بحسب ما ذكرته شبكة فرات بوست"
        # English: "according to (the) X", nothing more between ("according to SANA, the coalition …")
        attribution_rx=re.compile(phrase_pattern(cues["attribution"], clitics="و", article=False) + (
            r"(?:\s+(?:the|a|an))?\s*$" if language != "ar" else r"(?:\s+\S+){0,3}?\s*(?:ل)?$")),
        continuation_rx=re.compile(r"^\W*" + phrase_pattern(cues["continuation_verbs"],
                                                            clitics="وف", article=False)),
        perpetrator_rx=Gated(re.compile(rf"(?<!\w)(?:[وفبلك]{{0,2}})(?P<p>(?:ال)?(?:{perp_body}))(?!\w)"),
                             re.compile(perp_body)),
        perpetrator_of=perpetrator_of,
        attack_rx=re.compile(phrase_pattern(cues["attack_nouns"], clitics="وفبلك") + attack_tail),
        attack_any_rx=compile_phrases(
            [w for w in cues["attack_nouns"] if w not in ("قوات", "قبل", "عمليات")]
            + ["غارات", "قصف*", "ضرب*", "جوي*", "طيران", "طائرات", "مقاتلات", "مجزره", "مجازر"],
            clitics="وفبلك"),
        kill_rx=compile_phrases(cues["kill_cues"]),
        generic_rx=compile_phrases(cues.get("generic_cues", []), article=False),
        total_rx=compile_phrases(cues.get("total_cues", []), article=False),
        # "، فيما قتل خمسة آخرون في الشعفة": a second event in the same sentence
        # "… 5 مدنيين كما طال قصف مماثل بلدة الصور": كما opens a clause even without a comma
        # "…، وسقط 11 آخرون بغارة ثانية على السوسة": a kill verb after "، و" opens a second event
        # "…، وذلك بعد 5 أيام من قصفه معبراً": an earlier event, dated from this one
        clause_split_rx=rules["clause_split"] if english else
        re.compile(rf"[،,;؛]\s*(?=(?:{connective}|فيما|بينما|في\s+حين|كما|و(?:قتل|سقط|استشهد|لقي|قضي)\w*)(?!\w))"
                   rf"|\s(?=كما\s+(?!ان|هو|هي|قال|اشار|اكد|اوضح)\S)"
                   rf"|\s(?=(?:وذلك\s+)?بعد\s+\S+(?:\s+\S+)?\s+(?:ايام|يوما|يومين|اسبوع|اسبوعين|اسابيع)\s+(?:من|على)\s)"),
        side_of={c.claimant_id: c.side for c in claimants},
        language=language, rules=rules,
        kind_of={c.claimant_id: c.source_kind for c in claimants},
    )
    if english:
        lexicons = replace(lexicons, attack_any_rx=re.compile(phrase_pattern(
            list(cues["attack_nouns"]) + ["shell*", "bomb*", "warplane*", "jet*"], clitics="", article=False)))
    return lexicons


@dataclass
class _Clause:
    text: Text
    start: int                       # offset of the clause in the article body
    end: int
    sentence_no: int
    speakers: list = field(default_factory=list)   # [(claimant, norm_start, norm_end, stance|None)]
    mentions: list = field(default_factory=list)   # all claimant mentions (claimant, a, b)
    attributed: set = field(default_factory=set)   # speakers named through "وفق/بحسب"
    continuation: bool = False
    stance: str | None = None
    perpetrator: str | None = None
    figures: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    statement_dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    accusation: bool = False
    harm: bool = False
    generic: bool = False
    perpetrators: list = field(default_factory=list)
    anaphoric_speaker: bool = False   # "the group also reported": the last named source speaks


@dataclass
class _Draft:
    claimant: str
    stance: str
    perpetrator: str | None
    figures: dict                     # category → Figure
    strikes: int | None
    dates: list
    statement_dates: list
    places: list
    start: int
    end: int
    accusation: bool
    harm: bool
    explicit: bool
    sentence_no: int = 0
    casualties: bool = False          # "قتل وجرح 20": killed-or-wounded, kept as the quote
    toll_span: tuple[int, int] | None = None    # the clause that gave the death toll
    perpetrators: list = field(default_factory=list)


def unwrap_lines(body: str) -> str:
    r"""Hard-wrapped paragraphs (most lines 40–100 characters, not ending a sentence) have
    their single line breaks turned into spaces, so a number and its noun stay in one
    sentence. Each paragraph (text between blank lines) is judged on its own: a wrapped
    paragraph is unwrapped even when the rest of the article is not. The length is kept,
    so offsets still point into the original text.

    >>> unwrap_lines("قال المرصد " + "و" * 40 + " إن 12\nمدنياً قتلوا " + "و" * 40 + "\n" + "و" * 50 + "\n" + "و" * 50)[52:68]
    'إن 12 مدنياً قتل'
    """
    out = []
    for para in re.split(r"(\n[ \t]*\n)", body):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        wrapped = [ln for ln in lines if 40 <= len(ln.strip()) <= 100
                   and not re.search(r"[.!?؟:\"”»]\s*$", ln)]
        # three lines at least: a headline over its first sentence is two lines, not a wrap
        if len(lines) >= 3 and len(wrapped) >= 0.5 * (len(lines) - 1):
            para = re.sub(r"(?<=[^\n.!?؟:\"”»\s])[ \t]*\n(?=[ \t]*\S)", lambda m: " " * len(m.group(0)), para)
        out.append(para)
    return "".join(out)


# A photo caption is a line of its own that ends in a credit ("– 23 حزيران – تواصل اجتماعي",
# "(أرشيف)", "(رويترز)") or opens with صورة: it shows, it does not report a strike.
_CAPTION = re.compile(normalize_pattern(
    r"^[ \t]*(?:\(?صورة|\(?صور\s|الصورة\s*:).*$"
    r"|^.*[-–—|]\s*(?:تواصل\s+اجتماعي|مواقع\s+التواصل(?:\s+الاجتماعي)?|وسائل\s+التواصل|إنترنت|انترنت|"
    r"أرشيف|أرشيفية|فيسبوك|تويتر|ناشطون|Getty|AFP|Reuters)\s*\)?[ \t]*$"
    r"|^.*\((?:أرشيف|أرشيفية|صورة\s+أرشيفية|أ\s*ف\s*ب|رويترز|AFP|Reuters|Getty Images)\)[ \t]*$"), re.MULTILINE | re.IGNORECASE)


def caption_spans(body: str, marked: str | None = None) -> list[tuple[int, int]]:
    r"""(start, end) of the photo captions in an article body.

    >>> caption_spans("قتل 5 مدنيين في الشعفة.\nجثث في مقبرة قرب الجسر – 3 آذار – تواصل اجتماعي")
    [(24, 71)]
    """
    norm = normalize(body) if marked is None else marked
    return [m.span() for m in _CAPTION.finditer(norm) if len(m.group(0)) < 300]


def split_clauses(body: str, lex: Lexicons, breaks=(), marked: str | None = None) -> list[tuple[int, int, int]]:
    """(start, end, sentence number) of each clause in the text; `breaks` are (start, end)
    spans that stand as sentences of their own (photo captions), whatever unwrapping does.
    `marked`: `normalize(body)` when the caller has it already."""
    unwrapped = unwrap_lines(body)
    if marked is None or unwrapped != body:
        marked = normalize(unwrapped)   # once for the article: normalising keeps lengths
    body = unwrapped
    out = []
    pos = 0
    sentence_no = 0
    no_end = lex.rules.get("no_sentence_end")
    bounds = [m.end() for m in _SENTENCE_END.finditer(body)
              if no_end is None or m.group(0).startswith("\n")
              or not no_end.search(marked[max(0, m.start() - 8):m.start()])] + [len(body)]
    bounds = sorted(set(bounds) | {x for span in breaks for x in span if 0 < x < len(body)})
    for end in bounds:
        if end <= pos:
            continue
        seg_start, seg_end = pos, end
        pos = end
        if not body[seg_start:seg_end].strip():
            continue
        norm = marked[seg_start:seg_end]
        cuts = [seg_start] + [seg_start + m.start() + 1 for m in lex.clause_split_rx.finditer(norm)]
        cuts.append(seg_end)
        for a, b in zip(cuts, cuts[1:]):
            # very long run-ons are kept whole: splitting blind would separate numbers from nouns
            if body[a:b].strip():
                out.append((a, b, sentence_no))
        sentence_no += 1
    return out


def _analyse(body: str, a: int, b: int, sentence_no: int, published: dt.date | None,
             lex: Lexicons, ignore=(), marked: str | None = None) -> _Clause:
    t = Text(body[a:b], marked[a:b] if marked is not None else None)
    s = t.norm
    c = _Clause(text=t, start=a, end=b, sentence_no=sentence_no)
    mask = []
    matches = list(lex.claimant_rx.finditer(s))
    if _LATIN.search(s):
        matches = sorted(matches + list(lex.latin_rx.finditer(s)), key=lambda m: m.start())
    for m in matches:
        grp = "ar" if "ar" in m.re.groupindex else "la"
        name = re.sub(r"\s+", " ", m.group(grp))
        cid = lex.alias_of.get(name) or lex.alias_of.get(name[2:] if name.startswith("ال") else name) \
            or lex.alias_of.get(_latin_alias(name)) or lex.alias_of.get("ا" + name[1:])
        if not cid:
            continue
        ma, mb = m.span(grp)
        mask.append((ma, mb))
        c.mentions.append((cid, ma, mb))
    # Perpetrator mentions that are not claimant mentions in speaker position
    perps = []
    for m in lex.perpetrator_rx.finditer(s):
        pa, pb = m.span("p")
        who = lex.perpetrator_of.get(re.sub(r"\s+", " ", m.group("p"))) or \
            lex.perpetrator_of.get(re.sub(r"\s+", " ", m.group("p"))[2:])
        if who:
            perps.append((who, pa, pb, m.start()))
    stance_hits = []
    for stance, rx in lex.stance_rx.items():
        for m in rx.finditer(s):
            stance_hits.append((m.start(), m.end(), stance))
    stance_hits += [(m.start(), m.end(), "denies") for m in lex.rules["rejects"].finditer(s)]
    # "على التحالف أن يحقق", "دعت التحالف إلى فتح تحقيق": a demand, not the party's own stance
    stance_hits = [h for h in stance_hits if not lex.rules["demand_before"].search(s[max(0, h[0] - 40):h[0]])]
    stance_hits.sort()
    for cid, ma, mb in c.mentions:
        before = s[max(0, ma - 40):ma]
        after = s[mb:mb + 60]
        # "بحسب التقرير فإن قوات التحالف قتلت …": what follows إن/أن is the content, not the source
        attributed = bool(lex.attribution_rx.search(before)) and not lex.rules["content_gap"].search(before)
        if lex.rules["relayed_from"].search(before):
            attributed = True               # "نقلت وكالة فرانس برس عن المرصد": the source relayed
        if lex.rules["addressee_before"].search(before) and not attributed:
            continue                        # "قال المتحدث لفرانس برس", "رداً على سؤال لرويترز"
        own = _own_stance(s, ma, mb, stance_hits, c.mentions, lex.rules["verb_like"],
                          verb_first=lex.language == "ar")
        if c.speakers:
            # After the first speaker, a name speaks only through its own stance verb
            # ("الأمر الذي ينفيه التحالف") or an attribution ("وفق المرصد"); otherwise it
            # is the accused ("اتهمت سانا التحالف") or a subject of the report.
            if (own or attributed) and all(cid != sp[0] for sp in c.speakers):
                c.speakers.append((cid, ma, mb, own))
                if attributed and not own:
                    c.attributed.add(cid)
            continue
        if (lex.attack_rx.search(before) or lex.rules["control_before"].search(before[-12 if lex.language == "ar" else -30:])) \
                and not attributed:
            continue                                     # "غارات التحالف", "مناطق سيطرة قسد"
        speaker = (attributed or _speech_before(before, lex) or _verb_after(after, lex)
                   or (lex.language == "ar" and not s[:ma].strip(" \t\"'،,-–—:")))
        if speaker:
            c.speakers.append((cid, ma, mb, own))
            if attributed and not own:
                c.attributed.add(cid)
    # "وأضاف …", or a clause cut at "، وزعمت …" whose verb has no named subject
    opening = lex.speech_rx.match(s.lstrip(" \t\"'،,-–—:"))
    c.continuation = bool(lex.continuation_rx.match(s)) or bool(
        opening and not any(ma < opening.end() + 25 for _, ma, _ in c.mentions)) or (
        not c.speakers and bool(lex.rules["back_attribution"].search(s)))
    non_allege = [st for _, _, st in stance_hits if st != "alleges"]
    priority = {"denies": 0, "assessing": 1, "acknowledges": 2}
    c.stance = min(non_allege, key=priority.get) if non_allege else None
    c.accusation = any(st == "alleges" for _, _, st in stance_hits)
    c.harm = bool(lex.kill_rx.search(s))
    c.generic = bool(lex.generic_rx.search(s))
    speaker_spans = [(ma, mb) for _, ma, mb, _ in c.speakers]
    attackers = []
    if lex.language != "ar":
        # English: "a statement by the Syrian army command" names a source, not an attacker
        speaker_spans += [(ma, mb) for cid, ma, mb in c.mentions if lex.kind_of.get(cid) != "belligerent"]
    for who, pa, pb, lead in perps:
        if any(pa < sb and sa < pb for sa, sb in speaker_spans):
            continue
        if lex.rules["control_before"].search(s[max(0, lead - (12 if lex.language == "ar" else 30)):lead]):
            continue
        in_attack = bool(lex.attack_rx.search(s[max(0, lead - 25):lead])) or \
            bool(lex.attack_rx.search(s[pa:pb].split()[0] + " ")) or \
            bool(lex.rules["attack_verb_after"].match(s[pb:pb + 30]))
        if who == "is" and not in_attack:
            continue        # "مواقع التنظيم", "عائلات مقاتلي التنظيم": a target, not an attacker
        attackers.append((0 if in_attack else 1, pa, who))
    if attackers:
        first = min(attackers)
        c.perpetrator = first[2]
        c.perpetrators = [first[2]]
        # "نفذتها على الأرجح قوات التحالف الدولي بقيادة الولايات المتحدة أو العراق": both suspects
        tail = s[first[1]:first[1] + 90]
        alt = lex.rules["or_attacker"].search(tail)
        if alt:
            other = lex.perpetrator_of.get(alt.group("who")) or lex.rules["country_attacker"].get(alt.group("who"))
            if other and other != first[2]:
                c.perpetrators.append(other)
    c.dates = find_dates(t, published, language=lex.language)
    date_spans = [d.span for d in c.dates]
    if ignore:
        c.dates = [d for d in c.dates if not any(
            ia < a + d.span[1] and a + d.span[0] < ib for ia, ib in ignore)]
    c.figures = find_figures(t, skip=date_spans, language=lex.language)
    tolls = [_norm_index(t, f.span[0]) for f in c.figures if f.category in ("civilians", "killed")]
    before_toll = [(sa, st) for sa, _, st in stance_hits if st != "alleges" and tolls and sa < tolls[0]]
    if len({st for _, st in before_toll}) > 1:
        # "تأكدت صحة 3 بلاغات تفيد بمقتل 15 مدنياً، ويجري التحالف تحرياً في 184 بلاغاً": the
        # stance told of the toll is the one just before it
        c.stance = max(before_toll)[1]
    elif before_toll:
        c.stance = before_toll[0][1]
    if c.speakers:
        content = _content_start(s, c, stance_hits, lex)
        for d in c.dates:
            d_a = _norm_index(t, d.span[0])
            d_b = _norm_index(t, d.span[1])
            if d.precision != "day":
                continue
            before_speaker = any(d_b <= ma and len(s[d_b:ma].split()) <= 3
                                 for _, ma, _, _ in c.speakers)
            if lex.language != "ar" and s[:d_a].strip(" \t\"'“”,"):
                # English: "… killed five on Friday, the monitor said" — the event's day; only
                # "On Friday, the monitor said …" opening the clause is the statement's
                before_speaker = False
            between = any(mb <= d_a and d_b <= content for _, _, mb, _ in c.speakers[:1])
            if before_speaker or between:
                c.statement_dates.append(d)
    # "in its October 2020 monthly review": when a report was made, which dates no strike
    report_dates = [d for d in c.dates if lex.rules["statement_date_after"].match(s[_norm_index(t, d.span[1]):])]
    c.dates = [d for d in c.dates if d not in c.statement_dates and d not in report_dates]
    c.anaphoric_speaker = not c.speakers and bool(lex.rules["anaphoric_speaker"].search(s))
    places, heading = [], []
    landmark_end = None                       # where the last landmark name ended
    for p in find_places(t, lex.gazetteer, mask=mask, language=lex.language):
        at = _norm_index(t, p.span[0])
        lead = s[max(0, at - 40):at]          # what stands before the name
        if lex.rules["origin_before"].search(lead) or lex.rules["reporter_at"].search(lead):
            continue                          # where victims came from, where a reporter is
        if lex.rules["landmark_before"].search(s[max(0, at - 80):at]) or (
                landmark_end is not None and _AND_ONLY.match(s[landmark_end:at])):
            # "…, which is between X and Y": both ends are landmarks
            landmark_end = _norm_index(t, p.span[1])
            continue
        landmark_end = None
        places.append(p)
        if lex.rules["destination_before"].search(lead):
            heading.append(p)
    # where the strike fell, not where the victims were heading (when the clause names both)
    c.places = [p for p in places if p not in heading] if heading and len(heading) < len(places) else places
    if heading and len(heading) == len(places) and not c.harm and not any(
            f.category in ("civilians", "killed", "wounded", "people", "casualties") for f in c.figures):
        # "…، وكانا يقلان العناصر إلى نقطة قرب حقل العمر": a clause telling no strike names
        # only where the victims were going; it places nothing
        c.places = []
    return c


def _share_attribution(clauses: list[_Clause]) -> None:
    """"قتل سبعة في البحرة، فيما قتل خمسة في الشعفة، بحسب ناشطين": an attribution at the
    end of a sentence covers its earlier clauses that name no speaker. A later speaker
    who speaks for itself ("، ونفى التحالف ذلك") covers nothing before it."""
    for i, c in enumerate(clauses):
        if c.speakers or c.continuation:
            continue
        for later in clauses[i + 1:]:
            if later.sentence_no != c.sentence_no:
                break
            if later.speakers:
                cid, _, _, own = later.speakers[0]
                if cid in later.attributed and own is None:
                    c.speakers.append((cid, len(c.text.norm), len(c.text.norm), None))
                    c.attributed.add(cid)
                break


def _own_stance(s: str, ma: int, mb: int, stance_hits, mentions=(), verb_like=None,
                verb_first: bool = True) -> str | None:
    """A deny/acknowledge/assess cue right next to the name, with no comma, verb or other
    name between ("نفى التحالف الدولي ضد تنظيم الدولة": the denial is the coalition's)."""
    for sa, sb, stance in stance_hits:
        if stance == "alleges":
            continue
        if sb <= ma:
            if not verb_first:
                continue    # English: "dismissed Amnesty's claim" — the name after the verb is its object
            gap_a, gap_b = sb, ma
        elif sa >= mb:
            gap_a, gap_b = mb, sa
        else:
            continue
        gap = s[gap_a:gap_b]
        if any(gap_a <= oa and ob <= gap_b for _, oa, ob in mentions):
            continue
        if re.search(r"[،,.:;؛]", gap) or len(gap.split()) > 3:
            continue
        if sa >= mb and not (verb_like or _VERB_LIKE).match(s[sa:sb]):
            continue        # "تقرير التلفزيون السوري مفبرك": a verdict on the name, not its own word
        return stance
    return None


# a stance cue after a name is the name's own only when it is a verb (التحالف ينفي، نفى)
_VERB_LIKE = re.compile(r"[وف]?(?:[يتن](?!فتقر)|ا(?!دعاء)|نف|اقر|اعترف|دحض|فند)")
# "الذي تسيطر عليه قوات النظام", "الخاضعة لسيطرة التنظيم": who holds a place, not who struck
_CONTROL_BEFORE = re.compile(r"(?:سيطره|تسيطر|يسيطر|سيطرت|الخاضع\w*|خاضع\w*|مناطق|معاقل|مواقع|"
                             r"عليه|عليها|حواجز|مقرات|مقر|ضد)\s*$")
# "أن التحالف قصف", "التحالف شن غارات": a perpetrator word that is the subject of an attack verb
_ATTACK_VERB_AFTER = re.compile(r"^\s*(?:\S+\s+)?(?:قصف|شن|استهدف|نفذ|ارتكب|قتل|اغار|ضرب)\w*")


def _norm_index(t: Text, orig_index: int) -> int:
    if t._offsets is None:
        return orig_index
    return bisect.bisect_left(t._offsets, orig_index)


_CONTENT = re.compile(r"(?<!\w)(?:ان|بان|انه|بانه|انها|بانها)(?!\w)|[\":]")


def _content_start(s: str, c: _Clause, stance_hits, lex: Lexicons) -> int:
    """Where what the speaker says begins: "إن/أن", a quote, a count, a kill or stance cue.

    A day date between the speaker's name and this point is when the statement was made.
    """
    speaker_end = c.speakers[0][2]
    names = [(ma, mb) for _, ma, mb in c.mentions]
    points = []
    for m in lex.rules["content"].finditer(s, speaker_end):
        if m.group(0) in "\":" and any(ma - 2 <= m.start() <= mb + 1 for ma, mb in names):
            continue                                   # the quotes around “سانا”
        points.append(m.start())
        break
    points += [_norm_index(c.text, f.span[0]) for f in c.figures
               if _norm_index(c.text, f.span[0]) >= speaker_end]
    points += [sa for sa, _, _ in stance_hits if sa >= speaker_end]
    k = lex.kill_rx.search(s, speaker_end)
    if k:
        points.append(k.start())
    return min(points) if points else len(s)


def _speech_before(before: str, lex: Lexicons) -> bool:
    # the verb within the last three words before the name ("قال مدير المرصد"); a person
    # named with a bracketed description counts as one: "وقال فيصل السيد (من سكان البلدة)"
    # "وبحسب التقرير فإن قوات التحالف قتلت": a name after إن/أن/فإن is in what is said,
    # so only the words after the last such marker count
    gap = None
    for gap in lex.rules["content_gap"].finditer(before):
        pass
    if gap is not None:
        before = before[gap.end():]
    words = re.sub(r"[\"“”«»()\[\]]", " ", before).split()
    tail = " ".join(words[-3:])
    return bool(lex.speech_rx.search(tail))


def _verb_after(after: str, lex: Lexicons) -> bool:
    head = " ".join(re.sub(r"[\"“”«»(),،]", " ", after).split()[:5])
    m = lex.speech_rx.search(head)
    return bool(m) and m.start() < 40


def _compatible(old: Figure, new: Figure) -> bool:
    lo_old, hi_old = _bounds(old)
    lo_new, hi_new = _bounds(new)
    return lo_old <= hi_new and lo_new <= hi_old


def _bounds(f: Figure) -> tuple[float, float]:
    lo, hi = f.low or 0, f.high if f.high is not None else f.low
    if f.hedge == "about":
        return lo * 0.85, hi * 1.15
    if f.hedge in ("more_than", "at_least"):
        return lo, lo * 1.3 + 5
    if f.hedge == "at_most":
        return 0, hi
    return lo * 0.97, hi * 1.03


def _specificity(f: Figure) -> int:
    return {"exact": 0, "at_least": 1, "more_than": 2, "about": 3, "range": 4, "at_most": 5,
            "vague": 6}.get(f.hedge, 7)


def extract_claims(body: str, article_id: str, published: dt.date | None,
                   lex: Lexicons | None = None, *, offset: int = 0,
                   voice: str | None = None, ignore=(), language: str = "ar") -> list[Claim]:
    """All claims in an article body.

    `voice` is the claimant the article itself speaks for (SANA's own reports), used for
    tolls given without attribution; otherwise they are the `outlet`'s. `ignore` lists
    spans of the body whose dates are not event dates (the article's own dateline).

    >>> import datetime as dt
    >>> [c.claimant for c in extract_claims("وقال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في قرية الشعفة أمس.", "x", dt.date(2018, 11, 18))]
    ['sohr']
    >>> [(c.claimant, c.civilians_min) for c in extract_claims("At least 12 civilians were killed in an air strike on Hajin on Monday, the Syrian Observatory for Human Rights said.", "x", dt.date(2018, 11, 18), language="en")]
    [('sohr', 12)]

    `language` picks the lexicons (`lex` when given must be of that language).
    """
    lex = lex or default_lexicons(language)
    marked = normalize(body)
    captions = caption_spans(body, marked) if lex.language == "ar" else [
        m.span() for m in lex.rules["caption"].finditer(marked) if len(m.group(0)) < 400]
    clauses = [_analyse(body, a, b, n, published, lex, ignore, marked) for a, b, n in split_clauses(body, lex, captions, marked)
               if not any(ca <= a and b <= cb for ca, cb in captions)]
    _share_attribution(clauses)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    previous_speaker: str | None = None         # speaker of the clause just before
    recent_mentions: list[tuple[int, str]] = []     # (sentence_no, claimant)
    previous_clause: _Clause | None = None
    previous_clause_speaker: tuple[str, int] | None = None     # (claimant, sentence_no)
    last_dated: _Clause | None = None
    last_town: PlaceMention | None = None
    last_strike: _Clause | None = None      # the last clause telling of a strike at a village or town
    for c in clauses:
        shift = -1 if lex.rules["day_before_last"].search(c.text.norm) else \
            1 if lex.rules["day_after_last"].search(c.text.norm) else 0
        if shift and not c.dates and last_dated is not None:   # (before the anaphor rule below)
            # "The deaths came a day after …": the day before the event just dated
            c.dates = [replace(m, start=m.start + dt.timedelta(days=shift), end=m.end + dt.timedelta(days=shift),
                               text=f"{m.text} ({shift:+d} day)")
                       for m in last_dated.dates if m.start and m.end and m.precision == "day"][:1]
        if not shift and previous_clause is not None and lex.rules["anaphor"].search(c.text.norm) and (
                previous_clause.sentence_no == c.sentence_no
                or (lex.language != "ar" and c.sentence_no - previous_clause.sentence_no == 1)):
            # (English: "… Hajin, Nov. 11. This report contains …" — the next sentence too)
            # "…، بينما نفى التحالف ذلك": a clause of the same sentence that names no place
            # or date speaks of the place and date just named
            if not c.places:
                c.places = list(previous_clause.places)
            if not c.dates and not c.statement_dates:
                c.dates = list(previous_clause.dates)
        if previous_clause is not None and previous_clause.sentence_no == c.sentence_no \
                and c.perpetrator is None:
            c.perpetrator = previous_clause.perpetrator     # "…، فيما قتل ثلاثة في الشعفة"
        if lex.rules["similar"].search(c.text.norm) and last_dated is not None and c.perpetrator is None:
            c.perpetrator = last_dated.perpetrator
        if lex.rules["next_day"].search(c.text.norm) and last_dated is not None and not [
                m for m in c.dates if m.start]:
            day = next((m.start for m in last_dated.dates if m.start and m.precision == "day"), None)
            if day:                         # "عاد صباح اليوم التالي لاستهداف قرية …"
                when = day + dt.timedelta(days=1)
                c.dates = [DateMention(text="اليوم التالي", span=(0, 0), start=when, end=when,
                                       precision="day", relative=True)]
        if (lex.rules["same_event"].search(c.text.norm) or lex.rules["same_time"].search(c.text.norm)) \
                and last_dated is not None:
            # "وأضاف أن القصف ذاته استهدف قرية السوسة": the strike just told, on its day
            if not c.dates and not c.statement_dates:
                c.dates = list(last_dated.dates)
            c.perpetrator = c.perpetrator or last_dated.perpetrator
        if (lex.rules["neighbourhood"].search(c.text.norm) or lex.rules["city_back"].search(c.text.norm)) \
                and last_town is not None and not any(PRECISION_RANK[p.place.precision] <= 1 for p in c.places):
            c.places.append(last_town)      # "حي العرضي", "على المدينة": the city just named
        if last_strike is not None and not c.places \
                and 0 < c.sentence_no - last_strike.sentence_no <= 2 and lex.rules["strike_back"].search(c.text.norm) \
                and any(f.category in ("civilians", "killed") for f in c.figures) \
                and (published is not None or [m for m in last_strike.dates if m.start]):
            # "… نفذت ضربة جوية على مقر في بلدة السوسة. … أن الضربة العراقية أصابت منزلاً":
            # a later sentence naming "the strike" again, with a toll and no place of its
            # own, is about the strike just told (its place; its date when it gives none).
            # Only when the claim can be dated too (by that strike or by the article's
            # date): a placed, undated claim would leave the incident it belongs to.
            c.places = list(last_strike.places)
            if not [m for m in c.dates if m.start] and not c.statement_dates:
                c.dates = [m for m in last_strike.dates if m.start]
        if any(PRECISION_RANK[p.place.precision] <= 1 for p in c.places) \
                and lex.attack_any_rx.search(c.text.norm):
            last_strike = c
        towns = [p for p in c.places if p.place.precision == "town"]
        if towns:
            last_town = towns[-1]
        gap = lex.rules["days_after"].match(c.text.norm)
        if gap and previous_clause is not None and previous_clause.sentence_no == c.sentence_no \
                and not [m for m in c.dates if m.start and not _inside(m.span, gap.span())]:
            days = _gap_days(gap)
            anchor = next((m for m in previous_clause.dates if m.start and m.precision == "day"), None)
            if days and anchor is not None:
                when = anchor.start - dt.timedelta(days=days)
                c.dates = [DateMention(text=c.text.original[:gap.end()].strip(), span=(0, gap.end()),
                                       start=when, end=when, precision="day", relative=True)]
        if c.dates:
            last_dated = c
        previous_clause = c
        for cid, _, _ in c.mentions:
            if cid != UNNAMED:
                recent_mentions.append((c.sentence_no, cid))
        claimant, own_stance, explicit = _choose_speaker(c, previous_speaker,
                                                         recent_mentions, lex)
        stance = own_stance or c.stance or "alleges"
        extra_speakers = [(cid, st) for cid, _, _, st in c.speakers
                          if cid != claimant and st in ("denies", "acknowledges", "assessing")]
        if extra_speakers and own_stance is None and c.stance in [st for _, st in extra_speakers]:
            stance = "alleges"              # "…، الأمر الذي ينفيه التحالف": the denial is theirs
        figs = [f for f in c.figures if f.category in ("civilians", "killed", "wounded",
                                                       "strikes", "casualties")]
        if claimant is None and figs and previous_clause_speaker is not None \
                and previous_clause_speaker[1] == c.sentence_no:
            # "قال ناشطون إن 5 قتلوا في X كما طال قصف مماثل Y": the speaker's sentence goes on
            claimant, explicit = previous_clause_speaker[0], False
        previous_speaker = claimant
        if claimant is not None and claimant != (voice or "outlet"):
            previous_clause_speaker = (claimant, c.sentence_no)
        if claimant is None:
            if figs or (c.harm and c.perpetrator and c.dates and not c.generic):
                claimant, explicit = voice or "outlet", False
            elif current is not None and current.sentence_no == c.sentence_no and (c.dates or c.places):
                # "قتل 7 مدنيين بغارة، فيما كانوا يجمعون الحطب قرب قرية X صباح الإثنين":
                # a clause with no count of its own tells where and when the claim's event was
                if not [m for m in current.dates if not m.anaphoric]:
                    current.dates += c.dates
                if not current.places:
                    current.places += c.places
                current.end = c.end
                continue
            else:
                current = None
                continue
        if stance != "alleges" and (claimant == "outlet" or (
                stance == "acknowledges" and not lex.side_of.get(claimant))):
            stance = "alleges"              # only a party to the fighting can acknowledge
        strike_figs = [f for f in figs if f.category == "strikes"]
        other_strikes = [f for f in strike_figs if f.actor == "other"
                         or _other_actor_before(c, f, lex)
                         or (stance == "denies" and re.search("تنسيق", c.text.norm))]
        own_strikes = [f for f in strike_figs if f not in other_strikes]
        toll = {}
        if stance != "denies":              # counts inside a denial are what is denied
            for cat in ("civilians", "killed", "wounded"):
                pool = [f for f in figs if f.category == cat]
                if cat == "civilians" and any(not f.part_of for f in pool):
                    pool = [f for f in pool if not f.part_of]   # "12 مدنياً بينهم 5 أطفال"
                best = _best_figure(pool)
                if best:
                    toll[cat] = best
            civ = toll.get("civilians")
            if civ is not None and civ.part_of and "killed" not in toll:
                # "وقال المراسل إن بين الشهداء ثلاثة أطفال": a share of a toll told before, never
                # a toll of its own
                del toll["civilians"]
        draft = _draft(c, claimant=claimant, stance=stance, perpetrator=c.perpetrator,
                       figures=toll, strikes=next((f.low for f in own_strikes if f.hedge != "vague"), None),
                       accusation=c.accusation, harm=c.harm, explicit=explicit,
                       sentence_no=c.sentence_no,
                       casualties=any(f.category == "casualties" for f in figs))
        if c.generic and not figs:
            current = None
            continue
        superseded = lex.rules["superseded"].search(c.text.norm)
        if superseded:
            # "… إلى 27 مدنياً، بعد أن كانت 15 في حصيلة سابقة": the figure nearest the marker
            # is the earlier, replaced one; the clause's other figure stays
            mid = (superseded.start() + superseded.end()) // 2
            tolls = [(abs(_norm_index(c.text, f.span[0]) - mid), f) for f in figs
                     if f.category in ("civilians", "killed")]
            if tolls:
                old_figure = min(tolls, key=lambda t: t[0])[1]
                for cat, f in list(draft.figures.items()):
                    if f is old_figure:
                        rest = [g for g in figs if g.category == cat and g is not old_figure and not g.part_of]
                        if rest:
                            draft.figures[cat] = rest[0]
                        else:
                            del draft.figures[cat]
                if not draft.figures:
                    draft.toll_span = None
        if explicit and claimant not in ("outlet", voice) and stance == "alleges" and not figs \
                and current is not None and current.claimant in ("outlet", voice, UNNAMED) \
                and (not current.explicit or current.claimant == UNNAMED) \
                and 0 < c.sentence_no - current.sentence_no <= 1 and lex.rules["anaphor"].search(c.text.norm):
            # "لقي 16 مدنياً حتفهم في غارة … . وأوضحت الشبكة السورية في تقرير لها أن الغارة
            # نفذتها طائرات التحالف": the source named right after the toll is the toll's source
            current.claimant, current.explicit = claimant, True
            current.perpetrator = current.perpetrator or c.perpetrator
            current.end = c.end
            current.sentence_no = c.sentence_no
            previous_speaker = claimant
            continue
        continues = c.continuation or not explicit or (
            current is not None and c.sentence_no - current.sentence_no <= 1
            and not _dates_conflict(current, draft))
        if current is not None and current.claimant == claimant and continues \
                and _mergeable(current, draft) and not _dates_conflict(current, draft):
            _merge(current, draft)
        else:
            current = draft
            drafts.append(draft)
        for f in (f for f in other_strikes if f.hedge != "vague"):
            drafts.append(_draft(c, claimant=claimant, stance="alleges", perpetrator="other",
                                 figures={}, strikes=f.low, accusation=True, harm=False,
                                 explicit=explicit))
        for cid, st in extra_speakers:
            drafts.append(_draft(c, claimant=cid, stance=st, perpetrator=lex.side_of.get(cid) or None,
                                 figures={}, strikes=None, accusation=False, harm=c.harm,
                                 explicit=True))
    _resolve_unnamed(drafts, recent_mentions, lex, voice)
    claims = []
    for n, d in enumerate(drafts):
        claim = _finish(d, n, body, article_id, published, lex, offset, claims, voice, marked=marked)
        if claim is not None:
            claims.append(claim)
    return consolidate(merge_repeats(claims, lex.gazetteer), lex.gazetteer, published,
                       recalled=lex.rules["recalled"])


def _resolve_unnamed(drafts: list[_Draft], mentions: list[tuple[int, str]], lex: Lexicons,
                     voice: str | None) -> None:
    """"…, a monitor said. The Syrian Observatory for Human Rights said …": an unnamed source
    is the monitor or local source named within the next two sentences, else a local one
    (an unnamed monitor is not the outlet's own voice)."""
    for d in drafts:
        if d.claimant != UNNAMED:
            continue
        later = [cid for n, cid in mentions if d.sentence_no <= n <= d.sentence_no + 2
                 and lex.kind_of.get(cid) in ("monitor", "local")]
        d.claimant = later[0] if later else "local"
        d.explicit = True


def _draft(c: _Clause, **facts) -> _Draft:
    """A claim draft with the clause's dates, places and span."""
    toll = (c.start, c.end) if set(facts.get("figures") or ()) & {"civilians", "killed"} else None
    facts.setdefault("perpetrators", list(c.perpetrators) if facts.get("perpetrator") == c.perpetrator else [])
    return _Draft(dates=list(c.dates), statement_dates=list(c.statement_dates),
                  places=list(c.places), start=c.start, end=c.end, toll_span=toll, **facts)


def merge_repeats(claims: list[Claim], gazetteer: Gazetteer) -> list[Claim]:
    """One statement told twice in an article (headline and body) becomes one claim.

    Two claims merge when claimant, stance and kind agree, their counts agree, and
    one fills what the other lacks (date or place) or both give the same date and place.
    The merged claim keeps both quotes.
    """
    from .places import contains
    kept: list[Claim] = []
    buckets: dict[tuple, list[int]] = {}       # (claimant, stance, perpetrator) → kept indexes
    for c in claims:
        bucket = buckets.setdefault((c.claimant, c.stance, c.perpetrator), [])
        for i in bucket:
            k = kept[i]
            if k.kind != c.kind and k.date_start and c.date_start:
                continue
            if not _same_counts(k, c):
                continue
            if (k.civilians_min is None and k.killed_min is None) != (c.civilians_min is None and c.killed_min is None):
                continue                # a toll and a statement without one are two statements
            k_full = bool(k.date_end and k.place_id)
            c_full = bool(c.date_end and c.place_id)
            same_when = (k.date_start, k.date_end) == (c.date_start, c.date_end)
            if k_full and c_full and not (same_when and k.place_id == c.place_id):
                continue
            if k.date_end and c.date_end and not (
                    (k.date_start or k.date_end) <= c.date_end and (c.date_start or c.date_end) <= k.date_end):
                continue
            if k.place_id and c.place_id and k.place_id != c.place_id:
                pk, pc = gazetteer.places[k.place_id], gazetteer.places[c.place_id]
                if not (contains(pk, pc) or contains(pc, pk)):
                    continue
            kept[i] = _combine_claims(k, c, gazetteer)
            break
        else:
            bucket.append(len(kept))
            kept.append(c)
    return kept


# "في مجزرة سابقة", "سابقاً": an earlier event the article only recalls keeps no date
_NEIGHBOURHOOD = re.compile(r"(?<!\w)[وفب]?(?:حي|حيي|احياء)\s+\S")
# "عائلة … المنحدرة من مدينة موحسن", "نازحون من البوكمال": where the victims came from, not
# where the strike fell
# "لمراسل سانا في الحسكة", "مصادر في دير الزور": where the reporter is, not the strike
_REPORTER_AT = re.compile(r"(?<!\w)[ول]?(?:مراسل|مراسله|مراسلها|مراسلنا|مراسلو|مكتب)\w*(?:\s+\S+){0,2}?\s+(?:في|من)\s+$")
_ORIGIN_BEFORE = re.compile(r"(?<!\w)(?:ال)?(?:منحدر\w*|ينحدر\w*|تنحدر\w*|ينحدرون|تتحدر|يتحدر|نازح\w*|مهجر\w*|"
                            r"القادمين|قادمين|فروا|هربوا|هاربين|اصله|اصلهم|ابن|ابناء)\s+(?:من\s+)?"
                            r"(?:(?:مدينه|بلده|قريه|منطقه|ريف)\s+)?$")
_OR_ATTACKER = re.compile(r"(?<!\w)او\s+(?P<who>(?:ال)?\S+(?:\s+(?:ال)?(?:عراقي|عراقيه|روسي|روسيه|سوري|سوريه|تركي|تركيه))?)")
_COUNTRY_ATTACKER = {"العراق": "iraq", "روسيا": "russia", "النظام": "regime", "تركيا": "other",
                     "التحالف": "coalition", "الطيران العراقي": "iraq", "الطيران الروسي": "russia"}
_SUPERSEDED = re.compile(normalize_pattern(r"(?<!\w)(?:ال)?حصيله\s+(?:اوليه\s+)?سابقه(?!\w)|(?<!\w)في\s+وقت\s+سابق\s+(?:الى|عن)\s+(?:مقتل|سقوط)"
                         r"|(?<!\w)بعد\s+ان\s+كان\w*(?:\s+قد)?(?=\s)"))
# "رفض التحالف الاتهامات": a rejection with the name between the verb and its object
_REJECTS = re.compile(r"(?<!\w)[وف]?(?:رفض|رفضت|يرفض|ترفض)\s+(?:\S+\s+){0,3}?(?:ال)?(?:اتهام|تقرير|تقارير|ادعاء|رواي)\w*")
_DAYS_AFTER = re.compile(normalize_pattern(r"^\s*(?:وذلك\s+)?بعد\s+(?P<n>\S+(?:\s+\S+)?)\s+(?P<unit>ايام|يوما|يومين|اسبوع|اسبوعين|اسابيع)\s+(?:من|على)\s"))


def _gap_days(m: re.Match) -> int | None:
    """"بعد 5 أيام من", "بعد يومين من", "بعد أسبوع من": how many days before this clause's
    event the earlier one was."""
    from .numbers import parse_number
    unit = m.group("unit")
    if unit in ("يومين", "اسبوعين"):
        return 2 if unit == "يومين" else 14
    n = parse_number(m.group("n")) if m.group("n") not in ("", None) else None
    if unit == "اسبوع" and n is None:
        return 7
    if n is None or n > 60:
        return None
    return n * 7 if unit.startswith("اسبوع") or unit == "اسابيع" else n


def _inside(span, outer) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


# the speaker's attribution ends where its content begins ("بحسب التقرير فإن …")
_CONTENT_GAP = re.compile(r"(?<!\w)[وف]?(?:ان|بان|فان|انه|بانه|فانه)(?!\w)")
# "نقلت وكالة فرانس برس عن المرصد", "نقلاً عن مصادر": the relayed source
_RELAYED_FROM = re.compile(r"(?<!\w)[وف]?(?:نقل|نقلت|نقلا|نقلته|نقلتها|ينقل|تنقل)\S*\s+(?:\S+\s+){0,4}?عن\s*$")
# "قال … لوكالة فرانس برس", "رداً على سؤال لرويترز": the one spoken to
_ADDRESSEE_BEFORE = re.compile(normalize_pattern(r"(?:سؤال|اسئله|تصريح\w*|حديث\w*)?\s*(?<!\w)ل(?:وكاله|صحيفه|قناه|موقع)?\s*$|(?<!\w)(?:سؤال|اسئله)\s+(?:من\s+)?$"))
# "وبحسب التقرير", "ووفقاً للبيان": the report of the source just named
_BACK_ATTRIBUTION = re.compile(normalize_pattern(r"^\W*(?:و|ف)?(?:بحسب|حسب|وفق|وفقا|طبقا)\s+(?:ل)?(?:ال)?(?:تقرير|بيان|مصدر|مصادر|شبكه|منظمه|مرصد|وكاله|وزاره|احصائيه|دراسه)(?!\s+\S*(?:السوري|الدولي|الاممي))"))
# "على التحالف أن يحقق", "دعت المنظمة التحالف إلى التحقيق", "طالبت بفتح تحقيق"
_DEMAND_BEFORE = re.compile(normalize_pattern(r"(?<!\w)(?:على\s+\S+(?:\s+\S+)?\s+ان|[وف]?(?:دعا|دعت|يدعو|تدعو|طالب|طالبت|يطالب|تطالب|ناشد|ناشدت)\S*(?:\s+\S+){0,4}?\s+(?:الى|ب|بان|ان))\s*$"))
# "… إلى نقطة عسكرية قرب حقل العمر": where the victims were heading, not where the strike fell
_DESTINATION_BEFORE = re.compile(normalize_pattern(r"(?<!\w)(?:الى|نحو|متجه\w*|قادم\w*\s+من)\s+(?:\S+\s+){0,3}?$"))
# "في الليلة ذاتها", "في اليوم نفسه", "في الوقت ذاته": the day of the event just told
_SAME_TIME = re.compile(r"(?<!\w)(?:اليوم|الليله|الوقت|الصباح|المساء|التوقيت)\s+(?:ذاته|ذاتها|نفسه|نفسها)(?!\w)")
# "صباح اليوم التالي", "في اليوم التالي", "غداة ذلك": the day after the event just told
_NEXT_DAY = re.compile(r"(?<!\w)(?:(?:صباح|مساء|ليل|فجر|ظهر)\s+)?(?:اليوم|الليله)\s+(?:التالي|التاليه)(?!\w)|(?<!\w)غداه\s+(?:ذلك|الغاره|القصف|الهجوم)")
# "على المدينة", "في البلدة": the town the article is about
_CITY_BACK = re.compile(normalize_pattern(r"(?<!\w)(?:على|في|ب|داخل|محيط|اطراف)\s*(?:ال)(?:مدينه|بلده|قريه)(?=[\s،.,]|$)(?!\s+(?:ال)?(?:المجاوره|نفسها|ذاتها)\b)"))
_SAME_EVENT = re.compile(r"(?<!\w)(?:ال)?(?:قصف|غارات|غاره|ضربات|ضربه|طيران|هجوم|استهداف)\s+(?:ذاته|ذاتها|نفسه|نفسها)(?!\w)")
# "قصف جوي مماثل": the same attacker as the strike just told
# "الضربة العراقية أصابت …", "وأدت الغارة إلى …": the strike already told, named again
_STRIKE_BACK = re.compile(r"(?<!\w)[وبل]?(?:الضربه|الغاره|الضربتين|الغارتين)(?!\w)")
_SIMILAR = re.compile(r"(?<!\w)(?:ال)?(?:قصف|غارات|غاره|ضربات|ضربه|هجوم|استهداف)\s+(?:\S+\s+)?مماثل\w*(?!\w)")
_RECALLED = re.compile(r"(?<!\w)(?:مجزره|مجازر|غاره|غارات|ضربه|هجوم|قصف|حادثه|استهداف)\s+(?:\S+\s+)?سابق|(?<!\w)سابقا(?!\w)")
REPORTED_DAYS = 2
SAME_PLACE_KM = 1.0      # two named places this close are one place (a quarter placed at its city's point)


def consolidate(claims: list[Claim], gazetteer: Gazetteer, published: dt.date | None,
                recalled: re.Pattern | None = None) -> list[Claim]:
    """One claim per claimant, stance and incident within an article (CONTRACT: one row per
    statement by one claimant about one incident in one article).

    The article's claims are grouped into incidents by the same rules as the store. Inside
    one incident:
    - the article's own voice (`outlet`) repeating a figure that a named source gives
      (a headline restating the monitor's toll) is that source's claim, not a second one;
    - several statements of one claimant with one stance become one claim: its figure is
      the largest specific one (a later breakdown, "خمس نساء", or an increment, "جثث 4
      آخرين", is not a second toll), and what one lacks (date, place) the others give;
    - in a dated article, an incident whose text gives no event day at all is dated to the
      days just before publication (`date_precision = reported`), unless it is an earlier
      event the article only recalls ("في مجزرة سابقة").

    >>> import datetime as dt
    >>> from loaders.claims import extract_claims
    >>> [(c.claimant, c.civilians_min) for c in extract_claims("مقتل 12 مدنياً في غارة على الميادين. وقال المرصد السوري إن 12 مدنياً قتلوا في الغارة على الميادين.", "x", dt.date(2017, 5, 3))]
    [('sohr', 12)]
    """
    from .incidents import claim_groups, unresolved_days_differ
    recalled = recalled or _RECALLED
    if not claims:
        return claims
    out: list[Claim] = []
    for group in (claim_groups(claims, gazetteer) if len(claims) > 1 else [claims]):
        members = sorted(getattr(group, "claims", group), key=lambda c: c.seq)
        named = [i for i, c in enumerate(members) if c.claimant != "outlet"
                 and c.stance in ("alleges", "acknowledges") and c.civilians_min is not None]
        keep = []
        for i, c in enumerate(members):
            if c.claimant == "outlet" and c.civilians_min is not None:
                # the named figure closest to the outlet's: "40" over "dozens" (20–99)
                # ... or a detail told after it: "واستهدفت غارة أخرى حي البحوري ما تسبب بمقتل طفل"
                hits = [j for j in named if _figures_overlap(c, members[j])] or [
                    j for j in named if members[j].seq < c.seq and members[j].hedge != "vague"
                    and c.civilians_max is not None and c.civilians_max < members[j].civilians_min
                    and not _other_village(members[j], c, gazetteer)]
                j = min(hits, key=lambda j: ((members[j].civilians_max or 0) - members[j].civilians_min,
                                             abs(members[j].civilians_min - c.civilians_min))) if hits else None
                if j is not None:
                    members[j] = _absorb(members[j], c, gazetteer)
                    continue
            keep.append(i)
        kept = [members[i] for i in keep]
        merged: list[Claim] = []
        for c in kept:
            k = (c.claimant, c.stance, c.perpetrator == "other", c.kind)
            i = next((i for i, m in enumerate(merged)
                      if (m.claimant, m.stance, m.perpetrator == "other", m.kind) == k
                      and not _other_village(m, c, gazetteer) and not unresolved_days_differ(m, c)
                      and not _other_period(m, c) and not _other_count(m, c, gazetteer)), None)
            if i is None:
                merged.append(c)
            else:
                merged[i] = _absorb(merged[i], c, gazetteer)
        if published and not any(c.date_start or c.date_end for c in merged) \
                and all(c.kind == "event" for c in merged) \
                and not any(recalled.search(normalize(c.quote)) for c in merged):
            start = published - dt.timedelta(days=REPORTED_DAYS)
            merged = [replace(c, date_start=start, date_end=published, date_precision="reported",
                              date_role="reported") for c in merged]
        out.extend(merged)
    out.sort(key=lambda c: c.seq)
    return out


def _other_period(a: Claim, b: Claim) -> bool:
    """Two totals over periods that mostly differ ("132 in April" and "484 since 2014") are
    two statements, even when an undated claim of the article brought them together."""
    if a.kind != "tally" or b.kind != "tally" or not (a.date_start and a.date_end and b.date_start and b.date_end):
        return False
    inter = (min(a.date_end, b.date_end) - max(a.date_start, b.date_start)).days + 1
    union = (max(a.date_end, b.date_end) - min(a.date_start, b.date_start)).days + 1
    return inter / union < 0.5


def _other_count(a: Claim, b: Claim, gazetteer: Gazetteer) -> bool:
    """Two specific, different civilian tolls of one claimant are two events when they fall on
    different days ("38 on Wednesday", "18 the day before") or one is told for a town inside
    the area the other covers ("24 in rural Deir Ezzor … nine in Albu Kamal")."""
    from .places import contains
    specific = ("exact", "about", "at_least", "more_than")
    if a.civilians_min is None or b.civilians_min is None or a.hedge not in specific \
            or b.hedge not in specific or a.civilians_min == b.civilians_min:
        return False
    if a.date_start and b.date_start and a.date_end and b.date_end \
            and (a.date_end - a.date_start).days <= 1 and (b.date_end - b.date_start).days <= 1 \
            and (a.date_end < b.date_start or b.date_end < a.date_start):
        return True
    if a.place_id and b.place_id and a.place_id != b.place_id:
        pa, pb = gazetteer.places.get(a.place_id), gazetteer.places.get(b.place_id)
        if pa and pb and PRECISION_RANK[pa.precision] != PRECISION_RANK[pb.precision]:
            fine, coarse = (a, b) if PRECISION_RANK[pa.precision] < PRECISION_RANK[pb.precision] else (b, a)
            fine_p, coarse_p = gazetteer.places[fine.place_id], gazetteer.places[coarse.place_id]
            return PRECISION_RANK[fine_p.precision] <= 1 and fine.civilians_min < coarse.civilians_min \
                and contains(coarse_p, fine_p)
    return False


def _other_village(a: Claim, b: Claim, gazetteer: Gazetteer) -> bool:
    """Both claims name a village or town, and not the same one: two statements."""
    from .places import contains
    if not (a.place_id and b.place_id) or a.place_id == b.place_id:
        return False
    from .places import distance_km
    pa, pb = gazetteer.places.get(a.place_id), gazetteer.places.get(b.place_id)
    if pa is None or pb is None or PRECISION_RANK[pa.precision] > 1 or PRECISION_RANK[pb.precision] > 1:
        return False
    if pa.lat is not None and pb.lat is not None and distance_km(pa, pb) <= SAME_PLACE_KM:
        return False                    # a quarter and its city centre
    return not (contains(pa, pb) or contains(pb, pa))


def _figures_overlap(a: Claim, b: Claim) -> bool:
    lo_a, hi_a = a.civilians_min, a.civilians_max if a.civilians_max is not None else a.civilians_min
    lo_b, hi_b = b.civilians_min, b.civilians_max if b.civilians_max is not None else b.civilians_min
    return lo_a <= hi_b and lo_b <= hi_a


def _absorb(base: Claim, other: Claim, gazetteer: Gazetteer) -> Claim:
    """`base` (the claimant who speaks) takes from `other` what it lacks; the larger
    specific civilian figure of the two is the claim's."""
    def weight(c: Claim):
        specific = c.hedge not in ("vague", "range") and c.civilians_min is not None
        return (c.civilians_min is not None, specific, c.civilians_max or 0)
    fill = {}
    counts = ("civilians_min", "civilians_max", "killed_min", "killed_max", "wounded_min",
              "wounded_max", "strikes")
    if base.claimant == other.claimant and weight(other) > weight(base):
        base, other = other, base   # the statement that gives the civilian toll leads
    for f in counts:
        if getattr(base, f) is None and getattr(other, f) is not None:
            fill[f] = getattr(other, f)
    if other.date_end is not None and (base.date_end is None or (
            base.date_role not in ("event", "window") and other.date_role in ("event", "window"))):
        # the event's own day over the day the statement was made
        fill.update(date_role=other.date_role, date_start=other.date_start, date_end=other.date_end,
                    date_precision=other.date_precision, date_text=other.date_text)
    elif base.date_role == other.date_role == "event" and base.date_start and other.date_start \
            and other.date_end and base.date_end:
        start, end = min(base.date_start, other.date_start), max(base.date_end, other.date_end)
        if (end - start).days <= 2:          # "فجر السبت" and "16-17 تشرين الثاني": one night
            fill.update(date_start=start, date_end=end, date_precision="day" if start == end else "range",
                        date_text=" … ".join(t for t in dict.fromkeys((base.date_text, other.date_text)) if t))
    if other.place_id and (base.place_id is None or PRECISION_RANK[gazetteer.places[other.place_id].precision]
                           < PRECISION_RANK[gazetteer.places[base.place_id].precision]):
        fill.update(place_id=other.place_id, geo_precision=other.geo_precision)
    if base.perpetrator in ("unknown", "") and other.perpetrator not in ("unknown", ""):
        fill["perpetrator"] = other.perpetrator
    first, second = (base, other) if base.seq <= other.seq else (other, base)
    fill.update(quote=f"{first.quote} … {second.quote}", seq=first.seq,
                quote_start=first.quote_start, quote_end=second.quote_end,
                place_text=" … ".join(t for t in dict.fromkeys((first.place_text, second.place_text)) if t))
    return replace(base, **fill)


def _same_counts(a: Claim, b: Claim) -> bool:
    for lo_a, hi_a, lo_b, hi_b in ((a.civilians_min, a.civilians_max, b.civilians_min, b.civilians_max),
                                   (a.killed_min, a.killed_max, b.killed_min, b.killed_max)):
        if lo_a is None or lo_b is None:
            continue
        # headlines round ("1300" for "1302"): within 5% counts as the same figure
        if lo_a > (hi_b or lo_b) * 1.05 or lo_b > (hi_a or lo_a) * 1.05:
            return False
    if a.strikes is not None and b.strikes is not None and a.strikes != b.strikes:
        return False
    return True


def _combine_claims(a: Claim, b: Claim, gazetteer: Gazetteer) -> Claim:
    from dataclasses import replace as _replace
    richer, other = (a, b) if _richness(a) >= _richness(b) else (b, a)
    fill = {}
    for f in ("civilians_min", "civilians_max", "killed_min", "killed_max", "wounded_min",
              "wounded_max", "strikes"):
        if getattr(richer, f) is None and getattr(other, f) is not None:
            fill[f] = getattr(other, f)
    if (richer.date_end is None and other.date_end is not None) or (
            richer.date_start is None and other.date_start is not None and other.date_end == richer.date_end):
        fill.update(date_role=other.date_role, date_start=other.date_start, date_end=other.date_end,
                    date_precision=other.date_precision, date_text=other.date_text)
    if other.place_id and (richer.place_id is None or PRECISION_RANK[gazetteer.places[other.place_id].precision]
                           < PRECISION_RANK[gazetteer.places[richer.place_id].precision]):
        fill.update(place_id=other.place_id, geo_precision=other.geo_precision)
    first, second = (a, b) if a.seq <= b.seq else (b, a)
    fill.update(quote=f"{first.quote} … {second.quote}", seq=first.seq,
                quote_start=first.quote_start, quote_end=second.quote_end,
                place_text=" … ".join(t for t in dict.fromkeys((first.place_text, second.place_text)) if t))
    return _replace(richer, **fill)


def _richness(c: Claim) -> tuple:
    return (c.civilians_min is not None or c.killed_min is not None, c.date_end is not None,
            c.place_id is not None, c.strikes is not None, c.hedge == "exact")


def _other_actor_before(c: _Clause, f: Figure, lex: Lexicons) -> bool:
    a = _norm_index(c.text, f.span[0])
    window = c.text.norm[max(0, a - 25):a]
    return any(lex.perpetrator_of.get(re.sub(r"\s+", " ", m.group("p"))) == "other"
               for m in lex.perpetrator_rx.finditer(window))


def _best_figure(figures: list[Figure]) -> Figure | None:
    """The most specific of a clause's counts of one kind, when they agree
    ("العشرات من المدنيين … نحو 40 مدنياً" → about 40); else the first."""
    if not figures:
        return None
    first = figures[0]
    agreeing = [f for f in figures if _compatible(first, f)]
    return min(agreeing, key=_specificity)


def _choose_speaker(c: _Clause, previous_speaker: str | None, recent_mentions, lex: Lexicons):
    """(claimant, its own stance, named explicitly) for a clause."""
    if c.speakers:
        cid, _, _, own = c.speakers[0]          # the first speaker of the clause
        relayed = [sp for sp in c.speakers[1:] if sp[0] in c.attributed and sp[0] != "outlet"]
        if cid == "outlet" and relayed:
            cid, _, _, own = relayed[0]         # a wire or paper relaying a named source
        return cid, own, True
    if c.continuation and previous_speaker:
        return previous_speaker, None, False
    if c.anaphoric_speaker:
        # "The anti-IS group also reported …": the source named last
        for sentence_no, cid in reversed(recent_mentions):
            if 0 < c.sentence_no - sentence_no <= 3 and cid not in ("outlet",) and lex.kind_of.get(cid) != "outlet":
                return cid, None, True
    if c.stance in ("denies", "acknowledges", "assessing"):
        # a denial with no speaker: the accused party named in the clause, else the last
        # organisation named in the previous three sentences
        for cid, _, _ in c.mentions:
            if lex.side_of.get(cid):
                return cid, None, False
        if lex.language != "ar":
            # English: a party's assessment quoted under its heading ("Coalition Assessment: …
            # This report contains insufficient information"): the party named last speaks
            for sentence_no, cid in reversed(recent_mentions):
                if c.sentence_no - sentence_no <= 5 and lex.side_of.get(cid):
                    return cid, None, False
        for sentence_no, cid in reversed(recent_mentions):
            if c.sentence_no - sentence_no <= 3 and cid not in ("outlet",):
                return cid, None, False
        return None, None, False
    if any(f.category == "strikes" for f in c.figures):
        # "نفذت قوة المهام المشتركة 19 غارة": the actor reports its own strikes
        # (not "ست غارات شنتها مقاتلات النظام": a name after an attack noun is the attacker)
        for cid, ma, _ in c.mentions:
            if lex.side_of.get(cid) and not lex.attack_rx.search(c.text.norm[max(0, ma - 40):ma]):
                return cid, None, False
    return None, None, False


def _dates_conflict(cur: _Draft, new: _Draft) -> bool:
    """Two statements by one speaker are about different things when their dates cannot be
    the same event: no overlap, or a day against a running window ("منذ مطلع الشهر")."""
    a = [m for m in cur.dates if m.start and not m.anaphoric]
    b = [m for m in new.dates if m.start and not m.anaphoric]
    if not a or not b:
        return False
    if not any(x.start <= y.end and y.start <= x.end for x in a for y in b):
        return True
    def cumulative(ms):
        return all(m.precision != "day" for m in ms)
    if cumulative(a) and cumulative(b):
        # two periods that mostly differ: a running total "منذ السادس من حزيران" and what
        # was counted "خلال الساعات الـ24 الماضية" are two statements
        def span(ms):
            return min(m.start for m in ms), max(m.end or m.start for m in ms)
        (sa, ea), (sb, eb) = span(a), span(b)
        inter = (min(ea, eb) - max(sa, sb)).days + 1
        union = (max(ea, eb) - min(sa, sb)).days + 1
        return inter / union < 0.5
    return cumulative(a) != cumulative(b)


def _mergeable(cur: _Draft, new: _Draft) -> bool:
    if new.explicit and cur.explicit is False and new.claimant != cur.claimant:
        return False
    for cat, f in new.figures.items():
        old = cur.figures.get(cat)
        if old is not None and not _compatible(old, f):
            return False
    if cur.strikes is not None and new.strikes is not None and cur.strikes != new.strikes:
        return False
    if cur.stance != new.stance and "alleges" not in (cur.stance, new.stance):
        return False
    if cur.stance == "denies" and new.figures.get("civilians") and new.figures["civilians"].low:
        return False
    fine_cur = {p.place.place_id for p in cur.places if PRECISION_RANK[p.place.precision] <= 1}
    fine_new = {p.place.place_id for p in new.places if PRECISION_RANK[p.place.precision] <= 1}
    if fine_cur and fine_new and not fine_cur & fine_new and (new.figures or new.casualties):
        return False                  # counts for another village: another event
    if new.stance == "denies" and cur.figures.get("civilians") and cur.figures["civilians"].low:
        return False
    return True


def _merge(cur: _Draft, new: _Draft) -> None:
    cur.toll_span = cur.toll_span or new.toll_span
    if not cur.perpetrator:
        cur.perpetrators = list(new.perpetrators)
    for cat, f in new.figures.items():
        old = cur.figures.get(cat)
        if old is None or _specificity(f) < _specificity(old):
            cur.figures[cat] = f
    cur.strikes = cur.strikes if cur.strikes is not None else new.strikes
    if cur.stance == "alleges" and new.stance != "alleges":
        cur.stance = new.stance
    cur.perpetrator = cur.perpetrator or new.perpetrator
    cur.dates += new.dates
    cur.statement_dates += new.statement_dates
    cur.places += new.places
    cur.end = new.end
    cur.sentence_no = new.sentence_no
    cur.casualties = cur.casualties or new.casualties
    cur.accusation = cur.accusation or new.accusation
    cur.harm = cur.harm or new.harm


# "في المنطقة ذاتها", "في نفس البلدة": the place of the claim just told
_SAME_AREA = re.compile(r"(?<!\w)(?:في|ب)\s*(?:(?:المنطقه|البلده|القريه|المدينه)\s+(?:نفسها|ذاتها|عينها)"
                        r"|(?:نفس|ذات)\s+(?:المنطقه|البلده|القريه|المدينه))(?!\w)")


def _same_area(d: _Draft, toll: str, toll_norm: str, previous: list[Claim],
               lex: Lexicons) -> PlaceMention | None:
    """The previous claim's place when the toll's own clause (`toll`, and `toll_norm`
    normalised) names none but says "in the same area" («لم يعترف التحالف إلا بمقتل 45
    مدنياً في المنطقة ذاتها»): places told in the sentences after it belong to other
    statements."""
    if not previous or not previous[-1].place_id:
        return None
    found = lex.rules["same_area"].search(toll_norm)
    if not found or any(p.text and p.text in toll for p in d.places):
        return None
    told = lex.gazetteer.places.get(previous[-1].place_id)
    return PlaceMention(place=told, text=found.group(0), span=(0, 0)) if told else None


def _choose_dates(d: _Draft, previous: list[Claim], cumulative_rx: re.Pattern | None = None):
    mentions = [m for m in d.dates if not m.anaphoric]
    if not mentions and any(m.anaphoric for m in d.dates) and previous:
        prev = previous[-1]
        return prev.date_start, prev.date_end, prev.date_precision, prev.date_text, False, prev.date_role
    role = "event"
    if not mentions:
        mentions, role = d.statement_dates, "statement"
    if not mentions:
        return None, None, "", "", False, ""
    texts = " … ".join(m.text for m in mentions)
    resolved = [m for m in mentions if m.start is not None or m.end is not None]
    if not resolved:
        return None, None, "", texts, False, ""
    days = [m for m in resolved if m.precision == "day" and m.start]
    if any(re.search(r"\d", normalize(m.text)) for m in days):
        # "16 تشرين الثاني" over "هذا اليوم" when a claim gives both
        days = [m for m in days if re.search(r"\d", normalize(m.text))]
    if days:
        days.sort(key=lambda m: m.start)
        first = days[0]
        group = [m for m in days if (m.start - first.start).days <= 7]
        start, end = group[0].start, max(m.end for m in group)
        precision = "day" if start == end else "range"
        return start, end, precision, " … ".join(m.text for m in group), False, role
    # the narrowest range / month / year
    best = min(resolved, key=lambda m: ((m.end - m.start).days if m.start and m.end else 10**6))
    cumulative = bool((cumulative_rx or _ARABIC_RULES["cumulative"]).search(normalize(best.text)))
    if cumulative and role == "event":
        role = "window"          # "خلال الـ 48 ساعة الماضية": a window ending at publication
    return best.start, best.end, best.precision, best.text, cumulative, role


def _finish(d: _Draft, n: int, body: str, article_id: str, published, lex: Lexicons,
            offset: int, previous: list[Claim], voice: str | None = None, *,
            marked: str) -> Claim | None:
    """The claim a draft makes, or None. `marked`: `normalize(body)` (it keeps lengths, so
    a slice of it is the slice normalised)."""
    has_numbers = bool(d.figures) or d.strikes is not None or d.casualties
    if not has_numbers and d.stance == "alleges" and not (
            (d.accusation or d.harm) and d.perpetrator and (d.explicit or (d.harm and d.dates))):
        # a claim of harm with no figure needs a named source, or (in the article's own
        # voice) a kill, an attacker and a day: "واستشهد الأحد الماضي عدد من المدنيين بقصف التحالف"
        return None
    if d.claimant in ("outlet", voice) and not d.explicit and d.stance == "alleges" \
            and d.perpetrator is None and not lex.attack_any_rx.search(marked[d.start:d.end]):
        # the article's own voice on a toll with no strike, shelling or attacker in sight
        # ("the war has killed 350,000 since 2011") is background, not a claim about a strike
        return None
    start, end, precision, date_text, cumulative, date_role = _choose_dates(d, previous, lex.rules["cumulative"])
    # the finest place; among equals the first told (spans belong to different clauses)
    place = min(d.places, key=lambda p: PRECISION_RANK[p.place.precision]) if d.places else None
    # the clause that gave the death toll (a total, "in the same area", are read there)
    toll_a, toll_b = d.toll_span or (d.start, d.end)
    toll_norm = marked[toll_a:toll_b]
    same_area = _same_area(d, body[toll_a:toll_b], toll_norm, previous, lex)
    if same_area is not None:
        place = same_area
    perpetrator = d.perpetrator
    side = lex.side_of.get(d.claimant) or None
    stance = d.stance
    if stance in ("denies", "acknowledges", "assessing") and side and perpetrator in (None, "is", "other"):
        perpetrator = side                  # a party denies, admits or reviews its own strikes
    if stance == "alleges" and side and perpetrator == side and d.perpetrator is not None \
            and d.figures:
        stance = "acknowledges"
    elif stance == "alleges" and side and perpetrator is None and (d.explicit or d.claimant == voice) \
            and "civilians" in d.figures \
            and any(k.claimant_id == d.claimant and k.source_kind == "belligerent" for k in lex.claimants):
        # a party's own report of civilians killed in a strike it does not attribute to
        # anyone ("وشمل تقرير التحالف واقعة قتل فيها 25 مدنياً") tells of its own strike
        stance, perpetrator = "acknowledges", side
    civ = d.figures.get("civilians")
    killed = d.figures.get("killed")
    wounded = d.figures.get("wounded")
    civ_min = civ.low if civ else None
    civ_max = civ.high if civ else None
    if stance == "denies" and civ is None and not lex.rules["dispute"].search(marked[d.start:d.end]):
        civ_min = civ_max = 0       # a denial of harm; disputing a figure ("grossly inaccurate") is not
    span_days = (end - start).days if start and end else None
    # a total is read where the toll is: "… منذ بداية الحملة" in a later sentence about the
    # number of strikes does not make a one-strike toll a running total
    total = lex.total_rx.search(toll_norm)
    if span_days is not None and (span_days >= 28 or (cumulative and span_days > 7)):
        kind = "tally"
    elif total and precision != "day":
        kind = "tally"                       # "منذ بدء عملية العزم الصلب", "إجمالي": a total
    elif start is None and end is not None:
        kind = "tally"                       # "until April 2019": a running total
    elif span_days is None and place is not None and place.place.precision == "country" \
            and (lex.language == "ar" or total):
        kind = "tally"                       # a countrywide count with no date
    else:
        kind = "event"
    # the countries a total covers ("في سوريا والعراق"): a tally's scope
    scope = "|".join(sorted({p.place.place_id for p in d.places if p.place.precision == "country"})) \
        if kind == "tally" else ""
    hedge = (civ or killed).hedge if (civ or killed) else ""
    named = [p for p in dict.fromkeys([perpetrator] + list(d.perpetrators)) if p]

    quote_a, quote_b = d.start, d.end
    quote = re.sub(r"\s+", " ", body[quote_a:quote_b]).strip(" \n\t،,")
    digest = hashlib.sha1(f"{article_id}|{n}|{quote}".encode("utf-8")).hexdigest()[:10]
    return Claim(
        claim_id=f"{article_id}-c{n:02d}-{digest[:6]}",
        article_id=article_id, claimant=d.claimant, stance=stance,
        perpetrator=perpetrator or "unknown", perpetrators="|".join(named),
        civilians_min=civ_min, civilians_max=civ_max,
        killed_min=killed.low if killed else None, killed_max=killed.high if killed else None,
        wounded_min=wounded.low if wounded else None, wounded_max=wounded.high if wounded else None,
        strikes=d.strikes, hedge=hedge,
        date_start=start, date_end=end, date_precision=precision, date_text=date_text,
        date_role=date_role, place_id=place.place.place_id if place else None,
        geo_precision=place.place.precision if place else "",
        place_text=" … ".join(dict.fromkeys(p.text for p in d.places)),
        kind=kind, scope=scope, quote=quote, quote_start=offset + quote_a, quote_end=offset + quote_b, seq=n)


def article_voice(text: str, outlet: str | None, lex: Lexicons | None = None) -> str | None:
    r"""The claimant an article speaks for: its front-matter outlet when that is a known
    claimant (outlet: SANA), or a dateline naming one ("دير الزور-سانا", "(سانا) -").

    >>> article_voice("دير الزور-سانا\nاستشهد 15 مدنياً", None)
    'sana'
    """
    lex = lex or default_lexicons()
    for name in filter(None, [outlet]):
        k = key(name)
        cid = lex.alias_of.get(k) or lex.alias_of.get(k.lower())
        if cid:
            return cid
        for c in lex.claimants:          # "Syrian Observatory for Human Rights"
            if c.name_en and c.claimant_id != "outlet" and c.name_en.lower() in name.lower():
                return c.claimant_id
        for m in lex.latin_rx.finditer(normalize(name)):    # "U.S. Central Command (CJTF-OIR …)"
            cid = lex.alias_of.get(_latin_alias(m.group("la")))
            if cid and cid not in ("outlet", UNNAMED):
                return cid
        # "قوة المهام المشتركة – عملية العزم الصلب (بيان)": an Arabic name inside the outlet
        for m in default_lexicons("ar").claimant_rx.finditer(normalize(name)):
            cid = lex.alias_of.get(re.sub(r"\s+", " ", m.group("ar")))
            if cid and cid not in ("outlet", "local", UNNAMED):
                return cid
    head = normalize(text[:120]).split("\n", 1)[0]
    for m in re.finditer(r"[-–—(]\s*([^-–—()\n]{2,30}?)\s*(?:\)|[-–—]|$)", head):
        cid = lex.alias_of.get(key(m.group(1)))
        if cid and cid not in ("outlet",):
            return cid
    return None


# The Arabic pack's named patterns, kept in code beside their examples; other packs give theirs
# in cues.yaml `rules:` under the same names (data/en/cues.yaml).
def _gated(rx: re.Pattern, words: str) -> Gated:
    """`rx` run only on text holding one of `words` (every match of rx holds one)."""
    return Gated(rx, re.compile(normalize_pattern(words)))


# "X and Y", "X and al-Y": the second of a pair
_AND_ONLY = re.compile(r"\s*(?:,\s*)?(?:and|or|&)\s*(?:[ae][lnrszdt]h?-)?$")
_ARABIC_RULES = {
    "control_before": _CONTROL_BEFORE, "attack_verb_after": _ATTACK_VERB_AFTER,
    "anaphor": _gated(_ANAPHOR, "ذلك|هذا|هذه|تلك|الأمر|الحادث|الهجوم|المجزرة|الغار|القصف|الضرب|"
                                "البلدة|القرية|فيه|بها|عليها|جراءها"),
    "same_event": _gated(_SAME_EVENT, "ذات|نفس"), "origin_before": _ORIGIN_BEFORE,
    "superseded": _gated(_SUPERSEDED, "سابق|كان"),
    "recalled": _gated(_RECALLED, "سابق"), "content": _CONTENT,
    "neighbourhood": _gated(_NEIGHBOURHOOD, "حي"),
    "or_attacker": _OR_ATTACKER, "country_attacker": _COUNTRY_ATTACKER, "verb_like": _VERB_LIKE,
    "reporter_at": _REPORTER_AT, "rejects": _gated(_REJECTS, "رفض"), "days_after": _DAYS_AFTER,
    "content_gap": _CONTENT_GAP, "relayed_from": _RELAYED_FROM, "addressee_before": _ADDRESSEE_BEFORE,
    "back_attribution": _BACK_ATTRIBUTION, "demand_before": _DEMAND_BEFORE, "destination_before": _DESTINATION_BEFORE,
    "same_time": _gated(_SAME_TIME, "ذات|نفس"), "next_day": _gated(_NEXT_DAY, "التالي|غداه"),
    "city_back": _gated(_CITY_BACK, "المدينه|البلده|القريه"), "similar": _gated(_SIMILAR, "مماثل"),
    "same_area": _gated(_SAME_AREA, "نفس|ذات|عين"), "strike_back": _gated(_STRIKE_BACK, "الضرب|الغار"),
    "landmark_before": NEVER,
    "anaphoric_speaker": NEVER, "statement_date_after": NEVER,
    "cumulative": re.compile(normalize_pattern(r"منذ|خلال|الماضيه|الماضية|حتى")),
    "dispute": NEVER, "caption": NEVER, "day_before_last": NEVER, "day_after_last": NEVER,
}
_COUNTRY_ATTACKER_EN = {"iraq": "iraq", "russia": "russia", "the regime": "regime", "turkey": "other",
                        "the coalition": "coalition", "coalition": "coalition"}
