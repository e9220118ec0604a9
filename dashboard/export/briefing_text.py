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

#: The reference layers a map or chart draws, with the column that names a row.
CITED_LAYERS = {"crossings": "name_en", "hubs": "name_en", "corridors": "name", "events": "title"}
CITED_TITLES = {
    "crossings": "Border crossings",
    "hubs": "Ports and hubs",
    "corridors": "Transit corridors",
    "events": "Sanctions and control events",
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
        return "stopped (−100 %)"
    if edge["status"] == "new" or edge["change_pct"] is None:
        return "new since the baseline"
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
    sentences.append(
        f"{headline['title']}: {money(headline['value_usd'])} in {period}, a monthly average of "
        f"{money(headline['period_monthly_usd'])}"
        + (
            f", {percent_change(change)} on the {BASELINE_LABEL} monthly average "
            f"({money(headline['baseline_monthly_usd'])})."
            if change is not None
            else f" (no {BASELINE_LABEL} baseline to compare with)."
        )
        + f" It counts {counted}."
    )
    legs = leg_totals(document)
    if len(legs) > 1:
        sentences.append(
            "By leg: "
            + "; ".join(
                f"{leg['title']} {money(leg['value_usd'])}"
                + (f" ({percent_change(leg['change_pct'])})" if leg["change_pct"] is not None else " (new)")
                for leg in legs
            )
            + "."
        )
    beside = document.get("beside")
    if beside is not None:
        sentences.append(
            f"{beside['title']}: {money(beside['value_usd'])}"
            + (f" ({percent_change(beside['change_pct'])})" if beside["change_pct"] is not None else "")
            + " — shown beside the headline, never added to it."
        )
    rises, falls = biggest_changes(document)
    for words, edges in (("Largest rises", rises), ("Largest falls", falls)):
        if edges:
            sentences.append(
                f"{words} in monthly value: "
                + "; ".join(
                    f"{_edge_name(e)} {money(e['period_monthly_usd'] - (e['baseline_monthly_usd'] or 0.0))}"
                    f" a month ({_change_words(e)})"
                    for e in edges
                )
                + "."
            )
    stopped = [e for e in document["edges"] if e["status"] == "stopped"]
    if stopped:
        lost = sum(e["baseline_monthly_usd"] or 0.0 for e in stopped)
        sentences.append(
            f"{len(stopped)} flow{'s' if len(stopped) > 1 else ''} that traded in {BASELINE_LABEL} stopped "
            f"(a baseline of {money(lost)} a month): {', '.join(_edge_name(e) for e in stopped[:4])}"
            + (f" and {len(stopped) - 4} more." if len(stopped) > 4 else ".")
        )
    mirror = sum(e["value_usd"] for e in document["edges"] if e["mirror"] and e["leg"] in headline["legs"])
    if headline["value_usd"] > 0 and mirror > 0:
        sentences.append(
            f"{mirror / headline['value_usd']:.0%} of the headline is mirror data: Russia's side is its "
            "partners' declarations."
        )
    if signal_titles:
        sentences.append(
            f"Strongest signals ({len(document.get('signals', []))} in the view): "
            + "; ".join(signal_titles)
            + "."
        )
    elif "signals" in document:
        sentences.append("No signal at the view's thresholds.")
    return tuple(sentences)


def citations(reference_tables: dict[str, pd.DataFrame], layers: tuple[str, ...]) -> tuple[Citation, ...]:
    """Every row of the drawn reference layers with its source, in the tables' order.

    ``reference_tables`` maps a layer (crossings, hubs, corridors, events) to its table, indexed by id.
    """
    found = []
    for layer in layers:
        table = reference_tables.get(layer)
        if table is None or layer not in CITED_LAYERS:
            continue
        names = table.get(CITED_LAYERS[layer], table.index)
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
        return "no web source cited" if sources else ""
    top = counts.most_common()
    shown = ", ".join(f"{host} ({n})" for host, n in top[:limit])
    return shown + (f" and {len(top) - limit} more" if len(top) > limit else "")


def citation_line(found: tuple[Citation, ...], limit: int = 4) -> str:
    """One line per drawn layer, for a caption: 'Border crossings: en.wikipedia.org (20), …'."""
    by_layer: dict[str, list[str]] = {}
    for citation in found:
        by_layer.setdefault(citation.layer, []).append(citation.source)
    return " · ".join(
        f"{CITED_TITLES[layer]}: {source_hosts(sources, limit)}" for layer, sources in by_layer.items()
    )
