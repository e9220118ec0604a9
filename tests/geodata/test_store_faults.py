"""The store survives faults: independent snapshots, checksums, `verify`, a fallback to the last
intact snapshot, and no silent rebuild when `current` is gone (issue 12, point 5)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dashboard.cli import main
from geodata.errors import IngestError, StoreDamagedError
from geodata.trade.ingest import ingest_files
from geodata.trade.query import TradeStore
from geodata.trade.store import StoreLayout, file_digest
from geodata.trade.verify import open_good_snapshot, restore_last_good, verify_snapshot, verify_store
from tests.geodata.store_helpers import BACI, COMEXT, PLUS, quiet, store_hash


@pytest.fixture()
def store(tmp_path) -> Path:
    """Two snapshots: the first holds PLUS, the current one PLUS and COMEXT."""
    data_dir = tmp_path / "data"
    ingest_files(data_dir, [PLUS], warn=quiet)
    ingest_files(data_dir, [COMEXT], warn=quiet)
    return data_dir


def plus_part(snapshot: Path) -> Path:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    [entry] = [f for f in manifest["files"] if f["name"] == PLUS.name]
    [part] = (snapshot / "flows" / "source=comtrade" / f"file={entry['sha256']}").glob("*.parquet")
    return part


def snapshots(data_dir: Path) -> tuple[Path, Path]:
    """(older, current)."""
    layout = StoreLayout(data_dir)
    current = layout.current_snapshot()
    [older] = [p for p in layout.finished_snapshots() if p != current]
    return older, current


def damage_middle(part: Path) -> None:
    data = bytearray(part.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0xFF
    part.write_bytes(bytes(data))


def test_snapshots_share_no_file(store):
    older, current = snapshots(store)
    old_part, new_part = plus_part(older), plus_part(current)
    assert old_part.read_bytes() == new_part.read_bytes()
    assert old_part.stat().st_ino != new_part.stat().st_ino
    assert old_part.stat().st_nlink == 1 and new_part.stat().st_nlink == 1


def test_the_manifest_records_a_checksum_of_every_part(store):
    for snapshot in snapshots(store):
        parts = json.loads((snapshot / "manifest.json").read_text())["parts"]
        on_disk = sorted(str(p.relative_to(snapshot)) for p in (snapshot / "flows").rglob("*.parquet"))
        assert sorted(parts) == on_disk
        for relative, want in parts.items():
            assert file_digest(snapshot / relative) == (want["sha256"], want["bytes"])


def test_a_damaged_part_damages_one_snapshot_only_and_verify_says_which(store, capsys):
    older, current = snapshots(store)
    damage_middle(plus_part(current))
    assert verify_snapshot(older).ok
    check = verify_snapshot(current)
    assert not check.ok and "does not match its sha256" in check.problems[0]
    assert main(["--data-dir", str(store), "verify"]) == 1
    out = capsys.readouterr().out
    assert f"{current.name} (current): DAMAGED" in out and f"{older.name}: ok" in out
    assert "file=" in out.split("DAMAGED")[1]


def test_serving_falls_back_to_the_last_intact_snapshot(store):
    older, current = snapshots(store)
    plus_part(current).write_bytes(plus_part(current).read_bytes()[:-100])  # a truncated Parquet file
    served = TradeStore(store)  # `serve` used to end in a DuckDB traceback here
    assert served.snapshot_dir == older and current.name in served.warning
    snapshot, warning = open_good_snapshot(store)
    assert snapshot == older
    assert current.name in warning and older.name in warning and "damaged" in warning
    trade = TradeStore(snapshot)
    assert trade.snapshot_dir == older and trade.sources == ("comtrade",)
    assert main(["--data-dir", str(store), "verify", "--quick"]) == 1


def test_an_intact_store_serves_its_current_snapshot_without_warning(store):
    assert open_good_snapshot(store) == (StoreLayout(store).current_snapshot(), None)
    assert open_good_snapshot(store, full=True)[1] is None
    assert main(["--data-dir", str(store), "verify"]) == 0


def test_with_no_intact_snapshot_the_error_is_one_clear_line(store):
    for snapshot in snapshots(store):
        plus_part(snapshot).write_bytes(b"garbage")
    with pytest.raises(StoreDamagedError) as caught:
        open_good_snapshot(store)
    assert "no intact snapshot" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(StoreDamagedError):
        open_good_snapshot(store.parent / "nothing-here")


def test_ingest_refuses_to_carry_a_damaged_part_forward(store):
    older, current = snapshots(store)
    damage_middle(plus_part(current))
    before = store_hash(store)
    with pytest.raises(IngestError, match=r"part-0000.parquet: expected sha256 .* damaged"):
        ingest_files(store, [BACI], warn=quiet)
    assert store_hash(store) == before
    check = restore_last_good(store)
    assert check.path == older and StoreLayout(store).current_snapshot() == older
    assert (current.parent / f".damaged-{current.name}").is_dir() and not current.exists()
    ingest_files(store, [BACI], warn=quiet)
    assert {f["source"] for f in StoreLayout(store).read_manifest()["files"]} == {"comtrade", "baci"}
    assert [check.ok for check in verify_store(store)] == [True, True]  # the fallback is the intact one


def test_a_missing_current_link_is_never_replaced_by_the_new_file_alone(store):
    _older, current = snapshots(store)
    os.unlink(store / "current")
    before = store_hash(store)
    with pytest.raises(
        IngestError, match=r"`current` link .* found none beside 2 snapshot\(s\).*verify --restore"
    ):
        ingest_files(store, [BACI], warn=quiet)
    assert store_hash(store) == before
    snapshot, warning = open_good_snapshot(store)
    assert snapshot == current and "`current` link is missing" in warning
    assert main(["--data-dir", str(store), "verify", "--restore"]) == 0
    ingest_files(store, [BACI], warn=quiet)
    names = {f["name"] for f in StoreLayout(store).read_manifest()["files"]}
    assert names == {PLUS.name, COMEXT.name, BACI.name}


def test_an_unlisted_parquet_file_is_reported(store):
    _older, current = snapshots(store)
    stray = current / "flows" / "source=comtrade" / "file=stray" / "part-0000.parquet"
    stray.parent.mkdir()
    shutil.copy(plus_part(current), stray)
    check = verify_snapshot(current)
    assert not check.ok and "not in the manifest" in check.problems[0]


def test_a_snapshot_directory_is_not_a_data_directory_to_ingest_into(store):
    _older, current = snapshots(store)
    before = store_hash(store)
    with pytest.raises(IngestError, match="got one snapshot of a store"):
        ingest_files(current, [BACI], warn=quiet)
    assert store_hash(store) == before
