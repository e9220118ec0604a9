"""Running a fetch: options shared by the three sources, cached parts, and the final ingest."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from geodata.errors import IngestError
from geodata.fetch.common import Ledger, Progress
from geodata.fetch.http import Download, HttpClient
from geodata.trade import ingest


@dataclass
class FetchOptions:
    """How to fetch: where the store and the cache are, the client, and where messages go."""

    data_dir: Path
    cache_dir: Path
    dry_run: bool = False
    replace_demo: bool = False
    client: HttpClient = field(default_factory=HttpClient)
    progress: bool | None = None
    say: Callable[[str], None] = print
    warn: Callable[[str], None] = field(default=lambda m: print(f"warning: {m}", file=sys.stderr))


def default_cache_dir(data_dir: Path) -> Path:
    """Where downloads are cached unless told otherwise: ``downloads`` in the data directory."""
    return Path(data_dir) / "downloads"


def fetch_part(
    options: FetchOptions,
    ledger: Ledger,
    key: str,
    url: str,
    dest: Path,
    *,
    headers: dict | None = None,
    auth_fix: str = "check the key or the address",
    not_found_fix: str = "check the address (--base-url) and the selection",
    check: Callable[[Path], object] | None = None,
    progress: Progress | None = None,
    empty_marker: bytes | None = None,
) -> dict:
    """The ledger record of part ``key``: from the cache when complete, else downloaded now.

    ``check`` validates a fresh download (layout, error payloads) before it enters the ledger; a
    file that fails is removed so the next run downloads it again.
    """
    record = ledger.done(key)
    if record is not None:
        return record
    client = options.client
    saved = client.progress
    if progress is not None:
        client.progress = progress.on_bytes
    try:
        download: Download = client.download(
            url,
            dest,
            headers=headers,
            auth_fix=auth_fix,
            not_found_fix=not_found_fix,
            empty_marker=empty_marker,
        )
    finally:
        client.progress = saved
    if check is not None:
        try:
            check(download.path)
        except IngestError:
            download.path.unlink(missing_ok=True)
            raise
    record = download.as_record()
    ledger.record(key, record)
    return record


def fetched_entry(source: str, selection_key: str, records: list[dict], **extra) -> dict:
    """The ``fetched`` dict stored in the manifest entry of a file built from downloaded parts."""
    return {
        "source": source,
        "selection_key": selection_key,
        "urls": [r["url"] for r in records],
        "retrieved_at": max((r["retrieved_at"] for r in records), default=None),
        "parts": [{k: r[k] for k in ("url", "file", "sha256", "size", "retrieved_at")} for r in records],
        "bytes": sum(r["size"] for r in records),
        **extra,
    }


def vintage(fetched: dict) -> str:
    """``retrieved 2026-12-01 from comtradeapi.un.org`` — what every view shows for the file."""
    hosts = sorted({urlsplit(u).netloc for u in fetched["urls"]})
    when = (fetched.get("retrieved_at") or datetime.now(UTC).isoformat())[:10]
    return f"retrieved {when} from {', '.join(hosts)}"


def ingest_fetched(options: FetchOptions, files: dict[Path, dict]) -> list[dict]:
    """Ingest the built files in one snapshot, each with its ``fetched`` record; all or nothing."""
    if not files:
        raise IngestError(
            "the providers returned no trade rows for this selection — widen --from/--to, --goods/--hs "
            "or --reporters/--partners, and check that the period is published yet"
        )
    return ingest.ingest_files(
        options.data_dir, list(files), fetched=files, warn=options.warn, replace_demo=options.replace_demo
    )


def report(options: FetchOptions, entries: list[dict]) -> None:
    """Tell ``options.say`` one line per ingested file: its rows, first and last month, and vintage."""
    for entry in entries:
        options.say(
            f"ingested {entry['name']} ({entry['source']}): {entry['rows']:,} rows, "
            f"{entry['period_min']}–{entry['period_max']}; {entry['vintage']}"
        )
