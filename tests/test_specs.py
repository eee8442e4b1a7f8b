"""Process specs: consistent, complete, and each with its notebook template."""
import json

import pytest
from mfgxai.errors import MfgxaiError
from mfgxai.paths import notebook_template
from mfgxai.processes import Column, get_spec, process_names


def test_registry_lists_every_process():
    assert set(process_names()) == {"battery", "diecasting", "injection", "machining", "painting", "pressing", "welding"}


def test_unknown_process_is_a_clear_error():
    with pytest.raises(MfgxaiError, match="Unknown process 'forging'.*battery, diecasting, injection, machining, painting, pressing, welding"):
        get_spec("forging")


@pytest.mark.parametrize("name", process_names())
def test_spec_is_physically_consistent(name):
    spec = get_spec(name)
    assert spec.en and spec.ko and spec.time_column and spec.id_column
    for column in spec.columns:
        assert column.en and column.ko, column.name
        if column.kind == "number":
            assert column.low < column.high, column.name
            if column.demo and column.demo.dist == "normal":
                assert column.low < column.demo.mean < column.high, column.name
    for name_, effect in spec.truth.effects.items():
        column = spec.column(name_)
        assert column.role in ("controllable", "measured", "context")
        for edge in (effect.low, effect.high):
            assert edge is None or column.low < edge < column.high
    assert 0.01 <= spec.truth.base_rate <= 0.10
    assert spec.glossary, "each process has a bilingual glossary"


@pytest.mark.parametrize("name", process_names())
def test_each_process_has_a_clean_parameterised_notebook(name):
    notebook = json.loads(notebook_template(name).read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code), "commit templates without outputs"
    parameters = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1
    source = "".join(parameters[0]["source"])
    assert f'process: str = "{name}"' in source and "run_dir: str" in source and "engagement: str" in source
    assert all(len("".join(c["source"]).splitlines()) <= 10 for c in code), "logic belongs in lib/"


def test_a_real_clients_process_needs_no_demo_truth():
    from mfgxai.demo.synth import generate

    spec = get_spec("welding").model_copy(update={"truth": None})
    assert type(spec).model_validate(spec.model_dump()).truth is None
    with pytest.raises(ValueError, match="no demo truth"):
        generate(spec, 10)


def test_a_category_is_shown_in_the_engagements_language():
    coating = get_spec("welding").column("coating")
    assert [coating.category(c, "ko") for c in coating.categories] == ["무도금", "GI", "GA"]
    assert [coating.category(c, "en") for c in coating.categories] == ["bare", "GI", "GA"]


def test_korean_names_only_for_known_categories():
    with pytest.raises(ValueError, match=r"coating: Korean names for unknown categories \['zinc'\]"):
        Column(name="coating", en="Coating", ko="도금", kind="category", categories=("bare",),
               category_ko={"zinc": "아연"})
