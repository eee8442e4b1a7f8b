"""The ⓘ beside a chart or a word of jargon: tapped or hovered, it opens what it means in plain words.

An HTML <details> (the browser opens it on a tap or a click, no script of ours) whose summary also carries the text
as its `title` (a tooltip on hover); the texts are the catalogue's `info_<key>` entries. Inside a paragraph the ⓘ
needs a <div> or <span> around the text, not a <p>: a <details> closes an open <p>.
"""
from __future__ import annotations

import re
from html import escape

from ..i18n import t

CHARTS = ("drivers", "effect", "curve", "waterfall", "reasons", "map", "alarm", "values", "p_chart")
TERMS = ("roc_auc", "ap", "rmse", "psi", "cpk", "alarm_level", "window", "bag_spread", "pp", "p_value", "interval",
         "drift_test", "expected_auc")
KEYS = (*(f"chart_{chart}" for chart in CHARTS), *TERMS)


def info(key: str, language: str, item: str = "", binary: bool = True, label: str = "") -> str:
    """The ⓘ for a chart (`chart_drivers`, …) or a term (`roc_auc`, `pp`, …), speaking of `item`s and of the
    defect risk (or, not `binary`, of the predicted result); after `label` when given."""
    what = t("info_risk" if binary else "info_value", language)
    return explained(key, t(f"info_{key}", language, item=item, what=what), language, label)


def infos(keys, language: str, item: str = "", binary: bool = True) -> str:
    """Several ⓘ side by side."""
    return "".join(info(key, language, item, binary) for key in keys)


def explained(key: str, text: str, language: str, label: str = "") -> str:
    """An ⓘ (after `label`, when given, which opens it too) showing `text`."""
    text = escape(text, quote=True)
    return (f"<details class='mfgxai-info' data-info='{key}'><summary title='{text}' "
            f"aria-label='{escape(t('info_label', language), quote=True)}'>{escape(label)}{' ' if label else ''}ⓘ</summary>"
            f"<span class='mfgxai-info-text'>{text}</span></details>")


def slotted(key: str, language: str, item: str, binary: bool, *keys: str) -> str:
    """A catalogue text as HTML with the ⓘ of each of `keys` where its text names it (`{window}`, `{chart_map}`),
    right after the term; a slot not in `keys` stays empty (a term the page does not use)."""
    text = escape(t(key, language, item=item, **{slot: f"\x00{slot}\x00" for slot in KEYS}))
    return _placed(text, {slot: info(slot, language, item, binary) for slot in keys})


def annotated(text: str, language: str, item: str, binary: bool, *keys: str) -> str:
    """A plain text as HTML with the ⓘ of each of `keys` right after the first mention of the term (its `term_<key>`
    name, in any case), or at the end when the text does not name it."""
    text, tail = escape(text), ""
    for key in keys:
        found = re.search(re.escape(escape(t(f"term_{key}", language))), text, re.IGNORECASE)
        if found:
            text = f"{text[:found.end()]}\x00{key}\x00{text[found.end():]}"
        else:
            tail += info(key, language, item, binary)
    return _placed(text, {key: info(key, language, item, binary) for key in keys}) + tail


def after(text: str, key: str, language: str, item: str = "", binary: bool = True) -> str:
    """A plain text as HTML followed by the ⓘ of `key`, kept on one line with its last word."""
    return _placed(f"{escape(text)}\x00{key}\x00", {key: info(key, language, item, binary)})


def _placed(text: str, marks: dict[str, str]) -> str:
    """Each slot (a key between NUL characters) of `text` replaced by its ⓘ, kept on one line with the word before and
    the punctuation after it (never an ⓘ alone at the start of a line); slots without an ⓘ dropped."""
    def place(found: re.Match) -> str:
        mark = marks.get(found[2], "")
        return f"<span class='mfgxai-term'>{found[1]}{mark}{found[3]}</span>" if mark else found[1] + found[3]
    return re.sub("(\\S*?)\x00(\\w+)\x00([^\\s\x00]*)", place, text)
