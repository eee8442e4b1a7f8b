"""The control-plan extract: a run's windows in the columns of an AIAG / IATF 16949 control plan, as XLSX and CSV,
prefilled for the client's quality team to review (the sample frequency left for them, with a suggestion)."""
from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..engagement.runstore import RunFolder
from .sheet import EDGES, Setting, Sheet, edge_text, sheet

COLUMNS = ("cp_no", "cp_step", "cp_characteristic", "cp_class", "cp_spec", "cp_evaluation", "cp_sample_size",
           "cp_frequency", "cp_control", "cp_reaction")
WIDTHS = (6, 22, 26, 22, 20, 26, 20, 30, 34, 60)  # characters, per column
FOR_THE_TEAM = PatternFill("solid", fgColor="FFF2CC")  # the cells the team is to fill in or confirm
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def rows(facts: Sheet) -> list[list[str]]:
    """One row per setting with a stated window, in the columns' order."""
    return [_row(number, setting, facts) for number, setting in enumerate(facts.settings, start=1)]


def _row(number: int, setting: Setting, facts: Sheet) -> list[str]:
    say, language = facts.say, facts.language
    unit = f" ({setting.unit})" if setting.unit else ""
    edges = say("cp_edge_or").join(say(f"cp_edge_{side}", edge=edge_text(setting, side, language),
                                       what=setting.wrong[side]) for side in EDGES if side in setting.wrong)
    return [str(number), facts.process, setting.name + unit, say("cp_class_value", rank=setting.rank), setting.window,
            say("cp_evaluation_value", unit=setting.unit), say("cp_sample_size_value"), say("cp_frequency_value"),
            setting.check or say("cp_control_value"), say("cp_reaction_value", edges=edges, window=setting.window)]


def write_control_plan(run: RunFolder, language: str | None = None) -> dict[str, Path]:
    """<run>/control-plan.xlsx and .csv in the engagement's language (or the one asked for)."""
    facts = sheet(run, language)
    header, table = [facts.say(key) for key in COLUMNS], rows(facts)
    stem = run.control_plan_stem
    with open(stem.with_suffix(".csv"), "w", encoding="utf-8-sig", newline="") as handle:  # Excel reads the BOM
        csv.writer(handle).writerows([header, *table])
    _workbook(facts, header, table).save(stem.with_suffix(".xlsx"))
    return {"xlsx": stem.with_suffix(".xlsx"), "csv": stem.with_suffix(".csv")}


def _workbook(facts: Sheet, header: list[str], table: list[list[str]]) -> Workbook:
    """A title, where the lines come from, then the table with its header frozen and the team's cells marked."""
    book = Workbook()
    sheet_ = book.active
    sheet_.title = facts.process[:31]
    sheet_.append([facts.say("cp_title", process=facts.process)])
    sheet_["A1"].font = Font(bold=True, size=14)
    sheet_.append([facts.say("cp_source", run_id=facts.run_id, date=facts.date, parts=facts.parts,
                             client=facts.client)])
    sheet_.append([])
    sheet_.append(header)
    first = sheet_.max_row
    for cell in sheet_[first]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for line in table:
        sheet_.append(line)
    frequency = COLUMNS.index("cp_frequency") + 1
    for row in sheet_.iter_rows(min_row=first, max_row=sheet_.max_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row[0].row > first:
            row[frequency - 1].fill = FOR_THE_TEAM
    for index, width in enumerate(WIDTHS, start=1):
        sheet_.column_dimensions[sheet_.cell(first, index).column_letter].width = width
    sheet_.freeze_panes = sheet_.cell(first + 1, 1)
    return book
