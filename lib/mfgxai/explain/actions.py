"""Actions first: the operating windows that, kept, would avoid the most defects among the recent parts, ranked,
each with how sure the analysis is — and the model's reliability from its held-out quality, in words."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..i18n import fixed, number, percent, span, t
from ..model.scoring import Scorer

COLUMNS = ("actions_rank", "setting", "window", "actions_outside", "actions_avoidable", "actions_confidence")
SHOWN = 3                        # actions shown first: the app's overview and the report's cover
MONTH_DAYS = 365.25 / 12
STRONG_AUC, FAIR_AUC = 0.8, 0.7  # held-out ROC AUC: high reliability from the first, low below the second
STRONG_R2, FAIR_R2 = 0.7, 0.4    # the same for a measured result, by R²
STRONG_EDGE = 0.001              # an edge's Holm-adjusted p-value below this is strong evidence


def reliability(metrics: dict) -> str:
    """'high', 'medium' or 'low' from the model's held-out quality: ROC AUC (or R² for a measured result)."""
    binary = metrics["kind"] == "binary"
    score = metrics["ebm"]["roc_auc" if binary else "r2"]
    strong, fair = (STRONG_AUC, FAIR_AUC) if binary else (STRONG_R2, FAIR_R2)
    return "high" if score >= strong else "medium" if score >= fair else "low"


def confidence(p_value: float | None, auc: float) -> str:
    """An action's confidence: high when its edges are strong evidence and the model is reliable, low when the model
    is weak or an edge carries no evidence, medium otherwise."""
    if p_value is None or auc < FAIR_AUC:
        return "low"
    return "high" if p_value < STRONG_EDGE and auc >= STRONG_AUC else "medium"


def _given(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def span_days(times: pd.Series) -> float | None:
    """Days from the first to the last of the parts (None without times or for a single moment)."""
    times = pd.to_datetime(times, errors="coerce").dropna()
    days = (times.max() - times.min()).total_seconds() / 86_400 if len(times) else 0
    return days or None


def rank(scorer: Scorer, parts: pd.DataFrame, windows, auc: float, time_column: str | None = None) -> dict:
    """Every setting that recent `parts` run outside its operating window, most defects avoidable first.

    A setting's defects avoidable are the model's expected defects of the parts outside its window minus their
    expected defects with that setting moved to the window's nearest edge, every other setting as it was;
    per month, scaled from the parts' time span."""
    records = windows.to_dict("records") if isinstance(windows, pd.DataFrame) else list(windows)
    risk = scorer.predict(parts)
    days = span_days(parts[time_column]) if time_column and time_column in parts else None
    found = [_action(scorer, parts, risk, {k: _given(v) for k, v in w.items()}, auc, days) for w in records
             if w["feature"] in scorer.features and (_given(w["low"]) is not None or _given(w["high"]) is not None)]
    items = sorted((a for a in found if a), key=lambda a: -a["avoidable"])
    return {"parts": len(parts), "days": days, "items": items}


def _action(scorer: Scorer, parts: pd.DataFrame, risk: np.ndarray, window: dict, auc: float,
            days: float | None) -> dict | None:
    """One setting's action, or None when no recent part runs outside its window or moving them avoids nothing."""
    name = window["feature"]
    values = pd.to_numeric(parts[name], errors="coerce").to_numpy(float)
    low = -np.inf if window["low"] is None else window["low"]
    high = np.inf if window["high"] is None else np.nextafter(window["high"], -np.inf)  # the edge opens the next bin
    below, above = values < low, values > high
    outside = below | above
    if not outside.any():
        return None
    moved = parts[outside].copy()
    moved[name] = np.clip(values[outside], low, high)
    avoidable = float(risk[outside].sum() - scorer.predict(moved).sum())
    if avoidable <= 0:
        return None
    evidence = [window[f"p_{side}"] for side, hit in (("low", below), ("high", above)) if hit.any()]
    weakest = None if None in evidence else max(evidence)
    return {"feature": name, "unit": scorer.features[name]["unit"], "low": window["low"], "high": window["high"],
            "p_value": weakest, "parts_outside": int(outside.sum()), "share_outside": float(outside.mean()),
            "avoidable": avoidable, "per_month": avoidable * MONTH_DAYS / days if days else None,
            "confidence": confidence(weakest, auc)}


def in_order(windows: list[dict], ranking: dict | None) -> list[dict]:
    """Windows in the order of their actions, those without one after."""
    ranked = [action["feature"] for action in (ranking or {}).get("items", [])]
    return sorted(windows, key=lambda w: ranked.index(w["feature"]) if w["feature"] in ranked else len(ranked))


# -- in words --------------------------------------------------------------------------------------------------
def describe(action: dict, label: str, parts: int, language: str, item: str) -> dict[str, str]:
    """An action's cells as people read them: setting, window, share outside, defects avoidable, confidence (`item`:
    what one row is made on, the spec's part or cell in the language)."""
    per_month = action["per_month"]
    avoidable = (t("avoidable_month", language, n=fixed(per_month, language, 1)) if per_month is not None else
                 t("avoidable_parts", language, n=fixed(action["avoidable"] / parts * 1000, language, 1), item=item))
    return {"setting": label, "window": span(action["low"], action["high"], action["unit"], language),
            "outside": percent(action["share_outside"], language), "avoidable": avoidable,
            "confidence": t(f"level_{action['confidence']}", language), "level": action["confidence"]}


def table_rows(ranking: dict, labels: dict[str, str], language: str, item: str) -> list[tuple[str, ...]]:
    """The first actions as table rows under `COLUMNS`: rank, setting, window, share outside, avoidable, confidence."""
    described = (describe(action, labels[action["feature"]], ranking["parts"], language, item)
                 for action in ranking["items"][:SHOWN])
    return [(str(rank), *(cells[key] for key in ("setting", "window", "outside", "avoidable", "confidence")))
            for rank, cells in enumerate(described, 1)]


def quality_words(metrics: dict, language: str) -> str:
    """The model's quality in plain words first: defects caught per 100 and real alarms per 10, or its error."""
    ebm = metrics["ebm"]
    if metrics["kind"] != "binary":
        return t("quality_words_values", language, mae=number(ebm["mae"], language))
    return t("quality_words", language, caught=round(ebm["recall"] * 100), real=round(ebm["precision"] * 10))


def reliability_words(metrics: dict, language: str, item: str) -> dict[str, str]:
    """The model's reliability label, its quality in words, and the figure behind them."""
    primary = metrics["primary"]
    return {"level": reliability(metrics), "headline": t("reliability_level", language,
                                                         level=t(f"level_{reliability(metrics)}", language)),
            "words": quality_words(metrics, language),
            "detail": t("quality_detail", language, metric=t(primary, language), parts=metrics["test_rows"], item=item,
                        ebm=fixed(metrics["ebm"][primary], language, 3),
                        baseline=fixed(metrics["baseline"][primary], language, 3))}


def alarm_caveat(metrics: dict, language: str, item: str) -> dict[str, str]:
    """What the alarm level is worth, said beside it: the model's reliability label and how far to act on an alarm."""
    level = reliability(metrics)
    return {"level": level, "headline": t("reliability_level", language, level=t(f"level_{level}", language)),
            "caveat": t(f"alarm_caveat_{level}", language, item=item)}


def method_note(ranking: dict, language: str, item: str) -> str:
    """How the actions were computed and what their confidence means (the ⓘ note beside them)."""
    days = ranking.get("days")
    return t("actions_method", language, parts=ranking["parts"], edge=STRONG_EDGE, item=item,
             period=t("method_days", language, days=fixed(days, language, 0)) if days else "",
             scale=t("scale_month" if days else "scale_parts", language, item=item),
             strong=fixed(STRONG_AUC, language, 1), fair=fixed(FAIR_AUC, language, 1))
