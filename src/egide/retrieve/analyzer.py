"""Text analysis shared by indexing and querying: the ``terms`` FTS5 indexes.

Lower case, diacritics folded, French elisions removed (l', d', qu'…), stop words dropped,
Snowball stemming in the text's language. Format characters (zero-width, bidi) are removed
first so that hidden characters cannot split a word out of the index.
"""

from __future__ import annotations

import re
import threading
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
# combining marks (Latin, Greek, Cyrillic, Arabic, Hebrew) and format characters
_MARKS = re.compile(
    "[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]|[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_FORMAT_CHARS = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    words: set[str] = set()
    for name in ("stopwords-fr.txt", "stopwords-en.txt"):
        text = resources.files("egide.retrieve.data").joinpath(name).read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.startswith("#"):
                words.update(fold(w) for w in line.split())
    return frozenset(words)


_LOCAL = threading.local()


def _stemmer(lang: str) -> snowballstemmer.stemmer | None:
    """This thread's stemmer for ``lang``: a Snowball stemmer keeps the word it works on in
    its own state, so two threads sharing one corrupt each other's words (the service
    searches in several threads at once)."""
    algo = _STEMMERS.get(lang)
    if algo is None:
        return None
    mine: dict[str, snowballstemmer.stemmer] | None = getattr(_LOCAL, "stemmers", None)
    if mine is None:
        mine = _LOCAL.stemmers = {}
    if lang not in mine:
        mine[lang] = snowballstemmer.stemmer(algo)
    return mine[lang]


def fold(text: str) -> str:
    """Lower case without diacritics or format characters."""
    if text.isascii():
        return text.lower()
    return _fold_word(text) if len(text) <= 40 else _fold_slow(text)


@lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return _fold_slow(text)


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    if decomposed.isascii():
        return decomposed
    return _MARKS.sub("", decomposed)


def tokens(text: str) -> list[str]:
    """Folded word tokens with elisions removed and stop words dropped."""
    folded = _ELISION.sub(" ", fold(_FORMAT_CHARS.sub("", text).replace("’", "'")))
    stops = stop_words()
    return [w for w in _WORD.findall(folded) if w not in stops and (len(w) > 1 or w.isdigit())]


def stem(words: list[str], lang: str) -> list[str]:
    if lang not in _STEMMERS:
        return words
    return [_stem(word, lang) for word in words]


@lru_cache(maxsize=200_000)
def _stem(word: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    return str(stemmer.stemWord(word)) if stemmer else word


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
