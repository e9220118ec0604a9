"""Route-true numbers in real Chromium: the KPI cards show the JSON view's figures, impossible views
explain themselves with a working fix, and a pair chosen on the page reaches the URL and the numbers."""

from __future__ import annotations

import pytest

from dashboard.formatting import money
from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e


def _clean(page) -> None:
    assert page.log.console_errors == []
    assert page.log.outside_requests == []


def _kpis_ready(page) -> None:
    page.wait_for_selector("#kpi-total .kpi-value", timeout=30_000)
    page.wait_for_selector("#map-graph .js-plotly-plot .choroplethlocation", timeout=30_000)


def _api(page, server: str) -> dict:
    query = page.evaluate("window.location.search")
    return page.request.get(f"{server}/api/view{query}").json()


def test_the_kpi_cards_show_the_figures_of_the_json_view(page, live_server):
    page.goto(live_server + "/?goods=chpl&from=2023-01&to=2023-12")
    _kpis_ready(page)
    document = _api(page, live_server)
    assert page.inner_text("#kpi-total .kpi-label").lower() == "reaching russia"
    assert page.inner_text("#kpi-total .kpi-value") == money(document["headline"]["value_usd"])
    assert page.inner_text("#kpi-beside .kpi-value") == money(document["beside"]["value_usd"])
    assert "transit country → Russia + direct to Russia" in page.inner_text("#kpi-total .kpi-note")
    assert "not added to it" in page.inner_text("#kpi-beside .kpi-note")
    _clean(page)


def test_an_impossible_view_explains_itself_and_its_fix_works(page, live_server):
    page.goto(live_server + "/?goods=chpl&dir=out_of_russia&side=exporter")
    page.wait_for_selector("#view-explanations .view-notice", timeout=30_000)
    assert "Russia has not reported" in page.inner_text("#view-explanations")
    assert page.inner_text("#kpi-total .kpi-value") == "$0"
    save_screenshot(page, "08-impossible-view-explained")
    page.click("#view-explanations .fix-link")
    page.wait_for_function("window.location.search.includes('side=importer')")
    page.wait_for_function("document.querySelector('#kpi-total .kpi-value').innerText !== '$0'")
    page.wait_for_function(
        "!document.querySelector('#view-explanations').textContent.includes('Russia has not reported')"
    )
    _clean(page)


def test_a_pair_chosen_on_the_page_reaches_the_url_and_the_numbers(page, live_server):
    page.goto(live_server + "/?goods=chpl&from=2024-01&to=2024-12")
    _kpis_ready(page)
    for dropdown, option in (("pair-exporter", "Kazakhstan"), ("pair-importer", "Russia")):
        page.click(f"#{dropdown}")
        page.get_by_role("option", name=option, exact=True).click()
        page.keyboard.press("Escape")
    page.wait_for_function("window.location.search.includes('exporter=KAZ&importer=RUS')")
    page.wait_for_function(
        "document.querySelector('#kpi-total .kpi-label').textContent.includes('Kazakhstan → Russia')"
    )
    document = _api(page, live_server)
    assert [(e["exporter"], e["importer"]) for e in document["edges"]] == [("KAZ", "RUS")]
    assert page.inner_text("#kpi-total .kpi-value") == money(document["headline"]["value_usd"])
    save_screenshot(page, "09-pair-kazakhstan-russia")
    _clean(page)


def test_opening_the_eu_shows_member_states(page, live_server):
    page.goto(live_server + "/?goods=chpl&exporter=EU27")
    _kpis_ready(page)
    page.click("#eu-mode input")
    page.wait_for_function("window.location.search.includes('eu=members')")
    document = _api(page, live_server)
    assert document["view"].count("eu=members") == 1
    _clean(page)
