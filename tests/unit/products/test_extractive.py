"""The extractive engine's order of « Ce qu'il faut retenir »."""

from __future__ import annotations

from egide.products import extractive
from egide.products.context import Context, Passage
from egide.products.model import Source
from egide.security.labels import PUBLIC
from egide.security.principals import make_user


def _source(ident: str) -> Source:
    return Source(
        id=ident,
        document_id=ident,
        title="",
        origin=None,
        date=None,
        label="NP",
        grade="C3",
        path=f"{ident}.txt",
    )


def test_the_search_order_of_passages_weighs_in_the_key_points() -> None:
    far = Passage(
        "S1", 1, "S1", "Le convoi de ravitaillement a quitté Brasna à l'aube.", 0, "NP", 9
    )
    near = Passage(
        "S2",
        2,
        "S2",
        "Le convoi de ravitaillement a rejoint le dépôt de Kelmar avant la tombée de la nuit.",
        0,
        "NP",
        1,
    )
    ctx = Context(
        "convoi de ravitaillement",
        make_user("ana", "S", "FRA"),
        [far, near],  # listed out of the search's order
        [_source("S1"), _source("S2")],
        PUBLIC,
    )
    points, _ = extractive.build(ctx)
    # the sentence of the farther passage is shorter: alone, it would match better
    assert [p.sources[0] for p in points[:1]] == ["S2"]
