from __future__ import annotations

from egide.enrich.lexicon import Lexicon


def test_lexicon_ships_at_least_300_entries(lexicon: Lexicon) -> None:
    assert len(lexicon.entries) >= 300
    categories = {e.category for e in lexicon.entries}
    assert {"unite", "echelon", "grade", "equipement"} <= categories
    assert sum(e.is_acronym for e in lexicon.entries) >= 150


def test_tags_acronyms_with_case_and_words_without(lexicon: Lexicon) -> None:
    text = "Le GTIA et le 3e RIMa, appuyés par des VBCI, rejoignent le colonel."
    tagged = {m.surface: m for m in lexicon.tag(text)}
    assert tagged["GTIA"].kind == "UNIT"
    assert tagged["VBCI"].kind == "EQUIPMENT"
    assert tagged["colonel"].kind == "RANK"
    for m in tagged.values():
        assert text[m.start : m.end] == m.surface
    assert "gtia" not in {m.surface for m in lexicon.tag("gtia en minuscules")}


def test_expansion_both_ways(lexicon: Lexicon) -> None:
    assert any("interarmes" in e for e in lexicon.expand("position du GTIA"))
    assert "GTIA" in lexicon.expand("le groupement tactique interarmes")


def test_expansion_form_is_tagged_as_the_acronym(lexicon: Lexicon) -> None:
    (m,) = [m for m in lexicon.tag("un groupement tactique interarmes") if m.kind == "UNIT"]
    assert m.name == "GTIA"
