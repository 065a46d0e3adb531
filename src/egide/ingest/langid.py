"""Language identification with lingua, restricted to the configured languages."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from egide.errors import DependencyError

PART_ID = "lang.lingua.v1"
UNDETERMINED = "und"


@lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]) -> Any:
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise DependencyError("lingua", install="pip install lingua-language-detector") from exc
    codes = []
    for code in languages:
        try:
            codes.append(IsoCode639_1.from_str(code))
        except ValueError:
            continue
    if len(codes) < 2:
        return None
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str, languages: tuple[str, ...]) -> str:
    """ISO 639-1 code of ``text`` among ``languages``, or ``und``."""
    sample = text[:3000]
    if not any(c.isalpha() for c in sample):
        return UNDETERMINED
    if len(languages) == 1:
        return languages[0]
    detector = _detector(languages)
    if detector is None:
        return languages[0] if languages else UNDETERMINED
    found = detector.detect_language_of(sample)
    return UNDETERMINED if found is None else str(found.iso_code_639_1.name).lower()
