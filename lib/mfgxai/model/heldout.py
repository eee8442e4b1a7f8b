"""The model's quality on its held-out parts: confusion counts, ROC and precision–recall curves, errors.

Numpy only: the app kernel imports it, and importing scikit-learn would slow its start."""
from __future__ import annotations

import numpy as np


def confusion(risk, defect, cutoff: float) -> dict:
    """Counts and rates when an alarm is raised for every part with risk >= cutoff (NaN where undefined)."""
    alarm, actual = np.asarray(risk) >= cutoff, np.asarray(defect) == 1
    tp, fp = int(np.sum(alarm & actual)), int(np.sum(alarm & ~actual))
    fn, tn = int(np.sum(~alarm & actual)), int(np.sum(~alarm & ~actual))
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "recall": _share(tp, tp + fn), "precision": _share(tp, tp + fp),
            "false_alarm_rate": _share(fp, fp + tn), "alarm_share": _share(tp + fp, alarm.size)}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def _cumulative(risk, defect) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct risk, highest first: the cutoff and the true and false alarms at or above it."""
    order = np.argsort(-np.asarray(risk, dtype=float), kind="stable")
    ranked, actual = np.asarray(risk, dtype=float)[order], np.asarray(defect)[order] == 1
    last_of_ties = np.r_[np.flatnonzero(np.diff(ranked)), ranked.size - 1]
    true_alarms = np.cumsum(actual)[last_of_ties]
    return ranked[last_of_ties], true_alarms, last_of_ties + 1 - true_alarms


def roc_points(risk, defect) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(false alarm rate, recall, cutoff) from no alarm at all (0, 0) to an alarm for every part (1, 1)."""
    cutoffs, tp, fp = _cumulative(risk, defect)
    return np.r_[0.0, fp / fp[-1]], np.r_[0.0, tp / tp[-1]], np.r_[np.inf, cutoffs]


def pr_points(risk, defect) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(recall, precision, cutoff) for every distinct cutoff, highest cutoff (lowest recall) first."""
    cutoffs, tp, fp = _cumulative(risk, defect)
    return tp / tp[-1], tp / (tp + fp), cutoffs


def roc_auc(risk, defect) -> float:
    """Area under the ROC curve: the chance a defective part gets a higher risk than a good one."""
    false_alarms, recall, _ = roc_points(risk, defect)
    return float(np.sum(np.diff(false_alarms) * (recall[1:] + recall[:-1]) / 2))


def average_precision(risk, defect) -> float:
    """Area under the precision–recall steps: precision averaged over the defects as they are caught."""
    recall, precision, _ = pr_points(risk, defect)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def errors(prediction, observed) -> dict:
    """Root mean squared and mean absolute error of predicted against observed values."""
    difference = np.asarray(prediction, dtype=float) - np.asarray(observed, dtype=float)
    return {"rmse": float(np.sqrt(np.mean(difference ** 2))), "mae": float(np.mean(np.abs(difference)))}
