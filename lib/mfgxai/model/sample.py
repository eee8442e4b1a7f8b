"""Fit on what the model needs: for a big training set, a sample of it grown until the EBM's terms stop moving.

Small sets are fitted whole. From `MFGXAI_FIT_ROWS` training rows on (default 200,000), the EBM is fitted on a
sample of that size stratified by the result and spread over the whole period, then on twice as many rows, and so
on, until no term moves by more than STABLE_LOGITS between two sizes (root mean square over probe rows of the
held-out parts, in log-odds or the target's units) or the whole training set is used. Evaluation, windows and every
observed rate still use every row.
"""
from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import pandas as pd

FIT_ROWS_VARIABLE = "MFGXAI_FIT_ROWS"
FIRST_SAMPLE = 200_000
STABLE_LOGITS = 0.05
PROBE_ROWS = 5_000


def first_sample() -> int:
    """The training rows fitted whole; bigger sets start from a sample of this size."""
    return int(os.environ.get(FIT_ROWS_VARIABLE, FIRST_SAMPLE))


def sample_rows(train: pd.DataFrame, target: str, kind: str, rows: int, seed: int) -> pd.DataFrame:
    """`rows` training rows: the same share of each result for a binary target, kept in their order (time)."""
    if rows >= len(train):
        return train
    share = rows / len(train)
    picked = (train.groupby(target, group_keys=False).sample(frac=share, random_state=seed) if kind == "binary"
              else train.sample(n=rows, random_state=seed))
    return train.loc[train.index.isin(picked.index)]


def _probe(held_out: pd.DataFrame, seed: int) -> pd.DataFrame:
    return held_out.sample(min(PROBE_ROWS, len(held_out)), random_state=seed)


def movement(before, after, probe: pd.DataFrame) -> float:
    """How far the terms two EBMs share moved: the largest root mean square difference over the probe rows."""
    old = dict(zip(before.term_names_, before.eval_terms(probe).T))
    new = dict(zip(after.term_names_, after.eval_terms(probe).T))
    return max(float(np.sqrt(np.mean((old[term] - new[term]) ** 2))) for term in old.keys() & new.keys())


def fit_until_stable(fit_on: Callable[[pd.DataFrame], object], train: pd.DataFrame, held_out: pd.DataFrame,
                     target: str, kind: str, seed: int) -> tuple[object, pd.DataFrame, dict]:
    """The EBM fitted by `fit_on(rows)` on the whole training set when it is small, else on the smallest sample
    whose terms no longer move on probe rows of `held_out`; the rows it was fitted on; and the check as the run's
    metrics record it (the rows of each size tried and how far the terms moved)."""
    rows, previous, steps = first_sample(), None, []
    while True:
        sample = sample_rows(train, target, kind, rows, seed)
        ebm = fit_on(sample)
        moved = None if previous is None else round(movement(previous, ebm, _probe(held_out, seed)), 4)
        steps.append({"rows": len(sample), "moved": moved})
        if len(sample) == len(train) or (moved is not None and moved < STABLE_LOGITS):
            return ebm, sample, {"train_rows": len(train), "fitted_rows": len(sample), "stable_below": STABLE_LOGITS,
                                 "steps": steps}
        previous, rows = ebm, rows * 2
