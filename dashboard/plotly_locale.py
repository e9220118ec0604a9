"""plotly.js in the page's language: its month and day names, decimal and group marks (from Babel's
CLDR data) and the modebar's tooltips (from the catalogue), passed in each graph's config.
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from geodata.i18n import N_, SOURCE_LANGUAGE, _, active_language

#: plotly.js's own English texts the page can show (modebar buttons, hints), by their exact wording.
PLOTLY_TEXTS = (
    N_("Download plot as a png"),
    N_("Download plot"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Zoom"),
    N_("Pan"),
    N_("Reset"),
    N_("Reset view"),
    N_("Reset axes"),
    N_("Autoscale"),
    N_("Toggle Spike Lines"),
    N_("Show closest data on hover"),
    N_("Compare data on hover"),
    N_("Double-click to zoom back out"),
    N_("Snapshot succeeded"),
    N_("Taking snapshot - this may take a few seconds"),
    N_("Sorry, there was a problem downloading your snapshot!"),
)


def locale_config() -> dict:
    """The config keys that put plotly.js in the active language (none for English, its own)."""
    language = active_language()
    if language == SOURCE_LANGUAGE:
        return {}
    months = get_month_names("wide", "stand-alone", locale=language)
    short_months = get_month_names("abbreviated", "stand-alone", locale=language)
    days = get_day_names("wide", "format", locale=language)
    short_days = get_day_names("abbreviated", "format", locale=language)
    week = [6, 0, 1, 2, 3, 4, 5]  # plotly.js lists days from Sunday; Babel numbers Monday 0
    return {
        "locale": language,
        "locales": {
            language: {
                "dictionary": {text: _(text) for text in PLOTLY_TEXTS},
                "format": {
                    "days": [days[i] for i in week],
                    "shortDays": [short_days[i] for i in week],
                    "months": [months[m] for m in range(1, 13)],
                    "shortMonths": [short_months[m] for m in range(1, 13)],
                    "decimal": get_decimal_symbol(language),
                    "thousands": get_group_symbol(language),
                },
            }
        },
    }


def number_separators() -> str | None:
    """Plotly's ``layout.separators`` (decimal mark, then group mark) for the active language; None for
    English, plotly's own. Pictures rendered outside the page (kaleido) have no page config to read.
    """
    language = active_language()
    if language == SOURCE_LANGUAGE:
        return None
    return get_decimal_symbol(language) + get_group_symbol(language)
