"""Splitting a selection into requests that stay under each provider's documented limits (pure functions).

A selection is months × reporters × partners × HS codes × flows. Each provider caps one request in
its own way (records per call, codes per parameter, periods per call); `split` cuts the selection
into the fewest parts for which every cap holds and the estimated record count stays under the
record cap. An answer that still comes back full (count = the cap) is split again by `halve` when it
is fetched, so an estimate that was too low never loses rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from math import ceil

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month); ValueError with the expected form otherwise."""
    match = _MONTH.match(text.strip())
    if not match:
        raise ValueError(f"expected a month as YYYY-MM (e.g. 2023-01), got {text!r}")
    return int(match.group(1)), int(match.group(2))


def month_range(start: str, end: str) -> list[str]:
    """Every month from ``start`` to ``end`` inclusive, as ``YYYY-MM``.

    >>> month_range("2022-11", "2023-02")
    ['2022-11', '2022-12', '2023-01', '2023-02']
    """
    (y0, m0), (y1, m1) = parse_month(start), parse_month(end)
    if (y1, m1) < (y0, m0):
        raise ValueError(f"expected --from ({start}) not after --to ({end})")
    months = []
    year, month = y0, m0
    while (year, month) <= (y1, m1):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def years_of(months: Sequence[str]) -> list[int]:
    """The distinct years of a list of months, in order."""
    return sorted({int(m[:4]) for m in months})


def chunks(items: Sequence, size: int) -> list[tuple]:
    """``items`` cut into consecutive tuples of at most ``size`` (one empty tuple for no items)."""
    if not items:
        return [()]
    size = max(1, size)
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


@dataclass(frozen=True)
class Limits:
    """What one request may ask for. None: no cap on that parameter."""

    max_records: int
    max_periods: int | None = None
    max_reporters: int | None = None
    max_partners: int | None = None
    max_codes: int | None = None


@dataclass(frozen=True)
class Query:
    """One request's share of the selection. An empty ``partners`` / ``codes`` means all."""

    periods: tuple[str, ...]
    reporters: tuple[str, ...]
    partners: tuple[str, ...]
    codes: tuple[str, ...]
    flows: tuple[str, ...]

    def key(self) -> str:
        """A stable, readable id for the ledger and the file name."""

        def part(values: tuple[str, ...], word: str) -> str:
            if not values:
                return f"all{word}"
            if len(values) <= 2:
                return "+".join(values)
            return f"{values[0]}..{values[-1]}x{len(values)}"

        return "_".join(
            [
                part(self.periods, "periods").replace("-", ""),
                part(self.reporters, "reporters"),
                part(self.partners, "partners"),
                part(self.codes, "codes"),
                "".join(self.flows) or "allflows",
            ]
        )


#: Rough records per reporter, partner, code, month and flow (most cells of a trade matrix are empty).
DENSITY = 0.35
#: Partners a reporter trades with when the query asks for all of them.
ALL_PARTNERS = 220
#: HS6 codes when the query asks for all of them (HS2022 has about 5,600).
ALL_CODES = 5600


def estimate(query: Query) -> int:
    """Estimated records a query returns (an upper-side guess; `halve` corrects a low one)."""
    partners = len(query.partners) or ALL_PARTNERS
    codes = len(query.codes) or ALL_CODES
    cells = len(query.periods) * max(1, len(query.reporters)) * partners * codes * max(1, len(query.flows))
    return ceil(cells * DENSITY)


def split(query: Query, limits: Limits) -> list[Query]:
    """Cut ``query`` into parts that respect every cap of ``limits`` and the record estimate."""
    parts = [
        Query(periods, reporters, partners, codes, query.flows)
        for periods in chunks(query.periods, limits.max_periods or len(query.periods) or 1)
        for reporters in chunks(query.reporters, limits.max_reporters or len(query.reporters) or 1)
        for partners in chunks(query.partners, limits.max_partners or len(query.partners) or 1)
        for codes in chunks(query.codes, limits.max_codes or len(query.codes) or 1)
    ]
    done: list[Query] = []
    while parts:
        part = parts.pop(0)
        if estimate(part) <= limits.max_records:
            done.append(part)
            continue
        halves = halve(part)
        if halves is None:  # one period, reporter, partner and code: cannot be smaller
            done.append(part)
        else:
            parts[:0] = list(halves)
    return done


def halve(query: Query) -> tuple[Query, Query] | None:
    """Two queries covering ``query``: split the longest of periods, codes, reporters, partners."""
    for field in sorted(("periods", "codes", "reporters", "partners"), key=lambda f: -len(getattr(query, f))):
        values = getattr(query, field)
        if len(values) > 1:
            middle = len(values) // 2
            return replace(query, **{field: values[:middle]}), replace(query, **{field: values[middle:]})
    return None
