"""Official published totals: the real, cited numbers shown beside demo figures and used to
calibrate the demo dataset.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol, cast

import pandas as pd

from geodata.errors import GeodataValidationError, Problem
from geodata.frames import text_rows
from geodata.layers import REFERENCE_DIR
from geodata.validation import line_of

OFFICIAL_TOTALS = REFERENCE_DIR / "official_totals.csv"
UNITS = {"USD_bn": (1e9, "USD"), "USD_m": (1e6, "USD"), "EUR_bn": (1e9, "EUR"), "EUR_m": (1e6, "EUR")}
MEASURES = ("exports", "imports", "turnover")


class OfficialTotal(Protocol):
    """A row of `load_official_totals`, as `calibration_targets` reads it."""

    id: str
    exporter: str
    importer: str
    measure: str
    unit: str
    year: int
    value: float


@lru_cache(maxsize=2)
def load_official_totals(path: Path = OFFICIAL_TOTALS) -> pd.DataFrame:
    """The table with ``value`` as a float and ``year`` as an int; one error lists every bad row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    problems = []
    for position, row in enumerate(text_rows(frame)):
        line = line_of(position)
        if row.unit not in UNITS:
            problems.append(
                Problem(
                    path.name, line, "unit", f"one of {', '.join(UNITS)}", f"'{row.unit}'", "fix the unit"
                )
            )
        if row.measure not in MEASURES:
            problems.append(
                Problem(
                    path.name,
                    line,
                    "measure",
                    f"one of {', '.join(MEASURES)}",
                    f"'{row.measure}'",
                    "fix the measure",
                )
            )
        try:
            float(row.value)
        except ValueError:
            problems.append(
                Problem(path.name, line, "value", "a number", f"'{row.value}'", "write the figure")
            )
        if not row.source.strip():
            problems.append(
                Problem(path.name, line, "source", "a source", "an empty cell", "cite the source")
            )
    if problems:
        raise GeodataValidationError(problems, str(path))
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].astype(int)
    return frame


def calibration_targets(totals: pd.DataFrame) -> pd.DataFrame:
    """Official exports and imports as reported series: reporter, partner, flow, year, amount, currency.

    Exports are the exporter's declaration (flow X); imports the importer's (flow M). Turnover is
    the sum of the two and is checked, not used.
    """
    rows = []
    # pandas-stubs types every field of an itertuples row as any scalar
    for row in cast(Iterator[OfficialTotal], totals.itertuples(index=False)):
        if row.measure == "turnover":
            continue
        factor, currency = UNITS[row.unit]
        reporter, partner, flow = (
            (row.exporter, row.importer, "X")
            if row.measure == "exports"
            else (row.importer, row.exporter, "M")
        )
        rows.append((row.id, reporter, partner, flow, row.year, row.value * factor, currency))
    columns = ["id", "reporter", "partner", "flow", "year", "amount", "currency"]
    targets = pd.DataFrame(rows, columns=columns)
    return targets.drop_duplicates(["reporter", "partner", "flow", "year"], keep="first")
