"""Labels every figure carries: where the numbers come from, and the demo warning."""

from __future__ import annotations

from geodata.i18n import N_, _

DEMO_LABEL = N_("DEMO DATA — SYNTHETIC, NOT OFFICIAL STATISTICS")  # shown as _(DEMO_LABEL)


def source_annotation(
    source_label: str, is_demo: bool, *, y: float = -0.02, size: int = 11, banner_y: float = 1.0
) -> list[dict]:
    """Paper-anchored annotations: a red demo banner when the data are synthetic, and the source line.

    The banner sits at ``banner_y`` (bottom-anchored), above the plot area when that is > 1.
    """
    notes = [
        {
            "text": source_label,
            "xref": "paper",
            "yref": "paper",
            "x": 1.0,
            "y": y,
            "xanchor": "right",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": size - 1, "color": "#52606D"},
        }
    ]
    if is_demo:
        notes.append(
            {
                "text": f"<b>{_(DEMO_LABEL)}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": banner_y,
                "xanchor": "center",
                "yanchor": "bottom" if banner_y > 1 else "top",
                "showarrow": False,
                "font": {"size": size + 1, "color": "#8A1C1C"},
                "bgcolor": "rgba(253,232,232,0.92)",
                "bordercolor": "#8A1C1C",
                "borderwidth": 1,
                "borderpad": 3,
                "name": "demo-label",
            }
        )
    return notes
