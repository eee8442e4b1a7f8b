"""A text file checked in batches gives exactly what checking it at once gives: styles decided from the
whole column (read again when a late batch decides), duplicates and left-out rows across batches."""
from __future__ import annotations

import pandas as pd
import pytest
from mfgxai.demo.synth import generate
from mfgxai.engagement.config import load_engagement
from mfgxai.ingest import validate
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.processes import get_spec

SPEC = get_spec("welding")
ROWS = 120


def european_file(path, late: int) -> None:
    """Semicolons; a current written as plain whole numbers until row `late`, which writes '9,85' (a decimal
    comma); dates with '/' whose parts stay ≤ 12 until row `late` writes '25/11/2026' (so: day first); a
    duplicated row in another batch, a repeated header line, a totals row and a few unusable cells."""
    frame = generate(SPEC, ROWS, seed=3).astype(object)
    frame["weld_current"] = frame["weld_current"].round().astype(int).astype(str)
    stamps = pd.to_datetime(frame["timestamp"])
    frame["timestamp"] = [f"{(i % 12) + 1:02d}/{(i % 11) + 1:02d}/2026 {s:%H:%M}" for i, s in enumerate(stamps)]
    frame.loc[late, "weld_current"], frame.loc[late, "timestamp"] = "9,85", "25/11/2026 06:05"
    frame.loc[7, "weld_time"], frame.loc[90, "electrode_force"] = "kaputt", "99"
    frame.loc[100] = frame.loc[5]  # a data collector that sent a row twice
    lines = [";".join(frame.columns)] + [";".join(map(str, row)) for row in frame.itertuples(index=False)]
    lines.insert(60, lines[0])  # a second export pasted under the first
    lines.append("Total;" + ";" * (len(frame.columns) - 2))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def checked(slug: str, rows: int, monkeypatch) -> tuple[validate.ValidatedData, int]:
    reads, read_batches = [], validate.read_batches
    with monkeypatch.context() as patched:
        patched.setattr(validate, "read_batches", lambda *args: reads.append(args) or read_batches(*args))
        result = validate.validate_process(load_engagement(slug), "welding", check=False, batch_rows=rows)
    return result, len(reads)


@pytest.mark.parametrize("late", [20, 110])
def test_tiny_batches_give_what_one_batch_gives(engagements, tmp_path, monkeypatch, late):
    path = tmp_path / "export.csv"
    european_file(path, late)
    new_engagement("Werk Süd", "welding", path, slug="werk")
    whole, reads_whole = checked("werk", 10_000, monkeypatch)
    small, reads_small = checked("werk", 7, monkeypatch)
    assert reads_whole == 1 and reads_small == 2, "a decision changed by a late batch reads the file again"
    pd.testing.assert_frame_equal(small.data, whole.data)
    pd.testing.assert_frame_equal(small.quarantine, whole.quarantine)
    assert (small.reasons, small.examples, small.notes, small.warnings) == \
        (whole.reasons, whole.examples, whole.notes, whole.warnings)
    row = whole.data.set_index("source_row")
    assert row.loc[file_row(late), "weld_current"] == 9.85, "decimal comma, decided from a late value"
    assert row.loc[file_row(late), "timestamp"] == pd.Timestamp("2026-11-25 06:05")
    assert row.loc[file_row(11), "timestamp"] == pd.Timestamp(f"2026-01-12 {row.loc[file_row(11), 'timestamp']:%H:%M}"), \
        "'12/01/2026' is 12 January: day first, as the whole column shows"
    assert {file_row(7), file_row(90), file_row(100)} <= set(whole.quarantine["source_row"])
    assert any("repeated header line" in note for note in whole.notes)
    assert any("totals/average row" in note for note in whole.notes)
    assert len(whole.data) + len(whole.quarantine) == ROWS


def file_row(i: int) -> int:
    """The spreadsheet row of record i: under the header, and below the repeated header line from record 59."""
    return i + 2 + (i >= 59)


def test_rows_differing_in_one_byte_of_one_cell_are_not_duplicates():
    """Row hashes read text cells eight bytes at a time: a change in a cell's last byte, past its first word,
    a longer cell padded with what a short one lacks, or an empty cell beside a missing one, is a new row."""
    from mfgxai.ingest.rejects import Duplicates, row_hashes

    cells = ["WE0000001-2026-11-02", "WE0000001-2026-11-03", "WE0000001-2026-11-02\x00", "", None, "a",
             "a\x00", "타점 1,234", "타점 1,235", "WE0000001-2026-11-02"]
    table = pd.DataFrame({"id": pd.array(cells, dtype=pd.StringDtype("pyarrow")), "n": 1.5},
                         index=range(2, 2 + len(cells)))
    hashes = row_hashes(table)
    assert len(set(hashes[:-1].tolist())) == len(cells) - 1 and hashes[-1] == hashes[0]
    repeats = Duplicates("en").find(table.index.to_numpy(), hashes)
    assert repeats["row"].tolist() == [11] and "row 2" in repeats["reason"].iloc[0]
    later = Duplicates("en")
    later.find(table.index[:5].to_numpy(), hashes[:5])
    assert later.find(table.index[5:].to_numpy(), hashes[5:])["row"].tolist() == [11], "across batches"


def plain_file(path, rows: int, late_cell: str | None = None) -> None:
    """A plain comma-separated export (numbers and ISO times throughout), with one number cell written
    `late_cell` far below the first records, when given."""
    frame = generate(SPEC, rows, seed=4).astype(object)
    if late_cell is not None:
        frame.loc[rows - 20, "weld_current"] = late_cell
    frame.to_csv(path, index=False)


def test_numbers_and_times_read_as_they_are_parsed_give_what_reading_text_gives(engagements, tmp_path,
                                                                             monkeypatch):
    import pyarrow as pa
    from mfgxai.ingest.coerce import Reading

    plain_file(tmp_path / "plain.csv", 600)
    new_engagement("Plain", "welding", tmp_path / "plain.csv", slug="plain")
    typed, _ = checked("plain", 100, monkeypatch)
    with monkeypatch.context() as patched:
        patched.setattr(Reading, "arrow_type", lambda self, header: pa.string())
        text, _ = checked("plain", 100, monkeypatch)
    pd.testing.assert_frame_equal(typed.data, text.data)
    assert typed.quarantine["source_row"].tolist() == text.quarantine["source_row"].tolist()
    assert (typed.reasons, typed.notes) == (text.reasons, text.notes)
    assert len(typed.data) + len(typed.quarantine) == 600


def test_a_late_cell_that_is_not_a_plain_number_reads_the_file_again_as_text(engagements, tmp_path, monkeypatch):
    plain_file(tmp_path / "late.csv", 600, late_cell="12.6kA")
    new_engagement("Late", "welding", tmp_path / "late.csv", slug="late")
    result, reads = checked("late", 100, monkeypatch)
    assert reads == 2, "read with typed columns until row 582, then again as text"
    assert result.data.set_index("source_row").loc[582, "weld_current"] == 12.6, "the unit in the cell read"
    assert len(result.data) + len(result.quarantine) == 600


def test_a_text_column_empty_in_a_whole_batch_hashes_as_empty_cells(engagements, tmp_path, monkeypatch):
    """A remarks column nobody filled in (here: in the first batches) is hashed like any empty cell."""
    import pyarrow as pa
    from mfgxai.ingest.rejects import MISSING_HASH, _text_hashes

    assert _text_hashes(pa.array([None, None], pa.string())).tolist() == [MISSING_HASH] * 2
    assert _text_hashes(pa.array([None, "a", None], pa.string()))[[0, 2]].tolist() == [MISSING_HASH] * 2
    frame = generate(SPEC, 300, seed=6)
    frame["remarks"] = [None] * 250 + ["re-welded"] * 50
    frame.to_csv(tmp_path / "remarks.csv", index=False)
    new_engagement("Remarks", "welding", tmp_path / "remarks.csv", slug="remarks")
    config = tmp_path / "engagements" / "remarks" / "engagement.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("ignore: []", "ignore: [remarks]"), encoding="utf-8")
    result, _ = checked("remarks", 100, monkeypatch)
    assert len(result.data) + len(result.quarantine) == 300
