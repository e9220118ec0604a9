"""`frame_rows` gives what ``itertuples(index=False)`` gives, for the column types views use."""

from __future__ import annotations

import math

import pandas as pd

from geodata.frames import column_values, frame_rows


def test_rows_match_itertuples_for_mixed_columns():
    frame = pd.DataFrame(
        {
            "exporter": ["KAZ", "CHN", None],
            "value_usd": [1.5, float("nan"), 3.0],
            "count": [1, 2, 3],
            "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
            "sources": [("comtrade",), ("baci", "comext"), ()],
            "mirror": [True, False, True],
            "not an identifier": ["a", "b", "c"],
        }
    )
    rows = list(frame_rows(frame))
    expected = list(frame.itertuples(index=False))
    assert len(rows) == len(expected) == 3
    for got, want in zip(rows, expected, strict=True):
        for a, b in zip(got, want, strict=True):
            assert (
                (isinstance(a, float) and math.isnan(a) and pd.isna(b))
                or a == b
                or (pd.isna(a) and pd.isna(b))
            )
    assert rows[0].exporter == "KAZ" and rows[1].sources == ("baci", "comext") and rows[2]._6 == "c"
    assert type(rows[0]) is type(next(frame_rows(frame)))  # one class per column set


def test_empty_frames_and_column_values():
    assert list(frame_rows(pd.DataFrame({"a": [], "b": []}))) == []
    frame = pd.DataFrame({"exporter": ["KAZ", "ARM"], "importer": ["RUS", "RUS"], "v": [1, 2]})
    assert list(column_values(frame, "exporter", "importer")) == [("KAZ", "RUS"), ("ARM", "RUS")]
