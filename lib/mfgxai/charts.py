"""Matplotlib charts drawn from the explanation tables, with units and Korean-capable fonts."""
from __future__ import annotations

import functools
import io

import matplotlib
from matplotlib import font_manager
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import quality
from .i18n import t
from .processes import Column

FONT_CANDIDATES = ("Noto Sans CJK KR", "Noto Sans CJK JP", "NanumGothic", "DejaVu Sans")
_installed = {f.name for f in font_manager.fontManager.ttflist}
STYLE = {  # applied while a chart is drawn and saved; matplotlib's global settings stay the user's
    "font.family": [f for f in FONT_CANDIDATES if f in _installed] or ["DejaVu Sans"],
    "axes.unicode_minus": False, "figure.dpi": 110, "savefig.dpi": 150,
    "axes.spines.top": False, "axes.spines.right": False,
}
ACCENT, WINDOW, INK, MUTED = "#c0392b", "#27ae6033", "#1f2430", "#6b7280"


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


@_styled
def drivers(importances: pd.DataFrame, language: str, unit: str, top: int = 10):
    top_rows = importances.head(top).iloc[::-1]
    fig, axes = _figure(7, 0.35 * len(top_rows) + 1)
    ax = axes[0, 0]
    ax.barh(top_rows["label"], top_rows["effect"], color=ACCENT)
    ax.set_xlabel(unit)
    return Chart(fig)


@_styled
def shapes(shape: pd.DataFrame, windows: pd.DataFrame, columns: dict[str, Column], features: list[str],
           language: str, ylabel: str):
    """Small multiples: each setting's effect with everything else typical, window shaded green."""
    cols = 3
    rows = int(np.ceil(len(features) / cols))
    fig, axes = _figure(10, 2.8 * rows, rows, cols)
    for ax, name in zip(axes.ravel(), features):
        _shape_axis(ax, shape[shape["feature"] == name], windows, columns[name], ylabel)
        ax.set_title(columns[name].label(language), fontsize=10)
    for ax in axes.ravel()[len(features):]:
        ax.axis("off")
    return Chart(fig)


@_styled
def effect(shape: pd.DataFrame, windows: pd.DataFrame, column: Column, language: str, ylabel: str):
    """One setting's effect with everything else typical, its operating window shaded green."""
    fig, axes = _figure(7, 3.4)
    ax = axes[0, 0]
    _shape_axis(ax, shape[shape["feature"] == column.name], windows, column, ylabel)
    ax.set_xlabel(column.label(language))
    return Chart(fig)


def _shape_axis(ax, part: pd.DataFrame, windows: pd.DataFrame, column: Column, ylabel: str) -> None:
    """A shape function on one axis: a line over the data (window shaded) or bars per category."""
    if "x" in part and part["x"].notna().any():
        data = part[part["count"] > 0]
        ax.plot(data["x"], data["output"], color=ACCENT)
        win = windows[windows["feature"] == column.name] if not windows.empty else windows
        if not win.empty:
            w = win.iloc[0]
            lo = w["low"] if pd.notna(w["low"]) else data["x"].min()
            hi = w["high"] if pd.notna(w["high"]) else data["x"].max()
            ax.axvspan(lo, hi, color=WINDOW, lw=0)
    else:
        ax.bar(part["category"].astype(str), part["output"], color=ACCENT)
    ax.set_ylabel(ylabel, fontsize=8)


@_styled
def heatmap(grid: pd.DataFrame, x: Column, y: Column, value: str, language: str, label: str,
            windows: tuple = ((None, None), (None, None))):
    """A two-setting map (e.g. the weldability lobe) from a tidy grid; window edges (x, y) drawn dashed."""
    table = grid.pivot_table(index=y.name, columns=x.name, values=value, observed=False)
    fig, axes = _figure(7, 4.8)
    ax = axes[0, 0]
    image = ax.pcolormesh(np.asarray(table.columns, dtype=float), np.asarray(table.index, dtype=float),
                          table.to_numpy(), cmap="RdYlGn_r", shading="nearest")
    fig.colorbar(image, ax=ax, label=label)
    for line, edges in ((ax.axvline, windows[0]), (ax.axhline, windows[1])):
        for edge in edges:
            if edge is not None:
                line(edge, color="#1f2430", lw=1.2, ls="--")
    ax.set_xlabel(x.label(language))
    ax.set_ylabel(y.label(language))
    return Chart(fig)


@_styled
def rate_trend(table: pd.DataFrame, x: Column, language: str):
    """Observed defect rate against one setting, binned."""
    fig, axes = _figure(7, 3.2)
    ax = axes[0, 0]
    ax.plot(table["centre"], table["rate"] * 100, marker="o", color=ACCENT)
    ax.set_xlabel(x.label(language))
    ax.set_ylabel(t("defect_rate", language))
    return Chart(fig)


@_styled
def distributions(data: pd.DataFrame, columns: list[Column], target: str, labels: tuple[str, str], language: str):
    """Histograms of end-of-line measurements, good vs defective parts."""
    fig, axes = _figure(3.4 * len(columns), 3, 1, len(columns))
    for ax, column in zip(axes.ravel(), columns):
        for flag, label, color in ((0, labels[0], "#7f8c8d"), (1, labels[1], ACCENT)):
            ax.hist(data.loc[data[target] == flag, column.name].dropna(), bins=40, density=True,
                    alpha=0.6, label=label, color=color)
        ax.set_title(column.label(language), fontsize=10)
        ax.legend(fontsize=8)
    return Chart(fig)


@_styled
def alarm_curves(risk, defect, cutoff: float, language: str):
    """ROC and precision–recall curves side by side, the current alarm level marked on both."""
    fig, axes = _figure(9, 3.8, 1, 2)
    roc, pr = axes[0]
    false_alarms, caught, _ = quality.roc_points(risk, defect)
    recall, precision, _ = quality.pr_points(risk, defect)
    now = quality.confusion(risk, defect, cutoff)
    roc.plot(false_alarms * 100, caught * 100, color=ACCENT)
    roc.plot([0, 100], [0, 100], color=MUTED, lw=0.8, ls="--")
    roc.set(xlabel=t("app_false_alarm_axis", language), ylabel=t("app_caught_axis", language))
    roc.set_title(t("app_roc", language, auc=quality.roc_auc(risk, defect)), fontsize=10)
    pr.plot(recall * 100, precision * 100, color=ACCENT)
    pr.axhline(np.mean(defect) * 100, color=MUTED, lw=0.8, ls="--")
    pr.set(xlabel=t("app_caught_axis", language), ylabel=t("app_precision_axis", language))
    pr.set_title(t("app_pr", language, ap=quality.average_precision(risk, defect)), fontsize=10)
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
               color=ACCENT, lw=0)
    low, high = np.nanmin([observed, prediction]), np.nanmax([observed, prediction])
    ax.plot([low, high], [low, high], color=MUTED, lw=0.8, ls="--")
    ax.set(xlabel=f"{t('app_observed', language)}: {label}", ylabel=f"{t('prediction', language)}: {label}")
    return Chart(fig)
