"""Static images through kaleido, offline: the system Chromium and the local topojson.

`ImageRenderer` is the renderer as a service with a lifecycle: the app and the command line each make
one and hand it to what renders; its first image starts a headless Chromium (about 2 s), later ones
reuse it (about 0.3 s), and `close()` (or leaving its ``with`` block) stops it. A lock serialises
calls, since kaleido's sync server is one per process. Nothing global is left changed: the Chromium
path is given to kaleido only while it starts, and plotly's topojson location only while an image
is drawn.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.plotly_locale import number_separators

TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "assets" / "topojson"
MAP_SIZE = (1920, 1080)


def system_chromium() -> str | None:
    """The Chromium kaleido drives: ``BROWSER_PATH`` when set, else the system package's."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    """``os.environ[name]`` set to ``value`` for the block (unchanged when ``value`` is None)."""
    before = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


class ImageRenderer:
    """PNG, SVG and PDF pictures of figures, from one headless Chromium started on first use."""

    def __init__(self, topojson_dir: Path = TOPOJSON_DIR, browser: str | None = None) -> None:
        self.topojson = Path(topojson_dir).as_uri() + "/"
        self.browser = browser or system_chromium()
        self._lock = threading.Lock()
        self._started = False

    @property
    def started(self) -> bool:
        """Whether its Chromium is running."""
        return self._started

    def render(
        self, figure: go.Figure, fmt: str, size: tuple[int, int] = MAP_SIZE, scale: float = 1.0
    ) -> bytes:
        """PNG, SVG or PDF bytes of a figure at ``size`` CSS pixels (× ``scale``), its numbers written
        the active language's way (sets the figure's ``separators`` unless it has its own).
        """
        separators = number_separators()
        if separators is not None and figure.layout.separators is None:
            figure.update_layout(separators=separators)
        with self._lock:
            if not self._started:
                with _environment("BROWSER_PATH", self.browser):
                    kaleido.start_sync_server(silence_warnings=True)
                self._started = True
            previous = pio.defaults.topojson
            pio.defaults.topojson = self.topojson  # the bundled maps, never a CDN
            try:
                width, height = size
                return pio.to_image(figure, format=fmt, width=width, height=height, scale=scale)
            finally:
                pio.defaults.topojson = previous

    def close(self) -> None:
        """Stop its Chromium (a later `render` starts it again)."""
        with self._lock:
            if self._started:
                kaleido.stop_sync_server(silence_warnings=True)
                self._started = False

    def __enter__(self) -> ImageRenderer:
        """The renderer itself; leaving the block closes it."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the renderer."""
        self.close()
