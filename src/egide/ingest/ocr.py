"""Character recognition with the system's Tesseract: one bounded subprocess per page,
the words' confidence kept. Language data comes from the system packages (Debian
``tesseract-ocr-fra``, ``tesseract-ocr-eng``); nothing is ever downloaded."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from egide.errors import Bilingual as B
from egide.errors import OcrFailedError, OcrTimeoutError, OcrUnavailableError
from egide.ingest.scanner import Finding
from egide.settings import OcrSettings

if TYPE_CHECKING:
    from PIL.Image import Image

PART_ID = "ocr.tesseract.v1"
_CHECK_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class PageText:
    """What Tesseract read on one page."""

    text: str
    confidence: float | None  # mean word confidence (0–100), weighted by length; None: no word
    words: int


def install_hint(languages: list[str]) -> str:
    packages = ["tesseract-ocr", *(f"tesseract-ocr-{lang}" for lang in languages)]
    return "apt-get install " + " ".join(packages)


def parse_tsv(tsv: str) -> PageText:
    """Tesseract's TSV output → the page's text (a line per line, a blank line between
    paragraphs) and its confidence."""
    lines: list[list[str]] = []
    breaks: list[bool] = []  # a paragraph starts before this line
    last_line: tuple[str, ...] | None = None
    last_par: tuple[str, ...] | None = None
    weighted = 0.0
    chars = 0
    words = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if not word or conf < 0:
            continue
        par, line = tuple(cols[1:4]), tuple(cols[1:5])
        if line != last_line:
            breaks.append(last_par is not None and par != last_par)
            lines.append([])
            last_line, last_par = line, par
        lines[-1].append(word)
        weighted += conf * len(word)
        chars += len(word)
        words += 1
    out: list[str] = []
    for words_of_line, new_paragraph in zip(lines, breaks, strict=True):
        if out:
            out.append("\n\n" if new_paragraph else "\n")
        out.append(" ".join(words_of_line))
    return PageText("".join(out), round(weighted / chars, 1) if chars else None, words)


def grayscale(image: Image) -> Image:
    """One 8-bit grey channel, transparency flattened on white, 16-bit scans rescaled."""
    from PIL import Image as PILImage

    if image.mode == "L":
        return image
    if image.mode.startswith("I") or image.mode == "F":
        import numpy as np

        values = np.asarray(image, dtype=np.float64)
        top = float(values.max()) or 1.0
        return PILImage.fromarray((np.clip(values, 0, None) * (255.0 / top)).astype(np.uint8))
    if "A" in image.mode or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        page = PILImage.new("RGBA", rgba.size, "white")
        page.alpha_composite(rgba)
        return page.convert("L")
    return image.convert("L")


class Tesseract:
    """The checked Tesseract binary: present, with every configured language."""

    def __init__(self, settings: OcrSettings, binary: str, version: str) -> None:
        self.settings = settings
        self.binary = binary
        self.version = version

    @classmethod
    def open(cls, settings: OcrSettings) -> Tesseract:
        install = install_hint(settings.languages)
        binary = shutil.which(settings.tesseract)
        if binary is None:
            raise OcrUnavailableError(
                B(
                    f"programme « {settings.tesseract} » introuvable",
                    f"program '{settings.tesseract}' not found",
                ),
                install=install,
            )
        listing = _check(binary, [*_data_dir(settings), "--list-langs"], install)
        available = {line.strip() for line in listing.splitlines()[1:]}
        missing = [lang for lang in settings.languages if lang not in available]
        if missing:
            raise OcrUnavailableError(
                B(
                    f"données de langue absentes : {', '.join(missing)}",
                    f"language data missing: {', '.join(missing)}",
                ),
                install=install,
            )
        first = _check(binary, ["--version"], install).splitlines()
        return cls(settings, binary, first[0].strip() if first else "tesseract")

    def read(self, image: Image, where: str, dpi: int | None = None) -> PageText:
        """Recognise one page within ``page_timeout_s``."""
        buffer = io.BytesIO()
        gray = grayscale(image)
        gray.save(buffer, "PNG", compress_level=1, **({"dpi": (dpi, dpi)} if dpi else {}))
        command = [
            self.binary,
            "stdin",
            "stdout",
            *_data_dir(self.settings),
            "-l",
            "+".join(self.settings.languages),
            "--psm",
            "3",
            *(["--dpi", str(dpi)] if dpi else []),
            "tsv",
        ]
        try:
            done = subprocess.run(
                command,
                input=buffer.getvalue(),
                capture_output=True,
                timeout=self.settings.page_timeout_s,
                env=_env(self.settings),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise OcrTimeoutError(f"{where} > {self.settings.page_timeout_s:g} s") from None
        except OSError as exc:
            raise OcrUnavailableError(
                f"{self.binary}: {exc.strerror}", install=install_hint(self.settings.languages)
            ) from None
        if done.returncode != 0:
            raise OcrFailedError(f"{where}: {_last_line(done.stderr)}")
        return parse_tsv(done.stdout.decode("utf-8", errors="replace"))


@dataclass
class OcrRecord:
    """The recognised pages of one document: its metadata and its flags."""

    tesseract: Tesseract
    pages: list[dict[str, Any]] = field(default_factory=list)

    def add(self, number: int, page: PageText, dpi: int | None = None) -> None:
        entry = {"page": number, "confidence": page.confidence, "words": page.words}
        self.pages.append({**entry, "dpi": dpi} if dpi else entry)

    def low_confidence(self) -> list[dict[str, Any]]:
        floor = self.tesseract.settings.min_confidence
        return [p for p in self.pages if p["confidence"] is not None and p["confidence"] < floor]

    def meta(self) -> dict[str, Any]:
        scored = [p for p in self.pages if p["confidence"] is not None]
        weight = sum(p["words"] for p in scored)
        mean = sum(p["confidence"] * p["words"] for p in scored) / weight if weight else None
        return {
            "engine": self.tesseract.version,
            "languages": "+".join(self.tesseract.settings.languages),
            "pages": self.pages,
            "confidence": round(mean, 1) if mean is not None else None,
            "min_confidence": self.tesseract.settings.min_confidence,
            "low_confidence_pages": [p["page"] for p in self.low_confidence()],
        }

    def findings(self) -> list[Finding]:
        floor = self.tesseract.settings.min_confidence
        return [
            Finding(
                "ocr_low_confidence",
                "ocr",
                f"page {p['page']}: {p['confidence']:g} % < {floor:g} %",
            )
            for p in self.low_confidence()
        ]


def _data_dir(settings: OcrSettings) -> list[str]:
    return ["--tessdata-dir", str(settings.tessdata_dir)] if settings.tessdata_dir else []


def _env(settings: OcrSettings) -> dict[str, str]:
    """The child's environment: Tesseract's own threads bounded (OpenMP threads compete
    badly with the other pages and processes on a shared machine)."""
    return {**os.environ, "OMP_THREAD_LIMIT": str(settings.threads)}


def _check(binary: str, args: list[str], install: str) -> str:
    try:
        done = subprocess.run(
            [binary, *args], capture_output=True, timeout=_CHECK_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailableError(f"{binary}: {exc}", install=install) from None
    if done.returncode != 0:
        raise OcrUnavailableError(f"{binary}: {_last_line(done.stderr)}", install=install)
    # Tesseract 3 and 4 print these on stderr
    return (done.stdout or done.stderr).decode("utf-8", errors="replace")


def _last_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", errors="replace").splitlines() if line]
    return lines[-1][:300] if lines else "?"
