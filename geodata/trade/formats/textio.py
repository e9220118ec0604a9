"""Opening source files (plain or gzip, told apart by magic bytes), reading the header line,
sniffing the delimiter, and streaming the rows in chunks with pandas.

Every structural failure (truncated gzip, damaged gzip, a 7z/zip archive that was not extracted,
a row with more fields than the header) becomes an `IngestError` naming the file, the line and
the fix. Rows come back as strings (``dtype=str``, no NA guessing) so each reader validates the
values itself and can say which line and column held a bad one.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from geodata.errors import IngestError, Problem

GZIP_MAGIC = b"\x1f\x8b"
_ARCHIVES = {b"7z\xbc\xaf\x27\x1c": ("7z", "7z x"), b"PK\x03\x04": ("zip", "unzip")}
CANDIDATE_DELIMITERS = (",", "\t", "|", ";")
DELIMITER_NAMES = {",": "comma ','", "\t": "tab", "|": "pipe '|'", ";": "semicolon ';'"}
_HEADER_LIMIT = 1 << 20


def problem(path: Path, line: int | None, column: str | None, expected: str, got: str, fix: str = "") -> IngestError:
    """An `IngestError` whose message reads like `geodata.errors.Problem`: where, expected, got, fix."""
    return IngestError(str(Problem(Path(path).name, line, column, expected, got, fix)))


class _Counting(io.RawIOBase):
    """A raw stream that advances a progress bar by bytes read and counts the newlines it passes on."""

    def __init__(self, inner, bar: tqdm | None = None) -> None:
        super().__init__()
        self._inner = inner
        self._bar = bar
        self.newlines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if self._bar is not None:
            self._bar.update(n)
        self.newlines += data.count(b"\n")
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


class _Gunzip(io.RawIOBase):
    """gzip decompression that hands on every byte it could decompress before a truncation.

    (`gzip.GzipFile` drops the partial block when the stream ends early, so the line count in the
    error would be too low.) Concatenated members are read one after the other.
    """

    _BLOCK = 1 << 16

    def __init__(self, raw) -> None:
        super().__init__()
        self._raw = raw
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def _refill(self) -> bool:
        if self._z.eof:
            rest = self._z.unused_data or self._raw.read(self._BLOCK)
            if not rest.strip(b"\0"):
                return False
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._pending = self._z.decompress(rest)
            return True
        data = self._raw.read(self._BLOCK)
        if not data:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
        self._pending = self._z.decompress(data)
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            if not self._refill():
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _check_not_archive(path: Path, magic: bytes) -> None:
    for signature, (kind, command) in _ARCHIVES.items():
        if magic.startswith(signature):
            raise problem(path, None, None, "a CSV/.dat text file, plain or gzip-compressed",
                          f"a {kind} archive", f"extract it first ({command} {Path(path).name}) and ingest "
                          "the file inside")


def is_gzip(path: Path) -> bool:
    """True when the file starts with the gzip magic bytes (whatever its name)."""
    with open(path, "rb") as raw:
        return raw.read(2) == GZIP_MAGIC


class SourceStream:
    """The decompressed bytes of a file, with a byte progress bar and a count of lines decompressed."""

    def __init__(self, path: Path, *, progress: bool = False, desc: str = "") -> None:
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
        self._bar = tqdm(total=size, unit="B", unit_scale=True, desc=desc or self.path.name, leave=False,
                         disable=not (progress and sys.stderr.isatty()))
        progress_raw = _Counting(raw, self._bar)
        inner = _Gunzip(progress_raw) if self.gzip else progress_raw
        self._decoded = _Counting(inner)
        self.stream = io.BufferedReader(self._decoded, buffer_size=1 << 20)
        self._raw = raw

    @property
    def lines_decompressed(self) -> int:
        return self._decoded.newlines

    def close(self) -> None:
        self._bar.close()
        self.stream.close()
        self._raw.close()

    def __enter__(self) -> SourceStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def damaged(self, exc: BaseException) -> IngestError:
        """The error to raise when decompression fails part-way."""
        name = self.path.name
        line = self.lines_decompressed
        if isinstance(exc, EOFError):
            return IngestError(f"{name}: the gzip stream ends early after line {line:,} — the download was "
                               "cut short; download the file again")
        return IngestError(f"{name}: the gzip data is damaged after line {line:,} ({exc}) — download the file "
                           "again")


def read_header_line(path: Path) -> str:
    """The first line of the file (decompressed if gzip), BOM removed, without the line break."""
    with SourceStream(path) as src:
        try:
            head = src.stream.readline(_HEADER_LIMIT)
        except (EOFError, OSError, zlib.error) as exc:
            raise src.damaged(exc) from exc
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.rstrip("\r\n")


def sniff_delimiter(line: str) -> str:
    """The candidate delimiter that occurs most often outside quotes (comma when there is none)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in CANDIDATE_DELIMITERS}
    best = max(CANDIDATE_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def split_header(line: str, delimiter: str) -> list[str]:
    """Header fields split by the delimiter, stripped of BOM, whitespace and quotes."""
    fields = next(csv.reader([line], delimiter=delimiter), [])
    return [f.replace("\ufeff", "").strip().strip('"').strip("'").strip() for f in fields]


def read_header(path: Path) -> tuple[list[str], str]:
    """(header fields, delimiter) of a source file."""
    line = read_header_line(path)
    delimiter = sniff_delimiter(line)
    return split_header(line, delimiter), delimiter


def check_delimiter(path: Path, found: str, expected: tuple[str, ...], format_name: str) -> None:
    """Raise when the file's delimiter is not one its format is written with."""
    if found in expected:
        return
    want = " or ".join(DELIMITER_NAMES[d] for d in expected)
    raise problem(path, 1, None, f"{want} between the fields of a {format_name} file",
                  f"fields separated by {DELIMITER_NAMES.get(found, repr(found))}",
                  "the file was re-saved with another separator (often by a spreadsheet); download the original "
                  f"or convert it back to {want}-separated")


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = name or "unnamed"
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


_FIELDS_RE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def iter_chunks(path: Path, *, header: list[str], delimiter: str, usecols: list[str], chunk_rows: int,
                progress: bool = True, desc: str = "", check_fields: bool = True) -> Iterator[tuple[pd.DataFrame, int]]:
    """Yield (chunk, file line of its first row): string columns ``usecols``, blank lines dropped.

    Line numbers are 1-based file lines (the header is line 1). Rows keep their order. With
    ``check_fields`` every column is parsed, so a row with more fields than the header (an unquoted
    delimiter inside a value, which would shift every later value) stops the read; pandas does not
    notice that when it parses only some columns.
    """
    names = _unique(header)
    with SourceStream(path, progress=progress, desc=desc) as src:
        reader = pd.read_csv(src.stream, sep=delimiter, header=0, names=names,
                             usecols=None if check_fields else usecols, dtype=str,
                             na_filter=False, keep_default_na=False, skip_blank_lines=False,
                             chunksize=max(1, int(chunk_rows)), encoding="utf-8-sig", encoding_errors="replace",
                             engine="c", quotechar='"', skipinitialspace=False)
        line = 2
        try:
            for chunk in reader:
                first = line
                line += len(chunk)
                chunk = chunk[usecols]
                for column in usecols:
                    chunk[column] = chunk[column].str.strip()
                lines = pd.RangeIndex(first, first + len(chunk))
                chunk.index = lines
                blank = (chunk == "").all(axis=1)
                if blank.any():
                    chunk = chunk[~blank]
                yield chunk, first
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise src.damaged(exc) from exc
        except pd.errors.ParserError as exc:
            match = _FIELDS_RE.search(str(exc))
            if match:
                want, at, saw = match.groups()
                raise problem(path, int(at), None, f"{want} fields like the header",
                              f"{saw} fields", "a value contains an unquoted delimiter or the file mixes two "
                              "layouts; fix that line or download the file again") from exc
            raise problem(path, None, None, "a well-formed delimited text file", str(exc),
                          "download the file again") from exc
        finally:
            reader.close()
