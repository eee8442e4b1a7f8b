"""The risk curve along one setting, the part explainer and the what-if: exact scores, drawn where the axes say."""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from conftest import saved_run
from mfgxai.app.curves import OTHERS, RiskCurve, curve_svg, numeric_settings, slider_range, spread, sweep
from mfgxai.app.explainer import PartExplainer, find, waterfall, waterfall_html
from mfgxai.app.whatif import WhatIf, reasons, reasons_html

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """A small saved welding analysis read back as the app reads it."""
    with saved_run(tmp_path_factory, "curves", 2_000) as (_, results):
        yield results


def test_adjustable_settings_come_first_by_importance(results):
    names = numeric_settings(results)
    roles = [results.scorer.features[n]["role"] for n in names]
    assert roles == sorted(roles, key=lambda role: role != "controllable")
    features = results.scorer.features
    strongest = next(term for term in results.table("importances")["term"]
                     if term in features and features[term]["role"] == "controllable")
    assert names[0] == strongest and "coating" not in names


def test_the_sweep_scores_each_point_as_the_part_explainer_does(results):
    settings = {**results.scorer.typical(), "weld_time": 380.0, "coating": "GA"}
    grid, risk = sweep(results, settings, "weld_current", steps=25)
    low, high, step = slider_range(results.scorer.features["weld_current"])
    assert (grid[0], grid[-1]) == (low, high) and round(low / step, 9).is_integer()
    expected = [results.scorer.explain({**settings, "weld_current": x})[0] for x in grid]
    np.testing.assert_allclose(risk, expected, rtol=1e-12)
    low, high = (edge if edge is not None else bound for edge, bound in
                 zip(results.scorer.features["weld_current"]["window"].values(), (-np.inf, np.inf)))
    assert np.isfinite([low, high]).any()
    inside, outside = risk[(grid > low) & (grid < high)], risk[(grid < low - 1) | (grid > high + 1)]
    assert inside.mean() < outside.mean()  # the window is where the curve is low


def test_other_parts_curves_are_their_exact_scores_drawn_thin_behind(results):
    grid, others = spread(results, "weld_current", steps=15)
    assert others.shape == (OTHERS, 15)
    features = list(results.scorer.features)
    sampled = results.parts.sample(OTHERS, random_state=0)  # the fixed sample of held-out parts the app draws
    for row, (_, part) in zip(others, sampled.iterrows()):
        expected = [results.scorer.explain({**part[features].to_dict(), "weld_current": x})[0] for x in grid]
        np.testing.assert_allclose(row, expected, rtol=1e-12)
    assert np.ptp(others[:, 0]) > 1  # parts differ in their other settings, so their curves differ
    explainer = PartExplainer(results, "en", lambda settings: None)
    explainer.curve.picker.value = "weld_current"
    lines = ET.fromstring(explainer.curve.chart.value).findall(f"{SVG}polyline")
    assert [p.get("class") for p in lines] == ["other"] * OTHERS + [None, None]  # thin ones first, under the others
    assert f"Thin grey: {OTHERS} other held-out parts" in explainer.curve.widget.children[2].value
    whatif = WhatIf(results, "en")  # the what-if keeps its scale for the settings being tried
    assert "class='other'" not in whatif.curve.chart.value and "Thin grey" not in whatif.curve.widget.children[2].value


@pytest.mark.parametrize("low, high, data_min, data_max, expected", [
    (4, 16, 5.8312, 14.937, (5.84, 14.93, 0.01)),      # cut to the data, on whole steps inside it
    (0, None, 3.7, 2497.2, (10, 2490, 10)),
    (20, 50, 10.0, 60.0, (20, 50, 0.1)),                # cut to the physical range
    (0, 10, 5.0, 5.0, (5, 5, 1.0)),                     # a constant setting
])
def test_slider_ranges_are_inside_both_ranges_on_round_steps(low, high, data_min, data_max, expected):
    found = slider_range({"low": low, "high": high, "data_min": data_min, "data_max": data_max})
    assert found == pytest.approx(expected)


def test_the_svg_puts_lines_window_and_marker_where_the_axes_say():
    x = np.linspace(4, 16, 13)
    svg = ET.fromstring(curve_svg([(x, x * 2, "#999"), (x, x * 3, "#c00")], 10.0, {"low": 7.0, "high": None},
                                  "Weld current (kA)", "Defect risk (%)", "en"))
    lines = svg.findall(f"{SVG}polyline")
    assert [p.get("stroke") for p in lines] == ["#999", "#c00"]
    first = [tuple(map(float, pair.split(","))) for pair in lines[1].get("points").split()]
    assert len(first) == 13 and first[0][0] < first[-1][0] and first[0][1] > first[-1][1]  # rising risk goes up
    window = svg.find(f"{SVG}rect[@class='window']")
    left, width = float(window.get("x")), float(window.get("width"))
    marker = float(svg.find(f"{SVG}line[@class='current']").get("x1"))
    assert first[0][0] < left < marker < left + width == pytest.approx(first[-1][0], abs=0.2)
    assert marker == pytest.approx(first[0][0] + (first[-1][0] - first[0][0]) * 0.5, abs=0.2)
    faint = ET.fromstring(curve_svg([(x, x * 2, "#c00")], None, None, "x", "y", "en", faint=[(x, x * 6)]))
    thin, bold = faint.findall(f"{SVG}polyline")
    assert thin.get("class") == "other" and thin.get("stroke-width") == "1"
    top = min(float(pair.split(",")[1]) for pair in thin.get("points").split())
    assert top < min(float(pair.split(",")[1]) for pair in bold.get("points").split())  # the y axis holds both
    unbounded = curve_svg([(x, x, "#c00")], None, {"low": None, "high": None}, "x", "y", "en")  # a withheld window
    assert "class='window'" not in unbounded and "class='current'" not in unbounded
    texts = [t.text for t in svg.findall(f"{SVG}text")]
    assert "Weld current (kA)" in texts and {"5", "10", "15", "0", "20", "40"} <= set(texts)


def test_the_what_if_curve_follows_the_setting_just_moved(results):
    whatif = WhatIf(results, "en")
    assert whatif.curve.picker.value == numeric_settings(results)[0]
    whatif.controls["weld_time"].value = whatif.controls["weld_time"].max
    assert whatif.curve.picker.value == "weld_time"
    expected = RiskCurve(results, "en")
    expected.picker.value = "weld_time"
    expected.show(dict(whatif.settings))
    assert whatif.curve.chart.value == expected.chart.value


def test_the_part_explainer_draws_the_part_along_its_strongest_numeric_reason(results):
    explainer = PartExplainer(results, "ko", lambda settings: None)
    explainer.picker.value = 0  # the riskiest held-out part
    settings = explainer.settings()
    _, table = results.scorer.explain(settings)
    top = next(term for term in table.sort_values("effect", ascending=False)["term"]
               if term in numeric_settings(results))
    assert explainer.curve.picker.value == top
    assert "보통 부품" in explainer.curve.widget.children[2].value


def test_a_slider_echoing_its_value_with_float_noise_changes_nothing(results):
    whatif = WhatIf(results, "en")
    shown, chosen = whatif.risk.value, whatif.curve.picker.value
    control = whatif.controls["sheet_thickness"]
    control.value = control.value + control.step * 1e-6  # what a browser may send back on render
    assert chosen != "sheet_thickness" and whatif.curve.picker.value == chosen and whatif.risk.value == shown


def test_any_held_out_part_is_found_by_its_number_or_its_date(results):
    explainer = PartExplainer(results, "en", lambda *part: None)
    parts = results.parts
    assert len(parts) == len(results.holdout) > 300  # every held-out part, not a sample
    wanted = parts.iloc[len(parts) // 2]
    explainer.query.value = wanted["part_id"]
    assert explainer.part_id() == wanted["part_id"] and "1 of" in explainer.found.value
    day = str(wanted["timestamp"])[:10]
    rows = find(explainer.ids, explainer.times, explainer.risk, day)
    assert len(rows) and all(explainer.times.iloc[r].startswith(day) for r in rows)
    assert list(explainer.risk[rows]) == sorted(explainer.risk[rows], reverse=True)
    explainer.query.value = day
    assert explainer.picker.value == rows[0] and wanted["part_id"] in [explainer.ids.iloc[r] for r in rows]
    explainer.query.value = "no-such-part"
    assert "No held-out part matches" in explainer.found.value


def test_the_waterfall_steps_from_the_typical_part_to_this_one_exactly(results):
    settings = {f: results.parts.iloc[0][f] for f in results.scorer.features}
    start, steps, end = waterfall(results, settings)
    assert start == pytest.approx(results.typical_output, rel=1e-12)
    assert end == pytest.approx(results.scorer.explain(settings)[0], rel=1e-12)
    assert start + sum(step for _, step in steps) == pytest.approx(end, rel=1e-9)
    assert sum(len(terms) for terms, _ in steps) <= len(results.scorer.term_names)
    assert waterfall_html(results, settings, "en").count("<tr") == len(steps) + 2


def test_every_parts_bars_share_one_scale(results):
    widths = []
    for row in (0, len(results.parts) - 1):  # the riskiest part and the least risky
        _, table = reasons(results, {f: results.parts.iloc[row][f] for f in results.scorer.features}, "en")
        html = reasons_html(results, table, "en")
        shown = table[table["effect"].abs() >= 0.05].head(8)
        widths.append([float(w) for w in re.findall(r"width:([\d.]+)%", html)])
        np.testing.assert_allclose(widths[-1], (shown["effect"].abs() / results.effect_scale * 100).round(1), atol=0.051)
    assert max(widths[1], default=0) < 100 == pytest.approx(max(widths[0]), abs=60)  # not each scaled to its own largest


def test_try_in_the_what_if_names_the_part_and_opens_its_top_reason(results):
    whatif = WhatIf(results, "en")
    explainer = PartExplainer(results, "en", whatif.load)  # as the app's process view hands a part over
    explainer.picker.value = 3
    explainer.try_button.click()
    assert f"Part {explainer.part_id()} loaded" in whatif.loaded.value
    assert whatif.curve.picker.value == explainer.top_reason() == explainer.curve.picker.value
    assert whatif.risk.value == explainer.summary.value  # the same risk, on the same colour


def test_apply_all_suggestions_shows_and_then_gives_the_combined_risk(results):
    whatif = WhatIf(results, "en")
    assert whatif.moves() == {} and whatif.apply.layout.display == "none"  # the typical part: nothing to apply
    for name, feature in results.scorer.features.items():  # every adjustable setting with an edge: outside it
        control, window = whatif.controls[name], feature["window"] or {}
        if feature["role"] == "controllable" and window.get("low") is not None and control.min < window["low"]:
            control.value = control.min
        elif feature["role"] == "controllable" and window.get("high") is not None and control.max > window["high"]:
            control.value = control.max
    moves = whatif.moves()
    assert len(moves) >= 2 and whatif.apply.layout.display is None
    combined = results.scorer.predict({**whatif.settings, **moves})[0] * 100
    assert "With every suggestion applied: <span class='badge'" in whatif.suggestions.value
    assert f">{combined:.1f}%</span>" in whatif.suggestions.value
    whatif.apply.click()
    assert f">{combined:.1f}%</span>" in whatif.risk.value and whatif.moves() == {}
    assert whatif.apply.layout.display == "none"


def test_the_what_if_names_categories_in_korean_and_loads_a_parts_category(results):
    whatif = WhatIf(results, "ko")
    coating = whatif.controls["coating"]
    assert ("무도금", "bare") in coating.options
    whatif.load({**whatif.settings, "coating": "GA"})
    assert coating.value == "GA" and coating.label == "GA"
    whatif.load({**whatif.settings, "coating": "bare"})
    assert coating.label == "무도금"


def test_a_welded_part_is_a_part_in_every_word_of_the_part_explainer(results):
    explainer = PartExplainer(results, "ko", lambda *_: None)
    assert explainer.query.description == "부품 찾기" and explainer.picker.description == "부품"
    assert "<h4>보통 부품의 위험에서 이 부품의 위험까지<details class='mfgxai-info'" in explainer.waterfall.value  # its ⓘ
    assert explainer.sentence.value.startswith(f"부품 {explainer.part_id()}의 불량 위험은")
    assert "{item" not in explainer.table.value + explainer.found.value
