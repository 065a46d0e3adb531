from __future__ import annotations

import sqlite3

import pytest

from egide.errors import FilterError
from egide.retrieve.filters import grade_weight, make_filters
from egide.security.labels import Label, Level, parse_label

FRA = frozenset({"FRA"})


def docs() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE d (id, grade, doc_date, source, language)")
    conn.executemany(
        "INSERT INTO d VALUES (?, ?, ?, ?, ?)",
        [
            (1, "A1", "2026-03-14", "DRM — ROHUM", "fr"),
            (2, "B2", "2026-03-16T08:15:00", "Presse ouverte", "en"),
            (3, "C3", "2026-04-02", "Presse ouverte", "fr"),
            (4, "F6", None, None, "fr"),
            (5, "A6", "2026-04-09", "drm", "fr"),
        ],
    )
    return conn


def ids(**kwargs: object) -> list[int]:
    where, params = make_filters(**kwargs).sql()  # type: ignore[arg-type]
    sql = "SELECT id FROM d d" + (f" WHERE {where}" if where else "") + " ORDER BY id"
    return [r[0] for r in docs().execute(sql, params)]


def test_each_filter_narrows_by_document_fields() -> None:
    assert ids() == [1, 2, 3, 4, 5]
    assert ids(grade="B2") == [1, 2]
    assert ids(grade="b") == [1, 2, 5]
    assert ids(since="2026-03-16") == [2, 3, 5]
    assert ids(since="2026-04") == [3, 5]
    assert ids(until="2026-03") == [1, 2]
    assert ids(since="2026-03-15", until="2026-04-02") == [2, 3]
    assert ids(source="drm") == [1, 5]
    assert ids(lang="EN") == [2]
    assert ids(grade="C", lang="fr", source="presse") == [3]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"grade": "G1"},
        {"grade": "B9"},
        {"since": "16/03/2026"},
        {"until": "2026-3"},
        {"lang": "fra"},
    ],
)
def test_bad_filters_are_refused_with_a_code(kwargs: dict[str, str]) -> None:
    with pytest.raises(FilterError) as info:
        make_filters(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == "E-FILTER"


def test_the_label_filter_keeps_what_a_product_at_that_label_may_hold() -> None:
    labels = {
        1: Label(Level.NP),
        2: Label(Level.DR, releasability=FRA),
        3: Label(Level.S, releasability=FRA),
        4: Label(Level.DR, frozenset({"OTAN"}), frozenset({"FRA", "DEU"})),
    }
    keep = make_filters(label=parse_label("DR")).labels([1, 2, 3, 4], labels)
    assert keep == [1, 2]


def test_better_grades_weigh_more() -> None:
    assert grade_weight("F6") == 1.0 and grade_weight("A1") == 1.5
    assert grade_weight("A1") > grade_weight("B2") > grade_weight("C3") > grade_weight("F6")
