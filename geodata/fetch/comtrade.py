"""`corridor-atlas fetch comtrade`: UN Comtrade final data (HS, monthly or annual) through its API.

Endpoints (UN Comtrade help centre, https://uncomtrade.org/docs/un-comtrade-api/, and the official
client ``uncomtrade/comtradeapicall``, ``src/comtradeapicall/PreviewGet.py``):

- with a subscription key: ``GET https://comtradeapi.un.org/data/v1/get/C/{freq}/HS`` and the header
  ``Ocp-Apim-Subscription-Key: KEY`` (key from ``COMTRADE_API_KEY`` or ``--key``; the free
  "comtrade - v1" product on https://comtradedeveloper.un.org/);
- without a key: the public preview ``GET https://comtradeapi.un.org/public/v1/preview/C/{freq}/HS``,
  which returns **at most 500 records per call** — enough for a narrow selection only; the command
  says so, and says when an answer was cut at 500.

Query parameters: ``reporterCode``, ``partnerCode`` (omitted: all partners), ``period`` (``YYYYMM``
monthly, ``YYYY`` annual; comma-separated), ``cmdCode`` (HS6 codes comma-separated, ``AG6`` for all
six-digit codes), ``flowCode`` (``M,X``), ``maxRecords``, ``format=JSON``, ``breakdownMode=classic``
(totals over customs procedure and mode of transport), ``includeDesc=false``. Country codes are UN
M49 as Comtrade uses them (France 251, USA 842, Switzerland 757).

Response: ``{"elapsedTime": "...", "count": N, "data": [{record}, ...], "error": ""}``; an error is
``{"statusCode": 401, "message": "Access denied due to invalid subscription key..."}``. The records
are written as they came (JSON Lines, one file per fetch) — the layout `comtrade_plus_json` reads.

Limits as documented by third parties (the developer portal's product pages need a login and
could not be read here): the free keyed tier allows 500 calls a day of up to 100,000 records each
(rOpenSci comtradr, "Handling large data", https://docs.ropensci.org/comtradr/articles/large_data.html);
the preview 500 records a call (comtradeapicall README); comtradr refuses more than 12 periods per
call. `LIMITS_KEYED` / `LIMITS_PREVIEW` encode these; an answer that comes back full is split and
asked again, so a low estimate never loses rows. 429 answers are waited out (``Retry-After``).
"""

from __future__ import annotations

import json
import os
from collections import deque
from functools import partial
from pathlib import Path

from geodata.errors import IngestError
from geodata.fetch.common import Ledger, Progress, Selection, base_url, numeric_code
from geodata.fetch.plan import Limits, Query, halve, split
from geodata.fetch.run import FetchOptions, fetch_part, fetched_entry, ingest_fetched, report

DEFAULT_URL = "https://comtradeapi.un.org"
KEY_ENV = "COMTRADE_API_KEY"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
LIMITS_KEYED = Limits(max_records=100_000, max_periods=12, max_codes=200)
LIMITS_PREVIEW = Limits(max_records=500, max_periods=12, max_codes=200)
REQUIRED_KEYS = (
    "refYear",
    "refMonth",
    "reporterCode",
    "partnerCode",
    "flowCode",
    "cmdCode",
    "classificationCode",
    "primaryValue",
)
AUTH_FIX = (
    "the subscription key was refused: check COMTRADE_API_KEY / --key (the primary key of your "
    "'comtrade - v1' subscription on https://comtradedeveloper.un.org/), or leave it unset to use "
    "the public preview (500 records per call)"
)


def api_key(flag: str | None) -> str | None:
    """The Comtrade subscription key: ``--key``, else ``$COMTRADE_API_KEY``; None for the public preview."""
    return flag or os.environ.get(KEY_ENV) or None


def period_codes(months: tuple[str, ...], freq: str) -> tuple[str, ...]:
    """``2023-01`` → ``202301`` (monthly) or the distinct years (annual)."""
    if freq == "A":
        return tuple(dict.fromkeys(m[:4] for m in months))
    return tuple(m.replace("-", "") for m in months)


def request_url(base: str, query: Query, freq: str, keyed: bool, max_records: int) -> str:
    """The data (keyed) or preview URL of one query; parameters in a fixed order."""
    path = f"/data/v1/get/C/{freq}/HS" if keyed else f"/public/v1/preview/C/{freq}/HS"
    params = [("reporterCode", ",".join(numeric_code(r) for r in query.reporters))]
    if query.partners:
        params.append(("partnerCode", ",".join(numeric_code(p) for p in query.partners)))
    params += [
        ("period", ",".join(query.periods)),
        ("cmdCode", ",".join(query.codes) if query.codes else "AG6"),
        ("flowCode", ",".join(query.flows)),
        ("maxRecords", str(max_records)),
        ("format", "JSON"),
        ("breakdownMode", "classic"),
        ("includeDesc", "false"),
    ]
    return base + path + "?" + "&".join(f"{k}={v}" for k, v in params)


def read_response(path: Path, url: str) -> list[dict]:
    """The records of a saved response; `IngestError` for an error payload or a changed layout."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(
            f"{url}: expected a JSON response, got unreadable content ({error}) — run the command again; "
            "if it persists the API may have changed its format"
        ) from error
    if isinstance(payload, dict) and "statusCode" in payload and "data" not in payload:
        raise IngestError(
            f"{url}: expected data, got error {payload.get('statusCode')}: {payload.get('message')} — "
            "check the key and the selection"
        )
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise IngestError(
            f'{url}: expected the Comtrade response layout {{"count": N, "data": [...], "error": ""}}, '
            f"got {type(payload).__name__} with keys {sorted(payload)[:8] if isinstance(payload, dict) else '—'} "
            "— the API's layout has changed; update corridor-atlas or report it"
        )
    if payload.get("error"):
        raise IngestError(
            f"{url}: expected data, got the API error {payload['error']!r} — check the selection"
        )
    records = payload["data"]
    if records:
        missing = [k for k in REQUIRED_KEYS if k not in records[0]]
        if missing:
            raise IngestError(
                f"{url}: expected records with {', '.join(REQUIRED_KEYS)}, got records without "
                f"{', '.join(missing)} — the API's layout has changed; update corridor-atlas or report it"
            )
    return records


def plan(selection: Selection, freq: str, keyed: bool) -> list[Query]:
    """The queries for a selection, both flows, split under the limits of the keyed API or of the public
    preview (``freq``: ``M`` monthly or ``A`` annual periods).
    """
    limits = LIMITS_KEYED if keyed else LIMITS_PREVIEW
    whole = Query(
        periods=period_codes(selection.months, freq),
        reporters=selection.reporters,
        partners=selection.partners,
        codes=selection.codes,
        flows=("M", "X"),
    )
    return split(whole, limits)


def fetch_comtrade(
    options: FetchOptions,
    selection: Selection,
    *,
    freq: str = "M",
    key: str | None = None,
    url: str | None = None,
) -> list[dict]:
    """Download, check, write and ingest; returns the manifest entries (none on a dry run)."""
    base = base_url("comtrade", url, DEFAULT_URL)
    keyed = key is not None
    limits = LIMITS_KEYED if keyed else LIMITS_PREVIEW
    if not selection.reporters:
        raise IngestError("--reporters all: expected named reporters for Comtrade — e.g. KAZ,KGZ or region")
    if not keyed:
        options.warn(
            f"no Comtrade key ({KEY_ENV} or --key): using the public preview, which returns at most "
            f"{limits.max_records} records per call — get a free key for complete data (see the README)"
        )
    queries = plan(selection, freq, keyed)
    if options.dry_run:
        for query in queries:
            options.say(f"GET {request_url(base, query, freq, keyed, limits.max_records)}")
        options.say(f"{len(queries)} request(s) planned (comtrade, {'keyed' if keyed else 'preview'})")
        return []
    fetch_id = selection.fetch_id("comtrade", freq)
    directory = Path(options.cache_dir) / "comtrade" / fetch_id
    ledger = Ledger.open(directory)
    headers = {KEY_HEADER: key} if keyed else {}
    progress = Progress(len(queries), "comtrade", options.progress)
    pending, used = deque(queries), []
    try:
        while pending:
            query = pending.popleft()
            address = request_url(base, query, freq, keyed, limits.max_records)
            part = f"{'data' if keyed else 'preview'}_{query.key()}"  # a preview answer never stands in
            record = fetch_part(
                options,
                ledger,
                part,
                address,
                directory / f"{part}.json",
                headers=headers,
                auth_fix=AUTH_FIX,
                check=partial(read_response, url=address),
                progress=progress,
            )
            count = len(read_response(directory / record["file"], address))
            if count >= limits.max_records:
                halves = halve(query)
                if halves is not None:
                    pending.extendleft(reversed(halves))
                    progress.bar.total += 1
                    progress.part_done()
                    continue
                options.warn(
                    f"{address}: the answer holds {count} records, the most one call returns — "
                    "some rows may be missing" + ("" if keyed else "; a Comtrade key lifts the limit")
                )
            used.append((record, count))
            progress.add_rows(count)
            progress.part_done()
    finally:
        progress.close()
    files = {}
    records = [r for r, count in used]
    if sum(count for _, count in used):
        out = directory / f"comtrade_{freq}_{fetch_id}.jsonl"
        write_records(out, [directory / r["file"] for r in records])
        files[out] = fetched_entry(
            "comtrade",
            selection.selection_key("comtrade", freq),
            records,
            endpoint="data/v1/get" if keyed else "public/v1/preview",
            freq=freq,
            goods=selection.goods_label,
        )
    entries = ingest_fetched(options, files)
    report(options, entries)
    return entries


def write_records(out: Path, responses: list[Path]) -> None:
    """Every record of the saved responses as JSON Lines (records exactly as the API sent them)."""
    temporary = out.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        for response in responses:
            for record in json.loads(response.read_text(encoding="utf-8-sig"))["data"]:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    temporary.replace(out)
