"""Banner lines: a line that is essentially only a marking is one; prose is never one."""

from __future__ import annotations

import pytest

from egide.ingest.banner import find, highest, marking, subject_marking
from egide.security.labels import parse_label


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("SECRET", "SECRET"),
        ("**SECRET – SPÉCIAL FRANCE**", "SECRET – SPÉCIAL FRANCE"),
        ("— DIFFUSION RESTREINTE —", "DIFFUSION RESTREINTE"),
        ("TRÈS SECRET DÉFENSE", "TRÈS SECRET"),
        ("NATO SECRET", "NATO SECRET"),
        ("S//SF", "SECRET – SPÉCIAL FRANCE"),
        ("Classification : SECRET", "SECRET"),
        ("SECRET - Page 3/12", "SECRET"),
        ("NON PROTÉGÉ", "NON PROTÉGÉ"),
        ("# CONFIDENTIEL DÉFENSE", "CONFIDENTIEL DÉFENSE"),
        ("RESTRICTED / DIFFUSION RESTREINTE", "DIFFUSION RESTREINTE"),
    ],
)
def test_banner_lines_are_recognised(line: str, expected: str) -> None:
    assert marking(line) == parse_label(expected)


@pytest.mark.parametrize(
    "line",
    [
        "Le secret de la réussite tient au travail.",
        "Secret",
        "Secret défense",
        "SECRET DE FABRICATION",
        "Ce document est SECRET et ne doit pas circuler.",
        "S",
        "DR",
        "NC",
        "TS",
        "S.",
        "S / DR",
        "PARIS / LONDRES",
        "**RESTRICTED / DIFFUSION RESTREINTE — releasable to the CSC Observer Mission**",
        "BULLETIN DE RENSEIGNEMENT QUOTIDIEN (BRQ) N° 061 — CELLULE J2 ALBÂTRE",
        "2026",
        "",
        "SECRET " * 30,
    ],
)
def test_prose_and_bare_abbreviations_are_not_banners(line: str) -> None:
    assert marking(line) is None


def test_subjects_may_lead_with_a_marking() -> None:
    assert subject_marking("SECRET : point sur Kelmar") == parse_label("SECRET")
    assert subject_marking("RE: [DIFFUSION RESTREINTE] réunion") == parse_label("DR")
    assert subject_marking("Tr : NATO SECRET - ordre") == parse_label("NATO SECRET")
    assert subject_marking("Secret : notre recette") is None
    assert subject_marking("DR - point") is None
    assert subject_marking("Point de situation") is None


def test_find_looks_at_edges_pages_headers_and_subject() -> None:
    body = "\n".join(f"Ligne de texte ordinaire numéro {i}." for i in range(20))
    text = f"NON PROTÉGÉ\n{body}\nSECRET"
    assert [(b.where, b.text) for b in find(text, [], [], None)] == [
        ("début", "NON PROTÉGÉ"),
        ("fin", "SECRET"),
    ]
    middle = f"{body}\nSECRET\n{body}"
    assert find(middle, [], [], None) == [], "a marking inside the body is not a banner"
    page2 = len(body) + 2
    paged = f"{body}\n\nDIFFUSION RESTREINTE\n{body}\nTRÈS SECRET\n{body}"
    found = find(paged, [0, page2], [], None)
    assert [(b.where, b.text) for b in found] == [("page 2", "DIFFUSION RESTREINTE")]
    found = find(body, [], ["Ministère des Armées", "SECRET"], "RE: TRÈS SECRET : avis")
    assert [(b.where, b.text) for b in found] == [
        ("en-tête", "SECRET"),
        ("objet", "RE: TRÈS SECRET : avis"),
    ]
    assert highest(found) == parse_label("TRÈS SECRET")
