from __future__ import annotations

import pytest

from egide.retrieve import analyzer
from egide.retrieve.display import clean, is_marking_line, snippet, title

MARKDOWN = """## 1. Résumé

**SECRET**

| Unité | Effectif |
| --- | --- |
| 14e brigade | **1 200** blindés |

Le convoi est arrivé à Orlen. Le pont de Sarvik a été **détruit** dans la nuit du 15 au 16 mars \
par le [génie aldavien](http://exemple.test/genie). La colonne s'est repliée vers Kelmar."""


def test_the_snippet_is_the_best_matching_sentence_with_its_terms_located() -> None:
    offset = 1000  # the passage starts there in the document
    s = snippet(MARKDOWN, offset, analyzer.query_terms("pont de Sarvik détruit"), "fr")
    assert s.text.startswith("Le pont de Sarvik a été détruit dans la nuit")
    assert "génie aldavien" in s.text and "**" not in s.text and "](" not in s.text
    assert [s.text[a:b] for a, b in s.highlights] == ["pont", "Sarvik", "détruit"]
    # the same matches, as offsets in the stored text
    assert [MARKDOWN[a - offset : b - offset] for a, b in s.matches] == [
        "pont",
        "Sarvik",
        "détruit",
    ]
    assert MARKDOWN[s.start - offset : s.end - offset].startswith("Le pont de Sarvik")


def test_a_neighbouring_sentence_joins_when_it_adds_terms() -> None:
    s = snippet(MARKDOWN, 0, analyzer.query_terms("pont colonne Kelmar"), "fr")
    assert "pont" in s.text and "Kelmar" in s.text
    assert {s.text[a:b] for a, b in s.highlights} == {"pont", "colonne", "Kelmar"}


def test_a_long_sentence_is_windowed_around_its_match() -> None:
    text = "Début " + "mot " * 300 + "le pont de Sarvik " + "mot " * 300 + "fin."
    s = snippet(text, 0, analyzer.query_terms("Sarvik"), "fr", max_chars=120)
    assert len(s.text) <= 130 and s.text.startswith("… ") and s.text.endswith(" …")
    assert [s.text[a:b] for a, b in s.highlights] == ["Sarvik"]


def test_a_passage_found_by_meaning_alone_shows_its_opening() -> None:
    s = snippet("Première phrase. Deuxième phrase.", 0, analyzer.query_terms("zèbre"), "fr")
    assert s.text == "Première phrase. Deuxième phrase." and s.highlights == []


def test_clean_strips_markup_and_keeps_offsets() -> None:
    shown, origin = clean(MARKDOWN)
    assert "|" not in shown and "---" not in shown and "##" not in shown and "**" not in shown
    assert "14e brigade · 1 200 blindés" in shown
    for i, char in enumerate(shown):
        if char not in " ·":
            assert MARKDOWN[origin[i]] == char


@pytest.mark.parametrize(
    ("line", "banner"),
    [
        ("DIFFUSION RESTREINTE", True),
        ("**SECRET**", True),
        ("SECRET – SPÉCIAL FRANCE", True),
        ("NATO SECRET", True),
        ("RESTRICTED / DIFFUSION RESTREINTE — releasable to the CSC Observer Mission", True),
        ("# TOP SECRET//NOFORN", True),
        ("INTSUM 26 MAR 2026 – LOSS OF ALBATRE TACTICAL DRONE", False),
        ("Secret défense : une enquête", False),
        ("Point de situation", False),
    ],
)
def test_marking_lines_are_recognised(line: str, banner: bool) -> None:
    assert is_marking_line(line) is banner


def test_titles_skip_marking_lines() -> None:
    head = "DIFFUSION RESTREINTE\n\n**Compte rendu de liaison n° 7**\nLe 14 mars…"
    assert title("DIFFUSION RESTREINTE", head, "x.md") == "Compte rendu de liaison n° 7"
    assert title("Point de situation", head, "x.md") == "Point de situation"
    assert title(None, "SECRET\n\n", "x.md") == "x.md"
