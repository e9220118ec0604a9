"""The words an export adds to a view's numbers: a summary in sentences, the sources of what is drawn,
and a file name that says what the file holds. Pure functions of the JSON view and the reference tables.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.formatting import money, percent_change
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _
from geodata.i18n.formats import number
from geodata.localized_names import localized

#: The reference layers a map or chart draws, with the column that names a row.
CITED_LAYERS = {"crossings": "name_en", "hubs": "name_en", "corridors": "name", "events": "title"}
CITED_TITLES = {  # shown as _(CITED_TITLES[layer])
    "crossings": N_("Border crossings"),
    "hubs": N_("Ports and hubs"),
    "corridors": N_("Transit corridors"),
    "events": N_("Sanctions and control events"),
}
_HOST = re.compile(r"https?://(?:www\.)?([^/\s;,)\"']+)", re.IGNORECASE)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Citation:
    """A source a briefing cites: a reference row (crossing, hub, corridor, event) the map or chart draws."""

    layer: str  # a key of CITED_LAYERS
    item_id: str
    name: str
    source: str


def export_filename(
    goods: tuple[str, ...],
    hs: tuple[str, ...],
    start: date,
    end: date,
    *,
    direction: str,
    focus: str | None = None,
    exporters: tuple[str, ...] = (),
    importers: tuple[str, ...] = (),
    fmt: str,
) -> str:
    """A file name that says what the file holds: goods, pair or focus (else direction), period.

    >>> export_filename(("chpl_1",), (), date(2023, 1, 1), date(2023, 12, 1), direction="into_russia",
    ...                 exporters=("KAZ",), importers=("RUS",), fmt="pptx")
    'chpl-tier1_KAZ-RUS_2023-01_2023-12.pptx'
    >>> export_filename((), ("8542", "854231"), date(2022, 3, 1), date(2022, 3, 1), direction="all",
    ...                 focus="ARM", fmt="csv")
    'hs8542-hs854231_ARM_2022-03_2022-03.csv'
    """
    parts = [_SLUG.sub("-", g.lower().replace("chpl_", "chpl-tier")).strip("-") for g in goods]
    parts += [f"hs{code}" for code in hs]
    goods_part = "-".join(parts[:4]) + (f"-and-{len(parts) - 4}-more" if len(parts) > 4 else "")
    if exporters or importers:
        place = f"{'+'.join(exporters) or 'any'}-{'+'.join(importers) or 'any'}"
    elif focus:
        place = focus
    else:
        place = _SLUG.sub("-", direction.replace("_", "-"))
    return f"{goods_part or 'goods'}_{place}_{start:%Y-%m}_{end:%Y-%m}.{fmt}"


def leg_totals(document: dict) -> list[dict]:
    """Per leg of the view (in the JSON view's leg order): value, monthly average, baseline monthly
    average (None when no edge of the leg traded in 2019–2021) and change.
    """
    sums: dict[str, list[float | None]] = {}
    for edge in document["edges"]:
        row = sums.setdefault(edge["leg"], [0.0, 0.0, None])
        row[0] += edge["value_usd"]
        row[1] += edge["period_monthly_usd"]
        if edge["baseline_monthly_usd"] is not None:
            row[2] = (row[2] or 0.0) + edge["baseline_monthly_usd"]
    order = list(document["labels"]["legs"])
    return [
        {
            "leg": leg,
            "title": document["labels"]["legs"].get(leg, leg),
            "value_usd": value,
            "monthly_usd": monthly,
            "baseline_monthly_usd": baseline,
            "change_pct": (monthly - baseline) / baseline * 100 if baseline else None,
        }
        for leg, (value, monthly, baseline) in sorted(
            sums.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
        )
    ]


def _edge_name(edge: dict) -> str:
    return f"{edge['exporter_name']} → {edge['importer_name']}"


def biggest_changes(document: dict, count: int = 3) -> tuple[list[dict], list[dict]]:
    """(rises, falls): the edges whose monthly average moved most from the baseline, in dollars."""

    def delta(edge: dict) -> float:
        return edge["period_monthly_usd"] - (edge["baseline_monthly_usd"] or 0.0)

    moved = sorted(document["edges"], key=delta)
    return (
        [e for e in reversed(moved) if delta(e) > 0][:count],
        [e for e in moved if delta(e) < 0][:count],
    )


def _change_words(edge: dict) -> str:
    if edge["status"] == "stopped":
        return _("stopped (−100 %)")
    if edge["status"] == "new" or edge["change_pct"] is None:
        return _("new since the baseline")
    return percent_change(edge["change_pct"])


def summary_sentences(document: dict, signal_titles: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The view in a few sentences, from the JSON view: headline, legs, biggest moves, stopped flows,
    the share that is mirror data, and the strongest signals (their titles, given by the caller).
    """
    headline, labels = document["headline"], document["labels"]
    period = labels["period"]
    sentences = []
    change = headline["change_pct"]
    counted = " + ".join(labels["legs"].get(leg, leg) for leg in headline["legs"])
    first = (
        _(
            "{title}: {value} in {period}, a monthly average of {monthly}, {change} on the {baseline} "
            "monthly average ({baseline_monthly}). It counts {legs}."
        )
        if change is not None
        else _(
            "{title}: {value} in {period}, a monthly average of {monthly} (no {baseline} baseline to "
            "compare with). It counts {legs}."
        )
    )
    sentences.append(
        first.format(
            title=headline["title"],
            value=money(headline["value_usd"]),
            period=period,
            monthly=money(headline["period_monthly_usd"]),
            change=percent_change(change) if change is not None else "",
            baseline=BASELINE_LABEL,
            baseline_monthly=money(headline["baseline_monthly_usd"]),
            legs=counted,
        )
    )
    legs = leg_totals(document)
    if len(legs) > 1:
        parts = [
            _("{leg} {value} ({change})").format(
                leg=leg["title"], value=money(leg["value_usd"]), change=percent_change(leg["change_pct"])
            )
            if leg["change_pct"] is not None
            else _("{leg} {value} (new)").format(leg=leg["title"], value=money(leg["value_usd"]))
            for leg in legs
        ]
        sentences.append(_("By leg: {legs}.").format(legs="; ".join(parts)))
    beside = document.get("beside")
    if beside is not None:
        sentence = (
            _("{title}: {value} ({change}) — shown beside the headline, never added to it.")
            if beside["change_pct"] is not None
            else _("{title}: {value} — shown beside the headline, never added to it.")
        )
        sentences.append(
            sentence.format(
                title=beside["title"],
                value=money(beside["value_usd"]),
                change=percent_change(beside["change_pct"]) if beside["change_pct"] is not None else "",
            )
        )
    sentences += _moves(document)
    sentences += _stopped(document)
    mirror = sum(e["value_usd"] for e in document["edges"] if e["mirror"] and e["leg"] in headline["legs"])
    if headline["value_usd"] > 0 and mirror > 0:
        sentences.append(
            _("{share} of the headline is mirror data: Russia's side is its partners' declarations.").format(
                share=_("{percent}%").format(percent=number(mirror / headline["value_usd"] * 100))
            )
        )
    if signal_titles:
        sentences.append(
            _("Strongest signals ({count} in the view): {signals}.").format(
                count=len(document.get("signals", [])), signals="; ".join(signal_titles)
            )
        )
    elif "signals" in document:
        sentences.append(_("No signal at the view's thresholds."))
    return tuple(sentences)


def _moves(document: dict) -> list[str]:
    """The sentences on the largest rises and falls of monthly value."""
    rises, falls = biggest_changes(document)
    found = []
    for sentence, edges in (
        (_("Largest rises in monthly value: {flows}."), rises),
        (_("Largest falls in monthly value: {flows}."), falls),
    ):
        if edges:
            flows = "; ".join(
                _("{flow} {amount} a month ({change})").format(
                    flow=_edge_name(e),
                    amount=money(e["period_monthly_usd"] - (e["baseline_monthly_usd"] or 0.0)),
                    change=_change_words(e),
                )
                for e in edges
            )
            found.append(sentence.format(flows=flows))
    return found


def _stopped(document: dict) -> list[str]:
    """The sentence on the flows that traded in the baseline and stopped (none when none did)."""
    stopped = [e for e in document["edges"] if e["status"] == "stopped"]
    if not stopped:
        return []
    if len(stopped) > 4:
        sentence = _(
            "{count} flows that traded in {baseline} stopped (a baseline of {lost} a month): {flows} "
            "and {more} more."
        )
    elif len(stopped) > 1:
        sentence = _(
            "{count} flows that traded in {baseline} stopped (a baseline of {lost} a month): {flows}."
        )
    else:
        sentence = _(
            "{count} flow that traded in {baseline} stopped (a baseline of {lost} a month): {flows}."
        )
    return [
        sentence.format(
            count=len(stopped),
            baseline=BASELINE_LABEL,
            lost=money(sum(e["baseline_monthly_usd"] or 0.0 for e in stopped)),
            flows=", ".join(_edge_name(e) for e in stopped[:4]),
            more=len(stopped) - 4,
        )
    ]


def citations(reference_tables: dict[str, pd.DataFrame], layers: tuple[str, ...]) -> tuple[Citation, ...]:
    """Every row of the drawn reference layers with its source, in the tables' order.

    ``reference_tables`` maps a layer (crossings, hubs, corridors, events) to its table, indexed by id.
    """
    found = []
    for layer in layers:
        table = reference_tables.get(layer)
        if table is None or layer not in CITED_LAYERS:
            continue
        column = CITED_LAYERS[layer]
        names = localized(table, column) if column in table.columns else table.index
        for item_id, name, source in zip(table.index, names, table["source"], strict=True):
            found.append(Citation(layer, str(item_id), str(name), str(source)))
    return tuple(found)


def source_hosts(sources: list[str] | tuple[str, ...], limit: int = 5) -> str:
    """The web sites a list of source texts cites, most cited first: a short form for a caption.

    >>> source_hosts(["EUR-Lex https://eur-lex.europa.eu/a; x https://www.ofac.gov/b", "https://eur-lex.europa.eu/c"])
    'eur-lex.europa.eu (2), ofac.gov (1)'
    """
    counts = Counter(host.lower() for text in sources for host in _HOST.findall(text))
    if not counts:
        return _("no web source cited") if sources else ""
    top = counts.most_common()
    shown = ", ".join(f"{host} ({n})" for host, n in top[:limit])
    if len(top) > limit:
        return _("{hosts} and {more} more").format(hosts=shown, more=len(top) - limit)
    return shown


def citation_line(found: tuple[Citation, ...], limit: int = 4) -> str:
    """One line per drawn layer, for a caption: 'Border crossings: en.wikipedia.org (20), …'."""
    by_layer: dict[str, list[str]] = {}
    for citation in found:
        by_layer.setdefault(citation.layer, []).append(citation.source)
    return " · ".join(
        f"{_(CITED_TITLES[layer])}: {source_hosts(sources, limit)}" for layer, sources in by_layer.items()
    )
