"""The hardened page in real Chromium: the CSP is enforced and breaks nothing (an empty console
includes no CSP violation), and no graph's toolbar offers to send the chart to plotly's cloud."""

from __future__ import annotations

import pytest

from tests.e2e.test_dashboard import MAP, _clean, _open

pytestmark = pytest.mark.e2e
GRAPHS = ("map-graph", "timeseries-graph", "top-flows-graph", "sankey-graph")


def test_csp_is_enforced_and_the_page_works_under_it(page, live_server):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(live_server + "/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy and response.headers["x-content-type-options"] == "nosniff"
    _open(page, live_server)
    assert violations == []  # Dash, plotly and the map all work within the policy
    _clean(page)
    # an inline script the server did not send is refused: the CSP is live, not decorative
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }""")
    assert page.evaluate("() => window.__injected === undefined")
    assert any("Content Security Policy" in v for v in violations)
    page.log.console_errors[:] = [e for e in page.log.console_errors if "Content Security Policy" not in e]
    _clean(page)


def test_no_graph_toolbar_offers_the_cloud(page, live_server):
    _open(page, live_server)
    seen = 0
    for graph in GRAPHS:
        page.hover(f"#{graph} .js-plotly-plot")
        page.wait_for_selector(f"#{graph} .modebar", state="attached", timeout=10_000)
        titles = page.eval_on_selector_all(
            f"#{graph} .modebar-btn", "els => els.map(e => e.getAttribute('data-title') || '')"
        )
        assert titles, graph
        seen += len(titles)
        for title in titles:
            assert "Chart Studio" not in title and "Share" not in title and "Cloud" not in title, title
        assert page.locator(f"#{graph} .modebar a[href*='plotly']").count() == 0
    assert seen >= 8 and page.locator(f"{MAP} .modebar-btn[data-title*='PNG']").count() == 1
    _clean(page)
