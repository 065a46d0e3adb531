"""Admiralty source grading: reliability A–F and credibility 1–6 (SECURITY.md §4)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from egide.errors import GradeError

_GRADE = re.compile(r"^([A-F])\s*([1-6])$")


@dataclass(frozen=True)
class Grade:
    reliability: str
    credibility: int

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"


#: Unknown or open sources: reliability cannot be judged, truth cannot be judged.
UNGRADED = Grade("F", 6)


def parse_grade(text: str | None) -> Grade:
    """``"B2"`` → Grade("B", 2); ``None`` → F6; anything else raises ``GradeError``."""
    if text is None:
        return UNGRADED
    match = _GRADE.match(text.strip().upper())
    if not match:
        raise GradeError(grade=text)
    return Grade(match.group(1), int(match.group(2)))
