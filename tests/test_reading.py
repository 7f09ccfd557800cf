"""Bad input: every file gets a status and a one-line reason, and nothing else is lost."""
from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.reading import decode, read_source, split_front_matter

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "قال المرصد السوري لحقوق الإنسان إن 12 مدنياً قتلوا في غارة على بلدة الشعفة أمس.\n"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("name, data, status, reason_start", [
    # empty and whitespace-only
    ("empty.txt", b"", "rejected", "empty file"),
    ("blank.txt", b"  \n\t\n", "rejected", "empty file"),
    # binary data
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "rejected", "binary file"),
    # not decodable as UTF-8, UTF-16 or Arabic Windows-1256
    ("latin.txt", "Ça coûte très cher".encode("latin-1") + b"\xff\xfe\xfa", "rejected", "undecodable"),
    # front matter problems
    ("nofence.txt", ("---\npublished: 2018-11-18\n" + ARTICLE).encode(), "rejected",
     "malformed front matter: no closing '---' line"),
    ("badyaml.txt", ("---\ntitle: [unclosed\n---\n" + ARTICLE).encode(), "rejected",
     "malformed front matter"),
    ("listyaml.txt", ("---\n- a\n- b\n---\n" + ARTICLE).encode(), "rejected",
     "malformed front matter: expected 'key: value' lines"),
    ("baddate.txt", ("---\npublished: last tuesday\n---\n" + ARTICLE).encode(), "rejected",
     "front matter: 'published' is not a date"),
    ("onlymeta.txt", b"---\npublished: 2018-11-18\n---\n\n", "rejected",
     "no article text after the front matter"),
    ("punct.txt", "...،،، 12 !!!؟؟؟".encode(), "rejected", "no text: only digits, punctuation"),
    # a headline-only item is read from its title
    ("headline.txt", "---\npublished: 2018-11-18\ntitle: مقتل 5 مدنيين بغارة على الشعفة\n---\n".encode(),
     "ok", ""),
    # a file that is not an article
    ("notes.pdf", ARTICLE.encode(), "rejected", "not an article: expected a .txt file"),
    # undated: no front matter date and none in the text
    ("undated.txt", ARTICLE.encode(), "undated", "no publication date"),
])
def test_bad_input_is_reported(tmp_path, name, data, status, reason_start):
    src = read_source(write(tmp_path, name, data))
    assert (src.status, src.reason[:len(reason_start)]) == (status, reason_start)
    assert "\n" not in src.reason


def test_oversize_file_is_rejected_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(("و" * 1_200_000).encode("utf-8"))       # 2.4 MB of Arabic text
    src = read_source(str(path))
    assert src.status == "rejected"
    assert src.reason == "too large: 2.3 MB (limit 2 MB)"


def test_unreadable_path_is_rejected(tmp_path):
    src = read_source(str(tmp_path / "missing.txt"))
    assert (src.status, src.reason) == ("rejected", "cannot read: No such file or directory")


def test_a_folder_given_as_a_file_is_rejected(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    src = read_source(str(tmp_path / "folder.txt"))
    assert (src.status, src.reason) == ("rejected", "not a regular file")


@pytest.mark.parametrize("encoded, encoding", [
    (b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), "utf-8-sig"),
    (ARTICLE.encode("utf-16"), "utf-16"),
    (ARTICLE.encode("cp1256"), "windows-1256"),
    (ARTICLE.encode("utf-8"), "utf-8"),
])
def test_legacy_encodings_are_decoded(encoded, encoding):
    text, used, problem = decode(encoded)
    assert (text, used, problem) == (ARTICLE, encoding, "")


def test_front_matter_keys_and_offset():
    text = "---\ntitle: غارة على الشعفة\noutlet: Enab Baladi\npublished: 2018-11-18T09:30:00\n---\n" + ARTICLE
    meta, body, offset, problem = split_front_matter(text)
    assert (meta["title"], meta["outlet"], body, problem) == ("غارة على الشعفة", "Enab Baladi", ARTICLE, "")
    assert text[offset:] == ARTICLE


def test_front_matter_datetime_gives_the_date(tmp_path):
    data = ("---\npublished: 2018-11-18T23:10:00+03:00\n---\n" + ARTICLE).encode()
    src = read_source(write(tmp_path, "dt.txt", data))
    assert (src.status, src.published, src.published_from) == ("ok", dt.date(2018, 11, 18), "front_matter")


def test_a_run_over_bad_files_keeps_every_file_and_all_good_claims(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "good.txt", ("---\npublished: 2018-11-18\n---\n" + ARTICLE).encode())
    write(folder, "good1256.txt", ("---\npublished: 2018-11-18\n---\n" + ARTICLE).encode("cp1256"))
    write(folder, "empty.txt", b"")
    write(folder, "binary.txt", b"\x00\x01\x02")
    write(folder, "undated.txt", ARTICLE.encode())
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "loaders", str(folder), str(tmp_path / "nope.txt"),
                             "--db", str(tmp_path / "s.sqlite"), "--out", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with (out / "articles.csv").open(encoding="utf-8") as fh:
        rows = {r["article_id"]: r for r in csv.DictReader(fh)}
    assert {k: (r["status"], r["reason"].split(":")[0]) for k, r in rows.items()} == {
        "good": ("ok", ""), "good1256": ("ok", ""), "empty": ("rejected", "empty file"),
        "binary": ("rejected", "binary file (contains NUL bytes), not text"),
        "undated": ("undated", "no publication date in front matter or text; relative dates left unresolved"),
        "nope": ("rejected", "cannot read"),
    }
    # stderr names each bad file and its problem, one line each
    assert "empty.txt: rejected: empty file" in result.stderr
    assert "nope.txt: rejected: cannot read: No such file or directory" in result.stderr
    with (out / "claims.csv").open(encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    by_article = {c["article_id"]: c for c in claims}
    # both dated copies give SOHR's 12 civilians in al-Sha'fah yesterday
    for aid in ("good", "good1256"):
        c = by_article[aid]
        assert (c["claimant"], c["civilians_min"], c["place_id"], c["date_start"]) == (
            "sohr", "12", "shafah", "2018-11-17")
    # the undated article keeps its claim, but "أمس" stays unresolved
    c = by_article["undated"]
    assert (c["claimant"], c["civilians_min"], c["date_start"], c["date_end"]) == ("sohr", "12", "", "")


# ---------------------------------------------------------------- hostile front matter and dates

TOMORROW = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
RANGE = f"is outside 1990-01-01 … {TOMORROW.isoformat()}"
ALIAS_BOMB = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                       + [f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 9)}]"
                          for k in range(8)])
NO_ALIASES = "malformed front matter: YAML anchors and aliases (& and *) are not accepted"


def with_front_matter(lines: str, body: str = ARTICLE) -> bytes:
    return f"---\n{lines}\n---\n{body}".encode()


@pytest.mark.parametrize("front, status, reason", [
    # anchors and aliases are refused before anything is expanded
    (ALIAS_BOMB, "rejected", NO_ALIASES),
    ("title: &t غارة\noutlet: *t", "rejected", NO_ALIASES),
    ("<<: {title: x}\npublished: 2018-11-18", "ok", ""),  # a merge key without an alias is a key
    # only single values for the keys we read; other keys are ignored
    ("title: [غارة, الشعفة]", "rejected", "malformed front matter: 'title' must be a single value, not a list"),
    ("outlet: {name: Enab}", "rejected", "malformed front matter: 'outlet' must be a single value, not a mapping"),
    ("published: 2018-11-18\ntags: [a, b]\nextra: {x: 1}", "ok", ""),
    ("title: !!python/object/apply:os.system ['true']", "rejected", "malformed front matter "
     "(line 2): could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system'"),
    # publication dates between 1990-01-01 and tomorrow
    ("published: 9999-12-31", "rejected", f"front matter: 'published' 9999-12-31 {RANGE}"),
    ("published: 1600-03-01", "rejected", f"front matter: 'published' 1600-03-01 {RANGE}"),
    ("published: 2300-01-01", "rejected", f"front matter: 'published' 2300-01-01 {RANGE}"),
    ("published: 1989-12-31", "rejected", f"front matter: 'published' 1989-12-31 {RANGE}"),
    ("published: 1990-01-01", "ok", ""),
    (f"published: {TOMORROW.isoformat()}", "ok", ""),
    (f"published: {(TOMORROW + dt.timedelta(days=1)).isoformat()}", "rejected",
     f"front matter: 'published' {(TOMORROW + dt.timedelta(days=1)).isoformat()} {RANGE}"),
    # languages: the ones with a rule pack are read, others rejected
    ("published: 2018-11-18\nlanguage: ar", "ok", ""),
    ("published: 2018-11-18\nlanguage: en", "ok", ""),
    ("published: 2018-11-18\nlanguage: fr", "rejected", "language fr: not read"),
    ("published: 2018-11-18\nlanguage: ku-Arab", "rejected", "language ku: not read"),
    ("published: 2018-11-18\nlanguage: '12'", "rejected", "front matter: 'language' is not a language code: '12'"),
])
def test_front_matter_is_read_safely(tmp_path, front, status, reason):
    src = read_source(write(tmp_path, "a.txt", with_front_matter(front)))
    assert (src.status, src.reason) == (status, reason)


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path):
    # in a child limited to 300 MB of memory (expanding the bomb would need gigabytes) and,
    # once its imports are done, to one more second of CPU (SIGXCPU ends it past that; the
    # time it takes is measured by bench/faults.py)
    path = write(tmp_path, "bomb.txt", with_front_matter(ALIAS_BOMB))
    code = ("import math, resource, sys, time; "
            "resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20)); "
            "from loaders.reading import read_source; "
            "cpu = math.ceil(time.process_time() + 1); "
            "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1)); "
            "s = read_source(sys.argv[1]); print(s.status + ': ' + s.reason)")
    result = subprocess.run([sys.executable, "-c", code, path], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == f"rejected: {NO_ALIASES}", result.stderr


@pytest.mark.parametrize("body, language", [
    (ARTICLE, "ar"),
    ("Twelve civilians were killed in an air strike on al-Sha'fah yesterday, the monitor said.\n", "en"),
    # a few Latin letters in Arabic text (an acronym, a URL) do not make it English
    ("قال المرصد السوري SOHR في بيان على موقعه www.syriahr.com إن 12 مدنياً قتلوا أمس.\n", "ar"),
])
def test_language_comes_from_the_script_when_not_given(tmp_path, body, language):
    src = read_source(write(tmp_path, "a.txt", with_front_matter("published: 2018-11-18", body)))
    assert (src.status, src.language) == ("ok", language)


# ---------------------------------------------------------------- mixed encodings

OTHER = "وأضاف أن الغارة استهدفت منزلاً قرب السوق.\n"


@pytest.mark.parametrize("encoded, text, encoding, problem", [
    # UTF-8 with one paragraph pasted in Windows-1256: each line decoded as what it is
    (ARTICLE.encode() + OTHER.encode("cp1256") + ARTICLE.encode(), ARTICLE + OTHER + ARTICLE,
     "utf-8+windows-1256", ""),
    # a Latin-1 line in UTF-8 Arabic: neither, so the file is rejected, never mojibake
    (ARTICLE.encode() + "Ça coûte très cher\n".encode("latin-1"), "", "",
     "undecodable: line 2 is neither UTF-8 nor Windows-1256 Arabic text (the rest is UTF-8)"),
])
def test_mixed_encodings_are_decoded_line_by_line_or_rejected(encoded, text, encoding, problem):
    assert decode(encoded) == (text, encoding, problem)


def test_a_mixed_encoding_file_is_read_with_its_claims(tmp_path):
    data = with_front_matter("published: 2018-11-18", "") + OTHER.encode("cp1256") + ARTICLE.encode()
    src = read_source(write(tmp_path, "mixed.txt", data))
    assert (src.status, src.encoding, src.body) == ("ok", "utf-8+windows-1256", OTHER + ARTICLE)
