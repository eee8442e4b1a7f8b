"""The consulting loop as a consultant runs it: a real run, advice recorded, the client's next file added, and the
new data compared with the advice — adoption, defect rate before and after, drift and the model on the new data."""
import html as markup
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import make_engagement, module_engagements
from mfgxai.demo.clients import NEXT_PERIODS, client_frame
from mfgxai.demo.synth import NextPeriod, generate, next_period
from mfgxai.engagement.runstore import latest_good
from mfgxai.errors import EngagementError
from mfgxai.i18n import number, points
from mfgxai.loop.advice import AdvisedWindow, advice_in_force, advised_run
from mfgxai.loop.change import capability, rate_change
from mfgxai.loop.drift import drift_table, level, psi
from mfgxai.loop.modelcheck import auc_interval, expected_auc
from mfgxai.model.scoring import Scorer
from mfgxai.processes import get_spec
from mfgxai.publish.report import export_report
from sklearn.metrics import roc_auc_score

ROWS = 4_000
AFTER_SEED = 99
CHROMIUM = "/usr/bin/chromium"


def _mfgxai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mfgxai", *args], capture_output=True, text=True, timeout=600)


def _next_months(path, period: NextPeriod, rows: int = ROWS) -> None:
    """The client's file of the six months after the first, as the same export writes it."""
    client_frame("welding", "en", rows, AFTER_SEED, period).to_csv(path, index=False)


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
        _next_months(root / "welding_next.csv", NEXT_PERIODS["welding"])
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
    assert "Weld current moved as advised" in " ".join(figures["verdicts"])
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
    # settings held tighter make parts harder to tell apart: judged against what a right model scores on them
    assert model["auc"] < model["trained_auc"] and model["auc_low"] <= model["expected_auc"] and not model["retrain"]


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


# -- against the demo truth -------------------------------------------------------------------------------------
TRUTH_ROWS = 200_000  # the generator's own rates, to about a tenth of a percentage point


def _defect_rate(frame: pd.DataFrame) -> float:
    return float((frame["quality"] == get_spec("welding").target.positive).mean())


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Generated records with the target as 0/1, as validation hands them over."""
    return frame.assign(quality=(frame["quality"] == get_spec("welding").target.positive).astype(int))


def test_the_fall_the_generator_made_is_recovered_within_its_interval(loop):
    _, _, _, compared = loop
    spec = get_spec("welding")
    truth = (_defect_rate(next_period(spec, TRUTH_ROWS, 1, NEXT_PERIODS["welding"]))
             - _defect_rate(generate(spec, TRUTH_ROWS, 1)))
    rate = json.loads(compared.stdout)["defect_rate"]
    assert truth < -0.01 and rate["low"] <= truth <= rate["high"] < 0


def test_adoption_equals_the_generators(loop):
    _, advice, _, compared = loop
    generated = next_period(get_spec("welding"), ROWS, AFTER_SEED, NEXT_PERIODS["welding"])
    for window in advice.windows:
        found = next(w for w in json.loads(compared.stdout)["adoption"] if w["feature"] == window.feature)
        assert found["inside_after"] == pytest.approx(window.inside(generated[window.feature]).mean(), abs=0.003)


@pytest.fixture(scope="module")
def advised_model(loop):
    root, advice, _, _ = loop
    run = advised_run("loop", advice)
    return Scorer.load(run.scoring_path), run.explanations()["importances"], {w.feature for w in advice.windows}


def test_a_sensor_offset_is_flagged_first_and_nothing_improves(advised_model):
    scorer, importances, windowed = advised_model
    spec = get_spec("welding")
    before = _canonical(generate(spec, ROWS, 7))
    after = _canonical(next_period(spec, ROWS, 5, NextPeriod(offsets={"electrode_force": 0.5})))
    drift = drift_table(before, after, scorer, importances, windowed)
    flagged = drift[drift["level"] != "stable"]
    assert list(flagged["feature"]) == ["electrode_force"] and flagged.iloc[0]["level"] == "major"
    assert rate_change(before["quality"], after["quality"])["verdict"] != "fell"


def test_a_period_without_change_shows_no_fall_and_no_drift(advised_model):
    scorer, importances, windowed = advised_model
    spec = get_spec("welding")
    before, after = _canonical(generate(spec, ROWS, 7)), _canonical(next_period(spec, ROWS, 5, NextPeriod()))
    assert rate_change(before["quality"], after["quality"])["verdict"] == "unclear"
    assert (drift_table(before, after, scorer, importances, windowed)["level"] == "stable").all()


def test_a_too_small_after_period_says_it_cannot_tell_in_both_languages(loop):
    """The comparison as `mfgxai compare` makes it, on the next period's first 60 parts only (the demo truth, advice
    followed): no verdict on the defect rate, and the sentence says why."""
    from dataclasses import replace

    from mfgxai.engagement.config import load_engagement
    from mfgxai.ingest.checks import SOURCE_FILE
    from mfgxai.ingest.validate import validate_process
    from mfgxai.loop.compare import compare

    validated = validate_process(load_engagement("loop"), "welding", check=False)
    since = validated.data[SOURCE_FILE] == "welding_next.csv"
    small = replace(validated, data=pd.concat([validated.data[~since], validated.data[since].head(60)]))
    for language, said in (("en", ("Too few parts or defects to tell whether the defect rate changed ({:,} parts "
                                   "before the advice, 60 after).")),
                           ("ko", "불량률이 바뀌었는지 판단하기에는 부품 수나 불량 수가 너무 적습니다(조언 전 {:,}개, 후 60개).")):
        figures = compare("loop", "welding", small, language)
        rate = figures["defect_rate"]
        assert rate["verdict"] == "too_little_data" and rate["low"] is None and rate["after"]["parts"] == 60
        assert figures["verdicts"][0] == said.format(rate["before"]["parts"])


def test_the_expected_auc_is_the_mean_over_outcomes_drawn_from_the_risks():
    rng = np.random.default_rng(0)
    for risk in (rng.beta(1, 15, 800), np.round(rng.beta(1, 15, 800), 2)):  # ties count half
        drawn = [roc_auc_score(y, risk) for y in rng.uniform(size=(2000, len(risk))) < risk if 0 < y.sum() < len(y)]
        assert expected_auc(risk) == pytest.approx(np.mean(drawn), abs=0.002)


def _page_rows(page: str) -> list[list[str]]:
    return [[markup.unescape(re.sub("<[^>]+>", "", cell)) for cell in re.findall("<td>(.*?)</td>", row)]
            for row in re.findall("<tr>(.*?)</tr>", page.split("<tbody>")[1])]


def test_the_centres_portfolio_shows_each_clients_loop_and_nothing_of_another(loop):
    from mfgxai.centre.portfolio import overview, write_overview
    from mfgxai.run.runner import run_process

    root, advice, _, compared = loop
    make_engagement(root, "pressing", client="Other Client", slug="other", rows=1_500, seed=11)
    assert run_process("other", "pressing").ok
    table = overview()
    row = table.set_index("engagement").loc["loop"]
    assert row["change"] == "fell" and row["change_high"] < 0 and row["rate_now"] < row["rate_before"]
    assert row["least_inside_window"] > 0.6 and row["drift"] == "" and not row["retrain"]
    rate, advised = json.loads(compared.stdout)["defect_rate"], datetime.fromisoformat(advice.advised)
    ids = set(pd.read_csv(root / "engagements" / "loop" / "data" / "welding_next.csv")["Part ID"].astype(str))
    for language, loop_row, other_row in (
            ("en", ["Test Client", "Resistance spot welding", f"{advised.day} {advised:%B %Y}",
                    f"{100 * rate['before']['rate']:.1f}% → {100 * rate['after']['rate']:.1f}%",
                    f"{100 * rate['low']:+.1f} pp to {100 * rate['high']:+.1f} pp", "fell"],
             ["Other Client", "Press stamping"]),
            ("ko", ["Test Client", "저항 점용접", f"{advised.year}년 {advised.month}월 {advised.day}일",
                    f"{100 * rate['low']:+.1f}%p ~ {100 * rate['high']:+.1f}%p", "낮아짐"],
             ["Other Client", "프레스 성형"])):
        page = write_overview(table, root / "engagements", language)["html"].read_text(encoding="utf-8")
        rows = {cells[0]: cells for cells in _page_rows(page)}
        assert set(rows) == {"Test Client", "Other Client"} and f'<html lang="{language}">' in page
        mine, other = " | ".join(rows["Test Client"]), rows["Other Client"]
        assert all(text in mine for text in loop_row), mine
        assert other[:2] == other_row and other[5:12] == ["–"] * 7  # no advice of its own, none of loop's figures
        assert f'href="loop/runs/welding/{row["last_run"]}/report.html"' in page  # its report, beside the page
        assert not ids & set(re.findall(r"[A-Z]{2}\d{7}", page))  # no part of any client is named


def test_the_portfolio_charts_each_clients_defect_rate_before_and_since_the_advice_as_compared(loop):
    """The chart per process draws the figures of comparison.json: data-* and positions, both languages."""
    from xml.etree import ElementTree

    from mfgxai.centre.portfolio import overview, write_overview
    from mfgxai.explain.palette import LOWERS

    root = loop[0]
    rate = latest_good("loop", "welding").comparison()["defect_rate"]
    table = overview()
    for language, title, summary in (("en", "Resistance spot welding: defect rate before and since the advice",
                                      "Clients compared: 1. Defects fell at 1, rose at 0, cannot tell yet at 0."),
                                     ("ko", "저항 점용접: 조언 전후 불량률", "비교한 고객사 1곳: 불량률이 낮아진 곳 1, 높아진 곳 0")):
        page = write_overview(table, root / "engagements", language)["html"].read_text(encoding="utf-8")
        charts = re.findall(r"<section class='process-chart' data-process='(\w+)'>(.*?)</section>", page, re.DOTALL)
        assert [process for process, _ in charts] == ["welding"]  # a process nobody has compared gets no chart
        section = charts[0][1]
        assert title in markup.unescape(section) and summary in markup.unescape(section)
        svg = ElementTree.fromstring(re.search(r"<svg .*?</svg>", section, re.DOTALL).group(0))
        ns = {"s": "http://www.w3.org/2000/svg"}
        rows = svg.findall("s:g[@class='engagement']", ns)
        assert len(rows) == 1 and rows[0].get("data-engagement") == "loop"
        row = rows[0]
        figures = {"before": rate["before"]["rate"], "before-low": rate["before"]["low"],
                   "before-high": rate["before"]["high"], "after": rate["after"]["rate"],
                   "after-low": rate["after"]["low"], "after-high": rate["after"]["high"],
                   "change-low": rate["low"], "change-high": rate["high"]}
        assert {key: float(row.get(f"data-{key}")) for key in figures} == figures  # the same numbers, exactly
        assert row.get("data-verdict") == rate["verdict"] == "fell"
        left, width, top = (float(svg.get(k)) for k in ("data-left", "data-width", "data-top-rate"))
        assert top >= max(rate["before"]["high"], rate["after"]["high"])  # every interval inside the axis

        def drawn(x: str, left=left, width=width, top=top) -> float:  # a position back to the rate it stands for
            return (float(x) - left) / width * top

        before, after = row.find("s:circle[@class='before']", ns), row.find("s:circle[@class='after']", ns)
        lines = {line.get("class"): line for line in row.findall("s:line", ns)}
        for shown, expected in ((before.get("cx"), rate["before"]["rate"]), (after.get("cx"), rate["after"]["rate"]),
                                (lines["before-interval"].get("x1"), rate["before"]["low"]),
                                (lines["before-interval"].get("x2"), rate["before"]["high"]),
                                (lines["after-interval"].get("x1"), rate["after"]["low"]),
                                (lines["after-interval"].get("x2"), rate["after"]["high"])):
            assert drawn(shown) == pytest.approx(expected, abs=0.006 * top / width)  # within a hundredth of a px
        assert after.get("fill") == LOWERS and float(after.get("cx")) < float(before.get("cx"))  # fell: blue, left
        shown = "".join(row.find("s:text[@class='figures']", ns).itertext())
        assert f"{100 * rate['before']['rate']:.1f}% → {100 * rate['after']['rate']:.1f}%" in shown
        ticks = [float(tick.get("data-value")) for tick in svg.findall("s:text[@class='tick']", ns)]
        assert ticks[0] == 0 and ticks[-1] == top


def test_the_portfolio_sets_each_clients_windows_from_its_latest_run_beside_the_others(loop):
    """The windows section draws the latest good run's windows with an edge, exactly as explanations.json has them."""
    from xml.etree import ElementTree

    from mfgxai.centre.portfolio import overview, write_overview

    root = loop[0]
    windows = [w for w in latest_good("loop", "welding").explanations()["windows"]
               if w["low"] is not None or w["high"] is not None]
    assert windows, "the demo truth gives welding windows"
    for language in ("en", "ko"):
        page = write_overview(overview(), root / "engagements", language)["html"].read_text(encoding="utf-8")
        section = re.search(r"<section class='process-windows' data-process='welding'>(.*?)</section>", page,
                            re.DOTALL).group(1)
        svgs = [ElementTree.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", section, re.DOTALL)]
        assert [svg.get("data-feature") for svg in svgs] == [w["feature"] for w in windows]
        for svg, window in zip(svgs, windows):
            row = svg.find("{http://www.w3.org/2000/svg}g[@data-engagement='loop']")
            for key in ("low", "high", "data_low", "data_high"):
                shown = row.get(f"data-{key.replace('_', '-')}")
                assert (None if shown == "" else float(shown)) == window[key]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, as the app's tests drive it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def test_the_portfolio_page_as_chromium_draws_it_in_both_languages(loop, browser, tmp_path):
    """The centre's page in headless Chromium: the chart where the figures put it, the table's words and numbers."""
    from mfgxai.centre.portfolio import overview, write_overview

    root = loop[0]
    rate = latest_good("loop", "welding").comparison()["defect_rate"]
    table = overview()
    for language in ("en", "ko"):
        path = write_overview(table, root / "engagements", language)["html"]
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        try:
            page.goto(path.as_uri())
            chart = page.locator("section.process-chart[data-process=welding] svg.before-after")
            box = chart.bounding_box()
            assert box["width"] >= 800 and box["x"] + box["width"] <= 1300  # whole, on a laptop's screen
            ticks = chart.locator("text.tick")

            def centre(locator) -> float:
                shape = locator.bounding_box()
                return shape["x"] + shape["width"] / 2

            zero, end = centre(ticks.first), centre(ticks.last)
            top = float(ticks.last.get_attribute("data-value"))
            row = chart.locator("g.engagement[data-engagement=loop]")
            for point, expected in (("before", rate["before"]["rate"]), ("after", rate["after"]["rate"])):
                shown = (centre(row.locator(f"circle.{point}")) - zero) / (end - zero) * top
                assert shown == pytest.approx(expected, abs=top / 400), point  # within a pixel or so of the figure
            words = {"en": "fell", "ko": "낮아짐"}[language]
            figures = f"{100 * rate['before']['rate']:.1f}% → {100 * rate['after']['rate']:.1f}% {words}"
            assert row.locator("text.figures").text_content() == figures
            cells = page.locator("table.portfolio tbody tr", has_text="Test Client").inner_text()
            assert f"{100 * rate['before']['rate']:.1f}% → {100 * rate['after']['rate']:.1f}%" in cells
            assert points(100 * rate["low"], language) in cells and words in cells
            page.screenshot(path=tmp_path / f"portfolio-{language}.png", full_page=True)
        finally:
            page.close()


# -- where people see it: the run's report -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def rerun(loop):
    """`mfgxai run` once the next file is in: a real papermill run and its report, with the comparison."""
    ran = _mfgxai("run", "loop")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return latest_good("loop", "welding")


def _text(html_page: str) -> str:
    """The report's words: tags, images and repeated spaces out."""
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", "", html_page))).split())


def test_the_report_of_a_run_with_a_comparison_says_what_changed_since_the_advice(loop, rerun):
    _, advice, _, compared = loop
    figures = json.loads(compared.stdout)
    assert json.loads(rerun.comparison_path.read_text(encoding="utf-8"))["defect_rate"] == figures["defect_rate"]
    text = _text((rerun.path / "report.html").read_text(encoding="utf-8"))
    advised = datetime.fromisoformat(advice.advised)
    heading = f"What changed since the advice of {advised.day} {advised:%B %Y}"
    assert text.count(heading) == 2  # the contents and the section
    section = text[text.rindex(heading):text.index("The client's files were checked")]
    rate = figures["defect_rate"]
    assert f"Advice from run {advice.run_id}. Before the advice: welding_export.csv. Since the advice: " \
           "welding_next.csv. Agreed with the client: Keep weld current inside its window" in section
    assert "both periods are scored by the model of the advised run" in section  # the notebook's prose
    for sentence in figures["verdicts"]:
        assert sentence in section
    before, after = rate["before"], rate["after"]
    assert (f"Before the advice {before['parts']:,} {before['defects']:,} {100 * before['rate']:.1f}% "
            f"{100 * before['low']:.1f}% to {100 * before['high']:.1f}%") in section
    assert (f"Since the advice {after['parts']:,} {after['defects']:,} {100 * after['rate']:.1f}%") in section
    assert (f"Change {100 * rate['difference']:+.1f} pp {100 * rate['low']:+.1f} pp to "
            f"{100 * rate['high']:+.1f} pp") in section
    current = next(w for w in figures["adoption"] if w["feature"] == "weld_current")
    edges = f"{number(current['low'], 'en')} – {number(current['high'], 'en')}"  # halves up, as every page writes
    assert (f"Weld current {edges} kA {100 * current['inside_before']:.0f}% "
            f"{100 * current['inside_after']:.0f}% {current['cpk_before']:.2f} {current['cpk_after']:.2f}") in section
    drift = next(d for d in figures["drift"] if d["feature"] == "weld_current")
    assert f"Weld current {drift['psi']:.2f} Kolmogorov–Smirnov < 0.001 0.0% moved as advised" in section
    model = figures["model"]
    assert (f"{model['auc']:.2f} ({model['auc_low']:.2f} to {model['auc_high']:.2f})" in section
            and "Verdict the model holds" in section)
    html_page = (rerun.path / "report.html").read_text(encoding="utf-8")
    chart = html_page[html_page.rindex(heading):html_page.index("The client's files were checked")]
    assert len(re.findall(r'<figure class="chart">\s*<img[^>]*src="data:image/png;base64,', chart)) == 1  # p-chart


def test_the_report_of_a_run_without_a_comparison_has_no_such_section(loop, rerun):
    _, advice, _, _ = loop
    first = advised_run("loop", advice)  # run before the advice: it had nothing to compare
    made_by_the_run = _text((first.path / "report.html").read_text(encoding="utf-8"))
    # made again after `compare` kept its figures in this folder: the run's notebook still showed no comparison
    assert first.comparison_path.exists()
    made_again = _text(export_report(first.path, ("html",))["html"].read_text(encoding="utf-8"))
    for text in (made_by_the_run, made_again):
        assert "Findings" in text and "What changed since" not in text and "advised run" not in text


# -- where people see it: the app's Progress tab -----------------------------------------------------------------
def _html_of(widget) -> str:
    """Every HTML text of a widget and the widgets in it."""
    import ipywidgets as w

    if isinstance(widget, w.HTML):
        return widget.value
    return " ".join(_html_of(child) for child in getattr(widget, "children", ()))


def _progress_tab(root, run, language: str):
    from mfgxai.app.results import read_results
    from mfgxai.app.tabs import ProcessView

    view = ProcessView(read_results("welding", run, root / "engagements" / "loop"), language)
    index = view.keys.index("app_progress")
    view.tabs.selected_index = index
    return view.tabs.titles[index], view.tabs.children[index].children[0]


def test_the_app_shows_the_comparison_in_a_progress_tab_in_both_languages(loop, rerun):
    root, advice, _, compared = loop
    figures = json.loads(compared.stdout)
    title, page = _progress_tab(root, rerun, "en")
    text = _text(_html_of(page))
    advised = datetime.fromisoformat(advice.advised)
    rate = figures["defect_rate"]
    assert title == "Progress" and text.startswith(f"What changed since the advice of {advised.day} {advised:%B %Y}")
    for sentence in figures["verdicts"]:
        assert sentence in text
    assert (f"Change {100 * rate['difference']:+.1f} pp {100 * rate['low']:+.1f} pp to "
            f"{100 * rate['high']:+.1f} pp") in text
    current = next(w for w in figures["adoption"] if w["feature"] == "weld_current")
    assert f"{100 * current['inside_before']:.0f}% {100 * current['inside_after']:.0f}%" in text
    assert sum(1 for child in page.children if type(child).__name__ == "Image") == 1  # the p-chart
    title, page = _progress_tab(root, rerun, "ko")
    text = _text(_html_of(page))
    assert title == "진행 상황" and f"{advised.year}년 {advised.month}월 {advised.day}일 조언 이후 달라진 점" in text
    assert (f"불량률이 {100 * rate['before']['rate']:.1f}%에서 {100 * rate['after']['rate']:.1f}%" in text
            and f"변화 {100 * rate['difference']:+.1f}%p" in text and "조언 전 데이터: welding_export.csv" in text)


def test_the_app_has_no_progress_tab_without_a_comparison(loop, rerun, tmp_path):
    from mfgxai.app.results import read_results
    from mfgxai.app.tabs import ProcessView

    root, advice, _, _ = loop
    first = advised_run("loop", advice)
    kept = first.comparison_path.rename(tmp_path / "comparison.json")  # as the run left it, before `compare`
    try:
        view = ProcessView(read_results("welding", first, root / "engagements" / "loop"), "en")
    finally:
        kept.rename(first.comparison_path)
    assert "app_progress" not in view.keys and "Progress" not in view.tabs.titles


def test_the_demos_engagements_and_its_loop_write_only_what_git_ignores(engagements, tmp_path):
    """`mfgxai demo` writes the demo clients and adds the loop's next file to one; none of it is tracked, so a demo
    leaves a checkout as it was; the next file fits its engagement and follows its first."""
    from pathlib import Path

    from mfgxai.demo.clients import DEMO_CLIENTS, DEMO_LOOP, write_demo_engagements, write_next_period
    from mfgxai.engagement.config import load_engagement
    from mfgxai.loop.drops import add_drop

    repo = Path(__file__).parents[1]
    number, process, file_name, _ = DEMO_LOOP
    slug = DEMO_CLIENTS[number][1]
    write_demo_engagements(rows=300)
    add_drop(slug, process, write_next_period(tmp_path, rows=300))
    config = load_engagement(slug).process(process)
    assert config.data == [f"data/{DEMO_CLIENTS[number][3][0][1]}", f"data/{file_name}"]
    before, after = (pd.read_csv(engagements / slug / entry, encoding="cp949") for entry in config.data)
    assert list(after.columns) == list(before.columns) and set(after.columns) == set(config.columns)
    assert pd.to_datetime(after["일시"]).min() > pd.to_datetime(before["일시"]).max()
    written = sorted(f"engagements/{p.relative_to(engagements).as_posix()}" for p in engagements.rglob("*")
                     if p.is_file())
    assert len(written) == 3 + 7 + 1, written  # each client's engagement.yaml and files, the loop's next file
    git = ["git", "-C", str(repo)]
    ignored = subprocess.run([*git, "check-ignore", "-z", "--no-index", "--stdin"], input="\0".join(written),
                             capture_output=True, text=True).stdout.split("\0")
    assert ignored[:-1] == written
    tracked = subprocess.run([*git, "ls-files", "engagements"], capture_output=True, text=True, check=True)
    assert tracked.stdout.splitlines() == ["engagements/README.md"]
