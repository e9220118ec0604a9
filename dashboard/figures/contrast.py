"""WCAG 2.1 contrast between two sRGB colours: what the palette tests check every colour against.

Text needs 4.5:1 against its background (1.4.3, AA); lines, markers and other graphics a reader must
see need 3:1 against what is next to them (1.4.11).
"""

from __future__ import annotations

TEXT_RATIO = 4.5
GRAPHIC_RATIO = 3.0


def relative_luminance(colour: str) -> float:
    """The relative luminance of ``#RRGGBB`` (WCAG 2.1's definition)."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a colour as #RRGGBB, got {colour!r}")
    channels = [int(text[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(one: str, other: str) -> float:
    """(lighter + 0.05) / (darker + 0.05): 1 for the same colour, 21 for black on white.

    >>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
    21.0
    """
    first, second = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (first + 0.05) / (second + 0.05)
