"""Explanations vs the demo ground truth, per process: window errors and top-k driver agreement.

Usage: .venv/bin/python benchmarks/explanations_truth.py [--rows 20000] [--seeds 11 12 13] [--processes P …]
Window error = |found edge − true edge| as % of the parameter's physical range (and of its data range);
an open edge counts as the end of the data. Top-k agreement: share of the truth's k strongest drivers
(by how much the true log-odds move when one is shuffled) among the model's k strongest main terms.
"""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from mfgxai.explain import tables
from mfgxai.model.fit import fit
from mfgxai.processes import get_spec, process_names
from mfgxai.demo.synth import generate, true_logit, true_window
from mfgxai.ingest.validate import ValidatedData
from mfgxai.explain.windows import operating_windows

TOP_K = 3


def truth_ranking(spec, frame: pd.DataFrame) -> list[str]:
    """The truth's drivers, strongest first: how much the true log-odds move when one is shuffled."""
    base, rng = true_logit(spec, frame), np.random.default_rng(0)
    drivers = set(spec.truth.effects) | set(spec.truth.interaction.columns)
    moved = {}
    for name in drivers:
        shuffled = frame.copy()
        shuffled[name] = rng.permutation(shuffled[name].to_numpy())
        moved[name] = np.abs(true_logit(spec, shuffled) - base).mean()
    return sorted(moved, key=moved.get, reverse=True)


def window_errors(spec, frame, windows) -> list[tuple[str, float, float]]:
    errors = []
    for name in spec.truth.effects:
        if name not in windows.index:
            continue
        w, column = windows.loc[name], spec.column(name)
        for truth, got, end in zip(true_window(spec, name, frame), (w["low"], w["high"]),
                                   (w["data_low"], w["data_high"])):
            truth = end if truth is None else truth
            got = end if pd.isna(got) else got
            errors.append((name, abs(truth - got) / (column.high - column.low) * 100,
                           abs(truth - got) / (w["data_high"] - w["data_low"]) * 100))
    return errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    parser.add_argument("--processes", nargs="+", default=list(process_names()), choices=process_names())
    args = parser.parse_args()
    print(f"{'process':10s} {'seed':>4s} {'AUC':>6s} {'top-3':>6s} {'max err % range':>15s} "
          f"{'mean':>6s} {'max err % data':>14s} {'mean':>6s}")
    for process in args.processes:
        spec = get_spec(process)
        for seed in args.seeds:
            frame = generate(spec, args.rows, seed)
            frame[spec.target.name] = (frame[spec.target.name] == spec.target.positive).astype(int)
            data = ValidatedData(frame, pd.DataFrame(), list(spec.columns), spec.target.name, "binary", ["demo"])
            model = fit(data, seed=1, time_column=spec.time_column)
            columns = {c.name: c for c in spec.columns}
            ranked = [t for t in tables.importances(model, columns)["term"] if " & " not in t]
            agreement = len(set(ranked[:TOP_K]) & set(truth_ranking(spec, frame)[:TOP_K])) / TOP_K
            windows = operating_windows(model, tables.shapes(model), list(spec.columns)).set_index("feature")
            errors = np.array([e[1:] for e in window_errors(spec, frame, windows)])
            print(f"{process:10s} {seed:4d} {model.metrics['ebm']['roc_auc']:6.3f} {agreement:6.0%} "
                  f"{errors[:, 0].max():15.1f} {errors[:, 0].mean():6.1f} {errors[:, 1].max():14.1f} "
                  f"{errors[:, 1].mean():6.1f}", flush=True)


if __name__ == "__main__":
    main()
