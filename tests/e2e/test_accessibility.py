"""axe-core (the engine's own script, installed from the package index with the tests, injected from
here: nothing is fetched from the internet) finds no critical or serious WCAG 2.1 A/AA violation on the
main page, presentation mode, the Method page and a country profile, in English and in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
AXE_SCRIPT = None


def _axe_script() -> str:
    global AXE_SCRIPT
    if AXE_SCRIPT is None:
        import axe_playwright_python

        AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    return AXE_SCRIPT


RUN = """async () => {
    const result = await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
    return result.violations.map(v => ({id: v.id, impact: v.impact,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/present?goods=chpl&from=2024-01&to=2024-12",
        "/country/KAZ?goods=chpl",
        "/method",
        "/?lang=ru",
        "/present?goods=chpl&from=2024-01&to=2024-12&lang=ru",
        "/method?lang=ru",
    ],
)
def test_no_serious_accessibility_violation(page, live_server, path):
    page.goto(live_server + path)
    if path.startswith("/method"):
        page.wait_for_selector("#legs h2")
    else:
        page.wait_for_selector("#map-graph .choroplethlocation", timeout=30_000)
        page.wait_for_selector(".kpi-card .kpi-value", timeout=30_000)
        page.wait_for_function("document.querySelectorAll('.dash-radioitems[role=\"listbox\"]').length === 0")
    page.evaluate(_axe_script())
    violations = page.evaluate(RUN)
    serious = [v for v in violations if v["impact"] in ("critical", "serious")]
    assert serious == [], serious
    assert page.log.console_errors == [] and page.log.outside_requests == []


def test_the_map_and_charts_can_be_read_as_tables_from_the_keyboard(page, live_server):
    page.goto(live_server + "/?goods=chpl&from=2024-01&to=2024-12")
    page.wait_for_selector("#map-graph .choroplethlocation", timeout=30_000)
    page.focus("#table-toggle")
    page.keyboard.press("Enter")
    page.wait_for_selector("#table-view table.view-table caption")
    assert page.get_attribute("#table-toggle", "aria-expanded") == "true"
    captions = page.locator("#table-view caption").all_inner_texts()
    assert captions[0].startswith("Flows on the map") and captions[-1].startswith("Monthly value by leg")
    assert page.locator("#table-view tbody tr").count() > 50
    page.evaluate(_axe_script())
    serious = [v for v in page.evaluate(RUN) if v["impact"] in ("critical", "serious")]
    assert serious == [], serious
    page.keyboard.press("Enter")  # the toggle still has the focus: closes again
    page.wait_for_function("document.querySelector('#table-view').hidden === true")
    assert page.log.console_errors == [] and page.log.outside_requests == []
