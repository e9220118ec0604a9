"""Mutations of the real fixture files: every one either ingests or fails with one IngestError line;
no traceback escapes, and a failed ingest leaves the store byte-identical (issue 12, point 4).

Seeded, bounded: `READER_MUTATIONS` mutated files go through detection and the readers (the code
where a bad byte could raise something unexpected) and `STORE_MUTATIONS` through `ingest_files`
into a real store whose bytes are hashed before and after.
"""

from __future__ import annotations

import gzip
import json
import random
import time
from pathlib import Path

import pandas as pd
import pytest

from geodata.errors import IngestError
from geodata.trade.formats import detect_format
from geodata.trade.formats.base import ReadReport
from geodata.trade.ingest import ingest_files, one_line_errors
from geodata.trade.schema import to_arrow
from tests.geodata.store_helpers import BACI, COMEXT, LEGACY, PLUS, quiet, store_hash

READER_MUTATIONS = 300
STORE_MUTATIONS = 30
SOURCES = (PLUS, COMEXT, BACI, LEGACY)
TOKENS = [
    b"inf", b"-inf", b"1e309", b"nan", b"-5", b"1.5", b"", b"NA", b"\x00", b'"', b",", b";", b"\t",
    b"\r", b"\n", b"\xff\xfe", b"2099", b"0", b"TOTAL", b"x" * 200_000, b'"a,b"', b"9" * 400,
    b"[" * 5000, b"{", b"}", b"]", b'"data": [', b"null", b"true",
]  # fmt: skip


def _line_ops(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.randrange(4)
    if op == 0:
        lines.insert(i, lines[j])  # a duplicated line
    elif op == 1:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 2:
        del lines[i]
    else:
        fields = lines[i].split(b",")
        fields[rng.randrange(len(fields))] = rng.choice(TOKENS)
        lines[i] = b",".join(fields)
    return b"\n".join(lines)


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to three random edits of bytes, lines, fields or the compression."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(8)
        at = rng.randrange(len(data) + 1)
        if kind == 0 and data:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 1:
            data = data[:at] + rng.choice(TOKENS) + data[at:]
        elif kind == 2:
            data = data[:at] + data[at + rng.randint(1, 40) :]
        elif kind == 3:
            data = data[:at]  # cut short
        elif kind == 4:
            data = gzip.compress(data, mtime=0)
        elif kind == 5:
            whole = gzip.compress(data, mtime=0)
            data = whole[: rng.randrange(len(whole) + 1)]
        else:
            data = _line_ops(rng, data)
    return data


def read_through(path: Path) -> int:
    """Detect and read ``path`` as ingest does; the rows it would store."""
    reader = detect_format(path)
    report = ReadReport(path=path, format_name=reader.name)
    rows = 0
    for chunk in reader.read_chunks(path, file_hash="0" * 16, report=report, strict=False):
        rows += to_arrow(chunk).num_rows
    return rows


def json_sources(directory: Path) -> tuple[Path, Path]:
    """The Comtrade Plus fixture as an API response and as JSON Lines (the JSON reader's input)."""
    records = pd.read_csv(PLUS, dtype=str, keep_default_na=False).to_dict(orient="records")
    api = directory / "plus-api.json"
    api.write_text(
        json.dumps({"elapsedTime": "0.1 secs", "count": len(records), "data": records, "error": ""})
    )
    lines = directory / "plus-lines.json"
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return api, lines


def test_mutated_fixture_files_never_escape_as_a_traceback(tmp_path):
    rng = random.Random(12)
    sources = SOURCES + json_sources(tmp_path)
    assert all(read_through(source) > 0 for source in sources)
    outcomes = {"read": 0, "IngestError": 0, "unanticipated": 0}
    unanticipated = []
    started = time.monotonic()
    for n in range(READER_MUTATIONS):
        source = sources[n % len(sources)]
        path = tmp_path / f"m{n}-{source.name}"
        path.write_bytes(mutate(rng, source.read_bytes()))
        try:
            with one_line_errors(path):
                try:
                    read_through(path)
                    outcomes["read"] += 1
                except IngestError:
                    raise
                except Exception as exc:  # noqa: BLE001 — counted: one_line_errors turns it into one line
                    outcomes["unanticipated"] += 1
                    unanticipated.append(f"{path.name}: {type(exc).__name__}: {exc}"[:200])
                    raise
        except IngestError as error:
            outcomes["IngestError"] += 1
            assert "\n" not in str(error), str(error)
        path.unlink()
    elapsed = time.monotonic() - started
    print(f"{READER_MUTATIONS} mutations in {elapsed:.1f} s: {outcomes}; unanticipated: {unanticipated[:5]}")
    assert outcomes["read"] + outcomes["IngestError"] == READER_MUTATIONS
    assert outcomes["unanticipated"] == 0, unanticipated[:5]
    assert elapsed < 60


@pytest.fixture()
def store(tmp_path) -> Path:
    data_dir = tmp_path / "data"
    ingest_files(data_dir, [PLUS, COMEXT], warn=quiet)
    return data_dir


def test_mutated_files_ingest_or_leave_the_store_byte_identical(store, tmp_path):
    rng = random.Random(5)
    sources = SOURCES + json_sources(tmp_path)
    failures, ingested, refused = [], 0, 0
    for n in range(STORE_MUTATIONS):
        source = sources[n % len(sources)]
        path = tmp_path / f"s{n}-{source.name}"
        path.write_bytes(mutate(rng, source.read_bytes()))
        before = store_hash(store)
        try:
            ingest_files(store, [path], warn=quiet)
            ingested += 1
        except IngestError as error:
            refused += 1
            if "\n" in str(error) or store_hash(store) != before:
                failures.append(f"{path.name}: {error}")
        except Exception as exc:  # noqa: BLE001 — a traceback would escape: a failure
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
    print(
        f"{STORE_MUTATIONS} store mutations: {ingested} ingested, {refused} refused, {len(failures)} failures"
    )
    assert failures == []
