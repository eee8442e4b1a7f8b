"""Matplotlib charts drawn from the explanation tables, with units and Korean-capable fonts."""
from __future__ import annotations

import functools
import io
import math
import textwrap

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..i18n import percent, t
from ..model import heldout
from ..model.scoring import expit
from ..processes import Column
from .palette import INK, LINE, LOWERS, MUTED, RAISES, REFERENCE, SPARSE, SPARSE_FILL, WINDOW, risk_scale

FONT_CANDIDATES = ("Noto Sans CJK KR", "Noto Sans CJK JP", "NanumGothic", "DejaVu Sans")
_installed = {f.name for f in font_manager.fontManager.ttflist}
STYLE = {  # applied while a chart is drawn and saved; matplotlib's global settings stay the user's
    "font.family": [f for f in FONT_CANDIDATES if f in _installed] or ["DejaVu Sans"],
    "axes.unicode_minus": False, "figure.dpi": 110, "savefig.dpi": 150,
    "axes.spines.top": False, "axes.spines.right": False,
}
STRIP_BINS = 40     # the data-density strip under an effect curve: equal-width bins across the data
SPARSE_SHARE = 0.005  # a strip bin holding fewer than this share of the parts, or than SPARSE_PARTS, has little data
SPARSE_PARTS = 30
MAP_LEGEND_FONT = 11  # the map's legend, read beside the colour bar on a printed page
DRIVER_LABEL_CHARACTERS = 50  # a longer driver's name is wrapped onto lines of even length: on one it left the bars
                              # no room (matplotlib warned, and its warning printed across the report's page)


class Chart:
    """A figure that shows itself as a PNG in notebooks, reports and apps (no pyplot state)."""

    def __init__(self, figure: Figure):
        self.figure = figure

    def png(self) -> bytes:
        buffer = io.BytesIO()
        with matplotlib.rc_context(STYLE):
            self.figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        """The chart's titles, for a reader without images (and the same at every run)."""
        titles = [axes.get_title() for axes in self.figure.axes if axes.get_title()]
        return f"Chart: {'; '.join(titles)}" if titles else "Chart"


def _styled(draw):
    """Draw a chart in the charts' own style (fonts that show Korean, no top/right spines)."""
    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)
    return styled


def _figure(width: float, height: float, rows: int = 1, cols: int = 1):
    figure = Figure(figsize=(width, height), layout="tight")
    return figure, figure.subplots(rows, cols, squeeze=False)


def _wrapped(label: str, characters: int) -> str:
    """A label on as few lines of at most about `characters` as it needs, the lines of even length."""
    lines = math.ceil(len(label) / characters)
    return textwrap.fill(label, math.ceil(len(label) / lines) + 4) if lines > 1 else label


@_styled
def drivers(importances: pd.DataFrame, language: str, unit: str, top: int = 10):
    top_rows = importances.head(top).iloc[::-1]
    labels = [_wrapped(label, DRIVER_LABEL_CHARACTERS) for label in top_rows["label"]]
    extra_lines = sum(label.count("\n") for label in labels)
    fig, axes = _figure(7, 0.35 * len(top_rows) + 0.15 * extra_lines + 1)
    ax = axes[0, 0]
    ax.barh(labels, top_rows["effect"], color=LINE)
    ax.set_xlabel(unit)
    return Chart(fig)


@_styled
def shapes(shape: pd.DataFrame, windows: pd.DataFrame, columns: dict[str, Column], features: list[str],
           language: str, ylabel: str, binary: bool = True):
    """Small multiples: each setting's effect with everything else typical, its bag band, the data under it and
    its operating window (where one was found)."""
    cols = 3
    rows = int(np.ceil(len(features) / cols))
    fig = Figure(figsize=(10, 3.3 * rows + 0.4), layout="constrained")
    cells = fig.add_gridspec(rows, cols)
    for cell, name in zip(cells, features):
        curve, _ = _effect_axes(fig, cell, shape[shape["feature"] == name], windows, columns[name], ylabel, binary,
                                  language)
        curve.set_title(columns[name].label(language), fontsize=10)
    fig.legend(handles=_legend(language), loc="outside upper center", ncols=4, fontsize=8, frameon=False)
    return Chart(fig)


@_styled
def effect(shape: pd.DataFrame, windows: pd.DataFrame, column: Column, language: str, ylabel: str,
           binary: bool = True):
    """One setting's effect with everything else typical: bag band, data strip, operating window if found."""
    fig = Figure(figsize=(7, 4.2), layout="constrained")
    _, strip = _effect_axes(fig, fig.add_gridspec(1, 1)[0], shape[shape["feature"] == column.name], windows, column,
                            ylabel, binary, language)
    strip.set_xlabel(column.label(language))
    fig.legend(handles=_legend(language), loc="outside lower center", ncols=4, fontsize=8, frameon=False)
    return Chart(fig)


def _legend(language: str) -> list:
    return [Line2D([], [], color=LINE, label=t("chart_effect_line", language)),
            Patch(color=LINE, alpha=0.2, lw=0, label=t("chart_band", language)),
            Patch(color=WINDOW, alpha=0.16, lw=0, label=t("chart_window", language)),
            Patch(facecolor=SPARSE_FILL, edgecolor=SPARSE, hatch="//", lw=0, label=t("chart_little_data", language))]


def band(part: pd.DataFrame, binary: bool) -> tuple[np.ndarray, np.ndarray]:
    """The output's range over the EBM's bags (its scores' lower and upper bounds) with everything else typical."""
    low, high = (part[key].to_numpy(float) - part["score"].to_numpy(float) for key in ("score_low", "score_high"))
    output = part["output"].to_numpy(float)
    if not binary:
        return output + low, output + high
    logit = np.log(output / (100 - output))
    return expit(logit + low) * 100, expit(logit + high) * 100


def density(part: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training parts per equal-width bin across the data (edges, counts) and which bins hold little data."""
    data = part[part["count"] > 0]
    edges = np.linspace(data["x_low"].min(), data["x_high"].max(), STRIP_BINS + 1)
    where = np.clip(np.searchsorted(edges, data["x"], side="right") - 1, 0, STRIP_BINS - 1)
    counts = np.bincount(where, weights=data["count"], minlength=STRIP_BINS)
    return edges, counts, counts < max(SPARSE_PARTS, SPARSE_SHARE * counts.sum())


def supported(part: pd.DataFrame) -> tuple[float, float]:
    """Where a setting's data are enough to trust its curve: from the first to the last strip bin that does not hold
    little data (an open side of a window is shaded no further)."""
    edges, _, sparse = density(part)
    enough = np.flatnonzero(~sparse)
    return (float(edges[0]), float(edges[-1])) if not len(enough) else (float(edges[enough[0]]),
                                                                            float(edges[enough[-1] + 1]))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last + 1) of each run of True."""
    steps = np.diff(np.r_[0, mask.astype(int), 0])
    return list(zip(np.flatnonzero(steps == 1), np.flatnonzero(steps == -1)))


def _effect_axes(fig, cell, part: pd.DataFrame, windows: pd.DataFrame, column: Column, ylabel: str, binary: bool,
                 language: str):
    """A shape function with its bag band over a strip of how many parts lie under it, little data greyed:
    a line over a numeric setting (window shaded where found), bars with error bars over categories."""
    curve, strip = (fig.add_subplot(c) for c in cell.subgridspec(2, 1, height_ratios=(5, 1), hspace=0.04))
    strip.sharex(curve)
    if "x" in part and part["x"].notna().any():
        data = part[part["count"] > 0].sort_values("x")
        curve.fill_between(data["x"], *band(data, binary), color=LINE, alpha=0.2, lw=0)
        curve.plot(data["x"], data["output"], color=LINE)
        edges, counts, sparse = density(data)
        strip.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color=MUTED, lw=0)
        for first, last in _runs(sparse):
            for ax in (curve, strip):
                ax.axvspan(edges[first], edges[last], facecolor=SPARSE_FILL, edgecolor=SPARSE, hatch="//", lw=0)
        _window(curve, windows, column.name, *supported(data))  # an open side stops where the data thin out
    else:
        low, high = band(part, binary)
        output = part["output"].to_numpy(float)
        labels = [column.category(value, language) for value in part["category"]]
        sparse = part["count"].to_numpy() < SPARSE_PARTS
        curve.bar(labels, output, yerr=(output - low, high - output), color=np.where(sparse, SPARSE, LINE),
                  ecolor=INK, capsize=3)
        strip.bar(labels, part["count"], color=np.where(sparse, SPARSE, MUTED))
    curve.set_ylabel(ylabel, fontsize=8)
    curve.tick_params(labelbottom=False)
    strip.set_yticks([])
    strip.spines["left"].set_visible(False)
    return curve, strip


def window_edges(windows: pd.DataFrame, name: str) -> tuple[float | None, float | None]:
    """A setting's found window edges from the windows table, (low, high), None where no edge was found."""
    row = windows[windows["feature"] == name] if not windows.empty else windows
    return (None, None) if row.empty else tuple(None if pd.isna(e) else float(e) for e in row.iloc[0][["low", "high"]])


def _window(ax, windows: pd.DataFrame, name: str, x_min: float, x_max: float) -> None:
    """The operating window shaded and its found edges dashed, an open side to `x_min` or `x_max`; nothing where no
    edge was found."""
    low, high = window_edges(windows, name)
    if low is None and high is None:
        return
    ax.axvspan(x_min if low is None else low, x_max if high is None else high, color=WINDOW, alpha=0.16, lw=0)
    for edge in (low, high):
        if edge is not None:
            ax.axvline(edge, color=WINDOW, lw=1.2, ls="--")


@_styled
def heatmap(grid: pd.DataFrame, x: Column, y: Column, value: str, language: str, label: str,
            windows: tuple = ((None, None), (None, None)), risk: bool = True, alarm: float | None = None):
    """A two-setting map (e.g. the weldability lobe) from a tidy grid: a risk in % in the fixed risk colours
    (a value in its own range otherwise), window edges (x, y) dashed, the alarm level's contour if given."""
    table = grid.pivot_table(index=y.name, columns=x.name, values=value, observed=False)
    fig, axes = _figure(7, 4.8)
    ax = axes[0, 0]
    cmap, norm = risk_scale() if risk else ("viridis", None)
    xs, ys = np.asarray(table.columns, dtype=float), np.asarray(table.index, dtype=float)
    image = ax.pcolormesh(xs, ys, table.to_numpy(), cmap=cmap, norm=norm, shading="nearest", antialiased=False)
    fig.colorbar(image, ax=ax, label=label)
    edges = [(line, edge) for line, pair in ((ax.axvline, windows[0]), (ax.axhline, windows[1]))
             for edge in pair if edge is not None]
    for line, edge in edges:
        line(edge, color=WINDOW, lw=1.6, ls="--")
    marks = [Line2D([], [], color=WINDOW, lw=1.6, ls="--", label=t("chart_window", language))] if edges else []
    if alarm is not None and np.nanmin(table.to_numpy()) < alarm < np.nanmax(table.to_numpy()):
        ax.contour(xs, ys, table.to_numpy(), levels=[alarm], colors=INK, linewidths=1.4)
        marks.append(Line2D([], [], color=INK, lw=1.4,
                            label=t("chart_alarm_line", language, level=percent(alarm, language, scale=1))))
    if marks:  # above the map, outside it: inside, it hid a corner (often the riskiest one)
        ax.legend(handles=marks, fontsize=MAP_LEGEND_FONT, loc="lower left", bbox_to_anchor=(0, 1.01),
                  ncols=len(marks), frameon=False, borderaxespad=0, handlelength=2.2, columnspacing=1.6)
    ax.set_xlabel(x.label(language))
    ax.set_ylabel(y.label(language))
    return Chart(fig)


@_styled
def rate_trend(table: pd.DataFrame, x: Column, language: str):
    """Observed defect rate against one setting, binned."""
    fig, axes = _figure(7, 3.2)
    ax = axes[0, 0]
    ax.plot(table["centre"], table["rate"] * 100, marker="o", color=LINE)
    ax.set_xlabel(x.label(language))
    ax.set_ylabel(t("defect_rate", language))
    return Chart(fig)


@_styled
def distributions(data: pd.DataFrame, columns: list[Column], target: str, labels: tuple[str, str], language: str):
    """Histograms of end-of-line measurements, good vs defective parts."""
    fig, axes = _figure(3.4 * len(columns), 3, 1, len(columns))
    for ax, column in zip(axes.ravel(), columns):
        for flag, label, color in ((0, labels[0], LOWERS), (1, labels[1], RAISES)):
            ax.hist(data.loc[data[target] == flag, column.name].dropna(), bins=40, density=True,
                    alpha=0.6, label=label, color=color)
        ax.set_title(column.label(language), fontsize=10)
        ax.legend(fontsize=8)
    return Chart(fig)


@_styled
def alarm_curves(risk, defect, cutoff: float, language: str, item: str):
    """ROC and precision–recall curves side by side, the current alarm level marked on both (`item`: part or cell)."""
    fig, axes = _figure(9, 3.8, 1, 2)
    roc, pr = axes[0]
    false_alarms, caught, _ = heldout.roc_points(risk, defect)
    recall, precision, _ = heldout.pr_points(risk, defect)
    now = heldout.confusion(risk, defect, cutoff)
    roc.plot(false_alarms * 100, caught * 100, color=LINE)
    roc.plot([0, 100], [0, 100], color=MUTED, lw=0.8, ls="--")
    roc.set(xlabel=t("app_false_alarm_axis", language, item=item), ylabel=t("app_caught_axis", language))
    roc.set_title(t("app_roc", language, auc=heldout.roc_auc(risk, defect)), fontsize=10)
    pr.plot(recall * 100, precision * 100, color=LINE)
    pr.axhline(np.mean(defect) * 100, color=MUTED, lw=0.8, ls="--")
    pr.set(xlabel=t("app_caught_axis", language), ylabel=t("app_precision_axis", language))
    pr.set_title(t("app_pr", language, ap=heldout.average_precision(risk, defect)), fontsize=10)
    marks = ((roc, now["false_alarm_rate"], now["recall"], "lower right"),
             (pr, now["recall"], now["precision"], "upper right"))
    for ax, x, y, corner in marks:
        ax.set(xlim=(-2, 102), ylim=(-2, 102))
        if not np.isnan(y):  # no precision when no part raises an alarm
            ax.plot(x * 100, y * 100, "o", color=INK, label=t("app_current_cutoff", language))
            ax.legend(fontsize=8, loc=corner)
    return Chart(fig)


@_styled
def predicted_observed(prediction, observed, language: str, label: str):
    """Each held-out part's prediction against its observed result, the diagonal marking exact predictions."""
    fig, axes = _figure(5.2, 4.6)
    ax = axes[0, 0]
    ax.scatter(observed, prediction, s=14 if len(observed) > 200 else 30, alpha=0.5 if len(observed) > 200 else 0.9,
               color=LINE, lw=0)
    low, high = np.nanmin([observed, prediction]), np.nanmax([observed, prediction])
    ax.plot([low, high], [low, high], color=MUTED, lw=0.8, ls="--")
    ax.set(xlabel=f"{t('app_observed', language)}: {label}", ylabel=f"{t('prediction', language)}: {label}")
    return Chart(fig)


@_styled
def p_chart(weeks: pd.DataFrame, language: str):
    """Weekly defect rates before and since the advice with the centre line and 3-sigma limits frozen from before
    (they widen for a small week); a week outside its limits is ringed."""
    fig, axes = _figure(7.5, 3.2)
    ax = axes[0, 0]
    x = weeks["week"]
    ax.step(x, weeks["ucl"] * 100, where="mid", color=MUTED, lw=0.8, ls="--", label=t("changes_limits", language))
    ax.step(x, weeks["lcl"] * 100, where="mid", color=MUTED, lw=0.8, ls="--")
    ax.axhline(weeks["centre"].iloc[0] * 100, color=MUTED, lw=0.8, label=t("changes_centre", language))
    for period, colour in (("before", REFERENCE), ("after", LINE)):
        part = weeks[weeks["period"] == period]
        ax.plot(part["week"], part["rate"] * 100, marker="o", ms=3.5, lw=1.2, color=colour,
                label=t(f"changes_{period}", language))
    signals = weeks[weeks["signal"]]
    if len(signals):
        ax.scatter(signals["week"], signals["rate"] * 100, s=70, facecolors="none", edgecolors=INK, lw=1,
                   label=t("changes_signal", language), zorder=3)
    ax.set_ylim(bottom=0)
    ax.set(xlabel=t("changes_week", language), ylabel=t("changes_weekly_rate", language))
    ax.set_title(t("changes_chart_title", language), fontsize=10, loc="left")
    ax.legend(fontsize=8, frameon=False, ncols=2)
    fig.autofmt_xdate()
    return Chart(fig)
