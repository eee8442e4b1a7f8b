"""Plain sentences from explanation tables, with units and rounded numbers; the words come from the catalogue."""
from __future__ import annotations

import pandas as pd

from ..i18n import MISSING, listing, number, percent, points, quantity, span, t
from ..processes import Column


def _given(x):
    """None for a missing number (None or NaN, as tables store it)."""
    return None if x is None or (isinstance(x, float) and x != x) else x


def window_sentence(window: dict, column: Column, language: str) -> str | None:
    """'Keep X between a and b unit. Below a the defect rate rises from r% to s% …' (None if no window)."""
    low, high = _given(window["low"]), _given(window["high"])
    if low is None and high is None:
        return None
    name, unit = column.label(language, with_unit=False), column.unit
    key = "keep_between" if low is not None and high is not None else "keep_above" if low is not None else "keep_below"
    shown_low = number(low, language) if key == "keep_between" else quantity(low, unit, language)  # one unit a range
    keep = t(key, language, name=name, low=shown_low, high=quantity(high, unit, language))
    inside = percent(window["rate_inside"], language)
    rises = [t(f"rises_{side}", language, edge=quantity(edge, unit, language), inside=inside,
               rate=percent(window[f"rate_{side}"], language))
             for side, edge in (("below", low), ("above", high))
             if edge is not None and _given(window[f"rate_{side}"]) is not None]
    if not rises:
        return keep
    return t("keep_and_rises", language, keep=keep, rises=t("rises_separator", language).join(rises))


def advice(window: dict, column: Column, language: str, physics: Column | None = None) -> str | None:
    """The window sentence with its caveat attached when the model's direction contradicts the physics of the
    spec's column (`physics`, `column` itself when not given); None if there is no window."""
    sentence = window_sentence(window, column, language)
    caveat = sentence and physics_flag(window, physics or column, language)
    return t("advice_with_caveat", language, advice=sentence, caveat=caveat) if caveat else sentence


def physics_flag(window: dict, column: Column, language: str) -> str | None:
    """A caveat for the consultant when the model's direction contradicts the spec's physics."""
    low, high = _given(window["low"]), _given(window["high"])
    wrong = (column.effect == "increases" and low is not None and high is None) or \
            (column.effect == "decreases" and high is not None and low is None) or \
            (column.effect == "none" and (low is not None or high is not None))
    if not wrong:
        return None
    return t("physics_flag", language, expected=t(f"expect_{column.effect}", language))


def drivers_sentence(importances: pd.DataFrame, language: str, top: int = 3, result: str = "") -> str:
    """The top drivers of defects (or of a measured result, when one is named)."""
    labels = [t("inline_name", language, name=label) for label in importances["label"].head(top)]
    return t("drivers", language, result=result or t("defects", language), drivers=listing(labels, language))


def _held_out(metrics: dict, language: str, item: str) -> str:
    """What the model was checked on: '1,200 parts', or '72 rows from 18 items' when rows were grouped."""
    rows, items = metrics["test_rows"], metrics.get("test_items")
    if items is not None:
        return t("held_out_items", language, rows=rows, items=items)
    return t("held_out_parts" if metrics["kind"] == "binary" else "held_out_rows", language, rows=rows, item=item)


def quality_sentence(metrics: dict, language: str, item: str) -> str:
    """How good the model is, in words a manager understands (`item`: the spec's part or cell)."""
    ebm, base = metrics["ebm"], metrics["baseline"]
    if metrics["kind"] == "binary":
        return t("quality_binary", language, held_out=_held_out(metrics, language, item), item=item,
                 ebm=ebm["roc_auc"], baseline=base["roc_auc"], recall=ebm["recall"], precision=ebm["precision"])
    return t("quality_values", language, held_out=_held_out(metrics, language, item),
             ebm=number(ebm["rmse"], language), baseline=number(base["rmse"], language))


def sample_sentence(metrics: dict, language: str, item: str) -> str:
    """For a model fitted on a sample of a big training set: how many rows it learnt from and was checked on."""
    sample = metrics.get("sample")
    if not sample or sample["fitted_rows"] == sample["train_rows"]:
        return ""
    held_out = metrics["test_rows"]
    return t("trained_on_sample", language, fitted=sample["fitted_rows"], total=sample["train_rows"] + held_out,
             held_out=held_out, item=item)


def cv_sentence(cv: dict, language: str) -> str:
    """Cross-validated accuracy as mean ± sd, with the spread read as uncertainty."""
    ebm, base = (t("mean_sd", language, mean=cv[m]["mean"], sd=cv[m]["sd"]) for m in ("ebm", "baseline"))
    items = t("cv_items", language, items=cv["items"]) if "items" in cv else ""
    return t("cv_sentence", language, rows=cv["rows"], folds=cv["folds"], repeats=cv["repeats"],
             metric=t(cv["metric"], language), ebm=ebm, baseline=base, items=items)


def withheld_sentence(reason: str, rows: int, defects: int | None, limits: tuple[int, int], language: str) -> str:
    """Why no operating window is stated: a measured result, or too few rows or defects to trust one."""
    if reason == "continuous":
        return t("withheld_continuous", language)
    what = t(reason, language, found=rows if reason == "few_rows" else defects)
    return t("withheld_few", language, what=what, min_rows=limits[0], min_defects=limits[1])


def reason_sentence(part: str, risk: float, typical: float, reasons: pd.DataFrame, language: str, item: str) -> str:
    """Why one part (or cell: `item`) is risky: its risk against the typical one and its top raising factors."""
    items = [t("reason_item", language, label=r.label, value=r.value_text, effect=points(r.effect, language))
             for r in reasons[reasons["effect"] > 0].head(3).itertuples()]
    head = t("risk_above_typical" if risk > typical else "risk_not_above_typical", language, part=part, item=item,
             risk=percent(risk, language, scale=1), typical=percent(typical, language, scale=1))
    return t("raised_by", language, head=head, reasons=", ".join(items)) if items else head


def window_range(low: float | None, high: float | None, column: Column, language: str) -> str:
    """'8.5 – 11.6 kA', or '≥ 2.9 kN' / '≤ 48.8 ms' for a window open on one side."""
    return span(low, high, column.unit, language)


def setting(value, column: Column, language: str) -> str:
    """One setting as people read it: the number with its unit, or the category ('–' when missing)."""
    if column.kind == "category":
        return MISSING if _given(value) is None else column.category(value, language)
    return quantity(_given(value), column.unit, language)


def term_value(term: str, row, columns: dict[str, Column], language: str) -> str:
    """A term's settings for one part, e.g. '10.2 kA × 250 ms' for a pair."""
    return " × ".join(setting(row[f], columns[f], language) for f in term.split(" & "))


def suggestion_sentence(column: Column, current: float, target: float, before: float, after: float,
                        language: str) -> str:
    """'Raise weld current from 7.9 to 8.5 kA: defect risk 23.1% → 9.8%.'"""
    return t("suggestion", language, verb=t("raise" if target > current else "lower", language),
             name=column.label(language, with_unit=False), current=number(current, language),
             target=quantity(target, column.unit, language), before=percent(before, language, scale=1),
             after=percent(after, language, scale=1))


def range_sentence(shape: pd.DataFrame, column: Column, language: str, item: str) -> str:
    """Where a setting puts defect risk lowest and highest within the data, everything else typical."""
    seen = shape[shape["count"] > 0]
    low, high = seen.loc[seen["output"].idxmin()], seen.loc[seen["output"].idxmax()]

    def at(row) -> str:
        return setting(row["category"] if column.kind == "category" else row["x"], column, language)
    return t("range_sentence", language, name=column.label(language, with_unit=False), low=at(low),
             low_risk=percent(low["output"], language, scale=1), high=at(high),
             high_risk=percent(high["output"], language, scale=1), item=item)
