"""Mirror gaps on hand-built series: both directions, the CIF/FOB factor, the thresholds' edges,
a country that reports nothing, and a score the evidence adds up to."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from geodata.analytics.signals import Thresholds
from geodata.analytics.signals.mirror_gap import country_declares, detect_mirror_gaps, gap_percent
from tests.geodata.analytics.signal_frames import BASELINE, MONTHS, WINDOW, cells, level

TH = Thresholds(gap_pct=30.0, min_usd=100_000, min_months=3, cif_fob=1.05)


def _gaps(frame, th=TH):
    return detect_mirror_gaps(frame, MONTHS, BASELINE, WINDOW, th)


def test_gap_percent_runs_from_minus_to_plus_hundred():
    result = gap_percent(np.array([100.0, 0.0, 100.0, 0.0]), np.array([0.0, 100.0, 50.0, 0.0]))
    assert result[:3].tolist() == [100.0, -100.0, 50.0] and np.isnan(result[3])


def test_exports_the_importer_does_not_declare_are_a_gap_with_both_sides_in_evidence():
    exports = level(1_000_000)
    imports = level(1_050_000, 210_000, "2023-01", "2023-06")  # CIF; 200 000 FOB in the gap months
    [signal] = _gaps(cells("EU27", "KAZ", "854231", exports, imports))
    assert (signal.kind, signal.start, signal.end) == ("mirror_gap", "2023-01", "2023-06")
    evidence = signal.evidence
    assert evidence["direction"] == "importer declares less" and evidence["gap_pct"] == 80.0
    assert evidence["exporter_reported_usd"] == 6_000_000
    assert evidence["importer_reported_fob_usd"] == pytest.approx(1_200_000)
    assert signal.score == pytest.approx(
        evidence["exporter_reported_usd"] - evidence["importer_reported_fob_usd"]
    )


def test_imports_the_exporter_does_not_declare_are_a_gap_the_other_way():
    exports = level(1_000_000, 100_000, "2023-01", "2023-04")
    [signal] = _gaps(cells("CHN", "KGZ", "848210", exports, level(1_050_000)))
    assert signal.evidence["direction"] == "exporter declares less" and signal.evidence["gap_pct"] == -90.0


def test_the_cif_margin_alone_is_no_gap_and_the_factor_is_adjustable():
    frame = cells("EU27", "KAZ", "854231", level(1_000_000), level(1_050_000))
    assert _gaps(frame) == []
    assert _gaps(frame, replace(TH, cif_fob=1.0, gap_pct=4.0)) != []  # 1.05 vs 1.00 is a 4.8 % gap


def test_edge_of_the_gap_threshold_and_of_the_volume():
    at = cells("EU27", "KAZ", "1", level(1_000_000), level(1_050_000, 735_000, "2023-01", "2023-03"))
    assert len(_gaps(at)) == 1  # exactly 30 %
    below = cells("EU27", "KAZ", "1", level(1_000_000), level(1_050_000, 740_000, "2023-01", "2023-03"))
    assert _gaps(below) == []
    small = cells("EU27", "KAZ", "1", level(90_000), level(94_500, 0.0, "2023-01", "2023-03"))
    assert _gaps(small) == [] and len(_gaps(small, replace(TH, min_usd=90_000))) == 1


def test_a_country_that_reports_nothing_has_no_mirror_to_compare():
    # Russia declares nothing: its partners' exports to it are no gap
    assert _gaps(cells("KAZ", "RUS", "854231", level(1_000_000), None)) == []


def test_a_silent_month_of_the_importer_is_skipped_but_a_declared_zero_is_not():
    imports = level(1_050_000, np.nan, "2023-01", "2023-06")
    other = cells("EU27", "KAZ", "2", level(500_000), level(525_000))  # KAZ reports other goods
    silent = pd.concat([cells("EU27", "KAZ", "1", level(1_000_000), imports)])
    assert _gaps(silent) == []  # KAZ declared nothing at all in those months
    [signal] = _gaps(pd.concat([silent, other], ignore_index=True))
    assert signal.hs6 == "1" and signal.evidence["gap_pct"] == 100.0


def test_country_declares_spreads_any_row_to_every_row_of_the_country():
    declared = np.array([[True, False], [False, False], [False, True]])
    result = country_declares(declared, np.array(["KAZ", "KAZ", "KGZ"], dtype=object))
    assert result.tolist() == [[True, False], [True, False], [False, True]]
