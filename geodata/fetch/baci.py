"""`corridor-atlas fetch baci`: a CEPII BACI release, filtered to the region while it is read.

BACI (CEPII, https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37) is published as one
zip per HS edition and release, e.g. ``BACI_HS17_V202501.zip`` at
``https://www.cepii.fr/DATA_DOWNLOAD/baci/data/``, holding one CSV per year
(``BACI_HS17_Y2022_V202501.csv``, header ``t,i,j,k,v,q``) and the code lists
(``country_codes_V202501.csv``, ``product_codes_HS17_V202501.csv``) and a readme. A release is a few
gigabytes; it has no query interface, so the whole zip is downloaded (resumable with HTTP Range into
the cache) and then each year's member is **streamed** out of the archive (`zipfile` opens members
as streams — nothing is extracted to disk) and only the rows whose exporter or importer is in the
region (and, with ``--partners``, whose other side is a listed partner) and whose HS6 code is
selected are written, as ``BACI_HS17_Y2022_V202501_region.csv`` — the layout the BACI reader knows,
its name still telling the HS edition.

Licence: Etalab Open Licence 2.0; cite Gaulier, G. and Zignago, S. (2010), "BACI: International Trade
Database at the Product-Level. The 1994-2007 Version", CEPII Working Paper 2010-23.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from geodata.errors import IngestError
from geodata.fetch.common import Ledger, Progress, Selection, base_url, numeric_code
from geodata.fetch.plan import years_of
from geodata.fetch.run import FetchOptions, fetch_part, fetched_entry, ingest_fetched, report

DEFAULT_URL = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data"
DEFAULT_RELEASE = "202501"
EDITIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")
COLUMNS = ["t", "i", "j", "k", "v", "q"]
CHUNK_ROWS = 1_000_000


def archive_name(edition: str, release: str) -> str:
    """The file name of a BACI release's zip, e.g. ``BACI_HS17_V202501.zip``."""
    return f"BACI_{edition}_V{release}.zip"


def year_member(names: list[str], edition: str, year: int) -> str | None:
    """The archive member holding one year (``BACI_HS17_Y2022_V202501.csv``), if any."""
    pattern = re.compile(rf"(^|/)BACI_{edition}_Y{year}_V\w+\.csv$", re.IGNORECASE)
    return next((n for n in names if pattern.search(n)), None)


def check_archive(path: Path, url: str) -> None:
    """The zip's central directory must be readable (a truncated archive is not)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as error:
        raise IngestError(
            f"{url}: expected a complete zip archive, got a damaged or truncated file ({error}) — it was "
            "removed from the cache; run the command again to download it afresh"
        ) from error
    if not any(re.search(r"BACI_\w+_Y\d{4}_V\w+\.csv$", n) for n in names):
        raise IngestError(
            f"{url}: expected a BACI release (members BACI_HSxx_Yyyyy_Vrrrrrr.csv), got {', '.join(names[:5])} — "
            "check --edition, --release and the address"
        )


def filter_rows(chunk: pd.DataFrame, region: set[str], partners: set[str], codes: set[str]) -> pd.DataFrame:
    """Rows with one side in ``region`` and the other in ``partners`` (empty: any), HS6 in ``codes``."""
    i, j = chunk["i"].str.strip(), chunk["j"].str.strip()
    k = chunk["k"].str.strip().str.zfill(6)
    any_partner = not partners
    outward = i.isin(region) & (any_partner or j.isin(partners))
    inward = j.isin(region) & (any_partner or i.isin(partners))
    keep = outward | inward
    if codes:
        keep &= k.isin(codes)
    return chunk.loc[keep]


def filter_member(archive: zipfile.ZipFile, member: str, out: Path, selection: Selection, url: str) -> int:
    """Stream one year's CSV out of the archive into ``out``, keeping the region's rows."""
    region = {numeric_code(c) for c in selection.reporters}
    partners = {numeric_code(c) for c in selection.partners}
    codes = set(selection.codes)
    rows = 0
    temporary = out.with_suffix(".tmp")
    try:
        with archive.open(member) as stream, open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(",".join(COLUMNS) + "\n")
            reader = pd.read_csv(stream, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS)
            for chunk in reader:
                chunk.columns = [c.strip().lower() for c in chunk.columns]
                if list(chunk.columns) != COLUMNS:
                    raise IngestError(
                        f"{url} ({member}): expected the BACI header t,i,j,k,v,q, got "
                        f"{','.join(chunk.columns)} — the layout has changed; update corridor-atlas"
                    )
                kept = filter_rows(chunk, region, partners, codes)
                kept.to_csv(handle, header=False, index=False)
                rows += len(kept)
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        temporary.unlink(missing_ok=True)
        raise IngestError(
            f"{url} ({member}): expected a complete archive member, got a damaged one ({error}) — delete "
            f"{archive.filename} and run the command again"
        ) from error
    temporary.replace(out)
    return rows


def fetch_baci(
    options: FetchOptions,
    selection: Selection,
    *,
    edition: str = "HS17",
    release: str = DEFAULT_RELEASE,
    url: str | None = None,
) -> list[dict]:
    """Download the release zip, filter each selected year, ingest; entries (none on a dry run)."""
    edition = edition.upper()
    if edition not in EDITIONS:
        raise IngestError(f"--edition {edition}: expected one of {', '.join(EDITIONS)} — e.g. HS17")
    release = release.upper().removeprefix("V")
    if not selection.reporters:
        raise IngestError("--reporters all: expected named countries for BACI — e.g. region or KAZ,KGZ")
    base = base_url("baci", url, DEFAULT_URL)
    name = archive_name(edition, release)
    address = f"{base}/{name}"
    years = years_of(selection.months)
    if options.dry_run:
        options.say(f"GET {address}")
        options.say(f"then filter years {', '.join(map(str, years))} to {len(selection.reporters)} countries")
        return []
    directory = Path(options.cache_dir) / "baci"
    ledger = Ledger.open(directory)
    progress = Progress(1 + len(years), "baci", options.progress)
    try:
        record = fetch_part(
            options,
            ledger,
            name,
            address,
            directory / name,
            check=lambda path: check_archive(path, address),
            progress=progress,
            not_found_fix="check --edition and --release against CEPII's download page, and the address",
        )
        progress.part_done()
        fetch_id = selection.fetch_id("baci", edition + release)
        out_dir = directory / fetch_id
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {}
        with zipfile.ZipFile(directory / record["file"]) as archive:
            names = archive.namelist()
            for year in years:
                member = year_member(names, edition, year)
                progress.part_done()
                if member is None:
                    options.warn(f"{name} has no year {year} — skipped")
                    continue
                out = out_dir / (Path(member).stem + "_region.csv")
                rows = filter_member(archive, member, out, selection, address)
                progress.add_rows(rows)
                if rows:
                    files[out] = fetched_entry(
                        "baci",
                        selection.selection_key("baci", f"{edition}-{year}"),
                        [record],
                        member=member,
                        release=release,
                        edition=edition,
                        goods=selection.goods_label,
                    )
    finally:
        progress.close()
    entries = ingest_fetched(options, files)
    report(options, entries)
    return entries
