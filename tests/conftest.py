from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE_FIXTURE = FIXTURES / "reference"


@pytest.fixture()
def reference_copy(tmp_path: Path) -> Path:
    """A writable copy of the small, valid reference fixture set."""
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_FIXTURE, target)
    return target


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """A store holding the default demo dataset, built once per test session."""
    from geodata.trade.ingest import ingest_demo

    data_dir = tmp_path_factory.mktemp("demo-store")
    ingest_demo(data_dir, seed=7)
    return data_dir


@pytest.fixture(scope="session")
def demo_services(demo_data_dir):
    from dashboard.services import build_services
    from dashboard.settings import Settings

    return build_services(Settings(data_dir=demo_data_dir))


@pytest.fixture(scope="session")
def renderer():
    """One image renderer (headless Chromium through kaleido) for the session's exports, closed at the end."""
    from dashboard.export.images import ImageRenderer

    with ImageRenderer() as shared:
        yield shared
