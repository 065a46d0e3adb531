"""The decision file (dossier de décision) as one versioned, machine-readable object.

Every element cites evidence (a chunk and a quote that code verified in it) or is marked as
an assumption. Markings, grades, hashes, the proposition d'état-major's ranking and the
décision du chef are set by code or by named people, never by a model.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from egide.i18n import N_
from egide.stream.rules import Geofence, When

SCHEMA = "egide.decision.v1"
PROPOSAL_MARK = N_("Proposition d'état-major")
AI_MARK = N_("proposé par IA")

Rating = Literal["CC", "C", "N", "I", "II", "NA"]
Level3 = Literal["H", "M", "L"]
Direction = Literal["max", "min"]
Method = Literal["wsum", "topsis", "promethee"]
ConclusionKind = Literal["limitation", "impératif", "risque", "opportunité", "présupposition"]
ConclusionStatus = Literal["validée", "à vérifier", "infirmée"]
Designation = Literal["probable", "dangereux"]
Priority = Literal["FLASH", "IMMEDIAT", "URGENT", "ROUTINE"]
SCREENING = ("convenable", "réalisable", "acceptable", "exclusif", "complet")
_ID = re.compile(r"^[A-Z]{1,3}[0-9]{1,3}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(_Strict):
    """A citation. On input, ``chunk_id`` or ``doc`` (document title, file name or id)
    with a quote; code fills the rest once the quote is found in a chunk the author may
    read."""

    quote: str = Field(min_length=1, max_length=2000)
    chunk_id: int | None = None
    doc: str | None = None
    document_id: str = ""
    start: int = 0
    end: int = 0
    label: str = ""
    grade: str = ""


class Based(_Strict):
    """What every element carries: its evidence or the mark of an assumption, and who
    proposed it (a model's proposal enters only when a person accepts it)."""

    refs: list[Ref] = Field(default_factory=list)
    assumption: bool = False
    origin: Literal["état-major", "IA"] = "état-major"
    accepted_by: str | None = None


class Element(Based):
    id: str

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"identifiant « {value} » (lettres majuscules puis chiffres : ME1)")
        return value


class Mission(Based):
    cadre: str = ""
    esprit: str = ""
    lettre: str = ""
    tasks: list[str] = Field(default_factory=list)


class EffetMajeur(Based):
    text: str = Field(min_length=3)
    validated_by: str | None = None
    validated_at: str | None = None


class Conclusion(Element):
    """A conclusion partielle from the analysis of factors (key assumptions check)."""

    kind: ConclusionKind
    text: str = Field(min_length=3)
    status: ConclusionStatus = "à vérifier"
    owner: str | None = None
    deadline: str | None = None
    checked_at: str | None = None


class Hypothesis(Element):
    """An enemy course of action (mode d'action ennemi, ME): an ACH hypothesis."""

    title: str = Field(min_length=3)
    description: str = ""
    designation: list[Designation] = Field(default_factory=list)


class Evidence(Element):
    """A row of the ACH matrix: an item of evidence or an argument, rated against each ME."""

    text: str = Field(min_length=3)
    relevance: Level3 = "M"
    ratings: dict[str, Rating] = Field(default_factory=dict)


class ScreenItem(_Strict):
    ok: bool
    why: str = Field(min_length=3)


class Confrontation(Based):
    """One cell of the MA × ME wargame: action, reaction, counter-action."""

    action: str = ""
    reaction: str = ""
    counter: str = ""
    assumption: bool = True


class Course(Element):
    """A friendly course of action (mode d'action ami, MA)."""

    title: str = Field(min_length=3)
    idea: str = ""
    screening: dict[str, ScreenItem] = Field(default_factory=dict)
    confrontation: dict[str, Confrontation] = Field(default_factory=dict)

    @field_validator("screening")
    @classmethod
    def _screening(cls, value: dict[str, ScreenItem]) -> dict[str, ScreenItem]:
        unknown = set(value) - set(SCREENING)
        if unknown:
            raise ValueError(f"critère de recevabilité inconnu : {', '.join(sorted(unknown))}")
        return value

    def screened_out(self) -> list[str]:
        return [
            name for name in SCREENING if name in self.screening and not self.screening[name].ok
        ]


class Criterion(Element):
    title: str = Field(min_length=2)
    definition: str = ""
    unit: str = ""
    reference: float | None = None
    direction: Direction = "max"


class Indicator(Element):
    """What would show that an ME (or the conditions of an MA) is unfolding; exported as an
    ``egide watch`` rule (``when``) and an intelligence requirement (``text``)."""

    text: str = Field(min_length=3)
    me: list[str] = Field(default_factory=list)
    ma: list[str] = Field(default_factory=list)
    effect: Literal["renforcé", "affaibli"] = "renforcé"
    when: When | None = None
    priority: Priority = "IMMEDIAT"


class DecisionPoint(Element):
    text: str = Field(min_length=3)
    indicators: list[str] = Field(default_factory=list)
    deadline: str | None = None
    options: str = ""


class Critique(Element):
    """A devil's-advocate objection (avocat du diable)."""

    text: str = Field(min_length=3)
    target: str | None = None


class Proposal(_Strict):
    """An element a model drafted: outside the file until a person accepts it."""

    id: str
    kind: Literal["ma", "me", "indicator", "rating", "critique"]
    payload: dict[str, object]
    refs: list[Ref] = Field(default_factory=list)
    model: str
    at: str
    status: Literal["en attente", "acceptée", "rejetée"] = "en attente"
    decided_by: str | None = None


class ModelRun(_Strict):
    model: str
    at: str
    prompt_sha256: str
    output_sha256: str
    context: list[int] = Field(default_factory=list)
    context_label: str = ""


class Weights(_Strict):
    values: dict[str, float]
    set_by: str
    set_at: str
    role: str


class Recommendation(_Strict):
    """The staff's recommendation: the only conclusion the system writes is this
    « Proposition d'état-major », and a person of the staff signs it."""

    ma: str
    reason: str
    method: Method
    by: str
    at: str


class Decision(_Strict):
    """The décision du chef: recorded by a ``decideur``, audited with its hashes."""

    choice: str
    other: str | None = None
    reason: str
    recommended: str | None = None
    deviation: bool
    deviation_reason: str = ""
    by: str
    at: str
    version: int
    hashes: dict[str, str]
    audit_seq: int


class DecisionFile(_Strict):
    schema_version: str = Field(SCHEMA, alias="schema")
    id: str
    version: int = 1
    title: str = Field(min_length=3)
    label: str
    floor_label: str
    created_by: str
    created: str
    updated_by: str
    updated: str
    lang: str = "fr"
    mission: Mission = Field(default_factory=lambda: Mission(assumption=True))
    effet_majeur: EffetMajeur | None = None
    conclusions: list[Conclusion] = Field(default_factory=list)
    me: list[Hypothesis] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    ma: list[Course] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    values: dict[str, dict[str, float]] = Field(default_factory=dict)
    weights: Weights | None = None
    method: Method = "wsum"
    geofences: dict[str, Geofence] = Field(default_factory=dict)
    indicators: list[Indicator] = Field(default_factory=list)
    decision_points: list[DecisionPoint] = Field(default_factory=list)
    critiques: list[Critique] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    model_runs: list[ModelRun] = Field(default_factory=list)
    recommendation: Recommendation | None = None
    decision: Decision | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)

    def elements(self) -> list[tuple[str, Based]]:
        """Every element that must cite evidence or be an assumption, with its name."""
        out: list[tuple[str, Based]] = [("mission", self.mission)]
        if self.effet_majeur is not None:
            out.append(("effet majeur", self.effet_majeur))
        for group in (
            self.conclusions,
            self.me,
            self.evidence,
            self.ma,
            self.criteria,
            self.indicators,
            self.decision_points,
            self.critiques,
        ):
            out += [(e.id, e) for e in group]
        for course in self.ma:
            out += [(f"{course.id}×{me}", c) for me, c in course.confrontation.items()]
        return out

    def refs(self) -> list[Ref]:
        return [ref for _, element in self.elements() for ref in element.refs]

    def find(self, ident: str) -> Element | None:
        for group in (
            self.conclusions,
            self.me,
            self.evidence,
            self.ma,
            self.criteria,
            self.indicators,
            self.decision_points,
            self.critiques,
        ):
            for element in group:
                if element.id == ident:
                    return element
        return None
