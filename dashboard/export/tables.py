"""The tables behind a view, tidy: one row per month, edge, source, HS6 code and mode of transport.

The rows come from the same store rows, goods weights and country groups as the view's edges, so the
rows marked ``in_headline`` sum to the view's headline (tested) and every row says which leg it is.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures.annotations import DEMO_LABEL
from geodata.analytics.legs import LEG_TITLES
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _

DETAIL_COLUMNS = (
    "month",
    "exporter",
    "exporter_name",
    "importer",
    "importer_name",
    "leg",
    "in_headline",
    "hs6",
    "hs_version",
    "transport_mode",
    "value_usd",
    "net_kg",
    "russia_side_mirror",
    "source",
)
#: The detail columns' titles in the CSV's and the XLSX's header row (shown as _(DETAIL_TITLES[column]));
#: English titles are the column names themselves, which the CSV's readers rely on.
DETAIL_TITLES = {
    "month": N_("month"),
    "exporter": N_("exporter"),
    "exporter_name": N_("exporter_name"),
    "importer": N_("importer"),
    "importer_name": N_("importer_name"),
    "leg": N_("leg"),
    "in_headline": N_("in_headline"),
    "hs6": N_("hs6"),
    "hs_version": N_("hs_version"),
    "transport_mode": N_("transport_mode"),
    "value_usd": N_("value_usd"),
    "net_kg": N_("net_kg"),
    "russia_side_mirror": N_("russia_side_mirror"),
    "source": N_("source"),
}
NO_MODE = N_("not reported")  # written as _(NO_MODE)
STATUS_WORDS = {"active": N_("active"), "new": N_("new"), "stopped": N_("stopped")}


def detail_header(columns) -> list[str]:
    """The header row of the detail table, in the active language (English: the column names)."""
    return [_(DETAIL_TITLES[c]) if c in DETAIL_TITLES else str(c) for c in columns]


def source_names(files: tuple[dict, ...], names: dict[str, str]) -> dict[str, str]:
    """Per source code, its name and vintages in words (the demo says it is synthetic)."""
    vintages: dict[str, list[str]] = {}
    for file in files:
        vintages.setdefault(file["source"], []).append(str(file["vintage"]))
    return {
        source: f"{_(DEMO_LABEL) if source == 'demo' else names.get(source, source)} ({'; '.join(sorted(set(v)))})"
        for source, v in vintages.items()
    }


def monthly_detail(
    rows: pd.DataFrame,
    edges: pd.DataFrame,
    headline_legs: tuple[str, ...],
    country_names: dict[str, str],
    sources: dict[str, str],
) -> pd.DataFrame:
    """The export's tidy rows from `TradeStore.period_detail` rows and the view's edges (leg, mirror).

    A row whose edge the view does not hold keeps its value with an empty leg and ``in_headline``
    False, so the table still adds up to what the store holds for the filter.
    """
    legs = edges[["exporter", "importer", "leg", "mirror"]]
    merged = rows.merge(legs, on=["exporter", "importer"], how="left", validate="many_to_one")
    leg = merged["leg"].astype(object).where(merged["leg"].notna(), "")
    return pd.DataFrame(
        {
            "month": pd.to_datetime(merged["period"]).dt.strftime("%Y-%m"),
            "exporter": merged["exporter"],
            "exporter_name": [country_names.get(c, c) for c in merged["exporter"]],
            "importer": merged["importer"],
            "importer_name": [country_names.get(c, c) for c in merged["importer"]],
            "leg": leg,
            "in_headline": leg.isin(headline_legs),
            "hs6": merged["hs6"],
            "hs_version": merged["hs_version"],
            "transport_mode": merged["mode"].astype(object).where(merged["mode"].notna(), _(NO_MODE)),
            "value_usd": merged["value_usd"].astype(float),
            "net_kg": merged["net_kg"].astype(float),
            "russia_side_mirror": merged["mirror"]
            .astype(object)
            .where(merged["mirror"].notna(), False)
            .astype(bool),
            "source": [sources.get(s, s) for s in merged["source"]],
        },
        columns=list(DETAIL_COLUMNS),
    )


def edges_table(edges: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per edge of the view, in words a reader understands (the Edges sheet)."""
    return pd.DataFrame(
        {
            _("From"): [names.get(e, e) for e in edges["exporter"]],
            _("To"): [names.get(i, i) for i in edges["importer"]],
            _("Exporter (ISO-3)"): edges["exporter"],
            _("Importer (ISO-3)"): edges["importer"],
            _("Leg"): [_(LEG_TITLES[leg]) if leg in LEG_TITLES else leg for leg in edges["leg"]],
            _("Status"): [_(STATUS_WORDS[s]) if s in STATUS_WORDS else s for s in edges["status"]],
            _("Value (USD)"): edges["value_usd"].astype(float),
            _("Monthly average (USD)"): edges["monthly"].astype(float),
            _("Baseline monthly average {baseline} (USD)").format(baseline=BASELINE_LABEL): edges[
                "baseline_monthly"
            ].astype(float),
            _("Change vs baseline (%)"): edges["change_pct"].where(edges["status"] != "new").astype(float),
            _("Russia's side is mirror data"): edges["mirror"].map({True: _("yes"), False: _("no")}),
        }
    )
