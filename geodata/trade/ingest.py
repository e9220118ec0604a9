"""Ingest source files into the store: detect, read in chunks, write a new snapshot, swap.

Re-ingesting a file with the same content replaces its earlier rows (a file is known by its
sha256), so running the same command twice never doubles the numbers.

What is refused. Every failure is one `IngestError` line naming the file (and line and column where
there is one), and leaves every byte of the store as it was:

- structure: a plain text file whose last line has no line break (a download cut mid-row would
  store 30000 as 30; a gzip file proves completeness with its end marker), a row with fewer or more
  fields than the header, a line over 1 MiB, an unclosed quote, damaged or truncated gzip, binary
  garbage, an archive that was not extracted;
- values: a number that is not finite (``inf``, ``1e309``, ``nan``), a year or month that is not a
  whole number (``refMonth=1.5``), a year or month that contradicts the period column (Comtrade
  Plus ``refYear``/``refMonth`` vs ``period``, legacy ``Year`` vs ``Period``);
- cost: a file expanding past 20 GiB or one pass over it taking more than 2 hours (`formats.guard.ReadLimits`,
  settable per call with ``limits=`` or by environment variable); gzip is decompressed 64 KiB at a
  time, so memory does not grow with the expansion ratio;
- the store: a damaged or malformed ``manifest.json``; a part of the current snapshot whose sha256
  no longer matches its manifest; a data directory whose ``current`` link is missing while
  snapshots exist (ingest refuses rather than build a store holding only the new files, and
  `corridor-atlas verify --restore` repoints ``current`` at the newest intact snapshot); a full
  disk or another write failure;
- demo and real data never mix: ingesting a real file into a store holding the synthetic demo
  asks for ``replace_demo=True`` (``--replace-demo``: the demo is left out of the new snapshot) or
  another data directory; building the demo in a store of real data is refused the same way.

Rows that are counted and skipped (with ``strict`` the first of them is an error instead): unknown
country codes, periods out of range, codes that are not HS, flows other than X/M/RX/RM, missing and
negative values (a trade value, weight or quantity below zero).

Duplicates: a row whose every column the reader uses (period, reporter, partner, flow, product
code, value, weight, and the breakdown codes) equals an earlier row of the same file is the same
record twice; it is kept once, and the count and first line are reported in the warning and the
manifest entry's ``duplicates`` (``strict`` does not change this: nothing is lost by keeping one).
Rows that differ in any used column are kept, and summed on query
(a file's breakdown rows). Rows are compared by a 64-bit hash (8 bytes a row of memory). Files are
not compared with each other: ingesting the same data in two files of different bytes stores it twice.
"""

from __future__ import annotations

import csv
import hashlib
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa

from geodata.errors import IngestError
from geodata.goods import CATALOGUE_DIR, load_catalogue
from geodata.official import calibration_targets, load_official_totals
from geodata.trade.demo import demo_file_hash, generate_demo
from geodata.trade.formats import detect_format, load_eur_usd
from geodata.trade.formats.base import ReadReport
from geodata.trade.formats.guard import ReadLimits, use_limits
from geodata.trade.schema import to_arrow
from geodata.trade.store import StoreLayout, empty_manifest, new_snapshot

HASH_CHARS = 16


def file_sha256(path: Path) -> str:
    """The sha256 (hex) of a file's content; an `IngestError` when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise IngestError(
            f"{path}: expected a readable file, got {exc.strerror or exc} — check its permissions"
        ) from exc
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
        """Count a canonical chunk's rows; widen the months, frequencies, HS versions and reporters seen."""
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
        """The summary as the manifest keeps it: rows, first and last month ('YYYY-MM'), sorted lists."""

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


def base_manifest(layout: StoreLayout) -> dict:
    """The manifest the new snapshot builds on: the current one, or empty for a new store.

    A missing (or dangling) ``current`` link beside existing snapshots is refused: building on
    nothing would silently drop every file stored before.
    """
    if layout.is_snapshot:
        raise IngestError(
            f"{layout.root}: expected a data directory, got one snapshot of a store — pass the data "
            "directory (the one holding `current` and `snapshots/`)"
        )
    if layout.current.exists():
        return layout.read_manifest()
    snapshots = layout.finished_snapshots()
    if snapshots:
        raise IngestError(
            f"{layout.root}: expected a `current` link to the store's snapshot, found none beside "
            f"{len(snapshots)} snapshot(s) (newest {snapshots[-1].name}) — run `corridor-atlas verify "
            "--restore` to make the newest intact snapshot current, then ingest again (refusing to "
            "build a store holding only the new files)"
        )
    return empty_manifest()


def check_no_mixing(layout: StoreLayout, manifest: dict, *, real: bool, replace_demo: bool = False) -> None:
    """Refuse to put real and synthetic demo rows in one store."""
    sources = {f["source"] for f in manifest["files"]}
    if real and "demo" in sources and not replace_demo:
        raise IngestError(
            f"{layout.root}: expected a store of real data, got the synthetic demo store — choose: "
            "`corridor-atlas ingest --replace-demo FILE` drops the demo from the store, or "
            "`corridor-atlas --data-dir NEW_DIR ingest FILE` keeps it and starts a new store"
        )
    if not real and sources - {"demo"}:
        raise IngestError(
            f"{layout.root}: expected an empty store or the demo store, got one holding real data "
            f"({', '.join(sorted(sources - {'demo'}))}) — build the demo in another directory "
            "(`corridor-atlas --data-dir DEMO_DIR demo`); demo and real rows are never mixed"
        )


_UNREADABLE = (
    ValueError,
    LookupError,
    TypeError,
    ArithmeticError,
    EOFError,
    MemoryError,
    RecursionError,
    csv.Error,
    zlib.error,
    pa.ArrowException,
)


@contextmanager
def one_line_errors(path: Path) -> Iterator[None]:
    """Turn an error no reader anticipated into one `IngestError` line naming the file.

    (Write failures — ``OSError`` such as a full disk — are left to `store.new_snapshot`.)
    """
    try:
        yield
    except (IngestError, OSError):
        raise
    except _UNREADABLE as exc:
        detail = " ".join(str(exc).split())[:160]
        raise IngestError(
            f"{path.name}: expected a trade file the readers can parse, got one that fails with "
            f"{type(exc).__name__}: {detail} — download the file again; if it is intact, report this"
        ) from exc


def ingest_files(
    data_dir: Path,
    paths: Sequence[Path],
    *,
    strict: bool = False,
    eur_usd_path: Path | None = None,
    warn: Callable[[str], None] = print,
    fetched: Mapping[Path, dict] | None = None,
    replace_demo: bool = False,
    limits: ReadLimits | None = None,
) -> list[dict]:
    """Ingest every file into one new snapshot; all succeed or the store is left untouched.

    ``replace_demo`` drops the synthetic demo from the new snapshot (without it, a store holding the
    demo refuses real files); ``limits`` bounds the reading of each file (see the module doc).

    Returns the manifest entries of the ingested files. Skipped-row warnings go to ``warn``.
    ``fetched`` (from `geodata.fetch`) maps a file to how it was downloaded (URLs, retrieval time,
    sha256 and size of each part); it is stored as the entry's ``fetched`` and sets its vintage. An
    earlier fetched file with the same ``selection_key`` (same source and selection) is replaced.
    """
    fetched = {Path(p): f for p, f in (fetched or {}).items()}
    replaced = {f["selection_key"] for f in fetched.values() if f.get("selection_key")}
    layout = StoreLayout(data_dir)
    manifest = base_manifest(layout)
    check_no_mixing(layout, manifest, real=True, replace_demo=replace_demo)
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise IngestError(f"expected readable files, got no file at {', '.join(missing)} — check the path(s)")
    eur_usd = load_eur_usd(eur_usd_path)
    hashes = {Path(p): file_sha256(Path(p))[:HASH_CHARS] for p in paths}
    entries = []
    with use_limits(limits), new_snapshot(data_dir) as writer:
        keep = [
            f
            for f in manifest["files"]
            if f["sha256"] not in hashes.values()
            and (f.get("fetched") or {}).get("selection_key") not in replaced
            and f["source"] != "demo"
        ]
        writer.carry_over(keep)
        for path, file_hash in hashes.items():
            with one_line_errors(path):
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
                    "duplicates": report.duplicates,
                    "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "vintage": f"file dated {datetime.fromtimestamp(path.stat().st_mtime, UTC):%Y-%m-%d}",
                }
            )
            if path in fetched:
                from geodata.fetch.run import vintage  # lazy: geodata.fetch.run imports this module

                entries[-1].update(fetched=fetched[path], vintage=vintage(fetched[path]))
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
    layout = StoreLayout(data_dir)
    manifest = base_manifest(layout)
    check_no_mixing(layout, manifest, real=False)
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
