"""Seeded demo production records drawn from each process spec's documented ground truth."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..processes import ProcessSpec

DEMO_START = pd.Timestamp("2026-01-05 06:00")
DEMO_DAYS = 180


def _hinge(x: np.ndarray, low: float | None, high: float | None) -> np.ndarray:
    """Distance outside [low, high]; zero inside."""
    out = np.zeros_like(x, dtype=float)
    if low is not None:
        out += np.clip(low - x, 0, None)
    if high is not None:
        out += np.clip(x - high, 0, None)
    return out


def _draw_features(spec: ProcessSpec, n: int, rng: np.random.Generator, progress: np.ndarray) -> dict:
    data = {}
    for col in spec.columns:
        demo = col.demo
        if demo is None:
            continue
        if demo.dist == "choice":
            labels, weights = zip(*demo.choices.items())
            data[col.name] = rng.choice(labels, size=n, p=np.array(weights) / sum(weights))
            continue
        if demo.dist == "uniform":
            values = rng.uniform(demo.low, demo.high, n).round()
        else:
            values = rng.normal(demo.mean + demo.drift * (progress - 0.5), demo.sd, n)
        values = np.clip(values, col.low, col.high)
        if demo.missing:  # a channel that mostly reads nothing (a thermocouple not fitted)
            values = np.where(rng.uniform(0, 1, n) < demo.missing, np.nan, values)
        data[col.name] = values
    return data


def true_logit(spec: ProcessSpec, frame: pd.DataFrame) -> np.ndarray:
    """The ground-truth defect log-odds of each row, before the intercept."""
    truth = spec.truth
    if truth is None:
        raise ValueError(f"process '{spec.name}' has no demo truth to draw records from")
    logit = np.zeros(len(frame))
    for name, effect in truth.effects.items():
        logit += effect.slope * _hinge(frame[name].to_numpy(float), effect.low, effect.high)
    inter = truth.interaction
    legs = []
    for name, threshold, side in zip(inter.columns, inter.beyond, inter.sides):
        x = frame[name].to_numpy(float)
        legs.append(np.clip(x - threshold if side == "above" else threshold - x, 0, None))
    logit += inter.slope * legs[0] * legs[1]
    for name, shifts in truth.category_effects.items():
        logit += frame[name].map(shifts).fillna(0.0).to_numpy(float)
    return logit


def _intercept_for(logit: np.ndarray, base_rate: float) -> float:
    """The intercept that makes the mean defect probability equal the base rate."""
    lo, hi = -20.0, 5.0
    for _ in range(60):
        mid = (lo + hi) / 2
        rate = np.mean(1 / (1 + np.exp(-(logit + mid))))
        lo, hi = (mid, hi) if rate < base_rate else (lo, mid)
    return (lo + hi) / 2


def generate(spec: ProcessSpec, n: int = 20_000, seed: int = 0, before: ProcessSpec | None = None) -> pd.DataFrame:
    """`n` production records over six months with canonical column names and the target label. `before` is the
    process as it ran before its settings changed (a variant `spec`): its defect level is kept, so settings moved
    into their windows really lower the defect rate."""
    rng = np.random.default_rng(seed)
    progress = np.sort(rng.uniform(0, 1, n))
    frame = pd.DataFrame(_draw_features(spec, n, rng, progress))
    logit = true_logit(spec, frame)
    level = logit if before is None else true_logit(before, pd.DataFrame(
        _draw_features(before, n, np.random.default_rng(seed), progress)))
    p = 1 / (1 + np.exp(-(logit + _intercept_for(level, spec.truth.base_rate))))
    defect = rng.uniform(0, 1, n) < p
    target = spec.target
    frame.insert(0, spec.id_column, [f"{spec.name[:2].upper()}{i:07d}" for i in range(1, n + 1)])
    seconds = (progress * DEMO_DAYS * 86400).round()
    frame.insert(1, spec.time_column, DEMO_START + pd.to_timedelta(seconds, unit="s"))
    for col in spec.columns:
        if col.role == "outcome":
            frame[col.name] = _outcome(col.low, col.high, logit, rng)
        elif col.kind == "number" and col.demo is not None and col.demo.dist == "normal":
            frame[col.name] = frame[col.name].round(_decimals(col.demo.sd))
    frame[target.name] = np.where(defect, target.positive, target.negative)
    return frame


@dataclass(frozen=True)
class NextPeriod:
    """How a demo client's next six months differ from the first: settings it moved (new draw parameters of their
    columns, e.g. tip dressing every 1,500 welds) and sensors that read off (the file shows value + offset while
    the process, and so its defects, stay as they were)."""

    moves: dict[str, dict] = field(default_factory=dict)
    offsets: dict[str, float] = field(default_factory=dict)


def next_period(spec: ProcessSpec, n: int, seed: int, change: NextPeriod) -> pd.DataFrame:
    """`n` records of the six months after the demo period, drawn from the same truth with the change applied."""
    moved = spec.model_copy(update={"columns": tuple(
        c.model_copy(update={"demo": c.demo.model_copy(update=change.moves[c.name])}) if c.name in change.moves
        else c for c in spec.columns)})
    frame = generate(moved, n, seed, before=spec)
    frame[spec.time_column] += pd.Timedelta(days=DEMO_DAYS)
    for name, offset in change.offsets.items():
        frame[name] = frame[name] + offset
    return frame


def _outcome(low: float, high: float, logit: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An end-of-line measurement that worsens with the true risk (shown, never used as a feature)."""
    centre = low + 0.3 * (high - low)
    spread = 0.04 * (high - low)
    return np.clip(centre + spread * (0.5 * logit + rng.normal(0, 1, len(logit))), low, high).round(2)


def _decimals(sd: float) -> int:
    """Enough decimals to keep about two significant digits of the spread."""
    return max(0, int(np.ceil(-np.log10(sd))) + 1)


def true_window(spec: ProcessSpec, feature: str, frame: pd.DataFrame, rise: float = 0.1,
                steps: int = 200) -> tuple[float | None, float | None]:
    """The window the truth implies for a typical mix of the other settings (partial dependence).

    Along a grid over the data's range, the true log-odds averaged over all rows stay within
    `rise` of their value at the median setting; an edge at the end of the data is open (None).
    """
    values = frame[feature].to_numpy(float)
    grid = np.linspace(*np.quantile(values, [0.005, 0.995]), steps)
    probe = frame.copy()
    dependence = []
    for x in grid:
        probe[feature] = x
        dependence.append(true_logit(spec, probe).mean())
    dependence = np.array(dependence)
    centre = int(np.abs(grid - np.median(values)).argmin())
    ok = dependence <= dependence[centre] + rise
    lo = centre
    while lo > 0 and ok[lo - 1]:
        lo -= 1
    hi = centre
    while hi < steps - 1 and ok[hi + 1]:
        hi += 1
    return (float(grid[lo]) if lo > 0 else None, float(grid[hi]) if hi < steps - 1 else None)
