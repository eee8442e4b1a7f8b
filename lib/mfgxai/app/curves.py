"""Risk along one setting for one part, every other setting held: exact EBM scores drawn as a small inline SVG.

Cheap enough to redraw on every what-if move (one scoring of STEPS rows and a string), unlike a PNG chart.
"""
from __future__ import annotations

import math
from html import escape

import ipywidgets as w
import numpy as np

from ..explain.charts import supported
from ..explain.palette import LINE, REFERENCE, WINDOW
from ..i18n import number, t
from .info import slotted
from .results import ProcessResults

STEPS = 60
OTHERS = 20  # held-out parts drawn thin behind the curve: how much it varies from part to part
WIDTH, HEIGHT = 520, 210
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 12, 44


def numeric_settings(results: ProcessResults) -> list[str]:
    """Numeric features, adjustable ones first, each group by importance."""
    order = {term: i for i, term in enumerate(results.table("importances").get("term", []))}
    features = results.scorer.features
    numeric = [n for n, f in features.items() if f["kind"] != "category"]
    return sorted(numeric, key=lambda n: (features[n]["role"] != "controllable", order.get(n, len(order))))


def _step(low: float, high: float) -> float:
    """A round step giving a few hundred positions over the range."""
    width = high - low
    return 10 ** math.floor(math.log10(width / 200)) if width > 0 else 1.0


def digits(step: float) -> int:
    """Decimals that show a step exactly (0.01 → 2, 10 → 0)."""
    return max(0, -math.floor(math.log10(step)))


def snap(value: float, step: float) -> float:
    """The nearest whole step, as a slider shows and sends it."""
    return round(round(value / step) * step, digits(step))


def slider_range(feature: dict) -> tuple[float, float, float]:
    """Low, high and step of a setting's what-if range: the physical range cut to the data's, on whole steps
    (so a slider's positions are round numbers, as the scores behind them)."""
    low = max(v for v in (feature["low"], feature["data_min"]) if v is not None)
    high = min(v for v in (feature["high"], feature["data_max"]) if v is not None)
    step = _step(low, high)
    if high - low >= 2 * step:
        low, high = math.ceil(low / step) * step, math.floor(high / step) * step
    return snap(low, step), snap(high, step), step


def _grid(results: ProcessResults, name: str, steps: int) -> np.ndarray:
    low, high, _ = slider_range(results.scorer.features[name])
    return np.linspace(low, high, steps)


def _output(results: ProcessResults, frame: dict) -> np.ndarray:
    return results.scorer.predict(frame) * (100 if results.binary else 1)


def sweep(results: ProcessResults, settings: dict, name: str, steps: int = STEPS) -> tuple[np.ndarray, np.ndarray]:
    """The output (risk in %, or the prediction) with `name` moved across its span, everything else as given."""
    grid = _grid(results, name, steps)
    frame = {feature: np.full(steps, value, dtype=object if isinstance(value, str) else float)
             for feature, value in settings.items()}
    frame[name] = grid
    return grid, _output(results, frame)


def spread(results: ProcessResults, name: str, count: int = OTHERS,
           steps: int = STEPS) -> tuple[np.ndarray, np.ndarray]:
    """The output along `name` for `count` held-out parts (one row each), their other settings as they were."""
    parts = results.parts.sample(min(count, len(results.parts)), random_state=0)
    grid = _grid(results, name, steps)
    frame = {feature: np.repeat(parts[feature].to_numpy(), steps) for feature in results.scorer.features}
    frame[name] = np.tile(grid, len(parts))
    return grid, _output(results, frame).reshape(len(parts), steps)


def _ticks(low: float, high: float, count: int = 4) -> np.ndarray:
    """A few round tick values inside [low, high]."""
    raw = (high - low) / count if high > low else 1.0
    step = 10 ** np.floor(np.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if raw <= m * step)
    return np.arange(np.ceil(low / step) * step, high + step * 1e-9, step)


def curve_svg(lines: list[tuple[np.ndarray, np.ndarray, str]], current: float | None,
              window: dict | None, x_label: str, y_label: str, language: str, faint: tuple = ()) -> str:
    """Polylines (x, y, colour) on shared axes over thin grey `faint` ones (x, y), the operating window shaded
    between the edges that were found (none when none was) and the current value marked."""
    xs = np.concatenate([x for x, _, _ in lines] + [x for x, _ in faint])
    ys = np.concatenate([y for _, y, _ in lines] + [y for _, y in faint])
    x0, x1 = float(xs.min()), float(xs.max())
    y0 = min(0.0, float(ys.min()))
    y1 = max(float(ys.max()) * 1.1, y0 + 1e-9)
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return LEFT + (np.asarray(x, float) - x0) / ((x1 - x0) or 1) * width

    def py(y):
        return TOP + height - (np.asarray(y, float) - y0) / (y1 - y0) * height

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='mfgxai-curve' width='100%' "  # as wide as its column
             f"viewBox='0 0 {WIDTH} {HEIGHT}' font-size='11' font-family='inherit'>"]
    if window and (window.get("low") is not None or window.get("high") is not None):
        low = x0 if window.get("low") is None else max(window["low"], x0)
        high = x1 if window.get("high") is None else min(window["high"], x1)
        if low < high:
            parts.append(f"<rect class='window' x='{px(low):.1f}' y='{TOP}' width='{px(high) - px(low):.1f}' "
                         f"height='{height}' fill='{WINDOW}' fill-opacity='0.18'/>")
    for tick in _ticks(y0, y1):
        parts.append(f"<line x1='{LEFT}' x2='{LEFT + width}' y1='{py(tick):.1f}' y2='{py(tick):.1f}' stroke='#eee'/>"
                     f"<text x='{LEFT - 6}' y='{py(tick) + 4:.1f}' text-anchor='end'>{number(tick, language)}</text>")
    for tick in _ticks(x0, x1):
        parts.append(f"<text x='{px(tick):.1f}' y='{TOP + height + 16}' text-anchor='middle'>"
                     f"{number(tick, language)}</text>")
    parts.append(f"<line x1='{LEFT}' x2='{LEFT + width}' y1='{TOP + height}' y2='{TOP + height}' stroke='#555'/>")

    def points(x, y) -> str:
        return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px(x), py(y)))

    parts += [f"<polyline class='other' points='{points(x, y)}' fill='none' stroke='{REFERENCE}' stroke-width='1' "
              "stroke-opacity='0.45'/>" for x, y in faint]
    parts += [f"<polyline points='{points(x, y)}' fill='none' stroke='{colour}' stroke-width='2'/>"
              for x, y, colour in lines]
    if current is not None and x0 <= current <= x1:
        parts.append(f"<line class='current' x1='{px(current):.1f}' x2='{px(current):.1f}' y1='{TOP}' "
                     f"y2='{TOP + height}' stroke='#333' stroke-dasharray='4 3'/>")
    parts.append(f"<text x='{LEFT + width / 2:.1f}' y='{HEIGHT - 6}' text-anchor='middle'>{escape(x_label)}</text>"
                 f"<text x='12' y='{TOP + height / 2:.1f}' text-anchor='middle' "
                 f"transform='rotate(-90 12 {TOP + height / 2:.1f})'>{escape(y_label)}</text></svg>")
    return "".join(parts)


class RiskCurve:
    """Pick a setting: the risk along it for these settings (red), the typical part's (grey) and, with
    `others`, that many held-out parts' (thin grey) for reference."""

    def __init__(self, results: ProcessResults, language: str, others: int = 0):
        self.results, self.language, self.settings = results, language, results.scorer.typical()
        self.others = min(others, len(results.parts))
        columns = results.columns
        self.picker = w.Dropdown(options=[(columns[n].label(language), n) for n in numeric_settings(results)],
                                 description=t("app_curve_along" if results.binary else "app_curve_along_values",
                                               language))
        self.picker.add_class("mfgxai-curve-picker")
        self.chart = w.HTML()
        self.chart.add_class("mfgxai-curve-chart")
        item = results.spec.item(language)
        text = slotted("app_curve_caption", language, item, results.binary, "chart_curve", "window")
        if self.others:
            text += " " + escape(t("app_curve_others", language, others=self.others, item=item))
        caption = w.HTML(f"<div class='text'>{text}</div>")
        caption.add_class("mfgxai-caption")
        self.widget = w.VBox([self.picker, self.chart, caption])
        self.widget.add_class("mfgxai-curve")
        self.picker.observe(lambda _: self.draw(), "value")
        self._fixed = {}  # setting -> the typical part's and other parts' curves, the same on every move

    def show(self, settings: dict, name: str | None = None) -> None:
        """Draw for these settings, along `name` if given (the setting just moved)."""
        self.settings = settings
        if name in dict(self.picker.options).values() and name != self.picker.value:
            self.picker.value = name  # draws through the observer
        else:
            self.draw()

    def _shaded(self, name: str) -> dict | None:
        """A setting's window as the curve shades it: an open side stops where the data thin out, as on the
        effect chart."""
        window = self.results.scorer.features[name]["window"]
        if not window or (window.get("low") is None and window.get("high") is None):
            return window
        shapes = self.results.table("shapes")
        part = shapes[(shapes["feature"] == name) & (shapes["count"] > 0)]
        if part.empty or "x" not in part or part["x"].isna().all():
            return window
        start, end = supported(part)
        return {**window, "low": start if window.get("low") is None else window["low"],
                "high": end if window.get("high") is None else window["high"]}

    def draw(self) -> None:
        name, results = self.picker.value, self.results
        if name is None:
            return
        label = t("defect_risk" if results.binary else "prediction", self.language)
        if name not in self._fixed:
            grid, others = spread(results, name, self.others) if self.others else (None, [])
            self._fixed[name] = sweep(results, results.scorer.typical(), name), [(grid, y) for y in others]
        typical, others = self._fixed[name]
        lines = [(*typical, REFERENCE), (*sweep(results, self.settings, name), LINE)]
        value = self.settings.get(name)
        current = float(value) if value is not None and not np.isnan(float(value)) else None
        self.chart.value = curve_svg(lines, current, self._shaded(name),
                                     results.columns[name].label(self.language), label, self.language, others)
