"""What a briefing says about a view: title, filter in plain words, figures, tables, sources, method.

Every export format is built from one `Briefing`, so the PowerPoint, the PDF and the spreadsheet
of a view can never disagree. A briefing is a function of the view's URL query and the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go

from dashboard.export.images import MAP_SIZE
from dashboard.figures.annotations import DEMO_LABEL, source_annotation
from dashboard.figures.frame import filling_ranges
from dashboard.figures.geo import PRESENT_LEGEND_WIDTH
from dashboard.figures.map_figure import build_map_figure
from dashboard.figures.timeseries import timeseries_figure
from dashboard.formatting import money, percent_change
from dashboard.services import Services
from dashboard.view_data import ViewData, chart_series, load_view_data, map_caption, view_map_traces
from dashboard.view_document import document_from_data
from dashboard.view_state import DIRECTIONS, METRICS, SIDES, ViewState
from geodata.analytics.legs import LEG_TITLES
from geodata.country_groups import EU_MODES
from geodata.trade.query import BASELINE
from geodata.trade.schema import MIRROR_NOTE

METHOD_NOTES = (
    MIRROR_NOTE + " Russia's imports are its partners' exports, and vice versa.",
    "Baseline: the monthly average of January 2019 – December 2021. Change = (monthly average in the period − "
    "baseline monthly average) / baseline monthly average.",
    "HS revisions: rows reported in HS2017 (2019–2021) are mapped to HS2022 with the UN Statistics Division's "
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
    "folded into it unless a view opens it. Flows that traded in 2019–2021 and not in the period are kept as "
    "'stopped' (value 0), so a collapse lowers the change; flows without baseline trade are 'new'.",
    "Values are in current US dollars as reported (imports CIF, exports FOB); Eurostat values are converted from "
    "EUR with monthly average reference rates.",
)


@dataclass(frozen=True)
class Briefing:
    view: ViewState
    title: str
    generated: datetime
    filter_lines: tuple[tuple[str, str], ...]
    data: ViewData
    document: dict  # the view's JSON document: the headline and legs every format states
    source_label: str
    vintage_lines: tuple[str, ...]
    is_demo: bool
    map_figure: go.Figure | None  # None for the tables-only formats (CSV, XLSX), which draw nothing
    timeseries_figure: go.Figure | None

    @property
    def footer(self) -> str:
        demo = f"{DEMO_LABEL} · " if self.is_demo else ""
        return f"{demo}{self.source_label} · Corridor Atlas, {self.generated:%d %b %Y %H:%M} UTC"

    @property
    def headline_lines(self) -> tuple[tuple[str, str], ...]:
        """The headline and the leg beside it (from the JSON view), stated by every format."""
        return headline_pairs(self.document)

    @property
    def method_lines(self) -> tuple[str, ...]:
        demo = (
            (
                f"{DEMO_LABEL}: these figures come from a synthetic dataset made for demonstration. Only its yearly "
                "totals are calibrated to published official statistics; nothing below that level is real."
            ),
        )
        return (demo if self.is_demo else ()) + METHOD_NOTES


def describe_filter(view: ViewState, data: ViewData, names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return (
        ("Goods", data.goods_label),
        ("Period", data.period_label),
        ("Direction", DIRECTIONS[view.direction]),
        ("Reporting side", SIDES[view.side]),
        ("Map colour", METRICS[view.metric]),
        ("Focus", names.get(view.focus, "all countries") if view.focus else "all countries"),
        ("Exporter", ", ".join(names.get(c, c) for c in view.exporters) or "any"),
        ("Importer", ", ".join(names.get(c, c) for c in view.importers) or "any"),
        ("EU", EU_MODES[view.eu]),
    )


def default_title(view: ViewState, data: ViewData) -> str:
    return view.title or f"{data.goods_label}: flows {DIRECTIONS[view.direction]}, {data.period_label}"


EXPORT_LABEL_SCALE = 1.5  # names on a 1920-pixel picture for a slide: as large as on a projector
EXPORT_TOP_MARGIN = 44  # room above the map for the demo banner
EXPORT_BOTTOM_MARGIN = 34  # room below it for the source and vintage line


def static_map(view: ViewState, data: ViewData, services: Services) -> go.Figure:
    """The whole map in one figure (not a patch): metric fill, flows, and the visible layers."""
    fill, flows = view_map_traces(view, data, services, EXPORT_LABEL_SCALE)
    figure = build_map_figure(
        services.reference,
        country_trace=fill,
        flow_traces=flows,
        visible_layers=frozenset(view.layers) | {"countries"},
    )
    figure.update_layout(
        annotations=source_annotation(
            map_caption(data, services),
            services.is_demo,
            y=0.0,
            size=14,
        ),
        paper_bgcolor="white",
        legend={"font": {"size": 17}, "grouptitlefont": {"size": 18}},
        margin={"l": 0, "r": PRESENT_LEGEND_WIDTH, "t": EXPORT_TOP_MARGIN, "b": EXPORT_BOTTOM_MARGIN},
    )
    # the region widened to the image's shape, so the map fills the picture (no empty bands)
    width, height = MAP_SIZE
    plot_height = height - EXPORT_TOP_MARGIN - EXPORT_BOTTOM_MARGIN
    figure.update_geos(filling_ranges((width - PRESENT_LEGEND_WIDTH) / plot_height))
    for trace in figure.data:  # a static image shows only what is visible: drop hidden layers from the legend
        if trace.visible is False:
            trace.showlegend = False
    return figure


def build_briefing(
    view: ViewState, services: Services, *, title: str | None = None, figures: bool = True
) -> Briefing:
    """Everything an export states about the view; ``figures=False`` leaves out the map and the chart
    (the tables-only formats do not draw them)."""
    data = load_view_data(view, services)
    chart = (
        timeseries_figure(
            chart_series(data),
            services.reference.events,
            baseline=(pd.Timestamp(BASELINE[0]), pd.Timestamp(BASELINE[1])),
            selected=(pd.Timestamp(view.start), pd.Timestamp(view.end)),
            source_label=services.source_label,
            is_demo=services.is_demo,
            leg_titles=LEG_TITLES,
            beside_legs=data.beside.legs if data.beside is not None else (),
        )
        if figures
        else None
    )
    document = document_from_data(data, services)
    vintages = tuple(
        f"{f['source']}: {f['name']} — {f['vintage']} (sha256 {f['sha256']})" for f in services.source_files
    )
    return Briefing(
        view=view,
        title=title or default_title(view, data),
        generated=datetime.now(UTC),
        filter_lines=describe_filter(view, data, services.names),
        data=data,
        document=document,
        source_label=services.source_label,
        vintage_lines=vintages,
        is_demo=services.is_demo,
        map_figure=static_map(view, data, services) if figures else None,
        timeseries_figure=chart,
    )


def flows_table(briefing: Briefing, names: dict[str, str], limit: int | None = None) -> pd.DataFrame:
    """The flows behind the view, one row per edge, in words a reader understands."""
    edges = briefing.data.edges.head(limit) if limit else briefing.data.edges
    return pd.DataFrame(
        {
            "From": [names.get(e, e) for e in edges["exporter"]],
            "To": [names.get(i, i) for i in edges["importer"]],
            "Exporter (ISO-3)": edges["exporter"],
            "Importer (ISO-3)": edges["importer"],
            "Leg": [LEG_TITLES.get(leg, leg) for leg in edges["leg"]],
            "Status": edges["status"],
            "Value (USD)": edges["value_usd"].round(0),
            "Monthly average (USD)": edges["monthly"].round(0),
            "Baseline monthly average 2019–2021 (USD)": edges["baseline_monthly"].round(0),
            "Change vs baseline (%)": edges["change_pct"].where(edges["status"] != "new").round(1),
            "Russia's side is mirror data": edges["mirror"].map({True: "yes", False: "no"}),
        }
    )


def table_rows_for_slide(briefing: Briefing, names: dict[str, str], limit: int = 10) -> list[tuple[str, ...]]:
    edges = briefing.data.edges.head(limit)
    return [
        (
            f"{names.get(e, e)} → {names.get(i, i)}{' †' if m else ''}",
            money(v),
            "stopped (−100%)" if status == "stopped" else ("new" if status == "new" else percent_change(c)),
        )
        for e, i, v, c, m, status in zip(
            edges["exporter"],
            edges["importer"],
            edges["value_usd"],
            edges["change_pct"],
            edges["mirror"],
            edges["status"],
            strict=True,
        )
    ]


def headline_pairs(document: dict) -> tuple[tuple[str, str], ...]:
    """The headline and the leg beside it, in words, as every format states them (from the JSON view)."""
    headline, beside, legs = document["headline"], document["beside"], document["labels"]["legs"]
    change = headline["change_pct"]
    pairs = [
        (
            headline["title"],
            f"{money(headline['value_usd'])} ({'n/a' if change is None else percent_change(change)} vs the "
            "2019–2021 monthly average) — counts "
            + " + ".join(legs.get(leg, leg) for leg in headline["legs"]),
        )
    ]
    if beside is not None:
        pairs.append(
            (
                beside["title"],
                f"{money(beside['value_usd'])} — {legs.get(beside['legs'][0], '')}; shown beside the headline, "
                "not added to it",
            )
        )
    return tuple(pairs)
