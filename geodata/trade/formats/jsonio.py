"""JSON source files read record by record, never whole: the UN Comtrade Plus API response.

Three shapes are accepted, plain or gzip (by magic bytes), UTF-8 with or without BOM:

- the API response as the API (and so ``comtradeapicall``'s ``requests`` call) returns it,
  saved with ``json.dump(response.json(), ...)`` or from the browser:
  ``{"elapsedTime": "0.5 secs", "count": 2, "data": [{record}, {record}], "error": ""}``;
- a bare list of records, ``[{record}, ...]`` (``df.to_json(path, orient="records")``);
- JSON Lines, one record per line (``df.to_json(path, orient="records", lines=True)``).

Records are numbered from 1 in file order; messages say "record N". The file is decoded in blocks
of 64k characters and each record is decoded on its own, so memory stays flat however long the
``data`` list is. An API error response (``"error": "..."`` or ``{"statusCode": 401, "message":
...}``), a file cut short and malformed JSON each raise an `IngestError` that says so.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geodata.trade.formats.streams import SourceStream, problem
from geodata.trade.formats.textio import UTF8_ELSE_LATIN1

_BLOCK = 1 << 16
#: A single JSON value longer than this is not a Comtrade record: stop rather than buffer the file.
_MAX_VALUE_CHARS = 1 << 24
_SPACE = re.compile(r"[ \t\r\n]*")
_SHOWN_KEYS = 8
SAVE_AS_IT_CAME = (
    "save the API response as it came (json.dump(response.json(), file)), "
    "or a DataFrame with df.to_json(path, orient='records')"
)


def looks_like_json(path: Path) -> bool:
    """True when the first character of the (decompressed) file, after a BOM and spaces, is { or [."""
    with SourceStream(path) as src:
        try:
            head = src.stream.read(4096)
        except (EOFError, OSError, zlib.error) as exc:
            raise src.damaged(exc) from exc
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    return text[:1] in ("{", "[")


class _JsonRecordReader:
    """A hand-rolled walk over the outer structure; `json.JSONDecoder.raw_decode` for each value."""

    def __init__(self, text: io.TextIOBase, path: Path) -> None:
        self.text = text
        self.path = path
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.records_read = 0
        self.decoder = json.JSONDecoder()

    # -- low level ---------------------------------------------------------------------------
    def _more(self) -> bool:
        if self.eof:
            return False
        block = self.text.read(_BLOCK)
        if not block:
            self.eof = True
            return False
        if self.pos > _BLOCK:
            self.buffer, self.pos = self.buffer[self.pos :], 0
        self.buffer += block
        return True

    def _peek(self) -> str:
        """The next character that is not white space ('' at the end of the file), not consumed."""
        while True:
            space = _SPACE.match(self.buffer, self.pos)
            assert space is not None, "the pattern matches the empty string"
            self.pos = space.end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def _error(self, expected: str, got: str, fix: str) -> Exception:
        return problem(self.path, self.records_read + 1, None, expected, got, fix, unit="record")

    def _cut_short(self) -> Exception:
        return self._error(
            "the rest of the JSON",
            f"the end of the file after {self.records_read:,} records",
            "the download was cut short; download the file again",
        )

    def _value(self) -> object:
        """Decode the JSON value that starts at the next non-space character."""
        if not self._peek():
            raise self._cut_short()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except RecursionError as exc:  # '[[[[…' nested deeper than Python's stack
                raise self._error(
                    "records nested a few levels deep",
                    "JSON nested too deeply to read",
                    "the file is damaged or not a UN Comtrade response; download it again",
                ) from exc
            except json.JSONDecodeError as exc:
                if self.eof:
                    # every accepted shape ends with } or ]: a file that does not was cut short
                    ends_early = not self.buffer.rstrip().endswith(("}", "]"))
                    raise (self._cut_short() if ends_early else self._malformed(exc)) from exc
                if len(self.buffer) - self.pos > _MAX_VALUE_CHARS:
                    raise self._malformed(exc) from exc
            else:
                # a number at the very end of the buffer may go on in the next block
                if end < len(self.buffer) or self.eof:
                    self.pos = end
                    return value
            self._more()

    def _malformed(self, exc: json.JSONDecodeError) -> Exception:
        near = self.buffer[exc.pos : exc.pos + 30]
        return self._error(
            "well-formed JSON",
            f"{exc.msg.lower()} at {near!r}",
            "the file was edited or damaged; download it again",
        )

    def _expect(self, allowed: str, after: str) -> str:
        char = self._peek()
        if not char:
            raise self._cut_short()
        if char not in allowed:
            wanted = " or ".join(repr(c) for c in allowed)
            raise self._error(
                f"{wanted} after {after}",
                repr(self.buffer[self.pos : self.pos + 20]),
                "the file was edited or damaged; download it again",
            )
        self.pos += 1
        return char

    # -- structure ---------------------------------------------------------------------------
    def _record(self, value: object) -> tuple[int, dict]:
        if not isinstance(value, dict):
            got = f"{type(value).__name__} {str(value)[:40]!r}"
            raise self._error("a JSON object per record", got, SAVE_AS_IT_CAME)
        self.records_read += 1
        return self.records_read, value

    def _array(self) -> Iterator[tuple[int, dict]]:
        self._expect("[", "the start of the records")
        if self._peek() == "]":
            self.pos += 1
            return
        while True:
            yield self._record(self._value())
            if self._expect(",]", "a record") == "]":
                return

    def _object(self) -> Iterator[tuple[int, dict]]:
        """The top-level object: an API response (streams its ``data``) or the first JSON Lines record."""
        self._expect("{", "the start of the file")
        fields: dict = {}
        has_data = False
        if self._peek() != "}":
            while True:
                key = self._value()
                if not isinstance(key, str):
                    raise self._error(
                        "a quoted key", repr(key), "the file was edited or damaged; download it again"
                    )
                self._expect(":", f"the key {key!r}")
                if key == "data" and self._peek() == "[":
                    has_data = True
                    yield from self._array()
                else:
                    fields[key] = self._value()
                if self._expect(",}", f"the value of {key!r}") == "}":
                    break
        else:
            self.pos += 1
        self._api_error(fields)
        if has_data:
            return
        if fields and not any(isinstance(v, dict | list) for v in fields.values()):
            yield self._record(fields)  # JSON Lines: every line is one record
            while self._peek():
                yield self._record(self._value())
            return
        keys = ", ".join(repr(k) for k in list(fields)[:_SHOWN_KEYS]) or "no keys"
        raise self._error(
            "an API response with a 'data' list of records, a list of records or JSON Lines",
            f"an object with {keys}",
            SAVE_AS_IT_CAME,
        )

    def _api_error(self, fields: dict) -> None:
        message = fields.get("error") or (fields.get("message") if "statusCode" in fields else None)
        if message:
            status = f" (status {fields['statusCode']})" if "statusCode" in fields else ""
            raise problem(
                self.path,
                None,
                None,
                "a successful UN Comtrade API response",
                f"the API error{status} {str(message)[:300]!r}",
                "fix the query (subscription key, parameters, size limits) and save the response again",
            )

    def records(self) -> Iterator[tuple[int, dict]]:
        first = self._peek()
        if first == "[":
            yield from self._array()
        elif first == "{":
            yield from self._object()
        else:
            raise self._error(
                "a JSON object or list", repr(self.buffer[self.pos : self.pos + 20]), SAVE_AS_IT_CAME
            )
        if self._peek():
            raise self._error(
                "the end of the file after the JSON",
                repr(self.buffer[self.pos : self.pos + 20]),
                "the file holds more than one JSON document; save one response per file",
            )


def iter_json_records(path: Path, *, progress: bool = False, desc: str = "") -> Iterator[tuple[int, dict]]:
    """Yield (record number from 1, record) for every record of a JSON source file."""
    path = Path(path)
    with SourceStream(path, progress=progress, desc=desc) as src:
        text = io.TextIOWrapper(src.stream, encoding="utf-8-sig", errors=UTF8_ELSE_LATIN1)
        try:
            yield from _JsonRecordReader(text, path).records()
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise src.damaged(exc) from exc


def first_record_keys(path: Path) -> list[str]:
    """The keys of the first record: the "header" a JSON file offers to the readers."""
    for _number, record in iter_json_records(path):
        return [str(key) for key in record]
    raise problem(
        path,
        None,
        None,
        "at least one trade record in the JSON",
        "no records (an empty list)",
        "the query matched nothing; check its period, reporter and commodity codes and save it again",
    )


def _as_text(value: object) -> str:
    """A JSON value as the text a CSV would hold: null → '', 398 and 398.0 → '398', true → 'True'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value).strip()


@dataclass
class JsonRows:
    """The records of a JSON file as string chunks indexed by record number (the first is 1)."""

    path: Path
    header: list[str]
    header_name = "a first record"

    def chunks(
        self, usecols: list[str], chunk_rows: int, *, first_pass: bool = False
    ) -> Iterator[pd.DataFrame]:
        """String chunks of ``usecols`` (a key a record lacks is blank); ``first_pass`` only names the bar."""
        size = max(1, int(chunk_rows))
        rows: list[list[str]] = []
        numbers: list[int] = []
        desc = f"{self.path.name} (scan)" if first_pass else self.path.name
        for number, record in iter_json_records(self.path, progress=True, desc=desc):
            rows.append([_as_text(record.get(col)) for col in usecols])
            numbers.append(number)
            if len(rows) >= size:
                yield pd.DataFrame(rows, columns=usecols, index=numbers, dtype=str)
                rows, numbers = [], []
        if rows:
            yield pd.DataFrame(rows, columns=usecols, index=numbers, dtype=str)
