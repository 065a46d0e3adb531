"""Term matching ignores case and accents but respects word boundaries; geofences."""

from __future__ import annotations

from egide.stream import geo
from egide.stream.match import Matcher, fold
from egide.stream.rules import Geofence


def test_case_and_accents_do_not_matter_words_do() -> None:
    m = Matcher(["Vipère 6", "pont flottant", "PMP", "drone"])
    assert m.find(fold("VIPERE 6 signale un PONT FLOTTANT")) == {"vipere 6", "pont flottant"}
    assert m.find(fold("drones et PMPs")) == set()
    assert m.find(fold("le drone’s wing")) == {"drone"}
    assert Matcher([]).find("rien") == set()


def test_circle_and_polygon() -> None:
    circle = Geofence(center=(49.812, 66.437), radius_km=2)
    assert geo.inside(circle, 49.813, 66.436) and not geo.inside(circle, 49.9, 66.437)
    square = Geofence(polygon=[(49.0, 66.0), (49.0, 67.0), (50.0, 67.0), (50.0, 66.0)])
    assert geo.inside(square, 49.5, 66.5) and not geo.inside(square, 50.5, 66.5)
    assert geo.distance_km(49.0, 66.0, 50.0, 66.0) > 110
