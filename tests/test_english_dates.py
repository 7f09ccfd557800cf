"""English date expressions, resolved against a fixed publication date (the English pack).

Rows: sentence in the style of English wire copy, publication date, and the expected
(text, start, end, precision) of every date found. "now" is fixed in every row.
"""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.dates import find_dates

WED = dt.date(2018, 11, 21)          # a Wednesday


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.mark.parametrize("text, published, expected", [
    # month-day dates, with and without a year (no year: the latest such day on or before publication)
    ("Jets struck the village on Nov. 14, killing six.", WED, [("Nov. 14", d("2018-11-14"), d("2018-11-14"), "day")]),
    ("The raid on December 3 killed four.", WED, [("December 3", d("2017-12-03"), d("2017-12-03"), "day")]),
    ("It happened on February 9, 2016 near Hajin.", WED, [("February 9, 2016", d("2016-02-09"), d("2016-02-09"), "day")]),
    ("Strikes on 12 October 2017 hit Mayadin.", WED, [("12 October 2017", d("2017-10-12"), d("2017-10-12"), "day")]),
    ("since the 5th of March 2015", WED, [("since the 5th of March 2015", d("2015-03-05"), WED, "range")]),
    # weekdays: the latest such day on or before publication; parts of day never move it
    ("Two raids on Sunday killed five.", WED, [("on Sunday", d("2018-11-18"), d("2018-11-18"), "day")]),
    ("The market was hit on Tuesday night.", WED, [("on Tuesday night", d("2018-11-20"), d("2018-11-20"), "day")]),
    ("The monitor said on Wednesday that nine died.", WED, [("on Wednesday", WED, WED, "day")]),
    ("Strikes overnight Monday to Tuesday hit Baghouz.", WED,
     [("overnight Monday to Tuesday", d("2018-11-19"), d("2018-11-20"), "range")]),
    # relative days, weeks, months, years
    ("Yesterday a drone hit a car.", WED, [("Yesterday", d("2018-11-20"), d("2018-11-20"), "day")]),
    ("Raids last week killed 30.", WED, [("last week", d("2018-11-14"), d("2018-11-20"), "range")]),
    ("in the past three days", WED, [("in the past three days", d("2018-11-18"), WED, "range")]),
    ("over the last 72 hours", WED, [("over the last 72 hours", d("2018-11-18"), WED, "range")]),
    ("Earlier this month the coalition said", WED, [("Earlier this month", d("2018-11-01"), WED, "month")]),
    ("Its campaign last year killed hundreds.", WED, [("last year", d("2017-01-01"), d("2017-12-31"), "year")]),
    # months, ranges, parts of months
    ("In March 2016 the toll rose.", WED, [("March 2016", d("2016-03-01"), d("2016-03-31"), "month")]),
    ("During the month of August, 40 died.", WED, [("During the month of August", d("2018-08-01"), d("2018-08-31"), "month")]),
    ("For October 7th-8th the coalition reported", WED, [("October 7th-8th", d("2018-10-07"), d("2018-10-08"), "range")]),
    ("strikes in late September", WED, [("late September", d("2018-09-21"), d("2018-09-30"), "range")]),
    # named campaigns: a total since their start runs to publication
    ("killed since the start of Operation Inherent Resolve", WED,
     [("since the start of Operation Inherent Resolve", d("2014-08-08"), WED, "range")]),
    # not dates: modal "may", counts and distances
    ("The strikes may have killed civilians.", WED, []),
    ("killed 2017 people", WED, []),
])
def test_english_dates(text, published, expected):
    got = [(m.text, m.start, m.end, m.precision) for m in find_dates(text, published, language="en")]
    assert got == expected


# an undated article: relative dates are kept but stay unresolved; absolute ones resolve
@pytest.mark.parametrize("text, expected", [
    ("The raid on Monday killed four.", [("on Monday", None)]),
    ("Nov. 3, 2018, Susah, via local media", [("Nov. 3, 2018", d("2018-11-03"))]),
    ("Jets struck on Nov. 3 near Susah.", [("Nov. 3", None)]),
])
def test_english_dates_in_an_undated_article(text, expected):
    assert [(m.text, m.start) for m in find_dates(text, None, language="en")] == expected


def test_a_wire_dateline_is_no_event_date():
    body = "BEIRUT, Nov 18 (Reuters) - Jets killed five people in Hajin on Saturday."
    assert [m.text for m in find_dates(body, WED, language="en")] == ["on Saturday"]
