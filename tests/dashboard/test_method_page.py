"""The Method page: served by the app, every section there, the store's sources, linked from the KPIs."""

from __future__ import annotations

import re

from dashboard.app import create_app
from dashboard.components.kpis import kpi_cards
from dashboard.method_notes import SECTIONS, method_link
from dashboard.method_page import method_html
from dashboard.view_data import load_view_data
from dashboard.view_document import view_document
from dashboard.view_state import ViewState


def test_the_method_page_explains_every_part_and_names_this_stores_sources(demo_services):
    page = method_html(demo_services)
    for anchor, heading in SECTIONS:
        assert f'id="{anchor}"' in page and heading.replace("'", "&#x27;") in page
    for words in (
        "mirror data",
        "CIF",
        "FOB",
        "January 2019",
        "HS2017",
        "Tier 3.A",
        "DEMO DATA",
        "surge_factor",
    ):
        assert words in page, words
    assert "demo (seed 7)" in page  # the running store's file and vintage
    assert not re.search(r"<script", page) and "http://" not in page and "https://" not in page  # offline


def test_the_app_serves_it(demo_services):
    client = create_app(services=demo_services).server.test_client()
    answer = client.get("/method")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert "How Corridor Atlas counts" in answer.get_data(as_text=True)


def test_every_kpi_links_to_its_method_section(demo_services):
    document, _ = view_document("goods=chpl&from=2024-01&to=2024-12", demo_services)
    view, _ = ViewState.from_query("goods=chpl&from=2024-01&to=2024-12", demo_services.view_context)
    cards = [c for c in kpi_cards(document, load_view_data(view, demo_services).kpis) if c.id != "kpi-source"]
    links = [c.children[2].children[-1].href for c in cards]
    assert links == [method_link(a) for a in ("legs", "baseline", "legs", "chpl", "routes")]
