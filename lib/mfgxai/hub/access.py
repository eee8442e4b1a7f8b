"""The access log of each engagement's app: who opened it, and when it started and stopped (CSV in the hub folder)."""
from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

from .users import hub_dir

FIELDS = ("time", "engagement", "user", "event")


def log_path(slug: str) -> Path:
    return hub_dir() / "access" / f"{slug}.csv"


def record(slug: str, user: str, event: str) -> None:
    """Append one event ('opened' by a user, 'started', 'stopped') with the time in UTC."""
    path = log_path(slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    with path.open("a", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, FIELDS)
        if new:
            writer.writeheader()
        writer.writerow({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "engagement": slug,
                         "user": user, "event": event})


def read_log(slug: str) -> list[dict[str, str]]:
    """The engagement's events, oldest first (none yet: an empty list)."""
    path = log_path(slug)
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))
