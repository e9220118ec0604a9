"""Static images through kaleido, offline: the system Chromium and the local topojson.

One warm renderer per process: the first image starts a headless Chromium (about 2 s), later
ones reuse it (about 0.3 s). A lock serialises calls, since kaleido's sync server is a singleton.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "assets" / "topojson"
MAP_SIZE = (1920, 1080)
_lock = threading.Lock()
_started = False


def _system_chromium() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _ensure_renderer() -> None:
    """Point plotly at the local topojson and start kaleido's persistent renderer once."""
    global _started
    if _started:
        return
    import kaleido

    pio.defaults.topojson = TOPOJSON_DIR.as_uri() + "/"
    chromium = _system_chromium()
    if chromium and not os.environ.get("BROWSER_PATH"):
        os.environ["BROWSER_PATH"] = chromium
    kaleido.start_sync_server(silence_warnings=True)
    _started = True


def render(figure: go.Figure, fmt: str, size: tuple[int, int] = MAP_SIZE, scale: float = 1.0) -> bytes:
    """PNG, SVG or PDF bytes of a figure at ``size`` CSS pixels."""
    with _lock:
        _ensure_renderer()
        width, height = size
        return pio.to_image(figure, format=fmt, width=width, height=height, scale=scale)
