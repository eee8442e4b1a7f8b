"""What the shop floor is told of a run: per setting its window, what goes wrong beyond each edge and the check to do,
and why the other settings have no window. The card and the control plan both read it."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from ..engagement.config import load_engagement
from ..engagement.runstore import RunFolder, latest_good
from ..errors import MfgxaiError
from ..explain.narrate import withheld_sentence
from ..explain.windows import MIN_WINDOW_DEFECTS, MIN_WINDOW_ROWS, withheld_reason
from ..i18n import day, number, percent, quantity, span, t
from ..ingest.validate import process_columns
from ..loop.advice import Advice, advice_in_force
from ..processes import Column, get_spec

EDGES = ("below", "above")


@dataclass(frozen=True)
class Setting:
    """One setting with a stated window, in the words and numbers the floor reads."""

    feature: str
    name: str               # without unit
    unit: str
    low: float | None
    high: float | None
    typical: float
    data_low: float
    data_high: float
    window: str             # '8.45 – 10.9 kA', '≥ 2.92 kN'
    wrong: dict             # 'below'/'above' -> what goes wrong beyond that edge (plain words)
    rates: dict             # 'below'/'above' -> (defect rate inside, beyond) as text, where measured
    check: str | None       # the check to do, where the process names one
    rank: int               # 1 = the term that drives defects most

    def edge(self, side: str) -> float | None:
        return self.low if side == "below" else self.high


@dataclass(frozen=True)
class Sheet:
    """A run's floor facts in one language."""

    run: RunFolder
    language: str
    client: str
    process: str            # the process's name in the language
    run_id: str
    date: str
    parts: int
    settings: list[Setting]
    unstated: str           # why the other settings (or all) have no window; '' when every one has
    advice: Advice | None
    pair: tuple[str, str] | None  # two numeric settings that act together, at least one with a window
    item: str               # what one row is made on in the language: the spec's part or cell

    @property
    def say(self):
        return partial(t, language=self.language, item=self.item)


class FloorError(MfgxaiError):
    """No good run to take the windows from."""


def chosen_run(slug: str, process: str) -> RunFolder:
    run = latest_good(slug, process)
    if run is None:
        raise FloorError(f"{slug}/{process} has no good run yet: run `mfgxai run {slug} --process {process}` first.")
    return run


def sheet(run: RunFolder, language: str | None = None) -> Sheet:
    """The floor facts of a good run, in its language unless another is asked for."""
    manifest, explanations = run.manifest(), run.explanations()
    language = language or manifest.language
    engagement = load_engagement(manifest.engagement)
    columns = {c.name: c for c in process_columns(get_spec(manifest.process), engagement.process(manifest.process))}
    ranks = {row["term"]: row["rank"] for row in explanations.get("importances", [])}
    windows = explanations.get("windows", [])
    stated = [w for w in windows if w["low"] is not None or w["high"] is not None]
    order = [item["feature"] for item in (explanations.get("actions") or {}).get("items", [])]
    stated.sort(key=lambda w: (order.index(w["feature"]) if w["feature"] in order else len(order),
                               ranks.get(w["feature"], len(ranks) + 1)))
    settings = [_setting(w, columns[w["feature"]], ranks.get(w["feature"], 0), language) for w in stated]
    unstated = _unstated(run, windows, columns, language)
    when = datetime.fromisoformat(manifest.ended or manifest.started)
    return Sheet(run, language, manifest.client, get_spec(manifest.process).label(language), manifest.run_id,
                 day(when, language), int(manifest.rows.get("rows_accepted", 0)), settings, unstated,
                 advice_in_force(manifest.engagement, manifest.process),
                 _pair(explanations, columns, {s.feature for s in settings}),
                 get_spec(manifest.process).item(language))


def _setting(window: dict, column: Column, rank: int, language: str) -> Setting:
    unit, floor = window.get("unit") or column.unit, column.floor
    edges = {name: number(_inward(window[name], name), language) for name in ("low", "high")
             if window[name] is not None}
    wrong, rates = {}, {}
    for side, edge in zip(EDGES, ("low", "high")):
        if window[edge] is None:
            continue
        said = floor.phrase(side, language) if floor else None
        wrong[side] = said or t("card_more_defects", language)
        if window.get(f"rate_{side}") is not None and window.get("rate_inside") is not None:
            rates[side] = (percent(window["rate_inside"], language), percent(window[f"rate_{side}"], language))
    return Setting(column.name, column.label(language, False), unit, window["low"], window["high"],
                   window["typical"], window["data_low"], window["data_high"],
                   span(window["low"], window["high"], unit, language), wrong, rates,
                   floor.phrase("check", language, **edges) if floor else None, rank)


def _inward(value: float, edge: str) -> float:
    """An edge rounded to two significant digits towards the window's inside, for a rule the floor keeps
    (tip dressing every 1,700 welds for a window ending at 1,742)."""
    if value == 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 1)
    return (math.ceil if edge == "low" else math.floor)(round(value / step, 9)) * step


def edge_text(setting: Setting, side: str, language: str) -> str:
    """'8.45 kA' — the number as the window states it, with its unit."""
    return quantity(setting.edge(side), setting.unit, language)


def _unstated(run: RunFolder, windows: list[dict], columns: dict[str, Column], language: str) -> str:
    """Why settings have no window: withheld for the whole run, no adjustable setting, or no edge the data bear out."""
    metrics = run.metrics()
    rows = metrics.train_rows + metrics.test_rows
    defects = round((getattr(metrics, "defect_rate_train", 0) or 0) * metrics.train_rows
                    + (metrics.defect_rate_test or 0) * metrics.test_rows)
    reason = withheld_reason(metrics.kind, rows, defects)
    if reason:
        return withheld_sentence(reason, rows, defects, (MIN_WINDOW_ROWS, MIN_WINDOW_DEFECTS), language)
    if not windows:
        return t("card_no_settings", language)
    open_ = [columns[w["feature"]].label(language, False) for w in windows if w["low"] is None and w["high"] is None]
    return t("card_no_edge", language, names=", ".join(open_)) if open_ else ""


def _pair(explanations: dict, columns: dict[str, Column], windowed: set[str]) -> tuple[str, str] | None:
    """The strongest interaction of two numeric settings of which at least one has a window."""
    for pair in dict.fromkeys(row["pair"] for row in explanations.get("interactions", [])):
        names = pair.split(" & ")
        if all(n in columns and columns[n].kind == "number" for n in names) and windowed & set(names):
            return names[0], names[1]
    return None
