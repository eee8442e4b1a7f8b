"""A corpus of bad client files: each loads correctly or stops with one clear DataError naming what to fix."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl
import pandas as pd
import pytest
from mfgxai.demo.synth import generate
from mfgxai.engagement.config import load_engagement
from mfgxai.errors import DataError
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.ingest.validate import validate_process
from mfgxai.processes import get_spec

SPEC = get_spec("welding")
ROWS = 300
CURRENT, TIME, FORCE, RESULT = "Weld current (kA)", "Weld time (ms)", "Electrode force (kN)", "Weld quality"


def clean(rows: int = ROWS, language: str = "en") -> pd.DataFrame:
    """Welding records as a client exports them: headers with units, NG/OK labels, every cell usable."""
    frame = generate(SPEC, rows, seed=7).astype(object)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    target = SPEC.target.ko if language == "ko" else SPEC.target.en
    return frame.rename(columns={c.name: c.label(language) for c in SPEC.columns} | {SPEC.target.name: target})


def _same(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def csv(change: Callable = _same, name: str = "export.csv", rows: int = ROWS, language: str = "en",
        **options) -> Callable[[Path], Path]:
    """A builder writing the clean records, changed, as CSV (pandas to_csv options pass through)."""
    def build(folder: Path) -> Path:
        path = folder / name
        change(clean(rows, language)).to_csv(path, index=False, **options)
        return path
    return build


def _rows(frame: pd.DataFrame) -> list[list]:
    return [list(frame.columns), *frame.values.tolist()]


def xlsx(sheets: Callable[[pd.DataFrame], dict[str, list[list]]], name: str = "export.xlsx") -> Callable:
    """A builder writing a workbook whose sheets' rows are made from the clean records."""
    def build(folder: Path) -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets(clean()).items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = folder / name
        book.save(path)
        return path
    return build


def raw(content: bytes, name: str) -> Callable[[Path], Path]:
    """A builder writing bytes as they are."""
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path
    return build


def edit(**cells) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Set cells: edit(**{CURRENT: {0: 'x'}}) writes 'x' into the first data row (file row 2)."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        for column, values in cells.items():
            for row, value in values.items():
                frame.loc[row, column] = value
        return frame
    return change


def column(header: str, function: Callable[[pd.Series], object]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Replace one column by a function of it."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame[header] = function(frame[header])
        return frame
    return change


def labels(defect: str, good: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Write the result column (the last one, in either language) with other labels."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame[frame.columns[-1]] = frame[frame.columns[-1]].map({"NG": defect, "OK": good})
        return frame
    return change


def defects(count: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return column(RESULT, lambda s: ["NG"] * count + ["OK"] * (len(s) - count))


def _decimal_comma(frame: pd.DataFrame) -> pd.DataFrame:
    numeric = [c.label("en") for c in SPEC.columns if c.kind == "number"]
    frame[numeric] = frame[numeric].map(lambda v: f"{v:.2f}".replace(".", ","))
    return frame


def _mixed_dates(frame: pd.DataFrame) -> pd.DataFrame:
    formats = ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
    times = pd.to_datetime(frame["Time"])
    frame["Time"] = [t.strftime(formats[i % len(formats)]) for i, t in enumerate(times)]
    return frame


def _after_drop(header: str) -> Callable[[Path], None]:
    """Remove a column from the engagement's copy of the file after `mfgxai new` mapped it."""
    def change(path: Path) -> None:
        pd.read_csv(path, dtype=str).drop(columns=header).to_csv(path, index=False)
    return change


def _after_add(header: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        pd.read_csv(path, dtype=str).assign(**{header: "kim"}).to_csv(path, index=False)
    return change


@dataclass(frozen=True)
class Loads:
    """The file is used: rows read and quarantined, reasons quoted in the quarantine, and a check."""

    read: int = ROWS
    quarantined: int = 0
    reasons: tuple[str, ...] = ()
    check: Callable = lambda result: None


@dataclass(frozen=True)
class Fails:
    """The file stops with one DataError whose message holds all of these parts."""

    parts: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    outcome: Loads | Fails
    sheet: str | None = None
    after: Callable[[Path], None] | None = None
    env: dict = field(default_factory=dict)


def _holds(column_name: str, expected: Callable[[pd.Series], bool]) -> Callable:
    def check(result) -> None:
        assert expected(result.data[column_name]), result.data[column_name].head()
    return check


CLEAN_CURRENT = pd.to_numeric(clean()[CURRENT]).to_numpy()
CLEAN_WELDS = pd.to_numeric(clean()["Welds since tip dressing (welds)"]).to_numpy()
TWO_SHEETS = {"Summary": [["Monthly summary"], ["welds", ROWS]]}

CASES = {
    "utf-8 csv, NG/OK labels": Case(csv(), Loads()),
    "utf-8 with BOM": Case(csv(encoding="utf-8-sig"), Loads(check=_holds("part_id", lambda s: s.notna().all()))),
    "cp949 Korean headers and labels": Case(csv(labels("불량", "양품"), language="ko", encoding="cp949"),
                                       Loads(check=_holds("quality", lambda s: s.sum() > 5))),
    "labels 1/0": Case(csv(labels("1", "0")), Loads(check=_holds("quality", lambda s: s.sum() > 5))),
    "labels pass/fail": Case(csv(labels("fail", "pass")), Loads(check=_holds("quality", lambda s: s.sum() > 5))),
    "semicolons and decimal commas": Case(
        csv(_decimal_comma, sep=";"), Loads(check=_holds("weld_current", lambda s: (s == CLEAN_CURRENT).all()))),
    "thousands separators": Case(
        csv(column("Welds since tip dressing (welds)", lambda s: s.map(lambda v: f"{v:,.0f}"))),
        Loads(check=_holds("welds_since_dressing", lambda s: (s == CLEAN_WELDS.round()).all()))),
    "placeholders and empty cells": Case(
        csv(edit(**{TIME: {0: "-", 1: "N/A", 2: "없음", 3: ""}})),
        Loads(check=_holds("weld_time", lambda s: s.isna().sum() == 4))),
    "units in headers, Korean and English": Case(
        csv(lambda f: f.rename(columns={CURRENT: "용접 전류(kA)", TIME: "Weld time [ms]", FORCE: "Force[kN]"})),
        Loads(check=_holds("weld_current", lambda s: (s == CLEAN_CURRENT).all()))),
    "mixed date formats": Case(csv(_mixed_dates), Loads(check=_holds("timestamp", lambda s: s.notna().all()))),
    "a date that is not a date": Case(csv(edit(Time={4: "yesterday"})),
                                      Loads(quarantined=1, reasons=("timestamp: 'yesterday' is not a date/time",))),
    "a number that is not a number": Case(csv(edit(**{TIME: {0: "abc"}})),
                                          Loads(quarantined=1, reasons=("weld_time: 'abc' is not a number in ms",))),
    "values outside the physical range": Case(
        csv(edit(**{CURRENT: {0: "25", 1: "-3"}})),
        Loads(quarantined=2, reasons=("weld_current: 25.0 kA is outside the physical range 4–16 kA",
                                      "weld_current: -3.0 kA is outside the physical range 4–16 kA"))),
    "a few values written in A": Case(
        csv(edit(**{CURRENT: {0: "10100"}})),
        Loads(quarantined=1, reasons=("weld_current: 10100.0 kA is outside the physical range 4–16 kA "
                                      "(looks like A, expected kA)",))),
    "a whole column in A instead of kA": Case(
        csv(column(CURRENT, lambda s: s * 1000)),
        Fails(("export.csv", f"column '{CURRENT}'", "300 of 300 values (rows 2–301)", "look like A, expected kA",
               "inside the physical range 4–16 kA"))),
    "weld time in s instead of ms": Case(
        csv(column(TIME, lambda s: s / 1000)), Fails((f"column '{TIME}'", "look like s, expected ms"))),
    "an unknown result label": Case(
        csv(edit(**{RESULT: {5: "RECHECK"}})),
        Loads(quarantined=1, reasons=("quality: label is not a defect label (ng) or a good label (ok)",))),
    "xlsx with a title row above the header": Case(
        xlsx(lambda f: {"Data": [["Spot welding, line 2, January"], *_rows(edit(**{CURRENT: {0: "x"}})(f))]}),
        Loads(quarantined=1, check=lambda r: r.quarantine["source_row"].tolist() == [3])),
    "xlsx with two header rows (names, then units)": Case(
        xlsx(lambda f: {"Data": [[c.partition(" (")[0] for c in f.columns],
                                 [c.partition(" (")[2].rstrip(")") or None for c in f.columns], *_rows(f)[1:]]}),
        Loads(check=_holds("weld_current", lambda s: (s == CLEAN_CURRENT).all()))),
    "xlsx with several sheets, `sheet` picks one": Case(
        xlsx(lambda f: {**TWO_SHEETS, "Welding": _rows(f)}), Loads(), sheet="Welding"),
    "xlsx whose named sheet is missing": Case(
        xlsx(lambda f: {**TWO_SHEETS, "Welding": _rows(f)}),
        Fails(("export.xlsx", "there is no sheet 'Welds'", "['Summary', 'Welding']")), sheet="Welds"),
    "duplicate column names": Case(
        csv(lambda f: f.rename(columns={"Hold time (ms)": "Squeeze time (ms)"})),
        Fails(("export.csv", "'Squeeze time (ms)' (columns 11, 12)", "appear more than once"))),
    "xlsx sheet with a column in A": Case(
        xlsx(lambda f: {**TWO_SHEETS, "Welding": _rows(column(CURRENT, lambda s: s * 1000)(f))}),
        Fails(("export.xlsx, sheet 'Welding'", f"column '{CURRENT}'", "rows 2–301", "look like A, expected kA")),
        sheet="Welding"),
    "a mapped column missing": Case(
        csv(), Fails(("export.csv", f"['{FORCE}'] named in the column map are not in the file")),
        after=_after_drop(FORCE)),
    "an unmapped column added later": Case(
        csv(), Fails(("export.csv", "['Operator'] are not in the column map", "ignore")), after=_after_add("Operator")),
    "a column entirely empty": Case(
        csv(column("Hold time (ms)", lambda s: "")),
        Fails(("export.csv", "['Hold time (ms)'] are empty in every row", "`ignore`"))),
    "a constant column": Case(
        csv(column("Squeeze time (ms)", lambda s: 40)),
        Loads(check=lambda r: "squeeze_time: every accepted row holds the same value (40.0 ms); it cannot "
                              "explain defects" in r.quality()["warnings"])),
    "a single-class result": Case(csv(defects(0)), Fails(("export.csv: column 'Weld quality'",
                                                          "every row holds the same result (OK 300)"))),
    "too few rows": Case(csv(defects(6), rows=20), Fails(("export.csv", "only 20 usable rows", "At least 30"))),
    "too few defects": Case(csv(defects(3)), Fails(("export.csv", "only 3 defective parts in 300 rows",
                                                     "at least 5"))),
    "a row with an unquoted 1,234": Case(
        raw(b"Weld current (kA),Weld quality\n10.1,OK\n9.8,NG\n1,234,OK\n", "export.csv"),
        Fails(("export.csv", "row 4 has a value in column 3, which has no header"))),
    "a shifted row further down": Case(
        raw(b"Weld current (kA),Weld quality\n" + b"10.1,OK\n" * 30 + b"1,234,OK\n", "export.csv"),
        Fails(("export.csv", "row 32 has a value in column 3, which has no header", "1,234"))),
    "a header but no rows": Case(raw(f"{CURRENT},{RESULT}\n".encode(), "export.csv"),
                                 Fails(("export.csv", "header but no data rows"))),
    "a 0-byte file": Case(raw(b"", "export.csv"), Fails(("export.csv", "the file is empty (0 bytes)"))),
    "a CSV named .xlsx": Case(csv(name="export.xlsx"), Loads()),
    "an XLSX named .csv": Case(xlsx(lambda f: {"Data": _rows(f)}, name="export.csv"), Loads()),
    "a zip that is no workbook": Case(raw(b"PK\x03\x04" + b"\0" * 64, "export.xlsx"),
                                      Fails(("export.xlsx", "not a readable workbook", "save it again as .xlsx"))),
    "binary noise named .csv": Case(raw(bytes(range(128, 256)) * 4, "export.csv"),
                                    Fails(("export.csv", "not text in an encoding the reader knows"))),
    "a damaged .xls workbook": Case(raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 8, "export.xls"),
                                    Fails(("export.xls", "not a readable workbook"))),
    "a file above MFGXAI_MAX_FILE_MB": Case(
        csv(), Fails(("export.csv", "MB, above the 0.01 MB limit", "MFGXAI_MAX_FILE_MB")),
        env={"MFGXAI_MAX_FILE_MB": "0.01"}),
}


def _load(case: Case, folder: Path):
    """What a consultant does: `mfgxai new` on the client's file, then `mfgxai validate`."""
    path = case.build(folder)
    engagement, _ = new_engagement("Test Client", "welding", path, slug="client", sheet=case.sheet)
    if case.after:
        case.after(engagement / "data" / path.name)
    return validate_process(load_engagement("client"), "welding")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input(case: Case, engagements, tmp_path, monkeypatch):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if isinstance(case.outcome, Fails):
        with pytest.raises(DataError) as error:
            _load(case, tmp_path)
        message = str(error.value)
        assert "\n" not in message and "Traceback" not in message
        for part in case.outcome.parts:
            assert part in message, f"{part!r} not in {message!r}"
        return
    result = _load(case, tmp_path)
    quality = result.quality()
    assert quality["rows_read"] == case.outcome.read
    assert quality["rows_accepted"] + quality["rows_quarantined"] == quality["rows_read"]
    assert quality["rows_quarantined"] == case.outcome.quarantined
    if case.outcome.reasons:
        assert sorted(result.quarantine["reason"]) == sorted(case.outcome.reasons)
    assert result.quarantine["reason"].str.len().gt(0).all()
    case.outcome.check(result)
