"""All entity extractors of one document, with overlaps resolved by priority."""

from __future__ import annotations

from bisect import bisect_left

from egide.enrich import dates, geo, noise
from egide.enrich.lexicon import PART_ID as LEXICON_PART
from egide.enrich.lexicon import Lexicon
from egide.enrich.ner import RULES_PART, SPACY_PART, SpacyFrench, rule_entities
from egide.types import Mention


class Enricher:
    """Coordinates, dates, lexicon terms, then named entities; earlier wins on overlap."""

    def __init__(self, lexicon: Lexicon, use_ner: bool = True) -> None:
        self.lexicon = lexicon
        self.use_ner = use_ner
        self._spacy = SpacyFrench()

    def parts(self, lang: str) -> dict[str, str]:
        parts = {"dates": dates.PART_ID, "geo": geo.PART_ID, "lexicon": LEXICON_PART}
        if self.use_ner:
            parts["ner"] = SPACY_PART if lang == "fr" else RULES_PART
        return parts

    def named(self, text: str, lang: str) -> list[Mention]:
        """The tagger's names as it gives them, noise included."""
        return self._spacy.entities(text) if lang == "fr" else rule_entities(text)

    def extract(self, text: str, lang: str, doc_date: str | None) -> list[Mention]:
        groups = [geo.extract(text), dates.extract(text, doc_date), self.lexicon.tag(text)]
        if self.use_ner:
            groups.append(noise.clean(self.named(text, lang), text, self.lexicon))
        return resolve(groups)


def resolve(groups: list[list[Mention]]) -> list[Mention]:
    """Mentions of every group, in text order; an earlier group wins an overlap, and within
    a group the earlier (then longer) mention. Linear-logarithmic: any length of text."""
    kept: list[Mention] = []
    starts: list[int] = []  # the kept spans, disjoint, in order
    ends: list[int] = []
    for group in groups:
        for mention in sorted(group, key=lambda m: (m.start, -m.end)):
            # only the kept span starting last before this one ends can overlap it
            at = bisect_left(starts, mention.end)
            if at and ends[at - 1] > mention.start:
                continue
            starts.insert(at, mention.start)
            ends.insert(at, mention.end)
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)
