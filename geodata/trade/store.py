"""The Parquet store on disk: snapshots swapped atomically, and a manifest.

Layout of a data directory::

    DIR/current -> snapshots/<id>          one symlink; replacing it is the only commit step
    DIR/flows -> current/flows             so DIR/flows/**/*.parquet are the canonical flows
    DIR/manifest.json -> current/manifest.json
    DIR/snapshots/<id>/flows/source=<s>/file=<hash>/part-0000.parquet
    DIR/snapshots/<id>/manifest.json

A write builds a new snapshot beside the old one, validates it, then atomically repoints
``current``. An error or a crash before that leaves every byte of the previous store as it was;
the half-built snapshot is removed (or ignored, after a crash). A failure to write (disk full, no
permission) is an `IngestError` of one line.

Snapshots share no files: the partitions kept from the previous snapshot are *copied* (not hard
linked), so one damaged file cannot damage two snapshots — the older one stays a fallback. Each
copy is checked against the sha256 the previous manifest records for it, so damage is never
carried forward. The manifest's ``parts`` maps every Parquet file of the snapshot (its path
relative to the snapshot) to its ``sha256`` and ``bytes``; `geodata.trade.verify` checks them.
Parts and manifest are flushed to disk (fsync) before ``current`` moves.

``StoreLayout(path)`` also opens one snapshot directory on its own (one whose ``manifest.json`` is
a file, not the link of a data directory): ``TradeStore(snapshot_dir)`` then reads that snapshot,
which is how a server falls back to an older snapshot (`geodata.trade.verify.open_good_snapshot`).
"""

from __future__ import annotations

import errno
import hashlib
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
        #: True when ``data_dir`` is one snapshot directory rather than a data directory
        self.is_snapshot = self.manifest_path.is_file() and not self.manifest_path.is_symlink()
        if self.is_snapshot:
            self.current = self.root

    @property
    def flows_glob(self) -> str:
        """The glob of every Parquet file of the flows the store reads (``flows/**/*.parquet``)."""
        return str(self.flows / "**" / "*.parquet")

    def exists(self) -> bool:
        """True when the store has a current snapshot and a manifest."""
        return self.current.exists() and self.manifest_path.exists()

    def read_manifest(self) -> dict:
        """The current manifest; an `IngestError` when there is no store here or the manifest is malformed."""
        if not self.exists():
            raise IngestError(
                f"{self.root}: expected a Corridor Atlas data store (manifest.json), found none — "
                "run `corridor-atlas demo` or `corridor-atlas ingest FILE` first"
            )
        return load_manifest(self.manifest_path)

    def current_snapshot(self) -> Path | None:
        """The current snapshot's directory (the link resolved), or None when there is none."""
        return self.current.resolve() if self.current.exists() else None

    def finished_snapshots(self) -> list[Path]:
        """Every complete snapshot directory, oldest first (names start with their UTC time)."""
        if self.is_snapshot or not self.snapshots.is_dir():
            return []
        return sorted(
            (p for p in self.snapshots.iterdir() if not p.name.startswith(".") and p.is_dir()),
            key=lambda p: p.name,
        )


def manifest_problem(manifest: object) -> str | None:
    """What is wrong with the structure of a parsed manifest, or None."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return "a JSON object without a 'files' list"
    for entry in manifest["files"]:
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(key), str) for key in ("source", "sha256", "name")
        ):
            return "a file entry without source, sha256 and name"
    parts = manifest.get("parts", {})
    if not isinstance(parts, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("bytes"), int)
        for v in parts.values()
    ):
        return "a 'parts' table without sha256 and bytes for every part"
    return None


def load_manifest(path: Path) -> dict:
    """The parsed manifest at ``path``; an `IngestError` of one line when it is unreadable or malformed."""
    try:
        manifest = json.loads(Path(path).read_text(encoding="utf-8"))
        problem = manifest_problem(manifest)
    except (OSError, ValueError) as exc:  # ValueError: bad JSON, bad UTF-8
        problem = f"an unreadable file ({str(exc)[:80]})"
    if problem:
        raise IngestError(
            f"{path}: expected the store's manifest, got {problem} — the snapshot is damaged; "
            "`corridor-atlas verify` lists the snapshots that are intact and `corridor-atlas verify "
            "--restore` makes the newest of them current"
        )
    return manifest


def file_digest(path: Path, copy_to: Path | None = None) -> tuple[str, int]:
    """(sha256 hex, bytes) of a file, copying it to ``copy_to`` (flushed to disk) on the way."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        target = open(copy_to, "xb") if copy_to is not None else None  # noqa: SIM115
        try:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
                if target is not None:
                    target.write(block)
            if target is not None:
                target.flush()
                os.fsync(target.fileno())
        finally:
            if target is not None:
                target.close()
    return digest.hexdigest(), size


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def empty_manifest() -> dict:
    """The manifest of a store with no files and no snapshot yet."""
    return {"version": MANIFEST_VERSION, "snapshot": None, "updated": None, "files": []}


def _atomic_symlink(target: str, link: Path) -> None:
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex}")
    os.symlink(target, temporary)
    os.replace(temporary, link)


class SnapshotWriter:
    """A new snapshot under construction; `commit()` makes it current."""

    def __init__(self, layout: StoreLayout) -> None:
        self.layout = layout
        # UTC time to the microsecond first: names sort in the order the snapshots were made
        self.snapshot_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:8]
        self.path = layout.snapshots / f".building-{self.snapshot_id}"
        self.flows = self.path / "flows"
        self.flows.mkdir(parents=True)
        self.parts: dict[str, dict] = {}  # checksums of the parts copied from the previous snapshot
        self.committed = False

    def partition(self, source: str, file_hash: str) -> Path:
        """The directory of one source file's rows in the new snapshot (``flows/source=…/file=…``)."""
        return self.flows / f"source={source}" / f"file={file_hash}"

    def carry_over(self, keep: Iterable[dict], base: Path | None = None) -> None:
        """Copy the partitions of files kept from the ``base`` snapshot (default: the current one).

        Every copy is checked against the checksum in the base manifest; a part that does not match
        (or is missing) stops the write with an `IngestError` naming it, so damage is not carried on.
        """
        base = base or self.layout.current_snapshot()
        if base is None:
            return
        recorded = load_manifest(base / "manifest.json").get("parts", {})
        for entry in keep:
            partition = Path("flows") / f"source={entry['source']}" / f"file={entry['sha256']}"
            parts = sorted((base / partition).glob("*.parquet"))
            if not parts:
                raise IngestError(
                    f"{base / partition}: expected the stored rows of {entry['name']}, found no Parquet "
                    "file — the snapshot is damaged; run `corridor-atlas verify`"
                )
            (self.path / partition).mkdir(parents=True, exist_ok=True)
            for part in parts:
                relative = str(partition / part.name)
                digest, size = file_digest(part, copy_to=self.path / relative)
                want = recorded.get(relative)
                if want is not None and (want["sha256"], want["bytes"]) != (digest, size):
                    raise IngestError(
                        f"{part}: expected sha256 {want['sha256'][:12]}… ({want['bytes']:,} bytes) as "
                        f"recorded, got {digest[:12]}… ({size:,} bytes) — this stored file is damaged, so "
                        "nothing was written; run `corridor-atlas verify` (and `--restore`), or re-ingest "
                        f"{entry['name']}"
                    )
                self.parts[relative] = {"sha256": digest, "bytes": size}

    def parquet_writer(self, source: str, file_hash: str, part: int = 0) -> pq.ParquetWriter:
        """A Parquet writer (canonical schema, zstd) for part ``part`` of a file's partition (made if new)."""
        directory = self.partition(source, file_hash)
        directory.mkdir(parents=True, exist_ok=True)
        return pq.ParquetWriter(directory / f"part-{part:04d}.parquet", CANONICAL_SCHEMA, compression="zstd")

    def cluster(self) -> None:
        """Rewrite every new part sorted by (hs6, period) in row groups of 64 k rows.

        Queries select a few dozen HS codes; sorted row groups let DuckDB skip the rest of the file
        (about twice as fast on 10 M rows). DuckDB sorts out of core, so this works for files larger
        than memory. Parts carried over from the previous snapshot are already sorted.
        """
        import duckdb

        connection = duckdb.connect(config={"memory_limit": "1GB", "threads": 2})
        try:
            for part in sorted(self.flows.rglob("*.parquet")):
                if str(part.relative_to(self.path)) in self.parts:
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
        parts = {}
        for part in sorted(self.flows.rglob("*.parquet")):
            relative = str(part.relative_to(self.path))
            if relative not in self.parts:
                _fsync(part)
                digest, size = file_digest(part)
                self.parts[relative] = {"sha256": digest, "bytes": size}
            parts[relative] = self.parts[relative]
        manifest = {
            **manifest,
            "version": MANIFEST_VERSION,
            "snapshot": self.snapshot_id,
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
            "parts": parts,
        }
        with open(self.path / "manifest.json", "w", encoding="utf-8") as handle:
            handle.write(json.dumps(manifest, indent=2, sort_keys=True))
            handle.flush()
            os.fsync(handle.fileno())
        final = self.layout.snapshots / self.snapshot_id
        os.rename(self.path, final)
        self.path = final
        layout = self.layout
        layout.root.mkdir(parents=True, exist_ok=True)
        _fsync(layout.snapshots)
        _atomic_symlink(os.path.relpath(final, layout.root), layout.current)
        self.committed = True
        for link, target in (
            (layout.flows, "current/flows"),
            (layout.manifest_path, "current/manifest.json"),
        ):
            if not link.is_symlink():
                _atomic_symlink(target, link)
        prune_snapshots(layout)

    def abort(self) -> None:
        """Remove the half-built snapshot, unless it was committed."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)


def prune_snapshots(layout: StoreLayout, keep: int = KEEP_SNAPSHOTS) -> None:
    """Remove old snapshots and leftovers of crashed writes; the current one is always kept."""
    current = layout.current_snapshot()
    finished = layout.finished_snapshots()
    for old in finished[:-keep]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in layout.snapshots.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def new_snapshot(data_dir: Path) -> Iterator[SnapshotWriter]:
    """Build a snapshot; on any exception remove it and leave the current store untouched."""
    layout = StoreLayout(data_dir)
    if layout.is_snapshot:
        raise IngestError(
            f"{data_dir}: expected a data directory, got one snapshot of a store — pass the data "
            "directory (the one holding `current` and `snapshots/`)"
        )
    writer = None
    try:
        layout.snapshots.mkdir(parents=True, exist_ok=True)
        writer = SnapshotWriter(layout)
        yield writer
    except BaseException as exc:
        if writer is not None:
            writer.abort()
        if isinstance(exc, OSError) or type(exc).__module__.startswith(("duckdb", "pyarrow")):
            raise write_error(layout, exc) from exc
        raise


def write_error(layout: StoreLayout, exc: BaseException) -> IngestError:
    """The one-line error for a write that failed (disk full, permissions, I/O), store unchanged."""
    full = getattr(exc, "errno", None) == errno.ENOSPC or "space" in str(exc).lower()
    reason = "the disk is full" if full else f"{type(exc).__name__}: {str(exc)[:160]}"
    fix = "free some space" if full else "check the directory's permissions and the disk"
    return IngestError(
        f"{layout.root}: the new snapshot could not be completed ({reason}) — {fix} and ingest "
        "again; the store was left as it was"
    )
