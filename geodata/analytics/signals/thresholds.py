"""The thresholds every signal detector reads, their documented defaults, and their URL form.

Each threshold is a query parameter of `/api/signals`, `/api/view` and the page's URL
(``?surge_factor=4&min_usd=50000``). Reading them never raises: a missing, unreadable or
out-of-range value keeps its default and adds a notice that says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qsl

from geodata.i18n import N_, _

#: name → (default, lowest allowed, highest allowed, what it means — shown with ``_()``). The README's
#: "Signals" section repeats these defaults; `tests/geodata/analytics/test_signal_thresholds.py` checks
#: they agree.
THRESHOLD_DOCS: dict[str, tuple[float, float, float, str]] = {
    "surge_factor": (
        3.0,
        1.1,
        100.0,
        N_("a month surges when its value is at least this many times the expected"),
    ),
    "min_usd": (100_000.0, 0.0, 1e12, N_("smallest monthly amount (USD) a flagged month must reach")),
    "min_months": (3, 1, 36, N_("shortest run of consecutive flagged months that makes a signal")),
    "gap_pct": (30.0, 1.0, 100.0, N_("mirror gap (% of the larger side) a month must reach")),
    "cif_fob": (
        1.05,
        1.0,
        1.5,
        N_("importer CIF values are divided by this to compare them with FOB exports"),
    ),
    "min_corr": (
        0.6,
        0.0,
        1.0,
        N_("smallest correlation of a transit country's imports and exports to Russia"),
    ),
    "min_share": (0.2, 0.0, 10.0, N_("smallest share of its imports a transit country sends on to Russia")),
    "max_lag": (3, 0, 12, N_("largest lag in months tried between imports and re-exports")),
    "uv_factor": (
        2.0,
        1.1,
        100.0,
        N_("a unit value jumps when it is this many times (or 1/this) the baseline"),
    ),
    "max_signals": (200, 1, 5000, N_("how many signals, highest score first, a view lists")),
}
INTEGER_THRESHOLDS = ("min_months", "max_lag", "max_signals")


@dataclass(frozen=True)
class Thresholds:
    """The thresholds the detectors read; each one's default, range and meaning are in `THRESHOLD_DOCS`."""

    surge_factor: float = THRESHOLD_DOCS["surge_factor"][0]
    min_usd: float = THRESHOLD_DOCS["min_usd"][0]
    min_months: int = int(THRESHOLD_DOCS["min_months"][0])
    gap_pct: float = THRESHOLD_DOCS["gap_pct"][0]
    cif_fob: float = THRESHOLD_DOCS["cif_fob"][0]
    min_corr: float = THRESHOLD_DOCS["min_corr"][0]
    min_share: float = THRESHOLD_DOCS["min_share"][0]
    max_lag: int = int(THRESHOLD_DOCS["max_lag"][0])
    uv_factor: float = THRESHOLD_DOCS["uv_factor"][0]
    max_signals: int = int(THRESHOLD_DOCS["max_signals"][0])

    def as_json(self) -> dict:
        """Threshold name → value, for every threshold."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def changed(self) -> dict[str, float]:
        """The thresholds that differ from their defaults (what a link must carry)."""
        default = Thresholds()
        return {k: v for k, v in self.as_json().items() if v != getattr(default, k)}


def thresholds_from_query(query: str | None) -> tuple[Thresholds, tuple[str, ...]]:
    """The thresholds a URL query sets (others keep their defaults), and a notice per value ignored."""
    if not isinstance(query, str):
        return Thresholds(), ()
    changes: dict[str, Any] = {}  # an int for INTEGER_THRESHOLDS, else a float
    notices: list[str] = []
    for key, raw in parse_qsl(query[:4000], keep_blank_values=True):
        if key not in THRESHOLD_DOCS:
            continue
        default, low, high, _meaning = THRESHOLD_DOCS[key]
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            notices.append(
                _("Ignored {key}={value}: it must be a number from {low} to {high}; using {default}.").format(
                    key=key, value=repr(raw[:20]), low=f"{low:g}", high=f"{high:g}", default=f"{default:g}"
                )
            )
            continue
        changes[key] = int(round(value)) if key in INTEGER_THRESHOLDS else value
    return replace(Thresholds(), **changes), tuple(notices)
