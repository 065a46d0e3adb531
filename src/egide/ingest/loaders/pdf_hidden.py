"""Text a PDF draws but nobody sees: invisible render mode (3, or clip-only 7), a white or
transparent fill, a tiny size. pdfium tells, for each character, the text object that
drew it; each object's render mode, fill colour and size decide.

A scanned page whose text layer is wholly invisible over an image is an OCR layer, not a
hiding place: it is kept.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

TINY_PT = 3.0  # effective size below which text is unreadable
WHITE = 245  # each channel at least this (0–255): white on the (white) page
OCR_SHARE = 0.8  # share of a page's characters drawn invisible that makes an OCR layer
_INVISIBLE_MODES = {3, 7}


@dataclass(frozen=True)
class HiddenRun:
    kind: str  # invisible_text, invisible_colour, tiny_text
    text: str


def _verdict(c: Any, obj: Any, ocr: bool) -> str | None:
    mode = c.FPDFTextObj_GetTextRenderMode(obj)
    if mode in _INVISIBLE_MODES:
        return None if ocr else "invisible_text"
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    filled = mode in (0, 2, 4, 6) and c.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha)
    if filled and (alpha.value == 0 or min(red.value, green.value, blue.value) >= WHITE):
        return "invisible_colour"
    size = ctypes.c_float()
    matrix = c.FS_MATRIX()
    if c.FPDFTextObj_GetFontSize(obj, size) and c.FPDFPageObj_GetMatrix(obj, matrix):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        if 0 < size.value * scale < TINY_PT:
            return "tiny_text"
    return None


def _has_image(c: Any, page: Any) -> bool:
    return any(
        c.FPDFPageObj_GetType(c.FPDFPage_GetObject(page.raw, i)) == c.FPDF_PAGEOBJ_IMAGE
        for i in range(c.FPDFPage_CountObjects(page.raw))
    )


def split(page: Any, textpage: Any) -> tuple[str, list[HiddenRun]]:
    """The page's visible text, and the runs of text drawn invisibly."""
    import pypdfium2.raw as c

    text = str(textpage.get_text_range())
    count = c.FPDFText_CountChars(textpage.raw)
    if count <= 0 or len(text) != count:
        return text, []  # characters and text do not line up: keep everything
    objects = [c.FPDFText_GetTextObject(textpage.raw, i) for i in range(count)]
    keys = [ctypes.cast(o, ctypes.c_void_p).value if o else None for o in objects]
    drawn = sum(1 for k in keys if k is not None)
    invisible = sum(
        1
        for o, k in zip(objects, keys, strict=True)
        if k is not None and c.FPDFTextObj_GetTextRenderMode(o) in _INVISIBLE_MODES
    )
    ocr = drawn > 0 and invisible >= OCR_SHARE * drawn and _has_image(c, page)
    verdicts: dict[int, str | None] = {}
    kinds: list[str | None] = []
    for obj, key in zip(objects, keys, strict=True):
        if key is None:
            kinds.append(None)
            continue
        if key not in verdicts:
            verdicts[key] = _verdict(c, obj, ocr)
        kinds.append(verdicts[key])
    if not any(kinds):
        return text, []
    visible = "".join(ch for ch, kind in zip(text, kinds, strict=True) if kind is None)
    return visible, _runs(text, kinds, keys)


def _runs(text: str, kinds: list[str | None], keys: list[int | None]) -> list[HiddenRun]:
    """Consecutive hidden characters of one kind; characters pdfium adds itself (spaces,
    line breaks, with no object) carry a run on."""
    runs: list[HiddenRun] = []
    kind: str | None = None
    chars: list[str] = []
    for ch, this, key in zip(text, kinds, keys, strict=True):
        if key is None and kind is not None:
            chars.append(ch)
            continue
        if this != kind:
            if kind is not None and "".join(chars).strip():
                runs.append(HiddenRun(kind, "".join(chars).strip()))
            kind, chars = this, []
        if this is not None:
            chars.append(ch)
    if kind is not None and "".join(chars).strip():
        runs.append(HiddenRun(kind, "".join(chars).strip()))
    return runs
