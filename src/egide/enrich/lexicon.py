"""The French military lexicon shipped with Égide (``data/lexique.tsv``).

Used to tag entities (units, equipment, ranks, organisations, jargon) and to expand
queries: an acronym brings its expansion, an expansion brings its acronym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from egide.retrieve.analyzer import fold
from egide.types import Mention

PART_ID = "lexicon.fr-mil.v1"
_KINDS = {
    "unite": "UNIT",
    "equipement": "EQUIPMENT",
    "grade": "RANK",
    "echelon": "ECHELON",
    "organisation": "ORG",
    "fonction": "ROLE",
}
_WORD = re.compile(r"[\w]+(?:[-'’.][\w]+)*\.?", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    term: str
    expansion: str
    category: str
    variants: tuple[str, ...]

    @property
    def kind(self) -> str:
        return _KINDS.get(self.category, "TERM")

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.term if c.isalpha()]
        return sum(c.isupper() for c in letters) >= 2 and " " not in self.term


def _is_case_sensitive(form: str) -> bool:
    """Acronyms match with their case ("PC" is not "pc"); words match in any case."""
    letters = [c for c in form if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 and " " not in form


def _key(words: list[str], sensitive: bool) -> str:
    return " ".join(words) if sensitive else fold(" ".join(words))


def _split(form: str) -> list[str]:
    return [w.rstrip(".") for w in _WORD.findall(form.replace("’", "'"))]


class Lexicon:
    """Entries indexed by word n-grams for linear-time tagging."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._sensitive: dict[str, Entry] = {}
        self._insensitive: dict[str, Entry] = {}
        self._by_expansion: dict[str, Entry] = {}
        self.max_words = 1
        for entry in entries:
            for form in (entry.term, *entry.variants):
                words = _split(form)
                if not words:
                    continue
                sensitive = _is_case_sensitive(form)
                table = self._sensitive if sensitive else self._insensitive
                table.setdefault(_key(words, sensitive), entry)
                self.max_words = max(self.max_words, len(words))
            if entry.is_acronym:
                self._by_expansion.setdefault(fold(" ".join(_split(entry.expansion))), entry)

    @classmethod
    def load(cls) -> Lexicon:
        text = resources.files("egide.enrich.data").joinpath("lexique.tsv").read_text("utf-8")
        entries = []
        for line in text.splitlines()[1:]:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            cols += [""] * (4 - len(cols))
            variants = tuple(v.strip() for v in cols[3].split("|") if v.strip())
            entries.append(Entry(cols[0].strip(), cols[1].strip(), cols[2].strip(), variants))
        return cls(entries)

    def lookup(self, form: str) -> Entry | None:
        words = _split(form)
        if not words:
            return None
        return (
            self._sensitive.get(_key(words, True))
            or self._insensitive.get(_key(words, False))
            or self._by_expansion.get(fold(" ".join(words)))
        )

    def _matches(self, text: str) -> list[tuple[int, int, Entry]]:
        spans = [(m.start(), m.end(), m.group(0).rstrip(".")) for m in _WORD.finditer(text)]
        found: list[tuple[int, int, Entry]] = []
        i = 0
        while i < len(spans):
            hit = None
            for n in range(min(self.max_words, len(spans) - i), 0, -1):
                words = [s[2] for s in spans[i : i + n]]
                entry = (
                    self._sensitive.get(_key(words, True))
                    or self._insensitive.get(_key(words, False))
                    or (self._by_expansion.get(fold(" ".join(words))) if n > 1 else None)
                )
                if entry is not None:
                    start, end = spans[i][0], spans[i + n - 1][0] + len(spans[i + n - 1][2])
                    hit = (start, end, entry, n)
                    break
            if hit:
                found.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return found

    def tag(self, text: str) -> list[Mention]:
        return [
            Mention(
                entry.kind,
                start,
                end,
                text[start:end],
                fold(entry.term),
                entry.term,
                PART_ID,
                value=entry.expansion,
            )
            for start, end, entry in self._matches(text)
        ]

    def expand(self, query: str) -> list[str]:
        """Extra phrases for a query: expansions of its acronyms, acronyms of its phrases."""
        extra: list[str] = []
        for start, end, entry in self._matches(query):
            surface = fold(query[start:end])
            if not entry.is_acronym:
                continue
            other = entry.term if surface == fold(entry.expansion) else entry.expansion
            if fold(other) != surface and other not in extra:
                extra.append(other)
        return extra
