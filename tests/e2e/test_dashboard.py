"""The dashboard in real Chromium: every step asserts what the page shows, an empty console, and
that no request left 127.0.0.1. Screenshots go to tests/e2e/artifacts/ for the issue notes."""

from __future__ import annotations

import re

import pytest

from dashboard.figures.reference_layers import LAYERS
from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e
MAP = "#map-graph .js-plotly-plot"


def _open(page, server: str, path: str = "/") -> None:
    page.goto(server + path)
    page.wait_for_selector(f"{MAP} .choroplethlocation", timeout=30_000)
    page.wait_for_selector(".kpi-card .kpi-value", timeout=30_000)
    page.wait_for_function("document.querySelector('#map-graph .js-plotly-plot').data[1].lon.length > 0")


def _clean(page) -> None:
    assert page.log.console_errors == []
    assert page.log.outside_requests == []


def _map_data(page) -> list[dict]:
    return page.evaluate("""() => document.querySelector('#map-graph .js-plotly-plot').data.map(t => ({
        layer: (t.meta || {}).layer, visible: t.visible, points: (t.lon || t.locations || []).length,
        name: t.name, text: (t.text || [])[0] || '', z: t.z ? Array.from(t.z).slice(0, 3) : null}))""")


def _choose(page, dropdown: str, option: str) -> None:
    """Open a Dash 4 dropdown and pick an option by its visible label."""
    page.click(f"#{dropdown}")
    page.get_by_role("option", name=option, exact=True).click()


def _kpi(page, card: str) -> str:
    return page.inner_text(f"#{card} .kpi-value")


def _wait_for_url(page, fragment: str) -> None:
    page.wait_for_function(f"window.location.search.includes({fragment!r})")


def test_page_loads_map_layers_and_demo_label(page, live_server):
    _open(page, live_server)
    assert page.locator(f"{MAP} .choroplethlocation").count() >= 30  # the region and the EU27 members
    traces = _map_data(page)
    assert {t["layer"] for t in traces} == set(LAYERS)
    assert sum(t["points"] for t in traces if t["layer"] == "crossings") >= 40
    # the view's signals are marked on the map once the signals callback has answered
    page.wait_for_function(
        "document.querySelector('#map-graph .js-plotly-plot').data"
        ".some(t => t.meta && t.meta.layer === 'signals' && t.lon.length > 0)"
    )
    assert page.locator(f"{MAP} .scattergeo .point").count() > 60
    assert "Demo data (synthetic)" in page.inner_text("#source-badge")
    assert page.locator(f"{MAP} .annotation-text", has_text=re.compile("DEMO DATA — SYNTHETIC")).count() == 1
    for chart in ("timeseries-graph", "top-flows-graph", "sankey-graph"):
        assert "DEMO DATA" in page.inner_text(f"#{chart}")
    save_screenshot(page, "01-default-view")
    _clean(page)


def test_choosing_a_basket_changes_map_and_charts(page, live_server):
    _open(page, live_server)
    before_total = _kpi(page, "kpi-total")
    before_flows = [t["text"] for t in _map_data(page) if t["layer"] == "flows"]
    page.click("#goods-presets .dash-dropdown-clear")
    _choose(page, "goods-presets", "CHPL Tier 1")
    page.keyboard.press("Escape")
    _wait_for_url(page, "goods=chpl_1")
    page.wait_for_function(f"document.querySelector('#kpi-total .kpi-value').innerText !== {before_total!r}")
    after_flows = [t["text"] for t in _map_data(page) if t["layer"] == "flows"]
    assert after_flows != before_flows
    assert "CHPL Tier 1" in page.inner_text("#kpi-total")
    _clean(page)


def test_changing_the_period_updates_label_url_and_series(page, live_server):
    _open(page, live_server)
    page.evaluate(
        "Plotly.relayout(document.querySelector('#map-graph .js-plotly-plot'), "
        "{'geo.projection.scale': 2.5, 'geo.center.lon': 45, 'geo.center.lat': 42})"
    )
    _choose(page, "period-preset", "2023")
    _wait_for_url(page, "from=2023-01")
    page.wait_for_function(
        "document.querySelector('#period-label').innerText.includes('Jan 2023 – Dec 2023')"
    )
    page.wait_for_function(
        "document.querySelector('#timeseries-graph .js-plotly-plot').layout.shapes"
        ".some(s => s.name === 'selected-period' && String(s.x0).startsWith('2023-01'))"
    )
    geo = page.evaluate(  # only the two fields: the whole _fullLayout.geo takes 15 s to serialise
        "(() => { const g = document.querySelector('#map-graph .js-plotly-plot')._fullLayout.geo;"
        " return {scale: g.projection.scale, lon: g.center.lon}; })()"
    )
    assert geo["scale"] == 2.5 and geo["lon"] == 45  # zoom and pan survive the change
    save_screenshot(page, "02-year-2023-zoomed-caucasus")
    _clean(page)


def test_clicking_a_country_focuses_it(page, live_server):
    _open(page, live_server)
    box = page.evaluate("""() => {
        const paths = [...document.querySelectorAll('#map-graph .choroplethlocation')];
        const kaz = paths.find(p => p.__data__ && p.__data__.loc === 'KAZ');
        const b = kaz.getBoundingClientRect();
        return {x: b.x + b.width * 0.45, y: b.y + b.height * 0.6};
    }""")
    page.mouse.click(box["x"], box["y"])
    _wait_for_url(page, "focus=KAZ")
    page.wait_for_function("document.querySelector('#focus-country').innerText.includes('Kazakhstan')")
    page.wait_for_function(
        "document.querySelector('#map-graph .js-plotly-plot').data.filter(t => t.meta && t.meta.arrows)[0]"
        ".text.every(s => s.includes('Kazakhstan'))"
    )  # every flow left on the map touches the focused country
    _clean(page)


def test_toggling_a_layer_hides_its_traces(page, live_server):
    _open(page, live_server)
    page.get_by_label("Border crossings").uncheck()
    _wait_for_url(page, "layers=countries%2Cflows%2Ccorridors%2Chubs")
    page.wait_for_function(
        "document.querySelector('#map-graph .js-plotly-plot').data"
        ".filter(t => t.meta && t.meta.layer === 'crossings').every(t => t.visible === false)"
    )
    assert all(t["visible"] is not False for t in _map_data(page) if t["layer"] == "corridors")
    _clean(page)


def test_a_shared_link_reproduces_the_view(page, live_server):
    _open(
        page,
        live_server,
        "/?goods=bearings&from=2023-01&to=2023-12&dir=all&side=importer&metric=change"
        "&focus=ARM&layers=countries%2Cflows",
    )
    assert page.inner_text("#period-label") == "Jan 2023 – Dec 2023"
    assert "Armenia" in page.inner_text("#focus-country")
    assert page.is_checked("#reporting-side input[value='importer']")
    traces = _map_data(page)
    assert [t["visible"] for t in traces if t["layer"] == "corridors"] == [False] * 18
    colourbar = page.evaluate(
        "document.querySelector('#map-graph .js-plotly-plot').data[0].colorbar.title.text"
    )
    assert "Change vs" in colourbar
    assert "Bearings" in page.inner_text("#kpi-total")
    save_screenshot(page, "03-shared-bearings-armenia-change")
    _clean(page)


def test_a_hostile_link_falls_back_with_a_notice(page, live_server):
    _open(page, live_server, "/?goods=%3Cscript%3Ealert(1)%3C/script%3E&from=2019-13&focus=RUS%27%3B--&zz=1")
    notices = page.inner_text("#view-notices")
    assert "Ignored goods=" in notices and "Ignored from=" in notices and "unknown link key" in notices
    assert "All CHPL items" in page.inner_text("#kpi-total")
    _clean(page)


def test_export_downloads_a_file(page, live_server, tmp_path):
    _open(page, live_server)
    _choose(page, "export-format", "Flows (CSV)")
    with page.expect_download(timeout=60_000) as download:
        page.click("#export-button")
    name = download.value.suggested_filename
    assert name.startswith("chpl_into-russia_") and name.endswith(".csv")  # says what it holds
    path = tmp_path / name
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("month,exporter,exporter_name,") and "DEMO DATA" in text
    page.wait_for_function("document.querySelector('#export-status').innerText.includes('Ready')")
    assert name in page.inner_text("#export-status")
    _clean(page)


def test_presentation_mode_steps_with_arrow_keys(page, live_server):
    _open(page, live_server, "/present?goods=chpl&from=2023-01&to=2023-12&step=year")
    assert page.locator(".panel").is_hidden()
    assert page.locator(".present-title").is_visible()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.present-period')).fontSize)")
    assert size >= 18
    page.keyboard.press("ArrowRight")
    _wait_for_url(page, "from=2024-01")
    page.wait_for_function("document.querySelector('.present-period').innerText.startsWith('Jan 2024')")
    save_screenshot(page, "04-presentation-2024")
    page.keyboard.press("ArrowLeft")
    _wait_for_url(page, "from=2023-01")
    _clean(page)


def _fits(page) -> dict:
    return page.evaluate("""() => {
        const legend = document.querySelector('#map-graph .legend').getBoundingClientRect();
        const map = document.querySelector('.map-area').getBoundingClientRect();
        return {legend: legend.bottom, map: map.bottom, height: innerHeight};
    }""")


def test_presentation_keeps_each_saved_views_title_fits_and_exits(page, live_server):
    _open(page, live_server, "/?goods=chpl_1&from=2023-01&to=2023-12")
    page.fill("#export-title", "Tier 1 in 2023")
    page.keyboard.press("Enter")
    _wait_for_url(page, "title=Tier")
    page.click("#save-view-button")
    page.wait_for_function("document.querySelector('#export-title').value === ''")  # not carried on
    _open(page, live_server, "/?goods=bearings&from=2024-01&to=2024-12&focus=KAZ")
    page.click("#save-view-button")
    page.wait_for_selector(".saved-item:nth-child(2)")
    titles = page.locator(".saved-title")
    assert titles.nth(0).input_value() == "Tier 1 in 2023" and titles.nth(1).input_value() == ""
    titles.nth(1).fill("Bearings through Kazakhstan")
    titles.nth(1).press("Enter")
    page.wait_for_function("localStorage.getItem('saved-views').includes('Bearings+through')")
    page.wait_for_selector(
        ".saved-item:nth-child(2) a.saved-open[href*='title=Bearings']"
    )  # the list redrawn
    page.click("[aria-label='Move saved view 2 up']")
    page.wait_for_function(
        "document.querySelector('.saved-item input').value === 'Bearings through Kazakhstan'"
    )
    href = page.get_attribute("#present-link", "href")
    for width, height in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        _open(page, live_server, href)
        box = _fits(page)
        assert box["legend"] <= box["map"] + 1 and box["map"] <= box["height"], box  # nothing overflows
        assert page.locator(".present-hint").is_visible() and page.locator("#present-exit").is_visible()
    assert page.inner_text(".present-title") == "Bearings through Kazakhstan"
    assert "focus: Kazakhstan" in page.inner_text(".present-period")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.present-title').innerText === 'Tier 1 in 2023'")
    page.click("#present-exit")
    page.wait_for_function("location.pathname === '/'")
    page.wait_for_selector(".saved-item")
    page.click("[aria-label='Remove saved view 1']")
    page.wait_for_function("document.querySelectorAll('.saved-item').length === 1")
    page.click("[aria-label='Remove saved view 1']")  # the browser's storage as other tests expect it
    page.wait_for_selector(".saved-empty")
    _clean(page)


def test_hs_list_opens_over_the_map_and_a_code_narrows_the_goods(page, live_server):
    _open(page, live_server)
    page.click("#hs-picker")
    page.keyboard.type("8542")
    option = page.get_by_role("option", name="85 › 8542 — Electronic integrated circuits", exact=False).first
    option.wait_for()
    box = option.bounding_box()
    map_left = page.eval_on_selector("#map-graph", "e => e.getBoundingClientRect().left")
    x, y = box["x"] + box["width"] - 20, box["y"] + box["height"] / 2
    assert x > map_left  # the option reaches over the map…
    on_top = page.evaluate(f"document.elementFromPoint({x}, {y}).closest('.dash-dropdown-content') !== null")
    assert on_top  # …and is drawn above it, readable
    option.click()
    page.keyboard.press("Escape")
    _wait_for_url(page, "hs=8542")
    page.wait_for_function("document.querySelector('#kpi-total').innerText.includes('HS 8542')")
    assert "goods=&" in page.evaluate("window.location.search")  # narrowed: not added to All CHPL items
    assert "All CHPL items" not in page.inner_text("#kpi-total")
    _clean(page)


def test_period_slider_speaks_months_and_the_method_page_is_linked(page, live_server):
    _open(page, live_server)
    texts = page.eval_on_selector_all(
        "#period-slider [role='slider']", "els => els.map(e => e.getAttribute('aria-valuetext'))"
    )
    assert texts == ["April 2025", "March 2026"]
    assert page.query_selector("#period-slider input") is None  # no boxes with raw positions
    link = page.get_attribute("#kpi-total a.kpi-method", "href")
    assert link == "/method#legs"
    page.goto(live_server + link)
    page.wait_for_selector("#legs h2")
    assert "How Corridor Atlas counts" in page.inner_text("h1")
    _clean(page)


def test_the_country_pickers_find_russian_and_former_names(page, live_server):
    _open(page, live_server)
    page.click("#focus-country")
    page.keyboard.type("Казах")
    page.get_by_role("option", name="Kazakhstan").first.wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    page.click("#pair-exporter")
    page.keyboard.type("Turkey")
    page.get_by_role("option", name="Türkiye").first.wait_for(timeout=10_000)
    _clean(page)
