"""Ingest into the store: round trips, idempotence, and a store left byte-for-byte intact on failure."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from geodata.errors import IngestError
from geodata.trade.ingest import ingest_files
from geodata.trade.store import StoreLayout

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
PLUS = SOURCES / "comtrade_plus_kaz_202303.csv"
ALL_FORMATS = sorted(SOURCES.iterdir())


def store_hash(data_dir: Path) -> str:
    """A hash of every path and byte under the data directory (links by their target)."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*")):
        digest.update(str(path.relative_to(data_dir)).encode())
        if path.is_symlink():
            digest.update(str(path.readlink()).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture()
def store(tmp_path) -> Path:
    data_dir = tmp_path / "data"
    ingest_files(data_dir, [PLUS], warn=lambda _m: None)
    return data_dir


def test_every_format_round_trips_into_one_store(tmp_path):
    data_dir = tmp_path / "data"
    entries = ingest_files(data_dir, ALL_FORMATS, warn=lambda _m: None)
    assert sorted(e["source"] for e in entries) == ["baci", "comext", "comtrade", "comtrade"]
    manifest = StoreLayout(data_dir).read_manifest()
    assert len(manifest["files"]) == 4 and all(f["rows"] > 0 and f["sha256"] for f in manifest["files"])
    glob = str(data_dir / "flows" / "**" / "*.parquet")
    total = duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0]
    assert total == sum(f["rows"] for f in manifest["files"])
    columns = duckdb.sql(f"SELECT * FROM read_parquet('{glob}') LIMIT 0").columns
    assert columns[:11] == [
        "period",
        "freq",
        "reporter",
        "partner",
        "flow",
        "hs6",
        "hs_version",
        "value_usd",
        "net_kg",
        "source",
        "source_file",
    ]


def test_ingesting_the_same_file_twice_does_not_double(store):
    before = StoreLayout(store).read_manifest()
    ingest_files(store, [PLUS], warn=lambda _m: None)
    after = StoreLayout(store).read_manifest()
    assert [f["rows"] for f in after["files"]] == [f["rows"] for f in before["files"]]
    assert len(list((store / "flows").rglob("*.parquet"))) == 1


def test_manifest_records_what_was_excluded(store):
    [entry] = StoreLayout(store).read_manifest()["files"]
    assert (
        entry["format"] == "comtrade_plus"
        and entry["period_max"] >= "2023-03"
        and "H6" in entry["hs_versions"]
    )
    assert entry["aggregates_excluded"]  # totals and World rows were counted, not kept
    assert json.dumps(entry)  # plain JSON


def _truncated_gzip(tmp_path: Path) -> Path:
    whole = gzip.compress(PLUS.read_bytes() * 40)
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _wrong_delimiter(tmp_path: Path) -> Path:
    path = tmp_path / "semicolons.csv"
    path.write_text(PLUS.read_text().replace(",", ";"))
    return path


def _unknown_header(tmp_path: Path) -> Path:
    path = tmp_path / "other.csv"
    path.write_text("country,year,value\nKAZ,2023,5\n")
    return path


def _non_numeric(tmp_path: Path) -> Path:
    lines = PLUS.read_text().splitlines()
    lines[1] = lines[1].replace(",1500000,,1500000,", ",1500000,,1.5e6x,")
    path = tmp_path / "bad-value.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("make_bad", [_truncated_gzip, _wrong_delimiter, _unknown_header, _non_numeric])
def test_a_failed_ingest_leaves_the_store_exactly_as_it_was(store, tmp_path, make_bad):
    before = store_hash(store)
    with pytest.raises(IngestError) as caught:
        ingest_files(store, [make_bad(tmp_path), SOURCES / "full_v2_202301.dat"], warn=lambda _m: None)
    assert caught.value.args[0]
    assert store_hash(store) == before


def test_unknown_header_lists_known_formats(tmp_path):
    with pytest.raises(IngestError) as caught:
        ingest_files(tmp_path / "data", [_unknown_header(tmp_path)], warn=lambda _m: None)
    message = str(caught.value)
    assert "other.csv" in message
    for name in ("Comtrade", "Comext", "BACI"):
        assert name in message
    assert not (tmp_path / "data" / "current").exists()


def test_a_crash_mid_write_leaves_the_store_intact(store, monkeypatch):
    import geodata.trade.ingest as ingest

    before = store_hash(store)

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated crash while writing")

    monkeypatch.setattr(ingest, "write_chunks", boom)
    with pytest.raises(RuntimeError):
        ingest_files(store, [SOURCES / "full_v2_202301.dat"], warn=lambda _m: None)
    assert store_hash(store) == before


def test_skipped_rows_warn_and_strict_stops(store, tmp_path):
    lines = PLUS.read_text().splitlines()
    lines[1] = lines[1].replace(",643,RUS,", ",999,XXX,")
    path = tmp_path / "unknown-partner.csv"
    path.write_text("\n".join(lines) + "\n")
    warnings: list[str] = []
    ingest_files(store, [path], warn=warnings.append)
    assert len(warnings) == 1 and "unknown country code" in warnings[0] and "--strict" in warnings[0]
    before = store_hash(store)
    with pytest.raises(IngestError) as caught:
        ingest_files(store, [path], strict=True, warn=warnings.append)
    assert "line 2" in str(caught.value)
    assert store_hash(store) == before


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(IngestError, match="no file at"):
        ingest_files(tmp_path / "data", [tmp_path / "nope.csv"])


def test_a_copy_with_other_bytes_is_a_new_file(store, tmp_path):
    copy = tmp_path / "copy.csv"
    shutil.copy(PLUS, copy)
    copy.write_text(PLUS.read_text() + "\n")
    ingest_files(store, [copy], warn=lambda _m: None)
    assert len(StoreLayout(store).read_manifest()["files"]) == 2
