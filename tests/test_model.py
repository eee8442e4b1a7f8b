"""The EBM on demo data: deterministic, and it recovers the generator's ground truth."""
import numpy as np
import pandas as pd
import pytest
from mfgxai.demo.synth import generate
from mfgxai.explain import tables
from mfgxai.ingest.validate import ValidatedData
from mfgxai.model.fit import fit
from mfgxai.processes import get_spec, process_names

ROWS = 8_000


def demo_data(process: str, rows: int = ROWS, seed: int = 3) -> ValidatedData:
    spec = get_spec(process)
    frame = generate(spec, rows, seed)
    frame[spec.target.name] = (frame[spec.target.name] == spec.target.positive).astype(int)
    return ValidatedData(frame, pd.DataFrame(), list(spec.columns), spec.target.name, "binary", ["demo"])


@pytest.fixture(scope="module", params=process_names())
def fitted(request):
    spec = get_spec(request.param)
    return spec, fit(demo_data(request.param), seed=1, time_column=spec.time_column)


def test_ebm_is_as_good_as_the_black_box(fitted):
    spec, model = fitted
    metrics = model.metrics
    assert metrics["test_rows"] == ROWS // 5 and metrics["train_rows"] == ROWS - ROWS // 5
    assert "sample" not in metrics, "a training set this small is fitted whole"
    assert metrics["ebm"]["roc_auc"] > 0.65
    assert metrics["ebm"]["roc_auc"] >= metrics["baseline"]["roc_auc"] - 0.02


def test_top_drivers_are_true_drivers(fitted):
    spec, model = fitted
    truth = spec.truth
    true_drivers = set(truth.effects) | set(truth.interaction.columns) | set(truth.category_effects)
    columns = {c.name: c for c in spec.columns}
    ranked = tables.importances(model, columns)
    mains = [t for t in ranked["term"] if " & " not in t][:3]
    assert set(mains) <= true_drivers, mains
    assert " & ".join(truth.interaction.columns) in ranked["term"].head(6).tolist()


def test_one_sided_truths_have_the_right_direction(fitted):
    spec, model = fitted
    shapes = tables.shapes(model)
    for name, effect in spec.truth.effects.items():
        if (effect.low is None) == (effect.high is None):
            continue
        shape = shapes[(shapes["feature"] == name) & (shapes["count"] > 0)]
        low_end, high_end = shape["output"].iloc[:3].mean(), shape["output"].iloc[-3:].mean()
        assert (high_end > low_end) == (effect.high is not None), name


def test_same_seed_same_model():
    data = demo_data("welding", rows=3_000)
    first, second = fit(data, seed=5), fit(data, seed=5)
    assert first.metrics == second.metrics
    for a, b in zip(first.ebm.term_scores_, second.ebm.term_scores_):
        np.testing.assert_array_equal(a, b)


def test_time_split_holds_out_the_latest_parts():
    data = demo_data("pressing", rows=2_000)
    model = fit(data, seed=1, time_column="timestamp")
    assert model.train["timestamp"].max() <= model.test["timestamp"].min()
