"""engagement.yaml: strict schema, safe slugs, data that stays inside its engagement."""
import pytest
import yaml
from conftest import make_engagement
from mfgxai.engagement.config import engagement_dir, load_engagement, slugify
from mfgxai.engagement.runstore import latest_good
from mfgxai.errors import EngagementError


def test_unknown_keys_are_rejected(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")
    raw = yaml.safe_load((folder / "engagement.yaml").read_text(encoding="utf-8"))
    raw["processes"]["welding"]["colums"] = {}
    (folder / "engagement.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(EngagementError, match="processes.welding.colums: Extra inputs are not permitted"):
        load_engagement("test-client")


@pytest.mark.parametrize("slug", ["../other", "/etc", "a/b", "UPPER", "", ".hidden"])
def test_slugs_cannot_escape_the_engagements_folder(engagements, slug):
    with pytest.raises(EngagementError, match="not a valid engagement name"):
        engagement_dir(slug)


def test_symlinked_engagement_is_refused(engagements, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (engagements / "linked").symlink_to(outside)
    with pytest.raises(EngagementError, match="points outside"):
        engagement_dir("linked")


def test_data_files_must_lie_inside_the_engagement(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")
    raw = yaml.safe_load((folder / "engagement.yaml").read_text(encoding="utf-8"))
    raw["processes"]["welding"]["data"] = ["../../secret.csv"]
    (folder / "engagement.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EngagementError, match="lies outside the engagement folder"):
        load_engagement("test-client").data_paths("welding")


def test_slugify_and_no_runs_yet(engagements, tmp_path):
    assert slugify("Northfield Stamping Ltd.") == "northfield-stamping-ltd"
    assert slugify("한빛오토텍") == "hanbichototek"
    make_engagement(tmp_path, "welding")
    assert latest_good("test-client", "welding") is None
