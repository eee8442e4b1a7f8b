"""Drift on the model's own terms: is new data still like the data the advised model learnt from?

Per setting: the population stability index over the EBM's own bin edges (grouped into about ten groups of equal
size in the earlier data, so sampling noise stays small), a test fit for the data size (Kolmogorov–Smirnov for
numbers, chi-square for categories), the share of values outside the trained range and categories never seen;
ranked by the term's importance, so a drift in a setting that defines the windows comes first.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, ks_2samp

from ..model.scoring import Scorer

GROUPS = 10
FLOOR = 1e-4  # a share never taken as zero inside the logarithm
MODERATE, MAJOR = 0.10, 0.25  # the usual PSI readings: below 0.1 stable, above 0.25 a major shift
SIGNIFICANT = 0.01


def _main_bins(scorer: Scorer, feature: str):
    """The EBM's bin edges (numbers) or category index (categories) of a feature's own term."""
    term = next((t for t in scorer.terms if t["features"] == [feature]), None)
    return None if term is None else term["bins"][0]


def _grouped_edges(edges: np.ndarray, before: np.ndarray) -> np.ndarray:
    """About `GROUPS` groups of the earlier data, cut only at the EBM's own edges."""
    wanted = np.quantile(before, np.linspace(0, 1, GROUPS + 1)[1:-1])
    return np.unique(edges[np.clip(np.searchsorted(edges, wanted), 0, len(edges) - 1)])


def psi(before_counts: np.ndarray, after_counts: np.ndarray) -> float:
    """Population stability index of two histograms over the same bins."""
    b = np.maximum(before_counts / max(before_counts.sum(), 1), FLOOR)
    a = np.maximum(after_counts / max(after_counts.sum(), 1), FLOOR)
    return float(np.sum((a - b) * np.log(a / b)))


def _number_drift(before: pd.Series, after: pd.Series, edges, feature: dict) -> dict:
    b, a = before.dropna().to_numpy(float), after.dropna().to_numpy(float)
    cuts = np.concatenate([[-np.inf], _grouped_edges(np.asarray(edges, dtype=float), b), [np.inf]])
    low, high = feature.get("data_min"), feature.get("data_max")
    outside = ((a < low) | (a > high)).mean() if len(a) and low is not None and high is not None else 0.0
    return {"psi": psi(np.histogram(b, cuts)[0], np.histogram(a, cuts)[0]), "test": "ks",
            "p_value": float(ks_2samp(b, a).pvalue) if len(a) and len(b) else 1.0,
            "outside_trained_range": float(outside), "unseen": []}


def _category_drift(before: pd.Series, after: pd.Series, known: dict) -> dict:
    b_counts, a_counts = (values.value_counts().rename(index=str) for values in (before, after))
    levels = sorted(set(b_counts.index) | set(a_counts.index))
    b, a = b_counts.reindex(levels, fill_value=0).to_numpy(), a_counts.reindex(levels, fill_value=0).to_numpy()
    table = np.array([b, a])
    table = table[:, table.sum(axis=0) > 0]
    p_value = float(chi2_contingency(table).pvalue) if table.shape[1] > 1 and a.sum() and b.sum() else 1.0
    unseen = sorted(set(a_counts.index) - set(known))
    return {"psi": psi(b, a), "test": "chi-square", "p_value": p_value,
            "outside_trained_range": float(a_counts[unseen].sum() / len(after)) if len(after) else 0.0,
            "unseen": unseen}


def level(psi_value: float, p_value: float) -> str:
    """'major', 'moderate' or 'stable': the PSI's reading, only when the test says the change is real."""
    if p_value >= SIGNIFICANT or psi_value < MODERATE:
        return "stable"
    return "major" if psi_value >= MAJOR else "moderate"


def drift_table(before: pd.DataFrame, after: pd.DataFrame, scorer: Scorer, importances: list[dict],
                windowed: set[str]) -> pd.DataFrame:
    """One row per model feature found in both periods, most important first."""
    rank = {row["term"]: row["rank"] for row in importances}
    rows = []
    for name, feature in scorer.features.items():
        bins = _main_bins(scorer, name)
        if bins is None or name not in before or name not in after:
            continue
        if isinstance(bins, dict):
            found = _category_drift(before[name], after[name], bins)
        else:
            found = _number_drift(before[name], after[name], bins, feature)
        rows.append({"feature": name, "rank": rank.get(name, len(rank) + 1), "windowed": name in windowed,
                     **found, "level": level(found["psi"], found["p_value"])})
    return pd.DataFrame(rows).sort_values("rank", ignore_index=True)
