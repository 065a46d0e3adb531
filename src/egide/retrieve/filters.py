"""Search filters: applied inside each retriever, before its top-k, like access control —
never to a finished list (a filter must not starve the results)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from egide.errors import Bilingual as B
from egide.errors import FilterError
from egide.security.grades import Grade
from egide.security.labels import Label

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_GRADE = re.compile(r"^([A-F])([1-6])?$")
_LANG = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class SearchFilters:
    """What a requester narrows a search to. Every field is optional."""

    #: at most this label: only what could go into a product at that label
    label: Label | None = None
    #: at least this grade: reliability letter, and credibility digit when given ("B2", "B")
    grade: str | None = None
    #: document date bounds, inclusive: YYYY, YYYY-MM or YYYY-MM-DD
    since: str | None = None
    until: str | None = None
    #: part of the source's name, case-insensitive
    source: str | None = None
    #: ISO 639-1 language of the document
    lang: str | None = None
    #: rank better-graded sources first among equally relevant ones
    prefer_graded: bool = False

    @property
    def narrows(self) -> bool:
        """Whether rows are filtered (beyond the label set)."""
        fields = (self.grade, self.since, self.until, self.source, self.lang)
        return any(v is not None for v in fields)

    def labels(self, allowed: Sequence[int], labels: Mapping[int, Label]) -> list[int]:
        """The readable label ids this filter keeps."""
        if self.label is None:
            return list(allowed)
        cap = self.label
        return [i for i in allowed if cap.dominates(labels[i])]

    def sql(self) -> tuple[str, list[Any]]:
        """A condition on the document ``d`` of a chunk, and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        if self.grade is not None:
            parts.append("substr(d.grade, 1, 1) <= ?")
            params.append(self.grade[0])
            if len(self.grade) > 1:
                parts.append("CAST(substr(d.grade, 2, 1) AS INTEGER) <= ?")
                params.append(int(self.grade[1]))
        if self.since is not None:
            parts.append("d.doc_date IS NOT NULL AND substr(d.doc_date, 1, ?) >= ?")
            params += [len(self.since), self.since]
        if self.until is not None:
            parts.append("d.doc_date IS NOT NULL AND substr(d.doc_date, 1, ?) <= ?")
            params += [len(self.until), self.until]
        if self.source is not None:
            parts.append("instr(lower(coalesce(d.source, '')), lower(?)) > 0")
            params.append(self.source)
        if self.lang is not None:
            parts.append("d.language = ?")
            params.append(self.lang)
        return " AND ".join(f"({p})" for p in parts), params

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label.canonical() if self.label else None,
            "grade": self.grade,
            "since": self.since,
            "until": self.until,
            "source": self.source,
            "lang": self.lang,
            "prefer_graded": self.prefer_graded or None,
        }
        return {k: v for k, v in out.items() if v is not None}


def make_filters(
    label: Label | None = None,
    grade: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    prefer_graded: bool = False,
) -> SearchFilters:
    """Validated filters from a person's input; raises ``FilterError`` (E-FILTER)."""
    if grade is not None:
        grade = grade.strip().upper()
        if not _GRADE.match(grade):
            raise FilterError(
                B(f"cotation « {grade} » (A–F, puis 1–6)", f"grade '{grade}' (A–F, then 1–6)")
            )
    for name, value in (("since", since), ("until", until)):
        if value is not None and not _DATE.match(value.strip()):
            raise FilterError(
                B(
                    f"--{name} « {value} » (AAAA, AAAA-MM ou AAAA-MM-JJ)",
                    f"--{name} '{value}' (YYYY, YYYY-MM or YYYY-MM-DD)",
                )
            )
    if lang is not None:
        lang = lang.strip().lower()
        if not _LANG.match(lang):
            raise FilterError(B(f"langue « {lang} » (fr, en…)", f"language '{lang}' (fr, en…)"))
    if source is not None and not source.strip():
        source = None
    return SearchFilters(
        label=label,
        grade=grade,
        since=since.strip() if since else None,
        until=until.strip() if until else None,
        source=source.strip() if source else None,
        lang=lang,
        prefer_graded=prefer_graded,
    )


def grade_weight(grade: str) -> float:
    """1.0 for F6 (unknown) up to 1.5 for A1: a gentle preference, not a filter."""
    g = Grade(grade[0], int(grade[1]))
    reliability = (ord("F") - ord(g.reliability)) / 5
    credibility = (6 - g.credibility) / 5
    return 1.0 + 0.25 * (reliability + credibility)
