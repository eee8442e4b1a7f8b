"""The exported lookup tables score exactly like interpret's EBM, without importing it."""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import make_engagement, module_engagements
from mfgxai import Analysis
from mfgxai.engagement.runstore import RunFolder
from mfgxai.model.scoring import Scorer
from mfgxai.processes import process_names


@pytest.fixture(scope="module")
def analyses(tmp_path_factory):
    """One small fitted and saved analysis per process (no papermill: the library calls directly)."""
    with module_engagements(tmp_path_factory, "scoring") as root:
        fitted = {}
        for process in process_names():
            make_engagement(root, process, slug=f"scoring-{process}", rows=2_000)
            (root / "runs" / process).mkdir(parents=True)
            analysis = Analysis(f"scoring-{process}", process, str(root / "runs" / process))
            analysis.load_data()
            analysis.fit()
            analysis.save()
            fitted[process] = analysis
        yield fitted


def _hard_parts(analysis) -> pd.DataFrame:
    """Held-out parts plus gaps, unseen categories, values on bin edges and beyond the data."""
    model = analysis.model
    frame = model.test[model.features].copy().reset_index(drop=True)
    numeric = [f for f in model.features if f not in model.categorical]
    for i, feature in enumerate(numeric):
        frame.loc[i::7, feature] = np.nan
    for feature in model.categorical:
        frame.loc[1::5, feature] = None
        frame.loc[2::5, feature] = "never-seen"
    edges = model.ebm.bins_[model.features.index(numeric[0])][0]
    rows = frame.iloc[: len(edges) + 2].copy()
    rows[numeric[0]] = [*edges, -1e9, 1e9]
    return pd.concat([frame, rows], ignore_index=True)


@pytest.mark.parametrize("process", process_names())
def test_lookup_tables_score_like_interpret(analyses, process):
    analysis = analyses[process]
    scorer = Scorer.load(RunFolder(analysis.run_dir).scoring_path)
    X = _hard_parts(analysis)
    np.testing.assert_allclose(scorer.predict(X), analysis.model.ebm.predict_proba(X)[:, 1], rtol=1e-9)
    np.testing.assert_allclose(scorer.contributions(X), analysis.model.ebm.eval_terms(X), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("process", ["welding", "battery"])
def test_one_part_explained_in_percentage_points(analyses, process):
    analysis = analyses[process]
    scorer = Scorer.load(RunFolder(analysis.run_dir).scoring_path)
    part = analysis.model.test[analysis.model.features].iloc[[3]]
    risk, table = scorer.explain(part.iloc[0].to_dict())
    assert risk == pytest.approx(analysis.model.ebm.predict_proba(part)[0, 1] * 100, rel=1e-9)
    from mfgxai.explain.tables import local

    expected = local(analysis.model, part)
    np.testing.assert_allclose(table["effect"], expected["effect"], rtol=1e-9, atol=1e-12)
    assert list(table["term"]) == list(expected["term"])


def test_tables_are_plain_json_with_what_the_app_needs(analyses):
    analysis = analyses["welding"]
    tables = json.loads((analysis.run_dir / "scoring.json").read_text(encoding="utf-8"))
    current = next(f for f in tables["features"] if f["name"] == "weld_current")
    assert current["unit"] == "kA" and current["ko"] == "용접 전류" and current["role"] == "controllable"
    assert (current["low"], current["high"]) == (4, 16) and current["data_min"] < current["typical"] < current["data_max"]
    assert set(current["window"]) == {"low", "high"} and any(edge is not None for edge in current["window"].values())
    coating = next(f for f in tables["features"] if f["name"] == "coating")
    assert coating["kind"] == "category" and set(coating["categories"]) == {"bare", "GI", "GA"}
    assert coating["typical"] in coating["categories"]
    pair = next(t for t in tables["terms"] if t["name"] == "weld_current & weld_time")
    assert np.asarray(pair["scores"]).ndim == 2
    parts = pd.read_parquet(analysis.run_dir / "parts.parquet")
    assert len(parts) == len(analysis.model.test)  # every held-out part, riskiest first, findable by id or date
    assert {"part_id", "timestamp", "quality", *analysis.model.features} <= set(parts.columns)
    assert parts["part_id"].iloc[0] == analysis.model.test.loc[analysis.riskiest_part().index, "part_id"]


def test_scoring_does_not_import_interpret(analyses):
    scoring = RunFolder(analyses["painting"].run_dir).scoring_path
    code = (f"import sys; from mfgxai.model.scoring import Scorer; s = Scorer.load({str(scoring)!r}); "
            "s.explain(s.typical()); assert 'interpret' not in sys.modules and 'sklearn' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_findings_do_not_depend_on_which_cells_ran_before(analyses):
    analysis = analyses["welding"]  # saved without narrative() or example_part() having run
    saved = RunFolder(analysis.run_dir).explanations()["narrative"]
    part = analysis.riskiest_part()
    part_id = str(analysis.model.test.loc[part.index, analysis.spec.id_column])
    assert saved == analysis.findings() and len(saved) >= 4 and part_id in saved[-1]
    first = analysis.narrative().data
    analysis.example_part()
    assert analysis.narrative().data == first and analysis.riskiest_part() is part
