"""Scanned images (PNG, JPEG, TIFF with its pages): decoded by Pillow within pixel and page
limits, read by Tesseract page by page, the confidence of each page kept."""

from __future__ import annotations

import struct
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from egide.errors import CorruptError, DependencyError, EmptyError, ScanTooLargeError
from egide.ingest import ocr
from egide.ingest.loaders.base import RawDocument
from egide.ingest.scanner import scan_metadata
from egide.settings import OcrSettings

if TYPE_CHECKING:
    from PIL.Image import Image

# What Pillow raises on damaged data, beside its own errors.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
# Text tags a scanner or an editor writes: ImageDescription, Artist, Copyright.
_EXIF_TEXT = (0x010E, 0x013B, 0x8298)


class ImageLoader:
    part_id = "load.image.pillow.v1"
    extensions: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def __init__(self, settings: OcrSettings | None = None) -> None:
        self.settings = settings or OcrSettings()

    def with_ocr(self, settings: OcrSettings) -> ImageLoader:
        return ImageLoader(settings)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        image = _open(path, data)
        try:
            count = getattr(image, "n_frames", 1)
            if count > self.settings.max_pages:
                raise ScanTooLargeError(f"{path.name}: {count} pages > {self.settings.max_pages}")
            first = self._decode(image, path, 0)  # before the metadata: PNG's EXIF loads
            findings = scan_metadata(_metadata(image))
            record = ocr.OcrRecord(ocr.Tesseract.open(self.settings))
            pages: list[str] = []
            for index in range(count):
                frame = first if index == 0 else self._decode(image, path, index)
                page = record.tesseract.read(frame, f"{path.name}, page {index + 1}", _dpi(frame))
                record.add(index + 1, page)
                pages.append(page.text)
            size = {"format": image.format, "width": image.width, "height": image.height}
        finally:
            image.close()
        if not any(p.strip() for p in pages):
            raise EmptyError(f"{path.name} (aucun texte reconnu / no text recognised)")
        return [
            RawDocument(
                pages,
                meta={"image": {**size, "pages": count}, "ocr": record.meta()},
                findings=findings + record.findings(),
                parts={"ocr": ocr.PART_ID},
            )
        ]

    def _decode(self, image: Image, path: Path, index: int) -> Image:
        """Frame ``index``, decoded, after its size was checked against the limit."""
        from PIL import ImageOps

        where = f"{path.name}, page {index + 1}"
        try:
            image.seek(index)
            pixels = image.width * image.height
            if pixels > self.settings.max_pixels:
                raise ScanTooLargeError(
                    f"{where}: {image.width} × {image.height} pixels > {self.settings.max_pixels}"
                )
            _load_whole(image)
            # upright, as a viewer shows it (a photographed page is often stored on its side)
            return ImageOps.exif_transpose(image)
        except _DECODE_ERRORS as exc:
            raise CorruptError(f"{where}: {exc}") from None


_TRUNCATION = threading.Lock()


def _load_whole(image: Image) -> None:
    """Decode every pixel, refusing a cut file even where another library (WeasyPrint
    does, on import) told Pillow to accept truncated images."""
    from PIL import ImageFile

    with _TRUNCATION:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _open(path: Path, data: bytes) -> Image:
    """The image, its header read (nothing decoded yet); Pillow's decompression-bomb
    guard applies."""
    try:
        from PIL import Image as PILImage
        from PIL import UnidentifiedImageError
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise DependencyError("Pillow", install="pip install pillow") from exc
    import io

    try:
        with warnings.catch_warnings():
            # the configured limit (ingest.ocr.max_pixels) decides; Pillow's own hard
            # limit (twice its warning threshold) still raises
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            return PILImage.open(io.BytesIO(data), formats=("PNG", "JPEG", "TIFF"))
    except PILImage.DecompressionBombError as exc:
        raise ScanTooLargeError(f"{path.name}: {exc}") from None
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise CorruptError(f"{path.name}: {exc}") from None


def _metadata(image: Image) -> list[str | None]:
    """Text a scan carries besides its pixels (PNG text chunks, EXIF/TIFF descriptions)."""
    values: list[str | None] = [v for v in image.info.values() if isinstance(v, str)]
    try:
        exif = image.getexif()
    except _DECODE_ERRORS:
        return values
    for tag in _EXIF_TEXT:
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if isinstance(value, str):
            values.append(value)
    return values


def _dpi(image: Image) -> int | None:
    """The resolution the file declares, if it is a plausible scan resolution."""
    value: Any = image.info.get("dpi")
    try:
        dpi = round(float(value[0]))
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 70 <= dpi <= 2400 else None
