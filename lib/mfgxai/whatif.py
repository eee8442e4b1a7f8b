"""Reason codes, the part explainer and the what-if simulator: one part's risk and why, scored live with numpy."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import numpy as np
import pandas as pd

from . import narrate
from .curves import OTHERS, RiskCurve, digits, slider_range, snap
from .i18n import number, percent, t
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
    """The reason codes as a table with a bar per effect (red raises risk, green lowers it)."""
    shown = table[table["effect"].abs() >= 0.05].head(SHOWN_REASONS)
    scale = max(shown["effect"].abs().max(), 1e-9) if len(shown) else 1.0
    effect = t("part_effect" if results.binary else "part_effect_units", language)
    head = "".join(f"<th>{escape(h)}</th>" for h in (t("driver", language), t("value", language),
                                                      t("window", language), effect))
    rows = "".join(
        f"<tr><td>{escape(r.label)}</td><td>{escape(r.value_text)}</td><td>{escape(r.window)}</td>"
        f"<td class='effect'><span class='bar {'up' if r.effect > 0 else 'down'}' "
        f"style='width:{abs(r.effect) / scale * 100:.0f}%'></span><b>{r.effect:+.1f}</b></td></tr>"
        for r in shown.itertuples())
    return f"<table class='mfgxai-reasons'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def risk_html(results: ProcessResults, output: float, language: str, key: str) -> str:
    """The big number: this setting's risk beside the typical part's."""
    typical = output_text(results, results.typical_output, language)
    return (f"<div class='label'>{escape(t(key, language))}</div>"
            f"<div class='value'>{output_text(results, output, language)}</div>"
            f"<div class='ref'>{escape(t('typical', language))}: {typical}</div>")


def panel(classes: str, value: str = "") -> w.HTML:
    """An HTML widget with CSS classes for the app's stylesheet."""
    widget = w.HTML(value)
    for name in classes.split():
        widget.add_class(name)
    return widget


class PartExplainer:
    """Pick a held-out part: its risk, the reasons behind it, and a way to try changes in the what-if."""

    def __init__(self, results: ProcessResults, language: str, try_settings):
        self.results, self.language = results, language
        parts = results.parts
        self.risk = results.scorer.predict(parts) * (100 if results.binary else 1)
        id_column = results.spec.id_column if results.spec.id_column in parts else None
        target = results.spec.target.name
        self.ids = parts[id_column].astype(str).tolist() if id_column else [str(i) for i in parts.index]
        observed = [t("app_defect" if v == 1 else "app_good", language) if results.binary else number(v, language)
                    for v in parts[target]] if target in parts else [""] * len(parts)
        options = [(f"{pid} · {output_text(results, r, language)} · {o}", i)
                   for i, (pid, r, o) in enumerate(zip(self.ids, self.risk, observed))]
        self.picker = w.Dropdown(options=options, description=t("part", language))
        self.picker.add_class("mfgxai-part-picker")
        self.summary, self.table = panel("mfgxai-risk"), panel("mfgxai-table")
        self.sentence = panel("mfgxai-sentence")
        button = w.Button(description=t("app_try", language))
        button.on_click(lambda _: try_settings(self.settings()))
        pick_any = w.Button(description=t("app_random_part", language))
        pick_any.add_class("mfgxai-random-part")
        pick_any.on_click(lambda _: setattr(self.picker, "value", int(np.random.default_rng().integers(len(parts)))))
        self.curve = RiskCurve(results, language, others=OTHERS)
        text = t("intro_app_part", language)
        self.widget = w.VBox([panel("mfgxai-intro", f"<p>{escape(text)}</p>"), w.HBox([self.picker, pick_any, button]),
                              self.summary, self.sentence, self.table, self.curve.widget])
        self.widget.add_class("mfgxai-part")
        self.picker.observe(lambda _: self.show(), "value")
        self.show()

    def settings(self) -> dict:
        row = self.results.parts.iloc[self.picker.value]
        return {f: row[f] for f in self.results.scorer.features}

    def show(self) -> None:
        output, table = reasons(self.results, self.settings(), self.language)
        self.summary.value = risk_html(self.results, output, self.language, "app_risk_now")
        if self.results.binary:
            self.sentence.value = escape(narrate.reason_sentence(self.ids[self.picker.value], output,
                                                                 self.results.typical_output, table, self.language))
        self.table.value = reasons_html(self.results, table, self.language)
        numeric = [term for term in table["term"] if term in dict(self.curve.picker.options).values()]
        self.curve.show(self.settings(), numeric[0] if numeric else None)


def _control(feature: dict, column, language: str) -> w.Widget:
    """A slider bounded by the physical and the data range, or a dropdown of the known categories."""
    label = column.label(language)
    style, layout = {"description_width": "240px"}, w.Layout(width="540px")
    if feature["kind"] == "category":
        return w.Dropdown(options=feature["categories"], value=feature["typical"], description=label,
                          style=style, layout=layout)
    low, high, step = slider_range(feature)
    value = float(np.clip(snap(feature["typical"], step), low, high))
    return w.FloatSlider(value=value, min=low, max=high, step=step, description=label,
                         readout_format=f".{digits(step)}f", style=style, layout=layout)


class WhatIf:
    """Sliders for every setting; the risk, its reasons and 'move into the window' suggestions follow live."""

    def __init__(self, results: ProcessResults, language: str):
        self.results, self.language = results, language
        features = results.scorer.features
        self.settings, self._holding = results.scorer.typical(), False
        self.controls = {name: _control(f, results.columns[name], language) for name, f in features.items()}
        self.settings.update({name: c.value for name, c in self.controls.items()})  # as the readouts show them
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self.change(name, change["new"]), "value")
        self.risk, self.table = panel("mfgxai-risk mfgxai-whatif-risk"), panel("mfgxai-table")
        self.suggestions = panel("mfgxai-suggestions")
        reset = w.Button(description=t("app_reset", language))
        reset.on_click(lambda _: self.load(results.scorer.typical()))
        groups = [(key, [c for n, c in self.controls.items() if (features[n]["role"] == "controllable") == adjustable])
                  for key, adjustable in (("app_adjustable", True), ("app_conditions", False))]
        controls = [item for key, group in groups if group
                    for item in (panel("mfgxai-group", f"<h4>{escape(t(key, language))}</h4>"), *group)]
        text = t("intro_app_whatif" if results.binary else "intro_app_whatif_values", language)
        left = w.VBox([*controls, reset]).add_class("mfgxai-controls")
        self.curve = RiskCurve(results, language)
        right = w.VBox([self.risk, self.suggestions, self.table, self.curve.widget]).add_class("mfgxai-outcome")
        self.widget = w.VBox([panel("mfgxai-intro", f"<p>{escape(text)}</p>"), w.HBox([left, right])])
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

    def load(self, settings: dict) -> None:
        """Show another part's settings (from the part explainer, or the typical part) and update once."""
        self._holding = True
        try:
            for name, control in self.controls.items():
                value = settings[name]
                if isinstance(control, w.FloatSlider):
                    value = float(np.clip(value, control.min, control.max)) if pd.notna(value) else control.value
                elif value not in control.options:
                    value = control.value
                control.value = value
            self.settings.update({k: v for k, v in settings.items() if k in self.settings})
        finally:
            self._holding = False
        self.update()

    def update(self, moved: str | None = None) -> None:
        """Risk, reasons, suggestions and the risk curve (along the setting just moved) for the settings."""
        output, table = reasons(self.results, self.settings, self.language)
        self.risk.value = risk_html(self.results, output, self.language,
                                    "app_risk_now" if self.results.binary else "app_output_now")
        self.table.value = reasons_html(self.results, table, self.language)
        if self.results.binary:
            self.suggestions.value = self.suggestions_html(output)
        self.curve.show(dict(self.settings), moved)

    def suggestions_html(self, output: float) -> str:
        """Each adjustable setting outside its window moved to the window's nearest edge, best first."""
        moves = []
        for name, feature in self.results.scorer.features.items():
            window, value = feature["window"], self.settings[name]
            if feature["role"] != "controllable" or not window or value is None or pd.isna(value):
                continue
            low = -np.inf if window["low"] is None else window["low"]
            high = np.inf if window["high"] is None else np.nextafter(window["high"], -np.inf)
            if not low <= value <= high:
                moves.append((name, float(np.clip(value, low, high))))
        title = f"<h4>{escape(t('app_suggestions', self.language))}</h4>"
        if not moves:
            return f"{title}<p>{escape(t('app_all_inside', self.language))}</p>"
        frame = pd.DataFrame([{**self.settings, name: target} for name, target in moves])
        after = self.results.scorer.predict(frame) * 100
        items = sorted(zip(after, moves))[:SHOWN_SUGGESTIONS]
        lines = [narrate.suggestion_sentence(self.results.columns[name], self.settings[name], target, output, risk,
                                             self.language) for risk, (name, target) in items]
        return title + "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
