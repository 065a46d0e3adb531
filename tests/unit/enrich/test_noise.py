"""Markings, DTGs, lexicon acronyms and furniture are not names; names stop at a line."""

from __future__ import annotations

from egide.enrich.lexicon import Lexicon
from egide.enrich.noise import clean
from egide.types import Mention


def named(kind: str, text: str, surface: str) -> Mention:
    start = text.index(surface)
    return Mention(kind, start, start + len(surface), surface, surface.lower(), surface, "t")


def test_noise_is_dropped_and_names_stop_at_a_line_break(lexicon: Lexicon) -> None:
    text = "SECRET\nDTG 141400ZMAR26\nCopie : GTIA\nLe colonel Arkadi Volnec\nKelmar est pris."
    found = [
        named("ORG", text, "SECRET"),
        named("ORG", text, "DTG"),
        named("LOC", text, "141400ZMAR26"),
        named("LOC", text, "Copie"),
        named("ORG", text, "GTIA"),
        named("PER", text, "Arkadi Volnec\nKelmar"),
        Mention("DATE", 11, 23, "141400ZMAR26", "2026-03-14", "2026-03-14", "dates.v1"),
    ]
    kept = clean(found, text, lexicon)
    assert [(m.kind, m.surface) for m in kept] == [
        ("PER", "Arkadi Volnec"),
        ("DATE", "141400ZMAR26"),
    ]
    person = kept[0]
    assert text[person.start : person.end] == "Arkadi Volnec"


def test_short_acronyms_of_names_stay_and_grades_go(lexicon: Lexicon) -> None:
    text = "Le FLT tient la R12 ; la CSC observe. Source cotée B2."
    found = [named("ORG", text, "FLT"), named("LOC", text, "R12"), named("ORG", text, "CSC")]
    found.append(named("LOC", text, "B2"))
    assert [m.surface for m in clean(found, text, lexicon)] == ["FLT", "R12", "CSC"]
