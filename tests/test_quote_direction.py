"""The evidence table shows each quote in its own direction and names its language."""
from __future__ import annotations

import pandas as pd

from views.tables import claims_html


def test_arabic_and_english_quotes_keep_their_direction():
    rows = pd.DataFrame([
        {"claimant": "sohr", "quote": "قال المرصد إن 12 مدنياً قتلوا في الشعفة", "civilians_min": 12,
         "source_label": "SOHR", "article_outlet": "AFP"},
        {"claimant": "sohr", "quote": "The Observatory said 12 civilians were killed in Shafah",
         "civilians_min": 12, "source_label": "SOHR", "article_outlet": "Reuters"},
    ])
    html = claims_html(rows)
    arabic, english = html.split("<tr class=")[1:3]
    assert "class='quote' dir='rtl' lang='ar'" in arabic and "Arabic" in arabic
    assert "class='quote' dir='ltr' lang='en'" in english and "English" in english
    assert "Original sentence</th>" in html
