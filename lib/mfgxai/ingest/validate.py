"""Checking client data against a process spec: clear errors for the file, quarantine for rows. A big text
file is checked in batches (see `checks`); a column's number and date style is decided from all its values,
reading the file a second time when a late batch changes a decision."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..engagement.config import Engagement, ProcessConfig
from ..errors import DataError
from ..i18n import t
from ..processes import Column, ProcessSpec, get_spec
from .checks import ITEM, SOURCE_FILE, FileCheck  # noqa: F401 (ITEM: a row's item, for the model's split)
from .coerce import Reading, named, unit_of
from .io import read_batches
from .rejects import Tally
from .streaming import BATCH_ROWS, Reread, Retype

MIN_ROWS = 30
MIN_DEFECTS = 5


@dataclass
class ValidatedData:
    """Accepted rows with canonical columns, the quarantined rows with reasons, and the counts."""

    data: pd.DataFrame
    quarantine: pd.DataFrame
    columns: list[Column]
    target: str
    target_kind: str
    files: list[str]
    reasons: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the files were read and converted, what was left out
    examples: dict[str, str] = field(default_factory=dict)  # per reason kind, the first rejected value's reason

    @property
    def features(self) -> list[Column]:
        return [c for c in self.columns if c.is_feature and c.name != self.target]

    def quality(self) -> dict:
        """Row counts and reasons for the manifest and the data-quality appendix."""
        read = len(self.data) + len(self.quarantine)
        return {"files": self.files, "rows_read": read, "rows_accepted": len(self.data),
                "rows_quarantined": len(self.quarantine), "reasons": self.reasons, "warnings": self.warnings,
                "notes": self.notes}

    def top_reasons(self, n: int = 3) -> list[str]:
        """The most frequent reasons rows were rejected, with counts and one example each."""
        return [f"{count:,} row{'s' if count != 1 else ''}: {self.examples.get(kind, kind)}"
                for kind, count in list(self.reasons.items())[:n]]


def process_columns(spec: ProcessSpec, config: ProcessConfig) -> list[Column]:
    """The spec's columns plus the client's declared extra columns."""
    extras = [Column(name=name, **extra.model_dump()) for name, extra in config.extra_columns.items()]
    return [*spec.columns, *extras]


def validate_process(engagement: Engagement, process: str, check: bool = True,
                     batch_rows: int = BATCH_ROWS) -> ValidatedData:
    """Read every data file of a process, type and check it; rejected rows go to quarantine. With
    `check=False` a result too small to model is returned rather than refused (see `check_modelable`)."""
    spec, config = get_spec(process), engagement.process(process)
    columns = process_columns(spec, config)
    accepted, quarantined, files, notes, tally = [], [], [], [], Tally()
    for number, path in enumerate(engagement.data_paths(process)):
        where = str(path) if config.sheet is None else f"{path}, sheet '{config.sheet}'"
        reading = Reading(spec, config, columns, engagement.language)
        checked, read_notes = _checked_file(path, where, number, reading, batch_rows)
        notes += [f"{path.name}: {note}" for note in read_notes]
        notes += [f"{path.name}: " + t("q_no_reading", engagement.language).format(
            column=named(c, engagement.language), count=f"{reading.gaps[c.name]:,}",
            value=", ".join(f"{v:g}" for v in c.sentinels)) for c in columns if reading.gaps.get(c.name)]
        notes += [n for n in checked.notes() if n not in notes]
        tally.merge(checked.tally)
        quarantined.append(checked.quarantine())
        accepted.append(checked.accepted())
        files.append(path.name)
        del checked
    data = accepted[0] if len(accepted) == 1 else pd.concat(accepted, ignore_index=True)
    data[SOURCE_FILE] = data[SOURCE_FILE].astype(pd.CategoricalDtype(files))
    quarantine = pd.concat(quarantined, ignore_index=True)
    present = [c for c in columns if c.name in data.columns]
    target = spec.target.name
    result = ValidatedData(data, quarantine, present, target, config.target_kind, files, tally.reasons(),
                           _constant_warnings(data, present, target, engagement.language), notes, tally.examples)
    if check:
        check_modelable(result, engagement, process)
    return result


def _checked_file(path: Path, where: str, number: int, reading: Reading, batch_rows: int) -> tuple[FileCheck, list]:
    """A file checked batch by batch, its number and time columns converted as they are read; read again as
    text when a cell does not convert, with each column's style fixed when a late batch changed a decision,
    or whole when it cannot be read in batches."""
    whole, kind_of = False, reading.arrow_type
    while True:
        reading.gaps = {}  # counted again on each reading of the file
        checked = FileCheck(path, where, number, reading)
        try:
            batches = read_batches(path, reading.config.sheet, batch_rows, whole, kind_of)
            for frame in batches.frames:
                checked.add(frame)
        except Retype:
            kind_of, reading.styles = None, {}
            continue
        except Reread:
            whole, reading.styles = True, {}
            continue
        checked.verify()
        if all(style.settled() for style in reading.styles.values()):
            return checked, batches.notes
        for style in reading.styles.values():
            style.fix()


def _constant_warnings(data: pd.DataFrame, columns: list[Column], target: str, language: str) -> list[str]:
    """Features holding one value in every accepted row: kept, but they cannot explain anything."""
    warnings = []
    for c in columns:
        values = data[c.name] if c.is_feature and c.name != target else pd.Series(dtype=float)
        first = values.first_valid_index()
        if first is None and c.name in data and c.is_feature and c.name != target:  # e.g. a thermocouple never read
            warnings.append(t("q_no_value", language).format(column=named(c, language)))
        if first is not None and (values.eq(values[first]) | values.isna()).all():
            warnings.append(t("q_constant", language).format(column=named(c, language), value=values[first],
                                                             unit=unit_of(c)))
    return warnings


def check_modelable(result: ValidatedData, engagement: Engagement, process: str,
                    quarantine: Path | None = None) -> None:
    """Stop with a clear message when the accepted rows cannot support a model; the message gives the top
    reasons rows were rejected and where the quarantined rows are."""
    where = f"{engagement.slug}/{process} ({', '.join(result.files)})"
    n = len(result.data)
    if n < MIN_ROWS:
        reasons = "; ".join(result.top_reasons()) or "none rejected"
        listed = f" Every rejected row and its reason: {quarantine}." if quarantine else ""
        raise DataError(f"{where}: only {n} usable rows of {n + len(result.quarantine):,} read. At least "
                        f"{MIN_ROWS} are needed to fit a model. Top reasons: {reasons}.{listed}")
    if result.target_kind == "binary":
        defects = int(result.data[result.target].sum())
        if defects in (0, n):
            only = "defects" if defects else "good parts"
            raise DataError(f"{where}: column '{result.target}' holds only {only}. A model needs both "
                            "good and defective parts; check the positive/negative labels.")
        if defects < MIN_DEFECTS:
            raise DataError(f"{where}: only {defects} defective parts in {n} rows; at least {MIN_DEFECTS} "
                            "are needed to learn what drives defects.")


def write_quarantine(result: ValidatedData, path: Path) -> Path:
    """Every rejected row and its reason as CSV (UTF-8 with BOM so Excel shows Korean)."""
    result.quarantine.to_csv(path, index=False, encoding="utf-8-sig")
    return path
