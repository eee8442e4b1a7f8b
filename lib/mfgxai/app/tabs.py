"""The client managers' app as ipywidgets: a tab per process, each with overview, drivers, effects, parts, what-if,
model quality."""
from __future__ import annotations

import base64
import re
from html import escape
from typing import Callable

import ipywidgets as w
import pandas as pd

from ..errors import MfgxaiError
from ..explain import actions, charts, narrate
from ..i18n import number, percent, pick, t
from ..model import heldout
from ..processes import get_spec
from . import overview as page
from .explainer import PartExplainer
from .info import info, slotted
from .progress import progress
from .results import EngagementResults, ProcessResults, engagement_results
from .whatif import WhatIf, badge, image, panel, term_label

COMMAND = re.compile(r"`([^`]+)`")  # `mfgxai run …` in a message is shown as code


def lazy_tabs(pages: list[tuple[str, Callable[[], w.Widget]]]) -> w.Tab:
    """Tabs whose pages are built the first time they are opened, so the app is interactive at once."""
    boxes = [w.VBox() for _ in pages]
    tabs = w.Tab(children=boxes, titles=[title for title, _ in pages])

    def open_page(index):
        if index is not None and not boxes[index].children:
            boxes[index].children = [pages[index][1]()]

    tabs.observe(lambda change: open_page(change["new"]), "selected_index")
    open_page(0)
    return tabs


def message(title: str, *lines: str) -> w.HTML:
    """A plain message in place of the app (no run yet, or an engagement that cannot be shown); `commands` as code."""
    body = "".join("<p>" + COMMAND.sub(r"<code>\1</code>", escape(line)) + "</p>" for line in lines)
    return panel("mfgxai-message", f"<h3>{escape(title)}</h3>{body}")


def intro(key: str, results: ProcessResults, language: str, *explained: str) -> w.HTML:
    """A section's one-line explanation, in grey above it, speaking of the process's parts or cells; an ⓘ right after
    the name of each of `explained` (a chart below it, `chart_…`, or a term it uses)."""
    text = slotted(f"intro_{key}", language, results.spec.item(language), results.binary, *explained)
    return panel("mfgxai-intro", f"<div class='text'>{text}</div>")


def importances(results: ProcessResults, language: str) -> pd.DataFrame:
    """The saved term importances, labelled in the app's language."""
    table = results.table("importances")
    return table.assign(label=[term_label(term, results, language) for term in table["term"]])


# -- pages ----------------------------------------------------------------------------------
def overview(results: ProcessResults, language: str) -> w.Widget:
    """Actions first, the model's reliability in words, observed rate beside estimated risk, the findings; the date
    small at the foot (see `mfgxai.app.overview`)."""
    return w.VBox([intro("app_overview", results, language), panel("mfgxai-cards", page.cards(results, language)),
                   panel("mfgxai-findings", page.findings(results, importances(results, language), language)),
                   panel("mfgxai-footer", page.footer(results, language))])


def drivers(results: ProcessResults, language: str) -> w.Widget:
    """What drives defects: each factor's average effect, as a sentence and a chart."""
    table = importances(results, language)
    effect = t("effect_pp" if results.binary else "effect_units", language)
    key = "app_drivers_intro" if results.binary else "app_drivers_values"
    return w.VBox([intro(key, results, language, "chart_drivers", "pp"),
                   panel("mfgxai-sentence", escape(narrate.drivers_sentence(table, language))),
                   image(charts.drivers(table, language, effect), "drivers")])


def effects(results: ProcessResults, language: str) -> w.Widget:
    """Pick a setting: its effect with units, its operating window on the chart and a sentence beside it."""
    shapes, windows = results.table("shapes"), results.table("windows")
    mains = [term for term in importances(results, language)["term"] if " & " not in term]
    picker = w.Dropdown(options=[(results.columns[f].label(language), f) for f in mains],
                        description=t("setting", language))
    chart, sentence = image(explained="effect"), panel("mfgxai-sentence")
    ylabel = t("defect_risk" if results.binary else "prediction", language)
    rows = {row["feature"]: row for row in windows.to_dict("records")} if not windows.empty else {}

    def show(name):
        column = results.columns[name]
        chart.value = charts.effect(shapes, windows, column, language, ylabel, results.binary).png()
        text = narrate.window_sentence(rows[name], column, language) if name in rows else None
        sentence.value = escape(text or narrate.range_sentence(shapes[shapes["feature"] == name], column, language,
                                                               results.spec.item(language)))

    picker.observe(lambda change: show(change["new"]), "value")
    show(picker.value)
    item = results.spec.item(language)
    band = slotted("app_curve_band", language, item, results.binary, "bag_spread")
    band = panel("mfgxai-caption", f"<div class='text'>{band}</div>")
    key = "app_shapes_intro" if results.binary else "app_shapes_values"
    return w.VBox([intro(key, results, language, "chart_effect", "window"), picker, w.HBox([chart, sentence]), band,
                   downloads(results, language)]).add_class("mfgxai-effects")


DOWNLOADS = {"pdf": ("app_download_card", "application/pdf"),
             "xlsx": ("app_download_plan", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def downloads(results: ProcessResults, language: str) -> w.HTML:
    """The run's window card (PDF) and control-plan extract (XLSX) as download links, the files inside the page
    (the app serves no files)."""
    links = [f"<a class='mfgxai-download' download='{escape(path.name)}' href='data:{DOWNLOADS[kind][1]};base64,"
             f"{base64.b64encode(path.read_bytes()).decode()}'>{escape(t(DOWNLOADS[kind][0], language))}</a>"
             for kind, path in results.downloads.items()]
    return panel("mfgxai-downloads", " ".join(links))


def numeric_pairs(results: ProcessResults) -> list[str]:
    """The model's strongest interactions between two numeric settings, strongest first."""
    numeric = {n for n, f in results.scorer.features.items() if f["kind"] != "category"}
    return [p for p in dict.fromkeys(results.table("interactions").get("pair", [])) if set(p.split(" & ")) <= numeric]


def window_map(results: ProcessResults, language: str) -> w.Widget:
    """The risk over a pair of numeric settings (e.g. the weldability lobe), others typical, windows dashed."""
    features = results.scorer.features
    picker = w.Dropdown(options=[(term_label(p, results, language), p) for p in numeric_pairs(results)],
                        description=t("setting", language))
    chart = image(explained="map")

    def show(pair):
        x, y = pair.split(" & ")
        label = t("defect_risk" if results.binary else "prediction", language)
        windows = tuple((win.get("low"), win.get("high")) for win in (features[x]["window"] or {},
                                                                       features[y]["window"] or {}))
        alarm = results.metrics["threshold"] * 100 if results.binary else None
        chart.value = charts.heatmap(results.risk_grid(x, y), results.columns[x], results.columns[y], "output",
                                     language, label, windows, risk=results.binary, alarm=alarm).png()

    picker.observe(lambda change: show(change["new"]), "value")
    show(picker.value)
    explained = ("chart_map", "window", "alarm_level") if results.binary else ("chart_map", "window")
    alarm_line = t("map_alarm_line", language, level=percent(results.metrics["threshold"], language)) \
        if results.binary else ""
    beside = [panel("mfgxai-map-alarm", f"<span class='line'>{escape(alarm_line)}</span>"
                                        f"{reliability_beside_alarm(results, language)}")] if results.binary else []
    return w.VBox([intro("app_map", results, language, *explained), picker, *beside, chart])


CONFUSION_MEANING = {"tp": ("right", "app_caught"), "fn": ("wrong", "app_missed"),
                     "fp": ("wrong", "app_false_alarm"), "tn": ("right", "app_passed")}


def confusion_html(counts: dict, language: str) -> str:
    """The 2×2 table in plain words: actually defective or good against alarm raised or not; each count coloured by
    what it means (right, or a mistake that costs), muted when it is zero, its meaning written under it."""
    head = "".join(f"<th>{escape(t(key, language))}</th>" for key in ("app_alarm", "app_no_alarm"))

    def cell(kind: str) -> str:
        meaning, key = CONFUSION_MEANING[kind]
        return (f"<td class='{kind} {meaning if counts[kind] else 'zero'}' "
                f"data-meaning='{escape(t(key, language), quote=True)}'>{counts[kind]:,}</td>")

    rows = "".join(f"<tr><th>{escape(t(key, language))}</th>{cell(hit)}{cell(miss)}</tr>"
                   for key, hit, miss in (("app_actually_defective", "tp", "fn"), ("app_actually_good", "fp", "tn")))
    return f"<table class='mfgxai-confusion'><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"


def confusion_sentence(counts: dict, cutoff: float, language: str, item: str) -> str:
    """What the alarm level means: defects caught, alarms that were real, share of parts (or cells: `item`) alarmed."""
    shares = {key: percent(share, language) for key, share in (("cutoff", cutoff), ("recall", counts["recall"]),
              ("precision", counts["precision"]), ("alarms", counts["alarm_share"]))}
    return t("app_quality_sentence" if counts["tp"] + counts["fp"] else "app_quality_silent", language,
             caught=counts["tp"], defects=counts["tp"] + counts["fn"], item=item, **shares)


def reliability_beside_alarm(results: ProcessResults, language: str) -> str:
    """The model's reliability label and what an alarm is worth, said wherever the alarm level is set or drawn."""
    said = actions.alarm_caveat(results.metrics, language, results.spec.item(language))
    return (f"<span class='mfgxai-alarm-reliability level-{said['level']}'><b>{escape(said['headline'])}</b> · "
            f"{escape(said['caveat'])}</span>")


def alarm_quality(results: ProcessResults, language: str) -> w.Widget:
    """The held-out parts' confusion table, a sentence and the ROC/PR curves at an adjustable alarm level."""
    risk, defect = results.holdout["risk"].to_numpy(), results.holdout["defect"].to_numpy()
    slider = w.FloatSlider(value=round(results.metrics["threshold"] * 100, 1), min=0, max=100, step=0.1,
                           readout_format=".1f", continuous_update=False, description=t("app_cutoff", language),
                           style={"description_width": "initial"}, layout={"width": "520px"})
    table, sentence, level = panel("mfgxai-table"), panel("mfgxai-sentence"), panel("mfgxai-alarm-level")
    chart = image(explained="alarm")
    item = results.spec.item(language)

    def show(percent):
        cutoff = percent / 100
        level.value = (badge(results, percent, language)  # on the colour of that risk, as on every map and number
                       + info("alarm_level", language, item) + reliability_beside_alarm(results, language))
        counts = heldout.confusion(risk, defect, cutoff)
        table.value = confusion_html(counts, language)
        sentence.value = escape(confusion_sentence(counts, cutoff, language, item))
        chart.value = charts.alarm_curves(risk, defect, cutoff, language, item).png()

    slider.observe(lambda change: show(change["new"]), "value")
    show(slider.value)
    terms = panel("mfgxai-caption", f"<div class='text'>ROC AUC{info('roc_auc', language, item)} · "
                                    f"AP{info('ap', language, item)}</div>")
    page = w.VBox([intro("app_quality", results, language, "chart_alarm", "alarm_level"), w.HBox([slider, level]),
                   w.HBox([table, sentence]), terms, chart])
    return page.add_class("mfgxai-quality")


def value_quality(results: ProcessResults, language: str) -> w.Widget:
    """How far the held-out predictions were from the measured results: a sentence and a scatter."""
    prediction, observed = results.holdout["prediction"].to_numpy(), results.holdout["observed"].to_numpy()
    found = heldout.errors(prediction, observed)
    text = t("app_errors_sentence", language, n=len(observed), mae=number(found["mae"], language),
             rmse=number(found["rmse"], language), item=results.spec.item(language))
    target = results.spec.target
    label = pick(target.en, target.ko, language) + (f" ({target.unit})" if target.unit else "")
    chart = charts.predicted_observed(prediction, observed, language, label)
    item = results.spec.item(language)
    return w.VBox([intro("app_quality_values", results, language, "chart_values"),
                   panel("mfgxai-sentence", escape(text) + info("rmse", language, item, False)),
                   image(chart, "values")])


# -- assembly -------------------------------------------------------------------------------
class ProcessView:
    """One process's pages; the part explainer can hand a part's settings to the what-if."""

    def __init__(self, results: ProcessResults, language: str):
        self.results, self.language, self._whatif = results, language, None
        pages = [("app_overview", lambda: overview(results, language)),
                 *([("app_progress", lambda: progress(results, language))] if results.comparison else []),
                 ("app_drivers", lambda: drivers(results, language)),
                 ("app_effects", lambda: effects(results, language)),
                 ("app_part", lambda: PartExplainer(results, language, self.try_settings).widget),
                 ("app_whatif", lambda: self.whatif.widget)]
        if numeric_pairs(results):
            pages.append(("app_map", lambda: window_map(results, language)))
        pages.append(("app_quality", lambda: (alarm_quality if results.binary else value_quality)(results, language)))
        self.keys = [key for key, _ in pages]
        item = results.spec.item(language)
        self.tabs = lazy_tabs([(t(key, language, item=item), build) for key, build in pages])
        self.tabs.add_class("mfgxai-sections")

    @property
    def whatif(self) -> WhatIf:
        self._whatif = self._whatif or WhatIf(self.results, self.language)
        return self._whatif

    def try_settings(self, settings: dict, part: str, focus: str | None) -> None:
        """A part's settings into the what-if, named there, its curve along `focus` (the part's top reason)."""
        self.whatif.load(settings, part, focus)
        self.tabs.selected_index = self.keys.index("app_whatif")


def process_page(found: EngagementResults, process: str, language: str) -> w.Widget:
    """A process's pages, or why it has none yet."""
    if process in found.processes:
        return ProcessView(found.processes[process], language).tabs
    return message(t("app_" + found.missing[process], language),
                   t("app_consultant_hint", language, slug=found.engagement.slug))


def engagement_app(slug: str) -> w.Widget:
    """The whole app for one engagement: a tab per process, or a helpful message when nothing is ready."""
    try:
        found = engagement_results(slug)
    except MfgxaiError as exc:
        return message("mfgxai", str(exc))
    engagement, language = found.engagement, found.engagement.language
    if not found.processes:
        return message(t("app_not_ready", language, client=engagement.client),
                       t("app_not_ready_hint", language),
                       t("app_consultant_hint", language, slug=engagement.slug))
    pages = [(get_spec(p).label(language), lambda p=p: process_page(found, p, language)) for p in engagement.processes]
    app = lazy_tabs(pages)
    app.add_class("mfgxai-processes")
    return app
