"""The analysis a process notebook reads like: load, fit, explain, narrate, save — one call a section."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown

from ..engagement.config import has_engagement, load_engagement
from ..engagement.runstore import Metrics, RunFolder, interactive_folder, write_json
from ..errors import EngagementError
from ..i18n import fixed, listing, percent, pick, t
from ..ingest.validate import ValidatedData, check_modelable, process_columns, validate_process, write_quarantine
from ..model.fit import SMALL_DATA_ROWS, cross_validate, fit, save_model
from ..model.scoring import Scorer
from ..processes import get_spec
from . import actions, bundle, charts, narrate, parts, tables
from .display import ABSENT_KEY, clean_table, literal_markdown
from .parts import RiskiestPart
from .since_advice import SinceAdvice
from .windows import MIN_WINDOW_DEFECTS, MIN_WINDOW_ROWS, operating_windows, withheld_reason


class Analysis(SinceAdvice):
    """One engagement × process: its data, EBM, explanation tables and artifacts."""

    def __init__(self, engagement: str, process: str, run_dir: str = "", language: str = ""):
        self.engagement = _open_engagement(engagement)
        self.process = process
        self.spec = get_spec(process)
        self.config = self.engagement.process(process)
        self.language = language or self.engagement.language
        if run_dir:  # a run's folder is made by the runner; a vanished one is never re-created
            self.run = RunFolder(Path(run_dir))
            if not self.run.path.is_dir():
                raise EngagementError(f"The run folder {self.run.path} does not exist (was the run stopped?).")
        else:
            self.run = interactive_folder(self.engagement, process)
        self.run_dir = self.run.path
        self.columns = {c.name: c for c in process_columns(self.spec, self.config)}
        self.data: ValidatedData | None = None
        self.model = None
        self._riskiest: RiskiestPart | None = None
        self._ranking: dict | None = None

    def title(self) -> Markdown:
        """Client, process and run folder as the notebook's heading."""
        client = self.engagement.client_name(self.language)
        return Markdown(f"## {literal_markdown(client)} — "
                        f"{literal_markdown(self.engagement.process_label(self.process, self.language))}\n\n"
                        f"`{self.engagement.slug}` · {self.process} · {self.run.run_id}")

    # -- data -------------------------------------------------------------------------------
    def load_data(self) -> HTML:
        """Validate the client files; quarantine.csv and data_quality.json go to the run folder."""
        self.data = validate_process(self.engagement, self.process, check=False)
        write_quarantine(self.data, self.run.quarantine_path)
        quality = self.data.quality()
        write_json(self.run.quality_path, quality)
        final = RunFolder(self.run.final_path).quarantine_path  # where the message's reader will find it
        check_modelable(self.data, self.engagement, self.process, final)
        return self.data_table()

    def data_table(self) -> HTML:
        """Rows read, accepted and quarantined, and the reasons rows were quarantined."""
        quality, lang = self.data.quality(), self.language
        counts = [(t(k, lang), quality[k]) for k in ("rows_read", "rows_accepted", "rows_quarantined")]
        rows = [*counts, *((f"{t('reason', lang)}: {k}", v) for k, v in quality["reasons"].items())]
        return clean_table(pd.DataFrame([(k, fixed(v, lang, 0)) for k, v in rows], columns=["", t("count", lang)]))

    # -- model ------------------------------------------------------------------------------
    def fit(self) -> pd.DataFrame:
        """Fit the EBM and the baseline on the same split; compute every explanation table."""
        self.model = fit(self.data, seed=self.config.seed, test_size=self.config.test_size,
                         exclude=tuple(self.config.exclude), time_column=self.spec.time_column)
        if len(self.data.data) < SMALL_DATA_ROWS:
            self.model.metrics["cv"] = cross_validate(self.data, seed=self.config.seed,
                                                      exclude=tuple(self.config.exclude))
        self.importances = tables.importances(self.model, self.columns, self.language)
        self.shapes = tables.shapes(self.model)
        self.windows = operating_windows(self.model, self.shapes, list(self.columns.values()))
        self.interactions = tables.interactions(self.model)
        self._riskiest = self._ranking = None  # worked out again for this model when asked
        return self.metrics_table()

    @property
    def binary(self) -> bool:
        return self.model.kind == "binary"

    def metrics_table(self) -> HTML:
        """What the model's quality means in a sentence, then EBM and black-box baseline side by side on the held-out
        parts (three decimals), cross-validation below."""
        m, lang = self.model.metrics, self.language
        keys = ["roc_auc", "pr_auc", "recall", "precision"] if self.binary else ["rmse", "mae", "r2"]
        rows = [(t(k, lang), *(fixed(m[model][k], lang, 3, grouped=False) for model in ("ebm", "baseline")))
                for k in keys]
        if cv := m.get("cv"):
            rows.append((t("cv_metric", lang, metric=t(cv["metric"], lang), folds=cv["folds"], repeats=cv["repeats"]),
                         *(t("mean_sd", lang, mean=cv[k]["mean"], sd=cv[k]["sd"]) for k in ("ebm", "baseline"))))
        table = clean_table(pd.DataFrame(rows, columns=[t("metric", lang), t("ebm", lang), t("baseline", lang)]))
        item = self.spec.item(lang)
        sentence = " ".join(filter(None, (narrate.quality_sentence(m, lang, item),
                                          narrate.sample_sentence(m, lang, item))))
        return HTML(f"<p class='quality-sentence'>{html.escape(sentence)}</p>{table.data}")

    # -- explanations -----------------------------------------------------------------------
    def _effect_label(self) -> str:
        return t("effect_pp" if self.binary else "effect_units", self.language)

    def drivers_table(self, top: int = 10) -> HTML:
        table = self.importances.head(top)
        return clean_table(pd.DataFrame({t("driver", self.language): table["label"].to_numpy(),
                                         self._effect_label(): [fixed(e, self.language, 1) for e in table["effect"]]}))

    def drivers_chart(self):
        return charts.drivers(self.importances, self.language, self._effect_label())

    def shapes_chart(self, top: int = 6):
        mains = [term for term in self.importances["term"] if " & " not in term][:top]
        ylabel = t("defect_risk" if self.binary else "prediction", self.language)
        return charts.shapes(self.shapes, self.windows, self.columns, mains, self.language, ylabel, self.binary)

    def windows_table(self) -> HTML | Markdown:
        """Each stated window with the share of parts outside it; a note when no window can be stated."""
        if note := self._withheld_note():
            return Markdown(f"*{note}*")
        lang, rows = self.language, []
        for w in self.windows.itertuples():
            if pd.isna(w.low) and pd.isna(w.high):
                continue
            rows.append({t("setting", lang): self.columns[w.feature].label(lang),
                         t("window", lang): narrate.window_range(w.low, w.high, self.columns[w.feature], lang),
                         t("outside", lang): percent(w.share_below + w.share_above, lang),
                         t("rate_inside", lang): percent(w.rate_inside, lang),
                         t("rate_outside", lang): percent(_outside_rate(w), lang)})
        return clean_table(pd.DataFrame(rows))

    def _withheld_note(self) -> str | None:
        """Why operating windows are withheld (a measured result, too few rows or defects), if they are."""
        outcome = self.data.data[self.data.target]
        defects = int(outcome.sum()) if self.binary else None
        reason = withheld_reason(self.model.kind, len(outcome), defects)
        if reason is None:
            return None
        return narrate.withheld_sentence(reason, len(outcome), defects, (MIN_WINDOW_ROWS, MIN_WINDOW_DEFECTS),
                                         self.language)

    def _absent(self, *names: str) -> Markdown | None:
        """A note instead of a chart when the client's data lacks a column the view needs; the note's metadata
        names the columns, so a report leaves out a section that has nothing but such notes."""
        missing = [n for n in names if n not in self.model.features]
        if not missing:
            return None
        labels = listing([t("inline_name", self.language, name=self.spec.column(n).label(self.language, False))
                          for n in missing], self.language)
        return Markdown(f"*{t('not_shown', self.language, labels=labels)}*", metadata={ABSENT_KEY: missing})

    def risk_map(self, x: str, y: str):
        """The model's risk over two settings, everything else typical (e.g. the weldability lobe)."""
        if note := self._absent(x, y):
            return note
        grid = tables.risk_grid(self.model, x, y)
        label = t("defect_risk" if self.binary else "prediction", self.language)
        return charts.heatmap(grid, self.columns[x], self.columns[y], "output", self.language, label,
                              self._edges(x, y), risk=self.binary)

    def observed_map(self, x: str, y: str):
        """The observed defect rate over two settings."""
        if note := self._absent(x, y):
            return note
        grid = tables.binned_rate_map(self.data.data, x, y, self.data.target)
        grid["rate"] *= 100
        return charts.heatmap(grid, self.columns[x], self.columns[y], "rate", self.language,
                              t("defect_rate", self.language), self._edges(x, y))

    def _edges(self, x: str, y: str) -> tuple:
        """The found window edges of a map's two settings, as the app's and the card's maps draw them."""
        return tuple(charts.window_edges(self.windows, name) for name in (x, y))

    def trend(self, x: str):
        """The observed defect rate along one setting."""
        if note := self._absent(x):
            return note
        table = tables.binned_rate(self.data.data, x, self.data.target)
        return charts.rate_trend(table, self.columns[x], self.language)

    def outcome_distributions(self):
        """End-of-line measurements of good vs defective parts (never used as model inputs)."""
        outcomes = [c for c in self.columns.values() if c.role == "outcome" and c.name in self.data.data]
        target = self.spec.target
        return charts.distributions(self.data.data, outcomes, self.data.target,
                                    (target.negative, target.positive), self.language)

    def riskiest_part(self) -> RiskiestPart:
        """The riskiest held-out part and its top contributions with values, units and windows (once per fit)."""
        if self._riskiest is None:
            self._riskiest = parts.riskiest(self.model, self.columns, self.windows, self.language)
        return self._riskiest

    def example_part(self) -> HTML:
        """Reason codes of the riskiest held-out part: its top contributions with values and units."""
        table, lang = self.riskiest_part().reasons, self.language
        effect = t("part_effect" if self.binary else "part_effect_units", lang, item=self.spec.item(lang))
        return clean_table(pd.DataFrame({t("driver", lang): table["label"], t("value", lang): table["value_text"],
                                         t("window", lang): table["window"],
                                         effect: [fixed(e, lang, 1, signed=True) for e in table["effect"]]}))

    # -- actions first ----------------------------------------------------------------------
    def ranking(self) -> dict:
        """The settings whose windows would avoid the most defects among the held-out latest parts (once per fit)."""
        if self._ranking is None:
            scorer = Scorer(bundle.tables(self.model, self.columns, self.windows))
            auc = self.model.metrics["ebm"]["roc_auc"] if self.binary else 0.0
            windows = self.windows if self.binary else []
            self._ranking = actions.rank(scorer, self.model.test, windows, auc, self.spec.time_column)
        return self._ranking

    def actions_table(self) -> HTML | Markdown:
        """The actions that avoid the most defects, ranked, with the window, share outside and confidence."""
        ranking, lang = self.ranking(), self.language
        item = self.spec.item(lang)
        if not ranking["items"]:
            return Markdown(f"*{self._withheld_note() or t('actions_none', lang, item=item)}*")
        labels = {name: column.label(lang, False) for name, column in self.columns.items()}
        table = pd.DataFrame(actions.table_rows(ranking, labels, lang, item),
                             columns=[t(k, lang) for k in actions.COLUMNS])
        note = html.escape(actions.method_note(ranking, lang, item))
        return HTML(f"{clean_table(table, 'actions-first').data}<p class='note'>{note}</p>")

    def period(self) -> list[str] | None:
        """The first and last date of the data, when it has times."""
        column = self.spec.time_column
        times = pd.to_datetime(self.data.data[column], errors="coerce").dropna() if column in self.data.data else []
        return [f"{times.min():%Y-%m-%d}", f"{times.max():%Y-%m-%d}"] if len(times) else None

    def narrative(self) -> Markdown:
        """The findings as short sentences in the engagement's language."""
        return Markdown("\n".join(f"- {line}" for line in self.findings()))

    def findings(self) -> list[str]:
        """The findings' sentences, what to do first and the method after: drivers, windows in the order of the
        actions, the model's reliability in words (the ROC AUC stays with the model's quality), the riskiest part."""
        lang, item = self.language, self.spec.item(self.language)
        target = self.spec.target
        result = "" if self.binary else pick(target.en, target.ko, lang)
        lines = [narrate.drivers_sentence(self.importances, lang, result=result)]
        if note := self._withheld_note():
            lines.append(note)
        for w in actions.in_order(self.windows.to_dict("records"), self.ranking()):
            if sentence := narrate.advice(w, self.columns[w["feature"]], lang):
                lines.append(sentence)
        words = actions.reliability_words(self.model.metrics, lang, item)
        lines.append(t("reliability_finding", lang, headline=words["headline"], words=words["words"]))
        if "cv" in self.model.metrics:
            lines.append(narrate.cv_sentence(self.model.metrics["cv"], lang))
        if self.binary:
            part = self.riskiest_part()
            part_id = self.model.test.loc[part.index].get(self.spec.id_column, part.index)
            lines.append(narrate.reason_sentence(str(part_id), part.risk, part.typical_risk, part.reasons, lang,
                                                self.spec.item(lang)))
        return lines

    # -- artifacts --------------------------------------------------------------------------
    def save(self) -> pd.DataFrame:
        """The model, its metrics and explanations, and what the app reads (scoring tables, parts, held-out outputs)."""
        model_sha = save_model(self.model, self.run.model_path)
        metrics = {**self.model.metrics, "model_sha256": model_sha, "language": self.language,
                   "fit_seconds": self.model.fit_seconds}
        write_json(self.run.metrics_path, Metrics.model_validate(metrics).model_dump())
        frames = {"importances": self.importances, "shapes": self.shapes, "windows": self.windows,
                  "interactions": self.interactions}
        payload = {name: json.loads(table.to_json(orient="records", double_precision=15))  # edges as scored
                   for name, table in frames.items()}
        payload.update(narrative=self.findings(), actions=self.ranking(), period=self.period())
        write_json(self.run.explanations_path, payload, indent=None)
        bundle.export(self.model, self.columns, self.windows, self.run)
        if (figures := self.comparison()) is not None:
            write_json(self.run.comparison_path, figures)
        files = sorted(p.name for p in self.run_dir.iterdir() if p.is_file())
        return pd.DataFrame({"artifact": files})


def _open_engagement(engagement: str):
    """The notebook's engagement; one that is not there (a notebook's default is a demo engagement) stops with
    what to do."""
    if not has_engagement(engagement):
        raise EngagementError(
            f"There is no engagement at '{engagement}' (the notebook's `engagement` parameter). The notebooks' "
            "defaults are demo engagements, written by `mfgxai demo`: run it first, or set `engagement` in the "
            "parameters cell to a client's engagement folder or slug (`mfgxai run <slug>` sets it).")
    return load_engagement(engagement)


def _outside_rate(w) -> float | None:
    n_out = w.n_below + w.n_above
    if not n_out:
        return None
    below = 0.0 if pd.isna(w.rate_below) else w.rate_below * w.n_below
    above = 0.0 if pd.isna(w.rate_above) else w.rate_above * w.n_above
    return (below + above) / n_out
