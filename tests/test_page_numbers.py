"""One number, one way of writing it, on every page: a window edge reads the same in the actions, the findings and the
card whatever float noise it carries; a slider's readout groups thousands as the text around it; p-values follow one
rule; the part explainer names what each of its two measures measures; and the alarm level is never shown without the
model's reliability beside it."""
import html
import re

import numpy as np
import pytest
from conftest import saved_run
from mfgxai.app import overview
from mfgxai.app.explainer import PartExplainer, waterfall
from mfgxai.app.tabs import alarm_quality, window_map
from mfgxai.app.whatif import WhatIf
from mfgxai.explain import actions, narrate
from mfgxai.i18n import number, p_value, quantity, span
from mfgxai.loop.view import drift_table
from mfgxai.model.scoring import expit
from mfgxai.processes import get_spec

FORCE = get_spec("welding").column("electrode_force")


def _text(markup: str) -> str:
    """What a reader sees: no tags, no ⓘ explanations folded away, spaces collapsed."""
    markup = re.sub(r"<details\b.*?</details>", " ", markup, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


@pytest.mark.parametrize("noisy", [2.8049999999999997, 2.805, 2.8050000000000006])
def test_an_edge_reads_the_same_whichever_float_noise_it_carries(noisy):
    # the actions keep an edge as computed, the windows table as JSON wrote it to 15 digits: 2.805 either way
    assert number(noisy, "en") == number(noisy, "ko") == "2.81"
    action = {"feature": "electrode_force", "unit": "kN", "low": noisy, "high": None, "per_month": 1.0,
              "avoidable": 1.0, "share_outside": 0.1, "confidence": "high"}
    card = actions.describe(action, "Electrode force", 100, "en", "part")["window"]
    findings = narrate.window_sentence({"low": 2.805, "high": None, "rate_inside": 0.02, "rate_below": 0.1},
                                       FORCE, "en")
    assert card == narrate.window_range(2.805, None, FORCE, "en") == span(2.805, None, "kN", "en") == "≥ 2.81 kN"
    assert "2.81 kN" in findings and "2.8 kN" not in findings


@pytest.mark.parametrize("value, expected", [(10.95, "11"), (1504.5, "1,505"), (282.5, "283"), (9.995, "10"),
                                             (8.350000000000001, "8.35"), (0.00012345, "0.000123"), (-3.14159, "-3.14")])
def test_three_significant_digits_round_halves_up(value, expected):
    assert number(value, "en") == number(value, "ko") == expected


def test_p_values_follow_one_rule():
    assert [p_value(p, "en") for p in (0.00004, 0.0009999, 0.001, 0.0345, 0.5, 1.0, None)] == [
        "< 0.001", "< 0.001", "0.001", "0.035", "0.500", "1.000", "–"]
    figures = {"adoption": [], "drift": [
        {"feature": f, "psi": 0.3, "test": "ks", "p_value": p, "outside_trained_range": 0.0, "level": "stable"}
        for f, p in (("a", 1e-9), ("b", 0.0123), ("c", 0.5))]}
    for language in ("en", "ko"):
        column = drift_table(figures, str, language).iloc[:, 3].tolist()
        assert column == ["< 0.001", "0.012", "0.500"]
        assert {len(v.split(".")[-1]) for v in column} == {3}  # the same decimals down the column


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A small welding analysis saved as a run is, read back as the app reads it."""
    with saved_run(tmp_path_factory, "page-numbers", 3_000) as saved:
        yield saved[1]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_overview_writes_each_edge_once_the_same_in_actions_and_findings(run, language):
    findings = _text(overview.findings(run, run.table("importances"), language))
    page = _text(overview.cards(run, language)) + findings
    windows = {w["feature"]: w for w in run.explanations["windows"]}
    ranked = run.explanations["actions"]["items"][:actions.SHOWN]
    assert ranked
    for action in ranked:
        window = windows[action["feature"]]
        for side in ("low", "high"):
            if window[side] is None:
                continue
            assert number(action[side], language) == number(window[side], language)
            assert quantity(window[side], action["unit"], language) in page  # the findings' "Below 8.35 kA"
        card = actions.describe(action, "", 1, language, "")["window"]
        assert card == narrate.window_range(window["low"], window["high"], run.columns[action["feature"]], language)
        assert card in page
        if language == "ko" and None not in (window["low"], window["high"]):
            assert card in findings  # '8.35 – 11 kA' in the card and in '용접 전류는 8.35 – 11 kA 범위로 유지하세요'
    assert any(None not in (w["low"], w["high"]) for w in windows.values())


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_sliders_readout_groups_thousands_as_the_text_around_it(run, language):
    whatif = WhatIf(run, language)
    slider = whatif.controls["welds_since_dressing"]
    assert slider.max >= 1000 and slider.readout_format.startswith(",")
    whatif.curve.show(dict(whatif.settings), "welds_since_dressing")
    ticks = re.findall(r"<text[^>]*>([\d.,]+)</text>", whatif.curve.chart.value)
    assert any(int(tick.replace(",", "")) >= 1000 for tick in ticks if "." not in tick)
    assert all("," in tick for tick in ticks if "." not in tick and int(tick.replace(",", "")) >= 1000)
    assert all(c.readout_format.startswith(",") for c in whatif.controls.values() if hasattr(c, "readout_format"))


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_part_explainer_says_what_its_waterfall_and_its_table_measure(run, language):
    explainer = PartExplainer(run, language, lambda *part: None)
    explainer.picker.value = 0  # the riskiest held-out part
    settings = explainer.settings()
    table, steps = _text(explainer.table.value), _text(explainer.waterfall.value)
    if language == "en":
        assert "Effect against the average part (pp)" in table and "Measured from a typical part" in steps
        assert "starts from a typical part" in table and "another number there" in table
    else:
        assert "평균 부품 대비 영향(%p)" in table and "보통 부품(모든 설정이 평소 값)에서 잰 값" in steps
        assert "보통 부품(모든 설정이 평소 값)에서 시작해" in table
    # the two measures as said: the table's effect is the setting alone against its average (a zero score) …
    scores = run.scorer.contributions(settings)[0]
    total = run.scorer.decision(scores[None])[0]
    top = int(np.argmax(expit(total) - expit(total - scores)))
    alone = (expit(total) - expit(total - scores[top])) * 100
    assert f"{alone:+.1f}" in table
    # … the waterfall's step the change from the typical part's score, taken in turn
    _, path, _ = waterfall(run, settings)
    assert any(terms == [run.scorer.term_names[top]] for terms, _ in path)


@pytest.mark.parametrize("auc, level, words", [(0.65, "low", "The model is weak"), (0.75, "medium", "only fair"),
                                               (0.9, "high", "worth acting on")])
def test_the_alarm_level_is_shown_with_the_models_reliability_beside_it(run, auc, level, words):
    metrics = run.metrics
    saved = metrics["ebm"]["roc_auc"]
    metrics["ebm"]["roc_auc"] = auc  # a weak model, as a run after the loop may be on data held inside its windows
    try:
        quality, lobe = alarm_quality(run, "en"), window_map(run, "en")
    finally:
        metrics["ebm"]["roc_auc"] = saved
    level_panel = next(c for box in quality.children for c in getattr(box, "children", ())
                       if "mfgxai-alarm-level" in c._dom_classes)
    beside = _text(level_panel.value)
    assert re.search(r"\d+(\.\d)?%", beside)  # the alarm level itself …
    assert f"Reliability: {level}" in beside and words in beside  # … and how far to trust it, in the same place
    on_map = _text(lobe.children[2].value)  # the map draws the alarm level too: said with its reliability
    assert "Alarm level" in on_map and f"Reliability: {level}" in on_map and words in on_map
