"""Colours and labels shared by the map, the charts and the tables.

Okabe-Ito colours, which stay distinguishable for colour-blind readers.
"""
from __future__ import annotations

# source_kind (from the claimant lexicon) -> colour and label
SOURCE_KINDS = {
    "belligerent": ("#D55E00", "Belligerent"),
    "state_media": ("#CC79A7", "State media"),
    "monitor": ("#0072B2", "Monitor"),
    "is_media": ("#000000", "IS media"),
    "local": ("#009E73", "Local"),
    "outlet": ("#8C8C8C", "Outlet"),
}
UNKNOWN_KIND = ("#B0B0B0", "Other")

# How many of a site's incidents are contested -> marker colour
CONTESTED = {
    "all": ("#D55E00", "all contested"),
    "some": ("#E69F00", "some contested"),
    "none": ("#0072B2", "not contested"),
}

RIVER = "#4A90C2"
MAP_BACKGROUND = "#EEF0EA"


def kind_colour(source_kind: str) -> str:
    return SOURCE_KINDS.get(source_kind, UNKNOWN_KIND)[0]


def kind_label(source_kind: str) -> str:
    return SOURCE_KINDS.get(source_kind, UNKNOWN_KIND)[1]
