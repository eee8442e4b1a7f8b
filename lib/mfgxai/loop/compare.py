"""The loop's figures for a process: the data since the advice against the data the advice was drawn from — drift,
the model on the new data, defect rates before and after, adoption of each window — and the verdicts in words."""
from __future__ import annotations

import json

import pandas as pd

from ..engagement.config import load_engagement
from ..engagement.runstore import find_run, latest_good, write_json
from ..errors import EngagementError
from ..ingest.checks import SOURCE_FILE
from ..ingest.validate import ValidatedData, validate_process
from ..model.scoring import Scorer
from ..processes import get_spec
from .advice import Advice, advice_in_force, advised_run
from .change import adoption, expected_change, p_chart, rate_change
from .drift import drift_table
from .modelcheck import model_check
from .view import verdicts


def _periods(slug: str, process: str, advice: Advice,
             validated: ValidatedData | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The accepted rows of the advised run's files (before) and of every file added since (after)."""
    if validated is None:
        validated = validate_process(load_engagement(slug), process, check=False)
    data = validated.data
    before = data[data[SOURCE_FILE].isin(advice.data)]
    after = data[~data[SOURCE_FILE].isin(advice.data)]
    if after.empty:
        raise EngagementError(f"{slug}/{process}: no data since the advice of {advice.advised[:10]}. Add the client's "
                              f"new file with `mfgxai add {slug} --process {process} --data <file>`.")
    return before, after, sorted(set(after[SOURCE_FILE]))


def compare(slug: str, process: str, validated: ValidatedData | None = None, language: str | None = None) -> dict:
    """Every figure of the loop for the advice in force, as plain JSON-ready data (see the README); `validated`:
    the process's data already checked (a run's), `language`: of the verdicts (the engagement's by default)."""
    advice = advice_in_force(slug, process)
    if advice is None:
        raise EngagementError(f"{slug}/{process}: no advice recorded yet. Record it with "
                              f"`mfgxai advise {slug} --process {process}`.")
    run = advised_run(slug, advice)
    if run.metrics().kind != "binary":
        raise EngagementError(f"{slug}/{process}: before/after comparisons are made for pass/fail results; this "
                              "process has a measured result.")
    spec, language = get_spec(process), language or load_engagement(slug).language
    before, after, added = _periods(slug, process, advice, validated)
    target, scorer = spec.target.name, Scorer.load(run.scoring_path)
    drift = drift_table(before, after, scorer, run.explanations()["importances"], {w.feature for w in advice.windows})
    figures = {"process": process, "language": language, "advice": advice.model_dump(), "after_files": added,
               "drift": drift.to_dict("records"),
               "model": model_check(after, target, scorer, pd.read_parquet(run.holdout_path)),
               "defect_rate": rate_change(before[target], after[target]),
               "adoption": adoption(before, after, advice.windows, target).to_dict("records"),
               "expected": expected_change(before, after, scorer)}
    if spec.time_column in before:
        chart = p_chart(before, after, spec.time_column, target)
        figures["p_chart"] = json.loads(chart.to_json(orient="records", date_format="iso"))
    figures["verdicts"] = verdicts(figures, scorer, language)
    return figures


def since_advice(slug: str, process: str, validated: ValidatedData, language: str) -> dict | None:
    """A run's comparison: the figures when advice is in force, the data holds files added since and the result is
    pass/fail and the advised run is still there (its model scores both periods); None otherwise: the run's
    report then has no section on what changed (`mfgxai compare` says why)."""
    advice = advice_in_force(slug, process)
    if advice is None or validated.target_kind != "binary" or find_run(slug, process, advice.run_id) is None:
        return None
    if not set(validated.data[SOURCE_FILE].astype(str)) - set(advice.data):
        return None
    return compare(slug, process, validated, language)


def save_comparison(slug: str, process: str, figures: dict) -> None:
    """Keep the figures in the latest good run's folder, beside what that run found."""
    run = latest_good(slug, process)
    if run is not None:
        write_json(run.comparison_path, figures)
