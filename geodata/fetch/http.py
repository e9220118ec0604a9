"""One small HTTP client on the standard library: retries, rate limits, resumable downloads.

- Proxies: the opener is built with `urllib.request.ProxyHandler()`, which reads the system settings
  (``http_proxy`` / ``https_proxy`` / ``no_proxy`` environment variables, or the OS configuration).
- Transient failures (HTTP 5xx, connection errors, timeouts, a body cut short) are retried with
  exponential backoff: ``backoff × 2**attempt`` seconds, ``retries`` times.
- HTTP 429: waits the ``Retry-After`` the server gives (seconds or an HTTP date, capped at
  ``max_retry_after``), else the backoff; counted against the same retry budget.
- Resumable: a download goes to ``DEST.part``; a retry (or a later run) asks for the rest with
  ``Range: bytes=N-``. A 206 answer is appended; a 200 answer (no range support) starts over.
- Checked: a body shorter than its ``Content-Length`` is a truncated body (retried, then an error);
  an HTML page where data was expected (a login page, a proxy's error page, a maintenance notice)
  is an error naming the URL, never saved as data.
- Every completed download reports the sha256 and the size of what was written.

Errors end as one `IngestError` naming the URL, what went wrong and the fix. ``sleep`` is injectable
so tests do not wait.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geodata.errors import IngestError

USER_AGENT = "corridor-atlas-fetch/1 (+https://github.com/; python-urllib)"
_BLOCK = 1 << 16
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Download:
    """One completed download: where it came from, where it is, and its checksum."""

    url: str
    path: Path
    sha256: str
    size: int
    retrieved_at: str

    def as_record(self) -> dict:
        """The download as a ledger record: URL, file name, sha256, size in bytes and retrieval time."""
        return {
            "url": self.url,
            "file": self.path.name,
            "sha256": self.sha256,
            "size": self.size,
            "retrieved_at": self.retrieved_at,
        }


class _Retry(Exception):
    """A transient failure: try again after ``wait`` seconds (None: the backoff)."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 (hex) and size in bytes of a file."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent.

    >>> parse_retry_after("3")
    3.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def looks_like_html(head: bytes, content_type: str | None) -> bool:
    """True when a body is an HTML page (by its Content-Type or its first bytes)."""
    if content_type and "text/html" in content_type.lower():
        return True
    return bool(_HTML_START.match(head.lstrip(b"\xef\xbb\xbf")))


def html_title(head: bytes) -> str:
    """How a message names an HTML page: by its ``<title>`` when ``head`` holds one."""
    match = _TITLE.search(head)
    if not match:
        return "an HTML page"
    title = " ".join(match.group(1).decode("utf-8", errors="replace").split())
    return f"an HTML page titled {title[:120]!r}"


def _snippet(body: bytes) -> str:
    text = " ".join(body[:300].decode("utf-8", errors="replace").split())
    return text or "an empty body"


class HttpClient:
    """GET with retries and resumable downloads; see the module docstring."""

    def __init__(
        self,
        *,
        retries: int = 5,
        backoff: float = 1.0,
        max_retry_after: float = 300.0,
        timeout: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        progress: Callable[[int, int | None], None] | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.timeout = timeout
        self.sleep = sleep
        self.progress = progress
        self.opener = opener or urllib.request.build_opener(urllib.request.ProxyHandler())

    def download(
        self,
        url: str,
        dest: Path,
        *,
        headers: Mapping[str, str] | None = None,
        auth_fix: str = "check the key or the address",
        not_found_fix: str = "check the address (--base-url) and the selection",
        empty_marker: bytes | None = None,
    ) -> Download:
        """Download ``url`` to ``dest`` (resuming ``dest.part``); `IngestError` after the retries.

        ``empty_marker``: a 404 whose body holds these bytes means "no data for this selection"
        (Eurostat answers so) and is saved as an empty file rather than raised.
        """
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".part")
        last, done = "no attempt", False
        for attempt in range(self.retries + 1):
            try:
                self._attempt(url, partial, dict(headers or {}), auth_fix, not_found_fix, empty_marker)
                done = True
                break
            except _Retry as retry:
                last = retry.reason
                if attempt < self.retries:
                    wait = retry.wait if retry.wait is not None else self.backoff * (2**attempt)
                    self.sleep(min(wait, self.max_retry_after))
        if not done:
            raise IngestError(
                f"{url}: expected the data, got {last} after {self.retries + 1} attempts — the server "
                "or the network is failing; run the same command again later (completed parts are kept "
                "and the download resumes), or point --base-url at a mirror"
            )
        partial.replace(dest)
        sha256, size = file_digest(dest)
        return Download(url, dest, sha256, size, datetime.now(UTC).isoformat(timespec="seconds"))

    # -- one attempt ----------------------------------------------------------------------------

    def _attempt(
        self, url: str, partial: Path, headers: dict, auth_fix: str, not_found_fix: str, empty_marker
    ) -> None:
        have = partial.stat().st_size if partial.exists() else 0
        request_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
        if have:
            request_headers["Range"] = f"bytes={have}-"
        request = urllib.request.Request(url, headers=request_headers)
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            self._http_error(url, error, partial, auth_fix, not_found_fix, empty_marker)
            return
        except (
            urllib.error.URLError,
            ConnectionError,
            TimeoutError,
            OSError,
            http.client.HTTPException,
        ) as error:
            reason = getattr(error, "reason", error)
            raise _Retry(f"a connection error ({reason})") from error
        with response:
            self._receive(url, response, partial, have)

    def _http_error(self, url, error, partial: Path, auth_fix: str, not_found_fix: str, empty_marker) -> None:
        status = error.code
        body = error.read() if error.fp is not None else b""
        if status == 404 and empty_marker and empty_marker in body:
            partial.write_bytes(b"")
            return
        if status == 429:
            wait = parse_retry_after(error.headers.get("Retry-After"))
            raise _Retry("HTTP 429 Too Many Requests (the rate limit)", wait)
        if status == 416:  # the range asked for is past the end: start the file again
            partial.unlink(missing_ok=True)
            raise _Retry("HTTP 416 (a partial file that no longer matches)", 0.0)
        if status >= 500:
            raise _Retry(f"HTTP {status} {error.reason}")
        if status in (401, 403):
            raise IngestError(
                f"{url}: expected the data, got HTTP {status} {error.reason} ({_snippet(body)}) — {auth_fix}"
            )
        if looks_like_html(body[:4096], error.headers.get("Content-Type")):
            got = html_title(body[:4096])
        else:
            got = _snippet(body)
        fix = not_found_fix if status == 404 else "check the selection and the address (--base-url)"
        raise IngestError(f"{url}: expected the data, got HTTP {status} {error.reason} ({got}) — {fix}")

    def _receive(self, url: str, response, partial: Path, have: int) -> None:
        status = getattr(response, "status", 200)
        length = response.headers.get("Content-Length")
        expected = int(length) if length and length.isdigit() else None
        append = status == 206 and have > 0
        if append and not response.headers.get("Content-Range", "").startswith(f"bytes {have}-"):
            partial.unlink(missing_ok=True)  # a range other than the one asked for: start again
            raise _Retry(f"a partial answer for another range ({response.headers.get('Content-Range')})", 0.0)
        if not append:
            have = 0
        try:
            head = response.read(_BLOCK)
        except (ConnectionError, TimeoutError, OSError, http.client.HTTPException) as error:
            raise _Retry(f"a body cut short at its start ({error})") from error
        if not append and looks_like_html(head[:4096], response.headers.get("Content-Type")):
            partial.unlink(missing_ok=True)
            raise IngestError(
                f"{url}: expected data, got {html_title(head[:4096])} — the server (or a proxy) answered "
                "with a web page instead of the file: check the address (--base-url), the proxy settings "
                "and whether the site is in maintenance, then run the command again"
            )
        received = 0
        total = None if expected is None else have + expected
        with open(partial, "ab" if append else "wb") as out:
            block = head
            while block:
                out.write(block)
                received += len(block)
                if self.progress is not None:
                    self.progress(len(block), total)
                try:
                    block = response.read(_BLOCK)
                except (ConnectionError, TimeoutError, OSError, http.client.HTTPException) as error:
                    raise _Retry(f"a body cut short after {have + received:,} bytes ({error})") from error
        if expected is not None and received < expected:
            raise _Retry(f"a truncated body ({have + received:,} of {have + expected:,} bytes)")
