"""The Parquet store on disk: snapshots swapped atomically, and a manifest.

Layout of a data directory::

    DIR/current -> snapshots/<id>          one symlink; replacing it is the only commit step
    DIR/flows -> current/flows             so DIR/flows/**/*.parquet are the canonical flows
    DIR/manifest.json -> current/manifest.json
    DIR/snapshots/<id>/flows/source=<s>/file=<hash>/part-0000.parquet
    DIR/snapshots/<id>/manifest.json

A write builds a new snapshot beside the old one (unchanged partitions are hard links), validates
it, then atomically repoints ``current``. An error or a crash before that leaves every byte of the
previous store as it was; the half-built snapshot is removed (or ignored, after a crash).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from geodata.errors import IngestError
from geodata.trade.schema import CANONICAL_SCHEMA

MANIFEST_VERSION = 1
KEEP_SNAPSHOTS = 2


class StoreLayout:
    """Paths of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.current = self.root / "current"
        self.snapshots = self.root / "snapshots"
        self.flows = self.root / "flows"
        self.manifest_path = self.root / "manifest.json"

    @property
    def flows_glob(self) -> str:
        return str(self.flows / "**" / "*.parquet")

    def exists(self) -> bool:
        return self.current.exists() and self.manifest_path.exists()

    def read_manifest(self) -> dict:
        if not self.exists():
            raise IngestError(
                f"{self.root}: expected a Corridor Atlas data store (manifest.json), found none — "
                "run `corridor-atlas demo` or `corridor-atlas ingest FILE` first"
            )
        return json.loads(self.manifest_path.read_text())

    def current_snapshot(self) -> Path | None:
        return self.current.resolve() if self.current.exists() else None


def empty_manifest() -> dict:
    return {"version": MANIFEST_VERSION, "snapshot": None, "updated": None, "files": []}


def _atomic_symlink(target: str, link: Path) -> None:
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex}")
    os.symlink(target, temporary)
    os.replace(temporary, link)


class SnapshotWriter:
    """A new snapshot under construction; `commit()` makes it current."""

    def __init__(self, layout: StoreLayout) -> None:
        self.layout = layout
        self.snapshot_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        self.path = layout.snapshots / f".building-{self.snapshot_id}"
        self.flows = self.path / "flows"
        self.flows.mkdir(parents=True)

    def partition(self, source: str, file_hash: str) -> Path:
        return self.flows / f"source={source}" / f"file={file_hash}"

    def carry_over(self, keep: Iterable[dict]) -> None:
        """Hard-link the partitions of files kept from the current snapshot (no bytes copied)."""
        current = self.layout.current_snapshot()
        if current is None:
            return
        for entry in keep:
            source_dir = current / "flows" / f"source={entry['source']}" / f"file={entry['sha256']}"
            target = self.partition(entry["source"], entry["sha256"])
            target.mkdir(parents=True, exist_ok=True)
            for part in sorted(source_dir.glob("*.parquet")):
                os.link(part, target / part.name)

    def parquet_writer(self, source: str, file_hash: str, part: int = 0) -> pq.ParquetWriter:
        directory = self.partition(source, file_hash)
        directory.mkdir(parents=True, exist_ok=True)
        return pq.ParquetWriter(directory / f"part-{part:04d}.parquet", CANONICAL_SCHEMA, compression="zstd")

    def cluster(self) -> None:
        """Rewrite every new part sorted by (hs6, period) in row groups of 64 k rows.

        Queries select a few dozen HS codes; sorted row groups let DuckDB skip the rest of the file
        (about twice as fast on 10 M rows). DuckDB sorts out of core, so this works for files larger
        than memory. Hard-linked parts carried over from the previous snapshot are already sorted.
        """
        import duckdb

        connection = duckdb.connect(config={"memory_limit": "1GB", "threads": 2})
        try:
            for part in sorted(self.flows.rglob("*.parquet")):
                if part.stat().st_nlink > 1:
                    continue
                sorted_part = part.with_suffix(".sorted")
                path = str(part).replace("'", "''")
                connection.execute(
                    f"COPY (SELECT * FROM read_parquet('{path}', hive_partitioning = false) ORDER BY hs6, period) TO "
                    f"'{str(sorted_part).replace(chr(39), chr(39) * 2)}' "
                    "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 65536)"
                )
                os.replace(sorted_part, part)
        finally:
            connection.close()

    def commit(self, manifest: dict) -> None:
        """Cluster and validate the files, write the manifest, and atomically make this snapshot current."""
        self.cluster()
        for part in self.flows.rglob("*.parquet"):
            schema = pq.read_schema(part)
            if [(f.name, f.type) for f in schema] != [(f.name, f.type) for f in CANONICAL_SCHEMA]:
                raise IngestError(f"{part}: written with schema {schema}, expected the canonical schema")
        manifest = {
            **manifest,
            "version": MANIFEST_VERSION,
            "snapshot": self.snapshot_id,
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (self.path / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        final = self.layout.snapshots / self.snapshot_id
        os.rename(self.path, final)
        self.path = final
        layout = self.layout
        layout.root.mkdir(parents=True, exist_ok=True)
        _atomic_symlink(os.path.relpath(final, layout.root), layout.current)
        for link, target in (
            (layout.flows, "current/flows"),
            (layout.manifest_path, "current/manifest.json"),
        ):
            if not link.is_symlink():
                _atomic_symlink(target, link)
        prune_snapshots(layout)

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def prune_snapshots(layout: StoreLayout, keep: int = KEEP_SNAPSHOTS) -> None:
    """Remove old snapshots and leftovers of crashed writes; the current one is always kept."""
    current = layout.current_snapshot()
    finished = sorted(
        (p for p in layout.snapshots.iterdir() if not p.name.startswith(".")), key=lambda p: p.name
    )
    for old in finished[:-keep]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in layout.snapshots.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def new_snapshot(data_dir: Path) -> Iterator[SnapshotWriter]:
    """Build a snapshot; on any exception remove it and leave the current store untouched."""
    layout = StoreLayout(data_dir)
    layout.snapshots.mkdir(parents=True, exist_ok=True)
    writer = SnapshotWriter(layout)
    try:
        yield writer
    except BaseException:
        writer.abort()
        raise
