"""Figure builders: pure functions from frames to plotly figures (the atlas template is the default)."""

from __future__ import annotations

from dashboard.figures.theme import use_atlas_template

use_atlas_template()
