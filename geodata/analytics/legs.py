"""Legs of a route to or from Russia, and which legs a headline counts.

Every exporter → importer edge of a view is exactly one leg, so no value is ever counted twice:

==========================  ===============================================================
``origin_to_transit``       any country but Russia → a transit country (supply to transit)
``transit_to_russia``       a transit country → Russia
``direct_to_russia``        any other country → Russia
``russia_to_transit``       Russia → a transit country
``transit_to_destination``  a transit country → any other country but Russia (onward trade)
``direct_from_russia``      Russia → any other country
==========================  ===============================================================

An edge between two transit countries (Kazakhstan → Kyrgyzstan) is supply to the importing transit
country (``origin_to_transit``) in views into Russia and in views of both directions, and onward trade
of the exporting one (``transit_to_destination``) in views out of Russia. A headline adds only legs that end in Russia ("into Russia") or start
in Russia ("out of Russia"); the supply leg is shown beside it and never added to it, because the same
goods would otherwise be counted once on arrival in Kazakhstan and again on arrival in Russia.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from geodata.i18n import N_

RUSSIA = "RUS"
INTO_RUSSIA_LEGS = ("origin_to_transit", "transit_to_russia", "direct_to_russia")
OUT_OF_RUSSIA_LEGS = ("russia_to_transit", "transit_to_destination", "direct_from_russia")
LEGS = INTO_RUSSIA_LEGS + OUT_OF_RUSSIA_LEGS
#: Display titles (marked for translation: show them with ``_()``).
LEG_TITLES = {
    "origin_to_transit": N_("origin → transit country"),
    "transit_to_russia": N_("transit country → Russia"),
    "direct_to_russia": N_("direct to Russia"),
    "russia_to_transit": N_("Russia → transit country"),
    "transit_to_destination": N_("transit country → destination"),
    "direct_from_russia": N_("direct from Russia"),
}
#: The legs each direction's headline adds up, and the leg shown beside it (never added to it).
HEADLINE_LEGS = {
    "into_russia": ("transit_to_russia", "direct_to_russia"),
    "out_of_russia": ("russia_to_transit", "direct_from_russia"),
    "all": ("transit_to_russia", "direct_to_russia", "russia_to_transit", "direct_from_russia"),
}
BESIDE_LEG = {"into_russia": "origin_to_transit", "out_of_russia": "transit_to_destination", "all": None}
HEADLINE_TITLES = {
    "into_russia": N_("Reaching Russia"),
    "out_of_russia": N_("Leaving Russia"),
    "all": N_("Russia's trade, both ways"),
}
BESIDE_TITLES = {
    "origin_to_transit": N_("Supply to the transit countries"),
    "transit_to_destination": N_("Onward from the transit countries"),
}


def leg_of(exporter: str, importer: str, transit: Iterable[str], direction: str = "all") -> str | None:
    """The leg of one edge (None for an edge that touches neither Russia nor a transit country).

    >>> leg_of("EU27", "KAZ", {"KAZ"}), leg_of("KAZ", "RUS", {"KAZ"}), leg_of("CHN", "RUS", {"KAZ"})
    ('origin_to_transit', 'transit_to_russia', 'direct_to_russia')
    >>> leg_of("RUS", "KAZ", {"KAZ"}), leg_of("KAZ", "EU27", {"KAZ"}), leg_of("RUS", "CHN", {"KAZ"})
    ('russia_to_transit', 'transit_to_destination', 'direct_from_russia')
    """
    transit = set(transit)
    if importer == RUSSIA:
        return "transit_to_russia" if exporter in transit else "direct_to_russia"
    if exporter == RUSSIA:
        return "russia_to_transit" if importer in transit else "direct_from_russia"
    if exporter in transit and (direction == "out_of_russia" or importer not in transit):
        return "transit_to_destination"
    if importer in transit:
        return "origin_to_transit"
    return None


def classify_legs(
    exporters: pd.Series, importers: pd.Series, transit: Iterable[str], direction: str = "all"
) -> pd.Series:
    """`leg_of` for whole columns (vectorised); edges outside every leg get None."""
    transit = list(transit)
    exporter_transit = exporters.isin(transit).to_numpy()
    importer_transit = importers.isin(transit).to_numpy()
    into, out = (importers == RUSSIA).to_numpy(), (exporters == RUSSIA).to_numpy()
    onward = exporter_transit & (~importer_transit | (direction == "out_of_russia"))
    legs = np.select(
        [into & exporter_transit, into, out & importer_transit, out, onward, importer_transit],
        [
            "transit_to_russia",
            "direct_to_russia",
            "russia_to_transit",
            "direct_from_russia",
            "transit_to_destination",
            "origin_to_transit",
        ],
        default="",
    )
    return pd.Series(legs, index=exporters.index, dtype=object).replace("", None)


def legs_in_direction(direction: str) -> tuple[str, ...]:
    """The legs a direction's view holds."""
    if direction == "into_russia":
        return INTO_RUSSIA_LEGS
    if direction == "out_of_russia":
        return OUT_OF_RUSSIA_LEGS
    return LEGS
