"""Whether the passages found speak of the question at all (PRODUCTS.md §2: « aucune
information pertinente dans le périmètre consulté » rather than a brief on something else).

Lexical and deterministic: every name of the question must appear in the passages or in
their documents' titles, and one passage (with its title) must carry enough of the
question's content words, longer words weighing more. Words that only frame the expected
answer (« nom », « année », « raison ») do not count; inflected forms sharing a long start
match (« géologique » / « géologie »). A word that occurs nowhere in what the requester may
read weighs three times as much when it is missing: it is the best sign that the question
is about something the store does not hold.

With vectors, that share is one signal among two: the cosine of the passage closest to the
question in meaning, plus a tenth of the share, must reach a floor: a question worded
unlike its passages is still briefed, one sharing only common words with them is not. The
floors are settings, chosen on the development half of the PIAF measure in ``make eval``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from egide.retrieve.analyzer import fold, stem, tokens
from egide.settings import ProductSettings

if TYPE_CHECKING:
    from egide.products.context import Context

PART_ID = "relevance.hybrid.v3"
#: weight of a missing word that no readable passage of the store contains
UNKNOWN_WEIGHT = 3.0
#: words that say what kind of answer is expected, not what the question is about
_FRAME = frozenset(
    [
        "raison",
        "type",
        "moyen",
        "nom",
        "appelle",
        "appele",
        "appellent",
        "annee",
        "annees",
        "date",
        "lieu",
        "facon",
        "maniere",
        "sorte",
        "genre",
        "quoi",
        "combien",
        "nombre",
        "role",
        "chose",
        "personne",
        "partie",
        "exemple",
        "existe",
        "sont",
        "name",
        "kind",
        "year",
        "reason",
        "way",
        "called",
    ]
)
NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-ZÀ-Ö][\wÀ-ÿ'-]{2,}|[A-Z]{2,}\d*)\b")


def question_words(question: str) -> dict[str, frozenset[str]]:
    """The question's content words, each with the forms it may take in the index (the
    word and its French and English stems)."""
    words = [w for w in tokens(question) if len(w) > 2 and not w.isdigit() and w not in _FRAME]
    return {w: frozenset({w, *stem([w], "fr"), *stem([w], "en")}) for w in dict.fromkeys(words)}


def _weight(word: str) -> float:
    return 1.0 + min(len(word), 10) / 5


def _matches(word: str, forms: frozenset[str], own: set[str]) -> bool:
    if forms & own:
        return True
    if len(word) < 6:
        return False
    head = word[: max(5, len(word) - 3)]
    return any(o.startswith(head) for o in own if len(o) >= 5)


def coverage(ctx: Context) -> float:
    """The best share of the question's weighted content words one passage carries."""
    words = question_words(ctx.question)
    if not words:
        return 1.0
    titles = {s.id: s.title or "" for s in ctx.sources}
    weights = {
        w: _weight(w) * (1.0 if ctx.known is None or w in ctx.known else UNKNOWN_WEIGHT)
        for w in words
    }
    total = sum(weights.values())
    best = 0.0
    for p in ctx.passages:
        own = set(tokens(f"{titles.get(p.source, '')}\n{p.text}"))
        own |= set(stem(list(own), "fr")) | set(stem(list(own), "en"))
        got = sum(weights[w] for w, forms in words.items() if _matches(w, forms, own))
        best = max(best, got / total)
    return best


def missing_names(ctx: Context) -> list[str]:
    """Names of the question that neither the passages nor their titles mention."""
    covered = fold(" ".join([p.text for p in ctx.passages] + [s.title or "" for s in ctx.sources]))
    return [n for n in dict.fromkeys(NAME.findall(ctx.question)) if fold(n) not in covered]


def score(ctx: Context, settings: ProductSettings) -> tuple[float, float]:
    """The relevance score and the floor it must reach: the closest passage's cosine plus
    the weighted share of the question's words when vectors exist, else that share."""
    share = coverage(ctx)
    if ctx.closest is None:
        return share, settings.relevance_floor
    return (
        ctx.closest + settings.relevance_coverage_weight * share,
        settings.relevance_dense_floor,
    )


def relevant(ctx: Context, settings: ProductSettings | None = None) -> bool:
    if not ctx.passages or missing_names(ctx):
        return False
    got, floor = score(ctx, settings or ProductSettings())
    return got >= floor
