"""Where the app finds its data and how it serves; resolved once from flags and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from geodata.goods import CATALOGUE_DIR
from geodata.layers import REFERENCE_DIR

DATA_DIR_ENV = "CORRIDOR_ATLAS_DATA"
BASIC_AUTH_ENV = "CORRIDOR_ATLAS_BASIC_AUTH"
TRUSTED_USER_HEADER_ENV = "CORRIDOR_ATLAS_TRUSTED_USER_HEADER"


def resolve_data_dir(flag: str | os.PathLike | None = None) -> Path:
    """``--data-dir`` if given, else ``$CORRIDOR_ATLAS_DATA``, else ``./data``."""
    chosen = flag or os.environ.get(DATA_DIR_ENV) or "data"
    return Path(chosen).expanduser().resolve()


def env_int(name: str, default: int) -> int:
    """``$CORRIDOR_ATLAS_<name>`` as a positive integer, else ``default``."""
    raw = os.environ.get(f"CORRIDOR_ATLAS_{name}", "").strip()
    try:
        return max(1, int(raw)) if raw else default
    except ValueError:
        return default


def env_text(name: str) -> str | None:
    """The environment variable ``name``, stripped; None when unset or blank."""
    return os.environ.get(name, "").strip() or None


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
    # Production serving (gunicorn): processes × threads per process.
    workers: int = field(default_factory=lambda: env_int("WORKERS", 2))
    threads: int = field(default_factory=lambda: env_int("THREADS", 4))
    # Exports: concurrent exports per process, seconds each may run, jobs one client may have waiting.
    export_workers: int = field(default_factory=lambda: env_int("EXPORT_WORKERS", 1))
    export_timeout: int = field(default_factory=lambda: env_int("EXPORT_TIMEOUT", 120))
    export_queue_per_client: int = field(default_factory=lambda: env_int("EXPORT_QUEUE_PER_CLIENT", 2))
    # Limits on what a client may send.
    max_body_bytes: int = 1_000_000
    max_query_bytes: int = 8_192
    # Optional authentication: "user:pbkdf2_sha256$iterations$salt$hash", or a header set by a trusted proxy.
    basic_auth: str | None = field(default_factory=lambda: env_text(BASIC_AUTH_ENV))
    trusted_user_header: str | None = field(default_factory=lambda: env_text(TRUSTED_USER_HEADER_ENV))
