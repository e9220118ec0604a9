"""Facts with one home: where a copy must exist outside Python (the style sheet) or in a list a user
sees (the CLI's choices), it is checked against the home, so a change in one place cannot leave the
other behind."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dashboard.cli import _parser
from dashboard.export.formats import FORMATS, PICTURE_SIZES
from dashboard.figures.geo import LEGEND_WIDTH, PRESENT_LEGEND_WIDTH, REGION_ASPECT
from dashboard.figures.reference_layers import LAYER_TITLES, LAYERS
from geodata.baseline import BASELINE, BASELINE_LABEL
from geodata.trade.schema import MIRROR_MARK, MIRROR_NOTE, MIRROR_SHORT

ROOT = Path(__file__).resolve().parents[1]
CSS = (ROOT / "assets" / "app.css").read_text()


def test_the_style_sheet_sizes_the_map_with_the_regions_aspect():
    divisors = re.findall(r"/ (\d+\.\d+) \+ 26px", CSS)
    multipliers = re.findall(r"- 26px\) \* (\d+\.\d+)", CSS)
    assert divisors and multipliers
    assert {float(v) for v in divisors + multipliers} == {REGION_ASPECT}


def test_the_style_sheets_legend_widths_are_the_figures():
    widths = re.findall(r"--legend-w: (\d+)px", CSS)
    assert sorted({int(w) for w in widths} - {0}) == sorted({LEGEND_WIDTH, PRESENT_LEGEND_WIDTH})


def test_the_command_lines_choices_are_the_export_modules():
    export_command = _parser()._subparsers._group_actions[0].choices["export"]
    options = {action.dest: action for action in export_command._actions}
    assert options["format"].choices == list(FORMATS)
    assert options["aspect"].choices == list(PICTURE_SIZES)


def test_every_layer_has_one_title():
    assert set(LAYER_TITLES) == set(LAYERS)


def _literals_holding(text: str, roots: tuple[str, ...]) -> list[str]:
    """file:line of every string literal (docstrings aside) under ``roots`` that holds ``text``."""
    found = []
    for root in roots:
        for path in sorted((ROOT / root).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
            }
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and text in node.value
                and id(node) not in docstrings
            ]
    return found


def test_the_baselines_label_has_one_home():
    assert BASELINE_LABEL == f"{BASELINE[0].year}–{BASELINE[1].year}" == "2019–2021"
    copies = _literals_holding(BASELINE_LABEL, ("dashboard", "callbacks", "geodata"))
    assert copies == [], f"write {{BASELINE_LABEL}} (geodata/baseline.py) instead of the years: {copies}"


def test_the_mirror_notes_have_one_home():
    for note in (MIRROR_NOTE, MIRROR_SHORT, MIRROR_MARK):
        copies = [
            c
            for c in _literals_holding(note, ("dashboard", "callbacks", "geodata"))
            if not c.startswith("geodata/trade/schema.py")
        ]
        assert copies == [], f"import the note from geodata/trade/schema.py instead of writing it: {copies}"
