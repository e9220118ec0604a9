"""Rows of the tables the deck and the PDF show, in words, from the view's JSON document."""

from __future__ import annotations

from dashboard.figures.signals import signal_evidence_text, signal_title
from dashboard.formatting import money, percent_change
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import _
from geodata.i18n.formats import number
from geodata.trade.schema import MIRROR_MARK
from geodata.transport_modes import mode_title


def flow_header() -> tuple[str, str, str, str]:
    """The header of the top flows' table (deck and PDF)."""
    return (
        _("Flow († {mark})").format(mark=_(MIRROR_MARK)),
        _("Leg"),
        _("Value (USD)"),
        _("Change vs {baseline}").format(baseline=BASELINE_LABEL),
    )


def crossing_header() -> tuple[str, str, str, str]:
    """The header of the crossings and ports' table (deck and PDF)."""
    return (_("Crossing or port"), _("Estimated value"), _("Modes"), _("Legs"))


def change_words(edge: dict) -> str:
    """An edge's change vs 2019–2021 in words: a percentage, ``new`` or ``stopped (−100 %)``."""
    if edge["status"] == "stopped":
        return _("stopped (−100 %)")
    if edge["status"] == "new" or edge["change_pct"] is None:
        return _("new")
    return percent_change(edge["change_pct"])


def flow_rows(document: dict, limit: int = 10) -> list[tuple[str, str, str, str]]:
    """The largest flows: (flow, leg, value, change); † marks Russia's side as mirror data."""
    legs = document["labels"]["legs"]
    edges = sorted(document["edges"], key=lambda e: -e["value_usd"])
    # a collapse is news too: the largest stopped flows (by their baseline) keep up to a quarter of the rows
    stopped = sorted(
        (e for e in edges if e["status"] == "stopped"), key=lambda e: -(e["baseline_monthly_usd"] or 0.0)
    )
    kept = stopped[: max(1, limit // 4)] if stopped else []
    shown = [e for e in edges if e["status"] != "stopped"][: limit - len(kept)] + kept
    return [
        (
            f"{e['exporter_name']} → {e['importer_name']}{' †' if e['mirror'] else ''}",
            legs.get(e["leg"], e["leg"]),
            money(e["value_usd"]),
            change_words(e),
        )
        for e in shown
    ]


def _shares(parts: dict, total: float) -> str:
    if total <= 0:
        return ""
    return ", ".join(
        _("{part} {percent}%").format(part=key, percent=number(value / total * 100))
        for key, value in sorted(parts.items(), key=lambda kv: -kv[1])
    )


def crossing_rows(document: dict, limit: int = 10) -> list[tuple[str, str, str, str]]:
    """Crossings and ports by the value the route model assigns them: (name, value, modes, legs)."""
    legs = document["labels"]["legs"]
    places = [p for p in document.get("crossings", []) + document.get("ports", []) if p["value_usd"] > 0]
    places.sort(key=lambda p: -p["value_usd"])
    return [
        (
            p["name"],
            money(p["value_usd"]),
            _shares(
                {mode_title(k): v for k, v in p["by_mode"].items()},
                p["value_usd"],
            ),
            _shares({legs.get(k, k): v for k, v in p["by_leg"].items()}, p["value_usd"]),
        )
        for p in places[:limit]
    ]


def signal_rows(document: dict, names: dict[str, str], limit: int = 8) -> list[tuple[str, str]]:
    """The strongest signals: (title, evidence in one line)."""
    return [(signal_title(s, names), signal_evidence_text(s)) for s in document.get("signals", [])[:limit]]
