"""What changed since the advice, for people: a comparison's figures (see `compare`) as a heading, a line on what
was compared and tables of text in a language. The run's report and the app's Progress tab show the same."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import pandas as pd

from ..i18n import MISSING, day, field, fixed, listing, p_value, percent, points, span, t
from ..model.scoring import Scorer
from ..processes import get_spec
from .advice import adopted

Label = Callable[[str], str]  # a setting's name → its label in the language


def heading(figures: dict, language: str) -> str:
    """'What changed since the advice of 5 March 2026'."""
    return t("changes_heading", language, date=day(datetime.fromisoformat(figures["advice"]["advised"]), language))


def basis(figures: dict, language: str) -> list[str]:
    """Which run the advice came from, the files before and since, and the consultant's note when there is one."""
    advice = figures["advice"]
    lines = [t("changes_basis", language, run=advice["run_id"], before=listing(advice["data"], language),
               after=listing(figures["after_files"], language))]
    return lines + ([t("changes_note", language, note=advice["note"])] if advice["note"].strip() else [])


def _interval(low: float | None, high: float | None, show: Callable[[float], str], language: str) -> str:
    return MISSING if low is None or high is None else t("changes_interval_value", language, low=show(low),
                                                         high=show(high))


def rate_table(figures: dict, item: str, language: str) -> pd.DataFrame:
    """Parts, defects and the defect rate with its 95 % interval before and since the advice, and the change."""
    rate = figures["defect_rate"]
    share = lambda x: percent(x, language)  # noqa: E731
    rows = [(t(f"changes_{period}", language), fixed(rate[period]["parts"], language, 0),
             fixed(rate[period]["defects"], language, 0), share(rate[period]["rate"]),
             _interval(rate[period]["low"], rate[period]["high"], share, language)) for period in ("before", "after")]
    pp = lambda x: points(100 * x, language)  # noqa: E731
    rows.append((t("changes_difference", language), "", "",
                 MISSING if rate["difference"] is None else pp(rate["difference"]),
                 _interval(rate["low"], rate["high"], pp, language)))
    return pd.DataFrame(rows, columns=["", t("changes_parts", language, item=item), t("changes_defects", language),
                                       t("changes_rate", language), t("changes_interval", language)])


def _capability(value: float | None, language: str) -> str:
    return MISSING if value is None else fixed(value, language, 2, grouped=False)


def adoption_table(figures: dict, label: Label, language: str) -> pd.DataFrame:
    """Per advised window: the share inside and its Cpk before and since, and the defect rate inside and outside
    it since the advice."""
    rows = [{t("setting", language): label(w["feature"]),
             t("window", language): span(w["low"], w["high"], w["unit"], language),
             t("changes_inside_before", language): percent(w["inside_before"], language, 0),
             t("changes_inside_after", language): percent(w["inside_after"], language, 0),
             t("changes_cpk_before", language): _capability(w["cpk_before"], language),
             t("changes_cpk_after", language): _capability(w["cpk_after"], language),
             t("changes_rate_inside", language): percent(w["rate_inside_after"], language),
             t("changes_rate_outside", language): percent(w["rate_outside_after"], language)}
            for w in figures["adoption"]]
    return pd.DataFrame(rows)


def reading(row: dict, moved: set[str], language: str) -> str:
    """A setting's drift in a word or two: stable, a moderate or major shift, or moved as advised."""
    if row["level"] != "stable" and row["feature"] in moved:
        return t("changes_level_adopted", language)
    return t(f"changes_level_{row['level']}", language)


def drift_table(figures: dict, label: Label, language: str) -> pd.DataFrame:
    """Per setting, most important first: PSI, the test and its p-value, the share outside the trained range (or of
    unseen categories) and the reading."""
    moved = adopted(figures["adoption"])
    rows = [{t("setting", language): label(d["feature"]), t("changes_psi", language): fixed(d["psi"], language, 2),
             t("changes_test", language): t(f"changes_test_{d['test']}", language),
             t("changes_p_value", language): p_value(d["p_value"], language),
             t("changes_outside_trained", language): percent(d["outside_trained_range"], language),
             t("changes_reading", language): reading(d, moved, language)} for d in figures["drift"]]
    return pd.DataFrame(rows)


def model_table(figures: dict, item: str, language: str) -> pd.DataFrame | None:
    """The advised model on the new data: its ROC AUC with interval against a right model's and the trained one,
    the predicted and observed defect rate, and the verdict (None when the new data has no defect or no good part)."""
    model = figures["model"]
    if model["auc"] is None:
        return None
    auc = lambda x: fixed(x, language, 2, grouped=False)  # noqa: E731
    share = lambda x: percent(x, language)  # noqa: E731
    rows = [(t("changes_auc_after", language, item=item),
             f"{auc(model['auc'])} ({_interval(model['auc_low'], model['auc_high'], auc, language)})"),
            (t("changes_auc_expected", language, item=item), auc(model["expected_auc"])),
            (t("changes_auc_trained", language), auc(model["trained_auc"])),
            (t("changes_predicted", language), share(model["predicted_rate"])),
            (t("changes_observed", language), f"{share(model['observed_rate'])} "
                                              f"({_interval(model['observed_low'], model['observed_high'], share, language)})"),
            (t("changes_verdict", language), t("changes_retrain" if model["retrain"] else "changes_holds", language))]
    return pd.DataFrame(rows, columns=[t("metric", language), t("value", language)])


def weeks(figures: dict) -> pd.DataFrame | None:
    """The p-chart's weeks as a table (None when the data has no times)."""
    if not figures.get("p_chart"):
        return None
    table = pd.DataFrame(figures["p_chart"])
    return table.assign(week=pd.to_datetime(table["week"]))


def _label(scorer: Scorer, name: str, language: str) -> str:
    feature = scorer.features.get(name, {})
    return feature.get(language) or feature.get("en") or name


def verdicts(figures: dict, scorer: Scorer, language: str) -> list[str]:
    """The loop's findings in plain words: the defect rate, the advice followed, drift, the model."""
    rate, said, item = figures["defect_rate"], [], get_spec(figures["process"]).item(language)
    b, a = rate["before"], rate["after"]
    if rate["verdict"] == "too_little_data":
        said.append(t("loop_too_little", language, before=b["parts"], after=a["parts"], item=item))
    else:
        said.append(t(f"loop_rate_{rate['verdict']}", language, before=percent(b["rate"], language),
                      after=percent(a["rate"], language), difference=points(100 * rate["difference"], language),
                      low=points(100 * rate["low"], language), high=points(100 * rate["high"], language)))
    for w in figures["adoption"]:
        said.append(t("loop_adoption", language, setting=_label(scorer, w["feature"], language),
                      window=span(w["low"], w["high"], w["unit"], language),
                      before=percent(w["inside_before"], language, 0), after=percent(w["inside_after"], language, 0),
                      item=item))
    expected = figures["expected"]
    movers = [field(_label(scorer, m["term"], language), "uncapital", language)  # mid-sentence
              for m in expected["terms"][:2] if m["change"] < 0]
    if movers:
        said.append(t("loop_expected", language, before=percent(expected["expected_before"], language),
                      after=percent(expected["expected_after"], language), settings=listing(movers, language)))
    moved = adopted(figures["adoption"])
    for d in figures["drift"]:
        if d["level"] != "stable":
            key = "loop_drift_adopted" if d["feature"] in moved else \
                "loop_drift_windowed" if d["windowed"] else "loop_drift"
            said.append(t(key, language, setting=_label(scorer, d["feature"], language), psi=f"{d['psi']:.2f}"))
    model = figures["model"]
    if model["auc"] is not None:
        said.append(t("loop_retrain" if model["retrain"] else "loop_model_holds", language, auc=f"{model['auc']:.2f}",
                      low=f"{model['auc_low']:.2f}", high=f"{model['auc_high']:.2f}",
                      expected=f"{model['expected_auc']:.2f}",
                      trained=f"{model['trained_auc']:.2f}",
                      predicted=percent(model["predicted_rate"], language),
                      observed=percent(model["observed_rate"], language), item=item))
    return said
