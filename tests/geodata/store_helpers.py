"""Helpers for the ingest-hardening and store-fault tests: edited copies of the real fixtures, and a
hash of every byte of a store."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
PLUS = SOURCES / "comtrade_plus_kaz_202303.csv"
LEGACY = SOURCES / "comtrade_legacy_kaz.csv"
COMEXT = SOURCES / "full_v2_202301.dat"
BACI = SOURCES / "BACI_HS17_Y2022_V202401.csv"


def quiet(_message: str) -> None:
    """A warn callback that drops the message."""


def store_hash(data_dir: Path) -> str:
    """A hash of every path and byte under the data directory (links by their target)."""
    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).rglob("*")):
        digest.update(str(path.relative_to(data_dir)).encode())
        if path.is_symlink():
            digest.update(str(path.readlink()).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def edited(source: Path, target: Path, line: int, **values: str) -> Path:
    """A copy of ``source`` with the named columns of file line ``line`` (header = 1) set to ``values``."""
    rows = rows_of(source)
    header = rows[0]
    for column, value in values.items():
        rows[line - 1][header.index(column)] = value
    return write_rows(target, rows)
