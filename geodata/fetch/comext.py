"""`corridor-atlas fetch comext`: EU member states' monthly CN8 trade with the region, from Eurostat.

**Choice: the Comext SDMX 2.1 dissemination API, not the bulk ``full_v2_YYYYMM.7z`` files.** The
API selects on the server: only the reporters (EU members) and partners (Russia and the transit
countries) asked for, months in one range, both flows, the value and quantity indicators. A bulk
file holds every reporter × partner × product of one month (around 100 MB compressed), so a
2019-to-today region fetch would move tens of gigabytes to keep well under one per cent of it, and
would add a 7z dependency (py7zr). The API is keyless and needs no new dependency.

Endpoint (Eurostat API online help, "API - Getting started" and "Data query",
https://wikis.ec.europa.eu/display/EUROSTATHELP/API+-+Getting+started; the Comext datasets are
served under ``/eurostat/api/comext/dissemination``)::

    GET https://ec.europa.eu/eurostat/api/comext/dissemination/sdmx/2.1/data/DS-045409/
        M.{reporters}.{partners}..{flows}.VALUE_IN_EUROS+QUANTITY_IN_100KG
        ?format=SDMX-CSV&startPeriod=2023-01&endPeriod=2023-12

DS-045409 ("EU trade since 1988 by HS2-4-6 and CN8") has the key ``freq.reporter.partner.product.
flow.indicators``; ``+`` joins several values and an empty position means all (here: every product
code, CN8 kept on conversion). Flows ``1`` import, ``2`` export. Reporters and partners are ISO-2
with ``EL`` for Greece. The indicators are ``VALUE_IN_EUROS`` and ``QUANTITY_IN_100KG`` (not
``QUANTITY_IN_KG``, which the API refuses). A selection with no data is answered with HTTP 404 and
an SDMX fault "No Results Found", read here as an empty part. (Key layout and indicator names as
used by public clients of this endpoint; the live API could not be queried from here.)

**Mode of transport:** DS-045409 has no transport dimension (nor has ``full_v2``); Eurostat
publishes transport modes in separate extra-EU datasets at a coarser product level, which this
command does not fetch. The Comext reader takes a ``TRANSPORT_MODE`` column when a file has one
(`geodata.trade.formats.comext`), so such an extract, saved in the ``full_v2`` layout, is read with
its modes and the route model uses them.

Limits: Eurostat documents no per-call row cap for Comext, but large extractions are turned into
asynchronous jobs; a public client reports that DS-059341 refuses a query with 14 reporters and
works with 4. Parts are therefore 4 reporters × 12 months (`LIMITS`), all selected partners.

**Conversion.** The SDMX-CSV answer (``DATAFLOW, LAST UPDATE, freq, reporter, partner, product,
flow, indicators, TIME_PERIOD, OBS_VALUE, OBS_FLAG``, one row per indicator) is pivoted to the
``full_v2`` columns the Comext reader knows: ``REPORTER, PARTNER, TRADE_TYPE, PRODUCT_NC, FLOW,
PERIOD, VALUE_EUR, QUANTITY_KG`` — TIME_PERIOD ``2023-01`` → PERIOD ``202301``, QUANTITY_IN_100KG
× 100 → QUANTITY_KG, TRADE_TYPE ``I`` (partner in the EU) or ``E``. Only eight-digit CN codes under
the selected HS6 codes are written; the API's totals and 2/4/6-digit rows are left out.
"""

from __future__ import annotations

import csv
from functools import partial
from pathlib import Path

import pandas as pd

from geodata.errors import IngestError
from geodata.fetch.common import Ledger, Progress, Selection, base_url, eu_members, iso2_code
from geodata.fetch.plan import Limits, Query, split
from geodata.fetch.run import FetchOptions, fetch_part, fetched_entry, ingest_fetched, report

DEFAULT_URL = "https://ec.europa.eu/eurostat/api/comext/dissemination/sdmx/2.1"
DATASET = "DS-045409"
INDICATORS = ("VALUE_IN_EUROS", "QUANTITY_IN_100KG")
FLOWS = ("1", "2")
LIMITS = Limits(max_records=10**9, max_periods=12, max_reporters=4)
#: Columns read from the SDMX-CSV answer, compared without letter case.
SDMX_COLUMNS = ("reporter", "partner", "product", "flow", "indicators", "time_period", "obs_value")
FULL_V2_COLUMNS = (
    "REPORTER",
    "PARTNER",
    "TRADE_TYPE",
    "PRODUCT_NC",
    "FLOW",
    "PERIOD",
    "VALUE_EUR",
    "QUANTITY_KG",
)
NO_RESULTS = b"No Results Found"


def request_url(base: str, query: Query) -> str:
    """The SDMX-CSV data URL of one query: its reporters, partners, products (none: all) and flows,
    both indicators, and its months as one range.
    """
    key = ".".join(
        [
            "M",
            "+".join(query.reporters),
            "+".join(query.partners),
            "+".join(query.codes),
            "+".join(query.flows),
            "+".join(INDICATORS),
        ]
    )
    return (
        f"{base}/data/{DATASET}/{key}?format=SDMX-CSV"
        f"&startPeriod={query.periods[0]}&endPeriod={query.periods[-1]}"
    )


def plan(selection: Selection) -> list[Query]:
    """The queries for a selection: at most 4 reporters × 12 months each, every selected partner, all
    products. Raises `IngestError` for a reporter that is not an EU member state.
    """
    members = set(eu_members())
    outside = [r for r in selection.reporters if r not in members]
    if outside:
        raise IngestError(
            f"--reporters: expected EU member states for Comext (its reporters), got {', '.join(outside)} — "
            "use EU27 or member codes such as DEU,POL; fetch the region's own declarations with "
            "`fetch comtrade`"
        )
    whole = Query(
        periods=selection.months,
        reporters=tuple(iso2_code(r) for r in selection.reporters),
        partners=tuple(iso2_code(p) for p in selection.partners),
        codes=(),
        flows=FLOWS,
    )
    return split(whole, LIMITS)  # a part's months stay consecutive: startPeriod..endPeriod


def check_layout(path: Path, url: str) -> None:
    """An answer must be SDMX-CSV with the columns `to_full_v2` reads (or empty: no results)."""
    if path.stat().st_size == 0:
        return
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    missing = [c for c in SDMX_COLUMNS if c not in {h.strip().lower() for h in header}]
    if missing:
        shown = ", ".join(header[:8]) or "an empty first line"
        raise IngestError(
            f"{url}: expected SDMX-CSV with columns {', '.join(SDMX_COLUMNS)}, got {shown} — the layout "
            "has changed, or Eurostat turned a large request into an asynchronous job; narrow --from/--to "
            "or --reporters, or update corridor-atlas"
        )


def to_full_v2(sdmx_csv: Path, codes: tuple[str, ...]) -> pd.DataFrame:
    """One SDMX-CSV answer → rows in the full_v2 layout (CN8 under ``codes``; all when empty)."""
    if sdmx_csv.stat().st_size == 0:
        return pd.DataFrame(columns=list(FULL_V2_COLUMNS))
    frame = pd.read_csv(
        sdmx_csv,
        dtype=str,
        keep_default_na=False,
        usecols=lambda name: name.strip().lower() in SDMX_COLUMNS,
        encoding="utf-8-sig",
    )
    frame.columns = [c.strip().lower() for c in frame.columns]
    product = frame["product"].str.strip()
    keep = product.str.fullmatch(r"\d{8}")
    if codes:
        keep &= product.str.slice(0, 6).isin(set(codes))
    frame = frame.loc[keep & frame["indicators"].isin(INDICATORS) & frame["obs_value"].ne("")]
    if frame.empty:
        return pd.DataFrame(columns=list(FULL_V2_COLUMNS))
    wide = frame.pivot_table(
        index=["reporter", "partner", "product", "flow", "time_period"],
        columns="indicators",
        values="obs_value",
        aggfunc="first",
    ).reset_index()
    if "VALUE_IN_EUROS" not in wide:
        return pd.DataFrame(columns=list(FULL_V2_COLUMNS))
    members = {iso2_code(m) for m in eu_members()}
    value = pd.to_numeric(wide["VALUE_IN_EUROS"], errors="coerce")
    quantity = (
        pd.to_numeric(wide["QUANTITY_IN_100KG"], errors="coerce") * 100
        if "QUANTITY_IN_100KG" in wide
        else None
    )
    out = pd.DataFrame(
        {
            "REPORTER": wide["reporter"],
            "PARTNER": wide["partner"],
            "TRADE_TYPE": wide["partner"].map(lambda p: "I" if p in members else "E"),
            "PRODUCT_NC": wide["product"],
            "FLOW": wide["flow"],
            "PERIOD": wide["time_period"].str.replace("-", "", regex=False),
            "VALUE_EUR": value,
            "QUANTITY_KG": quantity if quantity is not None else pd.NA,
        }
    )
    return out.loc[out["VALUE_EUR"].notna()]


def fetch_comext(options: FetchOptions, selection: Selection, *, url: str | None = None) -> list[dict]:
    """Download, convert to full_v2, ingest; returns the manifest entries (none on a dry run)."""
    base = base_url("comext", url, DEFAULT_URL)
    queries = plan(selection)
    if options.dry_run:
        for query in queries:
            options.say(f"GET {request_url(base, query)}")
        options.say(f"{len(queries)} request(s) planned (comext {DATASET}, keyless)")
        return []
    fetch_id = selection.fetch_id("comext", DATASET)
    directory = Path(options.cache_dir) / "comext" / fetch_id
    ledger = Ledger.open(directory)
    progress = Progress(len(queries), "comext", options.progress)
    records, frames = [], []
    try:
        for query in queries:
            address = request_url(base, query)
            record = fetch_part(
                options,
                ledger,
                query.key(),
                address,
                directory / f"{query.key()}.sdmx.csv",
                check=partial(check_layout, url=address),
                progress=progress,
                empty_marker=NO_RESULTS,
                not_found_fix="check the dataset, the codes and the address (--base-url)",
            )
            check_layout(directory / record["file"], address)
            frame = to_full_v2(directory / record["file"], selection.codes)
            records.append(record)
            frames.append(frame)
            progress.add_rows(len(frame))
            progress.part_done()
    finally:
        progress.close()
    files = {}
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(FULL_V2_COLUMNS))
    if len(rows):
        out = directory / f"comext_{DATASET}_{fetch_id}.dat"
        temporary = out.with_suffix(".tmp")
        rows.to_csv(temporary, index=False, columns=list(FULL_V2_COLUMNS))
        temporary.replace(out)
        files[out] = fetched_entry(
            "comext",
            selection.selection_key("comext", DATASET),
            records,
            endpoint=f"comext/dissemination/sdmx/2.1/data/{DATASET}",
            goods=selection.goods_label,
        )
    entries = ingest_fetched(options, files)
    report(options, entries)
    return entries
