"""Reason codes, risk numbers and the what-if simulator: one setting's risk and why, scored live with numpy."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import numpy as np
import pandas as pd

from ..explain import narrate
from ..explain.palette import risk_style
from ..i18n import number, percent, t
from .curves import RiskCurve, digits, slider_range, snap
from .info import after, info
from .results import ProcessResults

SHOWN_REASONS = 8    # terms listed per part
SHOWN_SUGGESTIONS = 3


def output_text(results: ProcessResults, output: float, language: str) -> str:
    """A risk in % (binary) or a predicted value."""
    return percent(output, language, scale=1) if results.binary else number(output, language)


def term_label(term: str, results: ProcessResults, language: str) -> str:
    return " × ".join(results.columns[f].label(language, with_unit=False) for f in term.split(" & "))


def reasons(results: ProcessResults, settings: dict, language: str) -> tuple[float, pd.DataFrame]:
    """A part's risk and its terms with label, value, operating window and effect, strongest rise first."""
    output, table = results.scorer.explain(settings)
    features = results.scorer.features
    table["label"] = [term_label(term, results, language) for term in table["term"]]
    table["value_text"] = [narrate.term_value(term, settings, results.columns, language) for term in table["term"]]
    table["window"] = [narrate.window_range(**features[term]["window"], column=results.columns[term], language=language)
                       if features.get(term, {}).get("window") else "" for term in table["term"]]
    table = table.sort_values("effect", ascending=False, ignore_index=True)
    return output, table


def reasons_html(results: ProcessResults, table: pd.DataFrame, language: str) -> str:
    """The reason codes as a table with a bar per effect (orange raises risk, blue lowers it), every part's bars on
    one scale: the largest effect of any term on any held-out part."""
    shown = table[table["effect"].abs() >= 0.05].head(SHOWN_REASONS)
    item = results.spec.item(language)
    effect = t("part_effect" if results.binary else "part_effect_units", language, item=item)
    explained = ["chart_reasons", None, "window", "pp" if results.binary else None]
    head = "".join(f"<th>{after(h, key, language, item, results.binary) if key else escape(h)}</th>"
                   for h, key in zip((t("driver", language), t("value", language), t("window", language), effect),
                                     explained))
    rows = "".join(
        f"<tr><td>{escape(r.label)}</td><td>{escape(r.value_text)}</td><td>{escape(r.window)}</td>"
        f"<td class='effect'><span class='track'><span class='bar {'up' if r.effect > 0 else 'down'}' "
        f"style='width:{min(abs(r.effect) / results.effect_scale, 1) * 100:.1f}%'></span></span>"
        f"<b>{r.effect:+.1f}</b></td></tr>"
        for r in shown.itertuples())
    return f"<table class='mfgxai-reasons'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def badge(results: ProcessResults, output: float, language: str) -> str:
    """A risk on the colour of its band (the one risk scale); a predicted value plain."""
    style = f" style='{risk_style(output)}'" if results.binary else ""
    return f"<span class='badge'{style}>{escape(output_text(results, output, language))}</span>"


def risk_html(results: ProcessResults, output: float, language: str, key: str) -> str:
    """The big number on its risk colour, beside the typical part's."""
    return (f"<div class='label'>{escape(t(key, language))}</div>"
            f"<div class='value'>{badge(results, output, language)}</div>"
            f"<div class='ref'>{escape(t('typical', language, item=results.spec.item(language)))}: "
            f"{badge(results, results.typical_output, language)}"
            "</div>")


def panel(classes: str, value: str = "") -> w.HTML:
    """An HTML widget with CSS classes for the app's stylesheet."""
    widget = w.HTML(value)
    for name in classes.split():
        widget.add_class(name)
    return widget


def image(chart=None, explained: str | None = None) -> w.Image:
    """A chart as a PNG image widget (empty until a chart is given); `explained`: the chart whose ⓘ its page shows
    (`mfgxai.app.info.CHARTS`)."""
    widget = w.Image(value=chart.png() if chart else b"", format="png")
    widget.add_class("mfgxai-chart")
    if explained:
        widget.add_class(f"mfgxai-explained-{explained}")
    return widget


def button(key: str, language: str, action, classes: str = "", **values) -> w.Button:
    """A button with the catalogue's text (its placeholders filled with `values`) that calls `action()` when clicked."""
    widget = w.Button(description=t(key, language, **values))
    widget.on_click(lambda _: action())
    for name in classes.split():
        widget.add_class(name)
    return widget


def _control(feature: dict, column, language: str) -> w.Widget:
    """A slider bounded by the physical and the data range, or a dropdown of the known categories; the name above
    it on a narrow screen, never cut."""
    label = column.label(language)
    style, layout = {"description_width": "auto"}, w.Layout(width="100%")
    if feature["kind"] == "category":
        return w.Dropdown(options=[(column.category(c, language), c) for c in feature["categories"]],
                          value=feature["typical"], description=label, style=style, layout=layout)
    low, high, step = slider_range(feature)
    value = float(np.clip(snap(feature["typical"], step), low, high))
    return w.FloatSlider(value=value, min=low, max=high, step=step, description=label,
                         readout_format=readout_format(step), style=style, layout=layout)


def readout_format(step: float) -> str:
    """A slider's readout as the texts around it write numbers: thousands grouped ('1,010', in Korean too), the
    step's decimals (d3-format, which the browser's slider uses)."""
    return f",.{digits(step)}f"


class WhatIf:
    """Sliders for every setting; the risk, its reasons and 'move into the window' suggestions follow live, and all
    suggestions can be applied at once."""

    def __init__(self, results: ProcessResults, language: str):
        self.results, self.language = results, language
        features = results.scorer.features
        self.settings, self._holding = results.scorer.typical(), False
        self.controls = {name: _control(f, results.columns[name], language) for name, f in features.items()}
        self.settings.update({name: c.value for name, c in self.controls.items()})  # as the readouts show them
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self.change(name, change["new"]), "value")
        self.item = results.spec.item(language)
        self.loaded = panel("mfgxai-loaded", escape(t("app_typical_loaded", language, item=self.item)))
        self.risk, self.table = panel("mfgxai-risk mfgxai-whatif-risk"), panel("mfgxai-table")
        self.suggestions = panel("mfgxai-suggestions")
        self.apply = button("app_apply_all", language, self.apply_all, "mfgxai-apply-all")
        reset = button("app_reset", language, lambda: self.load(results.scorer.typical()), item=self.item)
        groups = [(key, [c for n, c in self.controls.items() if (features[n]["role"] == "controllable") == adjustable])
                  for key, adjustable in (("app_adjustable", True), ("app_conditions", False))]
        controls = [item for key, group in groups if group
                    for item in (panel("mfgxai-group", f"<h4>{escape(t(key, language))}</h4>"), *group)]
        text = t("intro_app_whatif" if results.binary else "intro_app_whatif_values", language, item=self.item)
        self.curve = RiskCurve(results, language)
        left = w.VBox([*controls, reset]).add_class("mfgxai-controls")
        right = w.VBox([self.loaded, self.risk, self.suggestions, self.apply, self.table, self.curve.widget])
        self.widget = w.VBox([panel("mfgxai-intro", f"<p>{escape(text)}</p>"),
                              w.HBox([left, right.add_class("mfgxai-outcome")])])
        self.widget.add_class("mfgxai-whatif")
        self.update()

    def change(self, name: str, value) -> None:
        """A moved control: its value as its readout shows it, then update (a slider's float noise is no move)."""
        step = getattr(self.controls[name], "step", None)
        value = snap(value, step) if step else value
        if value == self.settings[name]:
            return
        self.settings[name] = value
        if not self._holding:
            self.update(moved=name)

    def load(self, settings: dict, part: str | None = None, focus: str | None = None) -> None:
        """Show other settings and update once: a part's from the part explainer (named, its curve along `focus`),
        all suggestions applied, or the typical part's."""
        self._holding = True
        try:
            for name, control in self.controls.items():
                value = settings[name]
                if isinstance(control, w.FloatSlider):
                    value = float(np.clip(value, control.min, control.max)) if pd.notna(value) else control.value
                elif value not in dict(control.options).values():
                    value = control.value
                control.value = value
            self.settings.update({k: v for k, v in settings.items() if k in self.settings})
        finally:
            self._holding = False
        self.loaded.value = escape(t("app_loaded_part", self.language, part=part, item=self.item) if part is not None
                                   else t("app_typical_loaded", self.language, item=self.item))
        self.update(moved=focus)

    def update(self, moved: str | None = None) -> None:
        """Risk, reasons, suggestions and the risk curve (along the setting just moved) for the settings."""
        output, table = reasons(self.results, self.settings, self.language)
        self.risk.value = risk_html(self.results, output, self.language,
                                    "app_risk_now" if self.results.binary else "app_output_now")
        self.table.value = reasons_html(self.results, table, self.language)
        moves = self.moves() if self.results.binary else {}
        if self.results.binary:
            self.suggestions.value = self.suggestions_html(output, moves)
        self.apply.layout.display = None if moves else "none"
        self.curve.show(dict(self.settings), moved)

    def moves(self) -> dict[str, float]:
        """Each adjustable setting outside its operating window, moved to the window's nearest edge."""
        moves = {}
        for name, feature in self.results.scorer.features.items():
            window, value = feature["window"], self.settings[name]
            if feature["role"] != "controllable" or not window or value is None or pd.isna(value):
                continue
            low = -np.inf if window["low"] is None else window["low"]
            high = np.inf if window["high"] is None else np.nextafter(window["high"], -np.inf)
            if not low <= value <= high:
                moves[name] = float(np.clip(value, low, high))
        return moves

    def apply_all(self) -> None:
        """Every suggestion at once; the curve along the first of them."""
        moves = self.moves()
        if moves:
            self.load({**self.settings, **moves}, focus=next(iter(moves)))

    def suggestions_html(self, output: float, moves: dict[str, float]) -> str:
        """Each move on its own, best first, then the risk with all of them."""
        title = f"<h4>{escape(t('app_suggestions', self.language))}{info('window', self.language, self.item)}</h4>"
        if not moves:
            return f"{title}<p>{escape(t('app_all_inside', self.language))}</p>"
        frame = pd.DataFrame([{**self.settings, name: target} for name, target in moves.items()]
                             + [{**self.settings, **moves}])
        after = self.results.scorer.predict(frame) * 100
        items = sorted(zip(after[:-1], moves.items()))[:SHOWN_SUGGESTIONS]
        lines = [narrate.suggestion_sentence(self.results.columns[name], self.settings[name], target, output, risk,
                                             self.language) for risk, (name, target) in items]
        combined = escape(t("app_combined", self.language, risk="\0")).replace(
            "\0", badge(self.results, after[-1], self.language))
        return (title + "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
                + f"<p class='combined'>{combined}</p>")
