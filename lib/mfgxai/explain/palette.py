"""One risk language: a fixed colour per defect-risk band, the same on every map, risk number and alarm level.

The bands are ColorBrewer's sequential YlOrRd (colour-blind safe, ordered by lightness, so they also read in grey);
their edges are fixed percentages, so 3 % has one colour on every chart and never looks like 95 %.
"""
from __future__ import annotations

import bisect

from matplotlib.colors import BoundaryNorm, ListedColormap

RISK_EDGES = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0)  # % where the colour changes
RISK_COLOURS = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026")
DARK_FROM = 5  # bands from this one on are dark enough for white text

INK, MUTED, PAPER = "#1f2430", "#6b7280", "#ffffff"
LINE = "#b10026"       # a curve for these settings (the darkest risk colour)
REFERENCE = "#95a5a6"  # the typical part's curve, other parts' curves
WINDOW = "#1a9850"     # an operating window: shaded only between edges that were found
SPARSE, SPARSE_FILL = "#9ca3af", "#eef0f3"  # little data: greyed and hatched
RAISES, LOWERS = "#d95f0e", "#2c7fb8"  # an effect that raises or lowers the risk (orange / blue)


def risk_band(percent: float) -> int:
    """The band (0 … 6) a risk in % falls in; an edge belongs to the band above it."""
    return bisect.bisect_right(RISK_EDGES, percent)


def risk_colour(percent: float) -> str:
    """The colour of a risk in %."""
    return RISK_COLOURS[risk_band(percent)]


def text_on(percent: float) -> str:
    """Readable text on a risk's colour."""
    return PAPER if risk_band(percent) >= DARK_FROM else INK


def risk_style(percent: float) -> str:
    """Inline CSS for a risk number: its band's colour behind it, readable text on top."""
    return f"background:{risk_colour(percent)};color:{text_on(percent)}"


def risk_scale() -> tuple[ListedColormap, BoundaryNorm]:
    """The bands as a matplotlib colour map and norm (0–100 %)."""
    return ListedColormap(RISK_COLOURS, name="mfgxai-risk"), BoundaryNorm((0.0, *RISK_EDGES, 100.0), len(RISK_COLOURS))
