"""The canonical trade record every source format is normalised to.

One row is one reported flow: a reporter declaring trade with a partner in one HS6 code and one
period. Russia has not published detailed trade since 2022, so rows about Russia come from its
partners' declarations (mirror data): Russia appears as a partner, never as a reporter.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from geodata.i18n import N_

#: The one sentence every surface uses to say that Russia's side of a flow is mirror data (these three
#: are marked for translation: show them with ``_()``).
MIRROR_NOTE = N_(
    "Russia has not published detailed trade statistics since 2022: every flow into or out of Russia "
    "is its partners' declaration (mirror data)."
)
#: The same in a hover's room (the full `MIRROR_NOTE` is in the page's footer and every export).
MIRROR_SHORT = N_("Russia's side: its partners' declarations (mirror data)")
#: The tag a label, table header or † legend puts on a flow whose Russian side is mirror data.
MIRROR_MARK = N_("Russia's side: mirror data")
#: Column order and Arrow types of the Parquet store.
CANONICAL_SCHEMA = pa.schema(
    [
        ("period", pa.date32()),  # first day of the month; for annual rows, 1 January
        ("freq", pa.string()),  # "M" monthly, "A" annual
        ("reporter", pa.string()),  # ISO-3 (EUU = the EU27 as one reporter)
        ("partner", pa.string()),  # ISO-3
        ("flow", pa.string()),  # X export, M import, RX re-export, RM re-import
        ("hs6", pa.string()),  # six digits, leading zeros kept
        ("hs_version", pa.string()),  # H5 = HS2017, H6 = HS2022, ...
        ("value_usd", pa.float64()),
        ("net_kg", pa.float64()),  # nullable
        ("source", pa.string()),  # comtrade, comext, baci, demo
        ("source_file", pa.string()),  # sha256 of the file the row came from (first 16 hex)
        ("partner2", pa.string()),  # second partner (consignment country) where the source has it
        ("transport_mode", pa.string()),  # mode of transport where the source has it
    ]
)
CANONICAL_COLUMNS = tuple(CANONICAL_SCHEMA.names)
FLOWS = ("X", "M", "RX", "RM")
HS_VERSIONS = {
    "H0": "HS1992",
    "H1": "HS1996",
    "H2": "HS2002",
    "H3": "HS2007",
    "H4": "HS2012",
    "H5": "HS2017",
    "H6": "HS2022",
}
SOURCES = ("comtrade", "comext", "baci", "demo")
#: Earliest and latest periods the store accepts: anything outside is a typo, not data.
PERIOD_MIN = pd.Timestamp("1988-01-01")
PERIOD_MAX = pd.Timestamp("2030-12-01")


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """Cast a canonical frame to the store's Arrow schema (columns in canonical order)."""
    missing = [c for c in CANONICAL_COLUMNS if c not in frame.columns]
    frame = frame.assign(**{c: None for c in missing}) if missing else frame
    return pa.Table.from_pandas(frame[list(CANONICAL_COLUMNS)], schema=CANONICAL_SCHEMA, preserve_index=False)
