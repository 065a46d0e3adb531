"""The banner of a page is the least upper bound of every marking it displays."""

from __future__ import annotations

from egide.security.labels import Label, Level, parse_label
from egide.web.banner import Marks, lub_of


def test_nothing_displayed_is_non_protege() -> None:
    assert lub_of([]).canonical() == "NON PROTÉGÉ"
    assert Marks().banner().canonical() == "NON PROTÉGÉ"


def test_lub_over_levels_compartments_and_releasability() -> None:
    label = lub_of(["DIFFUSION RESTREINTE", "SECRET – SPÉCIAL FRANCE", "NON PROTÉGÉ"])
    assert label.level == Level.S
    assert label.releasability == frozenset({"FRA"})
    otan = lub_of(["SECRET – OTAN – REL FRA, DEU", parse_label("NON PROTÉGÉ")])
    assert otan.compartments == frozenset({"OTAN"})
    assert otan.releasability == frozenset({"FRA", "DEU"})
    both = lub_of([otan, "DR"])  # a national marking is Spécial France by default
    assert both.releasability == frozenset({"FRA"})
    assert both.canonical() == "SECRET – OTAN – SPÉCIAL FRANCE"
    assert all(both.dominates(parse_label(m)) for m in ("SECRET – OTAN – REL FRA, DEU", "S//SF"))


def test_marks_record_what_a_template_shows() -> None:
    marks = Marks()
    assert marks.mark("DR") == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    assert marks.banner().canonical() == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    marks.mark("SECRET")
    assert marks.banner().level == Level.S
    assert not marks.draft
    marks.watermark()
    assert marks.draft


def test_marks_read_markings_with_the_stores_settings() -> None:
    seen: list[str] = []

    def parse(marking: str) -> Label:
        seen.append(marking)
        return parse_label(marking, nato=frozenset({"FRA", "DEU"}))

    marks = Marks(parse)
    assert marks.mark("NATO SECRET") == "SECRET – OTAN – REL FRA, DEU"
    assert seen == ["NATO SECRET"]
    assert marks.banner().releasability == frozenset({"FRA", "DEU"})
