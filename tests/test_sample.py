"""A big training set is fitted on a sample grown until the EBM's terms stop moving; it is judged on every row."""
import pytest
from mfgxai.explain.narrate import sample_sentence
from mfgxai.model import sample
from mfgxai.model.fit import fit
from test_model import demo_data

ROWS = 2_500  # 2,000 training rows: samples of 250, 500, 1,000 and the whole 2,000 (smaller sets are fitted whole)


def test_samples_grow_until_the_terms_stop_moving_and_every_row_is_judged(monkeypatch):
    monkeypatch.setenv(sample.FIT_ROWS_VARIABLE, "250")
    monkeypatch.setattr(sample, "STABLE_LOGITS", 0.0)  # never stable: every size up to the whole set
    model = fit(demo_data("welding", ROWS), seed=1, time_column="timestamp")
    check = model.metrics["sample"]
    assert [step["rows"] for step in check["steps"]] == [250, 500, 1_000, 2_000]
    assert check["steps"][0]["moved"] is None and all(step["moved"] > 0 for step in check["steps"][1:])
    assert check["fitted_rows"] == check["train_rows"] == 2_000
    assert model.metrics["test_rows"] == 500, "evaluated on every held-out row"


def test_a_stable_sample_stops_the_growth_and_keeps_each_results_share(monkeypatch):
    monkeypatch.setenv(sample.FIT_ROWS_VARIABLE, "250")
    monkeypatch.setattr(sample, "STABLE_LOGITS", 10.0)  # any second size is stable enough
    data = demo_data("welding", ROWS)
    model = fit(data, seed=1, time_column="timestamp")
    check = model.metrics["sample"]
    assert check["fitted_rows"] == 500 and len(check["steps"]) == 2 and check["steps"][1]["moved"] < 10
    assert model.metrics["train_rows"] == 2_000 and model.metrics["test_rows"] == 500
    picked = sample.sample_rows(model.train, model.target, "binary", 500, 1)
    assert picked[model.target].mean() == pytest.approx(model.train[model.target].mean(), abs=0.003)
    assert picked.index.is_monotonic_increasing == model.train.index.is_monotonic_increasing, "kept in time order"
    assert sample_sentence(model.metrics, "en", "part") == (
        "It was trained on 500 of the 2,500 parts, a sample grown until more rows no longer changed what it learnt, "
        "and checked on all 500 held-out parts.")
    assert "부품 2,500개 중 500개로 학습" in sample_sentence(model.metrics, "ko", "부품")
