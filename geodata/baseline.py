"""The 2019–2021 baseline every change is measured against: its months and the label every text uses.

The one home of both: queries, analytics, figures and exports import them from here, and a test fails
when the label's text is written out anywhere else (`tests/test_one_home.py`).
"""

from __future__ import annotations

from datetime import date

#: The first and last month of the baseline (both included).
BASELINE = (date(2019, 1, 1), date(2021, 12, 1))
#: The baseline's years as every label names them ("2019–2021").
BASELINE_LABEL = f"{BASELINE[0].year}–{BASELINE[1].year}"
