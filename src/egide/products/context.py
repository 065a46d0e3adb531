"""What a brief is built from: the passages the requester may see, numbered as sources.

The product's label is the least upper bound of every passage placed in the context,
cited or not (SECURITY.md §3, no write down).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from egide.ingest.chunking import sentences
from egide.products.model import Source
from egide.products.relevance import question_words
from egide.security.labels import PUBLIC, Label, parse_label
from egide.security.principals import User

if TYPE_CHECKING:
    from egide.app import App

#: markup that hides text from a reader (a comment left in plain text or Markdown), and
#: citations in our own numbering written into a source: both address a machine
_HIDDEN_MARKUP = re.compile(r"<!--.*?(?:-->|$)|\[\s*S\d+\s*\]", re.DOTALL)


@dataclass(frozen=True)
class Sentence:
    passage: Passage
    start: int  # offsets in the document's normalised text
    end: int
    text: str
    flagged: bool  # hostile: never a key point, claim, timeline entry or entity
    why: str = ""


@dataclass
class Passage:
    source: str
    chunk_id: int
    document: str
    text: str
    start: int
    label: str
    rank: int
    findings: list[dict[str, Any]] = field(default_factory=list)
    _sentences: list[Sentence] | None = field(default=None, repr=False, compare=False)

    def sentences(self) -> list[Sentence]:
        """The passage's sentences; those touching a located finding of the scanner or
        hidden markup are flagged. Scattered characters (zero-width, bidi) are located only
        by their first and last position: they flag a sentence when that range is short."""
        if self._sentences is None:
            self._sentences = self._split()
        return self._sentences

    def _split(self) -> list[Sentence]:
        located = [
            (int(f["start"]), int(f.get("end") or f["start"]), str(f.get("kind")))
            for f in self.findings
            if f.get("start") is not None
            and (
                f.get("kind") not in {"zero_width", "bidi"}
                or int(f.get("end") or f["start"]) - int(f["start"]) < 200
            )
        ]
        located += [
            (self.start + m.start(), self.start + m.end(), "hidden_markup")
            for m in _HIDDEN_MARKUP.finditer(self.text)
        ]
        out = []
        for span in sentences(self.text):
            start, end = self.start + span.start, self.start + span.end
            why = next((k for a, b, k in located if a < end and start < max(b, a + 1)), "")
            out.append(Sentence(self, start, end, self.text[span.start : span.end], bool(why), why))
        return out

    def flagged_at(self, start: int, end: int) -> bool:
        """Whether document offsets ``start``–``end`` fall in a flagged sentence."""
        return any(s.flagged and s.start < end and start < s.end for s in self.sentences())


@dataclass
class Context:
    question: str
    requester: User
    passages: list[Passage]
    sources: list[Source]
    label: Label
    cut: int = 0
    #: the question's content words found somewhere in what the requester may read
    known: frozenset[str] | None = None
    #: cosine of the passage closest to the question in meaning (None: no vectors)
    closest: float | None = None

    def by_source(self, source: str) -> list[Passage]:
        return [p for p in self.passages if p.source == source]

    def keep(self, n: int) -> Context:
        """The first ``n`` passages only (to fit a model's window); the label is recomputed
        from what remains."""
        kept = self.passages[:n]
        used = {p.source for p in kept}
        label = PUBLIC
        for p in kept:
            label = label.lub(parse_label(p.label))
        return Context(
            self.question,
            self.requester,
            kept,
            [s for s in self.sources if s.id in used],
            label,
            self.cut + len(self.passages) - n,
            self.known,
            self.closest,
        )


def gather(app: App, user: User, question: str, limit: int) -> Context:
    """Search as the requester (access decided inside the search, audited, re-checked)."""
    outcome = app.search(question, limit)
    hits = outcome.hits
    uids = sorted({h.row["uid"] for h in hits})
    docs: dict[str, Any] = {}
    if uids:
        marks = ",".join("?" * len(uids))
        for row in app.db.execute(
            "SELECT uid, title, source, doc_date, flags, path FROM documents"
            f" WHERE uid IN ({marks})",
            uids,
        ):
            docs[row["uid"]] = dict(row)
    numbering: dict[str, str] = {}
    sources: list[Source] = []
    passages: list[Passage] = []
    label = PUBLIC
    for hit in hits:
        uid = hit.row["uid"]
        doc = docs[uid]
        if uid not in numbering:
            numbering[uid] = f"S{len(numbering) + 1}"
            sources.append(
                Source(
                    id=numbering[uid],
                    document_id=uid,
                    title=doc["title"] or doc["path"],
                    origin=doc["source"],
                    date=doc["doc_date"],
                    label=hit.row["doc_label"],
                    grade=hit.row["grade"],
                    path=doc["path"],
                )
            )
        source = next(s for s in sources if s.id == numbering[uid])
        source.chunk_ids.append(hit.chunk_id)
        passages.append(
            Passage(
                numbering[uid],
                hit.chunk_id,
                uid,
                hit.row["text"],
                hit.row["char_start"],
                hit.row["chunk_label"],
                hit.rank,
                json.loads(doc["flags"]),
            )
        )
        label = label.lub(parse_label(hit.row["chunk_label"]))
    words = question_words(question)
    indexed = app.searcher.present(
        sorted({f for forms in words.values() for f in forms}), app.authority(user)
    )
    known = frozenset(w for w, forms in words.items() if forms & indexed)
    return Context(question, user, passages, sources, label, known=known, closest=outcome.closest)
