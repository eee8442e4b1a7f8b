"""What a run publishes for the app: the EBM as plain lookup tables (scoring.json) and every held-out part."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..engagement.runstore import RunFolder, write_json
from ..model.fit import FittedModel, predict
from ..model.scoring import FORMAT
from ..processes import Column
from .tables import TAIL_SHARE, typical_part


def _plain(x):
    """A JSON-safe number: None for missing, a Python float otherwise."""
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _feature(model: FittedModel, column: Column, typical, window: dict | None) -> dict:
    """A feature's labels, unit, physical and data range, typical value, categories and operating window."""
    meta = {"name": column.name, "en": column.en, "ko": column.ko, "unit": column.unit, "kind": column.kind,
            "role": column.role, "low": column.low, "high": column.high}
    if column.name in model.categorical:
        bins = model.ebm.bins_[model.features.index(column.name)][0]
        return {**meta, "typical": str(typical), "categories": list(bins), "window": None,
                "category_ko": {c: name for c, name in column.category_ko.items() if c in bins}}
    values = model.train[column.name]
    quantiles = values.quantile([TAIL_SHARE, 1 - TAIL_SHARE])
    return {**meta, "typical": _plain(typical), "data_min": _plain(values.min()), "data_max": _plain(values.max()),
            "data_low": _plain(quantiles.iloc[0]), "data_high": _plain(quantiles.iloc[1]),
            "window": {"low": _plain(window["low"]), "high": _plain(window["high"])} if window else None}


def _bins(ebm, feature: int, n_features: int):
    """The binning interpret applies to a feature inside a term of n features (pairs may bin coarser)."""
    levels = ebm.bins_[feature]
    bins = levels[min(len(levels), n_features) - 1]
    return dict(bins) if isinstance(bins, dict) else bins.tolist()


def tables(model: FittedModel, columns: dict[str, Column], windows: pd.DataFrame) -> dict:
    """The fitted EBM as plain data: intercept, per term its bins and scores, per feature its metadata."""
    ebm = model.ebm
    typical = typical_part(model).iloc[0]
    by_feature = {w["feature"]: w for w in windows.to_dict("records")} if not windows.empty else {}
    names = list(ebm.feature_names_in_)
    terms = [{"name": name, "features": [names[i] for i in idx],
              "bins": [_bins(ebm, i, len(idx)) for i in idx], "scores": np.asarray(scores).tolist()}
             for name, idx, scores in zip(ebm.term_names_, ebm.term_features_, ebm.term_scores_)]
    return {"format": FORMAT, "kind": model.kind, "link": ebm.link_,
            "intercept": float(np.ravel(ebm.intercept_)[0]), "threshold": model.threshold,
            "features": [_feature(model, columns[f], typical[f], by_feature.get(f)) for f in model.features],
            "terms": terms}


def held_out_parts(model: FittedModel, columns: dict[str, Column]) -> pd.DataFrame:
    """Every held-out part, riskiest first, with its id and time, settings and observed result: the app finds any of
    them by id or date."""
    test = model.test.assign(_risk=predict(model, model.test))
    keys = [c.name for c in columns.values() if c.role in ("id", "time") and c.name in test]
    return test.sort_values("_risk", ascending=False, kind="stable")[
        keys + model.features + [model.target]].reset_index(drop=True)


def holdout(model: FittedModel) -> pd.DataFrame:
    """Every held-out part's model output and observed result only: risk and defect, or prediction and observed."""
    output, observed = predict(model, model.test), model.test[model.target].to_numpy()
    if model.kind == "binary":
        return pd.DataFrame({"risk": output, "defect": observed.astype(int)})
    return pd.DataFrame({"prediction": output, "observed": observed.astype(float)})


def export(model: FittedModel, columns: dict[str, Column], windows: pd.DataFrame, run: RunFolder) -> None:
    """The scoring tables, held-out parts and outputs: what the app needs to score, explain and judge the model."""
    write_json(run.scoring_path, tables(model, columns, windows), indent=None)
    held_out_parts(model, columns).to_parquet(run.parts_path, index=False)
    holdout(model).to_parquet(run.holdout_path, index=False)
