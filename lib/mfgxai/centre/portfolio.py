"""The centre's overview across engagements: one row per engagement × process, no client data rows."""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..engagement.config import list_engagements, load_engagement
from ..engagement.runstore import RunFolder, latest_good
from ..loop.advice import adopted
from ..paths import engagements_root

OUTSIDE_SHARE = 0.10  # a setting counts as "run outside its window" when this share of parts is outside


def overview_row(slug: str, client: str, process: str, run: RunFolder) -> dict:
    """One engagement × process from its latest good run's artifacts."""
    manifest, metrics, explanations = run.manifest(), run.metrics(), run.explanations()
    primary, ebm, baseline = metrics.scores
    windows = pd.DataFrame(explanations["windows"])
    outside = 0 if windows.empty else int(((windows["share_below"] + windows["share_above"]) >= OUTSIDE_SHARE).sum())
    drivers = [d["label"] for d in explanations["importances"][:3]]
    return {"client": client, "engagement": slug, "process": process, "last_run": manifest.run_id,
            "rows": manifest.rows.get("rows_read"), "quarantined": manifest.rows.get("rows_quarantined"),
            "defect_rate": metrics.defect_rate_test, "metric": primary, "ebm": ebm, "baseline": baseline,
            "top_drivers": ", ".join(drivers), "settings_outside_window": outside, **_since_advice(run)}


def _since_advice(run: RunFolder) -> dict:
    """The consulting loop's figures kept with the run (`mfgxai compare`): the defect rate then and now with the
    interval of the change, the least-followed advised window, and the settings whose drift is no advice followed."""
    if not run.comparison_path.is_file():
        return {}
    figures = run.comparison()
    rate, adoption = figures["defect_rate"], figures["adoption"]
    moved = adopted(adoption)
    return {"advised": figures["advice"]["advised"][:10], "rate_before": rate["before"]["rate"],
            "rate_now": rate["after"]["rate"], "change_low": rate["low"], "change_high": rate["high"],
            "change": rate["verdict"], "least_inside_window": min((w["inside_after"] for w in adoption), default=None),
            "drift": ", ".join(d["feature"] for d in figures["drift"]
                               if d["level"] != "stable" and d["feature"] not in moved),
            "retrain": figures["model"]["retrain"]}


def overview() -> pd.DataFrame:
    """Every engagement × process with a good run; where to help first comes first."""
    rows = []
    for slug in list_engagements():
        engagement = load_engagement(slug)
        for process in engagement.processes:
            run = latest_good(slug, process)
            if run is not None:
                rows.append(overview_row(slug, engagement.client, process, run))
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.sort_values(["settings_outside_window", "defect_rate"], ascending=False, ignore_index=True)


def write_overview(table: pd.DataFrame, folder: Path | None = None) -> dict[str, Path]:
    """overview.csv and a self-contained overview.html next to the engagements."""
    folder = folder or engagements_root()
    paths = {"csv": folder / "overview.csv", "html": folder / "overview.html"}
    table.to_csv(paths["csv"], index=False, encoding="utf-8-sig")
    body = table.to_html(index=False, float_format=lambda x: f"{x:.3f}", na_rep="–", border=0)
    paths["html"].write_text(PAGE.format(count=len(table), table=body, title=html.escape("mfgxai portfolio")),
                             encoding="utf-8")
    return paths


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"Noto Sans CJK KR","Noto Sans",sans-serif;margin:2rem;color:#222}}
table{{border-collapse:collapse;font-size:.9rem}}th,td{{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left}}
th{{background:#f4f4f4}}</style></head><body><h1>{title}</h1>
<p>{count} engagement × process runs, the ones with most settings outside their operating window first.
No client data rows are shown.</p>{table}</body></html>"""
