"""Text typeset as page images, as a scanner would deliver them: clean renders at a given
resolution, and degraded copies (skew, blur, sensor noise, JPEG compression)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 300


def render_page(
    text: str,
    dpi: int = DPI,
    points: float = 11.0,
    width_in: float = 8.27,
    margin_in: float = 0.6,
    font: Path = FONT,
) -> Image:
    """``text`` in a grey page image ``width_in`` inches wide (A4 by default), one paragraph
    per line of ``text``, words wrapped to the margins, as tall as the text needs."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    face = ImageFont.truetype(str(font), round(points * dpi / 72))
    width, margin = round(width_in * dpi), round(margin_in * dpi)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if current and face.getlength(candidate) > width - 2 * margin:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    step = round(face.size * 1.4)
    page = PILImage.new("L", (width, 2 * margin + step * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((margin, margin + number * step), line, font=face, fill=0)
    page.info["dpi"] = (dpi, dpi)
    return page


def degrade(page: Image, rng: np.random.Generator) -> Image:
    """A poor scan of ``page``: skewed by up to ±2°, slightly blurred, with Gaussian
    sensor noise (σ = 24 grey levels), 0.3 % salt-and-pepper specks and JPEG compression
    at quality 60."""
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageFilter

    angle = float(rng.uniform(-2.0, 2.0))
    skewed = page.rotate(angle, PILImage.Resampling.BICUBIC, expand=True, fillcolor=255)
    pixels = np.asarray(skewed.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float64)
    pixels = pixels + rng.normal(0.0, 24.0, pixels.shape)
    specks = rng.random(pixels.shape)
    pixels[specks < 0.0015] = 0.0
    pixels[specks > 0.9985] = 255.0
    noisy = PILImage.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=60)
    out = PILImage.open(io.BytesIO(buffer.getvalue()))
    out.load()
    out.info["dpi"] = page.info.get("dpi", (DPI, DPI))
    return out


def encode(page: Image, fmt: str = "PNG") -> bytes:
    """The page as a file of format ``fmt`` (PNG, JPEG, TIFF), with its resolution."""
    buffer = io.BytesIO()
    dpi = page.info.get("dpi", (DPI, DPI))
    page.save(buffer, fmt, dpi=dpi, **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue()
