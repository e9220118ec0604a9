"""The Method page (`/method`): how every figure is counted, in the app, for readers of a view or an
export. Plain server-rendered HTML (no script), so it opens anywhere, prints, and reads well with a
screen reader; the data sources and vintages are the running store's.

Each section has an anchor (``/method#legs`` …) that the KPI cards and the export footers link to.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from flask import Flask, Response

from dashboard.figures.annotations import DEMO_LABEL
from dashboard.language import switched_query
from dashboard.method_notes import METHOD_URL, MIRROR_PARTNERS, SECTIONS, method_note
from dashboard.services import SOURCE_NAMES, Services
from geodata.analytics.data_basis import BASES, BASIS_NOTES, BASIS_TITLES
from geodata.analytics.legs import LEG_TITLES
from geodata.analytics.signals.thresholds import THRESHOLD_DOCS
from geodata.goods import CHPL_TIERS
from geodata.i18n import SOURCE_LANGUAGE, _, active_language
from geodata.trade.schema import MIRROR_NOTE


def _p(*texts: str) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _legs() -> str:
    rows = "".join(
        f"<li><b>{escape(_(title))}</b> (<code>{escape(leg)}</code>)</li>"
        for leg, title in LEG_TITLES.items()
    )
    return (
        _p(method_note("legs"))
        + f"<ul>{rows}</ul>"
        + _p(
            _(
                "Every KPI card names the legs it adds. With a focus country or an exporter → importer pair, the "
                "headline is that selection's flows, and the card says so."
            )
        )
    )


def _chpl(services: Services) -> str:
    counts = services.catalogue.chpl["tier"].value_counts()
    tier_names = {tier: _("Tier {tier}").format(tier=tier) for tier in CHPL_TIERS}
    rows = "".join(
        f"<tr><td>{escape(tier_names[tier])}</td><td>{int(counts.get(tier, 0))}</td></tr>"
        for tier in CHPL_TIERS
    )
    return (
        _p(
            _(
                "The Common High Priority List (CHPL), published by the EU, the US, the UK and Japan, lists the HS "
                "codes of goods Russia's weapons depend on, in tiers from the most critical (Tier 1: integrated "
                "circuits) to machine tools and their parts (Tier 4). 'All CHPL items' is every tier."
            )
        )
        + '<table><thead><tr><th scope="col">'
        + escape(_("Tier"))
        + '</th><th scope="col">'
        + escape(_("HS6 codes"))
        + f"</th></tr></thead><tbody>{rows}</tbody></table>"
        + _p(
            _(
                "Choosing HS codes narrows a view to those codes; the CHPL share card is the part of the chosen "
                "goods' value on the headline's flows that is on the list."
            )
        )
    )


def _sources(services: Services) -> str:
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(str(v))}</td>"
            for v in (
                _(SOURCE_NAMES[f["source"]]) if f["source"] in SOURCE_NAMES else f["source"],
                f["name"],
                f["vintage"],
                f"{f.get('period_min', '')} – {f.get('period_max', '')}",
                f"{f.get('rows', '')}",
                str(f["sha256"])[:16],
            )
        )
        + "</tr>"
        for f in services.source_files
    )
    header = "".join(
        f'<th scope="col">{escape(h)}</th>'
        for h in (_("Source"), _("File"), _("Vintage"), _("Months"), _("Rows"), _("SHA-256 (start)"))
    )
    return (
        _p(
            _(
                "This server's data: {source}. Every figure, export and JSON view names its source and vintage."
            ).format(source=services.source_label)
        )
        + f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
        + _p(
            _(
                "UN Comtrade: reported monthly and annual trade by HS6 code, in US dollars. Eurostat Comext: EU "
                "member states' trade by CN8, summed to HS6 and converted from euros. CEPII BACI: reconciled annual "
                "flows. Crossings, ports, corridors and events carry their own sources, row by row (the XLSX "
                "export's Sources sheet)."
            )
        )
    )


def _signals() -> str:
    rows = "".join(
        "<li>"
        + _("<code>{key}</code> (default {default}): {meaning}").format(
            key=escape(key), default=f"{default:g}", meaning=escape(_(doc))
        )
        + "</li>"
        for key, (default, _low, _high, doc) in THRESHOLD_DOCS.items()
    )
    return (
        _p(
            _(
                "Signals are indicators computed on monthly HS6 data: re-export surges, mirror gaps, transshipment "
                "co-movement and unit-value jumps. They point to flows that merit a closer look; none is proof of "
                "circumvention. Each lists its evidence, and its thresholds travel in the view's link:"
            )
        )
        + f"<ul>{rows}</ul>"
    )


def _demo(services: Services) -> str:
    state = (
        _("This server shows demo data: every page and export says {label}.").format(label=_(DEMO_LABEL))
        if services.is_demo
        else _("This server shows real data; demo rows are not used when real sources are present.")
    )
    return _p(
        state,
        _(
            "The demo dataset is synthetic: generated from a fixed seed, with yearly totals calibrated to published "
            "official statistics and everything below that level (months, codes, partners, modes) invented. It is "
            "there to show what the app does; never cite it."
        ),
    )


def _basis() -> str:
    items = "".join(
        f"<li><b>{escape(_(BASIS_TITLES[b]))}</b>: {escape(_(BASIS_NOTES[b]))}.</li>" for b in BASES
    )
    return _p(
        _(
            "Every flow says what its figure rests on, month by month. A month that mixes rows of several kinds "
            "takes the weakest (the last in this list that applies), and a flow over a period the weakest of its "
            "months, with the number of months on each beside it: a figure is only as firm as its softest part."
        )
    ) + (
        f"<ul>{items}</ul>"
        + _p(
            _(
                "The map's layer “Data basis of each flow” traces every flow in its basis's colour, dash pattern "
                "and marker symbol; “Show as table” and the JSON view (basis, basis_months) give the same per flow."
            )
        )
    )


def method_html(services: Services) -> str:
    """The whole page."""
    bodies = {
        "legs": _legs(),
        "mirror": _p(_(MIRROR_NOTE), _(MIRROR_PARTNERS)),
        "basis": _basis(),
        "cif-fob": _p(
            _(
                "Importers declare goods at their value at the border, with cost, insurance and freight (CIF); "
                "exporters at their value on board (FOB). An importer's CIF figure is therefore a few per cent "
                "higher than the same shipment's FOB figure. Views show values as each side reported them; the "
                "mirror-gap signal divides the importer's CIF value by a documented factor (cif_fob, 1.05 by "
                "default) before comparing the two sides."
            )
        ),
        "baseline": _p(method_note("baseline"), method_note("country-groups")),
        "hs-revisions": _p(method_note("hs-revisions")),
        "chpl": _chpl(services),
        "routes": _p(
            _(
                "Trade statistics name countries, not crossings. The figures at crossings, ports and corridors are "
                "modelled estimates: each exporter → importer value is split by the mode of transport its source "
                "reports (Comtrade motCode, Comext TRANSPORT_MODE), then among the pair's routes of that mode by "
                "the shares in the route table; value with no reported mode follows the pair's default split. "
                "Value the model cannot place is counted and shown as unassigned, never dropped."
            )
        ),
        "signals": _signals(),
        "sources": _sources(services),
        "demo": _demo(services),
    }
    toc = "".join(f'<li><a href="#{a}">{escape(_(h))}</a></li>' for a, h in SECTIONS)
    sections = "".join(
        f'<section id="{a}" aria-labelledby="{a}-h"><h2 id="{a}-h">{escape(_(h))}</h2>{bodies[a]}</section>'
        for a, h in SECTIONS
    )
    banner = f'<p class="demo-banner" role="note">{escape(_(DEMO_LABEL))}</p>' if services.is_demo else ""
    language = active_language()
    back = (
        "/" if language == SOURCE_LANGUAGE else "/?" + switched_query("", language)
    )  # the map in this language
    title, back_text = escape(_("Method · Corridor Atlas")), escape(_("← Back to the map"))
    heading, nav_label = escape(_("How Corridor Atlas counts")), escape(_("Sections"))
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        '<link rel="stylesheet" href="/assets/method.css"></head>'
        f'<body class="method-page"><header><a href="{escape(back)}" class="back-link">{back_text}</a>'
        f"<h1>{heading}</h1>{banner}</header>"
        f'<main><nav aria-label="{nav_label}"><ol>{toc}</ol></nav>{sections}</main></body></html>'
    )


def register_method_page(server: Flask, live: Callable[[], Services]) -> None:
    """Add the method page (`METHOD_URL`, HTML written for the live store) to ``server``."""

    @server.get(METHOD_URL)
    def _method() -> Response:
        return Response(method_html(live()), mimetype="text/html")
