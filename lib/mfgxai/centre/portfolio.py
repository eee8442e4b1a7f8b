"""The centre's overview across engagements: one row per engagement × process, no client data rows."""
from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path

import pandas as pd

from ..engagement.config import list_engagements, load_engagement
from ..engagement.runstore import RunFolder, latest_good
from ..i18n import MISSING, day, listing, percent, pick, points, t
from ..loop.advice import adopted
from ..paths import engagements_root
from ..processes import get_spec
from .chart import process_charts
from .windows_chart import window_charts

OUTSIDE_SHARE = 0.10  # a setting counts as "run outside its window" when this share of parts is outside
SINCE_ADVICE = ("advised", "rate_before", "rate_before_low", "rate_before_high", "rate_now", "rate_now_low",
                "rate_now_high", "change_low", "change_high", "change", "least_inside_window", "drift",
                "retrain")  # empty for an engagement whose advice has not been compared yet


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
            "top_drivers": ", ".join(drivers), "settings_outside_window": outside, "windows": _windows(windows),
            **_since_advice(run)}


def _windows(windows: pd.DataFrame) -> str:
    """The run's windows with an edge found, as JSON: each setting's edges and the range its parts ran in."""
    kept = ("feature", "low", "high", "data_low", "data_high")
    found = [] if windows.empty else windows[windows["low"].notna() | windows["high"].notna()]
    return json.dumps([{k: (None if pd.isna(w[k]) else w[k]) for k in kept} for w in
                       ([] if len(found) == 0 else found.to_dict("records"))])


def _since_advice(run: RunFolder) -> dict:
    """The consulting loop's figures kept with the run (`mfgxai compare`): the defect rate then and now with the
    interval of the change, the least-followed advised window, and the settings whose drift is no advice followed."""
    if not run.comparison_path.is_file():
        return {}
    figures = run.comparison()
    rate, adoption = figures["defect_rate"], figures["adoption"]
    moved = adopted(adoption)
    before, after = rate["before"], rate["after"]  # each period's rate with its 95 % (Wilson) interval
    return {"advised": figures["advice"]["advised"][:10], "rate_before": before["rate"],
            "rate_before_low": before["low"], "rate_before_high": before["high"], "rate_now": after["rate"],
            "rate_now_low": after["low"], "rate_now_high": after["high"], "change_low": rate["low"],
            "change_high": rate["high"],
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
    table = table.reindex(columns=[*table.columns.difference(SINCE_ADVICE, sort=False), *SINCE_ADVICE])
    return table.sort_values(["settings_outside_window", "defect_rate"], ascending=False, ignore_index=True)


def write_overview(table: pd.DataFrame, folder: Path | None = None, language: str = "en") -> dict[str, Path]:
    """overview.csv (every figure, for machines) and overview.html (the centre's page, in `language`) next to the
    engagements."""
    folder = folder or engagements_root()
    paths = {"csv": folder / "overview.csv", "html": folder / "overview.html"}
    table.to_csv(paths["csv"], index=False, encoding="utf-8-sig")
    paths["html"].write_text(portfolio_page(table, folder, language), encoding="utf-8")
    return paths


def _cells(row, folder: Path, language: str) -> list[str]:
    """One engagement × process as people read it: names in words, rates in %, the advice's date, a link."""
    spec = get_spec(row.process)
    looped = isinstance(row.advised, str)
    low_high = [row.change_low, row.change_high] if looped else [None, None]
    report = Path(row.engagement) / "runs" / row.process / row.last_run / "report.html"
    drift = [pick(c.en, c.ko, language) for c in spec.columns if looped and c.name in str(row.drift).split(", ")]
    return [html.escape(row.client), html.escape(pick(spec.en, spec.ko, language)), f"{row.rows:,}",
            percent(row.defect_rate, language), str(row.settings_outside_window),
            day(date.fromisoformat(row.advised), language) if looped else MISSING,
            f"{percent(row.rate_before, language)} → {percent(row.rate_now, language)}" if looped else MISSING,
            MISSING if pd.isna(low_high[0]) else t("changes_interval_value", language, low=points(100 * low_high[0],
                                                    language), high=points(100 * low_high[1], language)),
            t(f"portfolio_change_{row.change}", language) if looped else MISSING,
            percent(row.least_inside_window, language) if looped else MISSING,
            html.escape(listing(drift, language)) if drift else MISSING,
            t("changes_retrain", language) if looped and row.retrain else MISSING,
            f'<a href="{html.escape(report.as_posix())}">{row.last_run}</a>' if (folder / report).is_file()
            else row.last_run]


def portfolio_page(table: pd.DataFrame, folder: Path, language: str) -> str:
    """The centre's page: per process, each client's defect rate before and since the advice (a chart), then one row
    per engagement × process, most in need of help first; no client data rows."""
    head = "".join(f"<th>{t(f'portfolio_{name}', language)}</th>" for name in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in _cells(row, folder, language)) + "</tr>"
                   for row in table.itertuples())
    return PAGE.format(language=language, title=t("portfolio_title", language),
                       lead=t("portfolio_lead", language, count=len(table)), head=head, body=body,
                       charts_title=t("portfolio_charts_title", language), charts=process_charts(table, language),
                       windows_title=t("portfolio_windows_heading", language),
                       windows_caption=t("portfolio_windows_caption", language),
                       windows=window_charts(table, language),
                       table_title=t("portfolio_table_title", language),
                       chart_caption=t("portfolio_chart_caption", language))


HEADERS = ("client", "process", "parts", "defect_rate", "outside", "advised", "then_now", "change", "verdict",
           "inside", "drift", "retrain", "run")
PAGE = """<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"Noto Sans CJK KR","Noto Sans",sans-serif;margin:2rem;color:#222}}
table{{border-collapse:collapse;font-size:.82rem}}
th,td{{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left}}
td{{white-space:nowrap}}td:first-child,td:last-child{{white-space:normal;min-width:8rem}}
th{{vertical-align:bottom;word-break:keep-all}}
th{{background:#f4f4f4}}.process-chart{{margin:0 0 1.6rem}}.process-chart h3{{margin:.2rem 0}}
.process-chart p{{margin:.2rem 0 .4rem}}svg.before-after{{max-width:100%;height:auto}}
.pending,.no-charts{{color:#6b7280}}.panels{{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}}
.process-windows{{margin:0 0 1.4rem}}.process-windows h3{{margin:.2rem 0 .4rem}}
</style></head><body><h1>{title}</h1><p>{lead}</p><h2>{charts_title}</h2>
<p class="chart-caption">{chart_caption}</p>{charts}<h2>{windows_title}</h2>
<p class="chart-caption">{windows_caption}</p>{windows}<h2>{table_title}</h2>
<table class="portfolio"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"""
