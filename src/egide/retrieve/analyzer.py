"""Text analysis shared by indexing and querying: the ``terms`` FTS5 indexes.

Lower case, diacritics folded, French elisions removed (l', d', qu'…), stop words dropped,
Snowball stemming in the text's language. Format characters (zero-width, bidi) are removed
first so that hidden characters cannot split a word out of the index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import snowballstemmer

PART_ID = "analyze.snowball.v1"
_STEMMERS = {
    "fr": "french",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "ru": "russian",
}
_WORD = re.compile(r"\w+", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    words: set[str] = set()
    for name in ("stopwords-fr.txt", "stopwords-en.txt"):
        text = resources.files("egide.retrieve.data").joinpath(name).read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.startswith("#"):
                words.update(fold(w) for w in line.split())
    return frozenset(words)


@lru_cache(maxsize=16)
def _stemmer(lang: str) -> snowballstemmer.stemmer | None:
    algo = _STEMMERS.get(lang)
    return snowballstemmer.stemmer(algo) if algo else None


def fold(text: str) -> str:
    """Lower case without diacritics or format characters."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) not in {"Mn", "Cf"})


def tokens(text: str) -> list[str]:
    """Folded word tokens with elisions removed and stop words dropped."""
    cleaned = "".join(c for c in text if unicodedata.category(c) != "Cf")
    cleaned = re.sub(r"[’']", "'", cleaned)
    out = []
    stops = stop_words()
    for raw in re.split(r"\s+", cleaned):
        raw = _ELISION.sub("", raw)
        for word in _WORD.findall(fold(raw)):
            if word not in stops and (len(word) > 1 or word.isdigit()):
                out.append(word)
    return out


def stem(words: list[str], lang: str) -> list[str]:
    stemmer = _stemmer(lang)
    return stemmer.stemWords(words) if stemmer else words


def terms(text: str, lang: str) -> str:
    """The indexed form of ``text``: space-separated stems."""
    return " ".join(stem(tokens(text), lang))


def query_terms(text: str, langs: tuple[str, ...] = ("fr", "en")) -> list[str]:
    """Stems of a query in each candidate language (a query's language is rarely certain)."""
    words = tokens(text)
    seen: dict[str, None] = {}
    for lang in langs:
        for term in stem(words, lang):
            seen.setdefault(term, None)
    return list(seen)
