"""Does the advised model still hold on new data? Its ROC AUC there with an interval, against the AUC it should
reach on these parts — parts whose settings vary less are harder to tell apart, so the trained AUC is no yardstick:
the AUC of outcomes drawn from the model's own risks, less the optimism the same reckoning showed on the run's
held-out parts — and its calibration: the defect rate it predicts against the rate observed. Retraining is advised
when either falls outside."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.metrics import roc_auc_score
from statsmodels.stats.proportion import proportion_confint

from ..model.scoring import Scorer

Z = norm.ppf(0.975)


def auc_interval(auc: float, defects: int, good: int) -> tuple[float, float]:
    """95 % interval of a ROC AUC (Hanley & McNeil's standard error)."""
    q1, q2 = auc / (2 - auc), 2 * auc ** 2 / (1 + auc)
    se = np.sqrt((auc * (1 - auc) + (defects - 1) * (q1 - auc ** 2) + (good - 1) * (q2 - auc ** 2))
                 / (defects * good))
    return float(max(0.0, auc - Z * se)), float(min(1.0, auc + Z * se))


def expected_auc(risk: np.ndarray) -> float:
    """The ROC AUC a model scores if outcomes follow its own risks: expected pairs ranked right over expected
    defect-good pairs (ties count half), in one sort."""
    risk = np.asarray(risk, dtype=float)
    order, goods = np.unique(risk, return_inverse=True)[0], 1 - risk
    good_at = np.bincount(np.searchsorted(order, risk), weights=goods, minlength=len(order))
    below = np.cumsum(good_at) - good_at  # good weight strictly below each distinct risk
    tied = good_at[np.searchsorted(order, risk)] - goods  # other parts at the same risk
    ranked = np.sum(risk * (below[np.searchsorted(order, risk)] + tied / 2))
    pairs = np.sum(risk * (goods.sum() - goods))
    return float(ranked / pairs) if pairs > 0 else float("nan")


def model_check(after: pd.DataFrame, target: str, scorer: Scorer, holdout: pd.DataFrame) -> dict:
    """The advised model's AUC and calibration on the new data (`holdout`: the run's held-out parts' `risk` and
    `defect`), and whether to retrain."""
    y = after[target].to_numpy(int)
    risk = scorer.predict(after[[c for c in scorer.features if c in after]])
    defects, good = int(y.sum()), int(len(y) - y.sum())
    observed_low, observed_high = proportion_confint(defects, len(y), method="wilson") if len(y) else (0.0, 1.0)
    trained = float(roc_auc_score(holdout["defect"], holdout["risk"]))
    optimism = max(0.0, expected_auc(holdout["risk"].to_numpy()) - trained)
    result = {"parts": len(y), "defects": defects, "trained_auc": trained, "expected_auc": None, "auc": None,
              "auc_low": None, "auc_high": None, "predicted_rate": float(risk.mean()) if len(y) else None,
              "observed_rate": defects / len(y) if len(y) else None,
              "observed_low": float(observed_low), "observed_high": float(observed_high)}
    if defects and good:
        auc = float(roc_auc_score(y, risk))
        result |= dict(zip(("auc", "auc_low", "auc_high"), (auc, *auc_interval(auc, defects, good))))
        result["expected_auc"] = expected_auc(risk) - optimism
    weaker = result["auc_high"] is not None and result["auc_high"] < result["expected_auc"]
    miscalibrated = bool(len(y)) and not observed_low <= result["predicted_rate"] <= observed_high
    return result | {"weaker": weaker, "miscalibrated": miscalibrated, "retrain": weaker or miscalibrated}
