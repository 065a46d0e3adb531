"""An offline basemap, drawn on the server as SVG: an equirectangular view of the points'
extent (cosine-corrected at its middle latitude), a graticule at a round step in degrees
and a scale bar in kilometres. Nothing is fetched: the basemap is computed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 900
MARGIN = 36
KM_PER_DEGREE = 111.32
_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0)
_SCALES_KM = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)


@dataclass
class Plot:
    width: int
    height: int
    points: list[tuple[float, float]]  # x, y in the same order as the input
    meridians: list[tuple[float, str]]  # x, label
    parallels: list[tuple[float, str]]  # y, label
    scale: tuple[float, str] = (0.0, "")  # length in px, label
    extent: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # S, W, N, E
    notes: list[str] = field(default_factory=list)


def _step(span: float) -> float:
    for step in _STEPS:
        if span / step <= 8:
            return step
    return _STEPS[-1]


def _fmt(value: float, positive: str, negative: str, step: float) -> str:
    decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    return f"{abs(value):.{decimals}f}°{positive if value >= 0 else negative}"


def plot(coords: Sequence[tuple[float, float]]) -> Plot:
    """Project ``(lat, lon)`` points into a frame with a graticule and a scale."""
    if not coords:
        return Plot(WIDTH, WIDTH // 2, [], [], [])
    lats = [c[0] for c in coords]
    lons = [c[1] for c in coords]
    south, north = min(lats), max(lats)
    west, east = min(lons), max(lons)
    pad = max(north - south, east - west, 0.02) * 0.12
    south, north = max(south - pad, -90.0), min(north + pad, 90.0)
    west, east = max(west - pad, -180.0), min(east + pad, 180.0)
    squash = max(math.cos(math.radians((south + north) / 2)), 0.05)
    span_x = (east - west) * squash
    span_y = north - south
    inner_w = WIDTH - 2 * MARGIN
    scale = inner_w / max(span_x, 1e-9)
    inner_h = span_y * scale
    if inner_h > inner_w:  # a tall extent: fit the height instead
        scale = inner_w / max(span_y, 1e-9)
        inner_h = inner_w
    height = int(inner_h + 2 * MARGIN)

    def x_of(lon: float) -> float:
        return MARGIN + (lon - west) * squash * scale

    def y_of(lat: float) -> float:
        return MARGIN + (north - lat) * scale

    step = _step(max(east - west, north - south))
    meridians = [
        (x_of(v), _fmt(v, "E", "O", step))
        for v in _ticks(west, east, step)
    ]
    parallels = [(y_of(v), _fmt(v, "N", "S", step)) for v in _ticks(south, north, step)]
    km_per_px = KM_PER_DEGREE / scale
    target = km_per_px * inner_w / 4
    km = max((s for s in _SCALES_KM if s <= target), default=_SCALES_KM[0])
    label = f"{km:g} km"
    return Plot(
        WIDTH,
        height,
        [(x_of(lon), y_of(lat)) for lat, lon in coords],
        meridians,
        parallels,
        (km / km_per_px, label),
        (south, west, north, east),
    )


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    out = []
    value = first
    while value <= high + 1e-9:
        out.append(round(value, 6))
        value += step
    return out
