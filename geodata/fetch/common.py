"""What every fetch shares: the selection, country and goods codes, the ledger, the progress bar.

The ledger is one small JSON file per fetch in the cache directory
(``CACHE/<source>/<fetch id>/ledger.json``): each completed part with its URL, file, sha256, size and
retrieval time. A part listed there whose file is still present with the same sha256 is not
downloaded again, so an interrupted fetch continues where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from geodata.errors import IngestError
from geodata.fetch.http import file_digest
from geodata.goods import ALL_GOODS, basket_presets, load_catalogue
from geodata.trade.countries import TRADE_NUMERIC_OVERRIDES

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
EU27 = "EU27"
#: ISO-3 → the numeric code UN Comtrade and CEPII BACI use where it differs from ISO 3166 numeric.
TRADE_NUMERIC = {
    iso3: code
    for code, iso3 in TRADE_NUMERIC_OVERRIDES.items()
    if iso3 in {"FRA", "NOR", "IND", "CHE", "USA", "TWN"}
}
#: Comext writes Greece as EL and the United Kingdom as GB.
COMEXT_ISO2 = {"GRC": "EL"}


@lru_cache(maxsize=1)
def _countries() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "countries.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def eu_members() -> tuple[str, ...]:
    """ISO-3 codes of the EU27's members, from ``reference/eu_members.csv`` (read once)."""
    members = pd.read_csv(REFERENCE_DIR / "eu_members.csv", dtype=str, keep_default_na=False)
    return tuple(members["iso3"])


def region() -> tuple[str, ...]:
    """Russia and the transit countries of ``countries.csv`` (roles ``russia`` and ``transit``)."""
    frame = _countries()
    return tuple(frame.loc[frame["role"].isin(["russia", "transit"]), "iso3"])


def resolve_countries(text: str | None, default: tuple[str, ...], flag: str) -> tuple[str, ...]:
    """``KAZ,EU27,RUS`` → ISO-3 codes (groups expanded); ``default`` when not given; ``all`` → ()."""
    if text is None:
        return default
    if text.strip().lower() == "all":
        return ()
    codes: list[str] = []
    for raw in text.split(","):
        code = raw.strip().upper()
        if not code:
            continue
        if code == EU27:
            codes.extend(eu_members())
        elif code == "REGION":
            codes.extend(region())
        elif pycountry.countries.get(alpha_3=code) is None:
            raise IngestError(
                f"{flag} {text}: expected ISO-3 country codes or EU27 / region, got {code!r} — "
                "use e.g. KAZ,KGZ,EU27"
            )
        else:
            codes.append(code)
    return tuple(dict.fromkeys(codes))


def numeric_code(iso3: str) -> str:
    """The UN M49 / Comtrade numeric code of a country (France 251, USA 842, ...)."""
    if iso3 in TRADE_NUMERIC:
        return str(TRADE_NUMERIC[iso3])
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise IngestError(f"{iso3}: expected an ISO-3 country code, got an unknown code — check the code")
    return str(int(country.numeric))


def iso2_code(iso3: str) -> str:
    """The ISO-2 code Comext uses (EL for Greece)."""
    if iso3 in COMEXT_ISO2:
        return COMEXT_ISO2[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise IngestError(f"{iso3}: expected an ISO-3 country code, got an unknown code — check the code")
    return country.alpha_2


def resolve_goods(goods: str | None, hs: str | None) -> tuple[str, ...]:
    """HS6 codes for ``--goods`` (basket ids) or ``--hs`` (2/4/6-digit codes); () means all goods."""
    if goods and hs:
        raise IngestError("--goods and --hs: expected one of them, got both — choose one")
    catalogue = load_catalogue()
    prefixes: list[str] = []
    if hs:
        for code in (c.strip() for c in hs.split(",")):
            if code and (not code.isdigit() or len(code) not in (2, 4, 6)):
                raise IngestError(
                    f"--hs {hs}: expected 2-, 4- or 6-digit HS codes, got {code!r} — e.g. 8542,847130"
                )
            if code:
                prefixes.append(code)
    else:
        for basket in (b.strip() for b in (goods or ALL_GOODS).split(",")):
            try:
                found = catalogue.preset_prefixes(basket)
            except KeyError:
                raise IngestError(
                    f"--goods {goods}: expected basket ids, got {basket!r} — one of {', '.join(basket_presets(catalogue))}"
                ) from None
            if found is None:
                return ()
            prefixes.extend(found)
    codes = catalogue.expand(tuple(sorted(set(prefixes))), frozenset())
    return tuple(sorted(codes or ()))


def base_url(source: str, flag: str | None, default: str) -> str:
    """``--base-url``, else ``$CORRIDOR_ATLAS_<SOURCE>_URL``, else the provider's address."""
    chosen = flag or os.environ.get(f"CORRIDOR_ATLAS_{source.upper()}_URL") or default
    return chosen.rstrip("/")


@dataclass(frozen=True)
class Selection:
    """What the user asked for, resolved to codes."""

    months: tuple[str, ...]
    reporters: tuple[str, ...]
    partners: tuple[str, ...]
    codes: tuple[str, ...]
    goods_label: str

    def selection_key(self, source: str, extra: str = "") -> str:
        """Same source and selection but other months: a refresh that replaces the earlier fetch."""
        text = json.dumps([source, self.reporters, self.partners, self.codes, extra])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def fetch_id(self, source: str, extra: str = "") -> str:
        """The fetch's id, ``<source>-<12 hex digits>`` from the selection and its months: the name of its
        cache directory.
        """
        text = json.dumps([self.selection_key(source, extra), self.months])
        return f"{source}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


@dataclass
class Ledger:
    """Completed parts of one fetch, kept in ``ledger.json`` beside the downloads."""

    path: Path
    parts: dict = field(default_factory=dict)

    @classmethod
    def open(cls, directory: Path) -> Ledger:
        """The ledger kept in ``directory`` (``ledger.json``), empty when there is none yet."""
        path = Path(directory) / "ledger.json"
        parts = json.loads(path.read_text())["parts"] if path.exists() else {}
        return cls(path, parts)

    def done(self, key: str) -> dict | None:
        """The record of a completed part whose file is still intact, else None."""
        record = self.parts.get(key)
        if record is None:
            return None
        file = self.path.parent / record["file"]
        if not file.is_file() or file_digest(file)[0] != record["sha256"]:
            return None
        return record

    def record(self, key: str, record: dict) -> None:
        """Record a completed part and rewrite ``ledger.json`` atomically (through a temporary file)."""
        self.parts[key] = record
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"parts": self.parts}, indent=1, sort_keys=True))
        temporary.replace(self.path)


class Progress:
    """tqdm bars: the parts of a fetch (with bytes and rows received so far), and the download under
    way in bytes with its ETA when the server sends a Content-Length. Off when stderr is no terminal.
    """

    def __init__(self, total_parts: int, label: str, enabled: bool | None = None) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bytes = 0
        self.rows = 0
        self.bar = tqdm(total=total_parts, desc=label, unit="part", disable=not self.enabled, file=sys.stderr)
        self.download: tqdm | None = None  # the bar of a download whose size is known, while under way

    def on_bytes(self, count: int, total: int | None = None) -> None:
        """Count ``count`` bytes received; given the download's ``total`` size, advance its byte bar."""
        self.bytes += count
        if total and self.enabled:
            if self.download is None or self.download.total != total:
                self._close_download()
                self.download = self._tqdm(
                    total=total, unit="B", unit_scale=True, leave=False, desc="download", file=sys.stderr
                )
            self.download.update(count)
        self._postfix()

    def add_rows(self, count: int) -> None:
        """Count ``count`` rows received (shown beside the parts bar)."""
        self.rows += count
        self._postfix()

    def part_done(self) -> None:
        """Close the finished download's bar and advance the parts bar by one."""
        self._close_download()
        self.bar.update(1)

    def _postfix(self) -> None:
        self.bar.set_postfix_str(f"{self.bytes / 1e6:,.1f} MB, {self.rows:,} rows", refresh=False)

    def _close_download(self) -> None:
        if self.download is not None:
            self.download.close()
            self.download = None

    def close(self) -> None:
        """Close the bars."""
        self._close_download()
        self.bar.close()
