"""What the demo says, as a fingerprint: run every demo client × process in a scratch folder and print, per
run, a digest of its numbers (metrics without fit times), its windows and its sentences (explanations,
data quality). Run it before and after a change that should not change behaviour (a refactor): the two
listings must be identical.

    .venv/bin/python benchmarks/demo_fingerprint.py [--rows 3000] [--json FILE]

--json also writes the compared content, so that a difference can be read with `diff`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from _common import scratch_engagements

VOLATILE = {"fit_seconds", "model_sha256"}  # timings, and a pickle that names the modules it was made by


def fingerprint(folder: Path) -> dict:
    """A run's numbers, windows and sentences, without what varies from one identical run to the next."""
    metrics = json.loads((folder / "metrics.json").read_text())
    return {"metrics": {k: v for k, v in metrics.items() if k not in VOLATILE},
            "explanations": json.loads((folder / "explanations.json").read_text()),
            "data_quality": json.loads((folder / "data_quality.json").read_text())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with scratch_engagements():
        from mfgxai.demo.clients import DEMO_CLIENTS, write_demo_engagements
        from mfgxai.run.runner import run_or_raise

        write_demo_engagements(args.rows)
        content = {}
        for _, slug, _, processes in DEMO_CLIENTS:
            for process, _ in processes:
                content[f"{slug}/{process}"] = fingerprint(run_or_raise(slug, process).folder)
    for run, parts in content.items():
        digests = {part: hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]
                   for part, value in parts.items()}
        print(f"{run:<30} " + "  ".join(f"{part} {digest}" for part, digest in digests.items()))
    if args.json:
        args.json.write_text(json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
