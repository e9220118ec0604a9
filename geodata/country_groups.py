"""Country groups: which store codes a view shows as one node.

The store keeps every declaration at the level its source gives it (ISO-3 countries, and ``EUU``
where the EU reported as one). A view shows *nodes*: a country, or a group standing for its
members. Two groups exist:

- ``EU27``: the European Union in its 2020 composition (Eurostat's EU27_2020) for **all** periods, so a
  2019 figure and a 2024 figure cover the same 27 countries. Its members fold into it unless the view
  opens the group (``eu=members``); ``EUU`` rows (the EU declaring as one) always stand for the group.
- ``CHN``: China alone by default. Hong Kong (HKG) and Macao (MAC) are their own countries in every
  source; the option ``china=with_hkg_mac`` folds them into China (some studies count them together,
  as goods for Russia are often invoiced through Hong Kong).

A country a view names explicitly (as exporter or importer) is never folded, so asking for Germany
shows Germany even while the other members are shown as the EU27.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geodata.i18n import N_

EU27 = "EU27"
EU_REPORTED_AS_ONE = "EUU"
CHINA = "CHN"
CHINA_SPECIAL_REGIONS = ("HKG", "MAC")
#: Option titles and group names (marked for translation: show them with ``_()``).
EU_MODES = {"group": N_("EU27 as one"), "members": N_("EU member states")}
CHINA_MODES = {"alone": N_("China alone"), "with_hkg_mac": N_("China with Hong Kong and Macao")}
GROUP_NAMES = {EU27: N_("European Union (EU27)")}


@dataclass(frozen=True)
class CountryGroups:
    """The members of each group (read once from the reference folder)."""

    eu_members: tuple[str, ...]

    def node_map(
        self, eu_mode: str = "group", china_mode: str = "alone", keep: Iterable[str] = ()
    ) -> dict[str, str]:
        """Store code → node, for the codes that do not stand for themselves.

        >>> CountryGroups(("DEU", "FRA")).node_map()
        {'DEU': 'EU27', 'FRA': 'EU27', 'EUU': 'EU27'}
        >>> CountryGroups(("DEU", "FRA")).node_map(keep=["DEU"])
        {'FRA': 'EU27', 'EUU': 'EU27'}
        """
        keep = set(keep)
        mapping: dict[str, str] = {}
        if eu_mode == "group":
            mapping.update({member: EU27 for member in self.eu_members if member not in keep})
        mapping[EU_REPORTED_AS_ONE] = EU27
        if china_mode == "with_hkg_mac":
            mapping.update({code: CHINA for code in CHINA_SPECIAL_REGIONS if code not in keep})
        return mapping

    def members(self, node: str) -> tuple[str, ...]:
        """The store codes a node may stand for (itself included)."""
        if node == EU27:
            return (EU_REPORTED_AS_ONE, *self.eu_members)
        return (node,)


def load_country_groups(reference_dir: Path) -> CountryGroups:
    """The country groups, the EU27's members (ISO-3) read from ``reference_dir/eu_members.csv``."""
    members = pd.read_csv(reference_dir / "eu_members.csv", dtype=str, keep_default_na=False)
    return CountryGroups(eu_members=tuple(members["iso3"]))
