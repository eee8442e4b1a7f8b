"""Before and after the advice, honestly: defect rates with an interval for the difference, a p-chart with limits
frozen from the before period (Phase I / Phase II), adoption and capability per advised window, and whether the
model, from the settings alone, expected the change (the EBM's additive terms say which settings account for it).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from ..model.scoring import Scorer
from .advice import AdvisedWindow

MIN_PARTS = 100  # fewer parts in a period, or fewer defects in both, and the data cannot tell
MIN_DEFECTS = 10
LEVEL = 0.05  # 95 % intervals


def _period(y: pd.Series) -> dict:
    n, defects = int(y.notna().sum()), int(y.sum())
    low, high = proportion_confint(defects, n, alpha=LEVEL, method="wilson") if n else (np.nan, np.nan)
    return {"parts": n, "defects": defects, "rate": defects / n if n else None, "low": float(low), "high": float(high)}


def rate_change(before: pd.Series, after: pd.Series) -> dict:
    """Defect rate before and after, the difference (after − before) with Newcombe's interval, and a verdict:
    'fell', 'rose', 'unclear' (the interval spans zero) or 'too_little_data'."""
    b, a = _period(before), _period(after)
    result = {"before": b, "after": a, "difference": None, "low": None, "high": None}
    if min(a["parts"], b["parts"]) < MIN_PARTS or a["defects"] + b["defects"] < MIN_DEFECTS:
        return result | {"verdict": "too_little_data"}
    low, high = confint_proportions_2indep(a["defects"], a["parts"], b["defects"], b["parts"], method="newcomb",
                                           compare="diff", alpha=LEVEL)
    verdict = "fell" if high < 0 else "rose" if low > 0 else "unclear"
    return result | {"difference": a["rate"] - b["rate"], "low": float(low), "high": float(high), "verdict": verdict}


def p_chart(before: pd.DataFrame, after: pd.DataFrame, time: str, target: str) -> pd.DataFrame:
    """Weekly defect rates with 3-sigma limits from the before period's mean rate (limits vary with each week's
    size); `signal` marks a week outside its limits."""
    weeks = []
    for period, frame in (("before", before), ("after", after)):
        grouped = frame.groupby(frame[time].dt.to_period("W").dt.start_time)[target].agg(["size", "sum"])
        weeks.append(grouped.assign(period=period))
    table = pd.concat(weeks).rename_axis("week").reset_index().rename(columns={"size": "parts", "sum": "defects"})
    centre = before[target].mean()
    spread = 3 * np.sqrt(centre * (1 - centre) / table["parts"])
    table["rate"] = table["defects"] / table["parts"]
    table["centre"], table["lcl"], table["ucl"] = centre, (centre - spread).clip(lower=0), centre + spread
    table["signal"] = (table["rate"] > table["ucl"]) | (table["rate"] < table["lcl"])
    return table


def capability(values: pd.Series, window: AdvisedWindow) -> tuple[float | None, float | None]:
    """(Cp, Cpk) of a setting against its window as specification limits; Cp only for a two-sided window."""
    x = values.dropna().to_numpy(float)
    if len(x) < 2 or x.std(ddof=1) == 0:
        return None, None
    mean, sd = x.mean(), x.std(ddof=1)
    sides = [(window.high - mean) / (3 * sd)] if window.high is not None else []
    sides += [(mean - window.low) / (3 * sd)] if window.low is not None else []
    cp = (window.high - window.low) / (6 * sd) if None not in (window.low, window.high) else None
    return (None if cp is None else float(cp)), float(min(sides))


def adoption(before: pd.DataFrame, after: pd.DataFrame, windows: list[AdvisedWindow], target: str) -> pd.DataFrame:
    """Per advised window: share of parts inside it, Cp/Cpk before and after, and the after period's defect rate
    inside and outside it."""
    rows = []
    for w in windows:
        if w.feature not in before or w.feature not in after:
            continue
        row = {"feature": w.feature, "unit": w.unit, "low": w.low, "high": w.high}
        for period, frame in (("before", before), ("after", after)):
            inside = w.inside(frame[w.feature])
            cp, cpk = capability(frame[w.feature], w)
            row |= {f"inside_{period}": float(inside.mean()), f"cp_{period}": cp, f"cpk_{period}": cpk}
        inside = w.inside(after[w.feature])
        row |= {"rate_inside_after": float(after.loc[inside, target].mean()) if inside.any() else None,
                "rate_outside_after": float(after.loc[~inside, target].mean()) if (~inside).any() else None}
        rows.append(row)
    return pd.DataFrame(rows)


def expected_change(before: pd.DataFrame, after: pd.DataFrame, scorer: Scorer) -> dict:
    """What the advised model expected from the settings alone: the mean predicted defect rate in each period,
    and each term's change in mean contribution (log-odds), largest fall first."""
    contributions = {period: scorer.contributions(frame[[c for c in scorer.features if c in frame]])
                     for period, frame in (("before", before), ("after", after))}
    expected = {period: float(np.mean(1 / (1 + np.exp(-scorer.decision(c))))) for period, c in contributions.items()}
    shift = contributions["after"].mean(axis=0) - contributions["before"].mean(axis=0)
    terms = sorted(zip(scorer.term_names, shift.tolist()), key=lambda pair: pair[1])
    return {"expected_before": expected["before"], "expected_after": expected["after"],
            "terms": [{"term": term, "change": change} for term, change in terms]}
