"""Regex alternations of many phrases, compiled as a trie of shared prefixes.

Python's `re` tries the branches of `a|b|c|…` one after another at every position; with
hundreds of aliases that is most of the cost of a scan. Grouping the phrases by their
common prefixes (`التحالف|التحالف الدولي|التلفزيون السوري` → `الت(?:حالف(?: الدولي)?|لفزيون السوري)`)
makes the engine read each character once per branch point instead.
"""
from __future__ import annotations

import re


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
    return _emit(trie, space) or r"(?!x)x"


def _emit(node: dict, space: str) -> str:
    """A phrase may end here ("" key), or any word may go on from here ("*" key: قتل*)."""
    branches = []
    for ch in sorted((k for k in node if k not in ("", "*")), key=lambda k: -_depth(node[k])):
        piece = space if ch == " " else re.escape(ch)
        branches.append(piece + _emit(node[ch], space))
    if "*" in node:
        branches.append(r"\w*")            # after the longer phrases, so they are tried first
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node and "*" not in node:
        return "(?:" + body + ")?"      # greedy: the longer phrase first, the shorter if not
    return body


def _depth(node: dict) -> int:
    return 1 + max((_depth(v) for k, v in node.items() if k not in ("", "*")), default=0)
