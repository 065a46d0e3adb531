"""Coordinates: decimal and DMS latitude/longitude, and MGRS — normalised to lat/lon."""

from __future__ import annotations

import re

from egide.types import Mention

PART_ID = "geo.v1"

_DEG = r"\s?°?\s?"
_HEMI_DECIMAL = re.compile(
    rf"\b(\d{{1,2}}(?:[.,]\d+)?){_DEG}([NS])[,;\s/]+(\d{{1,3}}(?:[.,]\d+)?){_DEG}([EWO])\b"
)
_PREFIX_DECIMAL = re.compile(
    r"\b([NS])\s?(\d{1,2}(?:\.\d+)?)°?[,;\s/]+([EWO])\s?(\d{1,3}(?:\.\d+)?)°?"
)
_SIGNED_DECIMAL = re.compile(
    r"(?<![\w.])(-?\d{1,2}\.\d{3,})\s*[,;]\s*(-?\d{1,3}\.\d{3,})(?!\w|\.\d)"
)
_SEC = r"(?:\"|″|''|”)"
_MIN = r"(?:'|′|’)"
_DMS_ONE = rf"(\d{{1,3}})\s?°\s?(\d{{1,2}})\s?{_MIN}\s?(?:(\d{{1,2}}(?:[.,]\d+)?)\s?{_SEC})?\s?"
_DMS = re.compile(rf"{_DMS_ONE}([NS])[,;\s/]+{_DMS_ONE}([EWO])")
_MGRS = re.compile(r"\b(\d{1,2}[C-HJ-NP-X])\s?([A-HJ-NP-Z]{2})\s?(\d{2,5})\s?(\d{2,5})\b")


def _mention(m: re.Match[str], lat: float, lon: float) -> Mention | None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    norm = f"{lat:.4f},{lon:.4f}"
    return Mention(
        "COORD",
        m.start(),
        m.end(),
        m.group(0),
        norm,
        norm,
        PART_ID,
        value=f"{lat:.6f},{lon:.6f}",
        lat=round(lat, 6),
        lon=round(lon, 6),
    )


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _sign(hemi: str) -> int:
    return -1 if hemi in {"S", "W", "O"} else 1


def _mgrs_to_latlon(zone: str, square: str, east: str, north: str) -> tuple[float, float] | None:
    if len(east) != len(north):
        return None
    return mgrs_to_latlon(f"{zone}{square}{east}{north}")


def mgrs_to_latlon(reference: str) -> tuple[float, float] | None:
    """An MGRS reference (no spaces) → lat/lon, or ``None`` when it is not valid."""
    if not _MGRS.fullmatch(reference.upper()):
        return None
    try:
        import mgrs
    except ImportError:  # pragma: no cover - declared dependency
        return None
    try:
        lat, lon = mgrs.MGRS().toLatLon(reference.upper())
    except Exception:  # the library raises bare exceptions on invalid squares
        return None
    return float(lat), float(lon)


def extract(text: str) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def keep(item: Mention | None) -> None:
        if item and not any(item.start < e and s < item.end for s, e in taken):
            taken.append((item.start, item.end))
            found.append(item)

    for m in _DMS.finditer(text):
        d1, m1, s1, h1, d2, m2, s2, h2 = m.groups()
        lat = _sign(h1) * (int(d1) + int(m1) / 60 + (_num(s1) if s1 else 0) / 3600)
        lon = _sign(h2) * (int(d2) + int(m2) / 60 + (_num(s2) if s2 else 0) / 3600)
        keep(_mention(m, lat, lon))
    for m in _HEMI_DECIMAL.finditer(text):
        keep(
            _mention(m, _sign(m.group(2)) * _num(m.group(1)), _sign(m.group(4)) * _num(m.group(3)))
        )
    for m in _PREFIX_DECIMAL.finditer(text):
        keep(
            _mention(
                m, _sign(m.group(1)) * float(m.group(2)), _sign(m.group(3)) * float(m.group(4))
            )
        )
    for m in _SIGNED_DECIMAL.finditer(text):
        keep(_mention(m, float(m.group(1)), float(m.group(2))))
    for m in _MGRS.finditer(text):
        latlon = _mgrs_to_latlon(*m.groups())
        if latlon:
            keep(_mention(m, *latlon))
    return sorted(found, key=lambda x: x.start)


def latlon_to_mgrs(lat: float, lon: float, digits: int = 5) -> str | None:
    """Decimal degrees → an MGRS reference (``42UUA2499512345``), or ``None`` outside
    its range (the poles)."""
    try:
        import mgrs
    except ImportError:  # pragma: no cover - declared dependency
        return None
    try:
        return str(mgrs.MGRS().toMGRS(lat, lon, MGRSPrecision=digits))
    except Exception:  # the library raises bare exceptions out of range
        return None
