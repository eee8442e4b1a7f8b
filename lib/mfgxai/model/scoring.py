"""Scoring parts and what-if settings from an EBM's lookup tables (scoring.json) with numpy, no interpret."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

FORMAT = "mfgxai-scoring/1"


def expit(x):
    """Log-odds to probability."""
    return 1 / (1 + np.exp(-x))


def effects(total, contributions, kind: str):
    """Each term's effect on the prediction: %p of defect risk (binary) or target units (continuous)."""
    if kind != "binary":
        return contributions
    return (expit(total) - expit(total - contributions)) * 100


def _category_key(value) -> str:
    """A category as interpret names it (whole floats lose their '.0')."""
    if isinstance(value, str):
        return value
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _numbers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Values as floats (NaN when missing) and a mask of the values that are no numbers at all."""
    if values.dtype.kind in "fiub":
        return values.astype(float), np.zeros(len(values), dtype=bool)
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(float, na_value=np.nan)
    return numbers, np.isnan(numbers) & ~pd.isna(values)


def bin_indexes(values: np.ndarray, bins, n_scores: int) -> np.ndarray:
    """Each value's bin as interpret finds it: missing → 0, then the bins, unknown → last."""
    if isinstance(bins, dict):
        return np.fromiter((0 if _missing(v) else bins.get(_category_key(v), n_scores - 1) for v in values),
                           dtype=np.int64, count=len(values))
    numbers, unknown = _numbers(values)
    index = np.searchsorted(bins, numbers, side="right") + 1
    index[np.isnan(numbers)] = 0
    index[unknown] = n_scores - 1
    return index


class Scorer:
    """An exported EBM: probability (or value) and per-term contributions for parts or what-if settings."""

    def __init__(self, tables: dict):
        if tables.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} table")
        self.kind, self.link, self.intercept = tables["kind"], tables["link"], tables["intercept"]
        self.features = {f["name"]: f for f in tables["features"]}
        self.terms = [{**t, "bins": [np.asarray(b, dtype=float) if isinstance(b, list) else b for b in t["bins"]],
                       "scores": np.asarray(t["scores"], dtype=float)} for t in tables["terms"]]
        self.term_names = [t["name"] for t in self.terms]

    @classmethod
    def load(cls, path: Path) -> "Scorer":
        """From a run's scoring tables (`RunFolder.scoring_path`)."""
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def typical(self) -> dict:
        """The typical part's settings: median of each number, most common category."""
        return {name: f["typical"] for name, f in self.features.items()}

    def contributions(self, frame) -> np.ndarray:
        """n parts × terms matrix of additive scores (log-odds or target units), like interpret's eval_terms."""
        columns, n = _columns(frame)
        missing = np.full(n, None, dtype=object)
        out = np.empty((n, len(self.terms)))
        for j, term in enumerate(self.terms):
            index = tuple(bin_indexes(columns.get(f, missing), bins, size)
                          for f, bins, size in zip(term["features"], term["bins"], term["scores"].shape))
            out[:, j] = term["scores"][index]
        return out

    def decision(self, contributions: np.ndarray) -> np.ndarray:
        """Intercept plus the terms, summed in interpret's order."""
        total = np.full(len(contributions), self.intercept)
        for j in range(contributions.shape[1]):
            total += contributions[:, j]
        return total

    def predict(self, frame) -> np.ndarray:
        """Defect probability (0–1) for binary models, the predicted value otherwise."""
        total = self.decision(self.contributions(frame))
        return expit(total) if self.link == "logit" else total

    def explain(self, settings: dict) -> tuple[float, pd.DataFrame]:
        """One part's prediction (% risk or value) and each term's score and effect (%p or units)."""
        scores = self.contributions(settings)
        total = self.decision(scores)
        output = float(expit(total[0]) * 100 if self.link == "logit" else total[0])
        table = pd.DataFrame({"term": self.term_names, "score": scores[0],
                              "effect": effects(total[0], scores[0], self.kind)})
        return output, table


def _columns(frame) -> tuple[dict[str, np.ndarray], int]:
    """Columns as arrays, and the number of parts, from a DataFrame, a dict of columns or one part's settings."""
    if isinstance(frame, pd.DataFrame):
        return {name: frame[name].to_numpy() for name in frame.columns}, len(frame)
    if all(np.ndim(v) == 0 for v in frame.values()):
        return {name: np.array([value]) for name, value in frame.items()}, 1
    columns = {name: np.asarray(values) for name, values in frame.items()}
    return columns, len(next(iter(columns.values())))
