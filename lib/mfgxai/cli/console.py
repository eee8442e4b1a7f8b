"""Where the `mfgxai` command writes, and whether it shows tracebacks."""
from __future__ import annotations

import sys

from rich.console import Console

console = Console(width=None if sys.stdout.isatty() else 120)
state = {"debug": False}
