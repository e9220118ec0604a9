"""Country codes as trade sources write them → ISO-3.

UN Comtrade and CEPII BACI use UN M49 numeric codes with a few trade-specific ones (251 France
with Monaco, 699 India, 757 Switzerland with Liechtenstein, 842 USA with territories, 490 "Other
Asia, nes" = Taiwan); Eurostat Comext uses ISO-2 with EL for Greece and XS/XK for Serbia/Kosovo.
Codes that stand for groups or totals map to None: the caller counts them as aggregates.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

EU_AGGREGATE_ISO3 = "EUU"
#: Trade-statistics numeric codes that differ from ISO 3166 numeric.
TRADE_NUMERIC_OVERRIDES = {
    251: "FRA",
    381: "ITA",
    579: "NOR",
    699: "IND",
    757: "CHE",
    842: "USA",
    490: "TWN",
    711: "ZAF",
    97: EU_AGGREGATE_ISO3,
}
#: Numeric codes for areas that are not one country (World, "nes" areas, free zones, bunkers).
AGGREGATE_NUMERIC = frozenset(
    {0, 129, 221, 290, 471, 472, 473, 527, 536, 568, 577, 636, 637, 838, 839, 849, 879, 899}
)
COMEXT_ISO2_OVERRIDES = {"EL": "GRC", "GB": "GBR", "UK": "GBR", "XS": "SRB", "XK": "XKX"}
COMEXT_AGGREGATES = frozenset(
    {
        "EU",
        "EU27_2020",
        "EU28",
        "EA",
        "EA19",
        "EA20",
        "EXT_EU27_2020",
        "QP",
        "QQ",
        "QR",
        "QS",
        "QU",
        "QV",
        "QW",
        "QX",
        "QY",
        "QZ",
        "XX",
    }
)


@lru_cache(maxsize=4096)
def iso3_from_numeric(code: int) -> str | None:
    """ISO-3 for a Comtrade/BACI numeric code; None for aggregates; KeyError when unknown."""
    if code in TRADE_NUMERIC_OVERRIDES:
        return TRADE_NUMERIC_OVERRIDES[code]
    if code in AGGREGATE_NUMERIC:
        return None
    country = pycountry.countries.get(numeric=f"{code:03d}")
    if country is None:
        raise KeyError(code)
    return country.alpha_3


@lru_cache(maxsize=4096)
def iso3_from_iso2(code: str) -> str | None:
    """ISO-3 for a Comext ISO-2 code; None for EU/euro-area aggregates; KeyError when unknown."""
    code = code.strip().upper()
    if code in COMEXT_AGGREGATES:
        return None
    if code in COMEXT_ISO2_OVERRIDES:
        return COMEXT_ISO2_OVERRIDES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(code)
    return country.alpha_3
