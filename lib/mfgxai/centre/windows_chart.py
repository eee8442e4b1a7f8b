"""Where each client's operating windows stand among the centre's other clients of a process: per setting, a small
panel with a row per client — the window the model found (green; an open end where no edge was found on that side)
over the range the client's settings ran in (grey, 5th–95th percentile) — on one scale, drawn as inline SVG from the
overview's per-engagement windows (no client data rows).
"""
from __future__ import annotations

import json
import math
from html import escape

import pandas as pd

from ..explain.palette import INK, MUTED, REFERENCE, WINDOW
from ..i18n import number, pick, t, unit_word
from ..processes import get_spec
from .chart import GRID, name_cut

PANEL, LEFT, RIGHT, ROW, TOP, BOTTOM = 320, 128, 14, 16, 22, 30  # px: one setting's panel, names left of its plot
PLOT = PANEL - LEFT - RIGHT
OPEN = 0.35  # the opacity of a window's open end (no edge found on that side: it runs to the client's range)


def _ticks(low: float, high: float) -> list[float]:
    """About four round values covering low … high."""
    raw = (high - low) / 4 or abs(high) / 4 or 1.0
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if raw <= m * step)
    return [i * step for i in range(math.floor(low / step), math.ceil(high / step) + 1)]


def _bar(window: dict, x, y: float) -> str:
    """The window over the client's range: solid between found edges, faint where an end is open."""
    low = window["low"] if window["low"] is not None else window["data_low"]
    high = window["high"] if window["high"] is not None else window["data_high"]
    parts = [f"<line class='range' x1='{x(window['data_low']):.2f}' x2='{x(window['data_high']):.2f}' y1='{y:.1f}' "
             f"y2='{y:.1f}' stroke='{REFERENCE}' stroke-width='2'/>"]
    opacity = 1 if window["low"] is not None and window["high"] is not None else OPEN
    parts.append(f"<rect class='window' x='{x(low):.2f}' y='{y - 4:.1f}' width='{max(x(high) - x(low), 1):.2f}' "
                 f"height='8' fill='{WINDOW}' fill-opacity='{opacity}'/>")
    for side, value in (("low", window["low"]), ("high", window["high"])):  # a found edge: a firm stroke
        if value is not None:
            parts.append(f"<line class='edge {side}' x1='{x(value):.2f}' x2='{x(value):.2f}' y1='{y - 6:.1f}' "
                         f"y2='{y + 6:.1f}' stroke='{WINDOW}' stroke-width='2'/>")
    return "".join(parts)


def _edges(window: dict, language: str) -> str:
    """A window in words: '9 – 11', or '≤ 10.5' / '≥ 2.6' where one end is open."""
    low, high = window["low"], window["high"]
    if low is None or high is None:
        return f"≤ {number(high, language)}" if low is None else f"≥ {number(low, language)}"
    return f"{number(low, language)} {pick('–', '~', language)} {number(high, language)}"


def setting_panel(feature: str, label: str, clients: list[tuple[str, str, dict]], language: str) -> str:
    """One setting: a row per client (its engagement, name and window), on one scale."""
    values = [v for _, _, w in clients for v in (w["low"], w["high"], w["data_low"], w["data_high"]) if v is not None]
    ticks = _ticks(min(values), max(values))
    first, last = ticks[0], ticks[-1]
    height = TOP + ROW * len(clients) + BOTTOM

    def x(value: float) -> float:
        return LEFT + (value - first) / ((last - first) or 1) * PLOT

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='windows' data-feature='{escape(feature)}' "
             f"viewBox='0 0 {PANEL} {height}' width='{PANEL}' height='{height}' font-size='11' font-family='inherit' "
             f"role='img' aria-label='{escape(label)}' data-left='{LEFT}' data-width='{PLOT}' data-first='{first!r}' "
             f"data-last='{last!r}'><text x='0' y='13' font-weight='bold' fill='{INK}'>{escape(label)}</text>"]
    bottom = TOP + ROW * len(clients)
    for tick in ticks:
        parts.append(f"<line x1='{x(tick):.1f}' x2='{x(tick):.1f}' y1='{TOP}' y2='{bottom}' stroke='{GRID}'/>"
                     f"<text class='tick' data-value='{tick!r}' x='{x(tick):.1f}' y='{bottom + 14}' "
                     f"text-anchor='middle' fill='{MUTED}'>{number(tick, language)}</text>")
    for i, (engagement, client, window) in enumerate(clients):
        middle = TOP + ROW * i + ROW / 2
        tip = t("portfolio_window_row", language, client=client, window=_edges(window, language),
                data_low=number(window["data_low"], language), data_high=number(window["data_high"], language))
        data = " ".join(f"data-{k.replace('_', '-')}='{'' if window[k] is None else repr(float(window[k]))}'"
                        for k in ("low", "high", "data_low", "data_high"))
        parts.append(f"<g class='engagement' data-engagement='{escape(engagement)}' {data}><title>{escape(tip)}"
                     f"</title><text x='{LEFT - 6}' y='{middle + 4:.1f}' text-anchor='end' fill='{INK}'>"
                     f"{escape(name_cut(client, LEFT - 10, 12))}</text>{_bar(window, x, middle)}</g>")
    parts.append("</svg>")
    return "".join(parts)


def window_charts(table: pd.DataFrame, language: str) -> str:
    """A section per process with windows: per setting with a window at any client, a panel of every client's
    window beside the others' (clients in the table's order: most in need of help first)."""
    if table.empty or "windows" not in table:
        return ""
    sections = []
    for process, rows in table.groupby("process", sort=False):
        spec = get_spec(process)
        panels = []
        for column in spec.columns:
            clients = [(row.engagement, row.client, w) for row in rows.itertuples()
                       for w in json.loads(row.windows or "[]") if w["feature"] == column.name]
            if clients:
                unit = f" ({unit_word(column.unit, language)})" if column.unit else ""
                panels.append(setting_panel(column.name, pick(column.en, column.ko, language) + unit, clients,
                                            language))
        if panels:
            title = t("portfolio_windows_title", language, process=pick(spec.en, spec.ko, language))
            sections.append(f"<section class='process-windows' data-process='{escape(process)}'><h3>{escape(title)}"
                            f"</h3><div class='panels'>{''.join(panels)}</div></section>")
    return "".join(sections)
