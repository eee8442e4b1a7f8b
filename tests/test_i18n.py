"""One way to translate: the catalogue, numbers per locale, Korean particles, and no language branch elsewhere."""
import re
import string
from datetime import date
from pathlib import Path

import pytest
from mfgxai.i18n import day, final_consonant, listing, number, percent, points, span, t, with_particle
from mfgxai.messages import MESSAGES
from mfgxai.processes import get_spec

LIB = Path(__file__).resolve().parents[1] / "lib" / "mfgxai"
BRANCH = re.compile(r"""[!=]=\s*['"](ko|en)['"]|['"](ko|en)['"]\s*[!=]=""")


def test_no_language_branch_outside_i18n():
    found = [f"{path.relative_to(LIB)}:{number}: {line.strip()}" for path in sorted(LIB.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if BRANCH.search(line) and path.name != "i18n.py"]
    assert not found, "\n".join(found)


def test_the_branch_test_sees_both_quotes_and_sides():
    for line in ('if language == "ko":', "x if self.language == 'ko' else y", 'if "en" != lang:'):
        assert BRANCH.search(line)
    assert not BRANCH.search('for language in ("en", "ko"):')


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_fill_the_same_placeholders(key):
    message = MESSAGES[key]
    assert message.en and message.ko and _fields(message.en) == _fields(message.ko), key


@pytest.mark.parametrize("word, particle, expected", [
    ("9.85 kA", "으로", "9.85 kA로"), ("용접 전류", "을", "용접 전류를"), ("전해액 주입량", "은", "전해액 주입량은"),
    ("2.88 kN", "으로", "2.88 kN으로"), ("81 h", "으로", "81 h으로"), ("12.3%", "으로", "12.3%로"),
    ("가압력", "이", "가압력이"), ("통전 시간", "과", "통전 시간과"), ("용접 전류", "과", "용접 전류와"),
    ("3.5 MPa", "으로", "3.5 MPa로"), ("서울", "으로", "서울로"), ("부품 1,997개", "으로", "부품 1,997개로"),
    ("1,200건", "으로", "1,200건으로"), ("개체 30개(120행)", "으로", "개체 30개(120행)로"), ("RH", "은", "RH는"),
    ("ROC AUC", "은", "ROC AUC는"), ("0.55 g/m²", "으로", "0.55 g/m²로"), ("–", "을", "–을(를)"),
    ("–", "으로", "–(으)로"),
])
def test_korean_particles_follow_the_last_sound(word, particle, expected):
    assert with_particle(word, particle) == expected


@pytest.mark.parametrize("text, final", [
    ("1", 8), ("2", 0), ("3", 16), ("6", 1), ("10", 17), ("100", 1), ("1,000", 4), ("20,000", 4),
    ("100,000,000", 1), ("0", 21), ("2.0", 21), ("9.85", 0),
])
def test_numbers_end_in_their_korean_reading(text, final):
    assert final_consonant(text) == final  # 일 삼 육 십 백 천 만 억 영: ㄹ ㅁ ㄱ ㅂ ㄱ ㄴ ㄴ ㄱ ㅇ


def test_a_message_chooses_its_particles():
    text = t("keep_above", "ko", name="전해액 주입량", low="44.9 g")
    assert text == "전해액 주입량은 44.9 g 이상으로 유지하세요."
    assert t("keep_above", "en", name="Electrolyte fill", low="44.9 g") == "Keep electrolyte fill at or above 44.9 g."


@pytest.mark.parametrize("value, text", [(8.4567, "8.46"), (1742.3, "1,742"), (0.0312, "0.0312"), (250, "250"),
                                         (0, "0"), (None, "–"), (float("nan"), "–"), (-3.14159, "-3.14")])
def test_numbers_are_rounded_for_people(value, text):
    assert number(value, "en") == number(value, "ko") == text


def test_percentages_points_dates_and_lists_per_locale():
    assert percent(0.1234, "en") == percent(0.1234, "ko") == "12.3%"
    assert percent(95.34, "en", scale=1) == "95.3%" and percent(0.46, "ko", digits=0) == "46%"
    assert points(48.83, "en") == "+48.8 pp" and points(-0.94, "ko") == "-0.9%p"
    assert day(date(2026, 3, 5), "en") == "5 March 2026" and day(date(2026, 3, 5), "ko") == "2026년 3월 5일"
    assert listing(["a", "b", "c"], "en") == "a, b and c" and listing(["a", "b", "c"], "ko") == "a, b, c"
    assert listing(["a"], "en") == "a"


@pytest.mark.parametrize("low, high, text", [(8.5, 11.55, "8.5 – 11.6 kA"), (2.9, None, "≥ 2.9 kA"),
                                             (None, 48.8, "≤ 48.8 kA"), (None, float("nan"), "")])
def test_one_range_formatter(low, high, text):
    assert span(low, high, "kA", "en") == text


def test_numbers_in_messages_are_formatted_for_the_language():
    text = t("app_quality_sentence", "en", cutoff="50.0%", caught=1234, defects=2000, recall="61.7%",
             precision="40.0%", alarms="3.0%", item="part")
    assert "catches 1,234 of 2,000 defective parts" in text
    assert t("quality_binary", "ko", held_out="부품 1,997개", item="부품", ebm=0.8414, baseline=0.808, recall=0.46,
             precision=0.514).startswith("모델이 학습에 쓰지 않은 부품 1,997개로 검증했습니다. 불량 부품을 양품보다 "
                                        "위험하게 볼 확률은 84%(ROC AUC 0.841)이며")


@pytest.mark.parametrize("process, language, tab, reset, loaded, none", [
    ("battery", "ko", "셀 원인 분석", "보통 셀로 되돌리기", "셀 C-7을 불러왔습니다.",
     "최근 셀 중 권장 운전 범위를 벗어난 셀이 없어"),
    ("welding", "ko", "부품 원인 분석", "보통 부품으로 되돌리기", "부품 C-7을 불러왔습니다.",
     "최근 부품 중 권장 운전 범위를 벗어난 부품이 없어"),
    ("battery", "en", "Cell explainer", "Back to the typical cell", "Cell C-7 loaded:", "No recent cell runs outside"),
])
def test_a_battery_speaks_of_cells_the_others_of_parts(process, language, tab, reset, loaded, none):
    item = get_spec(process).item(language)
    assert t("app_part", language, item=item) == tab
    assert t("app_reset", language, item=item) == reset
    assert t("app_loaded_part", language, item=item, part="C-7").startswith(loaded)
    assert t("actions_none", language, item=item).startswith(none)
