"""The examples in the extraction modules' docstrings are run, so they stay true."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["loaders.claims", "loaders.numbers", "loaders.dates",
                                    "loaders.incidents", "loaders.normalize"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0, result
