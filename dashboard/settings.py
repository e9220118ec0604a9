"""Where the app finds its data and how it serves; resolved once from flags and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from geodata.goods import CATALOGUE_DIR
from geodata.layers import REFERENCE_DIR

DATA_DIR_ENV = "CORRIDOR_ATLAS_DATA"


def resolve_data_dir(flag: str | os.PathLike | None = None) -> Path:
    """``--data-dir`` if given, else ``$CORRIDOR_ATLAS_DATA``, else ``./data``."""
    chosen = flag or os.environ.get(DATA_DIR_ENV) or "data"
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs; tests build their own."""

    data_dir: Path = field(default_factory=resolve_data_dir)
    reference_dir: Path = REFERENCE_DIR
    catalogue_dir: Path = CATALOGUE_DIR
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    title: str = "Corridor Atlas"
