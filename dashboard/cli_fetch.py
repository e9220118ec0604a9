"""`corridor-atlas fetch comtrade|comext|baci`: the arguments and the runner (see `geodata.fetch`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from geodata.errors import IngestError
from geodata.fetch import baci, comext, comtrade
from geodata.fetch.common import Selection, region, resolve_countries, resolve_goods
from geodata.fetch.http import HttpClient
from geodata.fetch.plan import month_range, parse_month
from geodata.fetch.run import FetchOptions, default_cache_dir

SOURCES = ("comtrade", "comext", "baci")


def _month(text: str) -> str:
    try:
        parse_month(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def add_fetch_parser(commands) -> argparse.ArgumentParser:
    """Add the ``fetch`` subcommand to the CLI's subparsers."""
    fetch = commands.add_parser(
        "fetch",
        help="download real data from UN Comtrade, Eurostat Comext or CEPII BACI and ingest it",
        description="Download trade data for the region, write it in a layout the ingest reads, and "
        "ingest it in one snapshot. Raw downloads are kept in --cache-dir; a fetch that stopped "
        "continues where it left off.",
    )
    fetch.add_argument("source", choices=SOURCES)
    fetch.add_argument("--from", dest="start", type=_month, required=True, help="first month, YYYY-MM")
    fetch.add_argument("--to", dest="end", type=_month, required=True, help="last month, YYYY-MM")
    goods = fetch.add_mutually_exclusive_group()
    goods.add_argument(
        "--goods", help="basket ids, comma-separated (chpl, chpl_1, microelectronics, all, ...)"
    )
    goods.add_argument("--hs", help="HS codes, 2/4/6 digits, comma-separated (e.g. 8542,847130)")
    fetch.add_argument(
        "--reporters",
        help="ISO-3 codes or EU27/region (default: the region for comtrade and baci, EU27 for comext)",
    )
    fetch.add_argument(
        "--partners",
        help="ISO-3 codes or EU27/region/all (default: all for comtrade and baci, the region for comext)",
    )
    fetch.add_argument(
        "--base-url", help="a mirror or a recording server (else $CORRIDOR_ATLAS_<SOURCE>_URL)"
    )
    fetch.add_argument("--cache-dir", type=Path, help="keep raw downloads here (default: DATA_DIR/downloads)")
    fetch.add_argument(
        "--dry-run", action="store_true", help="list what would be downloaded, download nothing"
    )
    fetch.add_argument("--key", help="UN Comtrade subscription key (default: $COMTRADE_API_KEY)")
    fetch.add_argument(
        "--freq", choices=("M", "A"), default="M", help="comtrade: monthly or annual (default M)"
    )
    fetch.add_argument("--edition", default="HS17", help="baci: HS edition of the release (HS17, HS22)")
    fetch.add_argument(
        "--release", default=None, help="baci: release, e.g. 202501 (default: the newest known)"
    )
    fetch.add_argument(
        "--replace-demo", action="store_true", help="drop the synthetic demo from the store (never mixed)"
    )
    fetch.add_argument("--retries", type=int, default=5, help="retries of a failing request (default 5)")
    fetch.add_argument("--no-progress", action="store_true", help="no progress bar")
    return fetch


def run_fetch(args: argparse.Namespace, data_dir: Path) -> int:
    """`corridor-atlas fetch`: download the chosen months, countries and goods from UN Comtrade, Eurostat
    Comext or CEPII BACI and ingest them (``--dry-run``: only list them); exit status 0.
    """
    try:
        months = tuple(month_range(args.start, args.end))
    except ValueError as error:
        raise IngestError(f"--from/--to: {error} — give the first month before the last") from None
    if args.source == "comext":
        reporters = resolve_countries(
            args.reporters, resolve_countries("EU27", (), "--reporters"), "--reporters"
        )
        partners = resolve_countries(args.partners, region(), "--partners")
    else:
        reporters = resolve_countries(args.reporters, region(), "--reporters")
        partners = resolve_countries(args.partners, (), "--partners")
    selection = Selection(
        months=months,
        reporters=reporters,
        partners=partners,
        codes=resolve_goods(args.goods, args.hs),
        goods_label=args.hs and f"hs={args.hs}" or f"goods={args.goods or 'all'}",
    )
    options = FetchOptions(
        data_dir=data_dir,
        cache_dir=args.cache_dir or default_cache_dir(data_dir),
        dry_run=args.dry_run,
        replace_demo=args.replace_demo,
        client=HttpClient(retries=args.retries),
        progress=False if args.no_progress else None,
    )
    if args.source == "comtrade":
        comtrade.fetch_comtrade(
            options, selection, freq=args.freq, key=comtrade.api_key(args.key), url=args.base_url
        )
    elif args.source == "comext":
        comext.fetch_comext(options, selection, url=args.base_url)
    else:
        baci.fetch_baci(
            options,
            selection,
            edition=args.edition,
            release=args.release or baci.DEFAULT_RELEASE,
            url=args.base_url,
        )
    return 0
