"""Character recognition with the system's Tesseract: one bounded subprocess per page,
the words' confidence kept. Language data comes from the system packages (Debian
``tesseract-ocr-fra``, ``tesseract-ocr-eng``); nothing is ever downloaded."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from egide.errors import OcrFailedError, OcrTimeoutError, OcrUnavailableError
from egide.i18n import Msg
from egide.ingest.scanner import Finding
from egide.settings import OcrSettings

if TYPE_CHECKING:
    from PIL.Image import Image

PART_ID = "ocr.tesseract.v1"
_CHECK_TIMEOUT_S = 30.0


Box = tuple[int, int, int, int]  # left, top, width, height in pixels


@dataclass(frozen=True)
class PageText:
    """What Tesseract read on one page."""

    text: str
    confidence: float | None  # mean word confidence (0–100), weighted by length; None: no word
    words: int
    boxes: tuple[Box, ...] = field(default=(), repr=False, compare=False)
    unread: float = 0.0  # share of the page's inked area that no recognised word covers
    layout: str = "auto"  # auto: Tesseract's page segmentation; block: one block of text


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
    boxes: list[Box] = []
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
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        boxes.append((left, top, width, height))
        par, line = tuple(cols[1:4]), tuple(cols[1:5])
        if line != last_line:
            breaks.append(last_par is not None and par != last_par)
            lines.append([])
            last_line, last_par = line, par
        lines[-1].append(word)
        weighted += conf * len(word)
        chars += len(word)
    out: list[str] = []
    for words_of_line, new_paragraph in zip(lines, breaks, strict=True):
        if out:
            out.append("\n\n" if new_paragraph else "\n")
        out.append(" ".join(words_of_line))
    confidence = round(weighted / chars, 1) if chars else None
    return PageText("".join(out), confidence, len(boxes), tuple(boxes))


def unread_ink(gray: Image, boxes: tuple[Box, ...], dpi: int | None) -> float:
    """The share of the page's inked cells (squares of 1/15 inch with more than 2 % dark
    pixels) that no recognised word's box touches and that continue sideways into
    another such cell: lines the page segmentation missed (or pictures, stamps and rules,
    which are not read either). Isolated specks do not count."""
    import numpy as np

    cell = max(8, round((dpi or 300) / 15))
    dark = np.asarray(gray) < 128
    rows, cols = dark.shape[0] // cell, dark.shape[1] // cell
    if not rows or not cols:
        return 0.0
    density = dark[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell).mean(axis=(1, 3))
    inked = density > 0.02
    total = int(inked.sum())
    if not total:
        return 0.0
    covered = np.zeros_like(inked)
    for left, top, width, height in boxes:
        covered[
            top // cell : (top + height) // cell + 1, left // cell : (left + width) // cell + 1
        ] = True
    left_out = inked & ~covered
    beside = np.zeros_like(left_out)
    beside[:, 1:] |= left_out[:, :-1]
    beside[:, :-1] |= left_out[:, 1:]
    return round(int((left_out & beside).sum()) / total, 4)


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
                Msg("programme « {tesseract} » introuvable", tesseract=settings.tesseract),
                install=install,
            )
        listing = _check(binary, [*_data_dir(settings), "--list-langs"], install)
        available = {line.strip() for line in listing.splitlines()[1:]}
        missing = [lang for lang in settings.languages if lang not in available]
        if missing:
            raise OcrUnavailableError(
                Msg("données de langue absentes : {missing}", missing=', '.join(missing)),
                install=install,
            )
        first = _check(binary, ["--version"], install).splitlines()
        return cls(settings, binary, first[0].strip() if first else "tesseract")

    def read(self, image: Image, where: str, dpi: int | None = None) -> PageText:
        """Recognise one page within ``page_timeout_s``. When Tesseract's page segmentation
        leaves more than ``max_unread`` of the ink unread (lines lost to noise or skew),
        the page is read again as one block of text, and the reading that leaves less
        ink unread is kept (the first when the second runs out of time)."""
        deadline = time.monotonic() + self.settings.page_timeout_s
        gray = grayscale(image)
        buffer = io.BytesIO()
        gray.save(buffer, "PNG", compress_level=1, **({"dpi": (dpi, dpi)} if dpi else {}))
        data = buffer.getvalue()
        page = self._run(data, "3", dpi, deadline, where)
        page = replace(page, unread=unread_ink(gray, page.boxes, dpi))
        if page.unread <= self.settings.max_unread or time.monotonic() >= deadline:
            return page
        try:
            block = self._run(data, "6", dpi, deadline, where)
        except OcrTimeoutError:
            return page
        block = replace(block, unread=unread_ink(gray, block.boxes, dpi), layout="block")
        return block if block.unread < page.unread else page

    def _run(
        self, image: bytes, psm: str, dpi: int | None, deadline: float, where: str
    ) -> PageText:
        command = [
            self.binary,
            "stdin",
            "stdout",
            *_data_dir(self.settings),
            "-l",
            "+".join(self.settings.languages),
            "--psm",
            psm,
            *(["--dpi", str(dpi)] if dpi else []),
            "tsv",
        ]
        try:
            done = subprocess.run(
                command,
                input=image,
                capture_output=True,
                timeout=max(0.001, deadline - time.monotonic()),
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
    """The recognised pages of one document: its metadata and its flags. A page is in
    doubt when its confidence is below ``min_confidence`` or when more than ``max_unread``
    of its ink was left unread."""

    tesseract: Tesseract
    pages: list[dict[str, Any]] = field(default_factory=list)

    def add(self, number: int, page: PageText, dpi: int | None = None) -> None:
        entry = {
            "page": number,
            "confidence": page.confidence,
            "words": page.words,
            "unread": page.unread,
            "layout": page.layout,
        }
        self.pages.append({**entry, "dpi": dpi} if dpi else entry)

    def low_confidence(self) -> list[dict[str, Any]]:
        floor = self.tesseract.settings.min_confidence
        return [p for p in self.pages if p["confidence"] is not None and p["confidence"] < floor]

    def unread(self) -> list[dict[str, Any]]:
        return [p for p in self.pages if p["unread"] > self.tesseract.settings.max_unread]

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
            "max_unread": self.tesseract.settings.max_unread,
            "low_confidence_pages": [p["page"] for p in self.low_confidence()],
            "unread_pages": [p["page"] for p in self.unread()],
        }

    def findings(self) -> list[Finding]:
        settings = self.tesseract.settings
        low = [
            Finding(
                "ocr_low_confidence",
                "ocr",
                f"page {p['page']}: {p['confidence']:g} % < {settings.min_confidence:g} %",
            )
            for p in self.low_confidence()
        ]
        return low + [
            Finding(
                "ocr_unread",
                "ocr",
                f"page {p['page']}: {p['unread']:.1%} > {settings.max_unread:.1%}",
            )
            for p in self.unread()
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
