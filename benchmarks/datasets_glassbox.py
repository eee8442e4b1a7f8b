"""Does the glass box cost accuracy on real data? EBM vs black-box baseline, cross-validated, per data set.

Usage: .venv/bin/python benchmarks/datasets_glassbox.py [data set ...]   (default: every openable one)
"""
from __future__ import annotations

import sys
import time

from _common import scratch_engagements
from mfgxai.engagement.config import load_engagement
from mfgxai.ingest.catalogue import catalogue, open_dataset
from mfgxai.ingest.validate import validate_process
from mfgxai.model.fit import cross_validate

TRAILS_AUC, TRAILS_RMSE = 0.01, 0.02  # the glass box trails by more than 0.01 AUC or 2 % RMSE: look for why


def trails(cv: dict) -> bool:
    ebm, base = cv["ebm"]["mean"], cv["baseline"]["mean"]
    return base - ebm > TRAILS_AUC if cv["metric"] == "roc_auc" else ebm > base * (1 + TRAILS_RMSE)


def main(names: list[str]) -> None:
    print(f"{'data set':<32} {'rows':>6} {'metric':>8} {'EBM (mean ± sd)':>18} {'baseline (mean ± sd)':>21} "
          f"{'EBM fit s':>10} {'base fit s':>10} {'wall s':>7}")
    for entry in (e for e in catalogue().values() if e.openable and (not names or e.name in names)):
        open_dataset(entry.name)
        engagement = load_engagement(entry.slug)
        validated = validate_process(engagement, entry.process)
        started = time.perf_counter()
        cv = cross_validate(validated, exclude=tuple(engagement.process(entry.process).exclude))
        wall = time.perf_counter() - started
        ebm, base = cv["ebm"], cv["baseline"]
        print(f"{entry.name:<32} {cv['rows']:>6,} {cv['metric']:>8} {ebm['mean']:>9.3f} ± {ebm['sd']:.3f} "
              f"{base['mean']:>12.3f} ± {base['sd']:.3f} {ebm['fit_seconds']:>10.2f} {base['fit_seconds']:>10.2f} "
              f"{wall:>7.1f}{'  trails' if trails(cv) else ''}")
    print(f"\n{cv['folds']}-fold cross-validation × {cv['repeats']} repeats (stratified for binary targets); "
          "ROC AUC: higher is better, RMSE: lower is better. Fit times are per fold, one thread each. 'trails': the EBM "
          f"is behind by more than {TRAILS_AUC} AUC or {TRAILS_RMSE:.0%} RMSE (the guidebook's caveats say why).")


if __name__ == "__main__":
    with scratch_engagements():
        main(sys.argv[1:])
