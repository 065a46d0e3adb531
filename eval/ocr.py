"""OCR: PIAF paragraphs typeset as 300 dpi page images, read back by Égide's image loader
(Tesseract); character error rate against the paragraph, on clean renders and on
degraded ones (skew, blur, noise, JPEG), and pages per second."""

from __future__ import annotations

import statistics
import time
import unicodedata
from pathlib import Path
from typing import Any

from egide.ingest.loaders.image import ImageLoader
from egide.ingest.ocr import Tesseract
from egide.settings import OcrSettings
from eval import retrieval, scans

TARGET_CLEAN_CER = 0.02


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions), one row at a time in numpy."""
    import numpy as np

    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    codes = np.array([ord(c) for c in b], dtype=np.int64)
    index = np.arange(len(b) + 1, dtype=np.int64)
    previous = index.copy()
    for row, char in enumerate(a, start=1):
        current = np.empty_like(previous)
        current[0] = row
        current[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (codes != ord(char)))
        # insertions: current[j] = min over k ≤ j of current[k] + (j - k)
        previous = np.minimum.accumulate(current - index) + index
    return int(previous[-1])


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def evaluate(piaf: Path, settings: OcrSettings, pages: int) -> dict[str, Any]:
    """``pages`` paragraphs spread over the whole file, each read clean and degraded."""
    import numpy as np

    records, _ = retrieval.load(piaf)
    step = max(1, len(records) // pages)
    chosen = [r["text"] for r in records[::step][:pages]]
    loader = ImageLoader(settings)
    out: dict[str, Any] = {
        "engine": Tesseract.open(settings).version,
        "languages": "+".join(settings.languages),
        "threads": settings.threads,
        "dpi": scans.DPI,
        "font": f"{scans.FONT.stem} 11 pt",
        "pages": len(chosen),
        "chars": sum(len(_norm(t)) for t in chosen),
        "target_clean_cer": TARGET_CLEAN_CER,
    }
    for condition in ("clean", "degraded"):
        edits = chars = flagged = reread = 0
        rates: list[float] = []
        confidences: list[float] = []
        seconds = 0.0
        for number, text in enumerate(chosen):
            page = scans.render_page(text)
            if condition == "degraded":
                page = scans.degrade(page, np.random.default_rng(number))
            data = scans.encode(page)
            began = time.perf_counter()
            raw = loader.load(Path(f"piaf-{number}.png"), data)[0]
            seconds += time.perf_counter() - began
            reference, read = _norm(text), _norm(raw.pages[0])
            distance = levenshtein(reference, read)
            edits += distance
            chars += len(reference)
            rates.append(distance / len(reference))
            record = raw.meta["ocr"]
            confidences.append(record["confidence"] or 0.0)
            flagged += bool(record["low_confidence_pages"] or record["unread_pages"])
            reread += record["pages"][0]["layout"] == "block"
        out[condition] = {
            "cer": round(edits / chars, 4),
            "cer_median": round(statistics.median(rates), 4),
            "cer_worst": round(max(rates), 4),
            "pages_per_s": round(len(chosen) / seconds, 2),
            "confidence": round(statistics.mean(confidences), 1),
            "flagged_pages": flagged,
            "reread_pages": reread,
        }
    out["clean_target_met"] = out["clean"]["cer"] <= TARGET_CLEAN_CER
    return out
