"""The filter panel: goods, period, direction, reporting side, metric, focus, layers."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.figures.reference_layers import LAYER_TITLES
from dashboard.periods import month_at, month_index, period_presets, preset_label
from dashboard.view_state import DIRECTIONS, LAYERS, METRICS, SIDES, ViewContext, ViewState, metric_title
from geodata.i18n import _
from geodata.i18n.formats import month as month_name
from geodata.i18n.formats import month_names


def _field(label: str, control, control_id: str, hint: str | None = None) -> html.Div:
    children = [
        html.Label(label, htmlFor=control_id, className="field-label", id=f"{control_id}-label"),
        control,
    ]
    if hint:
        children.append(html.P(hint, className="field-hint", id=f"{control_id}-hint"))
    return html.Div(children, className="field")


def _titles(titles: dict[str, str]) -> dict[str, str]:
    """A table of display titles (English, marked with ``N_``) in the active language."""
    return {key: _(title) for key, title in titles.items()}


def _radio(control_id: str, options: dict[str, str], value: str) -> dcc.RadioItems:
    return dcc.RadioItems(
        id=control_id,
        options=[{"label": v, "value": k} for k, v in options.items()],
        value=value,
        className="radio-group",
        inputClassName="radio-input",
        labelClassName="radio-label",
    )


def _pair_field(
    label: str, control_id: str, options: list[dict], value: tuple[str, ...], placeholder: str, hint=None
) -> html.Div:
    dropdown = dcc.Dropdown(
        id=control_id, options=options, value=list(value), multi=True, placeholder=placeholder
    )
    return _field(label, dropdown, control_id, hint)


def slider_marks(context: ViewContext) -> dict[int, dict]:
    """The period slider's marks: each January's position, labelled with its year (``*`` when the store
    holds only part of the last year).
    """
    marks = {}
    last = month_index(context.last_month, context.first_month)
    for index in range(last + 1):
        month = month_at(index, context.first_month)
        if month.month == 1:
            partial = month.year == context.last_month.year and context.last_month.month != 12
            marks[index] = {"label": f"{month.year}{'*' if partial else ''}", "style": {"fontSize": "11px"}}
    return marks


def filter_panel(
    view: ViewState, context: ViewContext, hs_options: list[dict], country_options: list[dict]
) -> list:
    """The filter panel's children for a view: goods, period, flows (direction, side, map colour, pair…)
    and layers, each control set to the view's value.
    """
    first, last = context.first_month, context.last_month
    presets = period_presets(first, last)
    return [
        html.H2(_("Goods"), id="goods-heading"),
        _field(
            _("Basket"),
            dcc.Dropdown(
                id=ids.GOODS_PRESETS,
                options=[{"label": label, "value": key} for key, label in context.preset_labels],
                value=list(view.goods),
                multi=True,
                placeholder=_("Choose baskets…"),
                clearable=True,
            ),
            ids.GOODS_PRESETS,
        ),
        _field(
            _("HS codes"),
            dcc.Dropdown(
                id=ids.HS_PICKER,
                options=hs_options,
                value=list(view.hs),
                multi=True,
                placeholder=_("Search chapter, heading or HS6…"),
                searchable=True,
            ),
            ids.HS_PICKER,
            _("Type a code or words, e.g. 8542 or bearings; a chapter or heading covers its codes."),
        ),
        html.H2(_("Period"), id="period-heading"),
        html.Div(id=ids.PERIOD_LABEL, className="period-label", **{"aria-live": "polite"}),
        html.Div(
            dcc.RangeSlider(
                id=ids.PERIOD_SLIDER,
                min=0,
                max=month_index(last, first),
                step=1,
                value=[month_index(view.start, first), month_index(view.end, first)],
                marks=slider_marks(context),
                allowCross=False,
                pushable=0,
                tooltip={"always_visible": False, "transform": "monthName"},  # assets/period_slider.js
                allow_direct_input=False,  # its boxes would show positions ("37"), not months
            ),
            className="slider-wrap",
            **{"aria-labelledby": "period-heading"},
        ),
        html.Div(
            id="period-origin",
            hidden=True,
            **{  # the slider's month names and handle names in the page's language (period_slider.js)
                "data-first": f"{first:%Y-%m}",
                "data-months": "|".join(month_names()),
                "data-long": "|".join(month_names(long=True)),
                "data-first-label": _("First month of the period"),
                "data-last-label": _("Last month of the period"),
            },
        ),
        *(
            [
                html.P(
                    _("* {year}: the data end in {month} (a partial year).").format(
                        year=last.year, month=month_name(last, long=True)
                    ),
                    className="slider-note",
                )
            ]
            if last.month != 12
            else []
        ),
        _field(
            _("Preset"),
            dcc.Dropdown(
                id=ids.PERIOD_PRESET,
                options=[{"label": preset_label(k, span), "value": k} for k, span in presets.items()],
                value=None,
                placeholder=_("Jump to…"),
                clearable=True,
            ),
            ids.PERIOD_PRESET,
        ),
        html.Div(
            className="play-row",
            children=[
                html.Button(
                    _("▶ Play"),
                    id=ids.PLAY_BUTTON,
                    n_clicks=0,
                    className="button",
                    **{"aria-label": _("Play through the months"), "aria-pressed": "false"},
                ),
                dcc.Dropdown(
                    id=ids.PLAY_STEP,
                    options=[
                        {"label": _("by month"), "value": 1},
                        {"label": _("by quarter"), "value": 3},
                        {"label": _("by year"), "value": 12},
                    ],
                    value=1,
                    clearable=False,
                    className="play-step",
                    searchable=False,
                ),
                dcc.Interval(id=ids.PLAY_INTERVAL, interval=1200, disabled=True),
            ],
        ),
        html.H2(_("Flows"), id="flows-heading"),
        _field(_("Direction"), _radio(ids.DIRECTION, _titles(DIRECTIONS), view.direction), ids.DIRECTION),
        _field(
            _("Reporting side"),
            _radio(ids.SIDE, _titles(SIDES), view.side),
            ids.SIDE,
            _(
                "Russia has reported no detailed trade since 2022: its side is always its partners' (mirror) data."
            ),
        ),
        _field(
            _("Map colour"),
            _radio(ids.METRIC, {k: metric_title(k) for k in METRICS}, view.metric),
            ids.METRIC,
        ),
        _field(
            _("Focus country"),
            dcc.Dropdown(
                id=ids.FOCUS,
                options=country_options,
                value=view.focus,
                placeholder=_("All countries (or click the map)"),
                clearable=True,
            ),
            ids.FOCUS,
        ),
        _pair_field(_("Exporter"), ids.EXPORTER, country_options, view.exporters, _("Any exporter")),
        _pair_field(
            _("Importer"),
            ids.IMPORTER,
            country_options,
            view.importers,
            _("Any importer"),
            _(
                "Choose an exporter and/or importer to see one pair, e.g. Kazakhstan → Russia or "
                "Germany → Kyrgyzstan; the EU27 counts as one."
            ),
        ),
        dcc.Checklist(
            id=ids.EU_MODE,
            options=[{"label": _("Show EU member states separately"), "value": "members"}],
            value=["members"] if view.eu == "members" else [],
            className="layer-toggles",
            inputClassName="layer-toggle-input",
        ),
        dcc.Checklist(
            id=ids.CHINA_MODE,
            options=[{"label": _("Count Hong Kong and Macao with China"), "value": "with_hkg_mac"}],
            value=["with_hkg_mac"] if view.china == "with_hkg_mac" else [],
            className="layer-toggles",
            inputClassName="layer-toggle-input",
        ),
        html.H2(_("Layers"), id="layers-heading"),
        dcc.Checklist(
            id=ids.LAYER_TOGGLES,
            options=[{"label": _(LAYER_TITLES[n]), "value": n} for n in LAYERS],
            value=list(view.layers),
            className="layer-toggles",
            inputClassName="layer-toggle-input",
        ),
    ]
