from __future__ import annotations

from egide.retrieve.analyzer import query_terms, terms, tokens
from egide.retrieve.fusion import rrf
from egide.retrieve.lexical import match_expression


def test_french_analysis_folds_elides_stems_and_drops_stop_words() -> None:
    assert terms("L'armée a déployé les véhicules jusqu'à la frontière.", "fr") == (
        terms("ARMEE deploye vehicules frontiere", "fr")
    )
    assert "la" not in tokens("la frontière")


def test_hidden_characters_do_not_split_words() -> None:
    assert terms("Sar\u200bvik", "fr") == terms("Sarvik", "fr")


def test_query_terms_cover_both_languages() -> None:
    got = query_terms("armoured vehicles")
    assert "vehicl" in got  # English stem


def test_match_expression_quotes_every_term() -> None:
    expr = match_expression(['a"b', "OR", "NEAR(x"])
    assert expr == '"a""b" OR "OR" OR "NEAR(x"'


def test_rrf() -> None:
    fused = rrf([[1, 2, 3], [3, 1]], k=60)
    assert [i for i, _ in fused] == [1, 3, 2]
