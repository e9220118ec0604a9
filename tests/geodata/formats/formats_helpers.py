"""Shared helpers for the source-format reader tests: fixture paths, reading a file whole, editing copies."""

from __future__ import annotations

import csv
import gzip
import shutil
from pathlib import Path

import pandas as pd

from geodata.trade.formats import ReadReport

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
FILE_HASH = "0123456789abcdef"


def read_all(fmt, path: Path, **kwargs) -> tuple[pd.DataFrame, ReadReport, int]:
    """(all rows as one frame, report, number of chunks) for a reader and a file."""
    report = ReadReport(Path(path))
    chunks = list(fmt.read_chunks(Path(path), file_hash=FILE_HASH, report=report, **kwargs))
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
    return frame, report, len(chunks)


def edited_copy(
    src: Path,
    dst: Path,
    edits: dict[int, dict[str, str]],
    *,
    delimiter: str = ",",
    extra_rows: list[dict[str, str]] | None = None,
) -> Path:
    """Copy a CSV fixture, changing fields by column name on given 1-based file lines (header = line 1)."""
    with open(src, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for line, changes in edits.items():
        for column, value in changes.items():
            rows[line - 1][header.index(column)] = value
    for extra in extra_rows or []:
        base = list(rows[1])
        for column, value in extra.items():
            base[header.index(column)] = value
        rows.append(base)
    with open(dst, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return dst


def gzip_copy(src: Path, dst: Path) -> Path:
    with open(src, "rb") as raw, gzip.open(dst, "wb") as packed:
        shutil.copyfileobj(raw, packed)
    return dst
