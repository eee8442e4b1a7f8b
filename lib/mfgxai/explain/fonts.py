"""The report's font embedded in the page: the installed CJK font, cut down to the characters used."""
from __future__ import annotations

import base64
import io
import string

from matplotlib import font_manager

from .charts import FONT_CANDIDATES

FAMILY = "mfgxai"
WEIGHTS = (400, 700)


def font_face_css(text: str) -> str:
    """@font-face rules (regular and bold) holding the glyphs of text; empty when no candidate font is installed."""
    characters = "".join(sorted(set(text) | set(string.printable)))
    rules = []
    for weight in WEIGHTS:
        entry = _installed(weight)
        if entry is not None:
            data = base64.b64encode(_subset(entry, characters)).decode()
            rules.append(f"@font-face {{ font-family: {FAMILY}; font-weight: {weight}; "
                         f"src: url(data:font/woff;base64,{data}) format('woff'); }}")
    return "\n".join(rules)


def _installed(weight: int):
    """The first of the charts' fonts installed in this weight (the same font as in the charts)."""
    entries = font_manager.fontManager.ttflist
    for family in FONT_CANDIDATES:
        for entry in entries:
            if entry.name == family and entry.weight == weight:
                return entry
    return None


def _subset(entry, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(entry.fname, fontNumber=entry.index, lazy=True)
    options = subset.Options(flavor="woff", notdef_outline=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()
