"""The app in Chromium speaks one risk language, shows windows only where edges were found, fits a 1,024 px screen
and carries a part from the explainer into the what-if (real Voilà; the fixtures of test_app)."""
import base64
import io
import re

import numpy as np
import pandas as pd
import pytest
from mfgxai.app.results import engagement_results
from mfgxai.engagement.runstore import RunFolder
from mfgxai.explain import palette
from mfgxai.model.scoring import Scorer
from PIL import Image
from test_app import _open, _tab, apps, browser, page  # noqa: F401  (fixtures shared with test_app)

OVERFLOW = """() => {
  const cut = [], wide = [];
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    if (!el.getClientRects().length || el.closest('.noUi-target, svg')) continue;  // hidden; a slider's own parts
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1) wide.push(el.className || el.tagName);
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !['auto', 'scroll'].includes(style.overflowX))
      cut.push((el.className || el.tagName) + ': ' + (el.textContent || '').slice(0, 40));
  }
  return {cut, wide};
}"""


PNG = """async selector => {  // the PNG behind the visible chart's blob: address, as base64
  const image = [...document.querySelectorAll(selector)].find(i => i.offsetParent);
  const bytes = new Uint8Array(await (await fetch(image.src)).arrayBuffer());
  let text = '';
  bytes.forEach(b => text += String.fromCharCode(b));
  return btoa(text);
}"""


def _png(page, selector: str) -> np.ndarray:
    """The chart the visible <img> matching `selector` shows, as RGB pixels."""
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(page.evaluate(PNG, selector)))).convert("RGB"))


def _share(pixels: np.ndarray, colour: str, alpha: float = 1.0) -> float:
    """Share of pixels in `colour` laid over white at `alpha`."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    expected = 255 * (1 - alpha) + rgb * alpha
    return float(np.mean(np.all(np.abs(pixels.astype(float) - expected) <= 3, axis=-1)))


def _pick(page, scope: str, label: str, before: str) -> None:
    """Choose `label` in the page's setting picker and wait for the chart to change."""
    page.locator(f"{scope} .widget-dropdown select").select_option(label=label)
    page.wait_for_function("([img, old]) => document.querySelector(img).getAttribute('src') !== old",
                           arg=[f"{scope} img.mfgxai-chart", before])


def test_only_settings_with_a_window_edge_get_a_green_band(apps, page):
    scorer = Scorer.load(RunFolder(apps["run"]).scoring_path)
    _open(page, apps["alpha"])
    _tab(page, "Effect of a setting")
    scope = ".mfgxai-effects"
    page.locator(f"{scope} img.mfgxai-chart").wait_for()
    options = page.locator(f"{scope} .widget-dropdown select option").all_text_contents()
    labels = {f"{f['en']} ({f['unit']})" if f["unit"] else f["en"]: f for f in scorer.features.values()}
    banded = {}
    for label in options:
        if label != page.locator(f"{scope} .widget-dropdown select").evaluate("s => s.selectedOptions[0].text"):
            _pick(page, scope, label, page.locator(f"{scope} img.mfgxai-chart").get_attribute("src"))
        feature = labels[label.replace("\xa0", " ")]  # the page writes spaces as no-break spaces
        if feature["kind"] != "category":
            window = feature["window"] or {}
            found = window.get("low") is not None or window.get("high") is not None
            banded[label] = (_share(_png(page, f"{scope} img.mfgxai-chart"), palette.WINDOW, 0.16) > 0.01, found)
    assert all(green == found for green, found in banded.values()), banded
    assert {found for _, found in banded.values()} == {True, False}  # both kinds of setting were seen


def test_every_map_colours_a_risk_by_the_one_scale(apps, page):
    _open(page, apps["alpha"])
    _tab(page, "Two-setting window")
    picker = page.locator(".widget-dropdown select:visible").first
    page.locator("img.mfgxai-chart:visible").first.wait_for()
    bands = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in palette.RISK_COLOURS}
    seen = []
    for number, label in enumerate(picker.locator("option").all_text_contents()[:2]):
        if number:
            before = page.locator("img.mfgxai-chart:visible").first.get_attribute("src")
            picker.select_option(label=label)
            page.wait_for_function("old => [...document.querySelectorAll('img.mfgxai-chart')]"
                                   ".some(i => i.offsetParent && i.getAttribute('src') !== old)", arg=before)
        pixels = _png(page, "img.mfgxai-chart").reshape(-1, 3)
        colours, counts = np.unique(pixels, axis=0, return_counts=True)
        coloured = {tuple(c) for c, n in zip(colours, counts) if n > 0.01 * len(pixels) and max(c) - min(c) > 30}
        assert coloured and coloured <= bands, (label, coloured - bands)  # nothing but the fixed bands (no white/grey)
        seen.append(coloured)
    assert len(seen) < 2 or seen[0] & seen[1]  # the maps share bands: the same colour for the same risk


@pytest.mark.parametrize("width", [1024])
def test_nothing_is_cut_or_wider_than_the_screen(apps, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(30_000)
    try:
        _open(page, apps["alpha"])
        sections = page.locator(".mfgxai-sections > .lm-TabBar .lm-TabBar-tab")
        for number in range(sections.count()):
            title = sections.nth(number).text_content()
            sections.nth(number).click()
            page.locator(".mfgxai-sections > .widget-tab-contents > .widget-box:visible > *").first.wait_for()
            page.wait_for_timeout(1500)  # charts and tables drawn
            found = page.evaluate(OVERFLOW)
            assert found == {"cut": [], "wide": []}, title
    finally:
        page.close()


def test_try_in_the_what_if_names_the_part_and_opens_its_top_reason(apps, page):
    parts = pd.read_parquet(apps["run"] / "parts.parquet")
    wanted = parts.loc[len(parts) // 2, "part_id"]
    _open(page, apps["alpha"])
    _tab(page, "Part explainer")
    search = page.locator(".mfgxai-part-search input")
    search.fill(wanted)
    search.press("Enter")
    page.wait_for_function("id => document.querySelector('.mfgxai-part .mfgxai-sentence').textContent.includes(id)",
                           arg=wanted)
    assert "1 of" in page.locator(".mfgxai-found").text_content()
    assert page.locator(".mfgxai-waterfall tr").count() >= 3
    reason = page.locator(".mfgxai-part .mfgxai-curve-picker select").evaluate("s => s.selectedOptions[0].text")
    shown = page.locator(".mfgxai-part .mfgxai-risk .value").text_content()
    page.get_by_role("button", name="Try changes in the what-if").click()
    loaded = page.locator(".mfgxai-whatif .mfgxai-loaded")
    loaded.wait_for()
    page.wait_for_function("id => document.querySelector('.mfgxai-whatif .mfgxai-loaded').textContent.includes(id)",
                           arg=wanted)
    assert f"Part {wanted} loaded" in loaded.text_content()
    risk = ".mfgxai-whatif-risk .value"  # the risk and the curve follow the loaded part as the kernel sends them
    page.wait_for_function("([where, shown]) => document.querySelector(where).textContent === shown", arg=[risk, shown])
    picker = ".mfgxai-whatif .mfgxai-curve-picker select"
    page.wait_for_function("([where, reason]) => document.querySelector(where).selectedOptions[0].text === reason",
                           arg=[picker, reason])


def test_a_sliders_readout_groups_thousands_and_the_alarm_level_says_how_far_to_trust_it(apps, page):
    from mfgxai.explain import actions
    from mfgxai.i18n import number

    _open(page, apps["alpha"])
    _tab(page, "What-if")
    slider = page.locator(".widget-slider", has_text="Welds since tip dressing")
    slider.locator(".widget-readout").wait_for()
    readout = slider.locator(".widget-readout").text_content()
    assert re.fullmatch(r"\d{1,3}(,\d{3})+", readout), readout  # '1,260', as the texts around it write it
    assert number(float(readout.replace(",", "")), "en") == readout
    _tab(page, "Model quality")
    level = page.locator(".mfgxai-alarm-level")
    level.wait_for()
    metrics = engagement_results("alpha").processes["welding"].metrics
    said = actions.alarm_caveat(metrics, "en", "part")
    assert re.search(r"\d+\.\d%", level.text_content())  # the alarm level …
    assert said["headline"] in level.text_content() and said["caveat"] in level.text_content()  # … and its trust
