"""The layers of docs/architecture.md, enforced: geodata imports nothing from dashboard or callbacks
(nor Dash), and dashboard imports callbacks only in the app factory."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("geodata"), ids=lambda p: str(p.relative_to(ROOT)))
def test_geodata_imports_nothing_from_the_app(path):
    bad = {
        name for name in _imports(path) if name.split(".")[0] in ("dashboard", "callbacks", "dash", "flask")
    }
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}: geodata must not depend on the app"


@pytest.mark.parametrize("path", _modules("dashboard"), ids=lambda p: str(p.relative_to(ROOT)))
def test_dashboard_imports_callbacks_only_in_the_app_factory(path):
    uses_callbacks = any(name.split(".")[0] == "callbacks" for name in _imports(path))
    assert not uses_callbacks or path.name == "app.py", f"{path.relative_to(ROOT)} imports callbacks"


PROJECT = ("geodata", "dashboard", "callbacks")


def _function_level_project_imports(path: Path) -> list[str]:
    """Imports of the project's own modules inside functions, without a ``# lazy:`` comment saying why."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for function in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                module = node.names[0].name
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                module = node.module or ""
            else:
                continue
            if module.split(".")[0] in PROJECT and "# lazy:" not in lines[node.lineno - 1]:
                found.append(f"line {node.lineno}: {module}")
    return found


@pytest.mark.parametrize(
    "path", [p for package in PROJECT for p in _modules(package)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_projects_modules_import_each_other_at_the_top(path):
    """A function-level import hides a cycle or a cost; where one is needed, ``# lazy: why`` says so."""
    hidden = _function_level_project_imports(path)
    assert not hidden, f"{path.relative_to(ROOT)}: move to the top or say why (# lazy: …): {hidden}"
