"""The page in Russian in real Chromium: the language from the link, Russian figures and names, the
switch back to English keeping the view, and plotly.js's own texts in Russian."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e
MAP = "#map-graph .js-plotly-plot"
VIEW = "goods=chpl&from=2024-01&to=2024-12"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{MAP} .choroplethlocation", timeout=30_000)
    page.wait_for_selector(".kpi-card .kpi-value", timeout=30_000)
    page.wait_for_function("document.querySelector('#map-graph .js-plotly-plot').data[1].lon.length > 0")


def test_the_page_opens_in_russian_and_switches_back_keeping_the_view(page, live_server):
    page.set_viewport_size({"width": 1600, "height": 1000})
    _open(page, f"{live_server}/?{VIEW}&lang=ru")
    assert page.get_attribute("html", "lang") == "ru"
    kpis = " ".join(page.locator(".kpi-card .kpi-value").all_inner_texts())
    assert "млрд" in kpis or "млн" in kpis
    assert page.inner_text(".language-current") == "Русский"
    legend = page.evaluate(
        f"Array.from(document.querySelectorAll('{MAP} .legendtext')).map(e => e.textContent)"
    )
    assert any("Россия" in text or "транзит" in text.lower() for text in legend), legend
    # plotly.js's modebar speaks Russian too
    assert page.locator(f"{MAP} .modebar-btn[data-title='Увеличить']").count() == 1
    # the period's label and the slider's handles speak Russian months
    assert "янв." in page.inner_text("#period-label").lower()
    page.wait_for_selector("#period-slider [role='slider'][aria-valuetext='январь 2024']", state="attached")
    assert (
        page.get_attribute("#period-slider [role='slider'] >> nth=1", "aria-label")
        == "Последний месяц периода"
    )
    save_screenshot(page, "russian-main-1600x1000")
    page.get_by_role("link", name="English").click()
    page.wait_for_selector("html[lang='en']", state="attached")
    page.wait_for_selector(".kpi-card .kpi-value", timeout=30_000)
    assert "goods=chpl" in page.evaluate("window.location.search")
    assert "lang=" not in page.evaluate("window.location.search")
    assert page.inner_text(".language-current") == "English"
    assert page.log.console_errors == [] and page.log.outside_requests == []


def test_presentation_mode_in_russian(page, live_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    _open(page, f"{live_server}/present?{VIEW}&lang=ru")
    assert page.get_attribute("html", "lang") == "ru"
    assert "ДЕМО" in page.inner_text("#present-caption").upper()
    save_screenshot(page, "russian-present-1920x1080")
    assert page.log.console_errors == [] and page.log.outside_requests == []
