"""What a report's cover and appendices show of one run, read from its run folder as rows ready to print."""
from __future__ import annotations

import csv
from datetime import datetime
from functools import partial
from pathlib import Path

import pandas as pd

from ..engagement.config import load_engagement
from ..engagement.runstore import Manifest, Metrics, RunFolder
from ..errors import MfgxaiError
from ..explain import actions
from ..i18n import MISSING, fixed, span, t
from ..ingest.validate import process_columns
from ..processes import get_spec

COUNTS = ("rows_read", "rows_accepted", "rows_quarantined")
SHAPE_COLUMNS = ["feature", "category", "x_low", "x_high"]
RANGE_DIGITS = 6  # significant digits of the appendix's data ranges: the data's own precision


class ReportError(MfgxaiError):
    """A report that cannot be made (no good run, unknown format); run folders stay as they are."""


def run_facts(folder: Path) -> dict:
    """What the cover and the appendices show of one run, as rows ready to print."""
    run = RunFolder(folder)
    manifest = run.manifest()
    if not manifest.ok:
        raise ReportError(f"{folder} is a failed run; reports are made of good runs only.")
    metrics, quality = run.metrics(), run.quality()
    language = manifest.language
    say = partial(t, language=language)
    process = manifest.process
    spec = get_spec(process)
    engagement = load_engagement(folder.parents[2])
    label = engagement.process_label(process, language)  # the process's own name: laser welding read as welding
    explanations = run.explanations()
    columns = _columns(folder, process)
    return {"anchor": process, "process": label, "client": engagement.client_name(language),
            "language": manifest.language,
            "run_id": manifest.run_id, "period": explanations.get("period"),
            "reliability": actions.reliability_words(metrics.model_dump(), language, spec.item(language)),
            **_cover_actions(explanations.get("actions"), columns, spec.item(language), language),
            "quality": [(say("files"), ", ".join(quality["files"])),
                        *((say(key), fixed(quality[key], language, 0)) for key in COUNTS)],
            "reasons": [(reason, fixed(count, language, 0)) for reason, count in quality["reasons"].items()],
            "notes": quality.get("notes", []),
            "ranges": _ranges(folder, process, columns, manifest.language),
            "manifest": _manifest_rows(manifest, metrics, label, say),
            "hashes": [(manifest.template["path"], manifest.template["sha256"]),
                       *((data["file"], data["sha256"]) for data in manifest.data),
                       (run.model_path.name, metrics.model_sha256)],
            "packages": sorted(manifest.packages.items()),
            "floor": _floor(run, language)}


def _floor(run: RunFolder, language: str) -> dict | None:
    """What the run wrote for the shop floor, as the report's appendix shows it: the window card's page (the A4 card
    in the run's language) and the control-plan extract's rows; none when the run wrote no control plan."""
    plan = run.control_plan_stem.with_suffix(".csv")
    if not plan.is_file():
        return None
    with open(plan, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    card = run.card_stem(language, "A4").with_suffix(".html")
    return {"card": card.read_text(encoding="utf-8") if card.is_file() else None, "card_file": card.with_suffix(".pdf").name,
            "plan_files": f"{plan.with_suffix('.xlsx').name}, {plan.name}", "header": header, "rows": rows}


def _manifest_rows(manifest: Manifest, metrics: Metrics, label: str, say) -> list[tuple[str, str]]:
    """The run's identity, timing, parameters and settings (hashes and packages are tables of their own)."""
    return [(say("run_id"), manifest.run_id), (say("engagement"), manifest.engagement),
            (say("client"), manifest.client), (say("process"), f"{label} ({manifest.process})"),
            (say("started"), f"{datetime.fromisoformat(manifest.started):%Y-%m-%d %H:%M:%S}"),
            (say("duration"), say("seconds_value", seconds=manifest.seconds)), (say("status"), manifest.status),
            (say("parameters"), _listed(manifest.parameters)), (say("seed"), str(manifest.seed)),
            (say("model_settings"), _listed(metrics.settings))]


def _listed(values: dict) -> str:
    return ", ".join(f"{key} = {value}" for key, value in values.items())


def _columns(folder: Path, process: str) -> list:
    """The columns of the client's data for a run's process, as its engagement maps them."""
    config = load_engagement(folder.parents[2]).process(process)
    present = {*config.columns.values(), *config.extra_columns}
    return [column for column in process_columns(get_spec(process), config) if column.name in present]


def _cover_actions(ranking: dict | None, columns: list, item: str, language: str) -> dict:
    """The cover's ranked actions as table rows, and the note on how they were computed (or why there are none)."""
    if not ranking or not ranking["items"]:
        key = "actions_none" if ranking else "actions_old_run"
        return {"actions": [], "actions_note": t(key, language, item=item)}
    labels = {column.name: column.label(language, False) for column in columns}
    return {"actions": actions.table_rows(ranking, labels, language, item),
            "actions_note": actions.method_note(ranking, language, item)}


def _ranges(folder: Path, process: str, columns: list, language: str) -> list[tuple[str, str, str]]:
    """Per column of the client's data: the range its values had to lie in and what the training data spanned."""
    shapes = pd.DataFrame(RunFolder(folder).explanations()["shapes"], columns=SHAPE_COLUMNS)
    return [(column.label(language, False),
             *_column_ranges(column, shapes[shapes["feature"] == column.name], language))
            for column in columns if column.kind in ("number", "category")]


def _column_ranges(column, shape: pd.DataFrame, language: str) -> tuple[str, str]:
    """(allowed, observed): physical limits or known categories, and the span or categories the model saw."""
    if column.kind == "category":
        return tuple(", ".join(column.category(c, language) for c in values) or MISSING
                     for values in (column.categories, shape["category"].dropna()))
    seen = span(shape["x_low"].min(), shape["x_high"].max(), column.unit, language, RANGE_DIGITS)
    return span(column.low, column.high, column.unit, language, RANGE_DIGITS) or MISSING, seen or MISSING
