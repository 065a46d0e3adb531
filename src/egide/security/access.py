"""The one access decision. Every path that returns content, counts or ids goes through it.

Search filters by the set of label ids this function admits, inside the query, before any
ranking (SECURITY.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable

from egide.security.labels import Label
from egide.security.principals import Authority


def may_read(authority: Authority, label: Label) -> bool:
    """No read up: clearance ≥ level, every compartment held, a nationality released to."""
    if authority.level < int(label.level):
        return False
    if not label.compartments <= authority.compartments:
        return False
    return label.releasability is None or bool(label.releasability & authority.nationalities)


def readable(authority: Authority, labels: Iterable[tuple[int, Label]]) -> list[int]:
    """Ids of the labels ``authority`` may read, from ``(id, label)`` pairs."""
    return sorted(label_id for label_id, label in labels if may_read(authority, label))
