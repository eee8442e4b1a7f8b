"""Guidebooks: one catalogued data set explained end to end, printed through the report machinery."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pandas as pd

from ..engagement.config import engagement_dir, load_engagement
from ..engagement.runstore import Metrics, RunFolder, good_runs, is_current
from ..errors import MfgxaiError
from ..explain import narrate
from ..explain.windows import MIN_WINDOW_DEFECTS, MIN_WINDOW_ROWS, withheld_reason
from ..i18n import MISSING, fixed, number, percent, pick, span, t
from ..ingest.catalogue import DatasetEntry, get_entry, name_engagement, open_dataset
from ..ingest.io import read_table
from ..ingest.validate import validate_process
from ..ingest.values import is_missing, parse_numbers
from ..model.fit import SMALL_DATA_ROWS
from ..processes import get_spec
from ..run.runner import run_or_raise
from .cells import RUN_KEY
from .report import FORMATS, render_html, write_page

MAX_CATEGORIES = 8  # more distinct values than this are an identifier, not a distribution
ISO_WHEN = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # 2020-10-16, 2020-10-16 04:57:47

def build_guidebook(name: str, language: str = "en", formats=FORMATS) -> dict[str, Path]:
    """guidebook-<language>.html/.pdf of a data set, from its engagement's latest matching run (run if none)."""
    entry = get_entry(name)
    if not (engagement_dir(entry.slug) / "engagement.yaml").exists():
        open_dataset(name)
    name_engagement(entry)  # one opened before its entry gave names takes them (its runs are then not current)
    run = current_run(entry, language) or \
        run_or_raise(entry.slug, entry.process, parameters={"language": language}).folder
    cells = [_cell(text, number) for number, text in enumerate(guide_sections(entry, run, language))]
    page = render_html([run], kind=t("guidebook", language), client=entry.title(language), before=cells,
                       process=entry.process_label(language))
    return write_page(page, engagement_dir(entry.slug) / "reports" / f"guidebook-{language}", formats)


def current_run(entry: DatasetEntry, language: str) -> Path | None:
    """The newest good run in this language whose template, data and configuration are still current."""
    if entry.process is None:
        raise MfgxaiError(f"Data set '{entry.name}' fits no process: it has no guidebook.")
    engagement = load_engagement(entry.slug)
    return next((run.path for run in good_runs(entry.slug, entry.process)
                 if run.manifest().language == language and is_current(run.manifest(), engagement, entry.process)),
                None)


def _cell(text: str, number: int):
    cell = nbformat.v4.new_markdown_cell(text, id=f"guidebook-{number}")
    cell.metadata[RUN_KEY] = "guidebook"
    return cell


def guide_sections(entry: DatasetEntry, run: Path, language: str) -> list[str]:
    """The guidebook's own sections (markdown) before the run's analysis."""
    validated = validate_process(load_engagement(entry.slug), entry.process)
    metrics = RunFolder(run).metrics()
    raw = read_table(entry.path)
    spec = get_spec(entry.process)  # a header mapped onto the process's own column reads as that column
    known = {h: spec.column(c) for h, c in load_engagement(entry.slug).process(entry.process).columns.items()
             if c != spec.target.name and h not in entry.extra_columns and spec.column(c).role != "time"}
    return [f"# {entry.title(language)}", _purpose(entry, language), _variables(entry, raw, language, known),
            _target(entry, raw, language), _quality(validated.quality(), language),
            _model(metrics, language), _caveats(entry, validated, language), _use(entry, language)]


def _table(header: list[str], rows: list[list]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(v).replace("|", "\\|") for v in line) + " |" for line in lines)


def _purpose(entry: DatasetEntry, language: str) -> str:
    facts = [[t("guide_source", language), f"[{entry.source}]({entry.url})"],
             [t("guide_licence", language), entry.licence], [t("guide_nature", language), entry.provenance(language)],
             [t("guide_rows", language), fixed(entry.rows, language, 0)],
             [t("process", language), entry.process_label(language)]]
    if entry.process_name:  # filed under the closest process: say whose spec reads it
        facts.append([t("guide_spec", language), f"{get_spec(entry.process).label(language)} (`{entry.process}`)"])
    return f"## {t('guide_purpose', language)}\n\n{entry.about(language)}\n\n{_table(['', ''], facts)}"


def _role(entry: DatasetEntry, header: str, language: str, known: dict | None = None) -> str:
    if header == entry.target:
        return t("role_target", language)
    if header in entry.ignore:
        return t(f"role_{entry.ignore[header]}", language)
    declared = entry.extra_columns.get(header) or (known or {}).get(header)
    return t(f"role_{declared.role if declared else 'measured'}", language)


def _distribution(values: pd.Series, numbers: pd.Series, numeric: bool, language: str) -> tuple[str, str]:
    """(observed range, distribution) of one column in people's numbers."""
    if not numeric:
        counts = values[~is_missing(values)].astype(str).value_counts()
        if len(counts) > MAX_CATEGORIES:
            return MISSING, t("guide_distinct", language, n=len(counts))
        return f"{len(counts)} ×", ", ".join(f"{k} {v}" for k, v in counts.items())
    q = numbers.quantile([0.1, 0.5, 0.9])
    return (span(numbers.min(), numbers.max(), "", language),
            f"p10 {number(q[0.1], language)} · {t('guide_median', language)} {number(q[0.5], language)} · "
            f"p90 {number(q[0.9], language)}")


def _times(values: pd.Series) -> pd.Series | None:
    """A column of dates or times (typed so, or written as ISO dates) as times; None for any other column."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values if values.notna().any() else None
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return None
    missing = is_missing(values)
    filled = values[~missing]
    written = filled.astype("string").str.fullmatch(ISO_WHEN).fillna(False).astype(bool)
    if filled.empty or not (written | filled.map(lambda v: isinstance(v, (dt.date, pd.Timestamp)))).all():
        return None
    return pd.to_datetime(values.mask(missing).astype(object), errors="coerce")


def _time_distribution(times: pd.Series, language: str) -> tuple[str, str]:
    """(observed first – last, distribution) of a time column, as dates (and clock times when it has any)."""
    shown = "%Y-%m-%d %H:%M" if (times.dropna() != times.dropna().dt.normalize()).any() else "%Y-%m-%d"
    q = times.quantile([0.1, 0.5, 0.9]).dt.strftime(shown)
    return (f"{times.min():{shown}} – {times.max():{shown}}",
            f"p10 {q[0.1]} · {t('guide_median', language)} {q[0.5]} · p90 {q[0.9]}")


def _name(header: str) -> str:
    """A column's name as code that may wrap after '_', '/' or '.' (as 'Sum_of_ / Luminosity'): whole, a long
    name widened the variables table past the page, and Chromium shrank every page to fit it. Its punctuation
    is written as character references, which markdown reads as text, never as emphasis or a table's '|'."""
    return "<code>" + "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" + ("<wbr>" if c in "_/." else "")
                              for c in str(header)) + "</code>"


def _variables(entry: DatasetEntry, raw: pd.DataFrame, language: str, known: dict | None = None) -> str:
    rows = []
    for header in raw.columns:
        times = _times(raw[header])  # a date shown as a date, not as seconds or nanoseconds since 1970
        numbers, bad = parse_numbers(raw[header])
        numeric = not bad.any() and numbers.notna().any()
        declared = entry.extra_columns.get(header) or (known or {}).get(header)
        missing = is_missing(raw[header])
        if getattr(declared, "sentinels", ()):  # the machine's "no reading" (1449) counts as missing, not as a value
            missing = missing | numbers.isin(declared.sentinels)
            numbers = numbers.mask(numbers.isin(declared.sentinels))
        meaning = pick(declared.en, declared.ko or declared.en, language) if declared else ""
        physical = span(declared.low, declared.high, "", language) if declared else ""
        rows.append([_name(header), meaning, declared.unit if declared else "", _role(entry, header, language, known),
                     physical or MISSING, *(_distribution(raw[header], numbers, numeric, language) if times is None
                                             else _time_distribution(times, language)),
                     f"{int(missing.sum()):,}"])
    header = [t(f"guide_{k}", language) for k in ("column", "meaning", "unit", "role", "range", "observed",
                                                   "distribution", "missing")]
    return f"## {t('guide_variables', language)}\n\n{t('guide_variables_note', language)}\n\n{_table(header, rows)}"


def _target(entry: DatasetEntry, raw: pd.DataFrame, language: str) -> str:
    values = raw[entry.target]
    title = f"## {t('guide_target', language)}\n\n`{entry.target}`: "
    if entry.target_kind == "continuous":
        numbers, _ = parse_numbers(values)
        return title + (f"{span(numbers.min(), numbers.max(), '', language)}, {number(numbers.mean(), language)}"
                        f" ± {number(numbers.std(), language)} (mean ± sd, n = {numbers.count()}).")
    keys = values.astype(str).str.strip()
    defects, goods = int(keys.isin(entry.positive).sum()), int(keys.isin(entry.negative).sum())
    defect, good = t("app_defect", language), t("app_good", language)
    return title + (f"{defect} ({', '.join(entry.positive)}) {fixed(defects, language, 0)}, "
                    f"{good} ({', '.join(entry.negative)}) {fixed(goods, language, 0)} "
                    f"→ {percent(defects / max(defects + goods, 1), language)} {defect}.")


def _quality(quality: dict, language: str) -> str:
    rows = [[t(key, language), fixed(quality[key], language, 0)]
            for key in ("rows_read", "rows_accepted", "rows_quarantined")]
    rows += [[f"{t('reason', language)}: {reason}", fixed(count, language, 0)]
             for reason, count in quality["reasons"].items()]
    return f"## {t('data_quality', language)}\n\n{_table(['', ''], rows)}"


def _model(metrics: Metrics, language: str) -> str:
    text = f"## {t('guide_model', language)}\n\n"
    cv = metrics.cv
    if not cv:
        return text + t("guide_holdout_note", language, share=metrics.test_rows / (
            metrics.test_rows + metrics.train_rows))
    rows = [[t(name, language), t("mean_sd", language, mean=cv[name]["mean"], sd=cv[name]["sd"]),
             f"{fixed(cv[name]['fit_seconds'], language, 2)} s"] for name in ("ebm", "baseline")]
    table = _table(["", t(cv["metric"], language), t("guide_fit_time", language)], rows)
    note = t("guide_cv_note", language, rows=cv["rows"], folds=cv["folds"], repeats=cv["repeats"])
    return text + f"{note}\n\n{table}\n\n{narrate.cv_sentence(cv, language)}"


def _caveats(entry: DatasetEntry, validated, language: str) -> str:
    outcome = validated.data[validated.target]
    defects = int(outcome.sum()) if validated.target_kind == "binary" else None
    lines = [entry.provenance(language), *(c(language) for c in entry.caveats)]
    if len(outcome) < SMALL_DATA_ROWS:
        lines.append(t("guide_small", language, rows=len(outcome)))
    reason = withheld_reason(validated.target_kind, len(outcome), defects)
    if reason:
        lines.append(narrate.withheld_sentence(reason, len(outcome), defects, (MIN_WINDOW_ROWS, MIN_WINDOW_DEFECTS),
                                               language))
    if entry.ignore:
        columns = ", ".join(f"`{h}` ({t(f'role_{why}', language)})" for h, why in entry.ignore.items())
        lines.append(t("guide_left_out", language, columns=columns))
    return f"## {t('guide_caveats', language)}\n\n" + "\n".join(f"- {line}" for line in lines)


def _use(entry: DatasetEntry, language: str) -> str:
    commands = (f"mfgxai datasets open {entry.name}\nmfgxai run {entry.slug}\nmfgxai report {entry.slug}\n"
                f"mfgxai guidebook {entry.name} --language {language}")
    return (f"## {t('guide_use', language)}\n\n{t('guide_use_text', language)}\n\n```\n{commands}\n```\n\n"
            f"{t('guide_use_after', language)}")
