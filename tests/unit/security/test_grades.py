from __future__ import annotations

import pytest

from egide.errors import GradeError
from egide.security.grades import UNGRADED, Grade, parse_grade


def test_default_is_f6() -> None:
    assert parse_grade(None) == UNGRADED == Grade("F", 6)


@pytest.mark.parametrize(
    ("text", "expected"), [("B2", Grade("B", 2)), ("a1", Grade("A", 1)), (" c 3 ", Grade("C", 3))]
)
def test_valid_grades(text: str, expected: Grade) -> None:
    assert parse_grade(text) == expected


@pytest.mark.parametrize("text", ["G1", "A7", "A0", "AA", "", "B22", "2B"])
def test_invalid_grades(text: str) -> None:
    with pytest.raises(GradeError):
        parse_grade(text)
