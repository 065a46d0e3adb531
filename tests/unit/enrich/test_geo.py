from __future__ import annotations

import pytest

from egide.enrich.geo import extract


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("position 49.8123, 66.4521 relevée", 49.8123, 66.4521),
        ("at 49.8123°N 66.4521°E", 49.8123, 66.4521),
        ("at 33.5°S 18.25°W", -33.5, -18.25),
        ("N49.8 E66.45", 49.8, 66.45),
        ("49°50'46\"N 66°27'07\"E", 49 + 50 / 60 + 46 / 3600, 66 + 27 / 60 + 7 / 3600),
        ("49°50′46″N 66°27′07″E", 49 + 50 / 60 + 46 / 3600, 66 + 27 / 60 + 7 / 3600),
    ],
)
def test_latlon_forms(text: str, lat: float, lon: float) -> None:
    (m,) = extract(text)
    assert m.lat == pytest.approx(lat, abs=1e-5) and m.lon == pytest.approx(lon, abs=1e-5)
    assert text[m.start : m.end] == m.surface


def test_mgrs_is_converted() -> None:
    import mgrs

    expected = mgrs.MGRS().toLatLon("42UUA1681924622")
    for text in ("42U UA 16819 24622", "42UUA1681924622"):
        (m,) = extract(f"gué à {text} selon la fiche")
        assert m.lat == pytest.approx(expected[0], abs=1e-4)
        assert m.lon == pytest.approx(expected[1], abs=1e-4)


def test_no_false_positives_on_plain_numbers() -> None:
    assert extract("12.5, 3.2 tonnes; version 1.2.3; 2026-03-14; 45, 12") == []
    assert extract("latitude 95.1234, 10.1234") == []
