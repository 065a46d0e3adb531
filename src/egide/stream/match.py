"""Multi-pattern term matching, case- and accent-insensitive, on word boundaries: every
term of every watchlist and rule compiled into one alternation, run once per message."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Lower case, no accents, straight quotes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


class Matcher:
    def __init__(self, terms: Iterable[str]) -> None:
        folded = sorted({fold(t) for t in terms if fold(t)}, key=len, reverse=True)
        self.terms = folded
        self._re = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in folded) + r")(?!\w)")
            if folded
            else None
        )

    def find(self, folded_text: str) -> set[str]:
        """The terms present in ``folded_text`` (already folded)."""
        if self._re is None:
            return set()
        return {m.group(0) for m in self._re.finditer(folded_text)}
