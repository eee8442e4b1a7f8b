"""Explanations against the demo ground truth: windows, reason codes and sentences people can trust."""
import pandas as pd
import pytest
from mfgxai.demo.synth import generate, true_window
from mfgxai.explain import narrate, tables
from mfgxai.explain.windows import EDGE_ALPHA, operating_windows
from mfgxai.i18n import unit_word
from mfgxai.ingest.validate import ValidatedData
from mfgxai.model.fit import fit
from mfgxai.processes import get_spec, process_names

ROWS = 20_000
EDGE_TOLERANCE = 0.05  # of the parameter's physical range


@pytest.fixture(scope="module", params=process_names())
def explained(request):
    spec = get_spec(request.param)
    frame = generate(spec, ROWS, seed=11)
    frame[spec.target.name] = (frame[spec.target.name] == spec.target.positive).astype(int)
    model = fit(ValidatedData(frame, pd.DataFrame(), list(spec.columns), spec.target.name, "binary", ["demo"]),
                seed=1, time_column=spec.time_column)
    windows = operating_windows(model, tables.shapes(model), list(spec.columns)).set_index("feature")
    return spec, frame, model, windows


def _true_edges(spec, name, frame) -> tuple[float | None, float | None]:
    """The edges the truth gives a setting: its own window, or the threshold of the interaction it takes part in."""
    low, high = true_window(spec, name, frame) if name in spec.truth.effects else (None, None)
    inter = spec.truth.interaction
    if name in inter.columns:
        threshold, side = inter.beyond[inter.columns.index(name)], inter.sides[inter.columns.index(name)]
        low, high = (low, high if high is not None else threshold) if side == "above" else (low or threshold, high)
    return low, high


def test_every_stated_edge_is_a_true_one_within_a_twentieth_of_the_range(explained):
    spec, frame, _, windows = explained
    for name, found in windows.iterrows():
        column, truth = spec.column(name), _true_edges(spec, name, frame)
        for side, true_edge in zip(("low", "high"), truth):
            if pd.isna(found[side]):
                continue
            assert true_edge is not None, f"{name}: a {side} edge at {found[side]:g} that the truth does not have"
            assert abs(found[side] - true_edge) <= EDGE_TOLERANCE * (column.high - column.low), (name, side)
            assert found[f"p_{side}"] < EDGE_ALPHA


def test_most_true_edges_are_stated(explained):
    spec, frame, _, windows = explained
    true_edges = [(name, side) for name in windows.index
                  for side, edge in zip(("low", "high"), _true_edges(spec, name, frame)) if edge is not None]
    stated = [(name, side) for name, side in true_edges if not pd.isna(windows.at[name, side])]
    assert len(stated) >= 0.75 * len(true_edges), (stated, true_edges)


def test_observed_rates_confirm_each_window(explained):
    spec, _, _, windows = explained
    for name in spec.truth.effects:
        if name in windows.index:
            w = windows.loc[name]
            for side in ("below", "above"):
                if w[f"n_{side}"] >= 100:
                    assert w[f"rate_{side}"] > w["rate_inside"], (name, side)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_sentence_contradicts_the_truth(explained, language):
    spec, _, _, windows = explained
    for name, row in windows.iterrows():
        column = spec.column(name)
        sentence = narrate.window_sentence(row.to_dict(), column, language)
        flag = narrate.physics_flag(row.to_dict(), column, language)
        effect = spec.truth.effects.get(name)
        in_truth = effect is not None or name in spec.truth.interaction.columns
        if sentence and not in_truth:
            assert flag, f"{name}: a window on a setting the truth says is harmless must be flagged"
        if effect is not None and (effect.low is None) != (effect.high is None):
            rises_low = effect.low is not None
            assert (not pd.isna(row["low"])) == rises_low or (not pd.isna(row["high"])) != rises_low or flag, name
        if sentence:
            assert "logit" not in sentence and "score" not in sentence
            assert unit_word(column.unit, language) in sentence  # strokes → 타 in Korean


def test_reason_codes_blame_the_setting_outside_its_window(explained):
    spec, _, model, windows = explained
    name = next(n for n, e in spec.truth.effects.items() if e.high is not None and n in windows.index)
    part = tables.typical_part(model)
    part[name] = windows.loc[name, "data_high"]
    reasons = tables.local(model, part).sort_values("effect", ascending=False)
    top_main = reasons[~reasons["term"].str.contains(" & ")].iloc[0]
    assert top_main["term"] == name and top_main["effect"] > 0.5


def test_effects_are_probabilities_not_log_odds(explained):
    _, _, model, _ = explained
    shapes = tables.shapes(model)
    assert shapes["output"].between(0, 100).all()
    typical = float(tables.model_output(model, tables.typical_part(model))[0])
    assert (shapes["effect"] - (shapes["output"] - typical)).abs().max() < 1e-9


COLUMN = get_spec("welding").column("weld_current")


@pytest.mark.parametrize("language, expected", [
    ("en", "Keep weld current between 8.5 and 11.5 kA. Below 8.5 kA the defect rate rises from 2.0% to 12.5%; "
           "above 11.5 kA the defect rate rises from 2.0% to 9.0%."),
    ("ko", "용접 전류는 8.5 – 11.5 kA 범위로 유지하세요. 8.5 kA 미만에서는 불량률이 2.0%에서 12.5%로, "
           "11.5 kA 초과에서는 불량률이 2.0%에서 9.0%로 높아집니다."),
])
def test_window_sentence_reads_naturally(language, expected):
    window = {"low": 8.5, "high": 11.5, "rate_inside": 0.02, "rate_below": 0.125, "rate_above": 0.09}
    assert narrate.window_sentence(window, COLUMN, language) == expected


def test_wrong_way_effects_are_flagged_for_the_consultant():
    force = get_spec("welding").column("electrode_force")  # physics: too little force raises risk
    wrong = {"low": None, "high": 3.2}
    assert narrate.physics_flag(wrong, force, "en").startswith("Check with the process engineer")
    assert narrate.physics_flag(wrong, force, "ko").startswith("확인 필요")
    assert narrate.physics_flag({"low": 3.0, "high": None}, force, "en") is None


def test_suggestions_take_the_particle_of_their_unit():
    force = get_spec("welding").column("electrode_force")
    assert narrate.suggestion_sentence(COLUMN, 7.9, 9.85, 23.14, 9.85, "ko") == \
        "용접 전류를 7.9에서 9.85 kA로 올리면 불량 위험이 23.1%에서 9.8%로 바뀝니다."
    assert "2.88 kN으로 올리면" in narrate.suggestion_sentence(force, 2.5, 2.88, 20.0, 5.0, "ko")
    assert narrate.suggestion_sentence(COLUMN, 12.0, 10.9, 13.05, 2.25, "en") == \
        "Lower weld current from 12 to 10.9 kA: defect risk 13.1% → 2.2%."


def test_effects_read_in_percentage_points():
    for language, label, expected in [("en", "Weld current", "Raised mainly by Weld current 13.6 kA (+48.8 pp)."),
                                      ("ko", "용접 전류", "위험을 높인 주된 요인: 용접 전류 13.6 kA (+48.8%p).")]:
        reasons = pd.DataFrame({"label": [label], "value_text": ["13.6 kA"], "effect": [48.8]})
        assert narrate.reason_sentence("P1", 95.3, 1.2, reasons, language, "part").endswith(expected)
    cell = get_spec("battery").item("ko")
    assert narrate.reason_sentence("C9", 95.3, 1.2, reasons.head(0), "ko", cell) == \
        "셀 C9의 불량 위험은 95.3%로, 보통 셀(1.2%)보다 높습니다."


def test_a_category_reads_in_the_engagements_language():
    columns = {c.name: c for c in get_spec("welding").columns}
    row = {"coating": "bare", "weld_current": 9.85}
    assert narrate.term_value("coating & weld_current", row, columns, "ko") == "무도금 × 9.85 kA"
    assert narrate.term_value("coating & weld_current", row, columns, "en") == "bare × 9.85 kA"
    shape = pd.DataFrame({"category": ["bare", "GA"], "count": [10, 10], "output": [2.0, 6.5]})
    assert narrate.range_sentence(shape, columns["coating"], "ko", "부품").count("무도금") == 1


@pytest.mark.parametrize("language, expected", [
    ("en", "Keep hold time at or below 180 ms. Above 180 ms the defect rate rises from 2.0% to 6.0%. "
           "Check with the process engineer before acting on it: the model's effect differs from the expected "
           "physics (no effect)."),
    ("ko", "유지 시간은 180 ms 이하로 유지하세요. 180 ms 초과에서는 불량률이 2.0%에서 6.0%로 높아집니다. "
           "확인 필요: 모델 결과가 공정 지식과 다르니(공정 지식은 영향이 없을 것으로 봅니다) 조치 전에 공정 담당자와 "
           "검토하세요."),
])
def test_a_caveat_is_attached_to_the_instruction_it_qualifies(language, expected):
    hold = get_spec("welding").column("hold_time")  # physics: no effect
    window = {"low": None, "high": 180.0, "rate_inside": 0.02, "rate_below": None, "rate_above": 0.06}
    assert narrate.advice(window, hold, language) == expected
    assert narrate.advice({**window, "high": None}, hold, language) is None
    current = {"low": 8.5, "high": 11.5, "rate_inside": 0.02, "rate_below": 0.125, "rate_above": 0.09}
    assert narrate.advice(current, COLUMN, language) == narrate.window_sentence(current, COLUMN, language)
