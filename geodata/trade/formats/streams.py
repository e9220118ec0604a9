"""Byte streams for source files: plain or gzip (told apart by magic bytes, not by name), with a
progress bar by bytes read and a count of the lines decompressed so far.

A truncated gzip becomes an `IngestError` that says after which line the data stops; a 7z or zip
archive is refused with the command that extracts it.
"""

from __future__ import annotations

import io
import sys
import zlib
from pathlib import Path

from tqdm import tqdm

from geodata.errors import IngestError, Problem
from geodata.trade.formats.guard import Budget, RowGuard

GZIP_MAGIC = b"\x1f\x8b"
_ARCHIVES = {b"7z\xbc\xaf\x27\x1c": ("7z", "7z x"), b"PK\x03\x04": ("zip", "unzip")}


def problem(
    path: Path,
    line: int | None,
    column: str | None,
    expected: str,
    got: str,
    fix: str = "",
    *,
    unit: str = "line",
) -> IngestError:
    """An `IngestError` whose message reads like `geodata.errors.Problem`: where, expected, got, fix.

    ``unit`` names what ``line`` counts: file lines, or ``"record"`` for the records of a JSON file.
    """
    name = Path(path).name
    if unit != "line" and line is not None:
        name, line = f"{name}, {unit} {line}", None
    return IngestError(str(Problem(name, line, column, expected, got, fix)))


class _Counting(io.RawIOBase):
    """A raw stream that advances a progress bar by bytes read and counts the newlines it passes on."""

    def __init__(self, inner, bar: tqdm | None = None, budget: Budget | None = None) -> None:
        super().__init__()
        self._inner = inner
        self._bar = bar
        self._budget = budget
        self.newlines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if self._bar is not None:
            self._bar.update(n)
        if self._budget is not None:
            self._budget.spend(n)
        self.newlines += data.count(b"\n")
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


class _Gunzip(io.RawIOBase):
    """gzip decompression that hands on every byte it could decompress before a truncation.

    (`gzip.GzipFile` drops the partial block when the stream ends early, so the line count in the
    error would be too low.) Concatenated members are read one after the other. At most 64 KiB is
    decompressed at a time, and every block is charged to the file's `Budget` (expanded size and
    time), so a small file that expands to gigabytes neither fills memory nor runs unbounded.
    """

    _BLOCK = 1 << 16

    def __init__(self, raw, budget: Budget) -> None:
        super().__init__()
        self._raw = raw
        self._budget = budget
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._tail = b""
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def _refill(self) -> bool:
        if self._z.eof:
            rest = self._z.unused_data or self._raw.read(self._BLOCK)
            if not rest.strip(b"\0"):
                return False
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._tail = rest
        if not self._tail:
            self._tail = self._raw.read(self._BLOCK)
            if not self._tail:
                raise EOFError("compressed file ended before the end-of-stream marker was reached")
        out = self._z.decompress(self._tail, self._BLOCK)
        self._tail = self._z.unconsumed_tail
        self._budget.spend(len(out))
        self._pending = memoryview(out)
        return True

    def readinto(self, buffer) -> int:
        while not len(self._pending):
            if not self._refill():
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _check_not_archive(path: Path, magic: bytes) -> None:
    for signature, (kind, command) in _ARCHIVES.items():
        if magic.startswith(signature):
            raise problem(
                path,
                None,
                None,
                "a CSV/.dat text file, plain or gzip-compressed",
                f"a {kind} archive",
                f"extract it first ({command} {Path(path).name}) and ingest the file inside",
            )


class SourceStream:
    """The decompressed bytes of a file, with a byte progress bar and a count of lines decompressed."""

    def __init__(
        self, path: Path, *, progress: bool = False, desc: str = "", rows: tuple[str, list[str]] | None = None
    ) -> None:
        """``rows`` = (delimiter, header): check the shape of every line with a `RowGuard`."""
        self.path = Path(path)
        raw = open(self.path, "rb")  # noqa: SIM115 — closed in close()
        magic = raw.read(8)
        raw.seek(0)
        try:
            _check_not_archive(self.path, magic)
        except IngestError:
            raw.close()
            raise
        self.gzip = magic.startswith(GZIP_MAGIC)
        size = self.path.stat().st_size
        self._bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            desc=desc or self.path.name,
            leave=False,
            disable=not (progress and sys.stderr.isatty()),
        )
        progress_raw = _Counting(raw, self._bar)
        self.budget = Budget(self.path)
        inner = _Gunzip(progress_raw, self.budget) if self.gzip else progress_raw
        self._decoded = _Counting(inner, budget=None if self.gzip else self.budget)
        top: io.RawIOBase = self._decoded
        if rows is not None:
            delimiter, header = rows
            top = RowGuard(top, self.path, delimiter=delimiter, header=header, complete_at_eof=self.gzip)
        self.stream = io.BufferedReader(top, buffer_size=1 << 20)
        self._raw = raw

    @property
    def lines_decompressed(self) -> int:
        """Line breaks passed on so far (of the decompressed text, for a gzip file)."""
        return self._decoded.newlines

    def close(self) -> None:
        """Close the progress bar, the stream and the file."""
        self._bar.close()
        self.stream.close()
        self._raw.close()

    def __enter__(self) -> SourceStream:
        """The stream itself, closed when the ``with`` block ends."""
        return self

    def __exit__(self, *exc) -> None:
        """Close the stream on leaving the ``with`` block (an exception still propagates)."""
        self.close()

    def damaged(self, exc: BaseException) -> IngestError:
        """The error to raise when decompression fails part-way."""
        name = self.path.name
        line = self.lines_decompressed
        if isinstance(exc, EOFError):
            return IngestError(
                f"{name}: the gzip stream ends early after line {line:,} — the download was "
                "cut short; download the file again"
            )
        return IngestError(
            f"{name}: the gzip data is damaged after line {line:,} ({exc}) — download the file again"
        )
