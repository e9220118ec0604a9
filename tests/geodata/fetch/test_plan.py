"""Splitting a selection into requests under the providers' limits."""

from __future__ import annotations

import itertools

import pytest

from geodata.fetch.plan import Limits, Query, chunks, estimate, halve, month_range, split


def cells(query: Query) -> set:
    return set(
        itertools.product(query.periods, query.reporters, query.partners or ("*",), query.codes or ("*",))
    )


def test_month_range():
    assert month_range("2022-11", "2023-02") == ["2022-11", "2022-12", "2023-01", "2023-02"]
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_range("2023-13", "2024-01")
    with pytest.raises(ValueError, match="not after"):
        month_range("2024-02", "2024-01")


def test_chunks():
    assert chunks([1, 2, 3, 4, 5], 2) == [(1, 2), (3, 4), (5,)]
    assert chunks([], 3) == [()]


def test_split_respects_every_cap_and_covers_the_selection_once():
    months = tuple(m.replace("-", "") for m in month_range("2021-01", "2023-12"))
    whole = Query(months, ("643", "398", "417"), (), tuple(f"8542{n:02d}" for n in range(30)), ("M", "X"))
    limits = Limits(max_records=100_000, max_periods=12, max_codes=20)
    parts = split(whole, limits)
    assert all(len(p.periods) <= 12 and len(p.codes) <= 20 for p in parts)
    assert all(estimate(p) <= limits.max_records for p in parts)
    covered = [c for p in parts for c in cells(p)]
    assert len(covered) == len(set(covered)) and set(covered) == cells(whole)


def test_split_down_to_single_cells_when_the_cap_is_tiny():
    whole = Query(("202301", "202302"), ("398",), (), ("854231",), ("M", "X"))
    parts = split(whole, Limits(max_records=1))
    assert len(parts) == 2 and {p.periods for p in parts} == {("202301",), ("202302",)}


def test_halve_splits_the_longest_dimension():
    query = Query(("202301",), ("398", "417", "860"), (), ("854231",), ("M",))
    first, second = halve(query)
    assert first.reporters == ("398",) and second.reporters == ("417", "860")
    assert halve(Query(("202301",), ("398",), (), ("854231",), ("M",))) is None


def test_query_key_is_readable_and_stable():
    query = Query(("202301", "202302", "202303"), ("398",), (), ("854231",), ("M", "X"))
    assert query.key() == "202301..202303x3_398_allpartners_854231_MX"
