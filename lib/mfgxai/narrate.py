"""Plain sentences from explanation tables, in English or Korean, with units and rounded numbers."""
from __future__ import annotations

import math

import pandas as pd

from .processes import Column


def num(x: float) -> str:
    """A number rounded for people: three significant digits, thousands separators."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x == 0:
        return "0"
    digits = max(0, 2 - int(math.floor(math.log10(abs(x)))))
    text = f"{round(x, digits):,.{digits}f}"
    return text.rstrip("0").rstrip(".") if digits else text


def _given(x):
    """None for a missing number (None or NaN, as tables store it)."""
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def topic(word: str) -> str:
    """The word with the Korean topic particle that fits its last syllable (은/는)."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return word + ("은" if (ord(last) - 0xAC00) % 28 else "는")
    return word + "은(는)"


def pct(rate: float | None) -> str:
    return "–" if _given(rate) is None else f"{rate * 100:.1f}%"


def _with_unit(x: float, column: Column) -> str:
    return f"{num(x)} {column.unit}".strip()


def window_sentence(window: dict, column: Column, language: str) -> str | None:
    """'Keep X between a and b unit. Below a the defect rate rises from r% to s% …' (None if no window)."""
    low, high = _given(window["low"]), _given(window["high"])
    if low is None and high is None:
        return None
    name = column.label(language, with_unit=False)
    inside = pct(window["rate_inside"])
    sides = []
    if low is not None and _given(window["rate_below"]) is not None:
        sides.append(("below", _with_unit(low, column), pct(window["rate_below"])))
    if high is not None and _given(window["rate_above"]) is not None:
        sides.append(("above", _with_unit(high, column), pct(window["rate_above"])))
    if language == "ko":
        if low is not None and high is not None:
            keep = f"{topic(name)} {num(low)}~{_with_unit(high, column)} 범위로 유지하세요."
        elif low is not None:
            keep = f"{topic(name)} {_with_unit(low, column)} 이상으로 유지하세요."
        else:
            keep = f"{topic(name)} {_with_unit(high, column)} 이하로 유지하세요."
        parts = [f"{edge} {'미만' if side == 'below' else '초과'}에서는 불량률이 {inside}에서 {rate}로"
                 for side, edge, rate in sides]
        return f"{keep} {', '.join(parts)} 높아집니다." if parts else keep
    if low is not None and high is not None:
        keep = f"Keep {name.lower()} between {num(low)} and {_with_unit(high, column)}."
    elif low is not None:
        keep = f"Keep {name.lower()} at or above {_with_unit(low, column)}."
    else:
        keep = f"Keep {name.lower()} at or below {_with_unit(high, column)}."
    parts = [f"{side} {edge} the defect rate rises from {inside} to {rate}" for side, edge, rate in sides]
    if not parts:
        return keep
    text = "; ".join(parts)
    return f"{keep} {text[0].upper()}{text[1:]}."


def physics_flag(window: dict, column: Column, language: str) -> str | None:
    """A note for the consultant when the model's direction contradicts the spec's physics."""
    low, high = _given(window["low"]), _given(window["high"])
    wrong = (column.effect == "increases" and low is not None and high is None) or \
            (column.effect == "decreases" and high is not None and low is None) or \
            (column.effect == "none" and (low is not None or high is not None))
    if not wrong:
        return None
    name = column.label(language, with_unit=False)
    expected = {"increases": ("higher values to raise risk", "값이 클수록 위험이 커질 것으로"),
                "decreases": ("lower values to raise risk", "값이 작을수록 위험이 커질 것으로"),
                "none": ("no effect", "영향이 없을 것으로")}[column.effect]
    if language == "ko":
        return (f"확인 필요: {name}의 모델 결과가 공정 지식과 다릅니다(공정 지식은 {expected[1]} 봅니다). "
                "조치 전에 공정 담당자와 검토하세요.")
    return (f"Check with the process engineer: the model's effect of {name.lower()} differs from the "
            f"expected physics ({expected[0]}). Review before acting on it.")


def drivers_sentence(importances: pd.DataFrame, language: str, top: int = 3, result: str = "") -> str:
    """The top drivers of defects (or of a measured result, when one is named)."""
    labels = importances["label"].head(top).tolist()
    if language != "ko":
        labels = [label[:1].lower() + label[1:] for label in labels]
    if language == "ko":
        return f"{result or '불량'}에 가장 큰 영향을 주는 요인은 {', '.join(labels)} 순입니다."
    return f"The biggest drivers of {result.lower() or 'defects'} are {', '.join(labels[:-1])} and {labels[-1]}."


def _held_out(metrics: dict, language: str) -> str:
    """What the model was checked on: '1,200 parts', or '72 rows from 18 items' when rows were grouped."""
    test, items, binary = metrics["test_rows"], metrics.get("test_items"), metrics["kind"] == "binary"
    if items is not None:
        return f"개체 {items:,}개({test:,}행)" if language == "ko" else f"{test:,} rows from {items:,} items"
    if language == "ko":
        return f"부품 {test:,}개" if binary else f"{test:,}건"
    return f"{test:,} {'parts' if binary else 'rows'}"


def quality_sentence(metrics: dict, language: str) -> str:
    """How good the model is, in words a manager understands."""
    if metrics["kind"] == "binary":
        ebm, base = metrics["ebm"]["roc_auc"], metrics["baseline"]["roc_auc"]
        recall, precision = metrics["ebm"]["recall"], metrics["ebm"]["precision"]
        if language == "ko":
            return (f"모델이 학습에 쓰지 않은 {_held_out(metrics, language)}로 검증했습니다. 불량 부품을 "
                    f"양품보다 위험하게 볼 확률은 {ebm:.0%}(ROC AUC {ebm:.3f})이며, 블랙박스 기준 모델은 {base:.3f}"
                    f"입니다. 경보 기준에서 불량의 {recall:.0%}를 찾아내고, 경보의 {precision:.0%}가 실제 불량입니다.")
        return (f"Checked on {_held_out(metrics, language)} the model had not seen: it ranks a defective "
                f"part above a good one {ebm:.0%} of the time (ROC AUC {ebm:.3f}; black-box baseline {base:.3f}). "
                f"At the alarm threshold it catches {recall:.0%} of defects, and {precision:.0%} of alarms are real "
                "defects.")
    ebm, base = metrics["ebm"]["rmse"], metrics["baseline"]["rmse"]
    if language == "ko":
        return (f"학습에 쓰지 않은 {_held_out(metrics, language)}에서 평균 오차(RMSE)는 {num(ebm)}이며, "
                f"블랙박스 기준 모델은 {num(base)}입니다.")
    return (f"On {_held_out(metrics, language)} the model had not seen, its typical error (RMSE) is "
            f"{num(ebm)}; the black-box baseline's is {num(base)}.")


def cv_sentence(cv: dict, language: str) -> str:
    """Cross-validated accuracy as mean ± sd, with the spread read as uncertainty."""
    metric = "ROC AUC" if cv["metric"] == "roc_auc" else "RMSE"
    ebm, base = (f"{cv[m]['mean']:.3f} ± {cv[m]['sd']:.3f}" for m in ("ebm", "baseline"))
    if language == "ko":
        items = (f" 한 개체를 여러 번 잰 행은 학습과 검증 중 한쪽에만 두었습니다(개체 {cv['items']:,}개)."
                 if "items" in cv else "")
        return (f"데이터가 {cv['rows']:,}건뿐이라 {cv['folds']}겹 교차검증을 {cv['repeats']}회 반복했습니다: {metric}는 "
                f"EBM {ebm}, 블랙박스 기준 모델 {base}(평균 ± 표준편차)입니다. 표준편차만큼 불확실합니다.{items}")
    items = (f" Rows that measure the same item ({cv['items']:,} items) were kept on one side of every split."
             if "items" in cv else "")
    return (f"With only {cv['rows']:,} rows, {cv['folds']}-fold cross-validation repeated {cv['repeats']} times gives "
            f"{metric} {ebm} for the EBM and {base} for the black-box baseline (mean ± sd); the spread is the "
            f"uncertainty of these numbers.{items}")


def withheld_sentence(reason: str, rows: int, defects: int | None, limits: tuple[int, int], language: str) -> str:
    """Why no operating window is stated: a measured result, or too few rows or defects to trust one."""
    min_rows, min_defects = limits
    if reason == "continuous":
        if language == "ko":
            return ("결과가 측정값(연속형)이므로 불량 위험 기준의 권장 운전 범위는 제시하지 않습니다. "
                    "설정값별 영향 차트에서 각 설정이 결과를 얼마나 움직이는지 보세요.")
        return ("The result is a measured value, not a defect, so no operating window for defect risk is stated; "
                "the effect charts show how each setting moves the result.")
    found = f"{rows:,}" if reason == "few_rows" else f"{defects:,}"
    if language == "ko":
        what = f"데이터가 {found}건" if reason == "few_rows" else f"불량이 {found}건"
        return (f"{what}뿐이라 권장 운전 범위를 믿을 수 없어 제시하지 않습니다"
                f"(범위는 {min_rows:,}건 이상, 불량 {min_defects:,}건 이상일 때만 제시합니다).")
    what = f"only {found} rows" if reason == "few_rows" else f"only {found} defects"
    return (f"With {what}, an operating window cannot be trusted, so none is stated (windows need at least "
            f"{min_rows:,} rows and {min_defects:,} defects).")


def reason_sentence(part: str, risk: float, typical: float, reasons: pd.DataFrame, language: str) -> str:
    """Why one part is risky: its risk against the typical part and its top raising factors."""
    up = reasons[reasons["effect"] > 0].head(3)
    items = [f"{r.label} {r.value_text} ({r.effect:+.1f}%p)" for r in up.itertuples()]
    if language == "ko":
        relation = "보다 높습니다" if risk > typical else "과 비슷하거나 낮습니다"
        head = f"부품 {part}의 불량 위험은 {risk:.1f}%로, 보통 부품({typical:.1f}%){relation}."
        return f"{head} 위험을 높인 주된 요인: {', '.join(items)}." if items else head
    head = f"Part {part} has a defect risk of {risk:.1f}% (typical part: {typical:.1f}%)."
    return f"{head} Raised mainly by {', '.join(items)}." if items else head


def window_range(low: float | None, high: float | None, column: Column) -> str:
    """'8.5 – 11.6 kA', or '≥ 2.9 kN' / '≤ 48.8 ms' for a window open on one side."""
    low, high = _given(low), _given(high)
    if low is None and high is None:
        return ""
    if low is None or high is None:
        return f"{'≥' if high is None else '≤'} {_with_unit(high if low is None else low, column)}"
    return f"{num(low)} – {_with_unit(high, column)}"


def setting(value, column: Column) -> str:
    """One setting as people read it: the number with its unit, or the category ('–' when missing)."""
    if column.kind == "category":
        return "–" if _given(value) is None else str(value)
    return _with_unit(value, column) if _given(value) is not None else "–"


def term_value(term: str, row, columns: dict[str, Column]) -> str:
    """A term's settings for one part, e.g. '10.2 kA × 250 ms' for a pair."""
    return " × ".join(setting(row[f], columns[f]) for f in term.split(" & "))


def _object(word: str) -> str:
    """The word with the Korean object particle that fits its last syllable (을/를)."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return word + ("을" if (ord(last) - 0xAC00) % 28 else "를")
    return word + "을(를)"


def suggestion_sentence(column: Column, current: float, target: float, before: float, after: float,
                        language: str) -> str:
    """'Raise weld current from 7.9 to 8.5 kA: defect risk 23.1% → 9.8%.'"""
    name = column.label(language, with_unit=False)
    up = target > current
    if language == "ko":
        return (f"{_object(name)} {num(current)}에서 {_with_unit(target, column)}(으)로 {'올리면' if up else '낮추면'} "
                f"불량 위험이 {before:.1f}%에서 {after:.1f}%로 바뀝니다.")
    return (f"{'Raise' if up else 'Lower'} {name.lower()} from {num(current)} to {_with_unit(target, column)}: "
            f"defect risk {before:.1f}% → {after:.1f}%.")


def range_sentence(shape: pd.DataFrame, column: Column, language: str) -> str:
    """Where a setting puts defect risk lowest and highest within the data, everything else typical."""
    seen = shape[shape["count"] > 0]
    low, high = seen.loc[seen["output"].idxmin()], seen.loc[seen["output"].idxmax()]
    at = (lambda r: str(r["category"])) if column.kind == "category" else (lambda r: _with_unit(r["x"], column))
    name = column.label(language, with_unit=False)
    if language == "ko":
        return (f"데이터 범위에서 {topic(name)} {at(low)}일 때 불량 위험이 {low['output']:.1f}%로 가장 낮고, "
                f"{at(high)}일 때 {high['output']:.1f}%로 가장 높습니다(나머지 조건은 보통 부품 수준).")
    return (f"Within the data, {name.lower()} gives the lowest defect risk at {at(low)} ({low['output']:.1f}%) "
            f"and the highest at {at(high)} ({high['output']:.1f}%), everything else typical.")
