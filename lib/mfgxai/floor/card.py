"""The window card: one printed page per process for the machine — each setting's window as a bar, what goes wrong
beyond each edge, the check to do, the two-setting picture, and a QR code to the client's app."""
from __future__ import annotations

import base64
import os
import re
from datetime import datetime
from pathlib import Path

import matplotlib
import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..app.results import read_results
from ..app.serve import app_address
from ..engagement.runstore import RunFolder
from ..explain import charts
from ..explain.fonts import font_face_css
from ..i18n import day, number, quantity, t
from ..paths import templates_dir
from ..publish.report import FONT_SLOT, write_page
from .sheet import EDGES, FloorError, Setting, Sheet, edge_text, sheet

SIZES = ("A4", "A5")
APP_URL_VARIABLE = "MFGXAI_APP_URL"  # the app's address the QR code opens, as the client's phones reach it
PICTURE_FONT = {"font.size": 17}  # the two-setting picture's words, legible when the picture is printed small
LABEL_END = 12  # % of the bar within which a label is kept inside the bar rather than centred
AXIS_MARGIN = 0.06  # room beyond the data on each side of a bar, as a share of the data's span
PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def app_url() -> str:
    """The app address the QR code opens: MFGXAI_APP_URL, else the address `mfgxai app` prints, without its token."""
    return os.environ.get(APP_URL_VARIABLE) or app_address()


def write_card(run: RunFolder, language: str | None = None, size: str = "A4", url: str | None = None) -> Path:
    """Print a good run's card to <run>/card-<language>-<size>.pdf (and the page as .html): one page, the picture left
    out if it would not fit; a card that still runs over is refused rather than printed on two pages."""
    if size not in SIZES:
        raise FloorError(f"Unknown card size {size!r}; use {' or '.join(SIZES)}.")
    facts = sheet(run, language)
    stem = run.card_stem(facts.language, size)
    for with_picture in (True, False) if facts.pair else (False,):
        written = write_page(render(facts, size, url or app_url(), with_picture), stem, ("html", "pdf"))
        if len(PAGE.findall(written["pdf"].read_bytes())) == 1:
            return written["pdf"]  # the page beside it (.html) is what the report's appendix shows
    for path in written.values():
        path.unlink()
    raise FloorError(f"The card of {run.slug}/{run.process} does not fit on one {size} page with its "
                     f"{len(facts.settings)} settings with a window" + ("; use --size A4." if size != "A4" else "."))


def render(facts: Sheet, size: str, url: str, with_picture: bool = True) -> str:
    """The card as a self-contained HTML page (fonts embedded, pictures as data URIs)."""
    environment = Environment(loader=FileSystemLoader(templates_dir() / "card"), autoescape=select_autoescape())
    page = environment.get_template("card.html.j2").render(
        card=facts, say=facts.say, size=size, css=(templates_dir() / "card" / "card.css").read_text(encoding="utf-8"),
        bars=[bar(setting, facts.language) for setting in facts.settings], url=url, qr=_qr(url),
        picture=_picture(facts) if with_picture and facts.pair else None,
        advice_date=day(datetime.fromisoformat(facts.advice.advised), facts.language) if facts.advice else "",
        advice_later=facts.advice is not None and facts.advice.run_id != facts.run_id)
    return page.replace(FONT_SLOT, font_face_css(page), 1)


def bar(setting: Setting, language: str) -> dict:
    """Where a setting's bar puts its window, edges and typical value, in % of the bar's width."""
    ends = [v for v in (setting.data_low, setting.data_high, setting.low, setting.high, setting.typical)
            if v is not None]
    low, high = min(ends), max(ends)
    margin = (high - low) * AXIS_MARGIN or 1.0
    low, high = low - margin, high + margin

    def at(value: float) -> float:
        return round(100 * (value - low) / (high - low), 2)

    stated = [side for side in EDGES if setting.edge(side) is not None]
    band = (at(setting.low) if setting.low is not None else 0.0, at(setting.high) if setting.high is not None else 100.0)
    return {"band": band, "typical": at(setting.typical), "typical_anchor": _anchor(at(setting.typical)),
            "typical_text": t("card_typical", language, value=quantity(setting.typical, setting.unit, language)),
            "edges": [(at(setting.edge(side)), number(setting.edge(side), language), side) for side in stated],
            "anchors": {side: _anchor(at(setting.edge(side))) for side in stated},
            "edge_texts": {side: edge_text(setting, side, language) for side in stated}}


def _anchor(at: float) -> str:
    """Text at a point of the bar: centred on it, or kept inside the bar near either end."""
    return "start" if at < LABEL_END else "end" if at > 100 - LABEL_END else "middle"


def _qr(url: str) -> str:
    return segno.make(url, error="m", micro=False).png_data_uri(scale=8, border=2)


def _picture(facts: Sheet) -> dict | None:
    """The two settings' risk map, drawn by the charts' heatmap (its window edges dashed)."""
    run = facts.run
    if not all(path.exists() for path in run.app_paths):
        return None
    results = read_results(run.process, run, run.path.parents[2])
    x, y = facts.pair
    columns = results.columns
    edges = tuple((w["low"], w["high"]) if (w := _window(facts, name)) else (None, None) for name in (x, y))
    with matplotlib.rc_context(PICTURE_FONT):
        chart = charts.heatmap(results.risk_grid(x, y), columns[x], columns[y], "output", facts.language,
                               facts.say("defect_risk"), edges, risk=results.binary)
        png = chart.png()
    return {"src": "data:image/png;base64," + base64.b64encode(png).decode(),
            "caption": facts.say("card_picture", x=columns[x].label(facts.language, False),
                                 y=columns[y].label(facts.language, False))}


def _window(facts: Sheet, name: str) -> dict | None:
    found = [s for s in facts.settings if s.feature == name]
    return {"low": found[0].low, "high": found[0].high} if found else None
