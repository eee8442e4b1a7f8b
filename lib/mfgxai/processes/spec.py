"""Declarative description of one production process: its columns, target and demo truth."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from ..i18n import pick, unit_word

Role = Literal["controllable", "measured", "context", "outcome", "id", "time"]
Kind = Literal["number", "category", "time", "id"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Demo(_Frozen):
    """How the demo generator draws a column: normal, uniform (sawtooth counters) or choice."""

    dist: Literal["normal", "uniform", "choice"] = "normal"
    mean: float = 0.0
    sd: float = 1.0
    low: float = 0.0
    high: float = 1.0
    choices: dict[str, float] = {}
    drift: float = 0.0  # change of the mean over the whole demo period, in the column's unit
    missing: float = 0.0  # share of rows with no reading (written as the column's sentinel, if it has one)


class Floor(_Frozen):
    """What the shop floor is told of a setting: what goes wrong below and above its window, and the check to do
    ((en, ko) each; a check may name the window's edges as {low} and {high})."""

    below: tuple[str, str] | None = None
    above: tuple[str, str] | None = None
    check: tuple[str, str] | None = None

    def phrase(self, part: str, language: str, **edges: str) -> str | None:
        """One of the texts in the language, edges filled in; None when it is not given or names a missing edge."""
        pair = getattr(self, part)
        if pair is None:
            return None
        try:
            return pick(*pair, language).format(**edges)
        except KeyError:
            return None


class Column(_Frozen):
    """One canonical column: what it means, its unit and its physically possible range."""

    name: str
    en: str
    ko: str
    unit: str = ""
    kind: Kind = "number"
    role: Role = "measured"
    low: float | None = None
    high: float | None = None
    categories: tuple[str, ...] = ()
    category_ko: dict[str, str] = {}  # a category's Korean name where it differs ('bare' → '무도금')
    effect: Literal["increases", "decreases", "window", "none"] | None = None
    aliases: tuple[str, ...] = ()
    sentinels: tuple[float, ...] = ()  # numbers the machine writes for "no reading" (1449 °C): read as missing
    demo: Demo | None = None
    floor: Floor | None = None  # the window card's and control plan's words for this setting

    @property
    def is_feature(self) -> bool:
        return self.role in ("controllable", "measured", "context")

    def label(self, language: str, with_unit: bool = True) -> str:
        text = pick(self.en, self.ko, language)
        return f"{text} ({unit_word(self.unit, language)})" if with_unit and self.unit else text

    def category(self, value, language: str) -> str:
        """A category value as people of the language call it: 'bare' is 무도금 in Korean."""
        return pick(str(value), self.category_ko.get(str(value), str(value)), language)

    @model_validator(mode="after")
    def _names_known_categories(self) -> "Column":
        if unknown := set(self.category_ko) - set(self.categories):
            raise ValueError(f"{self.name}: Korean names for unknown categories {sorted(unknown)}")
        return self


class Target(_Frozen):
    """What the model predicts; for a binary target, which label is the defect."""

    name: str
    en: str
    ko: str
    kind: Literal["binary", "continuous"] = "binary"
    positive: str = "NG"
    negative: str = "OK"
    unit: str = ""
    aliases: tuple[str, ...] = ()
    results: tuple[str, ...] = ()  # measured results that can stand in for it as a continuous target


class TrueEffect(_Frozen):
    """Demo truth for one column: risk (log-odds) rises by `slope` per unit outside [low, high]."""

    low: float | None = None
    high: float | None = None
    slope: float


class TrueInteraction(_Frozen):
    """Demo truth: extra risk when both columns are past their thresholds (a product of hinges)."""

    columns: tuple[str, str]
    beyond: tuple[float, float]
    sides: tuple[Literal["above", "below"], Literal["above", "below"]] = ("above", "above")
    slope: float


class Truth(_Frozen):
    """The ground truth the demo generator draws defects from; tests check explanations against it."""

    base_rate: float
    effects: dict[str, TrueEffect]
    interaction: TrueInteraction
    category_effects: dict[str, dict[str, float]] = {}


class ProcessSpec(_Frozen):
    """A production process: canonical columns, target, glossary, domain view and demo truth."""

    name: str
    en: str
    ko: str
    columns: tuple[Column, ...]
    target: Target
    truth: Truth | None = None  # the demo generator's ground truth; a real client's process needs none
    glossary: dict[str, tuple[str, str]] = {}  # term -> (en, ko)
    item_en: str = "part"  # what one row is made on: a part, or a battery's cell
    item_ko: str = "부품"

    @model_validator(mode="after")
    def _truth_names_columns(self) -> "ProcessSpec":
        if self.truth is None:
            return self
        names = {c.name for c in self.columns}
        unknown = (set(self.truth.effects) | set(self.truth.interaction.columns)) - names
        if unknown:
            raise ValueError(f"truth names unknown columns: {sorted(unknown)}")
        return self

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def features(self) -> list[Column]:
        return [c for c in self.columns if c.is_feature]

    @property
    def time_column(self) -> str | None:
        return next((c.name for c in self.columns if c.role == "time"), None)

    @property
    def id_column(self) -> str | None:
        return next((c.name for c in self.columns if c.role == "id"), None)

    def label(self, language: str) -> str:
        return pick(self.en, self.ko, language)

    def item(self, language: str) -> str:
        """What the process makes, one row at a time: 'part' / '부품', or 'cell' / '셀'."""
        return pick(self.item_en, self.item_ko, language)
