from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egide.errors import LabelCharsError, LabelEmptyError, LabelError
from egide.security.labels import Label, Level, default_releasability, parse_label
from egide.security.nations import NATO_NATIONS
from egide.security.principals import Authority
from egide.security.recheck import may_release

FRA = frozenset({"FRA"})
OTAN = frozenset({"OTAN"})


@pytest.mark.parametrize(
    ("marking", "expected"),
    [
        ("NP", Label(Level.NP)),
        ("Non protégé", Label(Level.NP)),
        ("DR", Label(Level.DR, releasability=FRA)),
        ("diffusion restreinte", Label(Level.DR, releasability=FRA)),
        ("SECRET", Label(Level.S, releasability=FRA)),
        ("Très Secret", Label(Level.TS, releasability=FRA)),
        ("TRES SECRET", Label(Level.TS, releasability=FRA)),
        ("S//SF", Label(Level.S, releasability=FRA)),
        ("SECRET – SPÉCIAL FRANCE", Label(Level.S, releasability=FRA)),
        ("SECRET - SPECIAL FRANCE", Label(Level.S, releasability=FRA)),
        ("SECRET SPÉCIAL FRANCE", Label(Level.S, releasability=FRA)),
        ("DIFFUSION RESTREINTE – SPÉCIAL FRANCE", Label(Level.DR, releasability=FRA)),
        ("Confidentiel Défense", Label(Level.S, releasability=FRA)),
        ("SECRET DÉFENSE", Label(Level.S, releasability=FRA)),
        ("Très Secret Défense", Label(Level.TS, releasability=FRA)),
        ("NATO UNCLASSIFIED", Label(Level.DR, OTAN, NATO_NATIONS)),
        ("NATO RESTRICTED", Label(Level.DR, OTAN, NATO_NATIONS)),
        ("NATO CONFIDENTIAL", Label(Level.S, OTAN, NATO_NATIONS)),
        ("NATO SECRET", Label(Level.S, OTAN, NATO_NATIONS)),
        ("COSMIC TOP SECRET", Label(Level.TS, OTAN, NATO_NATIONS)),
        ("SECRET – OTAN", Label(Level.S, OTAN, NATO_NATIONS)),
        ("SECRET – REL OTAN", Label(Level.S, releasability=NATO_NATIONS)),
        ("SECRET//REL TO NATO", Label(Level.S, releasability=NATO_NATIONS)),
        ("NATO SECRET – SPÉCIAL FRANCE", Label(Level.S, OTAN, FRA)),
        ("NP – SPÉCIAL FRANCE", Label(Level.NP, releasability=FRA)),
        ("S//OPS-ALPHA//SF", Label(Level.S, frozenset({"OPS-ALPHA"}), FRA)),
        (
            "SECRET – OPS-ALPHA – REL TO FRA, DEU",
            Label(Level.S, frozenset({"OPS-ALPHA"}), frozenset({"FRA", "DEU"})),
        ),
        ("  secret  ", Label(Level.S, releasability=FRA)),
    ],
)
def test_parse_accepts_common_written_forms(marking: str, expected: Label) -> None:
    assert parse_label(marking) == expected


def test_canonical_forms() -> None:
    assert parse_label("s//sf").canonical() == "SECRET – SPÉCIAL FRANCE"
    assert parse_label("NATO SECRET").canonical() == "SECRET – OTAN – REL OTAN"
    assert parse_label("NATO SECRET").short() == "S//OTAN//REL OTAN"
    assert parse_label("DR").canonical() == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    assert parse_label("NP").canonical() == "NON PROTÉGÉ"
    assert parse_label("S//OPS-ALPHA//REL FRA DEU").short() == "S//OPS-ALPHA//REL FRA DEU"


def test_a_national_marking_without_releasability_is_special_france() -> None:
    """SECURITY.md §1: absent releasability is not "anyone"."""
    deu_otan = Authority(int(Level.S), OTAN, frozenset({"DEU"}))
    fra = Authority(int(Level.S), frozenset(), frozenset({"FRA"}))
    for marking in ("DR", "SECRET", "CONFIDENTIEL DÉFENSE", "SECRET – OPS-ALPHA"):
        label = parse_label(marking)
        assert label.releasability == FRA, marking
        assert not may_release(deu_otan, label.canonical())
    assert may_release(fra, parse_label("SECRET").canonical())
    assert parse_label("NP").releasability is None


def test_nato_markings_are_releasable_to_the_configured_nato_nations() -> None:
    label = parse_label("NATO SECRET")
    assert label.releasability == NATO_NATIONS and {"FRA", "DEU", "USA"} <= NATO_NATIONS
    deu = Authority(int(Level.S), OTAN, frozenset({"DEU"}))
    aus = Authority(int(Level.S), OTAN, frozenset({"AUS"}))
    assert may_release(deu, label.canonical()) and not may_release(aus, label.canonical())
    few = frozenset({"FRA", "DEU"})
    assert parse_label("NATO SECRET", nato=few).releasability == few
    assert parse_label("NATO SECRET", nato=few).canonical() == "SECRET – OTAN – REL FRA, DEU"
    assert default_releasability(Level.NP, OTAN, few) == few


@pytest.mark.parametrize("marking", [None, "", "   ", "\t"])
def test_empty_marking_is_refused(marking: str | None) -> None:
    with pytest.raises(LabelEmptyError) as info:
        parse_label(marking)
    assert info.value.code == "E-LABEL-EMPTY"


@pytest.mark.parametrize(
    "marking",
    [
        "SECERT",
        "CONFIDENTIAL",
        "TOP SECRET",
        "SECRET//",
        "//SECRET",
        "SECRET//secret",
        "SECRET//REL TO FR",
        "SECRET//SF//SF",
        "SECRET – NP",
        "UNCLASSIFIED",
        "S S",
        "X" * 300,
        "SECRET//OPS_ALPHA",
    ],
)
def test_unknown_or_malformed_marking_is_refused(marking: str) -> None:
    with pytest.raises(LabelError):
        parse_label(marking)


@pytest.mark.parametrize(
    "marking",
    [
        "SEC\u200bRET",  # zero-width space
        "SECRET\u202e",  # right-to-left override
        "S\u0415CRET",  # Cyrillic Е homoglyph
        "ЅECRET",  # Cyrillic DZE
        "ＳＥＣＲＥＴ",  # full-width Latin
        "SECRET\x00",  # control character
        "SECRET;DROP TABLE",  # punctuation outside the marking alphabet
    ],
)
def test_suspicious_characters_are_refused(marking: str) -> None:
    with pytest.raises(LabelCharsError) as info:
        parse_label(marking)
    assert info.value.code == "E-LABEL-CHARS"


def test_error_renders_code_what_and_fix_in_both_languages() -> None:
    with pytest.raises(LabelError) as info:
        parse_label("SECERT")
    fr, en = info.value.render("fr"), info.value.render("en")
    assert fr.startswith("[E-LABEL] Marquage refusé") and " — " in fr
    assert en.startswith("[E-LABEL] Marking refused") and "unknown classification level" in en


def test_dominates_on_each_axis() -> None:
    s, dr = Label(Level.S), Label(Level.DR)
    s_sf = Label(Level.S, releasability=FRA)
    s_alpha = Label(Level.S, frozenset({"OPS-ALPHA"}))
    assert s.dominates(dr) and not dr.dominates(s)
    assert s_sf.dominates(s) and not s.dominates(s_sf)
    assert s_alpha.dominates(s) and not s.dominates(s_alpha)
    assert not s_alpha.dominates(s_sf) and not s_sf.dominates(s_alpha)


# --- properties of the lattice ----------------------------------------------------------

COMPARTMENTS = st.frozensets(st.sampled_from(["OTAN", "OPS-ALPHA", "OPS-BRAVO", "NUC"]), max_size=3)
NATIONS = st.one_of(
    st.none(), st.frozensets(st.sampled_from(["FRA", "DEU", "GBR", "USA"]), max_size=3)
)
labels = st.builds(Label, st.sampled_from(list(Level)), COMPARTMENTS, NATIONS)


@given(labels, labels)
def test_lub_is_commutative(a: Label, b: Label) -> None:
    assert a.lub(b) == b.lub(a)


@given(labels, labels, labels)
def test_lub_is_associative(a: Label, b: Label, c: Label) -> None:
    assert a.lub(b).lub(c) == a.lub(b.lub(c))


@given(labels)
def test_lub_is_idempotent(a: Label) -> None:
    assert a.lub(a) == a


@given(labels, labels)
def test_lub_dominates_both(a: Label, b: Label) -> None:
    joined = a.lub(b)
    assert joined.dominates(a) and joined.dominates(b)


@given(labels, labels, labels)
def test_lub_is_least(a: Label, b: Label, c: Label) -> None:
    if c.dominates(a) and c.dominates(b):
        assert c.dominates(a.lub(b))


@given(labels, labels)
def test_glb_is_dominated_by_both(a: Label, b: Label) -> None:
    met = a.glb(b)
    assert a.dominates(met) and b.dominates(met)


written = labels.filter(
    lambda a: a.releasability is not None or (a.level == Level.NP and "OTAN" not in a.compartments)
)


@given(written)
def test_canonical_and_short_forms_round_trip(a: Label) -> None:
    """Every label a marking can produce reads back as itself from both written forms."""
    assert parse_label(a.canonical()) == a
    assert parse_label(a.short()) == a


@given(labels)
def test_reading_a_canonical_form_never_loosens_it(a: Label) -> None:
    assert parse_label(a.canonical()).dominates(a)
