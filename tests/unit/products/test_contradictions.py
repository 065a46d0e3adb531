"""Contradictions: both statements must speak of what the question names."""

from __future__ import annotations

from typing import Any

from egide.products import contradictions
from egide.products.context import Context, Passage
from egide.products.model import Source
from egide.security.labels import PUBLIC
from egide.security.principals import make_user


def context(question: str, texts: list[str]) -> Context:
    passages = [
        Passage(f"S{i}", i, f"d{i}", text, 0, "NP", i) for i, text in enumerate(texts, start=1)
    ]
    sources = [
        Source(
            id=p.source,
            document_id=p.document,
            title="",
            origin=None,
            date=None,
            label="NP",
            grade="C3",
            path=f"{p.document}.txt",
        )
        for p in passages
    ]
    return Context(question, make_user("ana", "S", "FRA"), passages, sources, PUBLIC)


def dated(ctx: Context, day: dict[int, str]) -> list[dict[str, Any]]:
    """DATE mentions as the store gives them, one per passage (index → ISO day)."""
    out = []
    for i, value in day.items():
        p = ctx.passages[i]
        at = p.text.index(value[:4]) if value[:4] in p.text else 0
        out.append({"passage": p, "kind": "DATE", "value": value, "norm": value, "char_start": at})
    return out


def test_other_places_in_the_same_wording_do_not_contradict() -> None:
    ctx = context(
        "attaque du poste de Nedel",
        [
            "Selon la presse, l'attaque contre le poste de Nedel a fait 11 tués.",
            "Le compte rendu indique que l'attaque du poste de Nedel a fait 11 tués.",
            "Selon la presse, l'attaque contre le poste de Varno a fait 6 tués.",
            "Le compte rendu indique que l'attaque du poste de Brelo a fait 15 tués.",
        ],
    )
    assert contradictions.find(ctx, []) == []


def test_the_disagreement_on_the_place_asked_about_is_found() -> None:
    ctx = context(
        "attaque du poste de Nedel",
        [
            "Selon la presse, l'attaque contre le poste de Varno a fait 6 tués.",
            "Selon la presse, l'attaque contre le poste de Nedel a fait 11 tués.",
            "Le compte rendu indique que l'attaque du poste de Nedel a fait 14 tués.",
        ],
    )
    [gap] = contradictions.find(ctx, [])
    assert gap.attribute == "pertes" and {c.source for c in gap.citations} == {"S2", "S3"}


def test_an_ordinal_unit_is_an_author() -> None:
    ctx = context(
        "destruction of the Kestel bridge",
        [
            "The Kestel bridge was destroyed by the Aldavian engineers, the ministry said.",
            "A liaison report says the Kestel bridge was destroyed by the 14th Mechanized Brigade.",
        ],
    )
    [gap] = contradictions.find(ctx, [])
    assert gap.attribute == "auteur (destruction)" and "14th mechanized brigade" in gap.text


def test_an_english_explosion_date_is_compared() -> None:
    ctx = context(
        "explosion of the Vinak ammunition depot",
        [
            "The Vinak ammunition depot exploded on May 4, 2026, residents said.",
            "According to the J2 cell, the Vinak ammunition depot exploded on May 6, 2026.",
        ],
    )
    [gap] = contradictions.find(ctx, dated(ctx, {0: "2026-05-04", 1: "2026-05-06"}))
    assert gap.attribute == "date (explosion)"
