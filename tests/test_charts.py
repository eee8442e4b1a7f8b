"""Charts keep their own style without changing matplotlib for the user, speak one risk language and show only
what is known: windows where an edge was found, the bags' range and how much data lies under a curve."""
import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_hex, to_rgb
from mfgxai.explain import charts, palette
from mfgxai.model.scoring import expit
from mfgxai.processes import Column


def test_a_chart_is_drawn_in_its_style_and_the_global_settings_stay_the_users():
    defaults = {key: matplotlib.rcParamsDefault[key] for key in charts.STYLE}
    importances = pd.DataFrame({"label": ["용접 전류(kA)", "가압력(kN)"], "effect": [4.2, -1.5]})
    chart = charts.drivers(importances, "ko", "%p")
    axes = chart.figure.axes[0]
    assert not axes.spines["top"].get_visible() and not axes.spines["right"].get_visible()
    assert axes.get_yticklabels()[0].get_fontfamily() == charts.STYLE["font.family"]
    assert chart.png().startswith(b"\x89PNG")
    assert {key: matplotlib.rcParams[key] for key in charts.STYLE} == defaults


def test_a_long_drivers_name_is_wrapped_and_draws_without_a_layout_warning(recwarn):
    long = ("Experiment condition (good, cable offset, terminal offset, oil on terminal, sonotrode inserts "
            "changed)")  # on one line matplotlib warned, and the warning printed across the report's page
    importances = pd.DataFrame({"label": [long, "Ultrasonic power, mean over the weld"], "effect": [9.0, 2.0]})
    chart = charts.drivers(importances, "en", "N")
    chart.png()
    assert not [w for w in recwarn if "layout" in str(w.message).lower()]
    shown = [label.get_text() for label in chart.figure.axes[0].get_yticklabels()]
    assert shown[-1].replace("\n", " ") == long and max(map(len, shown[-1].splitlines())) <= 40
    assert shown[0] == "Ultrasonic power, mean over the weld"  # a short one stays on its line


# -- one risk language ------------------------------------------------------------------------------------------
def test_one_fixed_colour_per_risk_band_and_3_percent_never_looks_like_95():
    assert palette.risk_colour(3.0) == palette.risk_colour(3.0) != palette.risk_colour(95.0)
    assert [palette.risk_band(p) for p in (0, 0.99, 1, 4.9, 5, 19.9, 20, 49, 50, 100)] == [0, 0, 1, 2, 3, 4, 5, 5, 6, 6]
    lightness = [sum(to_rgb(c)) for c in palette.RISK_COLOURS]
    assert lightness == sorted(lightness, reverse=True)  # ordered by lightness: readable in grey and colour-blind
    assert palette.text_on(95.0) == palette.PAPER and palette.text_on(3.0) == palette.INK


def _mesh_colours(chart) -> list[str]:
    mesh = next(c for c in chart.figure.axes[0].collections if isinstance(c, QuadMesh))
    return [to_hex(c) for c in mesh.to_rgba(mesh.get_array().ravel())]


def test_two_maps_give_the_same_risk_the_same_colour():
    x, y = (Column(name=n, en=n, ko=n, unit="u") for n in ("a", "b"))
    grids = [pd.DataFrame({"a": np.repeat(np.arange(4.0), 4), "b": np.tile(np.arange(4.0), 4), "output": values})
             for values in (np.linspace(0.5, 8, 16), np.linspace(3, 95, 16))]
    maps = [charts.heatmap(grid, x, y, "output", "en", "Defect risk (%)") for grid in grids]
    for chart, grid in zip(maps, grids):  # every cell in the colour of its band, whatever else the map holds
        expected = [palette.risk_colour(v) for v in grid.pivot_table(index="b", columns="a", values="output").to_numpy().ravel()]
        assert _mesh_colours(chart) == expected
    assert palette.risk_colour(3.0) in set(_mesh_colours(maps[0])) & set(_mesh_colours(maps[1]))


# -- effect curves: only what is known ----------------------------------------------------------------------------
def _shape(feature: str) -> pd.DataFrame:
    edges = np.linspace(0, 10, 51)
    x = (edges[:-1] + edges[1:]) / 2
    count = np.round(1000 * np.exp(-((x - 5) ** 2) / 2)).astype(int)
    score = 0.05 * (x - 5) ** 2
    output = 100 * expit(-3 + score)
    return pd.DataFrame({"feature": feature, "x": x, "x_low": edges[:-1], "x_high": edges[1:], "score": score,
                         "score_low": score - 0.1, "score_high": score + 0.2, "count": count, "output": output})


def _green(chart) -> list:
    return [p for ax in chart.figure.axes for p in ax.patches if to_hex(p.get_facecolor()) == palette.WINDOW]


@pytest.mark.parametrize("low, high, shaded", [(None, None, False), (3.0, None, True), (3.0, 7.0, True)])
def test_a_window_is_shaded_only_where_an_edge_was_found(low, high, shaded):
    column = Column(name="s", en="Setting", ko="설정", unit="u")
    windows = pd.DataFrame([{"feature": "s", "low": low, "high": high}])
    chart = charts.effect(_shape("s"), windows, column, "ko", "불량 위험(%)")
    assert bool(_green(chart)) == shaded
    if shaded:
        left, right = _green(chart)[0].get_x(), _green(chart)[0].get_x() + _green(chart)[0].get_width()
        edges, _, sparse = charts.density(_shape("s"))  # an open side stops where the data thin out
        assert sparse[-1] and left == 3.0 and right == pytest.approx(high or edges[np.flatnonzero(~sparse)[-1] + 1])
        assert right < _shape("s")["x_high"].max()
    assert "데이터가 적은 구간" in [text.get_text() for text in chart.figure.legends[0].get_texts()]
    assert chart.png().startswith(b"\x89PNG")


def test_the_band_is_the_bags_range_and_the_tails_have_little_data():
    shape = _shape("s")
    low, high = charts.band(shape, binary=True)
    np.testing.assert_allclose(low, 100 * expit(-3 + shape["score"] - 0.1), rtol=1e-12)
    np.testing.assert_allclose(high, 100 * expit(-3 + shape["score"] + 0.2), rtol=1e-12)
    assert np.all(low < shape["output"]) and np.all(shape["output"] < high)
    edges, counts, sparse = charts.density(shape)
    assert counts.sum() == shape["count"].sum() and len(edges) == charts.STRIP_BINS + 1
    assert sparse[0] and sparse[-1] and not sparse[charts.STRIP_BINS // 2]  # the tails, not the middle


def test_category_bars_are_named_in_the_engagements_language():
    coating = Column(name="coating", en="Coating", ko="도금", kind="category", categories=("bare", "GA"),
                     category_ko={"bare": "무도금"})
    shape = pd.DataFrame({"feature": "coating", "category": ["bare", "GA"], "score": [0.0, 0.4],
                          "score_low": [-0.1, 0.3], "score_high": [0.1, 0.5], "count": [500, 500],
                          "output": [4.0, 6.0]})
    chart = charts.effect(shape, pd.DataFrame(), coating, "ko", "불량 위험(%)")
    names = [label.get_text() for ax in chart.figure.axes for label in ax.get_xticklabels()]
    assert "무도금" in names and "bare" not in names


def test_a_map_dashes_the_found_edges_of_both_settings_under_a_readable_legend():
    x, y = (Column(name=n, en=n, ko=n, unit="u") for n in ("a", "b"))
    windows = pd.DataFrame([{"feature": "a", "low": 1.0, "high": 2.5}, {"feature": "b", "low": None, "high": 2.0}])
    assert charts.window_edges(windows, "a") == (1.0, 2.5) and charts.window_edges(windows, "b") == (None, 2.0)
    assert charts.window_edges(windows, "c") == (None, None)
    grid = pd.DataFrame({"a": np.repeat(np.arange(4.0), 4), "b": np.tile(np.arange(4.0), 4),
                         "output": np.linspace(0.5, 8, 16)})
    edges = tuple(charts.window_edges(windows, n) for n in ("a", "b"))
    ax = charts.heatmap(grid, x, y, "output", "ko", "불량 위험(%)", edges).figure.axes[0]
    dashed = [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert [d[0] for d in dashed[:2]] == [1.0, 2.5] and dashed[2][1] == 2.0 and len(dashed) == 3
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["권장 운전 범위(확인된 경계)"]
    assert legend.get_texts()[0].get_fontsize() >= 10


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_maps_legend_hides_no_corner_of_it(language):
    x, y = (Column(name=n, en=n, ko=n, unit="u") for n in ("a", "b"))
    grid = pd.DataFrame({"a": np.repeat(np.arange(4.0), 4), "b": np.tile(np.arange(4.0), 4),
                         "output": np.linspace(0.5, 40, 16)})  # the riskiest corner top right, where it used to sit
    chart = charts.heatmap(grid, x, y, "output", language, "%", ((1.0, 2.5), (None, 2.0)), alarm=12.9)
    chart.png()  # drawn: the boxes are where they are on the picture
    ax, renderer = chart.figure.axes[0], chart.figure._get_renderer()
    legend, plot = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert len(ax.get_legend().get_texts()) == 2 and legend.y0 >= plot.y1  # above the map, outside it
    assert legend.x1 <= chart.figure.bbox.x1 and not legend.overlaps(chart.figure.axes[1].get_window_extent(renderer))
