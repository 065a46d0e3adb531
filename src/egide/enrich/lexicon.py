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


def _split(form: str) -> list[str]:
    return [w.rstrip(".") for w in _WORD.findall(form.replace("’", "'"))]


class Lexicon:
    """Entries indexed by word n-grams; tagging walks the text once, extending a match
    only while it is the prefix of some entry."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._sensitive: dict[tuple[str, ...], Entry] = {}
        self._insensitive: dict[tuple[str, ...], Entry] = {}
        self._by_expansion: dict[tuple[str, ...], Entry] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        for entry in entries:
            for form in (entry.term, *entry.variants):
                words = _split(form)
                if words:
                    self._index(words, entry, sensitive=_is_case_sensitive(form))
            if entry.is_acronym:
                words = _split(entry.expansion)
                if len(words) > 1:
                    folded = tuple(fold(w) for w in words)
                    self._by_expansion.setdefault(folded, entry)
                    self._add_prefixes(folded)

    def _index(self, words: list[str], entry: Entry, sensitive: bool) -> None:
        folded = tuple(fold(w) for w in words)
        if sensitive:
            self._sensitive.setdefault(tuple(words), entry)
        else:
            self._insensitive.setdefault(folded, entry)
        self._add_prefixes(folded)

    def _add_prefixes(self, folded: tuple[str, ...]) -> None:
        for n in range(1, len(folded) + 1):
            self._prefixes.add(folded[:n])

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

    def _find(self, raw: tuple[str, ...], folded: tuple[str, ...]) -> Entry | None:
        return (
            self._sensitive.get(raw)
            or self._insensitive.get(folded)
            or (self._by_expansion.get(folded) if len(folded) > 1 else None)
        )

    def lookup(self, form: str) -> Entry | None:
        words = _split(form)
        return self._find(tuple(words), tuple(fold(w) for w in words)) if words else None

    def _matches(self, text: str) -> list[tuple[int, int, Entry]]:
        spans = [(m.start(), m.group(0).rstrip(".")) for m in _WORD.finditer(text)]
        raw = [w for _, w in spans]
        folded = [fold(w) for w in raw]
        found: list[tuple[int, int, Entry]] = []
        i = 0
        while i < len(spans):
            best: tuple[int, Entry] | None = None
            n = 1
            while i + n <= len(spans) and tuple(folded[i : i + n]) in self._prefixes:
                entry = self._find(tuple(raw[i : i + n]), tuple(folded[i : i + n]))
                if entry is not None:
                    best = (n, entry)
                n += 1
            if best is None:
                i += 1
                continue
            n, entry = best
            last_start, last_word = spans[i + n - 1]
            found.append((spans[i][0], last_start + len(last_word), entry))
            i += n
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
