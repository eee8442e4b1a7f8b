"""Operating windows: where a setting keeps defect risk at or below the typical part's."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .explain import CONFIDENT_RISE, MIN_GAP_SHARE, TAIL_SHARE, typical_part
from .model import FittedModel
from .processes import Column

MIN_PARTS_BEYOND = 30   # fewer parts beyond an edge are too little data to state it
CONFIRMING_Z = 1.645    # one-sided 5 % test: parts beyond the edge fail more often than inside
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
    """Grow from the typical value's bin until a risky bin; an edge reaching the data's end is open."""
    risky = _risky_bins(shape, reference)
    centre = int(np.clip(np.searchsorted(shape["x_high"].to_numpy(), typical), 0, len(shape) - 1))
    lo = centre
    while lo > 0 and not risky[lo - 1]:
        lo -= 1
    hi = centre
    while hi < len(shape) - 1 and not risky[hi + 1]:
        hi += 1
    low = float(shape["x_low"].iloc[lo]) if lo > 0 else None
    high = float(shape["x_high"].iloc[hi]) if hi < len(shape) - 1 else None
    return low, high


def _confirmed(outcome: pd.Series, beyond: pd.Series | None, values: pd.Series) -> bool:
    """Whether parts beyond an edge really failed more often than parts inside (one-sided z-test)."""
    if beyond is None or beyond.sum() < MIN_PARTS_BEYOND:
        return False
    inside = ~beyond & values.notna()
    p_out, p_in = outcome[beyond].mean(), outcome[inside].mean()
    pooled = outcome[beyond | inside].mean()
    spread = np.sqrt(pooled * (1 - pooled) * (1 / beyond.sum() + 1 / inside.sum()))
    return bool(spread > 0 and (p_out - p_in) / spread > CONFIRMING_Z)


def operating_window(model: FittedModel, shape: pd.DataFrame, column: Column) -> dict:
    """One controllable setting's window, how many parts run outside it and their observed rates."""
    data = pd.concat([model.train, model.test])
    values = data[column.name]
    lo_q, hi_q = values.quantile([TAIL_SHARE, 1 - TAIL_SHARE])
    typical = float(typical_part(model)[column.name].iloc[0])
    outcome = data[model.target]
    low = high = None
    if not withheld_reason(model.kind, len(outcome), int(outcome.sum())):
        trimmed = shape[(shape["x_high"] > lo_q) & (shape["x_low"] < hi_q)].reset_index(drop=True)
        centre_bin = trimmed.iloc[(trimmed["x"] - typical).abs().argmin()]
        low, high = _window_edges(trimmed, typical, float(centre_bin["score"]))
        low = low if _confirmed(outcome, values < low if low is not None else None, values) else None
        high = high if _confirmed(outcome, values > high if high is not None else None, values) else None
    below = values < low if low is not None else pd.Series(False, index=values.index)
    above = values > high if high is not None else pd.Series(False, index=values.index)
    inside = ~(below | above) & values.notna()

    def rate(mask):
        return float(outcome[mask].mean()) if mask.sum() else None

    return {"feature": column.name, "unit": column.unit, "typical": typical, "low": low, "high": high,
            "share_below": float(below.mean()), "share_above": float(above.mean()),
            "n_below": int(below.sum()), "n_above": int(above.sum()), "n_inside": int(inside.sum()),
            "rate_inside": rate(inside), "rate_below": rate(below), "rate_above": rate(above),
            "data_low": float(lo_q), "data_high": float(hi_q)}


def operating_windows(model: FittedModel, shape: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Windows for every controllable numeric setting the model uses."""
    rows = [operating_window(model, shape[shape["feature"] == c.name], c) for c in columns
            if c.role == "controllable" and c.kind == "number" and c.name in model.features]
    return pd.DataFrame(rows)
