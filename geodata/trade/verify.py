"""Checking the snapshots of a store, and choosing an intact one to serve.

A snapshot is intact when its manifest reads, every Parquet part it lists is there with the size
(and, in a full check, the sha256) the manifest records, every part's footer and schema read, and
no Parquet file it does not list sits among them (the query glob would read it as data).

- `verify_snapshot(path, full=True)`: one snapshot's `SnapshotCheck`;
- `verify_store(data_dir, full=True)`: the current snapshot and every older one, newest first —
  `corridor-atlas verify` prints it (`report_lines`) and exits non-zero when the current one is
  damaged;
- `open_good_snapshot(data_dir, full=False)` → ``(snapshot_path, warning or None)``: the current
  snapshot when it is intact, else the newest intact older one with a warning saying which and
  why (a missing ``current`` link is handled the same way). ``TradeStore(snapshot_path)`` opens
  that snapshot (see `geodata.trade.store.StoreLayout`). With no intact snapshot it raises
  `StoreDamagedError` (an `IngestError`) whose message a page can show. The quick check (sizes,
  footers) costs a stat and a footer read per part; ``full=True`` also hashes every byte;
- `restore_last_good(data_dir)`: point ``current`` at the newest snapshot that passes the full
  check and set the damaged ones aside (`corridor-atlas verify --restore`), so ingest can go on
  after a damaged or lost ``current``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from geodata.errors import IngestError, StoreDamagedError
from geodata.i18n import N_, Text
from geodata.trade.schema import CANONICAL_SCHEMA
from geodata.trade.store import StoreLayout, _atomic_symlink, file_digest, load_manifest

_CANONICAL = [(f.name, f.type) for f in CANONICAL_SCHEMA]


@dataclass
class SnapshotCheck:
    """What checking one snapshot found."""

    path: Path
    full: bool
    current: bool = False
    updated: str | None = None
    parts: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the check found no problem."""
        return not self.problems

    def line(self) -> str:
        """One line: the snapshot, whether it is current, and its state."""
        label = f"{self.path.name}{' (current)' if self.current else ''}"
        if self.problems:
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return f"{label}: DAMAGED — {self.problems[0]}{more}"
        how = "sha256 of every part matches" if self.full else "sizes and Parquet footers read (no checksums)"
        notes = f"; {'; '.join(self.notes)}" if self.notes else ""
        return f"{label}: ok — {self.parts} part(s), {self.bytes:,} bytes, {how}{notes}"


def _check_part(path: Path, want: dict | None, full: bool) -> str | None:
    """The problem with one listed part, or None."""
    if not path.is_file():
        return "is missing"
    size = path.stat().st_size
    if want is not None and size != want["bytes"]:
        return f"has {size:,} bytes, the manifest records {want['bytes']:,}"
    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 — pyarrow raises several types for a damaged footer
        return f"has no readable Parquet footer ({type(exc).__name__})"
    if [(f.name, f.type) for f in schema] != _CANONICAL:
        return "has another schema than the canonical one"
    if full and want is not None and file_digest(path)[0] != want["sha256"]:
        return "does not match its sha256 (its bytes changed)"
    return None


def verify_snapshot(path: Path, *, full: bool = True, current: bool = False) -> SnapshotCheck:
    """Check one snapshot directory (see the module doc)."""
    path = Path(path)
    check = SnapshotCheck(path=path, full=full, current=current)
    try:
        manifest = load_manifest(path / "manifest.json")
    except IngestError as exc:
        check.problems.append(str(exc).split(" — ")[0].replace(str(path) + "/", ""))
        return check
    check.updated = manifest.get("updated")
    recorded = manifest.get("parts")
    on_disk = {str(p.relative_to(path)) for p in (path / "flows").rglob("*.parquet")}
    if recorded is None:
        check.notes.append("no checksums recorded (written before they were)")
        listed = sorted(on_disk)
    else:
        listed = sorted(recorded)
        check.problems += [f"{extra} is not in the manifest" for extra in sorted(on_disk - set(recorded))]
    for entry in manifest["files"]:
        prefix = f"flows/source={entry['source']}/file={entry['sha256']}/"
        if not any(name.startswith(prefix) for name in listed):
            check.problems.append(f"the rows of {entry['name']} ({prefix}) are missing")
    for relative in listed:
        want = recorded.get(relative) if recorded is not None else None
        problem = _check_part(path / relative, want, full)
        if problem:
            check.problems.append(f"{relative} {problem}")
        else:
            check.parts += 1
            check.bytes += (path / relative).stat().st_size
    return check


def verify_store(data_dir: Path, *, full: bool = True) -> list[SnapshotCheck]:
    """Every snapshot of the store, the current one first, then the others newest first."""
    layout = StoreLayout(data_dir)
    current = layout.current_snapshot()
    order = [current] if current is not None else []
    order += [p for p in reversed(layout.finished_snapshots()) if p.resolve() != current]
    return [verify_snapshot(p, full=full, current=p == current) for p in order]


def report_lines(data_dir: Path, checks: list[SnapshotCheck]) -> tuple[list[str], bool]:
    """(lines to print, whether the current snapshot is intact)."""
    if not checks:
        return [
            f"{data_dir}: no snapshots — run `corridor-atlas demo` or `corridor-atlas ingest FILE`"
        ], False
    lines = [f"store {data_dir}:"]
    if not checks[0].current:
        lines.append("  `current` link: MISSING — `corridor-atlas verify --restore` repoints it")
    lines += [f"  {check.line()}" for check in checks]
    aside = sorted(StoreLayout(data_dir).snapshots.glob(".damaged-*"))
    lines += [
        f"  {path.name}: set aside as damaged by `verify --restore` (not served; delete when done)"
        for path in aside
    ]
    return lines, checks[0].current and checks[0].ok


def open_good_snapshot(data_dir: Path, *, full: bool = False) -> tuple[Path, str | None]:
    """(snapshot to serve, None) when the current one is intact, else (newest intact one, warning).

    Raises `StoreDamagedError` when no snapshot is intact (or there is none).
    """
    layout = StoreLayout(data_dir)
    if layout.is_snapshot:
        check = verify_snapshot(layout.root, full=full, current=True)
        if check.ok:
            return layout.root, None
        raise StoreDamagedError(f"{layout.root}: the snapshot is damaged — {check.problems[0]}")
    current = layout.current_snapshot()
    why = Text(N_("the store's `current` link is missing"))
    candidates = [current] if current is not None else []
    candidates += [p for p in reversed(layout.finished_snapshots()) if p.resolve() != current]
    for snapshot in candidates:
        check = verify_snapshot(snapshot, full=full, current=snapshot == current)
        if check.ok and snapshot == current:
            return snapshot, None
        if check.ok:
            return snapshot, Text(
                N_(
                    "Showing an older snapshot, {snapshot} (updated {updated}): {why}. "
                    "Run `corridor-atlas verify` for details and `corridor-atlas verify --restore` to repair."
                ),
                snapshot=snapshot.name,
                updated=check.updated,
                why=why,
            )
        if snapshot == current:
            why = Text(
                N_("the current snapshot {snapshot} is damaged ({problem})"),
                snapshot=snapshot.name,
                problem=check.problems[0],
            )
    if not candidates:
        raise StoreDamagedError(
            f"{layout.root}: expected a Corridor Atlas data store, found none — run "
            "`corridor-atlas demo` or `corridor-atlas ingest FILE` first"
        )
    raise StoreDamagedError(
        f"{layout.root}: no intact snapshot to serve — {why}, and no older snapshot is intact; "
        "ingest the source files again into a new data directory (`corridor-atlas verify` lists the damage)"
    )


def restore_last_good(data_dir: Path) -> SnapshotCheck:
    """Point ``current`` at the newest snapshot that passes the full check; its check is returned.

    Damaged snapshots are set aside as ``snapshots/.damaged-<id>`` (kept for inspection, never
    served, never a base to ingest on, never counted among the snapshots pruning keeps). Raises
    `StoreDamagedError` when no snapshot is intact.
    """
    layout = StoreLayout(data_dir)
    checks = sorted(verify_store(data_dir, full=True), key=lambda c: c.path.name, reverse=True)
    good = next((check for check in checks if check.ok), None)
    if good is None:
        raise StoreDamagedError(
            f"{layout.root}: no intact snapshot to restore — ingest the source files again into a new "
            "data directory"
        )
    if not good.current:
        _atomic_symlink(os.path.relpath(good.path, layout.root), layout.current)
        good.current = True
    for link, target in ((layout.flows, "current/flows"), (layout.manifest_path, "current/manifest.json")):
        if not link.is_symlink():
            _atomic_symlink(target, link)
    for check in checks:
        if not check.ok:
            os.rename(check.path, check.path.with_name(f".damaged-{check.path.name}"))
    return good
