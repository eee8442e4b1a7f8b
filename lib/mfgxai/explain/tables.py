"""Tidy explanation tables from a fitted EBM: drivers, shapes, interactions, windows, reason codes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.fit import FittedModel, predict
from ..model.scoring import effects
from ..processes import Column

CONFIDENT_RISE = 0.1   # log-odds above the typical part's that count as a real rise (~10 % relative risk)
TAIL_SHARE = 0.005     # bins beyond these data quantiles hold too little data to set a window edge
MIN_GAP_SHARE = 0.03   # risky runs narrower than this share of the range inside a window are noise


def typical_part(model: FittedModel) -> pd.DataFrame:
    """The median setting of every numeric feature and the most common category: one row."""
    row = {}
    for f in model.features:
        values = model.train[f]
        row[f] = values.mode().iloc[0] if f in model.categorical else float(values.median())
    return pd.DataFrame([row])


def model_output(model: FittedModel, frame: pd.DataFrame) -> np.ndarray:
    """Defect probability in % (binary) or predicted value (continuous)."""
    out = predict(model, frame)
    return out * 100 if model.kind == "binary" else out


def _total(model: FittedModel, X: pd.DataFrame) -> np.ndarray:
    """The EBM's additive output: log-odds (binary) or the prediction itself (continuous)."""
    return model.ebm.decision_function(X) if model.kind == "binary" else model.ebm.predict(X)


def importances(model: FittedModel, columns: dict[str, Column], language: str = "en") -> pd.DataFrame:
    """Every term's average effect on the test parts, in percentage points (or target units)."""
    X = model.test[model.features]
    contributions, total = model.ebm.eval_terms(X), _total(model, X)
    rows = []
    for j, term in enumerate(model.ebm.term_names_):
        effect = np.abs(effects(total, contributions[:, j], model.kind))
        rows.append({"term": term, "kind": "pair" if " & " in term else "main",
                     "label": " × ".join(columns[t].label(language, False) for t in term.split(" & ")),
                     "importance": float(model.ebm.term_importances()[j]), "effect": float(effect.mean())})
    table = pd.DataFrame(rows).sort_values("effect", ascending=False, ignore_index=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def shapes(model: FittedModel) -> pd.DataFrame:
    """Each main term's shape on its physical scale, with the bag band and the typical-part risk."""
    explanation = model.ebm.explain_global()
    typical = typical_part(model)
    reference = float(model_output(model, typical)[0])
    tables = []
    for j, term in enumerate(model.ebm.term_names_):
        if " & " in term:
            continue
        d = explanation.data(j)
        names = d["names"]
        if term in model.categorical:
            x = pd.Series(names, dtype=object)
            part = {"category": names}
        else:
            edges = np.asarray(names, dtype=float)
            x = pd.Series((edges[:-1] + edges[1:]) / 2)
            part = {"x": x, "x_low": edges[:-1], "x_high": edges[1:]}
        probe = pd.concat([typical] * len(x), ignore_index=True)
        probe[term] = x.to_numpy()
        output = model_output(model, probe)
        density = _bin_counts(model.train[term], names, term in model.categorical)
        tables.append(pd.DataFrame({"feature": term, **part, "score": d["scores"],
                                    "score_low": d["lower_bounds"], "score_high": d["upper_bounds"],
                                    "count": density, "output": output, "effect": output - reference}))
    return pd.concat(tables, ignore_index=True)


def _bin_counts(values: pd.Series, names: list, categorical: bool) -> np.ndarray:
    if categorical:
        counts = values.value_counts()
        return np.array([int(counts.get(n, 0)) for n in names])
    counts, _ = np.histogram(values.dropna().to_numpy(float), bins=np.asarray(names, dtype=float))
    return counts


def interactions(model: FittedModel, top: int = 3) -> pd.DataFrame:
    """The strongest pairwise terms as tidy grids: (pair, x, y, score)."""
    explanation = model.ebm.explain_global()
    ranked = sorted(((model.ebm.term_importances()[j], j) for j, t in enumerate(model.ebm.term_names_)
                     if " & " in t), reverse=True)[:top]
    tables = []
    for _, j in ranked:
        d = explanation.data(j)
        left, right = model.ebm.term_names_[j].split(" & ")
        xs, ys = (_centres(d["left_names"], left in model.categorical),
                  _centres(d["right_names"], right in model.categorical))
        grid = np.asarray(d["scores"], dtype=float)
        xx, yy = np.meshgrid(np.arange(len(xs)), np.arange(len(ys)), indexing="ij")
        tables.append(pd.DataFrame({"pair": model.ebm.term_names_[j], "x": np.asarray(xs, dtype=object)[xx.ravel()],
                                    "y": np.asarray(ys, dtype=object)[yy.ravel()], "score": grid.ravel()}))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["pair", "x", "y", "score"])


def _centres(names: list, categorical: bool = False) -> list:
    """A numeric term's bin centres from its edges; a category term's names as they are (die codes 8412, 8573 too)."""
    if categorical:
        return list(names)
    try:
        edges = np.asarray(names, dtype=float)
    except (TypeError, ValueError):
        return list(names)
    return list((edges[:-1] + edges[1:]) / 2)


def risk_grid(model: FittedModel, x: str, y: str, steps: int = 40) -> pd.DataFrame:
    """Predicted output over a grid of two settings with everything else typical (e.g. the weld lobe)."""
    lo_hi = {f: model.train[f].quantile([TAIL_SHARE, 1 - TAIL_SHARE]).to_numpy() for f in (x, y)}
    gx, gy = (np.linspace(*lo_hi[f], steps) for f in (x, y))
    xx, yy = np.meshgrid(gx, gy, indexing="ij")
    probe = pd.concat([typical_part(model)] * xx.size, ignore_index=True)
    probe[x], probe[y] = xx.ravel(), yy.ravel()
    return pd.DataFrame({x: xx.ravel(), y: yy.ravel(), "output": model_output(model, probe)})


def local(model: FittedModel, frame: pd.DataFrame) -> pd.DataFrame:
    """Per-part contributions: (part, term, value, score, effect in pp or target units)."""
    X = frame[model.features]
    contributions, total = model.ebm.eval_terms(X), _total(model, X)
    rows = []
    for i in range(len(X)):
        for j, term in enumerate(model.ebm.term_names_):
            c = contributions[i, j]
            effect = effects(total[i], c, model.kind)
            value = " & ".join(str(X.iloc[i][t]) for t in term.split(" & "))
            rows.append({"part": frame.index[i], "term": term, "value": value, "score": float(c),
                         "effect": float(effect)})
    return pd.DataFrame(rows)


def binned_rate(data: pd.DataFrame, x: str, target: str, bins: int = 12) -> pd.DataFrame:
    """Observed defect rate per quantile bin of one setting."""
    groups = pd.qcut(data[x], bins, duplicates="drop")
    table = data.groupby(groups, observed=True)[target].agg(["mean", "size"]).reset_index()
    return pd.DataFrame({"centre": [iv.mid for iv in table[x]], "rate": table["mean"], "parts": table["size"]})


def binned_rate_map(data: pd.DataFrame, x: str, y: str, target: str, bins: int = 8) -> pd.DataFrame:
    """Observed defect rate on a grid of two settings (quantile bins)."""
    gx, gy = pd.qcut(data[x], bins, duplicates="drop"), pd.qcut(data[y], bins, duplicates="drop")
    table = data.groupby([gx, gy], observed=True)[target].mean().rename("rate").reset_index()
    table[x] = [iv.mid for iv in table[x]]
    table[y] = [iv.mid for iv in table[y]]
    return table
