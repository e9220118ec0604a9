"""The examples in the code's docstrings run as tests (part of `make test`): every module of the three
packages that has one (``>>>``) is imported and its examples checked."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules_with_examples() -> list[str]:
    found = []
    for package in ("geodata", "dashboard", "callbacks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if ">>>" in path.read_text(encoding="utf-8"):
                found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


MODULES = _modules_with_examples()


def test_modules_with_examples_are_found():
    assert "dashboard.formatting" in MODULES and "geodata.analytics.legs" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_docstrings_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0, (
        f"{result.failed} of {result.attempted} examples failed"
    )
