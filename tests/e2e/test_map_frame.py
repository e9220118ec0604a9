"""The map fills its panel in real Chromium: no empty bands above, below or beside the region at the
three screen sizes briefings use, the panel fits a 1280×720 screen, and the legend collapses."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

GEOMETRY = """() => {
    const gd = document.querySelector('#map-graph .js-plotly-plot');
    const bg = gd.querySelector('.geo .layer.bg').getBoundingClientRect();
    const area = document.querySelector('#map-area').getBoundingClientRect();
    const size = gd._fullLayout._size;
    return {bg: [bg.width, bg.height], plot: [size.w, size.h], bottom: area.bottom,
            legend: gd._fullLayout.showlegend !== false, area_class: document.querySelector('#map-area').className};
}"""


def _ready(page) -> None:
    page.wait_for_selector("#map-graph .js-plotly-plot .choroplethlocation", timeout=30_000)
    page.wait_for_function("document.querySelector('#map-graph .js-plotly-plot').data[1].lon.length > 0")


def _fills(geometry: dict) -> bool:
    (bg_w, bg_h), (plot_w, plot_h) = geometry["bg"], geometry["plot"]
    return abs(bg_w - plot_w) <= 2 and abs(bg_h - plot_h) <= 2


@pytest.mark.parametrize("size", [(1280, 720), (1600, 1000), (1920, 1080)])
def test_the_map_fills_its_panel_with_no_empty_bands(page, live_server, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(live_server + "/?goods=chpl")
    _ready(page)
    geometry = page.wait_for_function(f"(() => {{ const g = ({GEOMETRY})(); return g.plot[0] > 0 && g; }})()")
    assert _fills(geometry), geometry
    assert geometry["bottom"] <= size[1], "the whole map is on the screen"
    assert page.log.console_errors == [] and page.log.outside_requests == []


def test_the_legend_collapses_and_the_map_still_fills_its_panel(page, live_server):
    page.goto(live_server + "/?goods=chpl")
    _ready(page)
    page.click("#legend-toggle")
    page.wait_for_function(
        "document.querySelector('#map-graph .js-plotly-plot')._fullLayout.showlegend === false"
    )
    geometry = page.wait_for_function(
        f"(() => {{ const g = ({GEOMETRY})(); return g.area_class.includes('legend-collapsed') && "
        "Math.abs(g.bg[0] - g.plot[0]) <= 2 && Math.abs(g.bg[1] - g.plot[1]) <= 2 && g; })()"
    )
    assert page.inner_text("#legend-toggle") == "Show legend"
    assert not geometry["legend"]
    # a change of view keeps the legend collapsed
    page.goto(page.url.replace("goods=chpl", "goods=bearings"), wait_until="commit")
    _ready(page)
    page.click("#legend-toggle")  # reloaded page: collapse again, then a filter change keeps it so
    page.wait_for_function(
        "document.querySelector('#map-graph .js-plotly-plot')._fullLayout.showlegend === false"
    )
    page.click("label:has-text('all flows')")
    page.wait_for_function("window.location.search.includes('dir=all')")
    page.wait_for_function(
        "document.querySelector('#kpi-total .kpi-label').innerText.toLowerCase().includes('both ways')"
    )
    assert (
        page.evaluate("document.querySelector('#map-graph .js-plotly-plot')._fullLayout.showlegend") is False
    )
    page.click("#legend-toggle")
    page.wait_for_function(
        "document.querySelector('#map-graph .js-plotly-plot')._fullLayout.showlegend !== false"
    )
    assert page.log.console_errors == [] and page.log.outside_requests == []


def test_hovering_a_flow_anywhere_along_its_line_shows_its_label(page, live_server):
    page.goto(live_server + "/?goods=chpl")
    _ready(page)
    point = page.evaluate(
        """() => {
            const gd = document.querySelector('#map-graph .js-plotly-plot');
            const box = gd.getBoundingClientRect();
            for (const trace of gd.data) {
                if (!trace.meta || trace.meta.width_class === undefined) continue;
                let start = 0;
                for (let i = 0; i <= trace.lon.length; i++) {
                    if (i < trace.lon.length && trace.lon[i] !== null) continue;
                    if (i - start >= 16) {  // an arc (not a two-point section): 30 % along, far from its arrowhead
                        const k = start + Math.floor((i - start) * 0.3);
                        const [x, y] = gd._fullLayout.geo._subplot.projection([trace.lon[k], trace.lat[k]]);
                        const arrows = gd.data.find(t => t.meta && t.meta.arrows);
                        return {x: box.x + x, y: box.y + y, label: arrows.text[trace.customdata[k]].split('<br>')[0]};
                    }
                    start = i + 1;
                }
            }
            return null;
        }"""
    )
    assert point is not None
    page.mouse.move(point["x"], point["y"])
    shown = page.wait_for_function(
        "(() => { const t = document.querySelector('#map-graph .hoverlayer .hovertext'); "
        "return t && t.textContent.includes('→') && t.textContent; })()"
    )
    label = point["label"].replace("<b>", "").replace("</b>", "")
    assert label.split(" → ")[0] in shown
    assert page.log.console_errors == [] and page.log.outside_requests == []
