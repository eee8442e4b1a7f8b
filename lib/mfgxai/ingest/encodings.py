"""A text file's encoding, told by its BOM, by exact decoding (UTF-8, CP949) or by charset-normalizer, and its
bytes re-encoded as UTF-8 a megabyte at a time."""
from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import DataError

SNIFF_BYTES = 64 * 1024  # the header is looked for in the first 64 KB
RECODE_BYTES = 1 << 20  # text is checked and re-encoded a megabyte at a time
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding) of a whole file (HTML pages; text tables go through `as_utf8`)."""
    utf8, encoding = as_utf8(raw, path)
    return utf8.decode("utf-8"), encoding


def as_utf8(raw: bytes, path: Path, whole: bool = True) -> tuple[bytes, str]:
    """(the bytes as UTF-8, the encoding they were in): a BOM decides; else UTF-8 or CP949 if they decode
    exactly; else charset-normalizer. Checked and re-encoded in pieces, so no copy of the whole text is made.
    With `whole=False` the bytes are the start of a file: decided from its first lines, a character cut at the
    end left out, for a reader that checks the rest itself."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return _recoded(raw, encoding, final=whole), encoding
    sample = raw if whole else raw[:raw.rfind(b"\n", 0, SNIFF_BYTES) + 1 or SNIFF_BYTES]
    if _decodes(sample, "utf-8"):
        return raw, "utf-8"
    if _decodes(sample, "cp949"):
        return _recoded(sample, "cp949"), "cp949"
    best = from_bytes(raw[:SNIFF_BYTES * 4]).best()
    if best is None or best.encoding in ("utf_8", "cp949") or not _mostly_text(str(best)):
        raise DataError(f"{path}: the file is not text in an encoding the reader knows (UTF-8, UTF-16, CP949/EUC-KR, "
                        "…), and not a spreadsheet. Export it again as CSV (UTF-8) or XLSX.")
    try:
        return _recoded(raw, best.encoding, final=whole), best.encoding
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: the text looks like {best.encoding} but does not decode as it throughout "
                        f"(byte {exc.start:,}). Export it again as CSV (UTF-8).") from exc


def _decodes(raw: bytes, encoding: str) -> bool:
    decoder, view = codecs.getincrementaldecoder(encoding)(), memoryview(raw)
    try:
        for start in range(0, len(raw), RECODE_BYTES):
            decoder.decode(view[start:start + RECODE_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _recoded(raw: bytes, encoding: str, final: bool = True) -> bytes:
    decoder, view = codecs.getincrementaldecoder(encoding)(), memoryview(raw)
    pieces = [decoder.decode(view[start:start + RECODE_BYTES]).encode("utf-8")
              for start in range(0, len(raw), RECODE_BYTES)]
    return b"".join(pieces) + decoder.decode(b"", final=final).encode("utf-8")


def _mostly_text(text: str) -> bool:
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * max(len(text), 1)
