"""Helpers shared by the benchmarks: a scratch engagements folder and demo client files in it."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_engagements():
    """Point mfgxai at a temporary engagements folder for the benchmark's lifetime."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "engagements"
        root.mkdir()
        os.environ["MFGXAI_ENGAGEMENTS"] = str(root)
        yield Path(scratch)


def demo_engagement(scratch: Path, process: str, slug: str, rows: int, seed: int = 1) -> None:
    """A demo client file of `rows` rows turned into an engagement through `mfgxai new`."""
    from mfgxai.demo.clients import client_frame
    from mfgxai.engagement.config import engagement_dir
    from mfgxai.ingest.scaffold import new_engagement

    path = scratch / f"{slug}-{process}.csv"
    client_frame(process, "en", rows, seed).to_csv(path, index=False)
    if (engagement_dir(slug) / "engagement.yaml").exists():  # another process of the same client
        new_engagement(slug.title(), process, path, into=slug, replace=True)
    else:
        new_engagement(slug.title(), process, path, slug=slug)
