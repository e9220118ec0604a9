"""Readers that turn UN Comtrade (CSV, JSON, comtradr), Eurostat Comext and CEPII BACI files into
canonical frames.

``detect_format(path)`` picks the reader from the header line; every reader follows the
`SourceFormat` protocol in `base` (``read_chunks`` yields canonical frames and fills a
`ReadReport`). ``load_eur_usd(path=None)`` loads the monthly EUR→USD table Comext needs.
"""

from geodata.trade.formats.baci import BACI, BaciFormat
from geodata.trade.formats.base import DEFAULT_CHUNK_ROWS, ReadReport, SourceFormat
from geodata.trade.formats.comext import COMEXT, ComextFormat
from geodata.trade.formats.comtrade_legacy import COMTRADE_LEGACY, ComtradeLegacyFormat
from geodata.trade.formats.comtrade_plus import (
    COMTRADE_PLUS,
    COMTRADE_PLUS_JSON,
    ComtradePlusFormat,
    ComtradePlusJsonFormat,
)
from geodata.trade.formats.comtradr import COMTRADR, COMTRADR_LEGACY, ComtradrFormat, ComtradrLegacyFormat
from geodata.trade.formats.detect import KNOWN_FORMATS, detect_format
from geodata.trade.formats.eur_usd import DEFAULT_EUR_USD, load_eur_usd

__all__ = [
    "BACI",
    "COMEXT",
    "COMTRADE_LEGACY",
    "COMTRADE_PLUS",
    "COMTRADE_PLUS_JSON",
    "COMTRADR",
    "COMTRADR_LEGACY",
    "DEFAULT_CHUNK_ROWS",
    "DEFAULT_EUR_USD",
    "KNOWN_FORMATS",
    "BaciFormat",
    "ComextFormat",
    "ComtradeLegacyFormat",
    "ComtradePlusFormat",
    "ComtradePlusJsonFormat",
    "ComtradrFormat",
    "ComtradrLegacyFormat",
    "ReadReport",
    "SourceFormat",
    "detect_format",
    "load_eur_usd",
]
