"""Colours meet WCAG 2.1 AA: every line and marker the map draws at least 3:1 against the land, the sea
and every role fill it can lie on; the page's text colours (the demo banner, notices, badges, the rise
and fall colours) at least 4.5:1 against their backgrounds; and no status or basis told by colour alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.figures import palette
from dashboard.figures.basis_overlay import BASIS_STYLE
from dashboard.figures.contrast import GRAPHIC_RATIO, TEXT_RATIO, contrast_ratio, relative_luminance
from dashboard.figures.flows import ASSIGNED_COLOUR, STOPPED_COLOUR
from dashboard.figures.signals import signal_marker_trace

CSS = (Path(__file__).resolve().parents[2] / "assets" / "app.css").read_text()
MAP_BACKGROUNDS = (palette.LAND, palette.OCEAN, *palette.ROLE_FILL.values())
MAP_MARKS = {
    "flow": palette.FLOW,
    "new flow": palette.NEW_FLOW,
    "stopped flow": STOPPED_COLOUR,
    "assigned to crossings": ASSIGNED_COLOUR,
    **{f"categorical {i}": c for i, c in enumerate(palette.CATEGORICAL)},
    **{f"basis {b}": style[0] for b, style in BASIS_STYLE.items()},
}


def css_variable(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def test_the_formula_on_known_pairs():
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert relative_luminance("#000000") == 0.0
    with pytest.raises(ValueError, match="#RRGGBB"):
        relative_luminance("red")


@pytest.mark.parametrize("name", sorted(MAP_MARKS))
def test_every_map_mark_stands_out_from_every_map_background(name):
    worst = min(contrast_ratio(MAP_MARKS[name], background) for background in MAP_BACKGROUNDS)
    assert worst >= GRAPHIC_RATIO, f"{name} {MAP_MARKS[name]}: {worst:.2f}:1"


def test_signal_stars_are_outlined_in_a_colour_that_stands_out():
    outline = signal_marker_trace([], {}, {}).marker.line.color
    assert min(contrast_ratio(outline, background) for background in MAP_BACKGROUNDS) >= GRAPHIC_RATIO


@pytest.mark.parametrize(
    ("what", "ink", "background"),
    [
        ("demo banner", "demo-ink", "demo-bg"),
        ("body text on the page", "ink", "page"),
        ("muted text on a panel", "muted", "panel"),
        ("muted text on the page", "muted", "page"),
        ("rise", "up", "panel"),
        ("fall", "down", "panel"),
        ("links", "accent", "panel"),
    ],
)
def test_page_text_colours_reach_aa(what, ink, background):
    ratio = contrast_ratio(css_variable(ink), css_variable(background))
    assert ratio >= TEXT_RATIO, f"{what}: {ratio:.2f}:1"


def test_badges_and_notices_reach_aa():
    for rule in (r"\.source-badge \{[^}]*", r"\.notice \{[^}]*"):
        block = re.search(rule, CSS).group(0)
        ink = re.search(r"[^-]color:\s*(#[0-9a-fA-F]{6})", block).group(1)
        background = re.search(r"background:\s*(#[0-9a-fA-F]{6})", block).group(1)
        assert contrast_ratio(ink, background) >= TEXT_RATIO, rule


def test_no_status_or_basis_by_colour_alone():
    assert palette.NEW_FLOW_SYMBOL != palette.FLOW_SYMBOL  # new flows: another arrowhead
    assert len({style[1] for style in BASIS_STYLE.values()}) == len(BASIS_STYLE)  # dash per basis
    assert len({style[2] for style in BASIS_STYLE.values()}) == len(BASIS_STYLE)  # symbol per basis
    assert len(set(palette.CORRIDOR_DASH.values())) == len(palette.CORRIDOR_DASH)  # dash per corridor mode
