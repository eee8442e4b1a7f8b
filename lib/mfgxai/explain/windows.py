"""Operating windows: where a setting keeps defect risk at or below the typical part's."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.multitest import multipletests

from ..model.fit import FittedModel
from ..processes import Column
from .tables import CONFIDENT_RISE, MIN_GAP_SHARE, TAIL_SHARE, typical_part

MIN_PARTS_BEYOND = 30   # fewer parts beyond an edge are too little data to state it
EDGE_ALPHA = 0.01       # chance, over all edges a run states, that any of them is noise (Holm)
MIN_WINDOW_ROWS = 200   # fewer rows, or fewer defects, are too little data to state any window
MIN_WINDOW_DEFECTS = 30


def withheld_reason(kind: str, rows: int, defects: int | None) -> str | None:
    """Why no window is stated: 'continuous' target, 'few_rows' or 'few_defects'; None when windows apply."""
    if kind != "binary":
        return "continuous"
    if rows < MIN_WINDOW_ROWS:
        return "few_rows"
    if defects < MIN_WINDOW_DEFECTS:
        return "few_defects"
    return None


def _risky_bins(shape: pd.DataFrame, reference: float) -> np.ndarray:
    """Bins whose score is confidently above the typical part's, tiny risky gaps merged away."""
    risky = (shape["score_low"].to_numpy() > reference + CONFIDENT_RISE)
    width = shape["x_high"].to_numpy() - shape["x_low"].to_numpy()
    span = width.sum()
    start = None
    for i in range(len(risky) + 1):
        if i < len(risky) and risky[i]:
            start = i if start is None else start
        elif start is not None:
            inside = start > 0 and i < len(risky)
            if inside and width[start:i].sum() < MIN_GAP_SHARE * span:
                risky[start:i] = False
            start = None
    return risky


def _window_edges(shape: pd.DataFrame, typical: float, reference: float) -> tuple[float | None, float | None]:
    """Grow from the typical value's bin until a risky bin, back to where the risk starts to rise; an edge
    reaching the data's end is open."""
    risky = _risky_bins(shape, reference)
    centre = int(np.clip(np.searchsorted(shape["x_high"].to_numpy(), typical), 0, len(shape) - 1))
    lo = centre
    while lo > 0 and not risky[lo - 1]:
        lo -= 1
    hi = centre
    while hi < len(shape) - 1 and not risky[hi + 1]:
        hi += 1
    rising = shape["score"].to_numpy() > reference + CONFIDENT_RISE  # the edge sits where the risk starts to rise
    while 0 < lo < centre and rising[lo]:
        lo += 1
    while centre < hi < len(shape) - 1 and rising[hi]:
        hi -= 1
    low = float(shape["x_low"].iloc[lo]) if lo > 0 else None
    high = float(shape["x_high"].iloc[hi]) if hi < len(shape) - 1 else None
    return low, high


def edge_p_value(outcome: pd.Series, beyond: pd.Series, values: pd.Series) -> float:
    """How likely parts beyond an edge fail this much more often than inside by chance alone, allowing for the
    edge having been chosen among every cut of the data (Lausen & Schumacher's maximally selected statistic)."""
    inside = ~beyond & values.notna()
    if beyond.sum() < MIN_PARTS_BEYOND or not inside.any():
        return 1.0
    pooled = outcome[beyond | inside].mean()
    spread = np.sqrt(pooled * (1 - pooled) * (1 / beyond.sum() + 1 / inside.sum()))
    z = (outcome[beyond].mean() - outcome[inside].mean()) / spread if spread > 0 else 0.0
    if z <= 1:
        return 1.0
    cuts = np.log((1 - TAIL_SHARE) ** 2 / TAIL_SHARE ** 2)  # cut points range over the trimmed data
    return float(min(1.0, norm.pdf(z) * ((z - 1 / z) * cuts + 4 / z) / 2))  # one-sided: beyond fails more


def _candidate(model: FittedModel, shape: pd.DataFrame, column: Column) -> dict:
    """A setting's window as the EBM's shape draws it, each edge with its evidence from the observed rates."""
    data = pd.concat([model.train, model.test])
    values, outcome = data[column.name], data[model.target]
    lo_q, hi_q = values.quantile([TAIL_SHARE, 1 - TAIL_SHARE])
    typical = float(typical_part(model)[column.name].iloc[0])
    low = high = None
    if not withheld_reason(model.kind, len(outcome), int(outcome.sum())):
        trimmed = shape[(shape["x_high"] > lo_q) & (shape["x_low"] < hi_q)].reset_index(drop=True)
        centre_bin = trimmed.iloc[(trimmed["x"] - typical).abs().argmin()]
        low, high = _window_edges(trimmed, typical, float(centre_bin["score"]))
    return {"feature": column.name, "unit": column.unit, "typical": typical, "low": low, "high": high,
            "p_low": edge_p_value(outcome, values < low, values) if low is not None else None,
            "p_high": edge_p_value(outcome, values > high, values) if high is not None else None,
            "data_low": float(lo_q), "data_high": float(hi_q)}


def _keep_supported_edges(windows: list[dict]) -> None:
    """Drop every edge the observed rates do not support once the number of edges tested is allowed for (Holm);
    what is kept carries its adjusted p-value."""
    tested = [(w, side) for w in windows for side in ("low", "high") if w[side] is not None]
    if not tested:
        return
    keep, adjusted, _, _ = multipletests([w[f"p_{side}"] for w, side in tested], alpha=EDGE_ALPHA, method="holm")
    for (w, side), kept, p in zip(tested, keep, adjusted):
        w[side], w[f"p_{side}"] = (w[side], float(p)) if kept else (None, None)


def _parts_outside(model: FittedModel, window: dict) -> dict:
    """How many parts run below, inside and above a window, and their observed defect rates."""
    data = pd.concat([model.train, model.test])
    values, outcome = data[window["feature"]], data[model.target]
    below = values < window["low"] if window["low"] is not None else pd.Series(False, index=values.index)
    above = values > window["high"] if window["high"] is not None else pd.Series(False, index=values.index)
    inside = ~(below | above) & values.notna()

    def rate(mask):
        return float(outcome[mask].mean()) if mask.sum() else None

    return {"share_below": float(below.mean()), "share_above": float(above.mean()),
            "n_below": int(below.sum()), "n_above": int(above.sum()), "n_inside": int(inside.sum()),
            "rate_inside": rate(inside), "rate_below": rate(below), "rate_above": rate(above)}


def operating_windows(model: FittedModel, shape: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Windows for every controllable numeric setting the model uses: an edge is stated only where the EBM draws
    it and the observed rates confirm it, tested together over all settings."""
    windows = [_candidate(model, shape[shape["feature"] == c.name], c) for c in columns
               if c.role == "controllable" and c.kind == "number" and c.name in model.features]
    _keep_supported_edges(windows)
    return pd.DataFrame([w | _parts_outside(model, w) for w in windows])
