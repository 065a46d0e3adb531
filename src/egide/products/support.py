"""Does a quote support a claim? A verbatim quote only proves that the source says the
quote; the claim a model writes around it must say no more. A claim survives when its
numbers, names and codes appear in the quote, its polarity (negation) is the quote's, and
most of its content words are the quote's own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from egide.retrieve.analyzer import fold, stem, stop_words, tokens

PART_ID = "support.lexical.v1"
#: content words a claim may add to its quote: one per five beyond the first
NOVEL_EVERY = 6
#: words that report or hedge rather than add content
_FRAME = frozenset(
    fold(w)
    for w in [
        "selon",
        "d'après",
        "rapporte",
        "rapportent",
        "rapporté",
        "indique",
        "indiquent",
        "indiqué",
        "signale",
        "signalent",
        "signalé",
        "affirme",
        "affirment",
        "affirmé",
        "annonce",
        "annoncent",
        "déclare",
        "déclarent",
        "source",
        "sources",
        "auteur",
        "auteurs",
        "environ",
        "près",
        "vers",
        "également",
        "aussi",
        "ainsi",
        "alors",
        "notamment",
        "toujours",
        "encore",
        "déjà",
        "according",
        "reported",
        "reports",
        "says",
        "said",
        "states",
        "stated",
        "indicates",
        "indicated",
        "about",
        "around",
        "also",
        "still",
        "already",
        "approximately",
    ]
)

_NUMBER = re.compile(r"\d+(?:[  .,]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[\w’'-]+")
_CAPITAL = re.compile(r"^[A-ZÀ-ÖØ-Þ]")
#: nationality adjectives are written in lower case in French: who did what
_DEMONYM = re.compile(r"^\w{3,}(?:iens?|iennes?|ians?|ais|aises?)$")
_NOT_DEMONYM = frozenset(
    [
        "desormais",
        "jamais",
        "mauvais",
        "epais",
        "frais",
        "palais",
        "relais",
        "marais",
        "delais",
        "essais",
        "biais",
        "anciens",
        "ancienne",
        "anciennes",
        "moyens",
        "quotidien",
        "quotidiens",
        "chretiens",
        "gardiens",
    ]
)
_NEGATION = re.compile(
    r"(?<![\w-])(?:ne|n['’]|pas|jamais|aucun|aucune|nullement|non|ni|sans|plus\s+aucun|"
    r"not|no|never|none|nor|neither|without|n['’]t)(?![\w-])|\w+n['’]t\b",
    re.IGNORECASE,
)
_SPELLED = {
    "deux": "2",
    "trois": "3",
    "quatre": "4",
    "cinq": "5",
    "six": "6",
    "sept": "7",
    "huit": "8",
    "neuf": "9",
    "dix": "10",
    "douze": "12",
    "quinze": "15",
    "vingt": "20",
    "trente": "30",
    "cent": "100",
    "mille": "1000",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "twenty": "20",
    "hundred": "100",
    "thousand": "1000",
}


@dataclass(frozen=True)
class Verdict:
    supported: bool
    reason: str  # "", "number", "entity", "negation", "overlap"
    overlap: float


def _numbers(text: str) -> set[str]:
    found = {re.sub(r"[  .,]", "", m.group(0)) for m in _NUMBER.finditer(text)}
    found |= {_SPELLED[w] for w in tokens(text) if w in _SPELLED}
    return {n.lstrip("0") or "0" for n in found}


def _names(text: str) -> set[str]:
    """Proper names, acronyms and codes: capitalised words not opening a sentence, words
    in capitals, words mixing letters and digits (``A1``, ``R12``)."""
    out: set[str] = set()
    stops = stop_words()
    opening = True
    for m in _WORD.finditer(text):
        word = m.group(0).strip("-’'")
        folded = fold(word)
        before = text[max(0, m.start() - 2) : m.start()]
        opening = opening or bool(re.search(r"[.!?:;—–«\"(]\s*$", before))
        coded = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
        shouted = len(word) >= 2 and word.isupper() and word.isalpha()
        named = bool(_CAPITAL.match(word)) and not opening
        named = named or (bool(_DEMONYM.match(folded)) and folded not in _NOT_DEMONYM)
        if (coded or shouted or named) and folded not in stops and len(folded) > 1:
            out.add(folded)
        opening = False
    return out


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text.replace("’", "'")))


def _polarity_differs(claim: str, quote: str) -> bool:
    """The claim is negative where no part of the quote is, or it restates a negative
    clause of the quote without its negation."""
    clauses = [c for c in re.split(r"[,;:«»()]|\s[—–-]\s", quote) if c.strip()]
    negative = [c for c in clauses if _negated(c)]
    if _negated(claim):
        return not negative
    words = set(_content(claim))
    for clause in negative:
        content = set(_content(clause))
        if len(content) >= 2 and len(content & words) / len(content) >= 0.5:
            return True
    return False


def _content(text: str) -> list[str]:
    return [w for w in tokens(text) if not w.isdigit() and len(w) > 2 and w not in _SPELLED]


def _stems(words: list[str]) -> set[str]:
    return set(stem(words, "fr")) | set(stem(words, "en")) | set(words)


def check(claim: str, quotes: list[str]) -> Verdict:
    """Whether ``quotes`` (verbatim spans of the sources cited) support ``claim``."""
    quote = " ".join(quotes)
    quote_words = set(tokens(quote))
    quote_stems = _stems(list(quote_words))
    words = [w for w in _content(claim) if w not in _FRAME]
    matched = sum(
        1 for w in words if w in quote_words or _stems([w]) & quote_stems or _prefix(w, quote_words)
    )
    overlap = matched / len(words) if words else 0.0
    novel = len(words) - matched
    if not _numbers(claim) <= _numbers(quote):
        return Verdict(False, "number", overlap)
    names = {n for n in _names(claim) if not n.isdigit()}
    missing = [
        n
        for n in names
        if n not in quote_words and not _prefix(n, quote_words) and n not in fold(quote)
    ]
    if missing:
        return Verdict(False, "entity", overlap)
    if _polarity_differs(claim, quote):
        return Verdict(False, "negation", overlap)
    if not words or novel > (len(words) - 1) // NOVEL_EVERY:
        return Verdict(False, "overlap", overlap)
    return Verdict(True, "", overlap)


def _prefix(word: str, vocabulary: set[str]) -> bool:
    """Inflected forms sharing a long common start (``aldavien`` / ``aldaviennes``)."""
    if len(word) < 5:
        return False
    head = word[: max(5, len(word) - 3)]
    return any(v.startswith(head) for v in vocabulary if len(v) >= 5)
