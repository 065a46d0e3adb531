"""The map: places at one spot share a marker, numbered as in the table, at the highest of
their labels."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from egide.security.labels import parse_label
from egide.web.geo import _markers


def _place(label: str, document: str) -> dict[str, Any]:
    return {"label": label, "document": document, "surface": "x", "title": document}


def test_places_at_one_spot_share_a_marker() -> None:
    viewer: Any = SimpleNamespace(app=SimpleNamespace(parse_marking=parse_label))
    places = [_place("NP", "a"), _place("DR", "b"), _place("NP", "c")]
    points = [(100.0, 100.0), (400.0, 300.0), (101.5, 99.0)]
    markers = _markers(viewer, places, points)
    assert [m["numbers"] for m in markers] == [[1, 3], [2]]
    assert [m["label"] for m in markers] == ["NON PROTÉGÉ", "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"]
    shared = _markers(viewer, [_place("NP", "a"), _place("SECRET", "b")], [(5.0, 5.0)] * 2)
    assert len(shared) == 1 and shared[0]["label"] == "SECRET – SPÉCIAL FRANCE"
