"""Units of client values converted to a spec's unit with pint: A → kA, kgf or N → kN, °F → °C, and
welding cycles → ms at the mains frequency (60 Hz in Korea, 50 Hz in Europe)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pint

REGISTRY = pint.UnitRegistry()
CYCLES = frozenset({"cycle", "cycles", "cyc", "cy", "사이클", "hz cycles"})
SPELLINGS = {"°c": "degC", "°f": "degF", "deg c": "degC", "deg f": "degF", "c°": "degC", "sec": "s", "msec": "ms",
             "초": "s", "분": "min", "시간": "h", "kgf/cm2": "kgf/cm**2", "kgf/cm²": "kgf/cm**2", "㎜": "mm"}


@dataclass(frozen=True)
class Conversion:
    """A linear change of unit: value × scale + offset."""

    source: str
    target: str
    scale: float
    offset: float = 0.0
    basis: str = ""  # e.g. "60 Hz" for cycles

    def apply(self, values):
        return values * self.scale + self.offset

    def describe(self) -> str:
        how = f"×{self.scale:.6g}" if not self.offset else f"×{self.scale:.6g} {self.offset:+.6g}"
        return f"{self.source} → {self.target}, {how}" + (f" ({self.basis})" if self.basis else "")


class UnitMismatch(ValueError):
    """A unit that measures something else than the column's (mm for a current)."""


def same_unit(a: str, b: str) -> bool:
    return _spelled(a).lower() == _spelled(b).lower()


CASED = {"Nm": "N*m", "N-m": "N*m", "kNm": "kN*m", "kgfm": "kgf*m"}  # torque as written; pint reads 'Nm' as a number of metres


def _spelled(unit: str) -> str:
    text = unicodedata.normalize("NFKC", unit).strip()
    return CASED.get(text) or SPELLINGS.get(text.lower(), text)


@lru_cache(maxsize=512)
def _quantity(unit: str):
    """pint's unit for a spelling, or None when pint does not know it (welds, ea, 타점)."""
    try:
        return REGISTRY.parse_units(_spelled(unit))
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, AssertionError):
        return None


@lru_cache(maxsize=512)
def conversion(source: str, target: str, mains_hz: float = 60.0) -> Conversion | None:
    """How to turn values in `source` into `target`; None when they are the same unit or either is not a
    physical unit pint knows; UnitMismatch when both are known but measure different things."""
    if not source or not target or same_unit(source, target):
        return None
    to = _quantity(target)
    if _spelled(source).lower() in CYCLES and to is not None and to.dimensionality == REGISTRY.s.dimensionality:
        scale = REGISTRY.Quantity(1 / mains_hz, "s").to(to).magnitude
        return Conversion(source, target, scale, basis=f"{mains_hz:g} Hz")
    origin = _quantity(source)
    if origin is None or to is None:
        return None
    if origin.dimensionality != to.dimensionality:
        raise UnitMismatch(f"{source} is not a unit of the same kind as {target}")
    zero, one = (REGISTRY.Quantity(v, origin).to(to).magnitude for v in (0.0, 1.0))
    return Conversion(source, target, one - zero, zero)
