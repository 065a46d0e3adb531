from __future__ import annotations

import pytest

from egide.enrich.dates import extract


def values(text: str, ref: str | None = "2026-03-20") -> dict[str, str | None]:
    return {m.surface: m.value for m in extract(text, ref)}


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("le 14 mars 2026", "14 mars 2026", "2026-03-14"),
        ("le 1er avril 2026", "1er avril 2026", "2026-04-01"),
        ("le 3 avril", "3 avril", "2026-04-03"),
        ("March 14, 2026", "March 14, 2026", "2026-03-14"),
        ("on 14th March 2026", "14th March 2026", "2026-03-14"),
        ("2026-03-12", "2026-03-12", "2026-03-12"),
        ("12/03/2026", "12/03/2026", "2026-03-12"),
        ("271200ZNOV26", "271200ZNOV26", "2026-11-27T12:00:00+00:00"),
        ("151200Z MAR 26", "151200Z MAR 26", "2026-03-15T12:00:00+00:00"),
        ("141630BMAR26", "141630BMAR26", "2026-03-14T16:30:00+02:00"),
        ("hier", "hier", "2026-03-19"),
        ("avant-hier", "avant-hier", "2026-03-18"),
        ("il y a trois jours", "il y a trois jours", "2026-03-17"),
        ("il y a 2 semaines", "il y a 2 semaines", "2026-03-06"),
        ("yesterday", "yesterday", "2026-03-19"),
        ("5 days ago", "5 days ago", "2026-03-15"),
        ("aujourd’hui", "aujourd’hui", "2026-03-20"),
    ],
)
def test_resolves_dates(text: str, surface: str, value: str) -> None:
    assert values(text)[surface] == value


def test_relative_dates_need_a_reference() -> None:
    got = {m.surface: m for m in extract("hier et le 3 avril", None)}
    assert got["hier"].value is None and got["3 avril"].value is None
    assert got["hier"].norm.startswith("?")


def test_invalid_calendar_dates_are_not_dates() -> None:
    assert extract("31/02/2026 et 2026-13-01", None) == []


def test_offsets_point_at_the_surface() -> None:
    text = "Rapport du 151200Z MAR 26 : le pont est tombé hier."
    for m in extract(text, "2026-03-15"):
        assert text[m.start : m.end] == m.surface
