"""A product's marking (SECURITY.md §3, no write down): the least upper bound of the
question and of everything placed in the model's context in any attempt, cited or not."""

from __future__ import annotations

from collections.abc import Iterable

from egide.errors import AccessDeniedError
from egide.i18n import Msg
from egide.security.access import may_read
from egide.security.labels import Label, Level, parse_label
from egide.security.principals import Authority


def question_label(authority: Authority, declared: str | None = None) -> Label:
    """The question's own label. What a requester types may carry what they know: by
    default it is marked at their authority (level, compartments and, above NP, their
    nationality); a requester may declare a lower marking, never one they cannot read."""
    if declared is not None:
        label = parse_label(declared)
        if not may_read(authority, label):
            raise AccessDeniedError(
                Msg("le marquage déclaré pour la question dépasse votre habilitation")
            )
        return label
    level = Level(max(int(Level.NP), authority.level))
    rel = authority.nationalities if level > Level.NP and authority.nationalities else None
    return Label(level, authority.compartments, rel)


def product_label(question: Label, *contents: Iterable[str]) -> Label:
    """The lub of the question's label and every canonical label in ``contents``."""
    label = question
    for labels in contents:
        for text in labels:
            label = label.lub(parse_label(text))
    return label
