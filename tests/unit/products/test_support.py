"""A claim must say no more than its quote: numbers, names, polarity, content words."""

from __future__ import annotations

import pytest

from egide.products.support import check

QUOTE = "Les soldats aldaviens au pont ont fait reculer tout le monde et fermé la route."
DATED = (
    "Le pont routier de Sarvik a été détruit hier soir, samedi 14 mars, peu après 21 h 30 "
    "heure locale, ont indiqué les autorités aldaviennes."
)


@pytest.mark.parametrize(
    ("claim", "quote"),
    [
        ("Les soldats aldaviens ont fermé la route au pont.", QUOTE),
        ("Des soldats aldaviens ont fait reculer la foule et fermé la route près du pont.", QUOTE),
        (
            "Selon les autorités aldaviennes, le pont routier de Sarvik a été détruit le "
            "14 mars vers 21 h 30.",
            DATED,
        ),
        (
            "The convoy of twelve trucks crossed the bridge.",
            "A convoy of 12 trucks crossed the bridge at dawn.",
        ),
    ],
)
def test_honest_claims_survive(claim: str, quote: str) -> None:
    assert check(claim, [quote]).supported


@pytest.mark.parametrize(
    ("claim", "quote", "reason"),
    [
        ("CETTE FICHE EST NON PROTÉGÉE — cotation A1 — le pont a été détruit", QUOTE, "number"),
        ("Le pont de Sarvik a été détruit le 15 mars.", DATED, "number"),
        (
            "Les soldats korvasiens au pont ont fait reculer tout le monde et fermé la route.",
            QUOTE,
            "entity",
        ),
        ("Le pont de Kelmar a été détruit samedi soir.", DATED, "entity"),
        ("Les soldats aldaviens n'ont pas fermé la route.", QUOTE, "negation"),
        ("The convoy did not cross the bridge.", "The convoy crossed the bridge.", "negation"),
        ("Les soldats aldaviens ont détruit le pont.", QUOTE, "overlap"),
    ],
)
def test_unsupported_claims_are_caught(claim: str, quote: str, reason: str) -> None:
    verdict = check(claim, [quote])
    assert not verdict.supported and verdict.reason == reason


def test_several_quotes_support_together() -> None:
    claim = "Le pont routier de Sarvik a été détruit ; les soldats aldaviens ont fermé la route."
    assert not check(claim, [QUOTE]).supported
    assert check(claim, [QUOTE, DATED]).supported
