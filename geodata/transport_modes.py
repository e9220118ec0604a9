"""Modes of transport as the sources name them, read as the route model's modes.

The store keeps a row's mode as its source gave it (Comtrade's ``motDesc`` such as "Railway", or the
``motCode`` when a file has no description; Comext's TRANSPORT_MODE stored by its name). The route
model (`geodata.routes.MODES`) knows road, rail, sea, air, pipeline and other. `route_mode` reads one
as the other; ``None`` means the source does not say (Comtrade 0/3000/9000/9900 "land" or "unknown",
Comext 0), and such value is split by the pair's default split like value without any mode.

Comtrade motCode (UN Comtrade reference "Mode of transport"): 1000 air; 2000 water, 2100 sea,
2200 inland waterway; 3000 land, 3100 railway, 3200 road; 9000 not elsewhere classified, 9100
pipelines and cables, 9110 pipelines, 9120 power lines, 9200 postal consignments, mail or courier
shipments, 9300 self propulsion, 9900 unknown. Comext TRANSPORT_MODE (Eurostat, extra-EU trade by
mode of transport): 0 unknown, 1 sea, 2 rail, 3 road, 4 air, 5 post, 7 fixed transport
installations, 8 inland waterway, 9 own propulsion.
"""

from __future__ import annotations

from functools import lru_cache

from geodata.i18n import N_, _

#: Modes of transport as a reader sees them: the route model's, a crossing's ``both`` and a
#: corridor's ``multimodal`` (shown through `mode_title`).
MODE_TITLES = {
    "road": N_("road"),
    "rail": N_("rail"),
    "sea": N_("sea"),
    "air": N_("air"),
    "pipeline": N_("pipeline"),
    "other": N_("other"),
    "both": N_("road and rail"),
    "multimodal": N_("multimodal"),
}


def mode_title(mode: object) -> str:
    """A mode's title in the active language (a code the table lacks, as it is)."""
    text = str(mode)
    return _(MODE_TITLES[text]) if text in MODE_TITLES else text


#: Comtrade motCode → route mode (None: the source does not say).
COMTRADE_CODES: dict[str, str | None] = {
    "1000": "air",
    "2000": "sea",
    "2100": "sea",
    "2200": "other",
    "2900": "sea",
    "3000": None,
    "3100": "rail",
    "3200": "road",
    "3900": None,
    "9000": None,
    "9100": "pipeline",
    "9110": "pipeline",
    "9120": "pipeline",
    "9200": "other",
    "9300": "other",
    "9900": None,
}
#: Comext TRANSPORT_MODE code → the name the store keeps (read back by `route_mode`).
COMEXT_NAMES = {
    "0": "Unknown",
    "1": "Sea",
    "2": "Rail",
    "3": "Road",
    "4": "Air",
    "5": "Post",
    "7": "Fixed transport installation",
    "8": "Inland waterway",
    "9": "Own propulsion",
}
#: Words of a mode's name, checked in this order (the first that occurs decides).
_WORDS: tuple[tuple[str, str | None], ...] = (
    ("unknown", None),
    ("not else", None),
    ("not specified", None),
    ("inland water", "other"),
    ("post", "other"),
    ("mail", "other"),
    ("courier", "other"),
    ("propul", "other"),
    ("pipeline", "pipeline"),
    ("fixed", "pipeline"),
    ("cable", "pipeline"),
    ("power line", "pipeline"),
    ("air", "air"),
    ("rail", "rail"),
    ("road", "road"),
    ("sea", "sea"),
    ("maritime", "sea"),
    ("water", "sea"),
)


@lru_cache(maxsize=256)
def route_mode(stored: str | None) -> str | None:
    """The route model's mode for a stored mode of transport; None when the source does not say."""
    if stored is None or stored != stored:  # None or NaN
        return None
    text = str(stored).strip().lower()
    if not text:
        return None
    if text.isdigit():
        return COMTRADE_CODES.get(text)
    for word, mode in _WORDS:
        if word in text:
            return mode
    return None
