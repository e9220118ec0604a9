"""A tiny canonical store with numbers you can add up by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geodata.trade.ingest import FileSummary, write_chunks
from geodata.trade.store import new_snapshot

ROWS = [
    # period, reporter, partner, flow, hs6, hs_version, value
    ("2019-06-01", "EUU", "KAZ", "X", "854140", "H5", 100.0),  # split code: half to 854141, half to 854149
    ("2019-06-01", "EUU", "KAZ", "X", "880330", "H5", 40.0),  # → 880730
    ("2019-06-01", "KAZ", "RUS", "X", "870323", "H5", 10.0),
    ("2023-03-01", "EUU", "KAZ", "X", "854149", "H6", 300.0),
    ("2023-03-01", "EUU", "KAZ", "X", "880730", "H6", 60.0),
    ("2023-03-01", "KAZ", "EUU", "M", "854149", "H6", 200.0),  # KAZ's own (importer-side) declaration
    ("2023-03-01", "KAZ", "RUS", "X", "854149", "H6", 150.0),
    ("2023-03-01", "KAZ", "RUS", "M", "870323", "H6", 500.0),  # RUS → KAZ as KAZ declares it
    ("2023-05-01", "KGZ", "RUS", "X", "848210", "H6", 70.0),
    ("2023-05-01", "CHN", "KGZ", "X", "848210", "H6", 90.0),
]


def canonical_frame(
    rows=ROWS, source: str = "comtrade", file_hash: str = "fixture0000000000"
) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["period", "reporter", "partner", "flow", "hs6", "hs_version", "value_usd"]
    )
    frame["period"] = pd.to_datetime(frame["period"])
    frame["freq"] = "M"
    frame["net_kg"] = frame["value_usd"] * 2
    frame["source"] = source
    frame["source_file"] = file_hash
    frame["partner2"] = None
    frame["transport_mode"] = None
    return frame


def write_fixture_store(data_dir: Path, frame: pd.DataFrame | None = None, *more: pd.DataFrame) -> None:
    """One snapshot holding each frame as one file (its source and hash from its first row)."""
    frames = [canonical_frame() if frame is None else frame, *more]
    entries = []
    with new_snapshot(data_dir) as writer:
        for part in frames:
            summary = FileSummary()
            source, file_hash = part["source"].iloc[0], part["source_file"].iloc[0]
            write_chunks(writer, source, file_hash, [part], summary)
            entries.append(
                {
                    "source": source,
                    "name": f"fixture-{source}",
                    "sha256": file_hash,
                    "format": "fixture",
                    "vintage": "fixture",
                    **summary.as_manifest(),
                }
            )
        writer.commit({"files": entries})
