from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egide.errors import UserError
from egide.security.access import may_read, readable
from egide.security.labels import Label, Level
from egide.security.principals import NOBODY, Authority, make_user

FRA = frozenset({"FRA"})


def auth(level: Level, comps: set[str] | None = None, nation: str = "FRA") -> Authority:
    return Authority(int(level), frozenset(comps or ()), frozenset({nation}))


def test_no_read_up() -> None:
    assert may_read(auth(Level.DR), Label(Level.DR))
    assert may_read(auth(Level.DR), Label(Level.NP))
    assert not may_read(auth(Level.DR), Label(Level.S))


def test_compartments_must_all_be_held() -> None:
    label = Label(Level.S, frozenset({"OTAN", "OPS-ALPHA"}))
    assert not may_read(auth(Level.TS, {"OTAN"}), label)
    assert may_read(auth(Level.S, {"OTAN", "OPS-ALPHA", "X"}), label)


def test_special_france_needs_french_nationality() -> None:
    label = Label(Level.S, frozenset({"OTAN"}), FRA)
    assert not may_read(auth(Level.TS, {"OTAN"}, "DEU"), label)
    assert may_read(auth(Level.S, {"OTAN"}, "FRA"), label)


def test_nobody_reads_nothing() -> None:
    assert not may_read(NOBODY, Label(Level.NP))
    assert readable(NOBODY, [(1, Label(Level.NP))]) == []


def test_readable_returns_only_admitted_ids() -> None:
    pairs = [
        (1, Label(Level.NP)),
        (2, Label(Level.DR)),
        (3, Label(Level.S)),
        (4, Label(Level.S, releasability=FRA)),
    ]
    assert readable(auth(Level.DR), pairs) == [1, 2]
    assert readable(auth(Level.S, nation="DEU"), pairs) == [1, 2, 3]


LEVELS = st.sampled_from(list(Level))
COMPS = st.frozensets(st.sampled_from(["OTAN", "OPS-ALPHA", "NUC"]), max_size=3)
NATIONS = st.sampled_from(["FRA", "DEU", "USA"])


@settings(max_examples=2000)
@given(
    LEVELS,
    COMPS,
    NATIONS,
    LEVELS,
    COMPS,
    st.one_of(st.none(), st.frozensets(st.sampled_from(["FRA", "DEU", "USA"]), max_size=2)),
)
def test_access_matches_the_lattice(
    ul: Level, uc: frozenset[str], un: str, ll: Level, lc: frozenset[str], lr: frozenset[str] | None
) -> None:
    """may_read(user, label) ⇔ the user's own label dominates it on level and compartments
    and the user's nationality is released to."""
    label = Label(ll, lc, lr)
    user = Label(ul, uc, frozenset({un}))
    expected = ul >= ll and uc >= lc and (lr is None or un in lr)
    assert may_read(Authority(int(ul), uc, frozenset({un})), label) is expected
    if expected:
        assert user.lub(label).level == ul


def test_make_user_validates_input() -> None:
    user = make_user("ana", "s", "fra", ["ops-alpha"], ["analyst", "validator"])
    assert user.clearance is Level.S and user.nationality == "FRA"
    assert user.compartments == frozenset({"OPS-ALPHA"})
    for bad in [("Ana", "S", "FRA"), ("ana", "SECRET", "FRA"), ("ana", "S", "France")]:
        with pytest.raises(UserError):
            make_user(*bad)
    with pytest.raises(UserError):
        make_user("ana", "S", "FRA", roles=["king"])
