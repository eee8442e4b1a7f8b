"""One process run per process at 20k rows: seconds end to end, EBM vs baseline, fit-time ratio.

Usage: .venv/bin/python benchmarks/run_process.py [--rows 20000] [--defaults]
--defaults also fits interpret's default EBM on the same split, to show what the chosen settings save.
"""
from __future__ import annotations

import argparse
import json
import time

from _common import demo_engagement, scratch_engagements

ROWS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--defaults", action="store_true")
    args = parser.parse_args()
    with scratch_engagements() as scratch:
        from mfgxai.processes import process_names
        from mfgxai.run.runner import run_process

        print(f"{'process':10s} {'run s':>7s} {'EBM AUC':>8s} {'base AUC':>8s} {'ΔAUC':>7s} "
              f"{'EBM fit s':>9s} {'base fit s':>10s} {'fit ratio':>9s}")
        for process in process_names():
            demo_engagement(scratch, process, "bench", args.rows)
            started = time.perf_counter()
            result = run_process("bench", process)
            seconds = time.perf_counter() - started
            assert result.ok, result.manifest.failure
            m = json.loads((result.folder / "metrics.json").read_text())
            ebm, base = m["ebm"]["roc_auc"], m["baseline"]["roc_auc"]
            fit = m["fit_seconds"]
            print(f"{process:10s} {seconds:7.1f} {ebm:8.4f} {base:8.4f} {ebm - base:+7.4f} "
                  f"{fit['ebm']:9.2f} {fit['baseline']:10.2f} {fit['ebm'] / fit['baseline']:9.1f}", flush=True)
            if args.defaults:
                _compare_defaults(process, args.rows)


def _compare_defaults(process: str, rows: int) -> None:
    """Fit interpret's default EBM on the same data and split as the chosen settings."""
    from interpret.glassbox import ExplainableBoostingClassifier
    from sklearn.metrics import roc_auc_score

    from mfgxai.model.fit import ebm_settings, split
    from mfgxai.processes import get_spec
    from mfgxai.demo.synth import generate

    spec = get_spec(process)
    frame = generate(spec, rows, seed=1)
    frame[spec.target.name] = (frame[spec.target.name] == spec.target.positive).astype(int)
    features = [c.name for c in spec.features]
    train, test = split(frame, spec.target.name, "binary", 0.2, 42, spec.time_column)
    for label, settings in (("default", {"random_state": 42}), ("chosen", ebm_settings(len(train), 42))):
        started = time.perf_counter()
        ebm = ExplainableBoostingClassifier(**settings).fit(train[features], train[spec.target.name])
        seconds = time.perf_counter() - started
        auc = roc_auc_score(test[spec.target.name], ebm.predict_proba(test[features])[:, 1])
        print(f"    {label:8s} EBM: fit {seconds:6.1f} s, AUC {auc:.4f}", flush=True)


if __name__ == "__main__":
    main()
