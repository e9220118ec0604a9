"""The contract every source-format reader follows.

A reader turns one source file into canonical frames (see `geodata.trade.schema`), chunk by
chunk, so a file larger than memory streams through. It never writes anything: the ingest step
collects the chunks and swaps the store atomically.

Two kinds of bad input:
- structural (truncated gzip, wrong delimiter, a non-numeric value, a header no reader knows):
  raise `IngestError` with file, line and column, what was expected, what arrived, and the fix;
- a row that can be left out (unknown country code, period out of range, a code that is not HS):
  count it in `ReadReport.skipped` by reason, remember the first line of each reason, and go on;
  with ``strict=True`` raise `IngestError` for the first such row instead.
Aggregate rows (HS2/HS4/total rows, partner World, totals beside mode-of-transport / customs /
second-partner breakdowns, EU27/euro-area reporters) are excluded and counted in
`ReadReport.aggregates_excluded` — they are sums of rows kept, so keeping them would double count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd

DEFAULT_CHUNK_ROWS = 200_000


@dataclass
class ReadReport:
    """What a reader saw in one file: counts for the progress bar, the manifest and the warning."""

    path: Path
    format_name: str = ""
    rows_read: int = 0
    rows_kept: int = 0
    aggregates_excluded: Counter = field(default_factory=Counter)  # reason -> rows
    skipped: Counter = field(default_factory=Counter)  # reason -> rows
    first_skipped_line: dict = field(default_factory=dict)  # reason -> first file line (or record)
    unit: str = "line"  # what the line numbers count: "line", or "record" in a JSON file
    duplicates: int = 0  # rows identical to an earlier row of the file (dropped: each is kept once)
    first_duplicate_line: int | None = None

    def duplicate(self, line: int, count: int) -> None:
        """Count ``count`` duplicate rows, remembering the line of the first one."""
        self.duplicates += count
        if self.first_duplicate_line is None:
            self.first_duplicate_line = line

    def skip(self, reason: str, line: int, count: int = 1) -> None:
        """Count ``count`` rows skipped for ``reason``, remembering the reason's first line."""
        self.skipped[reason] += count
        self.first_skipped_line.setdefault(reason, line)

    def warning(self) -> str | None:
        """One line a person can act on, or None when nothing was skipped or dropped as a duplicate."""
        said = []
        if self.duplicates:
            said.append(
                f"{self.duplicates:,} duplicate {self.unit}s (identical to an earlier one, first on "
                f"{self.unit} {self.first_duplicate_line}) kept once"
            )
        if self.skipped:
            parts = [
                f"{n:,} {reason} (first on {self.unit} {self.first_skipped_line[reason]})"
                for reason, n in self.skipped.most_common()
            ]
            said.append(
                f"skipped {sum(self.skipped.values()):,} of {self.rows_read:,} "
                f"{'rows' if self.unit == 'line' else self.unit + 's'} — "
                + "; ".join(parts)
                + ". Use --strict to stop on the first such row instead"
            )
        return f"{self.path.name}: " + "; ".join(said) + "." if said else None


class SourceFormat(Protocol):
    """One reader. `name` appears in messages and the manifest; `source` is the canonical source tag."""

    name: str
    source: str
    description: str

    def matches(self, header: list[str]) -> bool:
        """True when this header row (already split, stripped of quotes and BOM) is this format."""

    def read_chunks(
        self,
        path: Path,
        *,
        file_hash: str,
        report: ReadReport,
        strict: bool = False,
        chunk_rows: int = DEFAULT_CHUNK_ROWS,
        eur_usd: pd.Series | None = None,
    ) -> Iterator[pd.DataFrame]:
        """Yield canonical frames (columns of `CANONICAL_COLUMNS`) and fill `report` as it goes."""
