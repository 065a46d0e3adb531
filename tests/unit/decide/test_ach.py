"""ACH scoring: a published worked example, the PARC weights, and properties."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from egide.decide import ach
from egide.decide.ach import Item

H = ["H1", "H2", "H3"]


def _heuer() -> list[Item]:
    """Heuer, *Psychology of Intelligence Analysis* (CIA Center for the Study of
    Intelligence, 1999), ch. 8, figure 15, "Will Iraq retaliate for US bombing of its
    intelligence headquarters?": H1 Iraq will not retaliate, H2 it will sponsor some minor
    terrorist actions, H3 it is planning a major terrorist attack. "+" is C, "−" is I and
    "− −" is II; every item unweighted (medium credibility and relevance)."""
    rows = {
        "E1": ("C", "C", "C"),  # Saddam's public statement of intention not to retaliate
        "E2": ("C", "C", "I"),  # absence of terrorist offensive during the 1991 Gulf War
        "E3": ("C", "C", "I"),  # assumption: Iraq would not want to provoke another attack
        "E4": ("I", "C", "C"),  # increase in monitored Iraqi agent radio broadcasts
        "E5": ("I", "C", "C"),  # embassies told to take increased security precautions
        "E6": ("II", "C", "C"),  # assumption: not retaliating would be a loss of face
    }
    return [Item(k, 1.0, dict(zip(H, v, strict=True))) for k, v in rows.items()]


def test_heuer_figure_15() -> None:
    """Heuer reads the matrix as: H2 has no inconsistent evidence and is the most likely;
    E1, consistent with every hypothesis, has no diagnostic value. The PARC ACH 1.1 count
    (I = 1, II = 2) gives H1 = 4, H2 = 0, H3 = 2."""
    result = ach.score(_heuer(), H)
    assert result.inconsistency == {"H1": 4.0, "H2": 0.0, "H3": 2.0}
    assert result.counts == result.inconsistency
    assert result.ranking == ["H2", "H3", "H1"]
    assert result.diagnosticity["E1"] == 0.0
    assert result.diagnosticity["E6"] == 0.75  # from C (+1) to II (−2): 3 of 4
    assert all(result.diagnosticity[e] == 0.5 for e in ("E2", "E3", "E4", "E5"))
    assert result.unrated == []
    # without E6, H1 ties H3: the order below H2 changes, H2 stays first
    assert result.sensitivity == [
        {"item": "E6", "leader_changes": False, "ranking_without": ["H2", "H1", "H3"]}
    ]


def test_parc_weights_from_admiralty_grades() -> None:
    """Credibility × relevance with Low 1/√2, Medium 1, High √2 (PARC ACH 1.1)."""
    assert ach.grade_weight("A1") == math.sqrt(2)
    assert ach.grade_weight("C3") == 1.0
    assert math.isclose(ach.grade_weight("F6"), 1 / math.sqrt(2))
    assert math.isclose(ach.grade_weight("B4"), 1.0)  # high source, low information
    assert ach.grade_weight(None) == 1.0
    items = _heuer()
    # E4 from an A1 source, highly relevant: weight √2 · √2 = 2; E6 a low-relevance argument
    items[3] = Item("E4", ach.grade_weight("A1") * ach.LEVEL["H"], items[3].ratings)
    items[5] = Item("E6", ach.LEVEL["L"], items[5].ratings)
    result = ach.score(items, H)
    assert math.isclose(result.inconsistency["H1"], 2.0 + 1.0 + 2 / math.sqrt(2))
    assert result.counts["H1"] == 4.0


def test_leave_one_out_names_the_item_that_flips_the_ranking() -> None:
    items = [
        Item("E1", 1.0, {"H1": "I", "H2": "C"}),
        Item("E2", 1.0, {"H1": "C", "H2": "II"}),
        Item("E3", 1.0, {"H1": "C", "H2": "C"}),
    ]
    result = ach.score(items, ["H1", "H2"])
    assert result.ranking == ["H1", "H2"]
    flips = {s["item"]: s for s in result.sensitivity}
    assert set(flips) == {"E2"}, "without E2 the matrix favours H2"
    assert flips["E2"]["leader_changes"] and flips["E2"]["ranking_without"] == ["H2", "H1"]


def test_unrated_cells_are_listed() -> None:
    result = ach.score([Item("E1", 1.0, {"H1": "C", "H2": "NA"})], ["H1", "H2", "H3"])
    assert result.unrated == [("E1", "H3")]


ratings = st.sampled_from(["CC", "C", "N", "I", "II", "NA"])
hyps = ["H1", "H2", "H3", "H4"]
matrices = st.lists(
    st.tuples(
        st.floats(0.1, 3.0),
        st.dictionaries(st.sampled_from(hyps), ratings, min_size=1, max_size=4),
    ),
    max_size=8,
)


@given(matrices, st.floats(0.1, 3.0), st.sampled_from(hyps), st.sampled_from(["C", "CC", "N"]))
def test_a_consistent_item_never_raises_inconsistency(
    rows: list[tuple[float, dict[str, str]]], weight: float, target: str, rating: str
) -> None:
    items = [Item(f"E{i}", w, r) for i, (w, r) in enumerate(rows)]
    before = ach.score(items, hyps).inconsistency
    added = [*items, Item("EX", weight, {target: rating})]
    after = ach.score(added, hyps).inconsistency
    assert after[target] <= before[target]
    assert all(after[h] == before[h] for h in hyps)


@given(ratings, st.floats(0.1, 3.0), st.integers(1, 4))
def test_an_item_rated_alike_everywhere_has_no_diagnosticity(
    rating: str, weight: float, n: int
) -> None:
    item = Item("E1", weight, dict.fromkeys(hyps[:n], rating))
    assert ach.diagnosticity(item, hyps) == 0.0
