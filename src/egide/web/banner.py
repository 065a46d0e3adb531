"""The marking banner of every page: the least upper bound of every marking the page
displays, computed here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from egide.security.labels import PUBLIC, Label, parse_label


def lub_of(markings: Iterable[str | Label]) -> Label:
    """The least upper bound of ``markings`` (canonical texts or labels); a page that
    displays no marked content is ``NON PROTÉGÉ``."""
    out = PUBLIC
    for marking in markings:
        out = out.lub(marking if isinstance(marking, Label) else parse_label(marking))
    return out


class Marks:
    """The markings one rendering displays. Templates show every marked item through
    ``mark`` (which records it and returns its canonical text); the banner is then
    computed from what was actually rendered."""

    def __init__(self, parse: Callable[[str], Label] = parse_label) -> None:
        self.parse = parse  # the store's reading of markings (its NATO nations)
        self.seen: list[Label] = []
        self.draft = False

    def mark(self, marking: str | Label) -> str:
        label = marking if isinstance(marking, Label) else self.parse(marking)
        self.seen.append(label)
        return label.canonical()

    def watermark(self) -> str:
        """Called by a template that shows a draft: the page carries the watermark."""
        self.draft = True
        return ""

    def banner(self) -> Label:
        return lub_of(self.seen)
