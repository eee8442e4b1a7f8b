"""Every chart of the app and every word of jargon it shows has its ⓘ: a <details> whose words, in the engagement's
language, say what it means."""
import html
import re

import ipywidgets as w
import pytest
from conftest import make_engagement, module_engagements
from mfgxai.app.info import CHARTS, TERMS, info
from mfgxai.app.results import engagement_results
from mfgxai.app.tabs import ProcessView
from mfgxai.demo.clients import ENCODINGS, NEXT_PERIODS, client_frame
from mfgxai.loop.advice import advise
from mfgxai.loop.drops import add_drop
from mfgxai.run.runner import run_process

JARGON = {"en": {"roc_auc": r"\bAUC\b", "ap": r"\bAP\b|average precision", "rmse": r"\bRMSE\b|root mean square",
                 "psi": r"\bPSI\b", "cpk": r"\bCpk\b", "alarm_level": r"(?i)alarm level",
                 "window": r"(?i)operating window", "bag_spread": r"\bbags?\b|repeated fits",
                 "pp": r"\bpp\b|percentage points?", "p_value": r"(?i)p-value",
                 "interval": r"95 % interval", "drift_test": r"Kolmogorov|chi-square",
                 "expected_auc": r"right model would score"},
          "ko": {"roc_auc": r"AUC", "ap": r"\bAP\b|평균 정밀도", "rmse": r"RMSE|평균 제곱근 오차", "psi": r"PSI",
                 "cpk": r"Cpk", "alarm_level": r"경보 기준", "window": r"권장 (운전 )?범위", "bag_spread": r"반복 학습",
                 "pp": r"%p", "p_value": r"p값", "interval": r"95% 구간", "drift_test": r"콜모고로프|카이제곱",
                 "expected_auc": r"맞는 모델"}}
DRAWN = {"drivers": ("pp",), "effect": ("window", "bag_spread"), "map": ("window", "alarm_level"),
         "alarm": ("roc_auc", "ap", "alarm_level"), "p_chart": ()}  # words written inside a chart's image
HANGUL = re.compile("[가-힣]")
INFO = re.compile(r"<details class='mfgxai-info' data-info='(\w+)'><summary title='([^']*)'[^>]*>[^<]*ⓘ</summary>"
                  r"<span class='mfgxai-info-text'>([^<]*)</span></details>")


@pytest.fixture(scope="module")
def welding(tmp_path_factory):
    """A Korean and an English welding client, each once round the loop: run, advice, the next months, run again
    (the latest run has a comparison: the Progress tab)."""
    with module_engagements(tmp_path_factory, "explained") as root:
        for language in ("ko", "en"):
            slug = f"weld-{language}"
            make_engagement(root, "welding", client=f"Weld {language}", slug=slug, language=language, rows=2_000)
            assert run_process(slug, "welding").ok
            advise(slug, "welding", "")
            after = root / f"next_{language}.csv"
            client_frame("welding", language, 2_000, 99, NEXT_PERIODS["welding"]).to_csv(
                after, index=False, encoding=ENCODINGS.get(language, "utf-8"))
            add_drop(slug, "welding", after)
            run = run_process(slug, "welding")
            assert run.ok and run.folder.joinpath("comparison.json").exists(), run.manifest.failure
        yield root


def _widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _widgets(child)


def _texts(widget) -> list[str]:
    return [str(getattr(part, name)) for part in _widgets(widget) for name in ("value", "description")
            if isinstance(getattr(part, name, None), str)]


def _words(text: str) -> str:
    """What a page says, without its ⓘ explanations, tags or styles."""
    text = re.sub(r"<(style|details)\b.*?</\1>", " ", INFO.sub(" ", text), flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _chart(widget) -> str | None:
    """The chart a widget draws (its ⓘ's key without 'chart_'), '' for an image that names none, None if no chart."""
    classes = getattr(widget, "_dom_classes", ())
    if isinstance(widget, w.Image):
        return next((c.removeprefix("mfgxai-explained-") for c in classes if c.startswith("mfgxai-explained-")), "")
    if "mfgxai-curve-chart" in classes:
        return "curve"
    value = getattr(widget, "value", None)
    if isinstance(value, str):
        return "waterfall" if "mfgxai-waterfall" in value else "reasons" if "mfgxai-reasons" in value else None
    return None


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_chart_and_jargon_word_of_the_app_has_its_explanation(welding, language):
    view = ProcessView(engagement_results(f"weld-{language}").processes["welding"], language)
    for index, (key, box) in enumerate(zip(view.keys, view.tabs.children)):
        view.tabs.selected_index = index  # built when first opened
        texts = _texts(box)
        found = [match for text in texts for match in INFO.finditer(text)]
        explained = {match[1] for match in found}
        for match in found:  # the explanation in the engagement's language, the same on hover and on a tap
            assert match[2] == match[3] and len(html.unescape(match[3])) > 40
            assert bool(HANGUL.search(match[3])) == (language == "ko"), match[3]
        charts = [c for c in map(_chart, _widgets(box)) if c is not None]
        assert all(charts), f"{key}: a chart image without its explanation"
        for chart in charts:
            assert chart in CHARTS and f"chart_{chart}" in explained, (key, chart, explained)
            assert set(DRAWN.get(chart, ())) <= explained, (key, chart, explained)
        words = "\n".join(_words(text) for text in texts)
        for term, pattern in JARGON[language].items():
            if found_word := re.search(pattern, words):
                assert term in explained, (key, term, found_word[0], explained)
    assert "app_progress" in view.keys
    assert {"chart_drivers", "chart_effect", "chart_map", "chart_alarm", "chart_curve", "chart_waterfall",
            "chart_p_chart", "psi", "cpk", "p_value", "interval"} <= {
        match[1] for box in view.tabs.children for text in _texts(box) for match in INFO.finditer(text)}


@pytest.mark.parametrize("key", [f"chart_{c}" for c in CHARTS] + list(TERMS))
def test_each_explanation_exists_in_both_languages_and_opens_without_a_script(key):
    english, korean = info(key, "en", "part"), info(key, "ko", "부품")
    assert "<script" not in english + korean and english.startswith("<details") and "<summary" in english
    assert not HANGUL.search(english) and HANGUL.search(korean)
