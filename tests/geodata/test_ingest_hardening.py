"""Ingest refuses what it cannot trust, in one line naming file, line and column, and leaves the
store byte-identical (issue 12, point 4)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import duckdb
import numpy as np
import pytest

from geodata.errors import IngestError
from geodata.trade.formats.guard import ReadLimits
from geodata.trade.ingest import ingest_demo, ingest_files
from geodata.trade.store import StoreLayout
from tests.geodata.store_helpers import (
    BACI,
    COMEXT,
    LEGACY,
    PLUS,
    edited,
    quiet,
    rows_of,
    store_hash,
    write_rows,
)


@pytest.fixture()
def store(tmp_path) -> Path:
    data_dir = tmp_path / "data"
    ingest_files(data_dir, [COMEXT], warn=quiet)
    return data_dir


def refused(store: Path, path: Path, *parts: str, strict: bool = False) -> str:
    """Ingest ``path`` expecting an IngestError of one line containing ``parts``; the store unchanged."""
    before = store_hash(store)
    with pytest.raises(IngestError) as caught:
        ingest_files(store, [path], strict=strict, warn=quiet)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    for part in parts:
        assert part in message, message
    assert store_hash(store) == before
    return message


def stored_values(data_dir: Path) -> list[float]:
    glob = str(data_dir / "flows" / "**" / "*.parquet")
    return [r[0] for r in duckdb.sql(f"SELECT value_usd FROM read_parquet('{glob}') ORDER BY 1").fetchall()]


# -- structure ------------------------------------------------------------------------------------


def test_a_plain_file_cut_mid_row_is_refused_not_stored_short(store, tmp_path):
    cut = tmp_path / "BACI_HS17_Y2022_cut.csv"
    cut.write_text(BACI.read_text() + "2022,842,417,870323,300")  # the download stopped inside 30000
    message = refused(store, cut, "BACI_HS17_Y2022_cut.csv, line 7", "line break", "cut short")
    assert "870323,300'" in message


def test_the_same_rows_with_a_final_line_break_are_stored(tmp_path):
    whole = tmp_path / "BACI_HS17_Y2022_ok.csv"
    whole.write_text(BACI.read_text() + "2022,842,417,870323,30000,\n")
    ingest_files(tmp_path / "data", [whole], warn=quiet)
    assert 30000 * 1000.0 in stored_values(tmp_path / "data")


def test_a_gzip_whose_last_line_lacks_a_break_is_complete(tmp_path):
    path = tmp_path / "BACI_HS17_Y2022.csv.gz"
    path.write_bytes(gzip.compress(BACI.read_bytes().rstrip(b"\n")))
    [entry] = ingest_files(tmp_path / "data", [path], warn=quiet)
    assert entry["rows"] == 5


@pytest.mark.parametrize("source", [PLUS, COMEXT, BACI, LEGACY])
def test_a_short_row_names_its_line_and_first_missing_column(store, tmp_path, source):
    rows = rows_of(source)
    header = rows[0]
    rows[3] = rows[3][:-2]
    path = write_rows(tmp_path / f"short-{source.name}", rows)
    refused(store, path, f"short-{source.name}, line 4", f"column '{header[-2]}'", f"{len(header)} fields")


@pytest.mark.parametrize("source", [PLUS, COMEXT, BACI])
def test_a_long_row_names_its_line(store, tmp_path, source):
    rows = rows_of(source)
    rows[2] = rows[2] + ["surplus"]
    path = write_rows(tmp_path / f"long-{source.name}", rows)
    refused(store, path, f"long-{source.name}, line 3", "one value too many")


def test_an_unclosed_quote_and_an_endless_line_are_refused(store, tmp_path):
    quoted = tmp_path / "quote.csv"
    quoted.write_text(
        PLUS.read_text().replace(',"Processors', ',"Processors"x"', 1).replace('memories"', "memories", 1)
    )
    refused(store, quoted, "quote.csv")
    endless = tmp_path / "endless.csv"
    endless.write_bytes(PLUS.read_bytes() + b"1" * (3 << 20) + b"\n")
    refused(store, endless, "endless.csv, line 20", "at most 1.0 MiB")


# -- values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "1e309", "nan", "Infinity"])
def test_a_value_that_is_not_finite_is_refused_even_without_strict(store, tmp_path, value):
    path = edited(PLUS, tmp_path / "nonfinite.csv", 5, primaryValue=value)
    refused(store, path, "nonfinite.csv, line 5", "column 'primaryValue'", repr(value))


def test_a_weight_that_overflows_is_refused(store, tmp_path):
    rows = rows_of(COMEXT)
    rows[2][rows[0].index("QUANTITY_KG")] = "1e400"
    refused(store, write_rows(tmp_path / "kg.dat", rows), "kg.dat, line 3", "column 'QUANTITY_KG'")


def test_a_negative_value_is_skipped_with_a_count_and_strict_refuses(store, tmp_path):
    path = edited(PLUS, tmp_path / "negative.csv", 5, primaryValue="-800000")
    warnings: list[str] = []
    [entry] = ingest_files(store, [path], warn=warnings.append)
    assert entry["skipped"]["negative value"] == 1
    assert "negative value (first on line 5)" in warnings[0]
    assert all(v >= 0 for v in stored_values(store))
    refused(store, path, "negative.csv, line 5", "column 'primaryValue'", "'-800000'", strict=True)


def test_a_negative_baci_quantity_is_skipped(tmp_path):
    path = tmp_path / "BACI_HS17_Y2022_neg.csv"
    path.write_text(BACI.read_text().replace("100.5,20", "100.5,-20"))
    [entry] = ingest_files(tmp_path / "data", [path], warn=quiet)
    assert entry["skipped"] == {"negative value": 1}


def test_a_fractional_month_is_refused(store, tmp_path):
    path = edited(PLUS, tmp_path / "month.csv", 6, refMonth="1.5")
    refused(store, path, "month.csv, line 6", "column 'refMonth'", "'1.5'", "whole number")


def test_a_fractional_year_is_refused(store, tmp_path):
    path = tmp_path / "BACI_HS17_Y2022_year.csv"
    path.write_text(BACI.read_text().replace("2022,842", "2022.5,842"))
    refused(store, path, "line 5", "column 't'", "whole number")


def test_a_year_that_contradicts_the_period_is_refused(store, tmp_path):
    path = edited(PLUS, tmp_path / "year.csv", 7, refYear="2022")
    refused(store, path, "year.csv, line 7", "column 'refYear'", "202303", "'2022'")
    path = edited(PLUS, tmp_path / "month2.csv", 7, refMonth="4")
    refused(store, path, "month2.csv, line 7", "column 'refMonth'", "'4'")
    path = edited(LEGACY, tmp_path / "legacy.csv", 3, Year="2020")
    refused(store, path, "legacy.csv, line 3", "column 'Year'", "'2020'")


# -- duplicates -----------------------------------------------------------------------------------


def test_duplicate_rows_are_reported_and_kept_once(tmp_path):
    plain = ingest_files(tmp_path / "a", [PLUS], warn=quiet)[0]
    rows = rows_of(PLUS)
    rows = rows + [rows[5], rows[13], rows[5]]
    warnings: list[str] = []
    [entry] = ingest_files(tmp_path / "b", [write_rows(tmp_path / "dups.csv", rows)], warn=warnings.append)
    assert entry["duplicates"] == 3 and entry["rows"] == plain["rows"]
    assert "3 duplicate lines" in warnings[0] and "first on line 20" in warnings[0]
    assert stored_values(tmp_path / "b") == stored_values(tmp_path / "a")


def test_rows_differing_in_one_used_value_are_not_duplicates(tmp_path):
    rows = rows_of(BACI) + [["2022", "842", "417", "870323", "100.6", "20"]]
    path = write_rows(tmp_path / "BACI_HS17_Y2022_two.csv", rows)
    [entry] = ingest_files(tmp_path / "data", [path], warn=quiet)
    assert entry["duplicates"] == 0 and entry["rows"] == 6


# -- decompression bounds -------------------------------------------------------------------------


def _bomb(path: Path, prefix: bytes, fill: bytes, total: int) -> Path:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = fill * ((1 << 24) // len(fill))
    with open(path, "wb") as out:
        out.write(compressor.compress(prefix))
        for _ in range(total // len(block)):
            out.write(compressor.compress(block))
        out.write(compressor.flush())
    return path


def test_a_gzip_bomb_is_refused_fast_in_bounded_memory(tmp_path):
    bomb = _bomb(tmp_path / "bomb.csv.gz", PLUS.read_bytes(), b"\0", 1 << 30)
    assert bomb.stat().st_size < 2 << 20
    data_dir = tmp_path / "data"
    script = (
        "import sys, time; from pathlib import Path\n"
        "from geodata.trade.ingest import ingest_files; from geodata.errors import IngestError\n"
        "t = time.time()\n"
        f"try: ingest_files(Path({str(data_dir)!r}), [Path({str(bomb)!r})], warn=print)\n"
        "except IngestError as e: print('ERR', e)\n"
        # VmHWM is this process's own peak: ru_maxrss would carry the (larger) pytest parent over exec
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print('RSS', peak // 1024, 'SECONDS', time.time() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120).stdout
    assert "ERR bomb.csv.gz, line 20" in out and "at most 1.0 MiB" in out, out
    rss_mb, seconds = int(out.split("RSS ")[1].split()[0]), float(out.split("SECONDS ")[1])
    assert rss_mb < 600 and seconds < 20, out
    assert not (data_dir / "current").exists()


def test_a_gzip_of_blank_lines_is_refused(store, tmp_path):
    bomb = _bomb(tmp_path / "blank.csv.gz", PLUS.read_bytes(), b"\n", 64 << 20)
    refused(store, bomb, "blank.csv.gz", "blank lines")


def test_the_expanded_size_and_time_limits_are_settable(store, tmp_path):
    rows = rows_of(PLUS)
    many = [rows[0]] + [r[:3] + [str(2000 + i % 20)] + r[4:] for i, r in enumerate(rows[1:] * 400)]
    path = tmp_path / "big.csv.gz"
    path.write_bytes(gzip.compress(write_rows(tmp_path / "big.csv", many).read_bytes()))
    before = store_hash(store)
    with pytest.raises(IngestError, match=r"big.csv.gz: expected at most 1.0 MiB"):
        ingest_files(store, [path], warn=quiet, limits=ReadLimits(max_expanded_bytes=1 << 20))
    with pytest.raises(IngestError, match=r"big.csv.gz: reading stopped after 0 s \(the time limit\)"):
        ingest_files(store, [path], warn=quiet, limits=ReadLimits(max_seconds=0))
    assert store_hash(store) == before


def test_limits_come_from_the_environment(store, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_ATLAS_MAX_EXPANDED_BYTES", "100")
    refused(store, COMEXT, "full_v2_202301.dat: expected at most")
    monkeypatch.setenv("CORRIDOR_ATLAS_MAX_EXPANDED_BYTES", "lots")
    refused(store, COMEXT, "CORRIDOR_ATLAS_MAX_EXPANDED_BYTES: expected a number")


# -- the store ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbage", [b"", b"\x00\xff garbage", b"[1, 2]", b'{"files": [{"source": 1}]}', b'{"files": "x"}']
)
def test_a_garbage_manifest_is_one_line_and_nothing_changes(store, tmp_path, garbage):
    manifest = StoreLayout(store).current_snapshot() / "manifest.json"
    manifest.write_bytes(garbage)
    message = refused(store, PLUS, "manifest.json: expected the store's manifest", "verify")
    assert "Traceback" not in message


def test_an_unreadable_eur_usd_table_is_one_line(store, tmp_path):
    for content in (b"", b"\x00\x01\x02", b'month,usd_per_eur\n"2023-01,1\n'):
        table = tmp_path / "rates.csv"
        table.write_bytes(content)
        before = store_hash(store)
        with pytest.raises(IngestError) as caught:
            ingest_files(store, [COMEXT], eur_usd_path=table, warn=quiet)
        assert "rates.csv" in str(caught.value) and "\n" not in str(caught.value)
        assert store_hash(store) == before


def test_real_data_into_the_demo_store_asks_to_choose(tmp_path, capsys):
    from dashboard.cli import main

    demo = tmp_path / "demo"
    ingest_demo(demo, seed=7, rows=2000)
    message = refused(demo, PLUS, "synthetic demo", "--replace-demo", "--data-dir")
    assert "demo" in message
    assert main(["--data-dir", str(demo), "ingest", str(PLUS)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["--data-dir", str(demo), "ingest", "--replace-demo", str(PLUS)]) == 0
    manifest = StoreLayout(demo).read_manifest()
    assert [f["source"] for f in manifest["files"]] == ["comtrade"]
    glob = str(demo / "flows" / "**" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}') WHERE source = 'demo'").fetchall() == [
        (0,)
    ]
    before = store_hash(demo)
    with pytest.raises(IngestError, match="holding real data"):
        ingest_demo(demo, seed=7, rows=2000)
    assert store_hash(demo) == before


def test_disk_full_is_one_line_and_leaves_the_store_as_it_was(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)]).returncode:
        pytest.skip("could not mount a tmpfs")
    try:
        data_dir = mount / "data"
        ingest_files(data_dir, [PLUS], warn=quiet)
        big = tmp_path / "BACI_HS17_Y2021_big.csv"
        values = np.random.default_rng(1).random((400_000, 2))
        rows = ["t,i,j,k,v,q"] + [
            f"2021,398,643,{100000 + i % 800000},{float(v)},{float(q)}" for i, (v, q) in enumerate(values)
        ]
        big.write_text("\n".join(rows) + "\n")
        before = store_hash(data_dir)
        started = time.time()
        with pytest.raises(IngestError) as caught:
            ingest_files(data_dir, [big], warn=quiet)
        message = str(caught.value)
        assert "the disk is full" in message and "\n" not in message, message
        assert store_hash(data_dir) == before and time.time() - started < 60
        assert not list((data_dir / "snapshots").glob(".building-*"))
        assert json.loads((data_dir / "manifest.json").read_text())["files"][0]["name"] == PLUS.name
    finally:
        subprocess.run(["umount", str(mount)])
