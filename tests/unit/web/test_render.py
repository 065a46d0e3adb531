"""Rendering: the banners come from what the content template showed; text is escaped;
highlights are placed on the right characters."""

from __future__ import annotations

import re

from egide.web.render import as_written, fragment, highlight, level_class


def test_highlight_escapes_and_marks() -> None:
    html = str(highlight("a <b> & pont", [(8, 12)]))
    assert html == "a &lt;b&gt; &amp; <mark>pont</mark>"
    ents = str(highlight("Le 15 mars à Sarvik", [
        {"start": 3, "end": 10, "kind": "DATE", "title": "2026-03-15"},
        {"start": 13, "end": 19, "kind": "LOC"},
        {"start": 5, "end": 8, "kind": "X"},  # overlaps the first: skipped
    ]))
    assert '<mark class="ent ent-DATE" title="2026-03-15">15 mars</mark>' in ents
    assert '<mark class="ent ent-LOC" title="LOC">Sarvik</mark>' in ents
    assert ents.count("<mark") == 2


def test_level_class() -> None:
    assert [level_class(m) for m in ("NON PROTÉGÉ", "DR", "SECRET – SPÉCIAL FRANCE", "TS")] == [
        "np", "dr", "s", "ts"
    ]


def test_search_results_mark_every_label_they_show() -> None:
    result = {
        "results": [
            {"rank": 1, "label": "SECRET", "passages": 3,
             "document": {"id": "d1", "title": "<script>x</script>", "path": "p",
                          "label": "DR", "marking": "NATO RESTRICTED", "grade": "B2",
                          "date": "2026-03-15", "source": "radio", "language": "fr"},
             "snippet": {"text": "Le pont.", "highlights": [{"start": 3, "end": 7}]}},
        ],
        "mode": "lexical",
    }
    context = {"q": "pont", "filters": dict.fromkeys(
        ("label", "grade", "since", "until", "source", "lang", "prefer_graded"), ""),
        "all_passages": False, "more": "/search?q=pont&all_passages=true",
        "labels": [], "result": result, "error": None, "viewer": None}
    body, marks = fragment("search.html", context, "fr")
    assert marks.banner().canonical() == "SECRET – SPÉCIAL FRANCE"
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<mark>pont</mark>" in body
    assert "(NATO RESTRICTED)" in body  # the originator's marking, as written
    assert "+2 autre(s) passage(s)" in body
    assert not re.search(r"\sstyle=|<style|on[a-z]+=", body)


def test_the_originators_marking_is_shown_when_it_adds_something() -> None:
    assert as_written("NATO SECRET", "SECRET – OTAN – REL OTAN")
    assert as_written("Confidentiel Défense", "SECRET – SPÉCIAL FRANCE")
    assert not as_written("NP", "NON PROTÉGÉ")
    assert not as_written("dr", "DIFFUSION RESTREINTE – SPÉCIAL FRANCE")
    assert not as_written("SECRET – SPÉCIAL FRANCE", "SECRET – SPÉCIAL FRANCE")
    assert not as_written(None, "NON PROTÉGÉ")
