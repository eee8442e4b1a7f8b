"""The demo engagements: three fictional clients whose files look like real MES exports."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..engagement.config import engagement_dir, load_engagement
from ..i18n import pick, t
from ..ingest.scaffold import new_engagement
from ..processes import get_spec
from .synth import NextPeriod, generate, next_period

DEMO_ROWS = 10_000
DEMO_CLIENTS = (
    # client, slug, language, [(process, file name)]
    ("한빛오토텍", "hanbit-autotech", "ko", [("welding", "용접_2026상반기.csv"), ("battery", "배터리_출하검사.csv")]),
    ("Northfield Stamping Ltd.", "northfield-stamping", "en",
     [("pressing", "press_line_export.csv"), ("painting", "paint_shop_2026H1.xlsx")]),
    ("동양정밀", "dongyang-precision", "ko", [("diecasting", "다이캐스팅_샷데이터.csv"), ("injection", "사출_성형조건.xlsx"),
                                       ("machining", "가공_검사결과.csv")]),
)
LABELS = {"ko": {"NG": "불량", "OK": "양품", "FAIL": "불량", "PASS": "양품"}}  # how each language's plants write results
NEXT_PERIODS = {  # each demo process's next six months: advice followed, or a sensor gone off with nothing improved
    "welding": NextPeriod(moves={"weld_current": {"mean": 9.9, "sd": 0.45, "drift": 0.0},
                                 "welds_since_dressing": {"high": 1500}}),
    "battery": NextPeriod(offsets={"formation_temperature": 3.0}),
    "pressing": NextPeriod(moves={"blank_holder_force": {"sd": 25.0}, "lubricant_amount": {"mean": 1.6}}),
    "painting": NextPeriod(moves={"relative_humidity": {"mean": 58.0, "drift": 0.0}, "flash_off_time": {"mean": 7.0}}),
}
ENCODINGS = {"ko": "cp949"}  # how each language's MES writes CSV files (UTF-8 otherwise)
# the consulting loop as `mfgxai demo` shows it: client (index in DEMO_CLIENTS), process, its next file, the note
DEMO_LOOP = (0, "welding", "용접_2026하반기.csv", "용접 전류를 권장 범위 안에 유지하고 팁 드레싱은 1,500타점마다")
NEXT_SEED = 99


def client_frame(process: str, language: str, rows: int, seed: int, period: NextPeriod | None = None) -> pd.DataFrame:
    """Demo records as a client would export them: their headers, labels and a few bad rows (of the six months
    after the first, changed as `period` says, when given)."""
    spec = get_spec(process)
    frame = (generate(spec, rows, seed) if period is None else next_period(spec, rows, seed, period)).astype(object)
    rng = np.random.default_rng(seed + 1)
    target = spec.target.name
    frame[target] = frame[target].map(lambda v: LABELS.get(language, {}).get(v, v))
    frame[spec.time_column] = pd.to_datetime(frame[spec.time_column]).dt.strftime("%Y-%m-%d %H:%M:%S")
    for c in spec.columns:  # a channel with no reading shows the machine's sentinel (1449), as real exports do
        if c.sentinels and c.name in frame:
            frame[c.name] = frame[c.name].where(frame[c.name].notna(), c.sentinels[0])
    numeric = [c for c in spec.columns if c.kind == "number" and c.name in frame and c.role != "outcome"]
    bad = rng.choice(len(frame), size=max(3, rows // 500), replace=False)
    for i, row in enumerate(bad):
        column = numeric[i % len(numeric)]
        kind = i % 3
        if kind == 0:
            frame.at[row, column.name] = "-"  # a missing reading: kept, the EBM handles gaps
        elif kind == 1:
            frame.at[row, column.name] = float(column.high) * 10  # a unit slip: out of range
        else:
            frame.at[row, target] = t("demo_recheck", language)  # an unknown label
    headers = {c.name: t("demo_header", language, name=pick(c.en, c.ko, language), unit=c.unit) if c.unit
               else pick(c.en, c.ko, language) for c in (*spec.columns, spec.target)}
    return frame.rename(columns=headers)


def write_next_period(folder: Path, rows: int = DEMO_ROWS) -> Path:
    """The loop's demo client's next six months (NEXT_PERIODS: the advice followed) as its MES exports them, in
    `folder` under the file name the client would give it."""
    number, process, file_name, _ = DEMO_LOOP
    language = DEMO_CLIENTS[number][2]
    path = Path(folder) / file_name
    client_frame(process, language, rows, NEXT_SEED, NEXT_PERIODS[process]).to_csv(
        path, index=False, encoding=ENCODINGS.get(language, "utf-8"))
    return path


def write_demo_engagements(rows: int = DEMO_ROWS) -> list[Path]:
    """(Re)create the demo engagements under the engagements folder: the first process makes the engagement,
    the others are added to it; an existing demo engagement gets fresh demo files (its runs are kept), a
    folder of the same name belonging to another client stops with its error, untouched."""
    folders = []
    for number, (client, slug, language, processes) in enumerate(DEMO_CLIENTS):
        existing = load_engagement(slug) if (engagement_dir(slug) / "engagement.yaml").exists() else None
        for offset, (process, file_name) in enumerate(processes):
            frame = client_frame(process, language, rows, seed=100 * number + offset)
            with tempfile.TemporaryDirectory() as scratch:
                path = Path(scratch) / file_name
                if path.suffix == ".xlsx":
                    frame.to_excel(path, index=False)
                else:
                    frame.to_csv(path, index=False, encoding=ENCODINGS.get(language, "utf-8"))
                extend = existing is not None or offset > 0
                ours = [f"data/{file_name}", *([f"data/{DEMO_LOOP[2]}"] if (number, process) == DEMO_LOOP[:2] else [])]
                if existing is not None and existing.client == client and process in existing.processes \
                        and existing.processes[process].data in (ours[:1], ours):
                    for entry in existing.processes[process].data:  # its own synthetic files (the loop's next one too)
                        (engagement_dir(slug) / entry).unlink(missing_ok=True)
                folder, _ = new_engagement(client, process, path, slug=None if extend else slug,
                                           into=slug if extend else None, replace=extend, language=language)
        folders.append(folder)
    return folders
