"""data/gazetteer.csv: built from its inputs, every row placed in the administrative
hierarchy, and match keys that never merge two real places."""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from loaders.lexicon import fold_name, load_gazetteer
from loaders.places import _common_level, contains, find_places, resolve

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
build_gazetteer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_gazetteer)

GAZ = load_gazetteer()
BUILT = {r["id"]: r for r in build_gazetteer.build()} if build_gazetteer.WOF.exists() else {}
SYRIAN = ("Deir ez-Zor", "Raqqa", "al-Hasakah")


def test_committed_gazetteer_is_what_the_script_builds():
    if not build_gazetteer.WOF.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{build_gazetteer.WOF} is missing")
        pytest.skip("../shared/gazetteer is not beside this checkout")
    text = build_gazetteer.render(list(BUILT.values()))
    committed = (ROOT / "data" / "gazetteer.csv").read_text(encoding="utf-8")
    assert committed == text, "data/gazetteer.csv is stale: run scripts/build_gazetteer.py"


def test_every_row_says_where_it_comes_from_and_how_sure_it_is():
    """Deliver 1: `source` and `confidence` are kept per row (hand rows, WOF rows, our own)."""
    import csv
    with open(ROOT / "data" / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows if not r["source"].strip()] == []
    assert {r["confidence"] for r in rows} == {"high", "medium", "low"}
    # a WOF row names its WOF record (and GeoNames', when the point is GeoNames');
    # a region of our own says it is an estimate
    wof = [r for r in rows if r["source"].startswith("github whosonfirst-data")]
    assert len(wof) > 2300 and all(re.search(r"\(WOF \d+[;)= ]", r["source"]) for r in wof)
    assert all("ESTIMATE" in r["source"] for r in rows if r["kind"] == "region" and r["confidence"] == "low"
               and not r["name_en"].endswith("Subdistrict"))


def test_every_source_place_is_kept_once():
    if not BUILT:
        pytest.skip("../shared/gazetteer is not beside this checkout")
    hand = build_gazetteer.read_rows(build_gazetteer.HAND)
    assert all(r["id"] in GAZ.places for r in hand)
    # hand rows keep their own point and confidence
    for r in hand:
        p = GAZ.places[r["id"]]
        assert (p.lat, p.lon) == (float(r["lat"]) if r["lat"] else None, float(r["lon"]) if r["lon"] else None)
        assert GAZ.confidence[r["id"]] == r["confidence"]
    assert len(GAZ.places) > 2400


@pytest.mark.parametrize("pid,merged_spelling", [
    ("tayyana", "طياني"),            # WOF's spelling of the hand-sourced al-Tayyana
    ("shuhayl", "شحيل"),
    ("al_hawl", "الحول"),
    ("jalaa", "المسلّخة"),
])
def test_twins_give_their_spellings_to_the_hand_row(pid, merged_spelling):
    if not BUILT:
        pytest.skip("../shared/gazetteer is not beside this checkout")
    row = BUILT[pid]
    assert merged_spelling in row["alt_names"].split("|")
    assert "Who's On First" in row["source"]


def test_a_twin_is_not_a_second_row():
    # GeoNames' Hajin and al-Tayyana were merged into the hand-sourced rows
    assert "hajin_gn174506" not in GAZ.places and "tayyani" not in GAZ.places


def test_every_syrian_place_has_its_hierarchy():
    missing = [p.place_id for p in GAZ.places.values()
               if p.governorate in SYRIAN and p.kind in ("city", "town", "village", "site")
               and p.lat is not None and not (p.district and p.subdistrict)]
    assert missing == ["al_tanak_oilfield"]          # its district is unknown (see SOURCES.md)
    no_governorate = [p.place_id for p in GAZ.places.values()
                      if p.kind in ("city", "town", "village", "site") and not p.governorate]
    assert no_governorate == []


@pytest.mark.parametrize("pid,governorate,district,subdistrict", [
    ("hajin", "Deir ez-Zor", "Abu Kamal", "Hajin"),
    ("bahrah", "Deir ez-Zor", "Abu Kamal", "Hajin"),
    ("shafah", "Deir ez-Zor", "Abu Kamal", "al-Susah"),
    ("dhiban", "Deir ez-Zor", "al-Mayadin", "Dhiban"),
    ("darnaj", "Deir ez-Zor", "al-Mayadin", "al-Ashara"),
    ("busayrah", "Deir ez-Zor", "Deir ez-Zor", "al-Busayrah"),
    ("shaddadi", "al-Hasakah", "al-Hasakah", "al-Shaddadi"),
    ("raqqa", "Raqqa", "Raqqa", "Raqqa"),
])
def test_hierarchy(pid, governorate, district, subdistrict):
    p = GAZ.places[pid]
    assert (p.governorate, p.district, p.subdistrict) == (governorate, district, subdistrict)


# ------------------------------------------------------------ containment by hierarchy
@pytest.mark.parametrize("coarse,fine,expected", [
    ("hajin_subdistrict", "bahrah", True),          # a village inside its own subdistrict
    ("hajin_subdistrict", "hajin", True),
    ("abu_kamal_district", "gharanij", True),
    ("deir_ez_zor_governorate", "darnaj", True),
    ("hasakah_governorate", "khuwaybirah_gn414752", True),
    ("hasakah_governorate", "hajin", False),
    ("susah_subdistrict", "dhiban", False),
    ("eastern_dez_countryside", "hajin", True),     # a region: by its radius
    # a subdistrict has a district's precision but lies inside its own district
    ("abu_kamal_district", "hajin_subdistrict", True),
    ("hajin_subdistrict", "abu_kamal_district", False),
    ("al_mayadin_district", "hajin_subdistrict", False),
])
def test_contains(coarse, fine, expected):
    assert contains(GAZ.places[coarse], GAZ.places[fine]) is expected


# ------------------------------------------------------------ match keys
def _exact_names() -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for written, pids in GAZ.exact.items():
        for pid in pids:
            names.setdefault(pid, set()).add(written)
    return names


def test_no_fold_merges_two_places():
    """Two places may share a match key only when they share a name as written (same-named
    villages, chosen by distance or left at their common level); when the key is shared
    only through the final-letter fold (صالح / صالحة), the written form tells them apart."""
    exact = _exact_names()
    for k, entries in GAZ.names.items():
        pids = {pid for pid, _ in entries}
        if len(pids) < 2:
            continue
        for pid in pids:
            for written in exact[pid]:
                if fold_name(written) != k:
                    continue
                chosen = {p for p, _ in resolve(entries, GAZ.exact.get(written, frozenset()))}
                assert chosen == {p for p in pids if written in exact[p]}, (k, written)


@pytest.mark.parametrize("pids,expected", [
    (["kishmah_tishreen", "kishmah_east"], "deir_ez_zor_governorate"),   # two districts, one governorate
    (["al_jurdi_ash_sharqi", "al_jurdi_al_gharbi"], "ashara_subdistrict"),
    (["hajin", "hasakah"], None),                                        # only Syria in common
])
def test_common_level(pids, expected):
    got = _common_level([GAZ.places[p] for p in pids], GAZ)
    assert (got.place_id if got else None) == expected


# ------------------------------------------------------------ news spellings
SPELLINGS = [
    ("قصفت الطائرات قرية الصفافنة قرب الباغوز", "as_safafinah"),
    ("قصفت الطائرات قرية السفافنة قرب الباغوز", "as_safafinah"),
    ("غارة على بلدة الطيانة", "tayyana"),
    ("غارة على بلدة طياني", "tayyana"),
    ("غارة على بلدة الطيانه", "tayyana"),
    ("قتلى في بلدة الشفعة", "shafah"),
    ("قتلى في بلدة الشعفة", "shafah"),
    ("قتلى في قرية ابوحمام", "abu_hamam"),
    ("قتلى في قرية أبو حمام", "abu_hamam"),
    ("قصف على بلدة الكشيكة", "kishkiyah"),
    ("قصف على بلدة الكشكية", "kishkiyah"),
    ("قتل مدنيون في بلدة الكسرا", "kasrah"),
    ("غارات على مدينة الشدادة", "shaddadi"),
    ("غارات على قرية خويبيرة جنوب الحسكة", "khuwaybirah_gn414752"),
    ("استهدف القصف قرية الجرذي الشرقي", "al_jurdi_ash_sharqi"),
    ("استهدف القصف قرية الجردي الشرقي", "al_jurdi_ash_sharqi"),
    ("استهدف القصف قرية الجردي الغربي", "al_jurdi_al_gharbi"),
    ("استهدف القصف قرية الجرذي الغربي", "al_jurdi_al_gharbi"),
    ("غارة على الجردي الشرقي", "al_jurdi_ash_sharqi"),
    # "الجرذي" / "سويدان" alone: the two villages of that name (both in al-Ashara
    # subdistrict), so their subdistrict, or the one nearest to another place of the text
    ("غارة على قرية الجرذي", "ashara_subdistrict"),
    ("قتلى في بلدة الجردي", "ashara_subdistrict"),
    ("غارة على بلدة سويدان", "ashara_subdistrict"),
    ("قتلى في بلدتي سويدان ودرنج", "suwaydan_shamiyah"),
    ("غارات على سويدان جزيرة", "suwaydan_jazirah"),
    # a final ة written ه, dropped, or written ي
    ("غارة على قرية الصفافنه", "as_safafinah"),
    ("قتلى في بلدة الطيان", "tayyana"),
    ("قتلى في بلدة الطياني", "tayyana"),
    ("قصف على بلدة الكشكيه", "kishkiyah"),
    ("قصف على مدينة الشداده", "shaddadi"),
    # ال with clitics: و ب ف, ل + ال
    ("وبالباغوز سقط قتلى", "baghuz"),
    ("توجه النازحون للشعفة", "shafah"),
    ("سقط قتلى بالشعفة", "shafah"),
    ("فبالشعفة سقط القتلى", "shafah"),
    ("قصف على الباغوز والسفافنة", "baghuz"),
    ("ثم انتقل القصف إلى قرية أبوحمام", "abu_hamam"),
    ("قتلى في منطقة البو حسن", "abu_al_hasan"),
    ("غارة على قرية درنج", "darnaj"),
    ("غارة على بلدة سويدان جزيرة", "suwaydan_jazirah"),
    ("وصلت التعزيزات إلى قرية تل تمر", "tall_tamr"),
    ("قصفت الطائرات حي العرضي في دير الزور", "dez_ardi"),
]


@pytest.mark.parametrize("text,expected", SPELLINGS)
def test_news_spellings(text, expected):
    assert [m.place.place_id for m in find_places(text)][:1] == [expected]


# ------------------------------------------------------------ incident placing
def _claim(n: int, place_id: str, claimant: str = "sohr", day: int = 16):
    import datetime as dt

    from loaders.records import Claim
    return Claim(claim_id=f"c{n}", article_id=f"a{n}", claimant=claimant, stance="alleges",
                 perpetrator="coalition", civilians_min=5, civilians_max=5,
                 date_start=dt.date(2018, 11, day), date_end=dt.date(2018, 11, day),
                 date_precision="day", date_role="event", place_id=place_id, seq=0)


@pytest.mark.parametrize("places,expected_place,expected_precision", [
    # a village and its own subdistrict agree: one incident, at the village
    (["hajin_subdistrict", "bahrah"], "bahrah", "town"),
    (["hajin_subdistrict", "hajin_subdistrict", "bahrah"], "bahrah", "town"),
    # a region's claims never pull the point to the region's centroid
    (["eastern_dez_countryside", "eastern_dez_countryside", "eastern_dez_countryside", "hajin"],
     "hajin", "town"),
    (["abu_kamal_district", "gharanij"], "gharanij", "town"),
    # a claim only at a region is shown at the region, with its precision
    (["eastern_dez_countryside"], "eastern_dez_countryside", "district"),
    (["eastern_dez_countryside", "eastern_dez_countryside"], "eastern_dez_countryside", "district"),
    (["abu_kamal_district"], "abu_kamal_district", "district"),
    (["hajin_subdistrict"], "hajin_subdistrict", "district"),
    (["deir_ez_zor_governorate"], "deir_ez_zor_governorate", "governorate"),
    (["southern_hasakah_countryside"], "southern_hasakah_countryside", "district"),
    # a subdistrict and its own district agree: one incident, shown at the finer one
    (["hajin_subdistrict", "abu_kamal_district"], "hajin_subdistrict", "district"),
    # a village with its district, its subdistrict and the governorate: at the village
    (["abu_kamal_district", "hajin_subdistrict", "bahrah"], "bahrah", "town"),
    (["deir_ez_zor_governorate", "eastern_dez_countryside", "bahrah"], "bahrah", "town"),
    (["hasakah_governorate", "khuwaybirah_gn414752"], "khuwaybirah_gn414752", "town"),
])
def test_incident_is_placed_at_its_finest_agreed_place(places, expected_place, expected_precision):
    from loaders.incidents import group_claims
    claims = [_claim(n, p, claimant=("sohr", "sana", "local", "amaq")[n % 4]) for n, p in enumerate(places)]
    incidents, _, _ = group_claims(claims, GAZ)
    assert [(i.place_id, i.geo_precision) for i in incidents] == [(expected_place, expected_precision)]


@pytest.mark.parametrize("places", [
    ["dhiban", "shafah"],                              # villages of two subdistricts
    ["al_mayadin_district", "hajin_subdistrict"],      # a subdistrict of another district
])
def test_places_of_two_units_stay_apart(places):
    from loaders.incidents import group_claims
    incidents, _, _ = group_claims([_claim(n, p) for n, p in enumerate(places)], GAZ)
    assert sorted(i.place_id for i in incidents) == sorted(places)


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize("row,message", [
    ("hajin,,,,,34.1,,,,,,,,,,,,,,", "may set only the project's columns, not lat"),
    ("hajin,,,,,,,,,,,,,,,,,,no_such_wof_id,", "lists unknown WOF id 'no_such_wof_id'"),
    ("new_place,New place,مكان,,village,35,40,,,,,,,,,,,,,", "new row 'new_place' has no source"),
    ("busayrah_subdistrict,,,,,,,,,,,,,,,,,,,no_such_seat", "the seat of 'busayrah_subdistrict' is unknown"),
    ("new_place,New place,مكان,,village,35,40,,a source,low,,,,,,,,,,,مكان اخر",
     "new row 'new_place' sets `spellings`"),
])
def test_bad_additions_name_the_file_and_the_row(tmp_path, row, message):
    if not build_gazetteer.WOF.exists():
        pytest.skip("../shared/gazetteer is not beside this checkout")
    header = (ROOT / "data" / "gazetteer_additions.csv").read_text(encoding="utf-8")
    header = next(ln for ln in header.splitlines() if ln.startswith("id,"))
    bad = tmp_path / "additions.csv"
    bad.write_text(header + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(build_gazetteer.GazetteerBuildError) as err:
        build_gazetteer.build(additions_path=bad)
    assert str(bad) in str(err.value) and message in str(err.value)


# ------------------------------------------------------------ city quarters
@pytest.mark.parametrize("text,expected", [
    ("غارة على حي القصور بمدينة دير الزور", ["dez_qusur", "deir_ez_zor"]),
    ("قصف بين حيي المشلب والسباهية في الرقة", ["raqqa_mashlab", "raqqa", ]),
    ("تحدث الكاتب عن القصور الفخمة", []),                 # palaces, not the quarter
    ("غارات على حي الصناعة", []),                         # many cities have one
])
def test_city_quarters(text, expected):
    assert [m.place.place_id for m in find_places(text)] == expected


# ------------------------------------------------------------ same-named villages
@pytest.mark.parametrize("text,expected", [
    # the text's other village decides (the nearest of the same-named ones)
    ("قصف على قرية الكشمة قرب الشعفة", ["kishmah_east", "shafah"]),
    ("قصف على قرية الكشمة قرب صبيخان", ["kishmah_tishreen", "subaykhan"]),
    # an area the text names decides: two villages called القصر lie in al-Hasakah
    # governorate, one near the city; "قرب الحسكة" picks it
    ("غارات على قرية القصر قرب الحسكة", ["al_qasr_gn173356", "hasakah"]),
    # nothing decides: the level they share (the two banks' al-Kishmah: the governorate)
    ("غارات على قرية الكشمة", ["deir_ez_zor_governorate"]),
])
def test_same_named_villages(text, expected):
    assert [m.place.place_id for m in find_places(text)] == expected


@pytest.mark.parametrize("text,expected", [
    ("غارات على قرية جديد بو خير", "jadid_bu_khayr"),      # بو inside a name
    ("غارات على قرية حوايج أبو عرب", "hawayij_abu_arab"),
])
def test_joined_words_inside_a_name(text, expected):
    assert [m.place.place_id for m in find_places(text)] == [expected]


# ------------------------------------------------------------ the Syrian-Iraqi border
# "الحدود السورية العراقية" is a line through two governorates; its row (the Abu Kamal
# stretch) is coarser than any countryside or district the same claim names
@pytest.mark.parametrize("text,expected,precision", [
    ("قصفت الطائرات قرية صغيرة قرب الحدود السورية العراقية في ريف الحسكة الجنوبي",
     "southern_hasakah_countryside", "district"),
    ("تواصلت الغارات قرب الحدود مع العراق في ريف البوكمال", "abu_kamal_district", "district"),
    ("سقط قتلى في الباغوز قرب الحدود مع العراق", "baghuz", "town"),
    ("قصفت الطائرات شاحنات قرب الحدود السورية العراقية", "iraq_syria_border", "governorate"),
])
def test_the_border_is_the_coarsest_place_of_a_claim(text, expected, precision):
    from loaders.places import finest
    place = finest(find_places(text)).place
    assert (place.place_id, place.precision) == (expected, precision)


# ------------------------------------------------------------ regions of Raqqa and al-Hasakah
@pytest.mark.parametrize("text,expected", [
    ("قصفت الطائرات قرية في ريف الحسكة الجنوبي", ["southern_hasakah_countryside"]),
    ("غارة على الريف الجنوبي للحسكة", ["southern_hasakah_countryside"]),
    ("قتل مدنيون في ريف الحسكة", ["hasakah_governorate"]),     # the countryside, not the city
    ("قتل مدنيون في ريف الرقة", ["raqqa_governorate"]),
    ("قتل مدنيون في مدينة الرقة", ["raqqa"]),
])
def test_regions_of_the_other_governorates(text, expected):
    assert [m.place.place_id for m in find_places(text)] == expected
