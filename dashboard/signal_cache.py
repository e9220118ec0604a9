"""The default view's signals, computed once when a snapshot is written and read back by the server.

Finding the signals of a goods selection reads every HS6 cell of the region and runs four detectors
on it: about two seconds on a 10 M-row store, once per server process. The default view is what
every first visitor opens, so `write_default_signals` computes its signals right after an ingest
(``corridor-atlas ingest``, ``demo``, ``fetch``) and keeps them beside the snapshot they were
computed from (``snapshots/<id>/derived/default-signals.json``). `precomputed_signals` returns them
only when everything they depend on is unchanged: the same snapshot (the file lives in it), the
same filter key (goods codes, country groups, sources, transit countries, period, thresholds) and
the same detector code (a digest of its source files). Anything else is computed as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from datetime import date
from functools import lru_cache
from pathlib import Path

import geodata.analytics.signals as signals_package
from geodata.analytics.signals import Signal, Thresholds
from geodata.trade import signal_queries

DERIVED_DIR = "derived"
DEFAULT_SIGNALS_FILE = "default-signals.json"
FORMAT = "corridor-atlas/default-signals/1"


@lru_cache(maxsize=1)
def detector_digest() -> str:
    """A digest of the code signals come from (the detectors and the cell query): a change to any
    of them makes an older precomputed file stale.
    """
    digest = hashlib.sha256()
    package = Path(signals_package.__file__).parent
    for path in [*sorted(package.glob("*.py")), Path(signal_queries.__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key_text(
    goods_key: str,
    node_map: tuple[tuple[str, str], ...],
    sources: tuple[str, ...],
    transit: frozenset[str],
    window: tuple[date, date],
    label: str,
    thresholds: Thresholds,
) -> str:
    """The canonical text of what a view's signal list depends on (the same in every process:
    sets sorted, dates as ISO text).
    """
    return json.dumps(
        {
            "goods": goods_key,
            "groups": sorted(list(pair) for pair in node_map),
            "sources": list(sources),
            "transit": sorted(transit),
            "window": [window[0].isoformat(), window[1].isoformat()],
            "label": label,
            "thresholds": asdict(thresholds),
            "detectors": detector_digest(),
        },
        sort_keys=True,
    )


def signals_path(snapshot_dir: Path) -> Path:
    """Where the default view's signals are saved beside a snapshot (in its derived folder)."""
    return Path(snapshot_dir) / DERIVED_DIR / DEFAULT_SIGNALS_FILE


def save_signals(snapshot_dir: Path, key: str, found: list[Signal]) -> Path:
    """Write ``found`` for ``key`` beside the snapshot, atomically (a reader sees the old file or the new)."""
    path = signals_path(snapshot_dir)
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    document = {"format": FORMAT, "key": key, "signals": [s.as_json() for s in found]}
    temporary.write_text(json.dumps(document, allow_nan=False), encoding="utf-8")
    os.replace(temporary, path)
    return path


def precomputed_signals(snapshot_dir: Path, key: str) -> list[Signal] | None:
    """The signals saved for ``key`` beside the snapshot; None when there are none, they were saved for
    another key or by other detector code, or the file cannot be read (then they are computed again).
    """
    path = signals_path(snapshot_dir)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("key") != key:
            return None
        return [Signal(**item) for item in document["signals"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
