"""Guidebooks: one catalogued data set explained end to end, printed through the report machinery."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from . import narrate
from .catalogue import DatasetEntry, get_entry, open_dataset
from .engagement import engagement_dir, load_engagement
from .errors import MfgxaiError
from .i18n import t
from .io import read_table
from .values import is_missing, parse_numbers
from .model import SMALL_DATA_ROWS
from .report import FORMATS, RUN_KEY, render_html, write_page
from .runner import run_or_raise
from .runstore import Metrics, RunFolder, good_runs, is_current
from .validate import validate_process
from .windows import MIN_WINDOW_DEFECTS, MIN_WINDOW_ROWS, withheld_reason

MAX_CATEGORIES = 8  # more distinct values than this are an identifier, not a distribution

WORDS: dict[str, tuple[str, str]] = {
    "guidebook": ("Data set guidebook", "데이터셋 가이드북"),
    "purpose": ("Purpose and source", "목적과 출처"),
    "source": ("Source", "출처"), "licence": ("Licence", "라이선스"), "nature": ("Nature of the data", "데이터 성격"),
    "rows": ("Rows", "행 수"), "process": ("Process", "공정"),
    "variables": ("Variables", "변수"),
    "variables_note": ("Every column of the file as delivered: meaning, unit, role in the model, the accepted "
                       "physical range and what the data hold.",
                       "제공된 파일의 모든 열: 의미, 단위, 모델에서의 역할, 허용 물리 범위, 실제 데이터 분포입니다."),
    "column": ("Column", "열"), "meaning": ("Meaning", "의미"), "unit": ("Unit", "단위"), "role": ("Role", "역할"),
    "range": ("Physical range", "물리 범위"), "observed": ("Observed", "관측 범위"), "missing": ("Missing", "결측"),
    "distribution": ("Distribution", "분포"), "median": ("median", "중앙값"),
    "target": ("Target and balance", "목표 변수와 균형"),
    "quality": ("Data quality", "데이터 품질"),
    "model": ("Model result", "모델 결과"),
    "cv_note": ("{rows:,} rows are too few for one held-out split to be trusted: the figures below are {folds}-fold "
                "cross-validation repeated {repeats} times, mean ± standard deviation over the folds.",
                "{rows:,}행은 한 번의 검증 분할을 믿기에 너무 적어, 아래 수치는 {folds}겹 교차검증을 {repeats}회 "
                "반복한 폴드별 평균 ± 표준편차입니다."),
    "holdout_note": ("The model was checked on a held-out {share:.0%} of the rows; the analysis below has the details.",
                     "행의 {share:.0%}를 검증용으로 떼어 두고 모델을 확인했습니다. 자세한 내용은 아래 분석에 있습니다."),
    "fit_time": ("Mean fit time", "평균 학습 시간"),
    "caveats": ("Caveats", "유의 사항"),
    "small": ("Small sample: {rows:,} rows. Treat every number here as a rough indication with the uncertainty shown.",
              "표본이 작습니다({rows:,}행). 모든 수치는 제시한 불확실성을 감안한 대략적인 값으로 보세요."),
    "left_out": ("Left out of the model (leakage means known only with or after the result): {columns}.",
                 "모델에서 제외한 열(누설 변수는 결과와 함께 또는 결과 뒤에야 알 수 있는 값): {columns}."),
    "distinct": ("{n:,} distinct values", "서로 다른 값 {n:,}개"),
    "use": ("Using it in an engagement", "프로젝트에서 활용하기"),
    "use_text": ("Open it as an engagement exactly as a client's file is opened, then run and report it:",
                 "고객 파일과 똑같은 방식으로 프로젝트를 만든 뒤 실행하고 보고서를 만듭니다:"),
    "use_after": ("Its `engagement.yaml` shows the column map a client file of this kind needs: copy it as a start.",
                  "생성된 `engagement.yaml`에는 이런 종류의 고객 파일에 필요한 열 매핑이 있으니 출발점으로 쓰세요."),
    "id": ("left out: identifier", "제외: 식별자"), "leakage": ("left out: leakage", "제외: 누설 변수"),
    "constant": ("left out: constant", "제외: 상수"), "target_role": ("target", "목표"),
    "controllable": ("controllable setting", "조정 가능한 설정"), "measured": ("measured", "측정값"),
    "context": ("context", "조건"), "outcome": ("outcome (never a model input)", "결과(모델 입력 아님)"),
    "defect": ("defect", "불량"), "good": ("good", "양품"),
}


def say(key: str, language: str) -> str:
    en, ko = WORDS[key]
    return ko if language == "ko" else en


def build_guidebook(name: str, language: str = "en", formats=FORMATS) -> dict[str, Path]:
    """guidebook-<language>.html/.pdf of a data set, from its engagement's latest matching run (run if none)."""
    entry = get_entry(name)
    if not (engagement_dir(entry.slug) / "engagement.yaml").exists():
        open_dataset(name)
    run = current_run(entry, language) or \
        run_or_raise(entry.slug, entry.process, parameters={"language": language}).folder
    cells = [_cell(text, number) for number, text in enumerate(guide_sections(entry, run, language))]
    page = render_html([run], kind=say("guidebook", language), client=entry.title(language), before=cells)
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
    return [f"# {entry.title(language)}", _purpose(entry, language), _variables(entry, raw, language),
            _target(entry, raw, language), _quality(validated.quality(), language),
            _model(metrics, language), _caveats(entry, validated, language), _use(entry, language)]


def _table(header: list[str], rows: list[list]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(v).replace("|", "\\|") for v in line) + " |" for line in lines)


def _purpose(entry: DatasetEntry, language: str) -> str:
    facts = [[say("source", language), f"[{entry.source}]({entry.url})"], [say("licence", language), entry.licence],
             [say("nature", language), entry.provenance(language)], [say("rows", language), f"{entry.rows:,}"],
             [say("process", language), entry.process]]
    return f"## {say('purpose', language)}\n\n{entry.about(language)}\n\n{_table(['', ''], facts)}"


def _role(entry: DatasetEntry, header: str, language: str) -> str:
    if header == entry.target:
        return say("target_role", language)
    if header in entry.ignore:
        return say(entry.ignore[header], language)
    declared = entry.extra_columns.get(header)
    return say(declared.role if declared else "measured", language)


def _distribution(values: pd.Series, numbers: pd.Series, numeric: bool, language: str) -> tuple[str, str]:
    """(observed range, distribution) of one column in people's numbers."""
    if not numeric:
        counts = values[~is_missing(values)].astype(str).value_counts()
        if len(counts) > MAX_CATEGORIES:
            return "–", say("distinct", language).format(n=len(counts))
        return f"{len(counts)} ×", ", ".join(f"{k} {v}" for k, v in counts.items())
    q = numbers.quantile([0.1, 0.5, 0.9])
    return (f"{narrate.num(numbers.min())} – {narrate.num(numbers.max())}",
            f"p10 {narrate.num(q[0.1])} · {say('median', language)} {narrate.num(q[0.5])} · p90 {narrate.num(q[0.9])}")


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    if low is None or high is None:
        return f"≤ {narrate.num(high)}" if low is None else f"≥ {narrate.num(low)}"
    return f"{narrate.num(low)} – {narrate.num(high)}"


def _variables(entry: DatasetEntry, raw: pd.DataFrame, language: str) -> str:
    rows = []
    for header in raw.columns:
        numbers, bad = parse_numbers(raw[header])
        numeric = not bad.any() and numbers.notna().any()
        declared = entry.extra_columns.get(header)
        meaning = "" if not declared else (declared.ko or declared.en) if language == "ko" else declared.en
        physical = _range(declared.low, declared.high) if declared else ""
        rows.append([f"`{header}`", meaning, declared.unit if declared else "", _role(entry, header, language),
                     physical or "–", *_distribution(raw[header], numbers, numeric, language),
                     f"{int(is_missing(raw[header]).sum()):,}"])
    header = [say(k, language) for k in ("column", "meaning", "unit", "role", "range", "observed", "distribution",
                                          "missing")]
    return f"## {say('variables', language)}\n\n{say('variables_note', language)}\n\n{_table(header, rows)}"


def _target(entry: DatasetEntry, raw: pd.DataFrame, language: str) -> str:
    values = raw[entry.target]
    title = f"## {say('target', language)}\n\n`{entry.target}`: "
    if entry.target_kind == "continuous":
        numbers, _ = parse_numbers(values)
        return title + (f"{narrate.num(numbers.min())} – {narrate.num(numbers.max())}, {narrate.num(numbers.mean())}"
                        f" ± {narrate.num(numbers.std())} (mean ± sd, n = {numbers.count()}).")
    keys = values.astype(str).str.strip()
    defects, goods = int(keys.isin(entry.positive).sum()), int(keys.isin(entry.negative).sum())
    return title + (f"{say('defect', language)} ({', '.join(entry.positive)}) {defects:,}, "
                    f"{say('good', language)} ({', '.join(entry.negative)}) {goods:,} "
                    f"→ {defects / max(defects + goods, 1):.1%} {say('defect', language)}.")


def _quality(quality: dict, language: str) -> str:
    rows = [[t(key, language), f"{quality[key]:,}"] for key in ("rows_read", "rows_accepted", "rows_quarantined")]
    rows += [[f"{t('reason', language)}: {reason}", f"{count:,}"] for reason, count in quality["reasons"].items()]
    return f"## {say('quality', language)}\n\n{_table(['', ''], rows)}"


def _model(metrics: Metrics, language: str) -> str:
    text = f"## {say('model', language)}\n\n"
    cv = metrics.cv
    if not cv:
        return text + say("holdout_note", language).format(share=metrics.test_rows / (
            metrics.test_rows + metrics.train_rows))
    rows = [[t(name, language), f"{cv[name]['mean']:.3f} ± {cv[name]['sd']:.3f}", f"{cv[name]['fit_seconds']:.2f} s"]
            for name in ("ebm", "baseline")]
    table = _table(["", t(cv["metric"], language), say("fit_time", language)], rows)
    return text + f"{say('cv_note', language).format(**cv)}\n\n{table}\n\n{narrate.cv_sentence(cv, language)}"


def _caveats(entry: DatasetEntry, validated, language: str) -> str:
    outcome = validated.data[validated.target]
    defects = int(outcome.sum()) if validated.target_kind == "binary" else None
    lines = [entry.provenance(language), *(c(language) for c in entry.caveats)]
    if len(outcome) < SMALL_DATA_ROWS:
        lines.append(say("small", language).format(rows=len(outcome)))
    reason = withheld_reason(validated.target_kind, len(outcome), defects)
    if reason:
        lines.append(narrate.withheld_sentence(reason, len(outcome), defects, (MIN_WINDOW_ROWS, MIN_WINDOW_DEFECTS),
                                               language))
    if entry.ignore:
        columns = ", ".join(f"`{h}` ({say(why, language)})" for h, why in entry.ignore.items())
        lines.append(say("left_out", language).format(columns=columns))
    return f"## {say('caveats', language)}\n\n" + "\n".join(f"- {line}" for line in lines)


def _use(entry: DatasetEntry, language: str) -> str:
    commands = (f"mfgxai datasets open {entry.name}\nmfgxai run {entry.slug}\nmfgxai report {entry.slug}\n"
                f"mfgxai guidebook {entry.name} --language {language}")
    return (f"## {say('use', language)}\n\n{say('use_text', language)}\n\n```\n{commands}\n```\n\n"
            f"{say('use_after', language)}")
