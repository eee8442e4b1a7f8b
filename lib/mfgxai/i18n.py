"""One way to speak two languages: texts from the message catalogue, numbers, dates and ranges formatted per
locale by Babel, and Korean particles chosen by the sound the word before them ends in."""
from __future__ import annotations

import math
import re
import string
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real

from babel import dates, numbers

from .messages import MESSAGES

LOCALES = {"en": "en_GB", "ko": "ko_KR"}  # every language but Korean speaks English
MISSING = "–"


def pick(en: str, ko: str, language: str) -> str:
    """The English or the Korean of a text given in both."""
    return ko if language == "ko" else en


def t(key: str, language: str, **values) -> str:
    """The catalogue's text for a key; given values, its placeholders filled for the language."""
    text = pick(*MESSAGES[key], language)
    return _Formatter(language).format(text, **values) if values else text


def field(value, spec: str, language: str) -> str:
    """One value written as a catalogue placeholder with this spec writes it: a particle ('을'), a case ('capital')."""
    return _Formatter(language).format_field(value, spec)


def _locale(language: str) -> str:
    return LOCALES.get(language, LOCALES["en"])


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# -- numbers, dates and ranges ----------------------------------------------------------------------------------
NOISE_DIGITS = 12  # significant digits a float keeps before it is rounded for people: below them is float noise


def _decimal(x: float) -> Decimal:
    """A float as the decimal it stands for, float noise dropped (2.8049999999999997 and 2.8050000000000002 are both
    2.805), so the same edge reads the same wherever it went through (a JSON table written to 15 digits or not)."""
    return Decimal(f"{float(x):.{NOISE_DIGITS}g}")


def number(x: float | None, language: str, significant: int = 3) -> str:
    """A number rounded for people: three significant digits (halves up), thousands separators ('–' when missing)."""
    if _missing(x):
        return MISSING
    if x == 0:
        return "0"
    exact = _decimal(x)
    digits = max(0, significant - 1 - exact.adjusted())
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    digits = max(0, significant - 1 - rounded.adjusted()) if rounded else digits  # 9.995 → 10.0: one digit fewer
    return numbers.format_decimal(rounded, "#,##0" + ("." + "#" * digits if digits else ""),
                                  locale=_locale(language), decimal_quantization=False)


def p_value(p: float | None, language: str) -> str:
    """A p-value by one rule everywhere: '< 0.001', else three decimals ('0.034', '0.500'; '–' when missing)."""
    if _missing(p):
        return MISSING
    return f"< {fixed(0.001, language, 3)}" if p < 0.001 else fixed(p, language, 3)


def fixed(x: float, language: str, digits: int, grouped: bool = True, signed: bool = False) -> str:
    """A number with a fixed count of decimals ('+' before a positive one when signed)."""
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return numbers.format_decimal(round(float(x), digits), pattern, locale=_locale(language))


def percent(value: float | None, language: str, digits: int = 1, scale: float = 100) -> str:
    """A share (0.123 → '12.3%'), or with scale=1 a value already in percent ('–' when missing)."""
    if _missing(value):
        return MISSING
    hundredths = Decimal(repr(round(float(value) * scale, digits)))
    return numbers.format_percent(hundredths / 100, "#,##0" + ("." + "0" * digits if digits else "") + "%",
                                  locale=_locale(language))


def points(value: float, language: str) -> str:
    """A difference of two percentages: '+4.2 pp' in English, '+4.2%p' in Korean."""
    return t("points", language, value=value)


def unit_word(unit: str, language: str) -> str:
    """A unit as the language writes it: symbols stay ('kA'), counted things are words ('welds' → '타점')."""
    key = f"unit_{unit}"
    return t(key, language) if key in MESSAGES else unit


def quantity(x: float | None, unit: str, language: str, significant: int = 3) -> str:
    """A number with its unit, '8.5 kA' ('–' when missing)."""
    return MISSING if _missing(x) else f"{number(x, language, significant)} {unit_word(unit, language)}".strip()


def span(low: float | None, high: float | None, unit: str, language: str, significant: int = 3) -> str:
    """A range: '8.5 – 11.6 kA', '≥ 2.9 kN' or '≤ 48.8 ms' when open on one side, '' when open on both."""
    low, high = (None if _missing(v) else v for v in (low, high))
    if low is None and high is None:
        return ""
    if low is None or high is None:
        return f"{'≥' if high is None else '≤'} {quantity(high if low is None else low, unit, language, significant)}"
    return f"{number(low, language, significant)} – {quantity(high, unit, language, significant)}"


def day(when: date, language: str) -> str:
    """A date written out: '5 March 2026', '2026년 3월 5일'."""
    return dates.format_date(when, "long", locale=_locale(language))


def listing(items: list[str], language: str) -> str:
    """Items in a running sentence: 'a, b and c' / 'a, b, c'."""
    head = t("list_separator", language).join(items[:-1])
    return t("list_last", language).join([head, items[-1]]) if head else "".join(items[-1:])


# -- Korean particles ------------------------------------------------------------------------------------------
PARTICLES = {form: pair for pair in (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"))
             for form in pair}  # (after a final consonant, after a vowel); 으로 also takes 로 after ㄹ
RIEUL = 8  # ㄹ as a final consonant
DIGITS = "영일이삼사오육칠팔구"
PLACES, GROUPS = "십백천", "만억조경"  # 10, 100, 1000; 10⁴, 10⁸, 10¹², 10¹⁶
LETTERS = dict(zip(string.ascii_lowercase, "이비씨디이프지치이이이엘엠엔오피큐르스티유이유스이트"))  # last syllable of each name
UNITS = {  # a unit's last syllable as Korean reads it aloud
    **dict.fromkeys(("A", "kA", "mA"), "어"), "Ah": "시", **dict.fromkeys(("V", "mV", "kV", "W", "kW"), "트"),
    **dict.fromkeys(("N", "kN"), "턴"), "N·m": "터", "kgf": "힘", **dict.fromkeys(("Pa", "kPa", "MPa"), "칼"),
    "bar": "바", **dict.fromkeys(("Ω", "mΩ"), "옴"), **dict.fromkeys(("g", "mg", "kg"), "램"),
    **dict.fromkeys(("m", "mm", "cm", "µm", "m²", "cm²", "cm³", "L", "l", "mL"), "터"),
    **dict.fromkeys(("s", "ms"), "초"), "min": "분", "h": "간", "day": "일", **dict.fromkeys(("°C", "°"), "도"),
    **dict.fromkeys(("%", "%p", "pp"), "트"), **dict.fromkeys(("rpm", "krpm", "spm"), "엠"), "px": "셀",
    **dict.fromkeys(("Hz", "kHz"), "츠"),
}


def with_particle(word: str, particle: str) -> str:
    """The word and the form of the particle its last sound takes: 용접 전류를, 9.85 kA로, 주입량은."""
    after_consonant, after_vowel = PARTICLES[particle]
    final = final_consonant(word)
    if final is None:
        return word + ("(으)로" if after_vowel == "로" else f"{after_consonant}({after_vowel})")
    if after_vowel == "로":
        return word + ("로" if final in (0, RIEUL) else "으로")
    return word + (after_consonant if final else after_vowel)


def final_consonant(word: str) -> int | None:
    """The final consonant of the word's last syllable as read aloud (0: none; None: cannot tell)."""
    syllable = _last_syllable(word)
    return None if syllable is None else (ord(syllable) - 0xAC00) % 28


def _last_syllable(word: str) -> str | None:
    text = word.rstrip(" .,'\"`’”")
    if text.endswith(")") and "(" in text:  # the particle follows the word before the brackets
        text = text[:text.rindex("(")].rstrip()
    if unit := re.search(r"\d\s*([^\d\s.,]\S*)$", text):
        if (reading := UNITS.get(unit[1].rsplit("/", 1)[-1])) is not None:
            return reading
    last = text[-1:]
    if "가" <= last <= "힣":
        return last
    if last.isascii() and last.isdigit():
        return _number_end(text)
    return LETTERS.get(last.lower()) if last.isascii() else None


def _number_end(text: str) -> str:
    """The last syllable of a number read in Sino-Korean: 1,200 → 천, 9.85 → 오, 40 → 십."""
    whole, decimals = re.search(r"(\d[\d,]*)(?:\.(\d+))?$", text).groups()
    if decimals:
        return DIGITS[int(decimals[-1])]
    digits = whole.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == len(digits):
        return DIGITS[0]
    if zeros == 0:
        return DIGITS[int(digits[-1])]
    return PLACES[zeros - 1] if zeros < 4 else GROUPS[min(zeros // 4, len(GROUPS)) - 1]


# -- English articles -------------------------------------------------------------------------------------------
VOWEL_LETTERS = set("AEFHILMNORSX")  # letters whose English names start with a vowel sound: an MES, an F1, an 8D
CONSONANT_SOUNDED = re.compile(r"(?:uni(?!n)|use|usu|uti|ure|uro|eu|ewe|one\b|once\b|ouija)", re.IGNORECASE)
VOWEL_SOUNDED = re.compile(r"(?:hour|honou?r|honest|heir)", re.IGNORECASE)


def with_article(word: str) -> str:
    """The word after 'a' or 'an' as its first sound is read aloud: an injection moulding column, a part, a unit,
    an hour, an 8% alarm level, an 11 kA current, an MES export, a CNC machine."""
    return f"{'an' if _vowel_sound(word.strip()) else 'a'} {word}"


def _vowel_sound(text: str) -> bool:
    first = re.match(r"[\w%]+", text)
    token = first[0] if first else text
    if not token:
        return False
    if token[0].isdigit():
        return _number_vowel(re.match(r"[\d,]+", text)[0])
    if token[0].isupper() and (len(token) == 1 or token[1].isupper() or token[1].isdigit()):
        return token[0] in VOWEL_LETTERS  # a letter or an acronym is read letter by letter: an F1, an MES
    if VOWEL_SOUNDED.match(token):
        return True
    return token[0].lower() in "aeiou" and not CONSONANT_SOUNDED.match(token)


def _number_vowel(digits: str) -> bool:
    """Whether a number read aloud starts with a vowel: eight…, eighteen…, eleven… (its leading group of three)."""
    plain = digits.rstrip(",").replace(",", "")
    lead = digits.split(",")[0] if "," in digits.rstrip(",") else plain[:len(plain) % 3 or 3]
    return lead.startswith("8") or lead in ("11", "18")


# -- filling a message ------------------------------------------------------------------------------------------
def _uncapital(text: str) -> str:
    """The first letter in lower case, unless the first word is an acronym (CNC machining, EMS time)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


CASES = {"lower": str.lower, "capital": lambda s: s[:1].upper() + s[1:], "uncapital": _uncapital}
NUMBER_SPEC = re.compile(r"(?P<sign>\+)?(?P<group>,)?(?:\.(?P<digits>\d+))?(?P<kind>[f%])?")


class _Formatter(string.Formatter):
    """str.format with the catalogue's specs: a particle ({name:은}), a case ({name:lower}), an English article
    ({item:a}: 'a part', 'an injection moulding'), and numbers
    ({n:,}, {x:.1f}, {rate:.0%}, {effect:+.1f}) written by Babel for the language."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def format_field(self, value, spec: str) -> str:
        if spec in PARTICLES:
            return with_particle(str(value), spec)
        if spec in CASES:
            return CASES[spec](str(value))
        if spec == "a":  # English takes an article before the word; Korean has none
            return pick(with_article(str(value)), str(value), self.language)
        found = NUMBER_SPEC.fullmatch(spec)
        if spec and found and isinstance(value, Real) and not isinstance(value, bool):
            return self._number(value, found)
        return super().format_field(value, spec)

    def _number(self, value: float, spec: re.Match) -> str:
        digits = int(spec["digits"] or 0)
        if spec["kind"] == "%":
            return percent(value, self.language, digits)
        if spec["kind"] is None and spec["digits"] is None and not isinstance(value, Integral):
            return format(value, spec[0])
        return fixed(value, self.language, digits, grouped=bool(spec["group"]), signed=bool(spec["sign"]))
