"""Ingest source files into the store: detect, read in chunks, write a new snapshot, swap.

Re-ingesting a file with the same content replaces its earlier rows (a file is known by its
sha256), so running the same command twice never doubles the numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa

from geodata.errors import IngestError
from geodata.trade.formats import detect_format, load_eur_usd
from geodata.trade.formats.base import ReadReport
from geodata.trade.schema import to_arrow
from geodata.trade.store import StoreLayout, empty_manifest, new_snapshot

HASH_CHARS = 16


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class FileSummary:
    """What one file contributed: written to the manifest and shown by `info`."""

    rows: int = 0
    period_min: pd.Timestamp | None = None
    period_max: pd.Timestamp | None = None
    freqs: set | None = None
    hs_versions: set | None = None
    reporters: set | None = None

    def add(self, chunk: pd.DataFrame) -> None:
        if chunk.empty:
            return
        self.rows += len(chunk)
        lo, hi = pd.Timestamp(chunk["period"].min()), pd.Timestamp(chunk["period"].max())
        self.period_min = lo if self.period_min is None else min(self.period_min, lo)
        self.period_max = hi if self.period_max is None else max(self.period_max, hi)
        for name, column in (("freqs", "freq"), ("hs_versions", "hs_version"), ("reporters", "reporter")):
            values = set(chunk[column].dropna().unique().tolist())
            setattr(self, name, (getattr(self, name) or set()) | values)

    def as_manifest(self) -> dict:
        def month(value: pd.Timestamp | None) -> str | None:
            return None if value is None else value.strftime("%Y-%m")

        return {
            "rows": self.rows,
            "period_min": month(self.period_min),
            "period_max": month(self.period_max),
            "freqs": sorted(self.freqs or []),
            "hs_versions": sorted(self.hs_versions or []),
            "reporters": sorted(self.reporters or []),
        }


def write_chunks(writer, source: str, file_hash: str, chunks, summary: FileSummary) -> None:
    """Stream canonical chunks into one Parquet file of the new snapshot."""
    parquet = None
    try:
        for chunk in chunks:
            if chunk.empty:
                continue
            table: pa.Table = to_arrow(chunk)
            if parquet is None:
                parquet = writer.parquet_writer(source, file_hash)
            parquet.write_table(table, row_group_size=1_000_000)
            summary.add(chunk)
    finally:
        if parquet is not None:
            parquet.close()


def ingest_files(
    data_dir: Path,
    paths: Sequence[Path],
    *,
    strict: bool = False,
    eur_usd_path: Path | None = None,
    warn: Callable[[str], None] = print,
) -> list[dict]:
    """Ingest every file into one new snapshot; all succeed or the store is left untouched.

    Returns the manifest entries of the ingested files. Skipped-row warnings go to ``warn``.
    """
    layout = StoreLayout(data_dir)
    manifest = layout.read_manifest() if layout.exists() else empty_manifest()
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise IngestError(f"expected readable files, got no file at {', '.join(missing)} — check the path(s)")
    eur_usd = load_eur_usd(eur_usd_path)
    hashes = {Path(p): file_sha256(Path(p))[:HASH_CHARS] for p in paths}
    entries = []
    with new_snapshot(data_dir) as writer:
        keep = [f for f in manifest["files"] if f["sha256"] not in hashes.values()]
        writer.carry_over(keep)
        for path, file_hash in hashes.items():
            reader = detect_format(path)
            report = ReadReport(path=path, format_name=reader.name)
            summary = FileSummary()
            chunks = reader.read_chunks(
                path, file_hash=file_hash, report=report, strict=strict, eur_usd=eur_usd
            )
            write_chunks(writer, reader.source, file_hash, chunks, summary)
            if summary.rows == 0:
                raise IngestError(
                    f"{path.name}: expected at least one HS6 trade row after excluding aggregates, "
                    f"got none of {report.rows_read:,} rows — is this the detailed (HS6) download?"
                )
            if (message := report.warning()) is not None:
                warn(message)
            entries.append(
                {
                    "source": reader.source,
                    "format": reader.name,
                    "name": path.name,
                    "sha256": file_hash,
                    "rows_read": report.rows_read,
                    **summary.as_manifest(),
                    "aggregates_excluded": dict(report.aggregates_excluded),
                    "skipped": dict(report.skipped),
                    "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "vintage": f"file dated {datetime.fromtimestamp(path.stat().st_mtime, UTC):%Y-%m-%d}",
                }
            )
        writer.commit({**manifest, "files": keep + entries})
    return entries


def ingest_demo(
    data_dir: Path,
    *,
    seed: int,
    rows: int | None = None,
    eur_usd_path: Path | None = None,
    catalogue_dir: Path | None = None,
) -> dict:
    """Replace the demo rows of the store with a freshly generated synthetic dataset."""
    from geodata.goods import CATALOGUE_DIR, load_catalogue
    from geodata.official import calibration_targets, load_official_totals
    from geodata.trade.demo import demo_file_hash, generate_demo

    layout = StoreLayout(data_dir)
    manifest = layout.read_manifest() if layout.exists() else empty_manifest()
    usd_per_eur = load_eur_usd(eur_usd_path)
    targets = calibration_targets(load_official_totals())
    file_hash = demo_file_hash(seed, rows)
    summary = FileSummary()
    with new_snapshot(data_dir) as writer:
        keep = [f for f in manifest["files"] if f["source"] != "demo"]
        writer.carry_over(keep)
        chunks = generate_demo(
            load_catalogue(catalogue_dir or CATALOGUE_DIR), targets, usd_per_eur, seed=seed, rows=rows
        )
        write_chunks(writer, "demo", file_hash, chunks, summary)
        entry = {
            "source": "demo",
            "format": "synthetic demo generator",
            "name": f"demo (seed {seed})",
            "sha256": file_hash,
            "rows_read": summary.rows,
            **summary.as_manifest(),
            "aggregates_excluded": {},
            "skipped": {},
            "seed": seed,
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vintage": f"synthetic, generated {datetime.now(UTC):%Y-%m-%d} (seed {seed})",
        }
        writer.commit({**manifest, "files": keep + [entry]})
    return entry
