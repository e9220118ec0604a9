"""'Show as table': every flow (stopped and new ones too), crossings and the monthly series by leg."""

from __future__ import annotations

from dash import html

from callbacks.tables import table_outputs
from dashboard.components.view_tables import basis_words, flows_rows, series_rows, view_tables
from dashboard.view_document import view_document

QUERY = "goods=chpl&from=2024-01&to=2024-12"


def test_every_flow_of_the_json_view_is_a_row(demo_services):
    document, _ = view_document(QUERY, demo_services)
    rows = flows_rows(document)
    assert len(rows) == len(document["edges"])
    statuses = {e["status"] for e in document["edges"]}
    changes = {row[5] for row in rows}
    assert ("stopped" not in statuses) or "stopped (−100 %)" in changes
    assert ("new" not in statuses) or "new" in changes
    assert rows[0][2].startswith("$")


def test_the_series_has_a_row_per_month_and_a_column_per_leg(demo_services):
    document, _ = view_document(QUERY, demo_services)
    header, rows = series_rows(document)
    months = sorted({p["period"] for p in document["series"]})
    assert [row[0] for row in rows] == months and header[0] == "Month"
    assert len(header) - 1 == len({p["leg"] for p in document["series"]})


def test_tables_have_captions_and_header_cells(demo_services):
    document, _ = view_document(QUERY, demo_services)
    tables = [t for t in view_tables(document) if isinstance(t, html.Table)]
    assert len(tables) == 3
    for table in tables:
        caption, head = table.children[0], table.children[1]
        assert isinstance(caption, html.Caption) and caption.children
        assert all(th.scope == "col" for th in head.children.children)


def test_the_toggle_draws_tables_only_while_open(demo_services):
    closed = table_outputs(0, QUERY, demo_services)
    assert closed == ([], True, "Show as table", "false")
    opened = table_outputs(1, QUERY, demo_services)
    assert opened[1:] == (False, "Hide the tables", "true") and len(opened[0]) == 3
    assert table_outputs("1", QUERY, demo_services)[1] is True  # malformed: closed


def test_the_data_basis_column_names_each_basis_with_its_months():
    assert basis_words({"basis_months": {"mirror": 12}, "status": "active"}) == (
        "mirror (partner's declaration) — 12 months"
    )
    mixed = {"basis_months": {"annual_average": 3, "reported": 9}, "status": "active"}
    assert basis_words(mixed) == "reported monthly: 9 months; annual figure ÷ 12: 3 months"
    assert basis_words({"basis_months": {"demo": 36}, "status": "stopped"}).endswith("in 2019–2021")
    assert basis_words({"basis_months": {}}) == "—"


def test_the_flows_table_has_the_data_basis_of_every_row(demo_services):
    document, _ = view_document(QUERY, demo_services)
    rows = flows_rows(document)
    assert rows and all(row[7].startswith("demo (synthetic) — ") for row in rows)
