"""The app's model-quality figures agree with scikit-learn's on random, tied and extreme cases."""
import subprocess
import sys

import numpy as np
import pytest
from mfgxai.model import heldout
from sklearn import metrics as skm


def _parts(seed: int, ties: bool) -> tuple[np.ndarray, np.ndarray]:
    """Random risks (rounded to a few levels when tied) and defects that grow likelier with risk."""
    rng = np.random.default_rng(seed)
    risk = rng.beta(1, 6, 800)
    if ties:
        risk = np.round(risk, 2)
    return risk, (rng.random(risk.size) < risk * 2).astype(int)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("ties", [False, True])
def test_curves_and_areas_match_sklearn(seed, ties):
    risk, defect = _parts(seed, ties)
    false_alarms, recall, cutoffs = heldout.roc_points(risk, defect)
    sk_false_alarms, sk_recall, sk_cutoffs = skm.roc_curve(defect, risk, drop_intermediate=False)
    np.testing.assert_allclose(false_alarms, sk_false_alarms)
    np.testing.assert_allclose(recall, sk_recall)
    np.testing.assert_allclose(cutoffs[1:], sk_cutoffs[1:])
    assert heldout.roc_auc(risk, defect) == pytest.approx(skm.roc_auc_score(defect, risk), rel=1e-12)
    pr_recall, precision, pr_cutoffs = heldout.pr_points(risk, defect)
    sk_precision, sk_pr_recall, sk_pr_cutoffs = skm.precision_recall_curve(defect, risk, drop_intermediate=False)
    np.testing.assert_allclose(pr_recall, sk_pr_recall[-2::-1])
    np.testing.assert_allclose(precision, sk_precision[-2::-1])
    np.testing.assert_allclose(pr_cutoffs, sk_pr_cutoffs[::-1])
    assert heldout.average_precision(risk, defect) == pytest.approx(skm.average_precision_score(defect, risk),
                                                                    rel=1e-12)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("cutoff", [0.0, 0.05, 0.1, 0.2, 0.5, 1.0, 1.5])
def test_confusion_matches_sklearn_at_any_cutoff(cutoff, ties):
    risk, defect = _parts(7, ties)
    alarm = (risk >= cutoff).astype(int)
    counts = heldout.confusion(risk, defect, cutoff)
    tn, fp, fn, tp = skm.confusion_matrix(defect, alarm, labels=[0, 1]).ravel()
    assert (counts["tn"], counts["fp"], counts["fn"], counts["tp"]) == (tn, fp, fn, tp)
    assert counts["recall"] == pytest.approx(skm.recall_score(defect, alarm))
    assert counts["alarm_share"] == pytest.approx(alarm.mean())
    assert counts["false_alarm_rate"] == pytest.approx(fp / (fp + tn))
    if alarm.any():
        assert counts["precision"] == pytest.approx(skm.precision_score(defect, alarm))
    else:
        assert np.isnan(counts["precision"])


def test_a_cutoff_at_a_tied_risk_raises_the_alarm_for_every_tied_part():
    risk, defect = np.array([0.1, 0.3, 0.3, 0.3, 0.9]), np.array([0, 1, 0, 1, 1])
    assert heldout.confusion(risk, defect, 0.3) == pytest.approx(
        {"tp": 3, "fp": 1, "fn": 0, "tn": 1, "recall": 1.0, "precision": 0.75, "false_alarm_rate": 0.5,
         "alarm_share": 0.8})


def test_errors_match_sklearn():
    rng = np.random.default_rng(3)
    observed = rng.normal(50, 5, 500)
    prediction = observed + rng.normal(0, 2, 500)
    found = heldout.errors(prediction, observed)
    assert found["rmse"] == pytest.approx(np.sqrt(skm.mean_squared_error(observed, prediction)))
    assert found["mae"] == pytest.approx(skm.mean_absolute_error(observed, prediction))


def test_quality_does_not_import_sklearn():
    code = "import sys; import mfgxai.model.heldout; assert 'sklearn' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
