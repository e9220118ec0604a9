"""The method in words, one home: the notes every export states and the Method page's sections and
their anchors (which the KPI cards and the export footers link to). Text only, no heavy imports.
"""

from __future__ import annotations

from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _
from geodata.trade.schema import MIRROR_NOTE

#: The second sentence of the mirror-data note (the first is `MIRROR_NOTE`).
MIRROR_PARTNERS = N_("Russia's imports are its partners' exports, and vice versa.")
#: The notes every export states, by topic, in English: ``{baseline}`` stands for the baseline's years
#: (`method_notes` gives them in the active language).
NOTE_TEXTS = {
    "mirror": MIRROR_PARTNERS,
    "baseline": N_(
        "Baseline: the monthly average of January 2019 – December 2021. Change = (monthly average in the period − "
        "baseline monthly average) / baseline monthly average."
    ),
    "hs-revisions": N_(
        "HS revisions: rows reported in HS2017 ({baseline}) are mapped to HS2022 with the UN Statistics Division's "
        "HS2022–HS2017 correlation table, plus two documented links it lacks (854150 → 854151, 854159). An HS2017 "
        "code that went wholly into the selection counts fully; one split across several HS2022 codes is divided "
        "among them — in equal shares when its successors come from it alone, with smaller shares for new headings "
        "that gather goods from hundreds of HS2017 codes (8524 flat-panel modules, 8549 e-waste) — and counts fully "
        "when all its successors are selected. Where a selection takes only part of a split, the baseline is "
        "approximate and the view says so."
    ),
    "legs": N_(
        "Legs: every flow is one leg of a route — origin → transit country, transit country → Russia, or direct to "
        "Russia (and the mirror set out of Russia). The headline adds only the legs that reach (or leave) Russia; "
        "supply to the transit countries is shown beside it and never added to it, so nothing is counted twice."
    ),
    "country-groups": N_(
        "Country groups: the EU27 is the European Union in its 2020 composition for every period; member states are "
        "folded into it unless a view opens it. Flows that traded in {baseline} and not in the period are kept as "
        "'stopped' (value 0), so a collapse lowers the change; flows without baseline trade are 'new'."
    ),
    "values": N_(
        "Values are in current US dollars as reported (imports CIF, exports FOB); Eurostat values are converted from "
        "EUR with monthly average reference rates."
    ),
}


def method_note(topic: str) -> str:
    """One of the notes (a key of `NOTE_TEXTS`) in the active language."""
    text = _(NOTE_TEXTS[topic]).format(baseline=BASELINE_LABEL)
    return f"{_(MIRROR_NOTE)} {text}" if topic == "mirror" else text


def method_notes() -> tuple[str, ...]:
    """The notes every export states, in the active language."""
    return tuple(method_note(topic) for topic in NOTE_TEXTS)


#: (anchor, heading) of the page's sections, in order: the links into the page use these anchors.
SECTIONS = (  # headings in English: translate where shown
    ("legs", N_("Legs of a route: what each figure counts")),
    ("mirror", N_("Mirror data: Russia's side")),
    ("basis", N_("Data basis of each figure")),
    ("cif-fob", N_("CIF and FOB values")),
    ("baseline", N_("Baseline and change")),
    ("hs-revisions", N_("HS revisions (HS2017 → HS2022)")),
    ("chpl", N_("Common High Priority List tiers")),
    ("routes", N_("Crossings, ports and corridors")),
    ("signals", N_("Signals")),
    ("sources", N_("Data sources and vintages")),
    ("demo", N_("Demo data")),
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
