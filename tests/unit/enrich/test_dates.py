from __future__ import annotations

import pytest

from egide.enrich.dates import extract, plausible


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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("le 14 février 2026", "2026-02-14"),
        ("le 15 août", "2026-08-15"),
        ("Début avril, la décrue", "2026-04-01"),
        ("à la mi-mars", "2026-03-15"),
        ("fin février", "2026-02-28"),
        ("fin décembre 2025", "2025-12-31"),
        ("in early April", "2026-04-01"),
        ("by late May", "2026-05-31"),
        ("La semaine dernière", "2026-03-13"),
        ("après-demain", "2026-03-22"),
    ],
)
def test_accented_months_and_parts_of_a_month(text: str, value: str) -> None:
    assert [m.value for m in extract(text, "2026-03-20")] == [value]


def test_a_part_of_a_month_without_year_needs_a_reference() -> None:
    assert [m.value for m in extract("début avril", None)] == [None]


def test_a_metadata_date_must_fit_the_dates_of_the_text() -> None:
    text = "Réunion le 21 novembre 2026 ; suite prévue le 3 décembre 2026."
    assert not plausible("2013-05-02T09:00:00+00:00", text)
    assert plausible("2026-11-24T08:00:00+00:00", text)
    assert plausible("2013-05-02", "Aucune date dans ce texte.")
    assert not plausible("pas une date", text)
