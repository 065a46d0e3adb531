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
        return self.extract_many([(text, lang, doc_date)])[0]

    def extract_many(self, items: list[tuple[str, str, str | None]]) -> list[list[Mention]]:
        """``extract`` for each (text, language, date) — the French names tagged in one
        batched pass (messages of a stream: many short texts)."""
        named: dict[int, list[Mention]] = {}
        if self.use_ner:
            french = [i for i, (_, lang, _) in enumerate(items) if lang == "fr"]
            if len(french) > 1:
                tagged = self._spacy.entities_many([items[i][0] for i in french])
                named = dict(zip(french, tagged, strict=True))
            elif french:
                named[french[0]] = self._spacy.entities(items[french[0]][0])
        out = []
        for i, (text, _lang, doc_date) in enumerate(items):
            groups = [geo.extract(text), dates.extract(text, doc_date), self.lexicon.tag(text)]
            if self.use_ner:
                names = named[i] if i in named else rule_entities(text)
                groups.append(noise.clean(names, text, self.lexicon))
            out.append(resolve(groups))
        return out


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
