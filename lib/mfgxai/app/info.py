"""The ⓘ beside a chart or a word of jargon: tapped or hovered, it opens what it means in plain words.

An HTML <details> (the browser opens it on a tap or a click, no script of ours) whose summary also carries the text
as its `title` (a tooltip on hover); the texts are the catalogue's `info_<key>` entries. Inside a paragraph the ⓘ
needs a <div> or <span> around the text, not a <p>: a <details> closes an open <p>.
"""
from __future__ import annotations

from html import escape

from ..i18n import t

CHARTS = ("drivers", "effect", "curve", "waterfall", "reasons", "map", "alarm", "values", "p_chart")
TERMS = ("roc_auc", "ap", "rmse", "psi", "cpk", "alarm_level", "window", "bag_spread", "pp")


def info(key: str, language: str, item: str = "", binary: bool = True) -> str:
    """The ⓘ for a chart (`chart_drivers`, …) or a term (`roc_auc`, `pp`, …), speaking of `item`s and of the defect
    risk (or, not `binary`, of the predicted result)."""
    what = t("info_risk" if binary else "info_value", language)
    text = escape(t(f"info_{key}", language, item=item, what=what), quote=True)
    return (f"<details class='mfgxai-info' data-info='{key}'><summary title='{text}' "
            f"aria-label='{escape(t('info_label', language), quote=True)}'>ⓘ</summary>"
            f"<span class='mfgxai-info-text'>{text}</span></details>")


def infos(keys, language: str, item: str = "", binary: bool = True) -> str:
    """Several ⓘ side by side."""
    return "".join(info(key, language, item, binary) for key in keys)
