"""Geofences: a circle (great-circle distance) or a polygon (ray casting on lat/lon, fine
for areas of a theatre's size, away from the poles and the antimeridian)."""

from __future__ import annotations

import math

from egide.stream.rules import Geofence

EARTH_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, a)))


def inside(fence: Geofence, lat: float, lon: float) -> bool:
    if fence.polygon is not None:
        hit = False
        pts = fence.polygon
        for i in range(len(pts)):
            (y1, x1), (y2, x2) = pts[i], pts[i - 1]
            if (y1 > lat) != (y2 > lat):
                x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                if lon < x_at:
                    hit = not hit
        return hit
    assert fence.center is not None and fence.radius_km is not None
    return distance_km(lat, lon, *fence.center) <= fence.radius_km
