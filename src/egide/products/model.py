"""The brief as one versioned, machine-readable object; every rendering derives from it.

Markings, grades, sources, status and citations are set by code; a model only ever
proposes text that code then verifies.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from egide.i18n import N_

SCHEMA = "egide.brief.v2"
NOTHING_RELEVANT = N_("Aucune information pertinente dans le périmètre consulté.")
DRAFT_MARK = N_("PROJET — NON VALIDÉ")
ORIGIN = N_("Produit généré par Égide (assistance IA) — à valider par un analyste")

#: PRODUCTS.md §4: the only probability words a judgement may use.
ESTIMATIVE = {
    "quasi certain": ">90 %",
    "très probable": "75–90 %",
    "probable": "55–75 %",
    "possible": "45–55 %",
    "peu probable": "25–45 %",
    "très peu probable": "10–25 %",
    "quasi exclu": "<10 %",
}
Likelihood = Literal[
    "quasi certain",
    "très probable",
    "probable",
    "possible",
    "peu probable",
    "très peu probable",
    "quasi exclu",
]


class Citation(BaseModel):
    source: str  # "S2"
    chunk_id: int
    quote: str  # verbatim, found in the chunk
    start: int  # character span in the document's normalised text
    end: int


class Claim(BaseModel):
    text: str
    citations: list[Citation]
    topic: str | None = None


class KeyPoint(BaseModel):
    text: str
    sources: list[str] = Field(default_factory=list)
    likelihood: Likelihood | None = None  # model judgements only


class Source(BaseModel):
    id: str  # "S1"
    document_id: str
    title: str
    origin: str | None
    date: str | None
    label: str
    grade: str
    path: str
    chunk_ids: list[int] = Field(default_factory=list)


class EntityEntry(BaseModel):
    kind: str
    name: str
    mentions: int
    sources: list[str]
    lat: float | None = None
    lon: float | None = None
    mgrs: str | None = None


class TimelineEvent(BaseModel):
    date: str
    text: str
    citations: list[Citation]


class Gap(BaseModel):
    """A contradiction between sources, or a gap stated as an intelligence requirement."""

    kind: Literal[
        "contradiction", "absence", "single_source", "grading", "context_cut", "requirement"
    ]
    text: str
    citations: list[Citation] = Field(default_factory=list)
    attribute: str | None = None  # contradictions: "pertes", "auteur (détruire)", "date"…


class Indicator(BaseModel):
    """What would confirm or refute the assessment: a cited expectation to watch."""

    text: str
    terms: list[str] = Field(default_factory=list)  # for an `egide watch` requirement
    citations: list[Citation] = Field(default_factory=list)


class Suspicious(BaseModel):
    source: str
    kind: str
    excerpt: str


class Validation(BaseModel):
    status: Literal["validated", "rejected"]
    by: str
    at: str
    reason: str
    text_sha256: str


class Brief(BaseModel):
    schema_version: str = Field(SCHEMA, alias="schema")
    id: str
    status: Literal["draft", "validated", "rejected"] = "draft"
    label: str
    engine: str
    question: str
    question_label: str | None = None
    requester: str
    recipients: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    relevant: bool = True
    created: str
    dtg: str
    lang: str = "fr"
    key_points: list[KeyPoint] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    assessment: list[KeyPoint] = Field(default_factory=list)
    entities: list[EntityEntry] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    contradictions: list[Gap] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    suspicious: list[Suspicious] = Field(default_factory=list)
    dropped_claims: int = 0
    notices: list[str] = Field(default_factory=list)
    model: dict[str, str] | None = None
    validation: Validation | None = None

    model_config = {"populate_by_name": True}

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)
