"""What a briefing says about a view: title, filter in plain words, figures, tables, sources, method.

Every export format is built from one `Briefing`, so the PowerPoint, the PDF and the spreadsheet
of a view can never disagree. A briefing is a function of the view's URL query and the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go

from dashboard.export.briefing_text import (
    Citation,
    citation_line,
    citations,
    summary_sentences,
)
from dashboard.export.formats import PICTURE_SIZES
from dashboard.export.map_picture import PictureText, static_map
from dashboard.figures.annotations import DEMO_LABEL
from dashboard.figures.event_marks import drawn_events
from dashboard.figures.signals import signal_title
from dashboard.figures.timeseries import ChartSize, timeseries_figure
from dashboard.formatting import money, percent_change
from dashboard.method_notes import method_notes
from dashboard.services import Services
from dashboard.view_data import ViewData, chart_series, load_view_data
from dashboard.view_document import document_from_data, view_signals
from dashboard.view_map import map_caption
from dashboard.view_state import DIRECTIONS, SIDES, ViewState, metric_title
from geodata.analytics.legs import LEG_TITLES
from geodata.baseline import BASELINE, BASELINE_LABEL
from geodata.country_groups import EU_MODES
from geodata.i18n import _
from geodata.i18n.formats import written_date


@dataclass(frozen=True)
class Briefing:
    """Everything an export states about one view, built once (`build_briefing`) for every format."""

    view: ViewState
    title: str
    generated: datetime
    filter_lines: tuple[tuple[str, str], ...]
    data: ViewData
    document: dict  # the view's JSON document (with its signals): the numbers every format states
    source_label: str
    vintage_lines: tuple[str, ...]
    is_demo: bool
    summary: tuple[str, ...]  # the view in sentences (briefing_text.summary_sentences)
    citations: tuple[Citation, ...]  # the sources of every reference row the map and chart draw
    services: Services
    draws: bool  # False for the tables-only formats (CSV, XLSX), which draw nothing
    picture_size: tuple[int, int] = PICTURE_SIZES["16:9"]

    @property
    def map_figure(self) -> go.Figure | None:
        """The map picture that stands alone (PNG, SVG): the view's words inside the canvas."""
        return self.map_for(self.picture_size, standalone=True) if self.draws else None

    def map_for(self, size: tuple[int, int], *, standalone: bool) -> go.Figure:
        """The map at ``size``; not ``standalone`` (on a slide or page that has its own title and
        footer), it states only what it draws and where that comes from.
        """
        caption = map_caption(self.data, self.services)
        drawn = citation_line(tuple(c for c in self.citations if c.layer != "events"))
        if standalone:
            text = PictureText(
                title=self.title,
                filter_line=picture_filter(self.view, self.data, self.services.names),
                headline_lines=tuple(f"{k}: {v}" for k, v in self.headline_lines),
                footer_lines=(
                    caption,
                    *((_("Map layers' sources — {sources}").format(sources=drawn),) if drawn else ()),
                    _(
                        "Russia's side is mirror data (its partners' declarations) · Method: /method in the app"
                    ),
                    _("Corridor Atlas · generated {date} {time} UTC").format(
                        date=written_date(self.generated), time=f"{self.generated:%H:%M}"
                    ),
                ),
                is_demo=self.is_demo,
            )
        else:
            sources = (_("Map layers' sources — {sources}").format(sources=drawn),) if drawn else ()
            text = PictureText("", "", (), (caption, *sources), False)
        return static_map(self.view, self.data, self.services, text, size)

    def chart_for(self, size: ChartSize) -> go.Figure:
        """The monthly chart with its events, laid out for ``size`` (a slide, a PDF page)."""
        return timeseries_figure(
            chart_series(self.data),
            self.services.reference.events,
            baseline=(pd.Timestamp(BASELINE[0]), pd.Timestamp(BASELINE[1])),
            selected=(pd.Timestamp(self.view.start), pd.Timestamp(self.view.end)),
            source_label=self.services.source_label,
            is_demo=self.is_demo,
            leg_titles=LEG_TITLES,
            beside_legs=self.data.beside.legs if self.data.beside is not None else (),
            size=size,
        )

    @property
    def footer(self) -> str:
        """The footer of every page and slide: demo label (demo data only), source, generated time (UTC)."""
        demo = f"{_(DEMO_LABEL)} · " if self.is_demo else ""
        return demo + _("{source} · Corridor Atlas, {date} {time} UTC").format(
            source=self.source_label, date=written_date(self.generated), time=f"{self.generated:%H:%M}"
        )

    @property
    def headline_lines(self) -> tuple[tuple[str, str], ...]:
        """The headline and the leg beside it (from the JSON view), stated by every format."""
        return headline_pairs(self.document)

    @property
    def method_lines(self) -> tuple[str, ...]:
        """The method notes an export prints; for demo data, first a warning that its figures are made up."""
        demo = (
            _(
                "{demo}: these figures come from a synthetic dataset made for demonstration. Only its yearly "
                "totals are calibrated to published official statistics; nothing below that level is real."
            ).format(demo=_(DEMO_LABEL)),
        )
        return (demo if self.is_demo else ()) + method_notes()


def describe_filter(view: ViewState, data: ViewData, names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The view's filter as (name, value) pairs in words: goods, period, direction, side, map colour,
    focus, pair, EU.
    """
    everywhere = _("all countries")
    return (
        (_("Goods"), data.goods_label),
        (_("Period"), data.period_label),
        (_("Direction"), _(DIRECTIONS[view.direction])),
        (_("Reporting side"), _(SIDES[view.side])),
        (_("Map colour"), metric_title(view.metric)),
        (_("Focus"), names.get(view.focus, everywhere) if view.focus else everywhere),
        (_("Exporter"), ", ".join(names.get(c, c) for c in view.exporters) or _("any")),
        (_("Importer"), ", ".join(names.get(c, c) for c in view.importers) or _("any")),
        (_("EU"), _(EU_MODES[view.eu])),
    )


def picture_filter(view: ViewState, data: ViewData, names: dict[str, str]) -> str:
    """The filter in one line for a picture: goods, period, direction, side, and the focus or pair
    only when the view has one.
    """
    parts = [data.goods_label, data.period_label, _(DIRECTIONS[view.direction]), _(SIDES[view.side])]
    if view.focus:
        parts.append(_("focus: {country}").format(country=names.get(view.focus, view.focus)))
    if view.has_pair:
        exporters = ", ".join(names.get(c, c) for c in view.exporters) or _("any exporter")
        importers = ", ".join(names.get(c, c) for c in view.importers) or _("any importer")
        parts.append(f"{exporters} → {importers}")
    if view.eu != "group":
        parts.append(_(EU_MODES[view.eu]))
    return " · ".join(parts)


def default_title(view: ViewState, data: ViewData) -> str:
    """The view's own title, else one made of its goods, direction and period."""
    return view.title or _("{goods}: flows {direction}, {period}").format(
        goods=data.goods_label, direction=_(DIRECTIONS[view.direction]), period=data.period_label
    )


#: Reference layers the map draws; the chart draws the events.
MAP_LAYERS = ("crossings", "hubs", "corridors")


def reference_tables(services: Services) -> dict[str, pd.DataFrame]:
    """The reference tables a briefing cites, indexed by id: crossings, hubs, corridors, and the events the
    chart draws (the sourced ones within the store's months).
    """
    reference = services.reference
    context = services.view_context
    tables = {
        "crossings": reference.crossings,
        "hubs": reference.hubs,
        "corridors": reference.corridors,
        # the events the chart draws: sourced ones, in the store's months
        "events": drawn_events(
            reference.events, pd.Timestamp(context.first_month), pd.Timestamp(context.last_month)
        ),
    }
    return {name: table.set_index("id") if "id" in table.columns else table for name, table in tables.items()}


def build_briefing(
    view: ViewState,
    services: Services,
    *,
    title: str | None = None,
    figures: bool = True,
    picture_size: tuple[int, int] = PICTURE_SIZES["16:9"],
) -> Briefing:
    """Everything an export states about the view; ``figures=False`` leaves out the map and the chart
    (the tables-only formats do not draw them).
    """
    data = load_view_data(view, services)
    document = document_from_data(data, services)
    found = view_signals(view, services, view.signal_thresholds)
    document["signals"] = [s.as_json() for s in found]
    titles = tuple(signal_title(s, services.names) for s in document["signals"][:3])
    vintages = tuple(
        f"{f['source']}: {f['name']} — {f['vintage']} (sha256 {f['sha256']})" for f in services.source_files
    )
    drawn = tuple(layer for layer in MAP_LAYERS if layer in view.layers) + ("events",)
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
        summary=summary_sentences(document, titles),
        citations=citations(reference_tables(services), drawn),
        services=services,
        draws=figures,
        picture_size=picture_size,
    )


def headline_pairs(document: dict) -> tuple[tuple[str, str], ...]:
    """The headline and the leg beside it, in words, as every format states them (from the JSON view)."""
    headline, beside, legs = document["headline"], document["beside"], document["labels"]["legs"]
    change = headline["change_pct"]
    pairs = [
        (
            headline["title"],
            _("{value} ({change} vs the {baseline} monthly average) — counts {legs}").format(
                value=money(headline["value_usd"]),
                change=_("n/a") if change is None else percent_change(change),
                baseline=BASELINE_LABEL,
                legs=" + ".join(legs.get(leg, leg) for leg in headline["legs"]),
            ),
        )
    ]
    if beside is not None:
        pairs.append(
            (
                beside["title"],
                _("{value} — {leg}; shown beside the headline, not added to it").format(
                    value=money(beside["value_usd"]), leg=legs.get(beside["legs"][0], "")
                ),
            )
        )
    return tuple(pairs)
