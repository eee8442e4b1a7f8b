"""The notebook's section on what changed since the advice: the heading, the sentences, the p-chart, the tables."""
from __future__ import annotations

import html

from IPython.display import HTML, Markdown

from ..i18n import t
from ..loop import view as changes
from ..loop.compare import since_advice
from . import charts
from .display import clean_table, literal_markdown


class SinceAdvice:
    """Sections of an `Analysis` (its engagement, process, data, columns and language) since the advice in force."""

    _comparison: dict | None = None
    _compared = False

    def comparison(self) -> dict | None:
        """The data since the advice in force against the data it was drawn from, scored by the advised run's model
        (see `mfgxai.loop`), worked out once; None without advice or without files added since the advice."""
        if not self._compared:
            self._comparison = since_advice(self.engagement.slug, self.process, self.data, self.language)
            self._compared = True
        return self._comparison

    def changes_heading(self) -> Markdown | None:
        """The heading of what changed since the advice, with the run it came from, the files and the note
        (nothing when the run has no comparison: the report then leaves the section out)."""
        if (figures := self.comparison()) is None:
            return None
        lines = [changes.heading(figures, self.language), *changes.basis(figures, self.language)]
        return Markdown(f"## {literal_markdown(lines[0])}\n\n" + "\n\n".join(map(literal_markdown, lines[1:])))

    def changes(self) -> Markdown | None:
        """What changed since the advice in sentences: the defect rate, the advice followed, drift, the model."""
        if (figures := self.comparison()) is None:
            return None
        return Markdown("\n".join(f"- {line}" for line in figures["verdicts"]))

    def changes_chart(self):
        """The weekly defect rate before and since the advice, with limits from before (a p-chart)."""
        figures = self.comparison()
        weeks = None if figures is None else changes.weeks(figures)
        return None if weeks is None else charts.p_chart(weeks, self.language)

    def changes_tables(self) -> HTML | None:
        """The figures behind the sentences: defect rate, adoption per window, drift per setting, the model."""
        if (figures := self.comparison()) is None:
            return None
        lang, item = self.language, self.spec.item(self.language)
        label = lambda name: self.columns[name].label(lang, False) if name in self.columns else name  # noqa: E731
        tables = [(t("changes_rate_title", lang), changes.rate_table(figures, item, lang)),
                  (t("changes_adoption_title", lang, item=item), changes.adoption_table(figures, label, lang)),
                  (t("changes_drift_title", lang), changes.drift_table(figures, label, lang)),
                  (t("changes_model_title", lang), changes.model_table(figures, item, lang))]
        return HTML("".join(f"<h3>{html.escape(title)}</h3>{clean_table(table).data}" for title, table in tables
                            if table is not None and not table.empty))
