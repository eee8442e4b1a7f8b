"""Guessing how a client's headers map onto a process spec, and saying how sure each guess is: by name
(exact or as a label), by a fuzzy score in either language, or by unit (the only kA column of welding is
the weld current); and which result column and labels mean a defect."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from ..errors import DataError
from ..processes import ProcessSpec
from .units import UnitMismatch, conversion
from .values import header_unit, is_missing, parse_numbers

FUZZY_MIN = 85  # rapidfuzz ratio (0–100) for a name that is nearly a label
DEFECT_WORDS = {"ng", "nok", "nio", "n.i.o", "n.i.o.", "불량", "불합격", "부적합", "이상", "fail", "failed", "defect",
                "defective", "yes", "1", "bad", "reject", "rejected", "x", "nogood", "no good"}
GOOD_WORDS = {"ok", "io", "i.o", "i.o.", "양품", "합격", "적합", "정상", "pass", "passed", "good", "no", "0",
              "accept", "accepted", "o", "g"}
UNDECIDED_SHARE = 0.01  # a label on fewer rows is quarantined as unknown; a more common one is a question
MEASURED_MIN_DISTINCT = 10
MAX_CODES = 30  # whole numbers with at most this many values are class codes, not measurements
RESULT_WORDS = ("result", "kategorie", "passorfail", "pass or fail", "defect", "결과", "판정", "판정결과", "검사결과", "합부", "합부판정", "양부", "ergebnis", "bewertung",
                "ok/ng", "ok ng", "pass/fail", "quality", "품질", "status")  # a pass/fail column in any process  # a result column with more different numbers than this is a measurement


@dataclass(frozen=True)
class Match:
    """One client header's place in the spec and how it was found."""

    header: str
    canonical: str
    how: str  # exact | label | fuzzy 0.87 | unit
    conversion: str = ""

    @property
    def sure(self) -> bool:
        return self.how in ("exact", "label", "--target")


def key(text: str) -> str:
    """A header reduced to what identifies it: NFKC, lower case, no spaces, brackets or punctuation."""
    return re.sub(r"[\s_\-./·:,()\[\]{}<>#]+", "", unicodedata.normalize("NFKC", str(text)).lower())


def _readings(header: str) -> list[str]:
    """Ways to read a header: whole, without its unit, and without the group words of stacked header rows
    ('용접조건 용접 전류(kA)' → '용접 전류')."""
    label = header_unit(header)[0]
    words = label.split()
    return [header, label, *(" ".join(words[i:]) for i in range(1, len(words)))]


def _names(spec: ProcessSpec) -> dict[str, str]:
    names = {}
    for c in (*spec.columns, spec.target):
        for candidate in (c.name, c.en, c.ko, *c.aliases):
            names.setdefault(key(candidate), c.name)
    for result in (*spec.target.results, *RESULT_WORDS):
        names.setdefault(key(result), spec.target.name)
    return names


def guess_column_map(headers: list[str], spec: ProcessSpec, mains_hz: float = 60.0) -> tuple[list[Match], list[str]]:
    """Matches for the headers that map, and the headers that do not."""
    names = _names(spec)
    matches: dict[str, Match] = {}
    taken: set[str] = set()

    def take(header: str, canonical: str, how: str) -> None:
        matches[header] = Match(header, canonical, how, _conversion_text(header, canonical, spec, mains_hz))
        taken.add(canonical)

    for header in headers:
        readings = [key(r) for r in _readings(header)]
        found = next(((names[r], "exact" if i == 0 else "label") for i, r in enumerate(readings) if r in names), None)
        if found and found[0] not in taken:
            take(header, *found)
    for header in [h for h in headers if h not in matches]:
        label = key(header_unit(header)[0])
        free = {k: c for k, c in names.items() if c not in taken}
        best = process.extractOne(label, list(free), scorer=fuzz.ratio) if label and free else None
        if best and best[1] >= FUZZY_MIN:
            take(header, free[best[0]], f"fuzzy {best[1] / 100:.2f}")
    left = [h for h in headers if h not in matches]
    for header in left:  # one header and one spec column of a quantity: they belong together
        same_kind = _same_quantity(header_unit(header)[1], spec, taken, mains_hz)
        rivals = [h for h in left if h != header and _same_quantity(header_unit(h)[1], spec, set(), mains_hz)
                  and set(_same_quantity(header_unit(h)[1], spec, set(), mains_hz)) & set(same_kind)]
        if len(same_kind) == 1 and not rivals:
            take(header, same_kind[0], "unit")
    return list(matches.values()), [h for h in headers if h not in matches]


def _same_quantity(unit: str, spec: ProcessSpec, taken: set[str], mains_hz: float) -> list[str]:
    """Spec columns not yet mapped whose unit measures the same quantity as `unit`."""
    if not unit:
        return []
    found = []
    for c in spec.columns:
        if c.name in taken or not c.unit:
            continue
        try:
            if c.unit.lower() == unit.lower() or conversion(unit, c.unit, mains_hz) is not None:
                found.append(c.name)
        except UnitMismatch:
            continue
    return found


def _conversion_text(header: str, canonical: str, spec: ProcessSpec, mains_hz: float) -> str:
    unit = header_unit(header)[1]
    target = next((c.unit for c in spec.columns if c.name == canonical), "")
    try:
        change = conversion(unit, target, mains_hz) if unit and target else None
    except UnitMismatch:
        return f"{unit} is not {target}: check"
    return change.describe() if change else ""


def result_kind(values: pd.Series) -> str:
    """'continuous' for a measured result (many different numbers), else 'binary'."""
    present = values[~is_missing(values)]
    numbers, bad = parse_numbers(present)
    codes = numbers.dropna().mod(1).eq(0).all() and numbers.nunique() <= MAX_CODES  # class numbers 0, 1, 11, …
    measured = not bad.any() and numbers.nunique() > MEASURED_MIN_DISTINCT and not codes
    return "continuous" if measured else "binary"


def label_key(value) -> str:
    """A label as compared: lower case, and a whole number without its decimals ('1.0' is '1')."""
    text = str(value).strip().lower()
    try:
        number = float(text)
        return str(int(number)) if number.is_integer() else text
    except ValueError:
        return text


def guess_labels(values: pd.Series, where: str, positive: list[str] | None = None,
                 negative: list[str] | None = None) -> tuple[list[str], list[str]]:
    """The defect and good labels of a pass/fail column; a label that is neither stops with the question.
    Naming only one side (`--negative 0`) makes every other label the other side."""
    counts = values[~is_missing(values)].astype(str).str.strip().value_counts()
    labels = list(counts.index)
    seen = ", ".join(f"{label} {count:,}" for label, count in counts.head(8).items())
    if len(labels) < 2:
        raise DataError(f"{where}: every row holds the same result ({seen or 'none'}). A model needs both "
                        "defective and good parts; check the column, or export a period with defects.")
    if bool(positive) != bool(negative):  # one side named: every other label is the other side
        named = {label_key(v) for v in positive or negative}
        others = [v for v in labels if label_key(v) not in named]
        positive, negative = (positive, others) if positive else (others, negative)
    positive = list(positive or [v for v in labels if label_key(v) in DEFECT_WORDS])
    negative = list(negative or [v for v in labels if label_key(v) in GOOD_WORDS and v not in positive])
    common = UNDECIDED_SHARE * len(values)
    undecided = [v for v in labels if v not in positive and v not in negative and counts[v] >= common]
    if not positive or not negative or undecided:
        which = "which is the defect" if not positive else "which is a good part" if not negative \
            else f"what are {', '.join(undecided[:3])}"
        defect = next(iter(undecided or [v for v in labels[1:] if v not in negative] or labels[1:]))
        good = next(iter(negative or labels[:1]))
        raise DataError(f"{where}: {seen} — {which}? Answer with --positive (defect labels) and "
                        f"--negative (good labels), e.g. --negative \"{good}\" --positive \"{defect}\".")
    return positive, negative
