"""Rows that measure one item (a weld cut into four cross-sections) stay on one side of every split."""
import pandas as pd
import pytest
from mfgxai.demo.clients import client_frame
from mfgxai.engagement.config import load_engagement
from mfgxai.errors import DataError
from mfgxai.explain.narrate import quality_sentence
from mfgxai.ingest.scaffold import new_engagement, write_engagement_yaml
from mfgxai.ingest.validate import ITEM, validate_process
from mfgxai.model.fit import cv_folds, fit

WELDS, SECTIONS = 150, 4


def _cross_sections(tmp_path, group_by: list[str]):
    """Each weld of a client file measured in four cross-sections: its settings and result repeat."""
    welds = client_frame("welding", "en", WELDS, seed=3).assign(**{"Weld no": range(1, WELDS + 1)})
    frame = welds.loc[welds.index.repeat(SECTIONS)].assign(Section=list(range(1, SECTIONS + 1)) * WELDS)
    path = tmp_path / "sections.csv"
    frame.to_csv(path, index=False)
    folder, _ = new_engagement("Sections Co", "welding", path, slug="sections")
    engagement = load_engagement("sections")
    config = engagement.processes["welding"].model_copy(update={"ignore": ["Weld no", "Section"],
                                                                "group_by": group_by})
    write_engagement_yaml(engagement.model_copy(update={"processes": {"welding": config}}),
                          folder / "engagement.yaml")
    return validate_process(load_engagement("sections"), "welding")


@pytest.fixture
def sections(engagements, tmp_path):
    return _cross_sections(tmp_path, ["Weld no"])


def test_each_row_knows_its_item_even_from_an_ignored_column(sections):
    assert ITEM not in {c.name for c in sections.features}
    kept = sections.data[ITEM].nunique()  # a weld with an impossible value is quarantined in all its sections
    assert len(sections.quarantine) == SECTIONS * (WELDS - kept) and kept > WELDS * 0.9
    assert sections.data.groupby(ITEM).size().eq(SECTIONS).all()


@pytest.mark.parametrize("time_column", [None, "timestamp"])
def test_the_held_out_welds_share_no_cross_section_with_training(sections, time_column):
    model = fit(sections, seed=1, time_column=time_column)
    assert not set(model.train[ITEM]) & set(model.test[ITEM])
    metrics = model.metrics
    assert metrics["train_items"] + metrics["test_items"] == sections.data[ITEM].nunique()
    assert metrics["test_rows"] == SECTIONS * metrics["test_items"] and 25 <= metrics["test_items"] <= 35
    if time_column:
        assert model.train[time_column].max() <= model.test[time_column].min()
    rows, items = metrics["test_rows"], metrics["test_items"]
    assert f"Checked on {rows} rows from {items} items the model had not seen" in quality_sentence(metrics, "en", "part")
    assert f"모델이 학습에 쓰지 않은 개체 {items}개({rows}행)로 검증했습니다" in quality_sentence(metrics, "ko", "부품")


@pytest.mark.parametrize("kind", ["binary", "continuous"])
def test_no_fold_of_any_repeat_splits_a_weld(sections, kind):
    data = sections.data
    folds = list(cv_folds(data, sections.target, kind, folds=5, repeats=2, seed=4))
    assert len(folds) == 10
    for train_rows, test_rows in folds:
        assert not set(data[ITEM].iloc[train_rows]) & set(data[ITEM].iloc[test_rows])
        assert len(train_rows) + len(test_rows) == len(data)
    tested = pd.concat([data[ITEM].iloc[rows] for _, rows in folds[:5]])
    assert tested.nunique() == data[ITEM].nunique() == len(tested) / SECTIONS  # every weld checked once a repeat
    if kind == "binary":  # stratified: the defective welds spread evenly over a repeat's folds
        defective = [data[sections.target].iloc[rows].sum() / SECTIONS for _, rows in folds[:5]]
        assert max(defective) - min(defective) <= 1 and sum(defective) == data[sections.target].sum() / SECTIONS


def test_a_group_by_column_not_in_the_file_is_named(engagements, tmp_path):
    with pytest.raises(DataError, match=r"sections\.csv: column\(s\) \['Weld number'\] listed under `group_by` "
                                        r"are not in the file"):
        _cross_sections(tmp_path, ["Weld number"])
