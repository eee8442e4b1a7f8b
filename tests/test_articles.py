"""English articles go by the sound of the word after them ('an injection moulding column', 'an 8% alarm level'), as
Korean particles go by the sound before them."""
import pytest
from mfgxai.i18n import field, t, with_article
from mfgxai.ingest.scaffold import new_engagement


@pytest.mark.parametrize("word, written", [
    ("part", "a part"), ("cell", "a cell"), ("injection moulding", "an injection moulding"),
    ("unit", "a unit"), ("hour", "an hour"), ("one-off", "a one-off"), ("8%", "an 8%"), ("8.5%", "an 8.5%"),
    ("11%", "an 11%"), ("18 kA", "an 18 kA"), ("1%", "a 1%"), ("80,000", "an 80,000"), ("11,000", "an 11,000"),
    ("110", "a 110"), ("MES export", "an MES export"), ("CNC machining", "a CNC machining"), ("F1", "an F1"),
    ("European", "a European"), ("ultrasonic weld", "an ultrasonic weld")])
def test_an_english_article_goes_by_the_first_sound_read_aloud(word, written):
    assert with_article(word) == written
    assert field(word, "a", "en") == written and field(word, "a", "ko") == word  # Korean has no article


def test_a_lower_cased_process_name_keeps_its_acronym():
    assert field("CNC machining", "uncapital", "en") == "CNC machining"
    assert field("EMS time", "uncapital", "en") == "EMS time"
    assert field("Injection moulding", "uncapital", "en") == "injection moulding"
    assert t("inline_name", "en", name="Weld current") == "weld current"


def test_new_says_which_columns_its_process_spec_does_not_know_with_the_right_article(engagements, tmp_path):
    source = tmp_path / "moulding.csv"
    source.write_text("melt temperature (°C),injection pressure (bar),operator mood,result\n" + "".join(
        f"{230 + i % 5},{900 + i * 3},{i % 3},{'NG' if i % 6 == 0 else 'OK'}\n" for i in range(30)), encoding="utf-8")
    _, notes = new_engagement("Moulder Co.", "injection", source)
    assert any(n.startswith("'operator mood' is not an injection moulding column the spec knows") for n in notes)
    assert not any(" a injection" in n for n in notes)
    cnc = tmp_path / "cnc.csv"
    cnc.write_text("cutting speed (m/min),feed (mm/rev),coolant brand,result\n" + "".join(
        f"{150 + i},{0.1 + i % 3 * 0.05},{i % 2},{'NG' if i % 6 == 0 else 'OK'}\n" for i in range(30)),
        encoding="utf-8")
    _, notes = new_engagement("Turner Co.", "machining", cnc)
    assert any(n.startswith("'coolant brand' is not a CNC machining column the spec knows") for n in notes), notes


@pytest.mark.parametrize("cutoff, opening", [("8.0%", "At an 8.0% alarm level"), ("18.5%", "At an 18.5% alarm level"),
                                             ("25.0%", "At a 25.0% alarm level")])
def test_the_model_quality_sentence_takes_the_article_of_its_alarm_level(cutoff, opening):
    words = dict(cutoff=cutoff, caught=46, defects=100, item="part", recall="46%", precision="30%", alarms="9%")
    assert t("app_quality_sentence", "en", **words).startswith(opening + " the model catches 46 of 100")
    assert t("app_quality_silent", "en", **words).startswith(opening + " the model raises no alarm")
    assert t("app_quality_sentence", "ko", **words).startswith(f"경보 기준을 {cutoff}로 두면")
