"""The words an export adds: summary sentences, sources of what is drawn, file names, event labels."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.export.briefing_text import (
    biggest_changes,
    citation_line,
    citations,
    export_filename,
    leg_totals,
    source_hosts,
    summary_sentences,
)
from dashboard.export.slide_tables import crossing_rows, flow_rows
from dashboard.figures.event_marks import event_hover, event_label, label_rows


def _edge(exporter, importer, leg, value, monthly, baseline, status="active", mirror=False):
    return {
        "exporter": exporter,
        "importer": importer,
        "exporter_name": exporter.title(),
        "importer_name": importer.title(),
        "leg": leg,
        "value_usd": value,
        "period_monthly_usd": monthly,
        "baseline_monthly_usd": baseline,
        "change_pct": None if baseline in (None, 0) else (monthly - baseline) / baseline * 100,
        "status": status,
        "mirror": mirror,
    }


DOCUMENT = {
    "labels": {
        "period": "Jan 2023 – Dec 2023",
        "legs": {"transit_to_russia": "transit → Russia", "direct_to_russia": "direct", "origin_to_transit": "supply"},
    },
    "headline": {
        "title": "Reaching Russia",
        "legs": ["transit_to_russia", "direct_to_russia"],
        "value_usd": 360.0,
        "period_monthly_usd": 30.0,
        "baseline_monthly_usd": 50.0,
        "change_pct": -40.0,
    },
    "beside": None,
    "edges": [
        _edge("kaz", "rus", "transit_to_russia", 240.0, 20.0, 5.0, mirror=True),
        _edge("deu", "rus", "direct_to_russia", 0.0, 0.0, 45.0, status="stopped", mirror=True),
        _edge("arm", "rus", "transit_to_russia", 120.0, 10.0, None, status="new", mirror=True),
        _edge("chn", "kaz", "origin_to_transit", 600.0, 50.0, 10.0),
    ],
    "crossings": [{"name": "Dostyk", "value_usd": 90.0, "by_mode": {"rail": 90.0}, "by_leg": {"origin_to_transit": 90.0}}],
    "ports": [{"name": "Aktau", "value_usd": 0.0, "by_mode": {}, "by_leg": {}}],
}  # fmt: skip


def test_leg_totals_keep_new_flows_out_of_the_baseline():
    legs = {leg["leg"]: leg for leg in leg_totals(DOCUMENT)}
    assert legs["transit_to_russia"]["value_usd"] == 360.0
    assert legs["transit_to_russia"]["baseline_monthly_usd"] == 5.0  # the new Armenian flow has none
    assert legs["direct_to_russia"]["change_pct"] == -100.0
    assert [leg["leg"] for leg in leg_totals(DOCUMENT)][0] == "transit_to_russia"  # the JSON view's order


def test_summary_names_the_stopped_flow_the_biggest_moves_and_the_mirror_share():
    rises, falls = biggest_changes(DOCUMENT)
    assert [e["exporter"] for e in rises] == ["chn", "kaz", "arm"] and [e["exporter"] for e in falls] == [
        "deu"
    ]
    text = " ".join(summary_sentences({**DOCUMENT, "signals": []}))
    assert "Reaching Russia: $360" in text and "−40%" in text.replace(" %", "%")
    assert "1 flow that traded in 2019–2021 stopped" in text and "Deu → Rus" in text
    assert "Largest falls in monthly value: Deu → Rus" in text and "stopped (−100 %)" in text
    assert "100% of the headline is mirror data" in text
    assert "No signal at the view's thresholds." in text


def test_summary_without_a_baseline_or_trade_says_so():
    empty = {
        **DOCUMENT,
        "edges": [],
        "headline": {**DOCUMENT["headline"], "value_usd": 0.0, "period_monthly_usd": 0.0, "change_pct": None},
    }
    text = " ".join(summary_sentences(empty, ("a signal",)))
    assert "no 2019–2021 baseline to compare with" in text and "mirror data" not in text
    assert "Strongest signals" in text and "a signal" in text


def test_tables_put_stopped_flows_in_and_leave_empty_ports_out():
    rows = flow_rows(DOCUMENT, limit=3)
    assert rows[0][0] == "Chn → Kaz" and rows[-1][3] == "stopped (−100 %)"  # room kept for the collapse
    assert rows[1][0].endswith("†")
    assert crossing_rows(DOCUMENT) == [("Dostyk", "$90", "rail 100%", "supply 100%")]


def test_citations_and_hosts():
    table = pd.DataFrame(
        {
            "name_en": ["A", "B"],
            "source": ["x https://en.wikipedia.org/a", "https://www.wikipedia.org/b; https://trend.az/c"],
        },
        index=["a", "b"],
    )
    found = citations({"crossings": table}, ("crossings", "hubs"))
    assert [(c.item_id, c.name) for c in found] == [("a", "A"), ("b", "B")]
    assert citation_line(found) == "Border crossings: en.wikipedia.org (1), wikipedia.org (1), trend.az (1)"
    assert source_hosts(["no link here"]) == "no web source cited"


def test_file_names_are_safe_and_say_what_they_hold():
    name = export_filename(("../etc",), (), date(2023, 1, 1), date(2023, 6, 1), direction="all", fmt="xlsx")
    assert name == "etc_all_2023-01_2023-06.xlsx" and "/" not in name
    many = export_filename(
        ("a", "b", "c", "d", "e", "f"), (), date(2023, 1, 1), date(2023, 1, 1), direction="all", fmt="csv"
    )
    assert many.startswith("a-b-c-d-and-2-more_")


def test_event_labels_rows_and_hover():
    assert event_label("EU 14th package") == "EU 14" and event_label("x", "own") == "own"
    dates = [
        pd.Timestamp("2022-02-23"),
        pd.Timestamp("2022-02-25"),
        pd.Timestamp("2022-02-28"),
        pd.Timestamp("2023-06-01"),
    ]
    rows = label_rows(
        dates, ["EU 1", "EU 2", "EU 3", "EU 11"], span_days=2600, width_px=600, font_px=11, rows=2
    )
    assert rows == [0, 1, None, 0]  # the third has no free row: its marker and hover stay
    hover = event_hover(
        "T", pd.Timestamp("2024-01-02"), "word " * 40, "EUR-Lex https://eur-lex.europa.eu/x", "low"
    )
    assert "Date not confirmed" in hover and "Source: eur-lex.europa.eu" in hover
    assert max(len(part) for part in hover.split("<br>")) <= 60
