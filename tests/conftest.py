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
