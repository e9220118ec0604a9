"""The page's control values as the sync callback receives them, for tests that drive it directly."""

from __future__ import annotations


def control_values(**changes) -> dict:
    """The default controls (All CHPL items, the last three months of the demo store, into Russia),
    with ``changes``."""
    base = {
        "goods": ["chpl"],
        "hs": [],
        "months": [84, 86],
        "direction": "into_russia",
        "side": "exporter",
        "metric": "value",
        "focus": None,
        "layers": ["countries", "flows"],
        "title": "",
    }
    return {**base, **changes}
