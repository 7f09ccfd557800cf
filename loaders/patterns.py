"""Regex alternations of many phrases, compiled as a trie of shared prefixes.

Python's `re` tries the branches of `a|b|c|…` one after another at every position; with
hundreds of aliases that is most of the cost of a scan. Grouping the phrases by their
common prefixes (`التحالف|التحالف الدولي|التلفزيون السوري` → `الت(?:حالف(?: الدولي)?|لفزيون السوري)`)
makes the engine read each character once per branch point instead.
"""
from __future__ import annotations

import re

# A pattern that never matches, anchored so a search fails at once instead of at every
# position: what a language pack that lacks a rule gets.
NEVER = re.compile(r"\A(?!x)x")


def trie_alternation(phrases, space: str = r"\s+") -> str:
    """A regex matching any of `phrases` (longest first at each branch), spaces inside a
    phrase matching `space`.

    >>> rx = re.compile(trie_alternation(["التحالف", "التحالف الدولي", "التلفزيون"]))
    >>> [m.group(0) for m in rx.finditer("قال التحالف الدولي و التلفزيون")]
    ['التحالف الدولي', 'التلفزيون']

    A phrase ending in "*" matches any word that starts with it:

    >>> re.fullmatch(trie_alternation(["قتل*", "قتل وجرح"]), "قتلوا") is not None
    True
    """
    trie: dict = {}
    for p in phrases:
        if not p or p == "*":
            continue
        prefix = p.endswith("*")
        node = trie
        for ch in p.rstrip("*"):
            node = node.setdefault(ch, {})
        node["*" if prefix else ""] = True
    return _emit(trie, space, {}) or r"(?!x)x"


def _emit(node: dict, space: str, depth: dict[int, int]) -> str:
    """A phrase may end here ("" key), or any word may go on from here ("*" key: قتل*)."""
    branches = []
    for ch in sorted((k for k in node if k not in ("", "*")), key=lambda k: -_depth(node[k], depth)):
        piece = space if ch == " " else re.escape(ch)
        branches.append(piece + _emit(node[ch], space, depth))
    if "*" in node:
        branches.append(r"\w*")            # after the longer phrases, so they are tried first
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node and "*" not in node:
        return "(?:" + body + ")?"      # greedy: the longer phrase first, the shorter if not
    return body


def _depth(node: dict, memo: dict[int, int]) -> int:
    """Length of the longest phrase below `node` (memoised by node identity for one emit)."""
    hit = memo.get(id(node))
    if hit is None:
        hit = memo[id(node)] = 1 + max((_depth(v, memo) for k, v in node.items()
                                        if k not in ("", "*")), default=0)
    return hit


class Gated:
    """A compiled pattern run only where a cheaper pattern, which every match of it must
    contain, is found first.

    Patterns that open with a look-behind (`(?<!\\w)…`, as every whole-word phrase list
    here does) are tried at every position of the text; a bare trie of their phrases opens
    with a letter and is scanned several times faster. Most sentences hold none of a
    list's phrases, so the full pattern runs on few of them. The gate must be a necessary
    condition: the results are exactly those of the full pattern.

    >>> g = Gated(re.compile(r"(?<!\\w)(?:هجين)(?!\\w)"), re.compile("هجين"))
    >>> g.search("قصف على هجين").span(), g.search("قصف على الشعفة"), list(g.finditer("لا شيء"))
    ((8, 12), None, [])
    """
    __slots__ = ("rx", "gate", "pattern", "groupindex")

    def __init__(self, rx: re.Pattern, gate: re.Pattern):
        self.rx, self.gate = rx, gate
        self.pattern, self.groupindex = rx.pattern, rx.groupindex

    def search(self, s: str, *span):
        return self.rx.search(s, *span) if self.gate.search(s, *span) else None

    def match(self, s: str, *span):
        return self.rx.match(s, *span) if self.gate.search(s, *span) else None

    def finditer(self, s: str, *span):
        return self.rx.finditer(s, *span) if self.gate.search(s, *span) else iter(())

