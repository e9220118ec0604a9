"""Bounds on reading a source file, and the row-shape check of delimited text.

`ReadLimits` bounds what one file may cost: the bytes it expands to (gzip), the seconds spent
reading it, and the length of one line of delimited text. The defaults (20 GiB, 2 hours, 1 MiB)
can be set with the environment variables ``CORRIDOR_ATLAS_MAX_EXPANDED_BYTES``,
``CORRIDOR_ATLAS_MAX_READ_SECONDS`` and ``CORRIDOR_ATLAS_MAX_LINE_BYTES``, or for one ingest with
``ingest_files(..., limits=ReadLimits(...))`` (`use_limits`). A gzip file is decompressed block by
block (64 KiB out at a time), so a small file that expands to gigabytes costs no more memory than
a large plain one; when a limit is passed the read stops with an `IngestError` saying which.

`RowGuard` sits between the bytes and pandas: it counts the fields of every line (a delimiter or a
line break inside double quotes does not count) and stops at the first line with fewer or more
fields than the header, at a line longer than the limit (an unclosed quote makes one), and at a
plain file whose last line has no line break — a download cut mid-row would otherwise store its
partial last value (30000 as 30). A gzip file proves it is complete with its end-of-stream marker,
so its last line may lack the break. Blank lines are allowed (pandas drops them).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geodata.errors import IngestError, Problem

_GIB = 1 << 30
#: More blank lines than this is not a trade file (a gzip of newlines would otherwise keep pandas busy).
MAX_BLANK_LINES = 1_000_000


def _env_number(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    try:
        return float(text) if text else default
    except ValueError:
        raise IngestError(f"${name}: expected a number, got {text!r} — unset it or give a number") from None


@dataclass(frozen=True)
class ReadLimits:
    """What reading one source file may cost before it is refused."""

    max_expanded_bytes: int = 20 * _GIB
    max_seconds: float = 2 * 3600.0
    max_line_bytes: int = 1 << 20

    @classmethod
    def from_env(cls) -> ReadLimits:
        """The limits the environment variables set, defaults where unset; `IngestError` for a non-number."""
        return cls(
            int(_env_number("CORRIDOR_ATLAS_MAX_EXPANDED_BYTES", cls.max_expanded_bytes)),
            _env_number("CORRIDOR_ATLAS_MAX_READ_SECONDS", cls.max_seconds),
            int(_env_number("CORRIDOR_ATLAS_MAX_LINE_BYTES", cls.max_line_bytes)),
        )


_LIMITS: ContextVar[ReadLimits | None] = ContextVar("corridor_atlas_read_limits", default=None)


def current_limits() -> ReadLimits:
    """The limits of the `use_limits` block under way, else those of the environment."""
    return _LIMITS.get() or ReadLimits.from_env()


@contextmanager
def use_limits(limits: ReadLimits | None) -> Iterator[None]:
    """Read every file opened inside the block with ``limits`` (None: the defaults / environment)."""
    token = _LIMITS.set(limits)
    try:
        yield
    finally:
        _LIMITS.reset(token)


def _size(n: float) -> str:
    if n >= _GIB:
        return f"{n / _GIB:.1f} GiB"
    return f"{n / (1 << 20):.1f} MiB" if n >= 1 << 20 else f"{int(n):,} bytes"


class Budget:
    """The expanded bytes and the time one open file has left."""

    def __init__(self, path: Path, limits: ReadLimits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or current_limits()
        self.deadline = time.monotonic() + self.limits.max_seconds
        self.expanded = 0

    def spend(self, nbytes: int) -> None:
        """Charge ``nbytes`` expanded bytes; an `IngestError` once past the byte limit or the deadline."""
        self.expanded += nbytes
        if self.expanded > self.limits.max_expanded_bytes:
            raise IngestError(
                f"{self.path.name}: expected at most {_size(self.limits.max_expanded_bytes)} of data "
                "(after decompression), got more — a damaged or hostile gzip file, or a very large export; "
                "split it, or raise CORRIDOR_ATLAS_MAX_EXPANDED_BYTES if it is genuine"
            )
        if time.monotonic() > self.deadline:
            raise IngestError(
                f"{self.path.name}: reading stopped after {self.limits.max_seconds:,.0f} s (the time limit) at "
                f"{_size(self.expanded)} — split the file, or raise CORRIDOR_ATLAS_MAX_READ_SECONDS"
            )


def _error(path: Path, line: int, column: str | None, expected: str, got: str, fix: str) -> IngestError:
    return IngestError(str(Problem(Path(path).name, line, column, expected, got, fix)))


class RowGuard(io.RawIOBase):
    """Passes bytes through unchanged, stopping at the first line of the wrong shape (see module doc)."""

    def __init__(
        self, inner: io.RawIOBase, path: Path, *, delimiter: str, header: list[str], complete_at_eof: bool
    ) -> None:
        super().__init__()
        self._inner = inner
        self.path = Path(path)
        self.header = header
        self._delim = ord(delimiter)
        width = len(header)
        self._allowed = {width, width - 1} if header and header[-1] == "" else {width}
        self._max_line = current_limits().max_line_bytes
        self._complete_at_eof = complete_at_eof  # gzip: the end-of-stream marker proves completeness
        self.line = 1  # the file line being read
        self._quoted = 0  # 1 inside a quoted value
        self._fields = 1  # fields of the current line so far
        self._length = 0  # bytes of the current line so far
        self._tail = b""  # the last bytes of the current line (for messages and blank-line checks)
        self._blanks = 0

    def readable(self) -> bool:
        """Always True: the guard is a readable stream."""
        return True

    def readinto(self, buffer) -> int:
        """The number of bytes read into ``buffer`` (0 at the end), every line they complete checked."""
        n = self._inner.readinto(buffer)
        if n:
            self._scan(bytes(memoryview(buffer)[:n]))
        else:
            self._at_eof()
        return n

    def _scan(self, data: bytes) -> None:
        """Check every line this block ends, vectorised; only lines in doubt are looked at one by one."""
        raw = np.frombuffer(data, dtype=np.uint8)
        parity = (np.cumsum(raw == 34) + self._quoted) & 1
        outside = parity == 0
        breaks = np.flatnonzero((raw == 10) & outside)
        delims = np.cumsum((raw == self._delim) & outside)
        self._quoted = int(parity[-1]) if len(parity) else self._quoted
        if not len(breaks):
            self._fields += int(delims[-1]) if len(delims) else 0
            self._length += len(data)
            self._tail = (self._tail + data)[-64:]
            if self._length > self._max_line:
                self._too_long()
            return
        fields = np.diff(delims[breaks], prepend=0) + 1
        fields[0] += self._fields - 1
        starts = np.concatenate(([0], breaks[:-1] + 1))
        lengths = breaks - starts
        lengths[0] += self._length
        crlf = (lengths == 1) & (raw[np.maximum(breaks - 1, 0)] == 13)
        blank = (fields == 1) & ((lengths == 0) | crlf)
        doubt = (~np.isin(fields, list(self._allowed)) & ~blank) | (lengths > self._max_line)
        if self.line == 1:
            doubt[0] = lengths[0] > self._max_line  # the header line: only its length is checked here
            blank[0] = False
        self._blanks += int(blank.sum())
        if self._blanks > MAX_BLANK_LINES:
            raise _error(
                self.path,
                self.line,
                None,
                "trade rows",
                f"more than {MAX_BLANK_LINES:,} blank lines",
                "the file is damaged or padded; download it again",
            )
        for i in np.flatnonzero(doubt).tolist():
            content = data[starts[i] : breaks[i]]
            self._check_line(
                self.line + i, int(fields[i]), int(lengths[i]), (self._tail if i == 0 else b"") + content
            )
        self.line += len(breaks)
        last = int(breaks[-1])
        self._fields = 1 + int(delims[-1] - delims[last])
        self._length = len(data) - last - 1
        self._tail = data[last + 1 :][-64:]
        if self._length > self._max_line:
            self._too_long()

    def _too_long(self) -> None:
        raise _error(
            self.path,
            self.line,
            None,
            f"a line of at most {_size(self._max_line)}",
            "a longer one" + (" (a quote opened and never closed)" if self._quoted else ""),
            "the file is damaged or not delimited text; download it again",
        )

    def _check_line(self, line: int, fields: int, length: int, content: bytes) -> None:
        if length > self._max_line:
            self.line = line
            self._too_long()
        if line == 1 or fields in self._allowed or (fields == 1 and not content.strip()):
            return
        width = len(self.header)
        if fields < width:
            column, got = self.header[fields] or None, f"{fields} fields (the row is cut short)"
        else:
            column, got = None, f"{fields} fields (one value too many)"
        raise _error(
            self.path,
            line,
            column,
            f"{width} fields like the header",
            got,
            "a value is missing, or contains an unquoted delimiter; fix that line or download the file again",
        )

    def _at_eof(self) -> None:
        if self._quoted:
            raise _error(
                self.path,
                self.line,
                None,
                "a closing quote",
                "the end of the file inside a quoted value",
                "the file was cut short; download it again",
            )
        if self._length == 0:
            return
        cut = self._tail.decode("utf-8", errors="replace")[-20:]
        if not self._complete_at_eof and self.line > 1:
            raise _error(
                self.path,
                self.line,
                None,
                "a line break at the end of the last row",
                f"a last row ending in {cut!r} without one",
                "the file looks cut short (the last value may be incomplete); download it again — "
                "if the file is complete, add a line break at its end",
            )
        self._check_line(self.line, self._fields, self._length, self._tail)
        self._length = 0
