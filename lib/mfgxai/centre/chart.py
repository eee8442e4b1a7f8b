"""The centre's answer to "did the advice lower defects, process by process": per process, one row per client with
its defect rate before the advice and since, each with its 95 % (Wilson) interval, drawn as an inline SVG from the
overview's per-engagement figures (no client data rows).
"""
from __future__ import annotations

import math
import unicodedata
from html import escape

import pandas as pd

from ..explain.palette import INK, LOWERS, MUTED, PAPER, RAISES, REFERENCE
from ..i18n import listing, percent, pick, points, t
from ..processes import get_spec

BEFORE_POINT, BEFORE_LINE, BEFORE_FILL, GRID = MUTED, REFERENCE, PAPER, "#e5e7eb"  # before: a hollow grey circle
AFTER = {"fell": LOWERS, "rose": RAISES, "unclear": MUTED}  # since: filled, blue / orange / grey by the verdict

WIDTH, LEFT, PLOT, ROW, TOP, BOTTOM = 900, 210, 480, 30, 34, 42  # px: names left of the plot, figures right of it
NAME_WIDTH = LEFT - 18  # a longer client name is cut (the whole name is in the row's tooltip)
OFFSET = 5  # before above the row's middle, since below it


def _ticks(high: float) -> list[float]:
    """Round tick values (shares) from 0 to at least `high`, about five of them."""
    raw = high / 5 or 0.01
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if raw <= m * step)
    return [i * step for i in range(math.ceil(high / step - 1e-9) + 1)]


def _digits(ticks: list[float]) -> int:
    """Decimals a tick label needs: none for whole percentages, else as many as the step has."""
    step = 100 * ticks[1]
    return 0 if step >= 1 else 1 if step >= 0.1 else 2


def _interval(low: float, high: float, language: str) -> str:
    return t("changes_interval_value", language, low=percent(low, language), high=percent(high, language))


def _tooltip(row, language: str) -> str:
    change = (t("changes_interval_value", language, low=points(100 * row.change_low, language),
                high=points(100 * row.change_high, language)) if not pd.isna(row.change_low) else "–")
    return t("portfolio_chart_row", language, client=row.client, before=percent(row.rate_before, language),
             before_interval=_interval(row.rate_before_low, row.rate_before_high, language),
             after=percent(row.rate_now, language), after_interval=_interval(row.rate_now_low, row.rate_now_high,
                                                                             language),
             change=change, verdict=t(f"portfolio_change_{row.change}", language))


def _width(text: str, size: float = 12) -> float:
    """About how wide a text is at `size` px: Hangul and other wide letters one size, the rest 0.53 of it."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.533 * size for c in text)


def name_cut(client: str, room: float = NAME_WIDTH, size: float = 12) -> str:
    """The client's name, cut with '…' where it would run past `room` px (the whole name is in the tooltip)."""
    if _width(client, size) <= room:
        return client
    while _width(client + "…", size) > room:
        client = client[:-1]
    return client.rstrip() + "…"


def _row(i: int, row, x, language: str) -> str:
    """One client: its name, ○ before with its interval above the middle, ● since below it, the figures right."""
    middle = TOP + ROW * i + ROW / 2
    colour = AFTER[row.change if row.change in ("fell", "rose") else "unclear"]
    figures = {"engagement": row.engagement, "verdict": row.change, "before": row.rate_before,
               "before-low": row.rate_before_low, "before-high": row.rate_before_high, "after": row.rate_now,
               "after-low": row.rate_now_low, "after-high": row.rate_now_high,
               "change-low": row.change_low, "change-high": row.change_high}
    data = " ".join(f"data-{k}='{escape(v if isinstance(v, str) else repr(None if pd.isna(v) else float(v)))}'"
                    for k, v in figures.items())
    band = f"<rect x='0' y='{middle - ROW / 2:.1f}' width='{WIDTH}' height='{ROW}' fill='#f7f7f7'/>" if i % 2 else ""
    above, below = middle - OFFSET, middle + OFFSET
    return (f"<g class='engagement' {data}><title>{escape(_tooltip(row, language))}</title>{band}"
            f"<text x='{LEFT - 10}' y='{middle + 4:.1f}' text-anchor='end' fill='{INK}'>{escape(name_cut(row.client))}"
            f"</text><line class='before-interval' x1='{x(row.rate_before_low):.2f}' "
            f"x2='{x(row.rate_before_high):.2f}' y1='{above:.1f}' y2='{above:.1f}' stroke='{BEFORE_LINE}' "
            f"stroke-width='2'/><line class='after-interval' x1='{x(row.rate_now_low):.2f}' "
            f"x2='{x(row.rate_now_high):.2f}' y1='{below:.1f}' y2='{below:.1f}' stroke='{colour}' stroke-width='2'/>"
            f"<circle class='before' cx='{x(row.rate_before):.2f}' cy='{above:.1f}' r='4' fill='{BEFORE_FILL}' "
            f"stroke='{BEFORE_POINT}' stroke-width='1.5'/><circle class='after' cx='{x(row.rate_now):.2f}' "
            f"cy='{below:.1f}' r='4.5' fill='{colour}' stroke='{colour}' stroke-width='1.5'/>"
            f"<text class='figures' x='{LEFT + PLOT + 14}' y='{middle + 4:.1f}' fill='{INK}'>"
            f"{percent(row.rate_before, language)} → {percent(row.rate_now, language)} "
            f"<tspan fill='{colour}' font-weight='bold'>{escape(t(f'portfolio_change_{row.change}', language))}"
            "</tspan></text></g>")


def before_after_svg(rows: pd.DataFrame, language: str, label: str = "") -> str:
    """One process's clients: ○ before the advice and ● since, each with its 95 % interval as a line; ● is coloured
    by the verdict on the change (fell, rose, cannot tell). Each row carries its figures as data-* attributes."""
    ticks = _ticks(max(rows[["rate_before_high", "rate_now_high"]].max().max(), 0.001) * 1.05)
    top = ticks[-1]
    height = TOP + ROW * len(rows) + BOTTOM

    def x(share: float) -> float:
        return LEFT + share / top * PLOT

    parts = [(f"<svg xmlns='http://www.w3.org/2000/svg' class='before-after' viewBox='0 0 {WIDTH} {height}' "
              f"width='{WIDTH}' height='{height}' font-size='12' font-family='inherit' role='img' "
              f"aria-label='{escape(label)}' data-left='{LEFT}' data-width='{PLOT}' data-top-rate='{top!r}'>")]
    legend = [("before", t("portfolio_chart_before", language), BEFORE_POINT, False)] + [
        (verdict, t(f"portfolio_chart_since_{verdict}", language), AFTER[verdict], True)
        for verdict in ("fell", "rose", "unclear")]
    at = LEFT
    for key, words, colour, filled in legend:
        fill = colour if filled else BEFORE_FILL
        parts.append(f"<g class='legend {key}'><circle cx='{at + 5}' cy='14' r='4.5' fill='{fill}' stroke='{colour}' "
                     f"stroke-width='1.5'/><text x='{at + 14}' y='18' fill='{INK}'>{escape(words)}</text></g>")
        at += 30 + _width(words)
    bottom = TOP + ROW * len(rows)
    for tick in ticks:
        parts.append(f"<line x1='{x(tick):.1f}' x2='{x(tick):.1f}' y1='{TOP}' y2='{bottom}' stroke='{GRID}'/>"
                     f"<text class='tick' data-value='{tick!r}' x='{x(tick):.1f}' y='{bottom + 16}' "
                     f"text-anchor='middle' fill='{MUTED}'>{percent(tick, language, _digits(ticks))}</text>")
    parts.append(f"<line x1='{LEFT}' x2='{LEFT + PLOT}' y1='{bottom}' y2='{bottom}' stroke='{MUTED}'/>"
                 f"<text x='{LEFT + PLOT / 2}' y='{bottom + 34}' text-anchor='middle' fill='{INK}'>"
                 f"{escape(t('portfolio_chart_axis', language))}</text>")
    parts += [_row(i, row, x, language) for i, row in enumerate(rows.itertuples())]
    parts.append("</svg>")
    return "".join(parts)


def process_charts(table: pd.DataFrame, language: str) -> str:
    """A section per process with at least one engagement compared with its advice: a summary line, the chart,
    and the clients of that process not compared yet; a note instead when no engagement has been compared."""
    if table.empty or table["advised"].isna().all():
        return f"<p class='no-charts'>{escape(t('portfolio_charts_none', language))}</p>"
    sections = []
    for process, rows in table.groupby("process", sort=False):
        compared = rows[rows["advised"].notna() & rows["rate_before"].notna()]
        if compared.empty:
            continue
        compared = compared.sort_values(["rate_now", "client"], ascending=[False, True])
        spec = get_spec(process)
        title = t("portfolio_chart_title", language, process=pick(spec.en, spec.ko, language))
        fell, rose = ((compared["change"] == verdict).sum() for verdict in ("fell", "rose"))
        summary = t("portfolio_chart_summary", language, count=len(compared), fell=fell, rose=rose,
                    unclear=len(compared) - fell - rose)
        pending = sorted(rows.loc[~rows.index.isin(compared.index), "client"])
        waiting = t("portfolio_chart_pending", language, clients=listing(pending, language)) if pending else ""
        waiting = f"<p class='pending'>{escape(waiting)}</p>" if pending else ""
        sections.append(f"<section class='process-chart' data-process='{escape(process)}'><h3>"
                        f"{escape(title)}</h3><p class='summary'>{escape(summary)}</p>"
                        f"{before_after_svg(compared, language, title)}{waiting}"
                        "</section>")
    return "".join(sections)
