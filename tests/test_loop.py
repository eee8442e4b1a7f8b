"""The consulting loop as a consultant runs it: a real run, advice recorded, the client's next file added, and the
new data compared with the advice — adoption, defect rate before and after, drift and the model on the new data."""
import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from conftest import make_engagement, module_engagements
from mfgxai.demo import client_frame
from mfgxai.errors import EngagementError
from mfgxai.loop.advice import AdvisedWindow, advice_in_force
from mfgxai.loop.change import capability, rate_change
from mfgxai.loop.drift import level, psi
from mfgxai.loop.modelcheck import auc_interval
from mfgxai.processes import get_spec
from mfgxai.runstore import latest_good

ROWS = 4_000


def _mfgxai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mfgxai", *args], capture_output=True, text=True, timeout=600)


def _next_month(path, window: AdvisedWindow, seed: int = 99) -> None:
    """The client's next file: the same export, later dates, weld current kept inside the advised window."""
    spec = get_spec("welding")
    low, high = window.low or window.high - 2, window.high or window.low + 2  # kA
    inside = {"mean": (low + high) / 2, "sd": (high - low) / 8}
    columns = tuple(c.model_copy(update={"demo": c.demo.model_copy(update=inside)}) if c.name == "weld_current" else c
                    for c in spec.columns)
    frame = client_frame("welding", "en", ROWS, seed, spec=spec.model_copy(update={"columns": columns}))
    time = next(h for h in frame.columns if h.startswith("Time"))
    frame[time] = (pd.to_datetime(frame[time]) + pd.Timedelta(days=190)).dt.strftime("%Y-%m-%d %H:%M:%S")
    frame.to_csv(path, index=False)


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """An engagement taken once round the loop: run, advise, add the next month, compare."""
    with module_engagements(tmp_path_factory, "loop") as root:
        make_engagement(root, "welding", slug="loop", rows=ROWS)
        ran = _mfgxai("run", "loop")
        assert ran.returncode == 0, ran.stdout + ran.stderr
        advised = _mfgxai("advise", "loop", "--note", "Keep weld current inside its window")
        assert advised.returncode == 0, advised.stdout + advised.stderr
        advice = advice_in_force("loop", "welding")
        current = next(w for w in advice.windows if w.feature == "weld_current")
        _next_month(root / "welding_next.csv", current)
        added = _mfgxai("add", "loop", "--data", str(root / "welding_next.csv"))
        compared = _mfgxai("compare", "loop", "--json")
        yield root, advice, added, compared


def test_advice_freezes_the_runs_windows(loop):
    root, advice, _, _ = loop
    explanations = json.loads((latest_good("loop", "welding").explanations_path).read_text(encoding="utf-8"))
    stated = {w["feature"]: (w["low"], w["high"]) for w in explanations["windows"] if w["low"] or w["high"]}
    assert {w.feature: (w.low, w.high) for w in advice.windows} == stated
    assert advice.note == "Keep weld current inside its window" and advice.data == ["welding_export.csv"]


def test_the_next_file_is_added_after_the_first(loop):
    root, _, added, _ = loop
    assert added.returncode == 0, added.stdout + added.stderr
    assert f"{ROWS:,} rows read" in added.stdout
    config = yaml.safe_load((root / "engagements" / "loop" / "engagement.yaml").read_text(encoding="utf-8"))
    assert config["processes"]["welding"]["data"] == ["data/welding_export.csv", "data/welding_next.csv"]
    again = _mfgxai("add", "loop", "--data", str(root / "welding_next.csv"))
    assert again.returncode == 1 and "already has data/welding_next.csv" in again.stdout


def test_the_comparison_shows_the_advice_followed_and_fewer_defects(loop):
    root, advice, _, compared = loop
    assert compared.returncode == 0, compared.stdout + compared.stderr
    figures = json.loads(compared.stdout)
    current = next(w for w in figures["adoption"] if w["feature"] == "weld_current")
    assert current["inside_before"] < 0.85 and current["inside_after"] > 0.97
    assert current["cpk_after"] > current["cpk_before"]
    rate = figures["defect_rate"]
    assert rate["verdict"] == "fell" and rate["high"] < 0 < rate["before"]["rate"] - rate["after"]["rate"]
    expected = figures["expected"]
    assert expected["expected_after"] < expected["expected_before"]
    assert expected["terms"][0]["term"] == "weld_current"  # the model puts the fall on the setting that moved
    assert figures["verdicts"][0].startswith("The defect rate fell from")
    saved = json.loads(latest_good("loop", "welding").comparison_path.read_text(encoding="utf-8"))
    assert saved["defect_rate"] == rate


def test_drift_is_found_where_the_settings_moved_and_nowhere_else(loop):
    _, _, _, compared = loop
    drift = {d["feature"]: d for d in json.loads(compared.stdout)["drift"]}
    assert drift["weld_current"]["level"] == "major" and drift["weld_current"]["windowed"]
    assert drift["weld_current"]["rank"] == 1  # ranked by the term's importance
    unchanged = [name for name in ("sheet_thickness", "electrode_force", "coating", "line") if name in drift]
    assert unchanged and all(drift[name]["level"] == "stable" for name in unchanged)


def test_the_model_is_checked_on_the_new_data(loop):
    _, _, _, compared = loop
    model = json.loads(compared.stdout)["model"]
    assert model["parts"] > 0.95 * ROWS and 0.5 < model["auc_low"] < model["auc"] < model["auc_high"] <= 1
    assert model["observed_low"] <= model["predicted_rate"] <= model["observed_high"]  # still calibrated


def test_compare_without_advice_or_new_data_says_what_to_do(engagements, tmp_path):
    make_engagement(tmp_path, "welding", slug="fresh", rows=2_000)
    result = _mfgxai("compare", "fresh")
    assert result.returncode == 1 and "mfgxai advise fresh --process welding" in result.stdout
    with pytest.raises(EngagementError, match="no finished run"):
        from mfgxai.loop.advice import advise

        advise("fresh", "welding")


def test_rate_change_says_when_the_data_cannot_tell():
    assert rate_change(pd.Series([0] * 50 + [1] * 2), pd.Series([0] * 60))["verdict"] == "too_little_data"
    unclear = rate_change(pd.Series([0] * 950 + [1] * 50), pd.Series([0] * 955 + [1] * 45))
    assert unclear["verdict"] == "unclear" and unclear["low"] < 0 < unclear["high"]
    fell = rate_change(pd.Series([0] * 900 + [1] * 100), pd.Series([0] * 970 + [1] * 30))
    assert fell["verdict"] == "fell" and fell["difference"] == pytest.approx(-0.07)


def test_the_statistics_match_their_textbook_values():
    assert psi(pd.Series([50, 50]).to_numpy(), pd.Series([50, 50]).to_numpy()) == 0
    assert psi(pd.Series([80, 20]).to_numpy(), pd.Series([20, 80]).to_numpy()) == pytest.approx(1.2 * 1.386294, 1e-5)
    assert level(0.3, 0.001) == "major" and level(0.3, 0.2) == "stable" and level(0.15, 0.001) == "moderate"
    low, high = auc_interval(0.8, 100, 900)  # Hanley & McNeil: se 0.02723 for these counts
    assert (low, high) == pytest.approx((0.8 - 1.95996 * 0.02723, 0.8 + 1.95996 * 0.02723), abs=1e-4)
    cp, cpk = capability(pd.Series([9.0, 10.0, 11.0]), AdvisedWindow(feature="x", low=7.0, high=13.0))
    assert (cp, cpk) == (1.0, 1.0)
    assert capability(pd.Series([9.0, 10.0, 11.0]), AdvisedWindow(feature="x", high=13.0)) == (None, 1.0)
