"""The app's overview as HTML: actions first, the model's reliability in words, the observed defect rate beside the
model's estimate, the findings in the order of the actions, and the analysis date small at the foot."""
from __future__ import annotations

from datetime import datetime
from html import escape

import pandas as pd

from ..explain import actions, narrate
from ..i18n import day, percent, t
from .info import TERMS, annotated, explained, info
from .results import ProcessResults
from .whatif import output_text

STYLE = """<style>
.mfgxai-cards .widget-html-content { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; max-width: 1180px; }
.mfgxai-cards .card { min-width: 0; }
.mfgxai-cards .card.actions { grid-column: 1 / -1; }
@media (min-width: 1280px) {
  .mfgxai-cards .widget-html-content { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
  .mfgxai-cards .card.actions { grid-column: 1; grid-row: 1 / span 2; align-self: start; }
}
@media (max-width: 760px) { .mfgxai-cards .widget-html-content { grid-template-columns: 1fr; } }
.mfgxai-cards .card h3 { margin: 2px 0 8px; font-size: 16px; }
.mfgxai-cards ol.actions { margin: 0 0 6px; padding-left: 22px; }
.mfgxai-cards ol.actions li { margin-bottom: 8px; }
.mfgxai-cards ol.actions .setting { font-weight: 700; font-size: 16px; }
.mfgxai-cards ol.actions .window { margin-left: 8px; font-variant-numeric: tabular-nums; }
.mfgxai-cards .figures { font-size: 14px; }
.mfgxai-cards .card .value.small { font-size: 20px; }
.mfgxai-cards .card p, .mfgxai-cards .card div.note, .mfgxai-cards .card div.words { margin: 4px 0; }
.mfgxai-cards .note, .mfgxai-footer p { color: var(--muted); font-size: 12px; line-height: 1.45; }
.mfgxai-cards .figure + .figure { margin-top: 8px; }
</style>"""


def cards(results: ProcessResults, language: str) -> str:
    """The overview's cards: actions first, then the model's reliability, then observed rate and estimated risk."""
    return STYLE + actions_card(results, language) + reliability_card(results, language) + rates_card(results, language)


def actions_card(results: ProcessResults, language: str) -> str:
    """The three actions that avoid the most defects, ranked, with their window, share outside and confidence."""
    ranking = results.explanations.get("actions")
    title, item = f"<h3>{escape(t('actions_title', language))}</h3>", results.spec.item(language)
    if not results.binary or not ranking or not ranking["items"]:
        key = "withheld_continuous" if not results.binary else "actions_none" if ranking else "actions_old_run"
        return f"<div class='card actions'>{title}<p>{escape(t(key, language, item=item))}</p></div>"
    items = []
    for action in ranking["items"][:actions.SHOWN]:
        cells = actions.describe(action, results.columns[action["feature"]].label(language, False),
                                 ranking["parts"], language, item)
        figures = t("actions_item", language, outside=cells["outside"], avoidable=cells["avoidable"],
                    confidence=cells["confidence"], item=item)
        items.append(f"<li data-feature='{escape(action['feature'])}' data-confidence='{cells['level']}'>"
                     f"<span class='setting'>{escape(cells['setting'])}</span>"
                     f"<span class='window'>{escape(cells['window'])}</span>"
                     f"<div class='figures'>{escape(figures)}</div></li>")
    window = t("term_window", language)
    how = explained("actions_method", actions.method_note(ranking, language, item), language,
                    t("actions_how", language))
    note = f"{how} · {info('window', language, item, label=window[:1].upper() + window[1:])}"
    return (f"<div class='card actions'>{title}<ol class='actions'>{''.join(items)}</ol>"
            f"<div class='note'>{note}</div></div>")


def reliability_card(results: ProcessResults, language: str) -> str:
    """How far to trust the model: its reliability label, its quality in words, the figure behind it."""
    item, primary = results.spec.item(language), results.metrics["primary"]
    words = actions.reliability_words(results.metrics, language, item)
    said = annotated(words["words"], language, item, results.binary, *(("alarm_level",) if results.binary else ()))
    detail = annotated(words["detail"], language, item, results.binary, *((primary,) if primary in TERMS else ()))
    return (f"<div class='card reliability level-{words['level']}'><h3>{escape(t('reliability_title', language))}"
            f"</h3><div class='value small'>{escape(words['headline'])}</div>"
            f"<div class='words'>{said}</div><div class='note'>{detail}</div></div>")


def rates_card(results: ProcessResults, language: str) -> str:
    """The observed defect rate of the latest parts beside the model's estimate for a typical part, and why they
    differ; a measured result gets the estimate only."""
    estimate, item = output_text(results, results.typical_output, language), results.spec.item(language)
    if not results.binary:
        return f"<div class='card rates'>{_figure(estimate, t('app_output_estimated', language, item=item))}</div>"
    observed = percent(results.metrics["defect_rate_test"], language)
    return (f"<div class='card rates'>{_figure(observed, t('app_rate_observed', language, item=item))}"
            f"{_figure(estimate, t('app_risk_estimated', language, item=item))}"
            f"<p class='note'>{escape(t('app_rate_vs_risk', language, item=item))}</p></div>")


def _figure(value: str, label: str) -> str:
    return f"<div class='figure'><div class='value'>{escape(value)}</div><div class='label'>{escape(label)}</div></div>"


def findings(results: ProcessResults, importances: pd.DataFrame, language: str) -> str:
    """What the analysis found: the drivers, then each window's advice (with its caveat) in the order of the actions."""
    lines = [narrate.drivers_sentence(importances, language)] if results.binary else []
    windows = actions.in_order(results.table("windows").to_dict("records"), results.explanations.get("actions"))
    physics = {c.name: c for c in results.spec.columns}  # the spec's expected direction of each effect
    for window in windows:
        name = window["feature"]
        if sentence := narrate.advice(window, results.columns[name], language, physics.get(name)):
            lines.append(sentence)
    lines = lines or results.explanations.get("narrative", [])
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    explained = info("window", language, results.spec.item(language)) if windows else ""
    return f"<h3>{escape(t('app_findings', language))}{explained}</h3><ul>{items}</ul>"


def footer(results: ProcessResults, language: str) -> str:
    """When the analysis ran and which run it is, small."""
    ended = results.manifest.get("ended")
    when = day(datetime.fromisoformat(ended), language) if ended else ""
    return f"<p>{escape(t('app_footer', language, date=when, run=results.folder.name))}</p>"
