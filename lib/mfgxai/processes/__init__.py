"""Registry of production processes: each process is one spec module in this package."""
from __future__ import annotations

import pkgutil
from functools import cache
from importlib import import_module

from ..errors import MfgxaiError
from .spec import Column, ProcessSpec, Target


@cache
def process_names() -> tuple[str, ...]:
    """Every process that has a spec module here, alphabetically."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "spec"))


def get_spec(name: str) -> ProcessSpec:
    """The spec of a process by name, with a clear error for an unknown one."""
    if name not in process_names():
        raise MfgxaiError(f"Unknown process '{name}'. Known processes: {', '.join(process_names())}.")
    return import_module(f"{__name__}.{name}").SPEC


__all__ = ["Column", "ProcessSpec", "Target", "process_names", "get_spec"]
