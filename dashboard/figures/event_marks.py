"""Which sanctions and control events a chart draws, their short labels in rows that do not collide,
and hover text that wraps inside the chart. Pure functions of the events table.

An event is drawn by default only when its source cites a web page a reader can open; an event whose
date is not confirmed says so in words; research notes in a description are never shown.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd

from geodata.i18n import N_, _
from geodata.i18n.formats import written_date

LABEL_ROWS = 4  # rows of labels above the plot; an event with no free row keeps its marker and hover
LABEL_CHARS = 16
HOVER_CHARS = 56
_URL = re.compile(r"https?://", re.IGNORECASE)
_PACKAGE = re.compile(r"^(EU) (\d+)\w\w package", re.IGNORECASE)
UNVERIFIED_WORDS = N_("Date not confirmed by the cited source.")


def is_sourced(source: str) -> bool:
    """Whether a source text cites a page a reader can open.

    >>> is_sourced("EUR-Lex — https://eur-lex.europa.eu/x"), is_sourced("None found — searched news")
    (True, False)
    """
    return bool(_URL.search(source or ""))


def drawn_events(
    events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, *, include_unsourced: bool = False
) -> pd.DataFrame:
    """The events between ``start`` and ``end`` that a chart draws, by date."""
    chosen = events[(events["date"] >= start) & (events["date"] <= end)]
    if not include_unsourced and "source" in chosen:
        # a boolean mask even when no event falls in the window (an empty object Series would
        # select columns, not rows)
        chosen = chosen.loc[chosen["source"].map(is_sourced).astype(bool)]
    return chosen.sort_values("date", kind="stable")


def event_label(title: str, label: str = "", shown_title: str = "") -> str:
    """The event's short label: its own ``label`` when the table gives one, else one from its (English)
    title: a sanctions package by its number, any other event by the start of ``shown_title`` (the
    title in the page's language) or of its title.

    >>> event_label("EU 11th package (anti-circumvention)"), event_label("KZ law on control of specific goods")
    ('EU 11', 'KZ law on…')
    """
    if label:
        return label
    package = _PACKAGE.match(title)
    if package:
        return f"{package.group(1)} {package.group(2)}"
    short = re.split(r"[(:]", shown_title or title)[0].strip()
    return short if len(short) <= LABEL_CHARS + 2 else short[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip() + "…"


def label_rows(
    dates: list[pd.Timestamp],
    labels: list[str],
    *,
    span_days: float,
    width_px: float,
    font_px: float,
    rows: int = LABEL_ROWS,
) -> list[int | None]:
    """A row (0 = lowest) for each label, so that no two labels in a row overlap: a label starts at its
    event's date and is as wide as its text. None when every row is taken there (the marker stays and
    its hover tells the event).
    """
    days_per_px = span_days / max(width_px, 1.0)
    ends = [float("-inf")] * rows
    chosen: list[int | None] = []
    for when, label in zip(dates, labels, strict=True):
        start = when.toordinal()
        width = (len(label) * font_px * 0.6 + font_px) * days_per_px
        row = next((r for r in range(rows) if ends[r] < start), None)
        if row is not None:
            ends[row] = start + width
        chosen.append(row)
    return chosen


def wrap_html(text: str, width: int = HOVER_CHARS) -> str:
    """Plain text broken into lines of at most ``width`` characters, joined by <br>.

    >>> wrap_html("one two three four", 9)
    'one two<br>three<br>four'
    """
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def event_hover(title: str, when: pd.Timestamp, description: str, source: str, confidence: str) -> str:
    """Hover text: title and date, the description (only when the event is sourced: an unsourced
    row's description is a research note), the date's status in words, and the source, all wrapped.
    """
    parts = [f"<b>{wrap_html(_escape(title))}</b> ({event_date(when)})"]
    if is_sourced(source) and description:
        parts.append(wrap_html(_escape(description)))
    if confidence == "low" or not is_sourced(source):
        parts.append(
            f"<i>{_(UNVERIFIED_WORDS) if is_sourced(source) else _('Unverified: no source cited.')}</i>"
        )
    if source:
        host = re.search(r"https?://(?:www\.)?([^/\s;,]+)", source)
        shown = _escape(host.group(1)) if host else wrap_html(_escape(source[:120]))
        parts.append(_("Source: {source}").format(source=shown))
    return "<br>".join(parts)


def event_date(when: pd.Timestamp) -> str:
    """An event's date as '24 Feb 2022' in the active language (the month's abbreviated name in the
    form a date takes: '24 февр. 2022').

    >>> event_date(pd.Timestamp("2022-02-04"))
    '04 Feb 2022'
    """
    return written_date(when)
