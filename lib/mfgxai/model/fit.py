"""EBM glass-box models: split, fit, evaluate against a black-box baseline, save and load."""
from __future__ import annotations

import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn import metrics as skm
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.model_selection import (
    GroupKFold,
    RepeatedKFold,
    RepeatedStratifiedKFold,
    StratifiedGroupKFold,
    train_test_split,
)
from threadpoolctl import threadpool_limits

from ..engagement.runstore import sha256
from ..errors import MfgxaiError
from ..ingest.validate import ITEM, ValidatedData
from .sample import fit_until_stable

EBM_JOBS_VARIABLE = "MFGXAI_EBM_JOBS"  # set by batch runs so workers × EBM jobs stay within the cores
SMALL_DATA_ROWS = 1_000  # below this, one held-out split is too noisy: runs also cross-validate
CV_FOLDS, CV_REPEATS = 5, 2
SMALL_DATA_MAX_ROUNDS = 1_000  # tiny sets otherwise boost for tens of thousands of rounds without gain


def ebm_settings(n_rows: int, seed: int, n_jobs: int | None = None) -> dict:
    """EBM settings chosen for speed at equal accuracy (see README, 'Model settings')."""
    return {
        "outer_bags": 8 if n_rows < 5_000 else 4,
        "interactions": 5,
        "n_jobs": n_jobs or int(os.environ.get(EBM_JOBS_VARIABLE, 0)) or os.cpu_count() or 1,
        "random_state": seed,
        **({"max_rounds": SMALL_DATA_MAX_ROUNDS} if n_rows < SMALL_DATA_ROWS else {}),
    }


@dataclass
class FittedModel:
    """An EBM with the split, features and metrics it was evaluated on."""

    ebm: object
    baseline: object
    features: list[str]
    categorical: list[str]
    kind: str
    train: pd.DataFrame
    test: pd.DataFrame
    target: str
    metrics: dict
    threshold: float | None = None
    fit_seconds: dict | None = None


def _item_folds(data: pd.DataFrame, target: str, kind: str, n_splits: int, seed: int):
    """(train, test) row positions of k folds that keep each item's rows together (stratified if binary)."""
    splitter = (StratifiedGroupKFold if kind == "binary" else GroupKFold)(n_splits=n_splits, shuffle=True,
                                                                           random_state=seed)
    return splitter.split(data, data[target] if kind == "binary" else None, data[ITEM])


def cv_folds(data: pd.DataFrame, target: str, kind: str, folds: int, repeats: int, seed: int):
    """Repeated k-fold row positions: by item when rows were grouped, else (stratified) by row."""
    if ITEM in data.columns:
        return (fold for repeat in range(repeats) for fold in _item_folds(data, target, kind, folds, seed + repeat))
    splitter = (RepeatedStratifiedKFold if kind == "binary" else RepeatedKFold)(
        n_splits=folds, n_repeats=repeats, random_state=seed)
    return splitter.split(data, data[target] if kind == "binary" else None)


def _in_time_order(data: pd.DataFrame, time_column: str) -> pd.DataFrame:
    """Rows by time; an item's rows side by side, at the time of its first row."""
    if ITEM not in data.columns:
        return data.sort_values(time_column, kind="stable")
    start = data.groupby(ITEM)[time_column].transform("min").rename("__start")
    return data.join(start).sort_values(["__start", ITEM], kind="stable").drop(columns="__start")


def split(data: pd.DataFrame, target: str, kind: str, test_size: float, seed: int,
          time_column: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out the latest parts when there is a timestamp, else a stratified random share.

    Rows of one item (several measurements of one weld, see `group_by`) stay on one side.
    """
    if time_column and time_column in data.columns and data[time_column].notna().all():
        ordered = _in_time_order(data, time_column)
        cut = int(round(len(ordered) * (1 - test_size)))
        if ITEM in ordered.columns:  # move the cut past the rest of the item it falls in
            items = ordered[ITEM].to_numpy()
            while 0 < cut < len(items) and items[cut] == items[cut - 1]:
                cut += 1
        train, test = ordered.iloc[:cut], ordered.iloc[cut:]
        if kind != "binary" or test[target].nunique() == 2:
            return train, test
    if ITEM in data.columns:
        train_rows, test_rows = next(_item_folds(data, target, kind, max(2, round(1 / test_size)), seed))
        return data.iloc[train_rows], data.iloc[test_rows]
    stratify = data[target] if kind == "binary" else None
    return train_test_split(data, test_size=test_size, random_state=seed, stratify=stratify)


def _baseline_frame(frame: pd.DataFrame, categorical: list[str], reference: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for c in categorical:
        out[c] = pd.Categorical(out[c], categories=sorted(reference[c].dropna().unique()))
    return out


def _estimators(kind: str, features: list[str], categorical: list[str], n_rows: int, seed: int,
                n_jobs: int | None):
    """A fresh EBM and black-box baseline for the target kind, with the settings used. Feature types come
    from the spec, never from the values: a line written 1/2 is a category, not a number."""
    from interpret.glassbox import ExplainableBoostingClassifier, ExplainableBoostingRegressor

    settings = ebm_settings(n_rows, seed, n_jobs)
    types = ["nominal" if f in categorical else "continuous" for f in features]
    if kind == "binary":
        return (ExplainableBoostingClassifier(feature_names=features, feature_types=types, **settings),
                HistGradientBoostingClassifier(random_state=seed, categorical_features="from_dtype"), settings)
    return (ExplainableBoostingRegressor(feature_names=features, feature_types=types, **settings),
            HistGradientBoostingRegressor(random_state=seed, categorical_features="from_dtype"), settings)


def _fit_ebm(ebm, rows: pd.DataFrame, features: list[str], target: str, kind: str):
    with warnings.catch_warnings():  # EBMs model missing values natively; interpret warns regardless
        warnings.filterwarnings("ignore", message="Missing values detected")
        return ebm.fit(rows[features], rows[target].astype(int if kind == "binary" else float))


def _fit_both(ebm, baseline, train: pd.DataFrame, features: list[str], categorical: list[str], target: str,
              kind: str) -> dict:
    """Fit both models on the same rows; returns each one's fit seconds."""
    started = time.perf_counter()
    _fit_ebm(ebm, train, features, target, kind)
    ebm_seconds = time.perf_counter() - started
    baseline.fit(_baseline_frame(train[features], categorical, train), train[target])
    return {"ebm": round(ebm_seconds, 3), "baseline": round(time.perf_counter() - started - ebm_seconds, 3)}


def _modelling_frame(validated: ValidatedData, exclude: tuple[str, ...]) -> tuple[pd.DataFrame, list[str], list[str]]:
    data = validated.data
    features = [c.name for c in validated.features if c.name not in exclude  # a column with no value explains nothing
                and (c.name not in data or data[c.name].notna().any())]
    categorical = [c.name for c in validated.features if c.kind == "category" and c.name in features]
    data = validated.data.copy()
    for c in categorical:
        data[c] = data[c].astype(object)
    return data, features, categorical


def fit(validated: ValidatedData, seed: int = 42, test_size: float = 0.2, exclude: tuple[str, ...] = (),
        time_column: str | None = None, n_jobs: int | None = None) -> FittedModel:
    """Fit the EBM and the black-box baseline on the same rows and evaluate both on every held-out row; a big
    training set is fitted on a sample grown until the EBM is stable (see `sample`)."""
    data, features, categorical = _modelling_frame(validated, exclude)
    kind, target = validated.target_kind, validated.target
    train, test = split(data, target, kind, test_size, seed, time_column)
    started = time.perf_counter()
    ebm, fitted, check = fit_until_stable(
        lambda rows: _fit_ebm(_estimators(kind, features, categorical, len(rows), seed, n_jobs)[0], rows, features,
                              target, kind), train, test[features], target, kind, seed)
    ebm_seconds = time.perf_counter() - started
    _, baseline, settings = _estimators(kind, features, categorical, len(fitted), seed, n_jobs)
    baseline.fit(_baseline_frame(fitted[features], categorical, fitted), fitted[target])
    fit_seconds = {"ebm": round(ebm_seconds, 3), "baseline": round(time.perf_counter() - started - ebm_seconds, 3)}
    model = FittedModel(ebm, baseline, features, categorical, kind, train, test, target, {}, fit_seconds=fit_seconds)
    model.metrics, model.threshold = evaluate(model)
    model.metrics["settings"] = {k: v for k, v in settings.items() if k != "n_jobs"}
    if check["fitted_rows"] < check["train_rows"] or len(check["steps"]) > 1:
        model.metrics["sample"] = check
    return model


def cross_validate(validated: ValidatedData, seed: int = 42, exclude: tuple[str, ...] = (),
                   folds: int = CV_FOLDS, repeats: int = CV_REPEATS, n_jobs: int = 1) -> dict:
    """Repeated (stratified) k-fold of EBM and baseline: primary metric and fit time, mean and sd (one thread each)."""
    with threadpool_limits(n_jobs):
        return _cross_validate(validated, seed, exclude, folds, repeats, n_jobs)


def _cross_validate(validated: ValidatedData, seed: int, exclude: tuple[str, ...], folds: int, repeats: int,
                    n_jobs: int) -> dict:
    data, features, categorical = _modelling_frame(validated, exclude)
    kind, target = validated.target_kind, validated.target
    primary = "roc_auc" if kind == "binary" else "rmse"
    scores = {"ebm": [], "baseline": []}
    seconds = {"ebm": [], "baseline": []}
    for train_rows, test_rows in cv_folds(data, target, kind, folds, repeats, seed):
        train, test = data.iloc[train_rows], data.iloc[test_rows]
        ebm, baseline, _ = _estimators(kind, features, categorical, len(train), seed, n_jobs)
        for name, value in _fit_both(ebm, baseline, train, features, categorical, target, kind).items():
            seconds[name].append(value)
        model = FittedModel(ebm, baseline, features, categorical, kind, train, test, target, {})
        truth = test[target].to_numpy()
        for name, p in (("ebm", predict(model, test)), ("baseline", _baseline_predict(model, test))):
            scores[name].append(skm.roc_auc_score(truth, p) if kind == "binary"
                                else np.sqrt(skm.mean_squared_error(truth, p)))
    return {"metric": primary, "folds": folds, "repeats": repeats, "rows": len(data),
            **({"items": data[ITEM].nunique()} if ITEM in data.columns else {}),
            **{name: {"mean": float(np.mean(scores[name])), "sd": float(np.std(scores[name], ddof=1)),
                      "fit_seconds": float(np.mean(seconds[name]))} for name in scores}}


def predict(model: FittedModel, frame: pd.DataFrame) -> np.ndarray:
    """Defect probability (binary) or predicted value (continuous) from the EBM."""
    X = frame[model.features]
    return model.ebm.predict_proba(X)[:, 1] if model.kind == "binary" else model.ebm.predict(X)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability cut-off with the best F1 on the training parts."""
    precision, recall, thresholds = skm.precision_recall_curve(y, p)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[np.argmax(f1[:-1])])


def _classification(y: np.ndarray, p: np.ndarray, threshold: float) -> dict:
    predicted = (p >= threshold).astype(int)
    tn, fp, fn, tp = skm.confusion_matrix(y, predicted, labels=[0, 1]).ravel()
    return {"roc_auc": float(skm.roc_auc_score(y, p)), "pr_auc": float(skm.average_precision_score(y, p)),
            "recall": float(skm.recall_score(y, predicted, zero_division=0)),
            "precision": float(skm.precision_score(y, predicted, zero_division=0)),
            "confusion": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)}}


def _regression(y: np.ndarray, p: np.ndarray) -> dict:
    return {"rmse": float(np.sqrt(skm.mean_squared_error(y, p))), "mae": float(skm.mean_absolute_error(y, p)),
            "r2": float(skm.r2_score(y, p))}


def evaluate(model: FittedModel) -> tuple[dict, float | None]:
    """Held-out metrics of the EBM and the baseline, side by side."""
    y = model.test[model.target].to_numpy()
    p_ebm = predict(model, model.test)
    p_base = _baseline_predict(model, model.test)
    split_info = {"train_rows": len(model.train), "test_rows": len(model.test)}
    if ITEM in model.test.columns:  # rows grouped into items (see `group_by`): count the items too
        split_info.update(train_items=model.train[ITEM].nunique(), test_items=model.test[ITEM].nunique())
    if model.kind == "binary":
        threshold = _best_threshold(model.train[model.target].to_numpy(), predict(model, model.train))
        base_threshold = _best_threshold(model.train[model.target].to_numpy(),
                                         _baseline_predict(model, model.train))
        return {"kind": "binary", "primary": "roc_auc", "threshold": threshold, **split_info,
                "defect_rate_train": float(model.train[model.target].mean()),
                "defect_rate_test": float(y.mean()),
                "ebm": _classification(y, p_ebm, threshold),
                "baseline": _classification(y, p_base, base_threshold)}, threshold
    return {"kind": "continuous", "primary": "rmse", **split_info,
            "ebm": _regression(y, p_ebm), "baseline": _regression(y, p_base)}, None


def _baseline_predict(model: FittedModel, frame: pd.DataFrame) -> np.ndarray:
    X = _baseline_frame(frame[model.features], model.categorical, model.train)
    return model.baseline.predict_proba(X)[:, 1] if model.kind == "binary" else model.baseline.predict(X)


def save_model(model: FittedModel, path: Path) -> str:
    """The EBM only, as joblib; returns its sha256 for the manifest."""
    joblib.dump({"ebm": model.ebm, "features": model.features, "kind": model.kind,
                 "threshold": model.threshold, "target": model.target}, path, compress=3)
    return sha256(path)


def load_model(path: Path, expected_sha256: str) -> dict:
    """Load a run's model file only if it is the file the run recorded (unpickling runs code)."""
    if sha256(path) != expected_sha256:
        raise MfgxaiError(f"{path}: the model file does not match its run manifest; refusing to load it.")
    return joblib.load(path)

