"""The centre's page sets each client's operating windows beside the other clients' of its process: per setting, one
row per client on one scale, drawn where the windows' figures put them, in both languages."""
import json
import re
from xml.etree import ElementTree

import pandas as pd
import pytest
from mfgxai.centre.windows_chart import OPEN, window_charts

NS = {"s": "http://www.w3.org/2000/svg"}


def _row(engagement: str, client: str, windows: list[dict], process: str = "welding") -> dict:
    return {"engagement": engagement, "client": client, "process": process, "windows": json.dumps(windows)}


TABLE = pd.DataFrame([
    _row("hanil", "Hanil Precision", [{"feature": "weld_current", "low": 9.0, "high": 11.0, "data_low": 8.0,
                                       "data_high": 12.0}]),
    _row("daesung", "대성금속", [{"feature": "weld_current", "low": None, "high": 10.5, "data_low": 7.0,
                              "data_high": 13.0},
                             {"feature": "electrode_force", "low": 2.6, "high": None, "data_low": 2.2,
                              "data_high": 3.4}]),
    _row("pressco", "Press Co.", [], process="pressing")])


def _panels(language: str) -> dict[str, ElementTree.Element]:
    page = window_charts(TABLE, language)
    sections = re.findall(r"<section class='process-windows' data-process='(\w+)'>(.*?)</section>", page, re.DOTALL)
    assert [process for process, _ in sections] == ["welding"]  # a process without any window has no section
    svgs = [ElementTree.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", sections[0][1], re.DOTALL)]
    return {svg.get("data-feature"): svg for svg in svgs}


@pytest.mark.parametrize("language, label", [("en", "Weld current (kA)"), ("ko", "용접 전류 (kA)")])
def test_each_clients_window_is_drawn_where_its_edges_put_it_on_one_scale(language, label):
    panels = _panels(language)
    assert list(panels) == ["weld_current", "electrode_force"]  # the spec's order; none for a setting without windows
    svg = panels["weld_current"]
    assert svg.get("aria-label") == label
    left, width, first, last = (float(svg.get(k)) for k in ("data-left", "data-width", "data-first", "data-last"))
    assert first <= 7.0 and last >= 13.0  # every client's range inside the scale

    def value(x: str) -> float:
        return first + (float(x) - left) / width * (last - first)

    rows = {g.get("data-engagement"): g for g in svg.findall("s:g[@class='engagement']", NS)}
    assert list(rows) == ["hanil", "daesung"]  # the table's order
    hanil, daesung = rows["hanil"], rows["daesung"]
    window = hanil.find("s:rect[@class='window']", NS)
    assert value(window.get("x")) == pytest.approx(9.0, abs=0.01)
    assert value(float(window.get("x")) + float(window.get("width"))) == pytest.approx(11.0, abs=0.01)
    assert float(window.get("fill-opacity")) == 1 and len(hanil.findall("s:line[@class='edge low']", NS)) == 1
    ran = hanil.find("s:line[@class='range']", NS)
    assert (value(ran.get("x1")), value(ran.get("x2"))) == (pytest.approx(8.0, abs=0.01), pytest.approx(12.0, abs=0.01))
    open_low = daesung.find("s:rect[@class='window']", NS)  # no low edge found: the window runs to its range, faint
    assert value(open_low.get("x")) == pytest.approx(7.0, abs=0.01) and float(open_low.get("fill-opacity")) == OPEN
    assert daesung.findall("s:line[@class='edge low']", NS) == [] and daesung.get("data-low") == ""
    assert float(daesung.get("data-high")) == 10.5
    tip = "".join(daesung.find("s:title", NS).itertext())
    expected = {"en": "window ≤ 10.5; ran 7 – 13", "ko": "권장 범위 ≤ 10.5; 실제 7 ~ 13"}[language]
    assert tip == f"대성금속: {expected}"
    hanil_tip = "".join(hanil.find("s:title", NS).itertext())
    assert hanil_tip.endswith({"en": "window 9 – 11; ran 8 – 12", "ko": "권장 범위 9 ~ 11; 실제 8 ~ 12"}[language])
    ticks = [float(t.get("data-value")) for t in svg.findall("s:text[@class='tick']", NS)]
    assert ticks[0] == first and ticks[-1] == last


def test_a_long_client_name_is_cut_in_the_panel_and_whole_in_its_tooltip():
    long = TABLE.copy()
    long.loc[0, "client"] = "Hanil Precision Automotive Components Manufacturing"
    svg = ElementTree.fromstring(re.search(r"<svg .*?</svg>", window_charts(long, "en"), re.DOTALL).group(0))
    row = svg.find("s:g[@data-engagement='hanil']", NS)
    assert row.find("s:text", NS).text.endswith("…") and len(row.find("s:text", NS).text) < 20
    assert "".join(row.find("s:title", NS).itertext()).startswith(long.loc[0, "client"])
