"""The part explainer: find any held-out part by its number or date, its risk, the waterfall from the typical part's
risk to its own, its reasons, and a way to try changes in the what-if."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import numpy as np
import pandas as pd

from ..explain import narrate
from ..explain.palette import risk_colour
from ..i18n import fixed, number, points, t
from ..model.scoring import expit
from .curves import OTHERS, RiskCurve
from .info import info
from .results import ProcessResults
from .whatif import badge, button, output_text, panel, reasons, reasons_html, risk_html, term_label

LISTED = 200        # matching parts listed in the picker, riskiest first
WATERFALL_STEPS = 6  # terms drawn one by one; the rest as one step


def part_ids(results: ProcessResults) -> pd.Series:
    """Each held-out part's number (its row position when the data has none)."""
    parts, column = results.parts, results.spec.id_column
    return parts[column].astype(str) if column in parts else pd.Series(parts.index.astype(str), index=parts.index)


def part_times(results: ProcessResults) -> pd.Series:
    """Each held-out part's time as text, 'YYYY-MM-DD HH:MM' ('' when the data has none)."""
    parts, column = results.parts, results.spec.time_column
    if column not in parts:
        return pd.Series("", index=parts.index)
    return pd.to_datetime(parts[column], errors="coerce").dt.strftime("%Y-%m-%d %H:%M").fillna("")


def find(ids: pd.Series, times: pd.Series, risk: np.ndarray, query: str) -> np.ndarray:
    """Row positions of the parts whose number contains `query` or whose date starts with it, riskiest first."""
    query = query.strip().lower()
    match = np.ones(len(ids), bool) if not query else (
        ids.str.lower().str.contains(query, regex=False).to_numpy() | times.str.startswith(query).to_numpy())
    found = np.flatnonzero(match)
    return found[np.argsort(-risk[found], kind="stable")]


def waterfall(results: ProcessResults, settings: dict) -> tuple[float, list[tuple[list[str], float]], float]:
    """The typical part's output, each step to this part's (one term each, largest first; the rest together, with
    their terms) and the part's output: the steps add up exactly, taken term by term on the model's own scale."""
    scorer = results.scorer
    typical, part = scorer.contributions(scorer.typical())[0], scorer.contributions(settings)[0]
    change = part - typical
    order = [j for j in np.argsort(-np.abs(change), kind="stable") if change[j] != 0]
    shown, rest = order[:WATERFALL_STEPS], order[WATERFALL_STEPS:]
    steps = [([scorer.term_names[j]], change[j]) for j in shown]
    steps += [([scorer.term_names[j] for j in rest], change[rest].sum())] if rest else []

    def output(score: float) -> float:
        return float(expit(score) * 100) if scorer.link == "logit" else float(score)

    score = scorer.decision(typical[None])[0]
    path = [output(score)]
    for _, step in steps:
        score += step
        path.append(output(score))
    return path[0], [(terms, b - a) for (terms, _), a, b in zip(steps, path, path[1:])], path[-1]


def waterfall_html(results: ProcessResults, settings: dict, language: str) -> str:
    """The waterfall as rows of bars on the part's own axis: totals on their risk colour, steps up orange, down blue."""
    start, steps, end = waterfall(results, settings)
    levels = np.cumsum([start] + [step for _, step in steps])
    low, high = min(0.0, levels.min()), max(levels.max(), 1e-9) * 1.05

    def bar(a: float, b: float, style: str) -> str:
        left, width = (min(a, b) - low) / (high - low) * 100, abs(b - a) / (high - low) * 100
        return f"<span class='track'><span class='bar' style='left:{left:.1f}%;width:{max(width, 0.4):.1f}%;{style}'>" \
               "</span></span>"

    def total(label: str, value: float) -> str:
        style = f"background:{risk_colour(value)}" if results.binary else "background:var(--muted)"
        return (f"<tr class='total'><td>{escape(label)}</td><td>{bar(low, value, style)}</td>"
                f"<td>{badge(results, value, language)}</td></tr>")

    item = results.spec.item(language)
    rows = [total(t("typical", language, item=item), start)]
    for (terms, step), before in zip(steps, levels):
        label = (term_label(terms[0], results, language) if len(terms) == 1
                 else t("app_waterfall_rest", language, n=len(terms)))
        text = points(step, language) if results.binary else fixed(step, language, 2, signed=True)
        rows.append(f"<tr class='{'up' if step > 0 else 'down'}'><td>{escape(label)}</td>"
                    f"<td>{bar(before, before + step, '')}</td><td>{escape(text)}</td></tr>")
    rows.append(total(t("app_this_part", language, item=item), end))
    points_info = info("pp", language, item) if results.binary else ""
    return (f"<h4>{escape(t('app_waterfall', language, item=item))}"
            f"{info('chart_waterfall', language, item, results.binary)}</h4>"
            f"<table class='mfgxai-waterfall'><tbody>{''.join(rows)}</tbody></table>"
            f"<div class='note'>{escape(t('app_waterfall_note', language, item=item))}{points_info}</div>")


def reasons_note(results: ProcessResults, language: str) -> str:
    """Under the part's reasons: what their effects measure, and why the waterfall above shows other numbers."""
    item = results.spec.item(language)
    what = t("info_risk" if results.binary else "info_value", language)
    return (f"<div class='note mfgxai-reasons-note'>{escape(t('reasons_measure', language, item=item, what=what))} "
            f"{escape(t('reasons_vs_waterfall', language, item=item))}</div>")


class PartExplainer:
    """Find a held-out part: its risk, the waterfall of its reasons, the reasons with values and windows, its curve
    along its top reason, and a way to try changes in the what-if."""

    def __init__(self, results: ProcessResults, language: str, try_settings):
        self.results, self.language = results, language
        parts = results.parts
        self.risk = results.scorer.predict(parts) * (100 if results.binary else 1)
        self.ids, self.times = part_ids(results), part_times(results)
        target = results.spec.target.name
        self.observed = ([t("app_defect" if v == 1 else "app_good", language) if results.binary
                          else number(v, language) for v in parts[target]] if target in parts else [""] * len(parts))
        self.item = item = results.spec.item(language)
        self.query = w.Text(description=t("app_find_part", language, item=item),
                            placeholder=t("app_find_hint", language, item=item), continuous_update=False)
        self.query.add_class("mfgxai-part-search")
        self.found = panel("mfgxai-found")
        self.picker = w.Dropdown(description=t("part", language, item=item))
        self.picker.add_class("mfgxai-part-picker")
        self.summary, self.waterfall, self.table = panel("mfgxai-risk"), panel("mfgxai-steps"), panel("mfgxai-table")
        self.sentence = panel("mfgxai-sentence")
        self.curve = RiskCurve(results, language, others=OTHERS)
        pick_any = button("app_random_part", language, self.pick_any, "mfgxai-random-part", item=item)
        self.try_button = button("app_try", language, lambda: try_settings(self.settings(), self.part_id(),
                                                                             self.top_reason()), "mfgxai-try")
        text = t("intro_app_part", language, item=item)
        self.widget = w.VBox([panel("mfgxai-intro", f"<p>{escape(text)}</p>"),
                              w.HBox([self.query, self.found]).add_class("mfgxai-finder"),
                              w.HBox([self.picker, pick_any, self.try_button]).add_class("mfgxai-part-row"),
                              w.HBox([self.summary, self.waterfall]).add_class("mfgxai-part-head"),
                              self.sentence, self.table, self.curve.widget])
        self.widget.add_class("mfgxai-part")
        self.picker.observe(lambda _: self.show(), "value")
        self.query.observe(lambda change: self.search(change["new"]), "value")
        self.search("")

    def search(self, query: str) -> None:
        """List the parts that match, riskiest first, and show the first of them."""
        rows = find(self.ids, self.times, self.risk, query)
        shown = min(len(rows), LISTED)
        if not len(rows):
            self.found.value = escape(t("app_found_none", self.language, query=query, item=self.item))
            return
        extra = t("app_found_shown", self.language, shown=shown) if shown < len(rows) else ""
        key = "app_found" if len(rows) < len(self.ids) else "app_found_all"
        self.found.value = escape(t(key, self.language, found=len(rows), total=len(self.ids), shown=extra,
                                    item=self.item))
        self.picker.options = [(self.option(i), int(i)) for i in rows[:LISTED]]
        self.picker.value = int(rows[0])  # shown through the observer

    def option(self, row: int) -> str:
        """'W-000123 · 2026-03-05 14:02 · 23.1% · defect'."""
        items = (self.ids.iloc[row], self.times.iloc[row], output_text(self.results, self.risk[row], self.language),
                 self.observed[row])
        return " · ".join(item for item in items if item)

    def pick_any(self) -> None:
        """Any of the listed parts."""
        listed = [value for _, value in self.picker.options]
        if listed:
            self.picker.value = int(np.random.default_rng().choice(listed))

    def part_id(self) -> str:
        return self.ids.iloc[self.picker.value]

    def settings(self) -> dict:
        row = self.results.parts.iloc[self.picker.value]
        return {f: row[f] for f in self.results.scorer.features}

    def top_reason(self) -> str | None:
        """The numeric setting that raises this part's risk most (the curve opens along it)."""
        _, table = reasons(self.results, self.settings(), self.language)
        numeric = [term for term in table["term"] if term in dict(self.curve.picker.options).values()]
        return numeric[0] if numeric else None

    def show(self) -> None:
        if self.picker.value is None:
            return
        settings = self.settings()
        output, table = reasons(self.results, settings, self.language)
        self.summary.value = risk_html(self.results, output, self.language, "app_risk_now")
        self.waterfall.value = waterfall_html(self.results, settings, self.language)
        if self.results.binary:
            self.sentence.value = escape(narrate.reason_sentence(self.part_id(), output, self.results.typical_output,
                                                                 table, self.language, self.item))
        self.table.value = reasons_html(self.results, table, self.language) + reasons_note(self.results, self.language)
        self.curve.show(settings, self.top_reason())
