"""Charts keep their own style: Korean-capable fonts and open axes, without changing matplotlib for the user."""
import matplotlib
import pandas as pd

from mfgxai import charts


def test_a_chart_is_drawn_in_its_style_and_the_global_settings_stay_the_users():
    defaults = {key: matplotlib.rcParamsDefault[key] for key in charts.STYLE}
    importances = pd.DataFrame({"label": ["용접 전류(kA)", "가압력(kN)"], "effect": [4.2, -1.5]})
    chart = charts.drivers(importances, "ko", "%p")
    axes = chart.figure.axes[0]
    assert not axes.spines["top"].get_visible() and not axes.spines["right"].get_visible()
    assert axes.get_yticklabels()[0].get_fontfamily() == charts.STYLE["font.family"]
    assert chart.png().startswith(b"\x89PNG")
    assert {key: matplotlib.rcParams[key] for key in charts.STYLE} == defaults
