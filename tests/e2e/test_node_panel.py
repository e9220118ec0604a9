"""A crossing's panel in real Chromium: a click on a crossing opens it with the place's name and the
URL's ``node=``, the view is not re-filtered, and its close button closes it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e
VIEW = "/?goods=chpl&from=2024-01&to=2024-12"


def _ready(page) -> None:
    page.wait_for_selector("#map-graph .js-plotly-plot .choroplethlocation", timeout=30_000)
    page.wait_for_selector("#kpi-total .kpi-value", timeout=30_000)
    page.wait_for_function("document.querySelector('#map-graph .js-plotly-plot').data[1].lon.length > 0")


def _api_node(page, server: str) -> dict | None:
    query = page.evaluate("window.location.search")
    return page.request.get(f"{server}/api/view{query}").json()["node"]


def test_a_click_on_a_crossing_opens_its_panel_and_the_button_closes_it(page, live_server):
    page.goto(live_server + VIEW)
    _ready(page)
    assert page.locator("#node-panel").is_hidden()
    point = page.evaluate(
        """([lon, lat]) => {
            const found = [...document.querySelectorAll('#map-graph .scattergeo path.point')].find(p =>
                p.__data__ && p.__data__.lonlat &&
                Math.abs(p.__data__.lonlat[0] - lon) < 1e-6 && Math.abs(p.__data__.lonlat[1] - lat) < 1e-6);
            if (!found) return null;
            const b = found.getBoundingClientRect();
            return {x: b.x + b.width / 2, y: b.y + b.height / 2};
        }""",
        [44.63111, 42.76806],  # Upper Lars (geodata/reference/crossings.csv)
    )
    assert point is not None, "the Upper Lars marker is drawn"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("window.location.search.includes('node=')")
    page.wait_for_selector("#node-panel:not([hidden]) #node-title", timeout=30_000)
    node = _api_node(page, live_server)
    # the crossing, not the corridor drawn over it (assets/map_hover.js hands the hover to the marker)
    assert node is not None and node["id"] == "upper_lars"
    assert page.inner_text("#node-title") == node["name"] == "Upper Lars – Kazbegi (Dariali)"
    assert "focus=" not in page.evaluate("window.location.search")  # a place click is not a country click
    assert "Modelled estimate" in page.inner_text("#node-panel")
    save_screenshot(page, "10-node-panel")
    page.click("#node-close")
    page.wait_for_function("!window.location.search.includes('node=')")
    page.wait_for_selector("#node-panel", state="hidden", timeout=30_000)
    assert page.log.console_errors == [] and page.log.outside_requests == []


def test_a_shared_link_with_a_place_opens_its_panel_with_its_numbers(page, live_server):
    page.goto(live_server + VIEW + "&node=petukhovo")
    _ready(page)
    page.wait_for_selector("#node-panel:not([hidden]) #node-title", timeout=30_000)
    node = _api_node(page, live_server)
    assert page.inner_text("#node-title") == node["name"] == "Petukhovo (Petropavl line)"
    text = page.inner_text("#node-panel")
    assert "Pairs using it" in text and "Top HS6 codes" in text
    assert "Kazakhstan → Russia" in text
    page.wait_for_selector("#node-months-graph .js-plotly-plot .bars", timeout=30_000)
    assert page.log.console_errors == [] and page.log.outside_requests == []


def test_a_country_profile_page_shows_the_countrys_numbers(page, live_server):
    page.goto(live_server + "/country/KAZ?goods=chpl&from=2024-01&to=2024-12")
    page.wait_for_selector("#country-profile:not([hidden]) #country-title", timeout=30_000)
    assert page.inner_text("#country-title").startswith("Kazakhstan: All CHPL items, Jan 2024 – Dec 2024")
    text = page.inner_text("#country-profile")
    assert "Imports by origin" in text and "China" in text and "Kazakhstan → Russia" in text
    assert "Largest HS6 codes sent to Russia" in text and "Border crossings" in text
    document = page.request.get(f"{live_server}/api/view?goods=chpl&from=2024-01&to=2024-12&focus=KAZ").json()
    kaz_rus = next(e for e in document["edges"] if e["exporter"] == "KAZ" and e["importer"] == "RUS")
    from dashboard.formatting import money

    assert money(kaz_rus["value_usd"]) in text  # the profile's figure is the JSON view's
    save_screenshot(page, "11-country-profile")
    page.click("#country-profile a.fix-link")  # "Show on the map": the focused view
    page.wait_for_function("window.location.search.includes('focus=KAZ')")
    assert page.log.console_errors == [] and page.log.outside_requests == []
