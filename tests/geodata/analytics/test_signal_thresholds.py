"""Signal thresholds from a URL: defaults, changes, and every bad value ignored with a notice."""

from __future__ import annotations

import re
from pathlib import Path

from geodata.analytics.signals import Thresholds, thresholds_from_query
from geodata.analytics.signals.thresholds import THRESHOLD_DOCS

README = Path(__file__).resolve().parents[3] / "README.md"


def test_no_query_gives_the_documented_defaults():
    thresholds, notices = thresholds_from_query("goods=chpl&from=2025-04")
    assert thresholds == Thresholds() and notices == ()
    assert thresholds.as_json() == {k: v[0] for k, v in THRESHOLD_DOCS.items()}


def test_values_in_range_are_read_and_integers_rounded():
    thresholds, notices = thresholds_from_query("surge_factor=4.5&min_usd=5e4&min_months=2.4&gap_pct=50")
    assert (thresholds.surge_factor, thresholds.min_usd, thresholds.min_months, thresholds.gap_pct) == (
        4.5,
        50_000.0,
        2,
        50.0,
    )
    assert notices == () and thresholds.changed() == {
        "surge_factor": 4.5,
        "min_usd": 50_000.0,
        "min_months": 2,
        "gap_pct": 50.0,
    }


def test_bad_values_keep_their_default_with_a_notice_each():
    thresholds, notices = thresholds_from_query(
        "surge_factor=abc&gap_pct=500&min_usd=nan&cif_fob=-1&max_lag=inf"
    )
    assert thresholds == Thresholds()
    assert len(notices) == 5 and all(n.startswith("Ignored ") for n in notices)


def test_non_text_is_the_default():
    assert thresholds_from_query(None) == (Thresholds(), ())
    assert thresholds_from_query(["surge_factor=9"]) == (Thresholds(), ())


def test_the_readme_states_every_default():
    section = README.read_text().split("## Signals", 1)[1].split("\n## ", 1)[0]
    for name, (default, *_rest) in THRESHOLD_DOCS.items():
        assert re.search(rf"`{name}`[^|\n]*\|\s*`?{default:g}`?", section), name
