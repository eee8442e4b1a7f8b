"""The app's Progress tab: what changed since the advice, as the run's report shows it, each word of jargon (PSI,
Cpk, p-value, the 95 % interval, the p-chart) with its ⓘ beside it."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from ..explain import charts
from ..i18n import t
from ..loop import view as changes
from .info import after, slotted
from .results import ProcessResults
from .whatif import image, panel, term_label

HEADERS = {"changes_interval": "interval", "window": "window", "changes_cpk_before": "cpk", "changes_psi": "psi",
           "changes_test": "drift_test", "changes_p_value": "p_value", "changes_auc_after": "roc_auc",
           "changes_auc_expected": "expected_auc"}  # the header (or row name) that first names a term → the term


def progress(results: ProcessResults, language: str) -> w.Widget:
    """The advice and files, the verdicts, the weekly defect rate (p-chart) and the tables of the defect rate,
    adoption, drift and the model on the new data."""
    figures, item = results.comparison, results.spec.item(language)
    label = lambda name: term_label(name, results, language)  # noqa: E731
    said = figures["verdicts"] if figures.get("language") == language else \
        changes.verdicts(figures, results.scorer, language)
    head = "".join(f"<p>{escape(line)}</p>" for line in changes.basis(figures, language))
    rate = f"<span class='unit'>{slotted('app_progress_pp', language, item, True, 'pp')}</span>"
    tables = [(escape(t("changes_rate_title", language)) + rate, changes.rate_table(figures, item, language)),
              (escape(t("changes_adoption_title", language, item=item)),
               changes.adoption_table(figures, label, language)),
              (escape(t("changes_drift_title", language)), changes.drift_table(figures, label, language)),
              (escape(t("changes_model_title", language)), changes.model_table(figures, item, language))]
    names = {t(key, language, item=item): term for key, term in HEADERS.items()}
    body = "".join(f"<h4>{title}</h4>{explained_table(table, names, language, item)}"
                   for title, table in tables if table is not None and not table.empty)
    weeks = changes.weeks(figures)
    caption = slotted("app_p_chart", language, item, True, "chart_p_chart")
    caption = panel("mfgxai-caption", f"<div class='text'>{caption}</div>")
    chart = [caption, image(charts.p_chart(weeks, language), "p_chart")] if weeks is not None else []
    return w.VBox([panel("mfgxai-progress", f"<h3>{escape(changes.heading(figures, language))}</h3>{head}"),
                   panel("mfgxai-findings", "<ul>" + "".join(f"<li>{escape(s)}</li>" for s in said) + "</ul>"),
                   *chart, panel("mfgxai-progress-tables", body)])


def explained_table(table: pd.DataFrame, names: dict[str, str], language: str, item: str) -> str:
    """A table as HTML, every cell escaped; the header or cell that first names a term of `names` (its text → the
    term) gets the term's ⓘ."""
    seen: set[str] = set()

    def cell(value) -> str:
        text = "–" if value is None or value != value else str(value)
        term = names.get(text)
        if term is None or term in seen:
            return escape(text)
        seen.add(term)
        return after(text, term, language, item)

    headers = [cell(name) for name in table.columns]
    return table.map(cell).set_axis(headers, axis=1).to_html(index=False, border=0, escape=False)
