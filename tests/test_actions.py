"""Actions first: settings ranked by the defects their window would avoid, with a confidence, and the model's
reliability in words — on a scorer small enough to work out by hand, and on a small saved run."""
import html
import math
import re

import numpy as np
import pandas as pd
import pytest
from conftest import saved_run
from mfgxai.app import overview
from mfgxai.explain import actions, narrate
from mfgxai.model.scoring import FORMAT, Scorer
from mfgxai.processes import get_spec


def logit(p: float) -> float:
    return math.log(p / (1 - p))


BASE = logit(0.1)  # every setting inside its window: 10 % risk
HAND = Scorer({
    "format": FORMAT, "kind": "binary", "link": "logit", "intercept": BASE,
    "features": [{"name": "x", "unit": "kA"}, {"name": "y", "unit": "ms"}],
    "terms": [  # x below 10: 50 %, above 20: 30 %; y from 100: 60 %
        {"name": "x", "features": ["x"], "bins": [[10.0, 20.0]],
         "scores": [0, logit(0.5) - BASE, 0, logit(0.3) - BASE, 0]},
        {"name": "y", "features": ["y"], "bins": [[100.0]], "scores": [0, 0, logit(0.6) - BASE, 0]}]})
PARTS = pd.DataFrame({"x": [5, 5, 15, 15, 25, 25, 25, 15, 15, 15],
                      "y": [50, 50, 50, 50, 50, 50, 50, 150, 150, 50],
                      "when": pd.date_range("2026-03-01", periods=10, freq="D") + pd.to_timedelta(np.arange(10) / 9,
                                                                                                   unit="D")})
WINDOWS = [{"feature": "x", "low": 10.0, "high": 20.0, "p_low": 0.0004, "p_high": 0.002},
           {"feature": "y", "low": None, "high": 100.0, "p_low": None, "p_high": 0.0001},
           {"feature": "z", "low": 1.0, "high": None, "p_low": 0.0001, "p_high": None}]  # not a model feature


def test_actions_rank_by_defects_avoidable_worked_out_by_hand():
    ranking = actions.rank(HAND, PARTS, WINDOWS, auc=0.85, time_column="when")
    assert ranking["parts"] == 10 and ranking["days"] == pytest.approx(10.0)  # 1 March 00:00 to 11 March 00:00
    x, y = ranking["items"]
    # x: two parts at 50 % and three at 30 % move to the edges (10 kA; just below 20 kA), 10 % each
    assert x["avoidable"] == pytest.approx(2 * 0.4 + 3 * 0.2, rel=1e-12)
    assert x["per_month"] == pytest.approx(1.4 * 30.4375 / 10, rel=1e-12)
    assert (x["parts_outside"], x["share_outside"], x["p_value"], x["confidence"]) == (5, 0.5, 0.002, "medium")
    # y: two parts at 60 % move just below 100 ms
    assert y["avoidable"] == pytest.approx(2 * 0.5, rel=1e-12) and y["per_month"] == pytest.approx(3.04375)
    assert (y["feature"], y["unit"], y["low"], y["high"], y["share_outside"], y["confidence"]) == (
        "y", "ms", None, 100.0, 0.2, "high")


def test_only_the_edges_parts_cross_count_as_evidence():
    below_only = PARTS[PARTS["x"] < 20]
    y, x = actions.rank(HAND, below_only, WINDOWS, auc=0.85)["items"]  # x avoids 0.8 defects now, y 1.0
    assert (y["feature"], x["avoidable"]) == ("y", pytest.approx(0.8, rel=1e-12))
    assert x["p_value"] == 0.0004 and x["confidence"] == "high" and x["per_month"] is None  # no times: no month


@pytest.mark.parametrize("p_value, auc, expected", [
    (0.0009, 0.80, "high"), (0.001, 0.80, "medium"), (0.0009, 0.79, "medium"), (0.005, 0.70, "medium"),
    (0.0001, 0.69, "low"), (None, 0.95, "low")])
def test_confidence_rule(p_value, auc, expected):
    assert actions.confidence(p_value, auc) == expected


@pytest.mark.parametrize("metrics, expected", [
    ({"kind": "binary", "ebm": {"roc_auc": 0.80}}, "high"), ({"kind": "binary", "ebm": {"roc_auc": 0.7128}}, "medium"),
    ({"kind": "binary", "ebm": {"roc_auc": 0.69}}, "low"), ({"kind": "continuous", "ebm": {"r2": 0.55}}, "medium")])
def test_reliability_per_process_from_its_held_out_quality(metrics, expected):
    assert actions.reliability(metrics) == expected


def test_actions_and_quality_read_in_both_languages():
    x = actions.rank(HAND, PARTS, WINDOWS, auc=0.85, time_column="when")["items"][0]
    assert actions.describe(x, "Weld current", 10, "en", "part") == {
        "setting": "Weld current", "window": "10 – 20 kA", "outside": "50.0%", "avoidable": "4.3 defects a month",
        "confidence": "medium", "level": "medium"}
    assert actions.describe(x, "용접 전류", 10, "ko", "부품")["avoidable"] == "월 4.3건"
    metrics = {"kind": "binary", "primary": "roc_auc", "test_rows": 1997,
               "ebm": {"roc_auc": 0.8413, "recall": 0.46, "precision": 0.3125}, "baseline": {"roc_auc": 0.8502}}
    en, ko = (actions.reliability_words(metrics, language, get_spec("welding").item(language))
              for language in ("en", "ko"))
    assert en == {"level": "high", "headline": "Reliability: high",
                  "words": "Catches 46 of every 100 defects at its alarm level; 3 of every 10 alarms are real defects.",
                  "detail": "ROC AUC 0.841 on the 1,997 latest parts, which the model did not learn from; black-box "
                            "baseline 0.850."}
    assert ko["words"] == "경보 기준에서 불량 100개 중 46개를 미리 찾아내고, 경보 10번 중 3번은 실제 불량입니다."
    note = actions.method_note({"parts": 1997, "days": 36.2}, "ko", "부품")
    assert "최근 부품 1,997개(36일간) 가운데" in note and "한 달 기준으로 환산했습니다" in note
    cells = actions.method_note({"parts": 1997, "days": None}, "ko", get_spec("battery").item("ko"))
    assert "최근 셀 1,997개 가운데" in cells and "셀 1,000개 기준으로" in cells and "부품" not in cells
    assert actions.describe(x, "Formation current", 10, "en", "cell")["outside"] == "50.0%"


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    """A small welding analysis, saved as a run is."""
    with saved_run(tmp_path_factory, "actions", 3_000) as saved:
        yield saved


def test_a_run_saves_its_actions_scored_exactly_on_its_latest_parts(analysis):
    analysis, results = analysis
    saved = results.explanations["actions"]
    test = analysis.model.test
    assert saved["parts"] == len(test) == results.metrics["test_rows"]
    assert saved["days"] == pytest.approx((test["timestamp"].max() - test["timestamp"].min()).total_seconds() / 86400)
    assert len(saved["items"]) >= 3 and saved["items"] == sorted(saved["items"], key=lambda a: -a["avoidable"])
    auc = results.metrics["ebm"]["roc_auc"]
    for action in saved["items"]:  # each worked out again, part by part, from the saved scoring tables
        window = next(w for w in results.explanations["windows"] if w["feature"] == action["feature"])
        low, high = window["low"] or -np.inf, np.nextafter(window["high"], -np.inf) if window["high"] else np.inf
        before = after = 0.0
        for _, part in test.iterrows():
            value = part[action["feature"]]
            if value < low or value > high:
                settings = part[list(results.scorer.features)].to_dict()
                before += results.scorer.explain(settings)[0] / 100
                after += results.scorer.explain({**settings, action["feature"]: min(max(value, low), high)})[0] / 100
        assert action["avoidable"] == pytest.approx(before - after, rel=1e-9)
        assert action["per_month"] == pytest.approx(action["avoidable"] * 30.4375 / saved["days"], rel=1e-12)
        edges = [window[f"p_{side}"] for side in ("low", "high") if window[side] is not None]  # saved to 10 digits
        assert any(action["p_value"] == pytest.approx(p, rel=1e-9, abs=1e-10) for p in edges)
        assert action["confidence"] == actions.confidence(action["p_value"], auc)


def test_the_overview_lists_the_three_ranked_actions_first(analysis):
    _, results = analysis
    html = overview.cards(results, "ko")
    assert html.index("오늘의 조치") < html.index("모델 신뢰도") < html.index("실제 불량률(관측값)")
    items = re.findall(r"<li data-feature='(\w+)'.*?</li>", html)
    ranking = results.explanations["actions"]
    assert items == [a["feature"] for a in ranking["items"][:3]]
    for action in ranking["items"][:3]:
        cells = actions.describe(action, results.columns[action["feature"]].label("ko", False), ranking["parts"], "ko",
                                 "부품")
        assert all(cells[key] in html for key in ("setting", "window", "outside", "avoidable", "confidence"))
    assert "모델 추정값" in html and "두 값이 다릅니다" in html


@pytest.mark.parametrize("language", ["en", "ko"])
def test_findings_come_first_and_the_models_quality_in_words_after_them(analysis, language):
    analysis, _ = analysis
    analysis.language = language
    try:
        lines = analysis.findings()
        quality = analysis.metrics_table().data
    finally:
        analysis.language = "en"
    assert lines[0] == narrate.drivers_sentence(analysis.importances, language)
    assert not any("ROC AUC" in line for line in lines)  # the figure is the method's, with the model's quality
    words = actions.reliability_words(analysis.model.metrics, language, get_spec("welding").item(language))
    said = [n for n, line in enumerate(lines) if words["words"] in line]
    keep = [n for n, line in enumerate(lines) if ("Keep " if language == "en" else "유지하세요") in line]
    assert said and keep and min(said) > max(keep)  # what to do first, then how sure it is
    expected = "of every 100 defects" if language == "en" else "불량 100개 중"
    assert expected in lines[said[0]]
    assert narrate.quality_sentence(analysis.model.metrics, language, get_spec("welding").item(language)) in \
        html.unescape(quality) and quality.index("quality-sentence") < quality.index("<table")
