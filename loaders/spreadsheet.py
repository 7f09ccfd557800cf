"""Cells a spreadsheet would run: the one rule shared by `--out` and the dashboard's downloads.

CONTRACT.md: a CSV cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
written with a leading apostrophe, so a spreadsheet shows article text as text and never runs
it as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`).
"""
from __future__ import annotations

import re

FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def spreadsheet_safe(value):
    """The value as a spreadsheet should receive it; only text cells ever change.

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("قال"), spreadsheet_safe(-3)
    ('\\'=HYPERLINK("http://x")', 'قال', -3)
    """
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value
