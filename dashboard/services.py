"""Read-only services built once in `create_app` and injected into every callback module."""

from __future__ import annotations

from dataclasses import dataclass

from geodata.layers import ReferenceLayers


@dataclass(frozen=True)
class Services:
    """What callbacks may use. Nothing here is mutated after start-up."""

    reference: ReferenceLayers
    topojson_url: str
