"""The method in words, one home: the notes every export states and the Method page's sections and
their anchors (which the KPI cards and the export footers link to). Text only, no heavy imports.
"""

from __future__ import annotations

from geodata.baseline import BASELINE_LABEL
from geodata.trade.schema import MIRROR_NOTE

METHOD_NOTES = (
    MIRROR_NOTE + " Russia's imports are its partners' exports, and vice versa.",
    "Baseline: the monthly average of January 2019 – December 2021. Change = (monthly average in the period − "
    "baseline monthly average) / baseline monthly average.",
    f"HS revisions: rows reported in HS2017 ({BASELINE_LABEL}) are mapped to HS2022 with the UN Statistics Division's "
    "HS2022–HS2017 correlation table, plus two documented links it lacks (854150 → 854151, 854159). An HS2017 "
    "code that went wholly into the selection counts fully; one split across several HS2022 codes is divided "
    "among them — in equal shares when its successors come from it alone, with smaller shares for new headings "
    "that gather goods from hundreds of HS2017 codes (8524 flat-panel modules, 8549 e-waste) — and counts fully "
    "when all its successors are selected. Where a selection takes only part of a split, the baseline is "
    "approximate and the view says so.",
    "Legs: every flow is one leg of a route — origin → transit country, transit country → Russia, or direct to "
    "Russia (and the mirror set out of Russia). The headline adds only the legs that reach (or leave) Russia; "
    "supply to the transit countries is shown beside it and never added to it, so nothing is counted twice.",
    "Country groups: the EU27 is the European Union in its 2020 composition for every period; member states are "
    f"folded into it unless a view opens it. Flows that traded in {BASELINE_LABEL} and not in the period are kept as "
    "'stopped' (value 0), so a collapse lowers the change; flows without baseline trade are 'new'.",
    "Values are in current US dollars as reported (imports CIF, exports FOB); Eurostat values are converted from "
    "EUR with monthly average reference rates.",
)


#: (anchor, heading) of the page's sections, in order: the links into the page use these anchors.
SECTIONS = (
    ("legs", "Legs of a route: what each figure counts"),
    ("mirror", "Mirror data: Russia's side"),
    ("basis", "Data basis of each figure"),
    ("cif-fob", "CIF and FOB values"),
    ("baseline", "Baseline and change"),
    ("hs-revisions", "HS revisions (HS2017 → HS2022)"),
    ("chpl", "Common High Priority List tiers"),
    ("routes", "Crossings, ports and corridors"),
    ("signals", "Signals"),
    ("sources", "Data sources and vintages"),
    ("demo", "Demo data"),
)
METHOD_URL = "/method"


def method_link(anchor: str) -> str:
    """The address of a section of the Method page.

    >>> method_link("legs")
    '/method#legs'
    """
    if anchor not in dict(SECTIONS):
        raise KeyError(anchor)
    return f"{METHOD_URL}#{anchor}"
