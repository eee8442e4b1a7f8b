"""The consulting loop's figures on big periods, against the advised run's own EBM fit time.

    .venv/bin/python benchmarks/loop_speed.py [--rows 1000000] [--run-rows 20000]

Runs a welding engagement of `--run-rows` rows (its EBM fit time is the baseline), then times drift, the model on
the new data, before/after, adoption, the expected change and the p-chart on `--rows` + `--rows` generated records
(the demo's next period: weld current inside its window, tip dressing every 1,500 welds), and prints the ratio.
"""
from __future__ import annotations

import argparse
import time

import pandas as pd
from _common import demo_engagement, scratch_engagements


def timed(label: str, call, *args):
    started = time.perf_counter()
    out = call(*args)
    seconds = time.perf_counter() - started
    print(f"  {label:32s} {seconds:7.2f} s", flush=True)
    return out, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--run-rows", type=int, default=20_000)
    args = parser.parse_args()
    with scratch_engagements() as scratch:
        from mfgxai.demo.clients import NEXT_PERIODS
        from mfgxai.loop.advice import AdvisedWindow
        from mfgxai.loop.change import adoption, expected_change, p_chart, rate_change
        from mfgxai.loop.drift import drift_table
        from mfgxai.loop.modelcheck import model_check
        from mfgxai.processes import get_spec
        from mfgxai.run.runner import run_process
        from mfgxai.model.scoring import Scorer
        from mfgxai.demo.synth import generate, next_period

        demo_engagement(scratch, "welding", "bench", args.run_rows)
        result = run_process("bench", "welding")
        assert result.ok, result.manifest.failure
        fit_seconds = result.run.metrics().model_extra["fit_seconds"]["ebm"]
        spec, run = get_spec("welding"), result.run
        scorer, explanations = Scorer.load(run.scoring_path), run.explanations()
        windows = [AdvisedWindow(feature=w["feature"], unit=w["unit"], low=w["low"], high=w["high"])
                   for w in explanations["windows"] if w["low"] is not None or w["high"] is not None]
        positive = spec.target.positive
        before = generate(spec, args.rows, 1)
        after = next_period(spec, args.rows, 2, NEXT_PERIODS["welding"])
        for frame in (before, after):
            frame["quality"] = (frame["quality"] == positive).astype(int)
        print(f"welding, {args.rows:,} + {args.rows:,} rows; the advised run's EBM fit on {args.run_rows:,} rows: "
              f"{fit_seconds:.2f} s")
        total = 0.0
        for label, call, call_args in (
                ("drift (PSI + KS/chi-square)", drift_table,
                 (before, after, scorer, explanations["importances"], {w.feature for w in windows})),
                ("model on the new data", model_check, (after, "quality", scorer, pd.read_parquet(run.holdout_path))),
                ("defect rate before/after", rate_change, (before["quality"], after["quality"])),
                ("adoption and Cp/Cpk", adoption, (before, after, windows, "quality")),
                ("expected change by term", expected_change, (before, after, scorer)),
                ("p-chart", p_chart, (before, after, spec.time_column, "quality"))):
            _, seconds = timed(label, call, *call_args)
            total += seconds
        print(f"  {'all figures':32s} {total:7.2f} s = {total / fit_seconds:.1f}× the EBM fit")


if __name__ == "__main__":
    main()
